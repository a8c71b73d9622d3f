package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/surge-sim/surge/cmd/surge/web"
)

// TestAPIIsTheCommandLine: the API answers with exactly the bytes the
// command line writes with --format json for the same settings.
func TestAPIIsTheCommandLine(t *testing.T) {
	srv := httptest.NewServer(web.New(&web.Config{Surge: build()}))
	defer srv.Close()
	for _, tc := range []struct {
		api  string
		args []string
	}{
		{"/api/run?scenario=tutorial&reps=100&seed=3",
			[]string{"run", "tutorial", "--reps", "100", "--seed", "3"}},
		{"/api/run?scenario=south-sudan-2014&reps=100&seed=9&strategy=more-airlift&set=countries.*.consent%3D*0.5&set=airfields.juba.slots%3D3",
			[]string{"run", "south-sudan-2014", "--reps", "100", "--seed", "9", "--strategy", "more-airlift", "--set", "countries.*.consent=*0.5", "--set", "airfields.juba.slots=3"}},
		{"/api/run?scenario=car-2014&reps=100&samples=false",
			[]string{"run", "car-2014", "--reps", "100", "--samples=false"}},
		{"/api/compare?scenario=tutorial&reps=150&seed=2",
			[]string{"compare", "tutorial", "--reps", "150", "--seed", "2"}},
		{"/api/compare?scenario=south-sudan-2014&reps=100&strategies=more-airlift,standby-brigade&set=lift.un-heavy.count%3D2",
			[]string{"compare", "south-sudan-2014", "--reps", "100", "--strategies", "more-airlift,standby-brigade", "--set", "lift.un-heavy.count=2"}},
		{"/api/story?scenario=darfur-2007&seed=4&timeline=7&strategy=host-consents",
			[]string{"story", "darfur-2007", "--seed", "4", "--timeline", "7", "--strategy", "host-consents"}},
	} {
		resp, err := http.Get(srv.URL + tc.api)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		code, want, errs := surge(t, append(tc.args, "--format", "json")...)
		if code != 0 || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s; surge %v: exit %d %s", tc.api, resp.StatusCode, got, tc.args, code, errs)
		}
		if string(got) != want {
			t.Errorf("%s differs from surge %s --format json:\n%s", tc.api, strings.Join(tc.args, " "), firstDiff(string(got), want))
		}
	}
}

// TestAPIRunsYourScenario: a POSTed scenario gives what surge run gives
// for the same file.
func TestAPIRunsYourScenario(t *testing.T) {
	srv := httptest.NewServer(web.New(&web.Config{Surge: build()}))
	defer srv.Close()
	src := readFile(t, "../../testdata/valid.toml")
	q := url.Values{"reps": {"40"}, "set": {"lift.charter.count=2"}, "file": {"valid.toml"}}
	resp, err := http.Post(srv.URL+"/api/run?"+q.Encode(), "application/toml", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, want, _ := surge(t, "run", "../../testdata/valid.toml", "--reps", "40", "--set", "lift.charter.count=2", "--format", "json")
	if resp.StatusCode != 200 || string(got) != want {
		t.Errorf("%d; differs from surge run:\n%s", resp.StatusCode, firstDiff(string(got), want))
	}
}
