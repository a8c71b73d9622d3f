package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/surge-sim/surge/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files in ../../testdata/golden")

// TestMain runs surge itself, as its main does, when a test starts the test
// binary as a process with SURGE_AS_MAIN=1 (to send it signals).
func TestMain(m *testing.M) {
	if os.Getenv("SURGE_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// surge runs the command line with args and returns its exit status and
// outputs.
func surge(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/surge -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update if the change is meant):\n%s", path, firstDiff(got, string(want)))
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}

func TestRunGolden(t *testing.T) {
	for _, tc := range []struct {
		file string
		args []string
	}{
		{"run-tutorial.txt", []string{"run", "tutorial", "--reps", "200", "--seed", "3"}},
		{"run-tutorial.json", []string{"run", "tutorial", "--reps", "50", "--seed", "3", "--format", "json"}},
		{"run-tutorial.csv", []string{"run", "tutorial", "--reps", "50", "--seed", "3", "--format", "csv"}},
		{"run-south-sudan-2014.txt", []string{"run", "south-sudan-2014", "--reps", "300"}},
		{"compare-tutorial.txt", []string{"compare", "tutorial", "--reps", "200"}},
		{"sweep-tutorial.csv", []string{"sweep", "tutorial", "--vary", "lift.charter.count=1:3:1", "--vary", "countries.southland.consent=3,{ dist = \"uniform\", min = 5, max = 25 }", "--reps", "100"}},
		{"sensitivity-tutorial.txt", []string{"sensitivity", "tutorial", "--reps", "100", "--metric", "share-at-60", "--top", "8"}},
		{"story-tutorial.txt", []string{"story", "tutorial", "--timeline", "2", "--seed", "3"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			code, out, errs := surge(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, tc.file, out)
		})
	}
}

// TestWorkersGiveIdenticalJSON is the determinism promise: the same
// scenario, seed and flags give byte-identical output on any number of
// workers.
func TestWorkersGiveIdenticalJSON(t *testing.T) {
	args := []string{"run", "south-sudan-2014", "--reps", "500", "--seed", "11", "--format", "json"}
	_, one, _ := surge(t, append(args, "--workers", "1")...)
	_, four, _ := surge(t, append(args, "--workers", "4")...)
	if one == "" || one != four {
		t.Fatal("JSON differs between --workers 1 and --workers 4")
	}
	_, other, _ := surge(t, "run", "south-sudan-2014", "--reps", "500", "--seed", "12", "--format", "json")
	if other == one {
		t.Error("seeds 11 and 12 gave identical output")
	}
}

func TestJSONSchema(t *testing.T) {
	_, out, _ := surge(t, "run", "south-sudan-2014", "--reps", "20", "--format", "json")
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"schema_version", "scenario", "replications", "seed", "target", "days_to_fraction",
		"fraction_at_day", "benchmarks", "daily", "stages"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	var res struct {
		Target struct{ Troops, Police, Total int }
		Days   []struct {
			Fraction, Mean, P10, P50, P90, Never *float64
		} `json:"days_to_fraction"`
		Daily []struct {
			Day                          int
			Mean, P5, P25, P50, P75, P95 float64
		}
		Stages []struct {
			Stage    string
			MeanDays float64 `json:"mean_days"`
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Target.Troops != 5500 || res.Target.Police != 423 || res.Target.Total != 5923 {
		t.Errorf("target %+v", res.Target)
	}
	if len(res.Daily) != 541 || res.Daily[540].Day != 540 {
		t.Errorf("%d daily rows, want days 0 to 540", len(res.Daily))
	}
	for _, d := range res.Daily {
		if !(d.P5 <= d.P25 && d.P25 <= d.P50 && d.P50 <= d.P75 && d.P75 <= d.P95) {
			t.Fatalf("day %d: quantiles out of order: %+v", d.Day, d)
		}
	}
	if len(res.Days) != 5 || res.Days[4].P90 != nil {
		t.Errorf("days to 100%% should have a null p90 (most runs never get there): %+v", res.Days)
	}
}

func TestExitStatus(t *testing.T) {
	bad := filepath.Join("..", "..", "testdata", "bad", "negative-strength.toml")
	syntax := filepath.Join("..", "..", "testdata", "bad", "syntax-error.toml")
	valid := filepath.Join("..", "..", "testdata", "valid.toml")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string // a part of it
	}{
		{"no command", []string{}, 0, ""},
		{"unknown command", []string{"fly"}, 2, `unknown command "fly"`},
		{"unknown flag", []string{"run", "tutorial", "--repz", "5"}, 2, "unknown flag: --repz"},
		{"flag usage is printed", []string{"run", "tutorial", "--repz", "5"}, 2, "Usage:"},
		{"bad flag value", []string{"run", "tutorial", "--reps", "many"}, 2, `--reps must be a whole number (got "many")`},
		{"unknown command suggests", []string{"rn", "tutorial"}, 2, `unknown command "rn" (did you mean run?)`},
		{"timeline beyond the run", []string{"run", "tutorial", "--reps", "5", "--plot", "x", "--timeline", "5"}, 2, "--timeline must be a replication of the run, 0 to 4"},
		{"zero replications", []string{"run", "tutorial", "--reps", "0"}, 2, "--reps must be at least 1"},
		{"unknown format", []string{"run", "tutorial", "--format", "xml"}, 2, "--format must be one of table, json, csv"},
		{"missing scenario", []string{"run"}, 2, "missing the scenario to run"},
		{"too many arguments", []string{"run", "tutorial", "extra"}, 2, "too many arguments: extra"},
		{"no such scenario", []string{"run", "atlantis"}, 2, "no such scenario"},
		{"bad value", []string{"run", bad}, 2, "negative-strength.toml:40: units.battalion.strength: must be between 1 and 100000 (got -850)"},
		{"syntax error shows the line", []string{"run", syntax}, 2, "horizon = = 100"},
		{"validate good", []string{"validate", valid}, 0, ""},
		{"validate bad", []string{"validate", valid, bad}, 2, "1 file is not valid"},
		{"show unknown", []string{"show", "atlantis"}, 2, "no such scenario"},
		{"unknown --set key", []string{"run", "tutorial", "--set", "lift.charter.seat=5"}, 2, `did you mean "lift.charter.seats"?`},
		{"--set without =", []string{"run", "tutorial", "--set", "lift.charter.count"}, 2, "is not KEY=VALUE"},
		{"unknown strategy", []string{"run", "tutorial", "--strategy", "teleport"}, 2, "no such strategy"},
		{"compare unknown strategy", []string{"compare", "tutorial", "--strategies", "teleport"}, 2, "no such strategy"},
		{"sweep without --vary", []string{"sweep", "tutorial"}, 2, "give at least one --vary"},
		{"sweep bad range", []string{"sweep", "tutorial", "--vary", "lift.charter.count=3:1:1"}, 2, "FROM (3) is above TO (1)"},
		{"sweep bad shard", []string{"sweep", "tutorial", "--vary", "lift.charter.count=1,2", "--shard", "3/3"}, 2, "want I/N with 0 <= I < N"},
		{"sweep bad value", []string{"sweep", "tutorial", "--vary", "lift.charter.count=1,-2"}, 2, "surge: --vary lift.charter.count=-2: lift.charter.count: must not be negative"},
		{"latin without points", []string{"sweep", "tutorial", "--vary", "lift.charter.count=1:3", "--sample", "latin"}, 2, "--points must be between 1"},
		{"sensitivity bad metric", []string{"sensitivity", "tutorial", "--reps", "5", "--metric", "speed"}, 2, `no metric "speed"`},
		{"merge a non-sweep", []string{"merge", valid}, 2, "not a sweep's CSV"},
		{"backtest without observed series", []string{"backtest", "tutorial", "--reps", "5"}, 2, "has no observed series"},
		{"backtest unknown mission", []string{"backtest", "south-sudan-2014", "--reps", "5", "--mission", "UNMISSS"}, 2, `no rows for mission "UNMISSS"`},
		{"backtest missing file", []string{"backtest", "south-sudan-2014", "--observed", "/nonexistent.csv"}, 2, "no such file"},
		{"calibrate without --fit", []string{"calibrate", "south-sudan-2014"}, 2, "give the parameters to fit"},
		{"calibrate unknown key", []string{"calibrate", "south-sudan-2014", "--fit", "missions.unamid.relase"}, 2, `did you mean "missions.unamid.release"?`},
		{"calibrate a text", []string{"calibrate", "south-sudan-2014", "--fit", "units.rwa-bn.name"}, 2, "is not a number"},
		{"unwritable output", []string{"run", "tutorial", "--reps", "5", "--out", "/nonexistent-dir/x.json"}, 2, "cannot write /nonexistent-dir/x.json: no such file or directory"},
		// The same mistake gives the same status from every command.
		{"--out under a file", []string{"run", "tutorial", "--reps", "5", "--out", filepath.Join(valid, "x.json")}, 2, "cannot write " + filepath.Join(valid, "x.json") + ": not a directory"},
		{"--plot under a file, run", []string{"run", "tutorial", "--reps", "5", "--plot", filepath.Join(valid, "pics")}, 2, "cannot write " + filepath.Join(valid, "pics") + ": not a directory"},
		{"--plot under a file, compare", []string{"compare", "tutorial", "--reps", "5", "--plot", filepath.Join(valid, "pics")}, 2, "cannot write"},
		{"--plot under a file, backtest", []string{"backtest", "south-sudan-2014", "--reps", "5", "--plot", filepath.Join(valid, "pics")}, 2, "cannot write"},
		{"plot --out under a file", []string{"plot", filepath.Join("..", "..", "testdata", "golden", "run-tutorial.json"), "--out", filepath.Join(valid, "pics")}, 2, "cannot write"},
		{"an unreadable result", []string{"plot", "/nonexistent.json", "--out", "x"}, 2, "cannot read /nonexistent.json: no such file or directory"},
		{"too many workers", []string{"run", "tutorial", "--workers", "100000"}, 2, "--workers must be at most"},
		{"too many replications", []string{"run", "tutorial", "--reps", "100000000"}, 2, "the run is too large: 100000000 replications of tutorial"},
		{"--until nan", []string{"backtest", "south-sudan-2014", "--until", "nan"}, 2, "--until must be a number of days above 0 (got NaN)"},
		{"--until inf", []string{"backtest", "south-sudan-2014", "--until", "inf"}, 2, "--until must be a number of days above 0 (got +Inf)"},
		{"a step too small", []string{"sweep", "tutorial", "--vary", "lift.charter.count=1:2:1e-300"}, 2, "a step of 1e-300 gives 1e+300 values, more than 1000000"},
		{"a newline in --set", []string{"run", "tutorial", "--set", "horizon=100\nhorizon=5"}, 2, `"horizon=100\nhorizon=5": KEY=VALUE must be one line`},
		{"a huge --set", []string{"run", "tutorial", "--set", "horizon=" + strings.Repeat("1", 70000)}, 2, "is longer than 64 KiB"},
		{"a deep --set", []string{"run", "tutorial", "--set", "horizon=" + strings.Repeat("[", 40) + strings.Repeat("]", 40)}, 2, "horizon: nested more than 32 deep"},
		{"a huge scenario", []string{"validate", "/dev/zero"}, 2, "/dev/zero: larger than 1 MiB, more than surge reads"},
		{"a huge result", []string{"plot", "/dev/zero", "--out", "x"}, 2, "cannot read /dev/zero: larger than 256 MiB"},
		{"a huge part", []string{"merge", "/dev/zero"}, 2, "cannot read /dev/zero: larger than 256 MiB"},
		{"a huge observed series", []string{"backtest", "south-sudan-2014", "--observed", "/dev/zero"}, 2, "cannot read /dev/zero: larger than 64 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := surge(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tc.stderr, stderr)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("a stack trace on stderr:\n%s", stderr)
			}
		})
	}
}

