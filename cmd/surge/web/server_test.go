package web

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// get asks the server and returns the status and body.
func get(t *testing.T, h http.Handler, method, target string, body string) (int, string, http.Header) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, w.Body.String(), w.Header()
}

// TestErrors: every mistake is JSON with a status and a message that names
// what is wrong, as the command line does.
func TestErrors(t *testing.T) {
	t.Parallel()
	s := New(&Config{MaxReplications: 5000, MaxScenarioSize: 2000, MaxHorizon: 400})
	for _, tc := range []struct {
		method, target, body string
		status               int
		says                 string
	}{
		{"GET", "/api/run?scenario=nosuch", "", 404, `no scenario "nosuch"`},
		{"GET", "/api/run", "", 400, "scenario is missing"},
		// No request reaches the file system: a path is no scenario's name.
		{"GET", "/api/run?scenario=../testdata/valid.toml", "", 404, "no scenario"},
		{"GET", "/api/run?scenario=/etc/passwd", "", 404, "no scenario"},
		{"GET", "/api/source?scenario=../../go.mod", "", 404, "no scenario"},
		{"GET", "/api/run?scenario=tutorial&reps=many", "", 400, `reps must be a whole number from 1 to 5,000 (got "many")`},
		{"GET", "/api/run?scenario=tutorial&reps=5001", "", 400, "reps must be"},
		{"GET", "/api/run?scenario=tutorial&seed=-1", "", 400, "seed must be a whole number"},
		{"GET", "/api/run?scenario=tutorial&strategy=nope", "", 400, `has no strategy "nope"`},
		{"GET", "/api/run?scenario=tutorial&set=lift.charter.cont=2", "", 400, `set lift.charter.cont=2: lift.charter.cont: no such key (did you mean "lift.charter.count"?)`},
		{"GET", "/api/run?scenario=tutorial&set=nonsense", "", 400, `set: "nonsense" is not KEY=VALUE`},
		{"GET", "/api/run?scenario=tutorial&replications=5", "", 400, `unknown parameter "replications"`},
		{"GET", "/api/run?scenario=tutorial&reps=5&reps=6", "", 400, "reps is given 2 times"},
		{"GET", "/api/run?scenario=tutorial&set=horizon=500", "", 400, "the horizon of 500 days is more than this server simulates"},
		{"GET", "/api/run?scenario=tutorial&samples=maybe", "", 400, "samples must be true or false"},
		{"GET", "/api/story?scenario=tutorial&timeline=-2", "", 400, "timeline must be a replication"},
		{"GET", "/api/compare?scenario=tutorial&variant=x%3D1", "", 400, `variant 1: unknown parameter "x"`},
		{"GET", "/api/compare?scenario=tutorial&variant=name%3Da&variant=&variant=&variant=&variant=&variant=&variant=", "", 400, "7 runs to compare"},
		{"GET", "/api/nothing", "", 404, "no GET /api/nothing"},
		{"POST", "/api/run", strings.Repeat("# long\n", 400), 413, "larger than 1 KiB"},
		{"POST", "/api/check", "   ", 400, "pasted.toml is empty"},
		{"POST", "/api/check?file=../x.toml", "name = 1", 400, "file must be a plain file name"},
		{"POST", "/api/check?file=mine.toml", "name = \"x\"\nstart = 2020-01-01\nhorizon = 100\n[target]\ntroops = 10\n[units.a]\nsource = \"rehat\"\nstrenght = 10\n", 400, "mine.toml:8: units.a.strenght: unknown key"},
	} {
		code, body, h := get(t, s, tc.method, tc.target, tc.body)
		var e errorBody
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			t.Errorf("%s %s: not JSON: %q", tc.method, tc.target, body)
			continue
		}
		if code != tc.status || e.Status != tc.status || !strings.Contains(e.Error, tc.says) {
			t.Errorf("%s %s: %d %q, want %d saying %q", tc.method, tc.target, code, e.Error, tc.status, tc.says)
		}
		if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.target, ct)
		}
	}
}

// TestProblemsHaveLines: a pasted scenario's errors come with their lines.
func TestProblemsHaveLines(t *testing.T) {
	t.Parallel()
	src := "name = \"x\"\nstart = 2020-01-01\nhorizon = 100\n[target]\ntroops = 10\n[units.a]\nsource = \"rehat\"\nstrength = -5\nrehat = 3\n"
	code, body, _ := get(t, New(nil), "POST", "/api/check", src)
	var e errorBody
	json.Unmarshal([]byte(body), &e)
	if code != 400 || len(e.Problems) != 1 || e.Problems[0].Line != 8 || e.Problems[0].Key != "units.a.strength" {
		t.Errorf("%d %+v", code, e)
	}
	code, body, _ = get(t, New(nil), "POST", "/api/check", "name = = 1")
	json.Unmarshal([]byte(body), &e)
	if code != 400 || len(e.Problems) != 1 || e.Problems[0].Line != 1 || e.Problems[0].Column == 0 {
		t.Errorf("a syntax error: %d %+v", code, e)
	}
}

