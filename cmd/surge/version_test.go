package main

import (
	"encoding/json"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildFrom(t *testing.T) {
	t.Parallel()
	info := func(version string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Version: version}}
		for i := 0; i < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	for _, tc := range []struct {
		name              string
		stamped, stampRev string
		info              *debug.BuildInfo
		version, revision string
	}{
		{"go test", "dev", "", info("(devel)"), "dev", ""},
		{"no build info", "dev", "", nil, "dev", ""},
		{"make build", "v1.2.0", "", info("(devel)", "vcs.revision", "abc123", "vcs.modified", "false"), "v1.2.0", "abc123"},
		{"modified tree", "v1.2.0", "", info("(devel)", "vcs.revision", "abc123", "vcs.modified", "true"), "v1.2.0", "abc123+dirty"},
		{"go install module@v1.3.0", "dev", "", info("v1.3.0"), "v1.3.0", ""},
		{"pseudo-version says no more than the revision", "dev", "", info("v0.0.0-20250102150405-abcdef123456+dirty", "vcs.revision", "abcdef1234567890"), "dev", "abcdef1234567890"},
		{"stamped revision in a worktree", "v1.2.0", "abc123+dirty", info("(devel)"), "v1.2.0", "abc123+dirty"},
		{"Go's own revision first", "v1.2.0", "stamped", info("(devel)", "vcs.revision", "recorded"), "v1.2.0", "recorded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := buildFrom(tc.stamped, tc.stampRev, tc.info)
			if b.Version != tc.version || b.Revision != tc.revision {
				t.Errorf("got %+v, want version %q, revision %q", b, tc.version, tc.revision)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, errs := surge(t, args...)
		if code != 0 || !strings.HasPrefix(out, "surge dev\nrevision: ") || !strings.Contains(out, "built with go") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errs)
		}
	}
}

// TestHeaders checks that every JSON result says what made it and from
// what: its kind, surge's version and revision, and the scenario's hash.
func TestHeaders(t *testing.T) {
	for _, tc := range []struct {
		kind string
		args []string
	}{
		{"run", []string{"run", "tutorial", "--reps", "5"}},
		{"compare", []string{"compare", "tutorial", "--reps", "5"}},
		{"sweep", []string{"sweep", "tutorial", "--reps", "5", "--vary", "lift.charter.count=1,2"}},
		{"sensitivity", []string{"sensitivity", "tutorial", "--reps", "5", "--top", "2"}},
		{"backtest", []string{"backtest", "south-sudan-2014", "--reps", "5"}},
		{"calibrate", []string{"calibrate", "south-sudan-2014", "--reps", "5", "--max-evals", "3", "--fit", "countries.*.consent.median"}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			code, out, errs := surge(t, append(tc.args, "--format", "json")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var h struct {
				Kind     *string
				Surge    *struct{ Version, Revision *string }
				Scenario struct {
					Name   string
					SHA256 *string
				}
				Strategy  *string
				Overrides []string
			}
			if err := json.Unmarshal([]byte(out), &h); err != nil {
				t.Fatal(err)
			}
			switch {
			case h.Kind == nil || *h.Kind != tc.kind:
				t.Errorf("kind %v, want %q", h.Kind, tc.kind)
			case h.Surge == nil || h.Surge.Version == nil || *h.Surge.Version != "dev" || h.Surge.Revision == nil:
				t.Errorf("surge: %+v, want version dev and a revision (empty under go test)", h.Surge)
			case h.Scenario.SHA256 == nil || len(*h.Scenario.SHA256) != 64:
				t.Errorf("scenario %+v has no sha256", h.Scenario)
			case h.Strategy == nil || h.Overrides == nil:
				t.Errorf("strategy %v and overrides %v must be present, even empty", h.Strategy, h.Overrides)
			}
		})
	}
}
