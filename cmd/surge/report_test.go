package main

import (
	"strings"
	"testing"
	"time"

	"github.com/surge-sim/surge/sim"
)

// TestUnitsSayWhenAUnitCameAndWent: a bridging force operational in no run
// at the horizon but in every run before is said to have come; a unit that
// left in under 2% of runs, and one that never left, are not; a share that
// rounds to 0.0% is not listed as a reason.
func TestUnitsSayWhenAUnitCameAndWent(t *testing.T) {
	t.Parallel()
	res := &sim.Result{Units: []sim.UnitStat{
		{Name: "Bridge", Source: "rehat", Strength: 300, Operational: 0, Ever: 1, OperationalP50: 0, Left: 1},
		{Name: "Steady", Source: "pledge", Strength: 100, Operational: 0.99, Ever: 1, OperationalP50: 40, Rotating: 0.0002},
		{Name: "Never left", Source: "pledge", Strength: 100, Operational: 0.5, Ever: 0.5, OperationalP50: 60},
	}}
	r := &reporter{res: res, start: time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)}
	var b strings.Builder
	r.units(&b)
	got := strings.Join(strings.Fields(b.String()), " ") // lines wrapped anywhere
	bridge, rest, _ := strings.Cut(got, "Steady")
	if !strings.Contains(bridge, "at some point in 100.0%") || !strings.Contains(bridge, "median day first 0") {
		t.Errorf("the bridging force's lines do not say it came: %s", bridge)
	}
	if strings.Contains(rest, "at some point") || strings.Contains(rest, "median day first") {
		t.Errorf("units that (nearly) never left are said to have come and gone: %s", rest)
	}
	if strings.Contains(rest, "between two contingents") {
		t.Errorf("a share of 0.02%% is listed as a reason: %s", rest)
	}
}