// TestShardsMergeToTheUnshardedBytes runs a sweep whole and in shards, as
// a job array would, and checks that merge gives back the same bytes.
func TestShardsMergeToTheUnshardedBytes(t *testing.T) {
	dir := t.TempDir()
	sweepArgs := []string{"sweep", "tutorial", "--vary", "lift.charter.count=1:3:1", "--vary", "airfields.capital.slots=1,2",
		"--reps", "50", "--seed", "4"}
	for _, format := range []string{"csv", "json"} {
		whole := filepath.Join(dir, "whole."+format)
		if code, _, errs := surge(t, append(sweepArgs, "--format", format, "--out", whole)...); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		want, _ := os.ReadFile(whole)
		// 4 shards; 8, of which 2 have no point (the sweep has 6).
		for _, n := range []int{4, 8} {
			merge := []string{"merge"}
			for i := range n {
				part := filepath.Join(dir, fmt.Sprintf("part-%d-of-%d.%s", i, n, format))
				if code, _, errs := surge(t, append(sweepArgs, "--format", format, "--shard", fmt.Sprintf("%d/%d", i, n), "--out", part)...); code != 0 {
					t.Fatalf("shard %d/%d: exit %d: %s", i, n, code, errs)
				}
				merge = append(merge, part)
			}
			code, merged, errs := surge(t, merge...)
			if code != 0 {
				t.Fatalf("merge of %d: exit %d: %s", n, code, errs)
			}
			if merged != string(want) {
				t.Errorf("%s: %d merged shards differ from the unsharded sweep:\n%s", format, n, firstDiff(merged, string(want)))
			}
			if n == 4 {
				if code, _, errs := surge(t, merge[:3]...); code != 2 || !strings.Contains(errs, "shards 2/4, 3/4 are missing") {
					t.Errorf("%s: merging 2 of 4 parts: exit %d, %s", format, code, errs)
				}
			}
		}
	}
}

