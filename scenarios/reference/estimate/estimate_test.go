package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
)

// TestLeaveOneOutSeesNothingOfTheLeftOut: a fit without a build-up has
// neither its curve nor its contributor rows from its resolution to the
// end of its curve; the fit with all build-ups has both.
func TestLeaveOneOutSeesNothingOfTheLeftOut(t *testing.T) {
	t.Parallel()
	// Two build-ups of mission X (2011 and 2013) and one of Y. Contributor
	// rows: KEN in X, whose 2012 exit falls in the 2011 build-up's window;
	// GHA in Y, whose exit falls outside every window.
	builds := []buildup{
		{name: "X 2011", codes: []string{"X"}, day0: ymd(2011, 7, 8), until: ymd(2013, 12, 24), scenario: "x-2011"},
		{name: "X 2013", codes: []string{"X"}, day0: ymd(2013, 12, 24)},
		{name: "Y 2004", codes: []string{"Y"}, day0: ymd(2004, 1, 1)},
	}
	curves := []curve{{name: "X 2011"}, {name: "X 2013"}, {name: "Y 2004"}}
	var rows []contributorRow
	for i, n := range []int{800, 800, 800, 0, 0, 0, 0} {
		rows = append(rows, contributorRow{date: ymd(2012, time.Month(1+i), 1), iso3: "KEN", mission: "X", troops: n})
	}
	for i, n := range []int{800, 800, 800, 0, 0, 0, 0} {
		rows = append(rows, contributorRow{date: ymd(2012, time.Month(1+i), 1), iso3: "GHA", mission: "Y", troops: n})
	}
	all := trainingSet(-1, builds, curves, rows)
	if all.leftOut != nil || len(all.curves) != 3 || all.dep.exits != 2 {
		t.Errorf("all: left out %v, %d curves, %d exits; want none, 3, 2", all.leftOut, len(all.curves), all.dep.exits)
	}
	without := trainingSet(0, builds, curves, rows)
	var names []string
	for _, c := range without.curves {
		names = append(names, c.name)
	}
	if without.leftOut == nil || without.leftOut.scenario != "x-2011" || !slices.Equal(names, []string{"X 2013", "Y 2004"}) {
		t.Errorf("without X 2011: left out %v, curves %v; want X 2011 left out, X 2013 and Y 2004 kept", without.leftOut, names)
	}
	if !slices.Equal(without.dep.exitList, []string{"Y GHA 2012-04"}) {
		t.Errorf("without X 2011: exits %v, want only GHA's in Y", without.dep.exitList)
	}
	// Leaving out X 2013 keeps KEN's exit of 2012, before its resolution.
	if got := trainingSet(1, builds, curves, rows).dep.exits; got != 2 {
		t.Errorf("without X 2013: %d exits, want 2", got)
	}
}

func TestBuildupWindow(t *testing.T) {
	t.Parallel()
	// Without until, a month after the last feature month (24): day 0 plus
	// 25 months; with an earlier until, until.
	b := buildup{codes: []string{"MONUC"}, day0: ymd(2000, 2, 24)}
	if got, want := b.end(), ymd(2002, 3, 24); !got.Equal(want) {
		t.Errorf("end %v, want %v", got, want)
	}
	b.until = ymd(2001, 1, 1)
	if got := b.end(); !got.Equal(b.until) {
		t.Errorf("end %v, want until %v", got, b.until)
	}
	// MONUC's rows are kept under MONUSCO, its later name.
	if !b.covers("MONUSCO", ymd(2000, 3, 31)) || b.covers("MONUSCO", ymd(2000, 1, 31)) || b.covers("MONUSCO", ymd(2001, 1, 31)) {
		t.Error("covers: want MONUSCO's rows from day 0 to until only")
	}
}

func TestReadErrorsNameTheLine(t *testing.T) {
	t.Parallel()
	_, err := readMissions("m.csv", strings.NewReader("date,mission,troops,police,observers,continent\n2010-01-31,UNDOF,-5,NA,NA,Asia\n"))
	if err == nil || !strings.Contains(err.Error(), "m.csv:2: troops") {
		t.Errorf("error %v, want m.csv:2: troops ...", err)
	}
}