// TestBusy: with every run slot taken and the queue full, a request is
// refused at once with 503 and a message; with the queue not full, it
// waits, and gives up at its timeout.
func TestBusy(t *testing.T) {
	t.Parallel()
	s := New(&Config{RunsAtOnce: 1, MaxWaiting: 1, Timeout: 300 * time.Millisecond})
	release, err := s.acquire(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	// One request waits (the queue holds one) and times out.
	waited := make(chan errorBody)
	go func() {
		_, body, _ := get(t, s, "GET", "/api/run?scenario=tutorial&reps=10", "")
		var e errorBody
		json.Unmarshal([]byte(body), &e)
		waited <- e
	}()
	for s.wait.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	code, body, h := get(t, s, "GET", "/api/run?scenario=tutorial&reps=10", "")
	if code != 503 || !strings.Contains(body, "the server is busy") || h.Get("Retry-After") == "" {
		t.Errorf("a full queue: %d %q", code, body)
	}
	if e := <-waited; e.Status != 503 || !strings.Contains(e.Error, "took longer than the server allows") {
		t.Errorf("a request that waited past its timeout: %+v", e)
	}
}

// TestProgress: with progress=1 the answer is lines of JSON, the progress
// then the result, which is the plain answer's.
func TestProgress(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(New(nil))
	defer srv.Close()
	q := url.Values{"scenario": {"tutorial"}, "reps": {"300"}, "seed": {"4"}, "set": {"lift.charter.count=2"}}
	plain, err := http.Get(srv.URL + "/api/run?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	var want any
	json.NewDecoder(plain.Body).Decode(&want)
	plain.Body.Close()
	q.Set("progress", "1")
	resp, err := http.Get(srv.URL + "/api/run?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Errorf("Content-Type %q", ct)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 16<<20)
	progress := 0
	var got any
	for sc.Scan() {
		var line struct {
			Progress *struct{ Done, Total int }
			Result   any
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		if line.Progress != nil {
			progress++
		}
		if line.Result != nil {
			got = line.Result
		}
	}
	if progress == 0 || got == nil {
		t.Fatalf("%d progress lines, result %v", progress, got != nil)
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Error("the streamed result differs from the plain answer")
	}
}

// TestScenarios: the list has the built-in scenarios, those with levers
// first, with their strategies and levers.
func TestScenarios(t *testing.T) {
	t.Parallel()
	code, body, _ := get(t, New(nil), "GET", "/api/scenarios", "")
	var list []ScenarioInfo
	if err := json.Unmarshal([]byte(body), &list); err != nil || code != 200 {
		t.Fatalf("%d %v", code, err)
	}
	if len(list) < 19 || len(list[0].Levers) == 0 || len(list[len(list)-1].Levers) != 0 {
		t.Fatalf("%d scenarios; first with %d levers", len(list), len(list[0].Levers))
	}
	for _, si := range list {
		if si.Name == "south-sudan-2014" && (len(si.Strategies) != 4 || si.Strategies[0].Name != "as-expected" || len(si.Strategies[0].Set) == 0) {
			t.Errorf("south-sudan-2014's strategies: %+v", si.Strategies)
		}
	}
}

// TestThePage: the page and its script and style are served, with a
// policy that forbids anything from elsewhere.
func TestThePage(t *testing.T) {
	t.Parallel()
	s := New(nil)
	for path, want := range map[string]string{"/": "text/html", "/app.js": "javascript", "/style.css": "text/css"} {
		code, body, h := get(t, s, "GET", path, "")
		if code != 200 || !strings.Contains(h.Get("Content-Type"), want) || len(body) < 500 {
			t.Errorf("%s: %d %q, %d bytes", path, code, h.Get("Content-Type"), len(body))
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		// The SVG namespace is a name, not an address fetched.
		if b := strings.ReplaceAll(body, `"http://www.w3.org/2000/svg"`, ""); strings.Contains(b, "http://") || strings.Contains(b, "https://") {
			t.Errorf("%s names something elsewhere: the page must work offline", path)
		}
	}
}