func TestCompareJSON(t *testing.T) {
	code, out, errs := surge(t, "compare", "tutorial", "--reps", "100", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var c struct {
		Baseline   struct{ Replications int }
		Strategies []struct {
			Name   string
			Diffs  []struct{ Measure string }
			Result struct{ Strategy string }
		}
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if c.Baseline.Replications != 100 || len(c.Strategies) != 2 {
		t.Fatalf("comparison %+v", c)
	}
	for _, s := range c.Strategies {
		if s.Result.Strategy != s.Name || len(s.Diffs) < 3 {
			t.Errorf("strategy %s: result of %q, %d measures", s.Name, s.Result.Strategy, len(s.Diffs))
		}
	}
}

func TestRunRecordsOverrides(t *testing.T) {
	_, out, _ := surge(t, "run", "tutorial", "--reps", "10", "--format", "json", "--strategy", "two-aircraft", "--set", "airfields.capital.slots=2")
	var res struct {
		Strategy  string
		Overrides []string
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	want := []string{"lift.charter.count=2", "airfields.capital.slots=2"}
	if res.Strategy != "two-aircraft" || !slices.Equal(res.Overrides, want) {
		t.Errorf("strategy %q, overrides %q; want two-aircraft, %q", res.Strategy, res.Overrides, want)
	}
}

func TestBacktestAndCalibrate(t *testing.T) {
	code, out, errs := surge(t, "backtest", "south-sudan-2014", "--reps", "200", "--format", "json")
	if code != 0 {
		t.Fatalf("backtest: exit %d: %s", code, errs)
	}
	var bt struct {
		Summary struct {
			Months, Inside int
			Coverage, MAE  float64
		}
		Observations []struct{ Day, Fraction, P10, P50, P90 float64 }
	}
	if err := json.Unmarshal([]byte(out), &bt); err != nil {
		t.Fatal(err)
	}
	// Observed months within the first year: Jan to Nov 2014 (Dec 2013 is
	// the baseline's own month, not compared).
	if bt.Summary.Months != 11 || len(bt.Observations) < 11 {
		t.Errorf("%d months compared, %d observations; want 11 in the first year", bt.Summary.Months, len(bt.Observations))
	}
	// A user's file of the same format, with one made-up mission.
	csv := filepath.Join(t.TempDir(), "mine.csv")
	os.WriteFile(csv, []byte("date,mission,troops,police,observers,total\n2014-01-31,MINE,6938,746,NA,7684\n2014-03-31,MINE,8938,746,NA,9684\n"), 0o644)
	code, out, errs = surge(t, "backtest", "south-sudan-2014", "--reps", "100", "--observed", csv, "--mission", "MINE")
	if code != 0 || !strings.Contains(out, "2014-03-31  97   33.8%") {
		t.Errorf("backtest of a user's series: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = surge(t, "calibrate", "south-sudan-2014", "--reps", "50", "--max-evals", "12",
		"--fit", "countries.nepal.consent,lift.un-passenger.count")
	if code != 0 {
		t.Fatalf("calibrate: exit %d: %s", code, errs)
	}
	for _, want := range []string{"countries.nepal.consent", "[strategies.calibrated.set]", `"countries.nepal.consent" = "*`, "--set lift.un-passenger.count="} {
		if !strings.Contains(out, want) {
			t.Errorf("calibrate output lacks %q:\n%s", want, out)
		}
	}
}

// TestObservedSeriesOfYourOwn: a scenario may be set against a series of
// the user's: a mission the built-in series lacks, months with figures
// missing, a mission that never reports police, no baseline given.
func TestObservedSeriesOfYourOwn(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// The tutorial starts on 2025-01-15 with targets of 1,000 troops and
	// 140 police. Police are never reported: they count as 0. The February
	// row lacks its observers, which the mission reports elsewhere: it is
	// skipped. The baseline is the December row, the last before day 0.
	csv := write("own.csv", "date,mission,troops,police,observers,total\n"+
		"2024-12-31,OWN,100,NA,10,110\n2025-01-31,OWN,338,NA,30,368\n2025-02-28,OWN,500,NA,NA,500\n2025-03-31,OWN,680,NA,30,710\n")
	code, out, errs := surge(t, "backtest", "tutorial", "--reps", "20", "--observed", csv, "--mission", "OWN")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// January: 368 - 110 = 258 of 1,140 = 22.6%; March: 600 = 52.6%.
	for _, want := range []string{"Day 0: 110 military and 0 police (the mission's last month on or before day 0)",
		"2025-01-31  16   22.6%", "2025-03-31  75   52.6%", "Skipped, a figure missing: 2025-02-28."} {
		if !strings.Contains(out, want) {
			t.Errorf("backtest lacks %q:\n%s", want, out)
		}
	}
	// run and validate take the series too, and check it.
	if code, _, errs := surge(t, "run", "tutorial", "--reps", "5", "--observed", csv, "--mission", "OWN"); code != 0 {
		t.Errorf("run --observed: exit %d: %s", code, errs)
	}
	if code, _, errs := surge(t, "validate", "../../scenarios/tutorial.toml", "--observed", csv, "--mission", "NOPE"); code != 2 ||
		!strings.Contains(errs, `has no rows for mission "NOPE"`) {
		t.Errorf("validate with a mission the file lacks: exit %d, want 2\n%s", code, errs)
	}
	if code, out, errs := surge(t, "validate", "../../scenarios/tutorial.toml", "--observed", csv, "--mission", "OWN"); code != 0 {
		t.Errorf("validate with the series: exit %d\n%s%s", code, out, errs)
	}
	// Troops not reported yet count as 0 (nothing there yet); police
	// missing after they were reported skip the month.
	early := write("early.csv", "date,mission,troops,police,observers,total\n2025-01-31,OWN,NA,1,2,3\n2025-02-28,OWN,5,NA,2,3\n2025-03-31,OWN,5,1,2,3\n")
	code, out, errs = surge(t, "backtest", "tutorial", "--reps", "5", "--observed", early, "--mission", "OWN")
	if code != 0 || !strings.Contains(out, "2025-01-31  16   0.3%") || !strings.Contains(out, "Skipped, a figure missing: 2025-02-28.") {
		t.Errorf("troops not reported yet: exit %d: %s%s", code, out, errs)
	}
	// A file with no usable month for the mission is an error, not a
	// silent fall back to the built-in series.
	// Before day 0 (15 Jan 2025) only, or missing police it had reported.
	none := write("none.csv", "date,mission,troops,police,observers,total\n2024-12-31,OWN,5,1,2,8\n2025-01-31,OWN,5,NA,2,7\n")
	code, _, errs = surge(t, "backtest", "tutorial", "--reps", "5", "--observed", none, "--mission", "OWN")
	if code != 2 || !strings.Contains(errs, "no month after day 0 with every figure it reports (skipped 2025-01-31)") {
		t.Errorf("no usable row: exit %d: %s", code, errs)
	}
	code, _, errs = surge(t, "backtest", "tutorial", "--reps", "5", "--observed", csv, "--mission", "UNMISS")
	if code != 2 || !strings.Contains(errs, "has no rows for mission \"UNMISS\" (it has OWN)") {
		t.Errorf("a mission the file lacks: exit %d: %s", code, errs)
	}
	// A scenario whose [observed] mission is not in the built-in series
	// still runs; its backtest needs a series.
	mine := write("mine.toml", strings.Replace(readFile(t, "../../scenarios/tutorial.toml"), "[target]", "[observed]\nmission = \"OWN\"\n\n[target]", 1))
	if code, _, errs := surge(t, "run", mine, "--reps", "5"); code != 0 {
		t.Errorf("run of a scenario observed elsewhere: exit %d: %s", code, errs)
	}
	if code, _, errs := surge(t, "backtest", mine, "--reps", "5"); code != 2 || !strings.Contains(errs, "give a series with --observed FILE") {
		t.Errorf("backtest without the series: exit %d: %s", code, errs)
	}
	if code, _, errs := surge(t, "backtest", mine, "--reps", "5", "--observed", csv); code != 0 {
		t.Errorf("backtest with the series: exit %d: %s", code, errs)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPlots(t *testing.T) {
	dir := t.TempDir()
	pics := filepath.Join(dir, "pics")
	result := filepath.Join(dir, "result.json")
	code, _, errs := surge(t, "run", "tutorial", "--reps", "50", "--format", "json", "--out", result, "--plot", pics, "--timeline", "2")
	if code != 0 {
		t.Fatalf("run --plot: exit %d: %s", code, errs)
	}
	redrawn := filepath.Join(dir, "redrawn")
	if code, _, errs := surge(t, "plot", result, "--out", redrawn, "--plot-format", "svg"); code != 0 {
		t.Fatalf("plot: exit %d: %s", code, errs)
	}
	cmp := filepath.Join(dir, "compare.json")
	if code, _, errs := surge(t, "compare", "tutorial", "--reps", "50", "--format", "json", "--out", cmp, "--plot", pics); code != 0 {
		t.Fatalf("compare --plot: exit %d: %s", code, errs)
	}
	if code, _, errs := surge(t, "plot", cmp, "--out", redrawn, "--plot-format", "svg"); code != 0 {
		t.Fatalf("plot of a comparison: exit %d: %s", code, errs)
	}
	for _, name := range []string{"deployment", "time-to-target", "stages", "timeline", "compare-curves", "compare-days"} {
		f, err := os.Open(filepath.Join(pics, name+".png"))
		if err != nil {
			t.Errorf("%s.png: %v", name, err)
			continue
		}
		if _, err := png.DecodeConfig(f); err != nil {
			t.Errorf("%s.png does not decode: %v", name, err)
		}
		f.Close()
		if b, err := os.ReadFile(filepath.Join(redrawn, name+".svg")); err != nil || !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s.svg from the saved JSON: %v", name, err)
		}
	}
	bt := filepath.Join(dir, "backtest.json")
	surge(t, "backtest", "south-sudan-2014", "--reps", "20", "--format", "json", "--out", bt)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"plot", result}, "give the folder to draw into with --out DIR"},
		{[]string{"plot", bt, "--out", dir}, "is a backtest"},
		{[]string{"plot", filepath.Join("..", "..", "testdata", "valid.toml"), "--out", dir}, "is not a JSON result"},
		{[]string{"run", "tutorial", "--plot", dir, "--plot-format", "gif"}, "--plot-format must be png, svg or pdf"},
	} {
		if code, _, errs := surge(t, tc.args...); code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %s; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

func TestOutFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "result.json")
	code, stdout, stderr := surge(t, "run", "tutorial", "--reps", "20", "--format", "json", "--out", path)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil || !json.Valid(b) {
		t.Fatalf("%s is not valid JSON: %v", path, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the output folder holds %d files, want only result.json (no temporary files)", len(entries))
	}
}

func TestScenariosAndShow(t *testing.T) {
	code, out, _ := surge(t, "scenarios")
	if code != 0 {
		t.Fatal("exit", code)
	}
	for _, name := range scenarios.Names() {
		if !strings.Contains(out, name) {
			t.Errorf("scenarios does not list %s", name)
		}
	}
	if !slices.Contains(scenarios.Names(), "south-sudan-2014") {
		t.Error("south-sudan-2014 is not embedded")
	}
	_, shown, _ := surge(t, "show", "tutorial")
	src, _ := scenarios.Source("tutorial")
	if shown != string(src) {
		t.Error("show tutorial does not print the embedded file")
	}
}

func TestHelpShowsExamples(t *testing.T) {
	for _, cmd := range []string{"run", "compare", "sweep", "merge", "sensitivity", "backtest", "calibrate", "plot", "scenarios", "show", "validate", "version"} {
		code, out, _ := surge(t, cmd, "--help")
		if code != 0 || !strings.Contains(out, "Examples:") {
			t.Errorf("%s --help: exit %d, no examples:\n%s", cmd, code, out)
		}
	}
}

// TestPlotChecksTheScenario draws a saved result's timeline from the
// scenario file it came from, and refuses the same file once edited.
func TestPlotChecksTheScenario(t *testing.T) {
	dir := t.TempDir()
	src, _ := scenarios.Source("tutorial")
	mine := filepath.Join(dir, "mine.toml")
	os.WriteFile(mine, src, 0o644)
	result := filepath.Join(dir, "result.json")
	if code, _, errs := surge(t, "run", mine, "--reps", "20", "--strategy", "two-aircraft", "--set", "airfields.capital.slots=2",
		"--format", "json", "--out", result); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	pics := filepath.Join(dir, "pics")
	if code, _, errs := surge(t, "plot", result, "--out", pics, "--scenario", mine); code != 0 || !strings.Contains(errs, "timeline.png") {
		t.Fatalf("plot with the scenario it came from: exit %d: %s", code, errs)
	}
	// The edit the issue reports: more battalions, the same version.
	edited := strings.Replace(string(src), "strength = 850", "strength = 850\ncount = 5", 1)
	if edited == string(src) {
		t.Fatal("the test's edit did not happen")
	}
	os.WriteFile(mine, []byte(edited), 0o644)
	code, _, errs := surge(t, "plot", result, "--out", pics, "--scenario", mine)
	if code != 2 || !strings.Contains(errs, "is not the scenario") {
		t.Errorf("plot with an edited scenario: exit %d, %s; want 2 and a refusal", code, errs)
	}
	// A result without a kind is not guessed at.
	old := filepath.Join(dir, "old.json")
	os.WriteFile(old, []byte(`{"schema_version": 1, "daily": [], "days_to_fraction": [], "samples": []}`), 0o644)
	if code, _, errs := surge(t, "plot", old, "--out", pics); code != 2 || !strings.Contains(errs, "older surge") {
		t.Errorf("plot of a schema 1 result: exit %d, %s", code, errs)
	}
}

// TestWhatIfsAreLabelled checks that a what-if's report and CSV name its
// strategy and every override, and that the scenario as written has no
// what-if line.
func TestWhatIfsAreLabelled(t *testing.T) {
	whatIf := []string{"--strategy", "two-aircraft", "--set", "countries.*.consent=*0.5"}
	_, report, _ := surge(t, append([]string{"run", "tutorial", "--reps", "20"}, whatIf...)...)
	for _, want := range []string{"What-if: strategy two-aircraft", "  - lift.charter.count=2\n", "  - countries.*.consent=*0.5\n"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report does not name %q:\n%s", want, report)
		}
	}
	if _, plain, _ := surge(t, "run", "tutorial", "--reps", "20"); strings.Contains(plain, "What-if") {
		t.Errorf("the scenario as written is reported as a what-if:\n%s", plain)
	}
	_, table, _ := surge(t, append([]string{"run", "tutorial", "--reps", "20", "--format", "csv"}, whatIf...)...)
	lines := strings.Split(table, "\n")
	if !strings.HasPrefix(lines[0], "scenario,scenario_version,strategy,overrides,replications,seed,day,") ||
		!strings.HasPrefix(lines[1], "tutorial,1,two-aircraft,lift.charter.count=2; countries.*.consent=*0.5,20,1,0,") {
		t.Errorf("the CSV does not identify the run:\n%s\n%s", lines[0], lines[1])
	}
}

// TestCapacityWarnings checks that validate and run say when the units
// cannot reach the target or hold more than it: the report under its
// header, elsewhere on stderr.
func TestCapacityWarnings(t *testing.T) {
	dir := t.TempDir()
	src, _ := scenarios.Source("tutorial")
	write := func(name, from, to string) string {
		edited := strings.Replace(string(src), from, to, 1)
		if edited == string(src) {
			t.Fatalf("the test's edit %q did not happen", from)
		}
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(edited), 0o644)
		return path
	}
	over := write("over.toml", "troops = 1000", "troops = 100")
	short := write("short.toml", "troops = 1000", "troops = 1200")
	code, out, errs := surge(t, "validate", over)
	if code != 0 || !strings.Contains(out, "ok") || !strings.Contains(errs, "over.toml: warning: target.troops: the units hold 1,000 troops, 900 more than the target of 100") {
		t.Errorf("validate: exit %d\n%s%s", code, out, errs)
	}
	_, out, errs = surge(t, "run", short, "--reps", "10", "--format", "json")
	if !strings.Contains(errs, "surge: warning: target.troops: the units hold only 1,000 troops, 200 fewer than the target of 1,200") || !json.Valid([]byte(out)) {
		t.Errorf("run --format json: stderr %q", errs)
	}
	_, out, errs = surge(t, "run", short, "--reps", "10")
	if !strings.Contains(out, "Warning: target.troops: the units hold only 1,000 troops") || errs != "" {
		t.Errorf("run: the report does not warn, or stderr repeats it:\n%s\nstderr: %s", out, errs)
	}
	if _, out, errs := surge(t, "validate", filepath.Join("..", "..", "testdata", "valid.toml")); strings.Contains(out+errs, "warning") {
		t.Errorf("a scenario whose units make the target is warned about: %s%s", out, errs)
	}
}

// TestReportsFit80Columns checks that every report for people fits a
// terminal of 80 columns.
func TestReportsFit80Columns(t *testing.T) {
	for _, args := range [][]string{
		{"run", "south-sudan-2014", "--reps", "50"},
		{"run", "south-sudan-2014", "--reps", "50", "--strategy", "standby-brigade", "--set", "countries.*.consent=*0.5"},
		{"run", "darfur-2007", "--reps", "20"},
		{"compare", "south-sudan-2014", "--reps", "50", "--set", "airfields.juba.slots=2"},
		{"sensitivity", "south-sudan-2014", "--reps", "20", "--top", "0", "--strategy", "standby-brigade", "--metric", "p-brahimi"},
		{"backtest", "car-2014", "--reps", "50", "--set", "countries.*.consent=*0.5"},
		{"calibrate", "south-sudan-2014", "--reps", "20", "--max-evals", "3", "--fit", "missions.unamid.release.median,countries.*.consent.median"},
		{"story", "car-2014", "--timeline", "3", "--strategy", "draw-from-region", "--set", "countries.*.consent=*0.5"},
		{"story", "darfur-2007"},
	} {
		code, out, errs := surge(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		for i, line := range strings.Split(out, "\n") {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%v: line %d has %d columns:\n%s", args, i+1, n, line)
			}
		}
	}
}

// TestIntervals checks that a run's JSON has an interval for every share
// and probability and both means of days, and that the reports say what
// the intervals cover.
func TestIntervals(t *testing.T) {
	_, out, _ := surge(t, "run", "south-sudan-2014", "--reps", "50", "--format", "json")
	var res struct {
		Days []map[string]json.RawMessage `json:"days_to_fraction"`
		At   []map[string]json.RawMessage `json:"fraction_at_day"`
		B    []map[string]json.RawMessage `json:"benchmarks"`
		U    []map[string]json.RawMessage `json:"units"`
		M    []map[string]json.RawMessage `json:"missions"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	check := func(what string, objs []map[string]json.RawMessage, keys ...string) {
		if len(objs) == 0 {
			t.Errorf("%s: none", what)
		}
		for _, o := range objs {
			for _, k := range keys {
				var iv []*float64
				if err := json.Unmarshal(o[k], &iv); err != nil || len(iv) != 2 || iv[0] == nil || iv[1] == nil || *iv[0] > *iv[1] {
					t.Errorf("%s: %s is %s, want [low, high]", what, k, o[k])
				}
			}
		}
	}
	check("days_to_fraction", res.Days, "never_ci95")
	check("fraction_at_day", res.At, "mean_ci95")
	check("benchmarks", res.B, "ci95")
	check("units", res.U, "operational_ci95", "in_pipeline_ci95", "gap_ci95", "refused_ci95", "blocked_ci95")
	check("missions", res.M, "blocked_share_ci95")
	for _, d := range res.Days {
		if _, ok := d["mean_if_reached"]; !ok {
			t.Errorf("days_to_fraction lacks mean_if_reached: %v", d)
		}
	}
	for _, args := range [][]string{{"run", "tutorial", "--reps", "20"}, {"compare", "tutorial", "--reps", "20"}} {
		if _, out, _ := surge(t, args...); !strings.Contains(strings.Join(strings.Fields(out), " "), "they cover simulation noise only") {
			t.Errorf("%v does not say what its intervals cover:\n%s", args, out)
		}
	}
}

// TestSensitivity checks the default metric (not censored), the warning
// when nothing moves the metric, plain labels and units beside key paths,
// and numbers as numbers in JSON.
func TestSensitivity(t *testing.T) {
	_, out, errs := surge(t, "sensitivity", "tutorial", "--reps", "50", "--format", "json")
	var s struct {
		Metric     string
		MetricUnit string `json:"metric_unit"`
		Warnings   []string
		Parameters []struct {
			Key, Label, Unit string
			Low, High        any
		}
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err, errs)
	}
	if s.Metric != "share-at-90" || s.MetricUnit != "share" || s.Warnings == nil || len(s.Warnings) != 0 {
		t.Errorf("metric %q in %q, warnings %q; want share-at-90, a share, none", s.Metric, s.MetricUnit, s.Warnings)
	}
	for _, p := range s.Parameters {
		_, lowIsNumber := p.Low.(float64)
		_, highIsNumber := p.High.(float64)
		if p.Label == "" || p.Label == p.Key || p.Unit == "" || !lowIsNumber || !highIsNumber {
			t.Errorf("parameter %+v: want a plain label, a unit and numbers", p)
		}
	}
	// A metric nothing moves: the Brahimi benchmark is never met in south-sudan-2014.
	code, out, errs := surge(t, "sensitivity", "south-sudan-2014", "--reps", "20", "--metric", "p-brahimi", "--top", "0")
	if code != 0 || !strings.Contains(out, "Warning: None of the ") || !strings.Contains(out, " parameters moves p-brahimi at all") {
		t.Errorf("no warning for a metric nothing moves: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "countries.bangladesh.consent: Bangladesh: national consent") {
		t.Errorf("no plain label beside the key path:\n%s", out)
	}
	_, _, errs = surge(t, "sensitivity", "south-sudan-2014", "--reps", "20", "--metric", "days-to-90", "--format", "json")
	if !strings.Contains(errs, "surge: warning: ") || !strings.Contains(errs, "count as the horizon") {
		t.Errorf("no warning on stderr for a censored metric: %s", errs)
	}
	// Any day or share.
	for _, m := range []string{"share-at-45", "days-to-80"} {
		if code, _, errs := surge(t, "sensitivity", "tutorial", "--reps", "10", "--metric", m, "--top", "1"); code != 0 {
			t.Errorf("--metric %s: exit %d: %s", m, code, errs)
		}
	}
}

// TestCSVForEachCommand checks that every command with --format csv writes
// a tidy table: a header, rows as long as it, the columns that identify
// the run, and numbers where numbers belong.
func TestCSVForEachCommand(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		numbers []string // columns that must hold numbers (or be empty: null)
	}{
		{[]string{"run", "tutorial", "--reps", "20"}, []string{"day", "target", "mean", "p5", "p95"}},
		{[]string{"compare", "tutorial", "--reps", "20"}, []string{"baseline", "value", "diff", "ci95_low", "ci95_high", "censored"}},
		{[]string{"backtest", "south-sudan-2014", "--reps", "20"}, []string{"day", "observed", "p10", "p50", "p90", "abs_error"}},
		{[]string{"sensitivity", "tutorial", "--reps", "10"}, []string{"baseline", "rank", "at_low", "at_high", "swing", "low", "high"}},
		{[]string{"sweep", "tutorial", "--reps", "10", "--vary", "lift.charter.count=1,2"}, []string{"point", "lift.charter.count", "days-to-90", "share-at-90"}},
	} {
		code, out, errs := surge(t, append(tc.args, "--format", "csv")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errs)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%v: %d rows: %v", tc.args, len(rows), err)
		}
		header := rows[0]
		if tc.args[0] != "sweep" && !slices.Equal(header[:len(idColumns)], idColumns) {
			t.Errorf("%v: columns %q do not start with %q", tc.args, header, idColumns)
		}
		for _, col := range tc.numbers {
			k := slices.Index(header, col)
			if k < 0 {
				t.Errorf("%v: no column %q in %q", tc.args, col, header)
				continue
			}
			for _, r := range rows[1:] {
				if _, err := strconv.ParseFloat(r[k], 64); err != nil && r[k] != "" {
					t.Errorf("%v: %s = %q is not a number", tc.args, col, r[k])
					break
				}
			}
		}
	}
}

func TestCalibrateRefusesFactsAndSaysIfItConverged(t *testing.T) {
	for _, key := range []string{"target.troops", "units.rwa-bn.strength", "units.*.count", "start", "horizon", "benchmarks.brahimi.day"} {
		code, _, errs := surge(t, "calibrate", "south-sudan-2014", "--reps", "5", "--fit", key)
		if code != 2 || !strings.Contains(errs, "is a fact of the scenario, not a parameter to fit") {
			t.Errorf("--fit %s: exit %d, %s", key, code, errs)
		}
	}
	code, out, errs := surge(t, "calibrate", "south-sudan-2014", "--reps", "10", "--max-evals", "3", "--fit", "countries.*.consent.median", "--format", "json")
	var c struct {
		Converged *bool
		Status    string
	}
	if err := json.Unmarshal([]byte(out), &c); code != 0 || err != nil || c.Converged == nil || *c.Converged || c.Status != "reached the limit of evaluations" {
		t.Errorf("exit %d, converged %v, status %q: %v %s", code, c.Converged, c.Status, err, errs)
	}
}

func TestSamplesCanBeLeftOut(t *testing.T) {
	dir := t.TempDir()
	result := filepath.Join(dir, "result.json")
	if code, _, errs := surge(t, "run", "tutorial", "--reps", "20", "--format", "json", "--samples=false", "--out", result); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, _ := os.ReadFile(result)
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"samples", "share_samples"} {
		if _, ok := doc[k]; ok {
			t.Errorf("%s is in the JSON with --samples=false", k)
		}
	}
	code, _, errs := surge(t, "plot", result, "--out", filepath.Join(dir, "pics"))
	if code != 0 || !strings.Contains(errs, "no time-to-target") || !strings.Contains(errs, "deployment.png") {
		t.Errorf("plot without samples: exit %d: %s", code, errs)
	}
	_, out, _ := surge(t, "compare", "tutorial", "--reps", "20", "--format", "json", "--samples=false")
	if strings.Contains(out, `"samples"`) {
		t.Error("compare --samples=false keeps samples")
	}
}

// TestValueErrorsAreOneLine checks that a bad value is said in one line,
// without the usage, while a mistake in how surge is called shows it.
func TestValueErrorsAreOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"run", "tutorial", "--reps", "many"},
		{"run", "tutorial", "--reps", "0"},
		{"run", "tutorial", "--format", "xml"},
		{"run", "tutorial", "--set", "lift.charter.seat=5"},
		{"sensitivity", "tutorial", "--metric", "speed"},
		{"sweep", "tutorial", "--vary", "lift.charter.count=3:1:1"},
		{"calibrate", "south-sudan-2014", "--fit", "target.troops"},
		{"flyy"},
	} {
		code, _, errs := surge(t, args...)
		if code != 2 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || strings.Contains(errs, "Usage:") {
			t.Errorf("%v: exit %d, want 2 and one line:\n%s", args, code, errs)
		}
	}
	for _, args := range [][]string{{"run"}, {"run", "tutorial", "--repz", "5"}, {"sweep", "tutorial"}} {
		if code, _, errs := surge(t, args...); code != 2 || !strings.Contains(errs, "Usage:") {
			t.Errorf("%v: exit %d, want 2 and the usage:\n%s", args, code, errs)
		}
	}
}

// TestCompletion checks what the shell completion offers: scenario names,
// strategies, key paths and metrics that surge accepts.
func TestCompletion(t *testing.T) {
	complete := func(args ...string) []string {
		t.Helper()
		code, out, errs := surge(t, append([]string{"__complete"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		return lines[:len(lines)-1] // the last is the directive
	}
	if got := complete("run", "south"); !slices.Equal(got, []string{"south-sudan-2014"}) {
		t.Errorf("scenario names: %q", got)
	}
	if got := complete("compare", "tutorial", "--strategies", "two-aircraft,"); !slices.Equal(got, []string{"two-aircraft,pre-authorized"}) {
		t.Errorf("strategies: %q", got)
	}
	keys := complete("run", "tutorial", "--set", "countries.")
	if !slices.Contains(keys, "countries.northland.consent=") {
		t.Errorf("key paths: %q", keys)
	}
	// A key offered is one --set accepts.
	if code, _, errs := surge(t, "run", "tutorial", "--reps", "2", "--set", keys[len(keys)-1]+"0.5"); code != 0 {
		t.Errorf("--set %s0.5: %s", keys[len(keys)-1], errs)
	}
	for _, m := range complete("sensitivity", "tutorial", "--metric", "") {
		if code, _, errs := surge(t, "sensitivity", "tutorial", "--reps", "2", "--top", "1", "--metric", m); code != 0 {
			t.Errorf("metric %s offered but refused: %s", m, errs)
		}
	}
	if code, out, _ := surge(t, "completion", "bash"); code != 0 || !strings.Contains(out, "bash completion") {
		t.Errorf("completion bash: exit %d", code)
	}
}

// TestBacktestAll: every built-in scenario with an observed series, in the
// JSON the issue of the corpus fixed, with a CSV and a calibration picture.
func TestBacktestAll(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := surge(t, "backtest", "--all", "--reps", "20", "--format", "json", "--plot", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var c struct {
		Kind      string
		Scenarios []struct {
			Name                                    string
			OutOfSample                             bool `json:"out_of_sample"`
			Months                                  int
			Coverage50, Coverage80, Coverage90, MAE *float64
			NaiveMAE                                *float64 `json:"naive_mae"`
			IntervalScore                           *float64 `json:"interval_score"`
			NaiveIntervalScore                      *float64 `json:"naive_interval_score"`
		}
		Pooled struct {
			InSample    struct{ Scenarios, Months int } `json:"in_sample"`
			OutOfSample struct{ Scenarios, Months int } `json:"out_of_sample"`
		}
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	in, oos, months := 0, 0, 0
	for _, s := range c.Scenarios {
		if s.Coverage50 == nil || s.Coverage90 == nil || s.NaiveMAE == nil || s.IntervalScore == nil || s.NaiveIntervalScore == nil {
			t.Errorf("%s: a field is missing: %+v", s.Name, s)
		}
		if s.OutOfSample {
			oos++
			months += s.Months
		} else {
			in++
		}
	}
	if c.Kind != "backtest-all" || in < 3 || oos < 8 || c.Pooled.OutOfSample.Scenarios != oos || c.Pooled.OutOfSample.Months != months {
		t.Errorf("kind %q, %d in sample, %d out of sample (pooled %+v)", c.Kind, in, oos, c.Pooled)
	}
	if _, err := os.Stat(filepath.Join(dir, "calibration.png")); err != nil {
		t.Error(err)
	}
	code, out, _ = surge(t, "backtest", "--all", "--reps", "5", "--format", "csv")
	if lines := strings.Count(out, "\n"); code != 0 || lines != 1+in+oos+2 || !strings.HasPrefix(out, "scenario,version,out_of_sample") {
		t.Errorf("CSV: exit %d, %d lines:\n%s", code, lines, out)
	}
	if code, _, errs := surge(t, "backtest", "--all", "south-sudan-2014"); code != 2 {
		t.Errorf("--all with a scenario: exit %d, want 2: %s", code, errs)
	}
}

// TestBacktestOfABlindScenarioStaysOutOfSample: a built-in out-of-sample
// scenario is backtested with the reference class estimated without its
// own build-up; an in-sample one with the shipped table.
func TestBacktestOfABlindScenarioStaysOutOfSample(t *testing.T) {
	for name, want := range map[string]string{"onub-2004": "onub-2004", "south-sudan-2014": ""} {
		code, out, errs := surge(t, "backtest", name, "--reps", "5", "--format", "json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errs)
		}
		var bt struct {
			LeftOut string `json:"reference_left_out"`
		}
		if err := json.Unmarshal([]byte(out), &bt); err != nil {
			t.Fatal(err)
		}
		if bt.LeftOut != want {
			t.Errorf("%s: reference table left out %q, want %q", name, bt.LeftOut, want)
		}
	}
}

// TestStory: the story of replication K is replication K of the run: the
// days it gives to each share of the target are the run's samples; bad
// values are one line.
func TestStory(t *testing.T) {
	_, out, _ := surge(t, "run", "south-sudan-2014", "--reps", "8", "--seed", "5", "--strategy", "more-airlift", "--format", "json")
	var res struct {
		Samples []struct {
			Fraction float64
			Days     []*float64
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	code, out, errs := surge(t, "story", "south-sudan-2014", "--timeline", "7", "--seed", "5", "--strategy", "more-airlift", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var st struct {
		Kind     string
		Strategy string
		Reached  []struct {
			Fraction float64
			Day      *float64
		}
		Events []struct{ Text string }
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Kind != "story" || st.Strategy != "more-airlift" || len(st.Events) < 20 {
		t.Errorf("kind %q, strategy %q, %d events", st.Kind, st.Strategy, len(st.Events))
	}
	for i, r := range st.Reached {
		want := res.Samples[i].Days[7]
		if (r.Day == nil) != (want == nil) || r.Day != nil && *r.Day != *want {
			t.Errorf("%v of the target: day %v in the story, %v in the run", r.Fraction, r.Day, want)
		}
	}
	code, _, errs = surge(t, "story", "tutorial", "--timeline", "-1")
	if code != 2 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "--timeline") {
		t.Errorf("--timeline -1: exit %d, %q", code, errs)
	}
}