func TestExtractCurve(t *testing.T) {
	t.Parallel()
	// A build-up of ceiling 1,100 on 1 January: 100 there at the end of
	// January (the baseline), 500 re-hatted in March, pledged units after.
	b := buildup{name: "X", codes: []string{"X"}, day0: ymd(2001, 1, 1), ceiling: 1100,
		baseline: ymd(2001, 1, 31), rehat: ymd(2001, 3, 31), until: ymd(2001, 6, 1)}
	rows := []missionRow{
		{date: ymd(2001, 1, 31), mission: "X", troops: 100, police: -1, observers: -1},
		{date: ymd(2001, 2, 28), mission: "X", troops: 150, police: -1, observers: -1},
		{date: ymd(2001, 3, 31), mission: "X", troops: 650, police: 50, observers: -1},
		{date: ymd(2001, 4, 30), mission: "X", troops: 800, police: 50, observers: -1},
		{date: ymd(2001, 5, 31), mission: "X", troops: 900, police: 100, observers: -1},
		{date: ymd(2001, 6, 30), mission: "X", troops: 9999, police: 0, observers: 0}, // after until
		{date: ymd(2001, 4, 30), mission: "Y", troops: 5000, police: 0, observers: 0},
	}
	c, err := extract(b, rows)
	if err != nil {
		t.Fatal(err)
	}
	// Re-hatted: 700 at the end of March less 150 the month before = 550;
	// target 1100 - 100 - 550 = 450.
	if c.base != 100 || c.rehat != 550 || c.target != 450 {
		t.Fatalf("base %d, rehat %d, target %v; want 100, 550, 450", c.base, c.rehat, c.target)
	}
	// Feb: 50/450; Mar: (700-100-550)/450; Apr: 200/450; May: 350/450.
	want := []float64{50.0 / 450, 50.0 / 450, 200.0 / 450, 350.0 / 450}
	if len(c.shares) != len(want) {
		t.Fatalf("shares %v, want %v", c.shares, want)
	}
	for i := range want {
		if !scalar.EqualWithinAbsOrRel(c.shares[i], want[i], 1e-12, 1e-12) {
			t.Errorf("share %d = %v, want %v", i, c.shares[i], want[i])
		}
	}
	// Month 3 is day 91 (1 April), one day after the end of March (day
	// 89) on the way to the end of April (day 119): 50/450 + 150/450 * 2/30.
	f := c.features()
	if want := 50.0/450 + 150.0/450*2/30; !scalar.EqualWithinAbsOrRel(f[0], want, 1e-12, 1e-12) {
		t.Errorf("month 3: %v, want %v", f[0], want)
	}
	if !math.IsNaN(f[1]) {
		t.Errorf("month 6: %v, want NaN: the curve ends before it", f[1])
	}
}

func TestGroups(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]string{"KEN": "africa", "BGD": "asia", "FJI": "europe", "USA": "europe",
		"URY": "latin-america", "JOR": "other", "XYZ": "other"} {
		if got := groupOf(code); got != want {
			t.Errorf("groupOf(%s) = %s, want %s", code, got, want)
		}
	}
	seen := map[string]string{}
	for _, g := range groups {
		for _, c := range g.countries {
			if other, dup := seen[c]; dup {
				t.Errorf("%s is in %s and %s", c, other, g.id)
			}
			seen[c] = g.id
			if len(c) != 3 || strings.ToUpper(c) != c {
				t.Errorf("%q is not an ISO3 code", c)
			}
		}
	}
}

