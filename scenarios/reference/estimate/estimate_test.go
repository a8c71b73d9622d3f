package main

import (
	"bytes"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestHeldOutRowsAreDropped(t *testing.T) {
	t.Parallel()
	csv := `date,mission,troops,police,observers,total,contributors,country,continent
1992-06-30,UNTAC,100,NA,NA,100,3,Cambodia,Asia
2005-06-30,ONUCI,100,10,NA,110,3,Cote d'Ivoire,Africa
1995-06-30,UNAVEM II,100,10,NA,110,3,Angola,Africa
2013-11-30,UNMISS,7000,700,140,7840,40,South Sudan,Africa
2013-12-31,UNMISS,6796,746,142,7684,40,South Sudan,Africa
2008-01-31,UNAMID,7156,1704,220,9080,30,Sudan,Africa
`
	rows, err := readMissions("m.csv", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.mission+" "+r.date.Format("2006-01"))
	}
	// Only UNMISS from December 2013 and UNAMID are training rows.
	if want := []string{"UNMISS 2013-12", "UNAMID 2008-01"}; !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	contrib := `date,contributor,iso3,mission,police_individual,police_fpu,experts,troops,total
2010-01-31,India,IND,MONUC,0,0,0,100,100
2013-11-30,India,IND,UNMISS,0,0,0,100,100
2013-12-31,India,IND,UNMISS,0,0,0,2000,2000
2012-01-31,India,IND,UNISFA,0,0,0,100,100
`
	crows, err := readContributors("c.csv", strings.NewReader(contrib))
	if err != nil {
		t.Fatal(err)
	}
	if len(crows) != 1 || crows[0].troops != 2000 {
		t.Errorf("kept %+v, want the UNMISS row of December 2013 only", crows)
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
	c := extract(b, rows)
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
	d := measureDepartures(rows, groupOf)
	// At risk: month-ends 1 to 4 (the last three cannot show an exit).
	// KEN: months 1, 2 and the exit at 3 = 3; BGD: 1, 2, 3, and the dip at
	// 4 = 4. One exit in 7 months; the dip leaves half absent in one.
	if d.contingents != 2 || d.months != 7 || d.exits != 1 || d.dips != 1 {
		t.Errorf("departures %+v, want 2 contingents, 7 months, 1 exit, 1 dip", d)
	}
	if !scalar.EqualWithinAbsOrRel(d.hazard(), 1.0/7, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(d.absentShare(), 0.5/7, 1e-12, 1e-12) {
		t.Errorf("hazard %v and absent share %v, want 1/7 and 0.5/7", d.hazard(), d.absentShare())
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

// TestShippedTable checks that scenarios/reference/defaults.toml is what the
// estimator writes from the shipped data (make reference rewrites it). It
// takes about half a minute, so -short and the race detector skip it;
// make test runs it on its own.
func TestShippedTable(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("slow: run without -short and -race, or make reference-check")
	}
	got, err := estimateFrom("../../data", defaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../defaults.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("scenarios/reference/defaults.toml is not what the estimator writes from scenarios/data: run make reference and look at the diff")
	}
}