func TestMeasureDepartures(t *testing.T) {
	t.Parallel()
	// Eight month-ends. KEN leaves after month 3 for good; BGD dips to 400
	// of 800 at month 4 and is back at month 5; NPL stays at 50 (too small to
	// count); GHA is in a drawdown mission.
	var rows []contributorRow
	add := func(iso3, mission string, n ...int) {
		for i, x := range n {
			rows = append(rows, contributorRow{date: ymd(2010, time.Month(1+i), 1), iso3: iso3, mission: mission, troops: x})
		}
	}
	add("KEN", "M", 800, 800, 800, 0, 0, 0, 0, 0)
	add("BGD", "M", 800, 800, 800, 800, 400, 800, 800, 800)
	add("NPL", "M", 50, 50, 50, 50, 50, 50, 50, 50)
	add("GHA", "UNMIL", 800, 0, 0, 0, 0, 0, 0, 0)
	// A contingent that moves from MONUC to MONUSCO, its new name, does not
	// leave.
	add("IND", "MONUC", 800, 800, 800, 0, 0, 0, 0, 0)
	for i := 3; i < 8; i++ {
		rows = append(rows, contributorRow{date: ymd(2010, time.Month(1+i), 1), iso3: "IND", mission: "MONUSCO", troops: 800})
	}
	d := measureDepartures(rows, groupOf, inDrawdown)
	// At risk: month-ends 1 to 4 (the last three cannot show an exit).
	// KEN: months 1, 2 and the exit at 3 = 3; BGD: 1, 2, 3, and the dip at
	// 4 = 4; IND: 1 to 4 = 4, but May and June 2010 are MONUSCO's drawdown
	// (S/RES/1925), so months 3 and 4, whose exits would be judged on them,
	// are not at risk: 2. One exit in 9 months; the dip leaves half absent
	// in one.
	if d.contingents != 3 || d.months != 9 || d.exits != 1 || d.dips != 1 {
		t.Errorf("departures %+v, want 3 contingents, 9 months, 1 exit, 1 dip", d)
	}
	if !scalar.EqualWithinAbsOrRel(d.hazard(), 1.0/9, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(d.absentShare(), 0.5/9, 1e-12, 1e-12) {
		t.Errorf("hazard %v and absent share %v, want 1/9 and 0.5/9", d.hazard(), d.absentShare())
	}
	if got := d.byGroup["africa"]; got != [2]int{1, 3} {
		t.Errorf("africa %v, want one exit in 3 months", got)
	}
}

func TestPinball(t *testing.T) {
	t.Parallel()
	// Above the quantile: tau times the distance; below: 1 - tau times it.
	if got := pinball(0.9, 1, 0.5); !scalar.EqualWithinAbsOrRel(got, 0.45, 1e-12, 1e-12) {
		t.Errorf("pinball above = %v, want 0.45", got)
	}
	if got := pinball(0.9, 0, 0.5); !scalar.EqualWithinAbsOrRel(got, 0.05, 1e-12, 1e-12) {
		t.Errorf("pinball below = %v, want 0.05", got)
	}
}

func TestParallelKeepsIndexOrder(t *testing.T) {
	t.Parallel()
	got := make([]int, 20)
	err := parallel(len(got), 3, func(k int) error {
		got[k] = k * k
		if k == 7 || k == 3 {
			return fmt.Errorf("fit %d failed", k)
		}
		return nil
	})
	for k, v := range got {
		if v != k*k {
			t.Fatalf("result %d = %d, want %d", k, v, k*k)
		}
	}
	if err == nil || err.Error() != "fit 3 failed\nfit 7 failed" {
		t.Errorf("error %q, want both failures in index order", err)
	}
}

// mask blanks the figures of the leave-one-out fits in a shipped table:
// the fast check cannot compute them.
func mask(table []byte) string {
	lines := strings.Split(string(table), "\n")
	for i, l := range lines {
		for _, k := range []string{"points = ", "coverage50 = ", "coverage80 = ", "coverage90 = ", "left_out = ["} {
			if strings.HasPrefix(l, k) {
				lines[i] = k + "..."
			}
		}
	}
	return strings.Join(lines, "\n")
}

// TestShippedTable checks that scenarios/reference/defaults.toml is what the
// estimator's full fit writes from the shipped data, but for the figures of
// the leave-one-out fits (make reference-check checks those, and the
// leave-one-out tables: TestReferenceTables). It takes about ten seconds,
// so -short and the race detector skip it; make test runs it on its own.
func TestShippedTable(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("slow: run without -short and -race, or make reference-fast")
	}
	got, err := estimateFrom("../../data", defaultSettings, false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../defaults.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.loo) != 0 {
		t.Errorf("the full fit alone wrote %d leave-one-out tables", len(got.loo))
	}
	if mask(got.defaults) != mask(want) {
		t.Error("scenarios/reference/defaults.toml is not what the estimator writes from scenarios/data: run make reference and look at the diff")
	}
}

// TestReferenceTables checks that scenarios/reference/defaults.toml and
// every table in scenarios/reference/loo are what the estimator writes, and
// that the folder holds no other table. It takes minutes: only make
// reference-check runs it (REFERENCE_CHECK=1).
func TestReferenceTables(t *testing.T) {
	if os.Getenv("REFERENCE_CHECK") == "" {
		t.Skip("slow: make reference-check runs it")
	}
	got, err := estimateFrom("../../data", defaultSettings, true)
	if err != nil {
		t.Fatal(err)
	}
	stale := "run make reference and look at the diff"
	if want, err := os.ReadFile("../defaults.toml"); err != nil || !bytes.Equal(got.defaults, want) {
		t.Errorf("scenarios/reference/defaults.toml is not what the estimator writes (%v): %s", err, stale)
	}
	var names []string
	for _, l := range got.loo {
		names = append(names, l.scenario+".toml")
		if want, err := os.ReadFile("../loo/" + l.scenario + ".toml"); err != nil || !bytes.Equal(l.data, want) {
			t.Errorf("scenarios/reference/loo/%s.toml is not what the estimator writes (%v): %s", l.scenario, err, stale)
		}
	}
	entries, err := os.ReadDir("../loo")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(names, e.Name()) {
			t.Errorf("scenarios/reference/loo/%s is not a table the estimator writes: %s", e.Name(), stale)
		}
	}
}
