package sim

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// tenUnits returns ten standby units of 100 whose readiness is
// lognormal (median 100 days, 90th percentile 150) and who arrive the
// moment they are ready: the day half the target is there is the fifth
// of ten independent readiness draws.
func tenUnits() *Scenario {
	sc := tiny()
	sc.Horizon = 1000
	sc.Reception.Delay = Const(0)
	sc.Routes = []Route{{ID: "road"}}
	sc.Units = nil
	for i := range 10 {
		u := standby(string(rune('a'+i)), 100, 0)
		u.Readiness = Dist{Kind: LogNormal, Median: 100, P90: 150}
		u.Route = "road"
		sc.Units = append(sc.Units, u)
	}
	sc.Target.Troops = 1000
	return sc
}

// logSD returns the standard deviation of the log of the days to half the
// target, over the replications.
func logSD(t *testing.T, res *Result) float64 {
	t.Helper()
	var xs []float64
	for _, d := range res.Samples[1].Days { // fraction 0.5
		if d.Never() {
			t.Fatal("half the target never reached")
		}
		xs = append(xs, math.Log(float64(d)))
	}
	return stat.StdDev(xs, nil)
}

// TestSharedFactorWidensTheSpread: a factor shared by every unit's
// readiness does not average out over the ten units as their own draws do.
// In logs, the fifth of ten draws of sd s = ln(1.5)/1.2816 = 0.316 has an
// sd of about s*sqrt(pi/(2*10)) = 0.125; a lognormal factor of median 1 and
// 90th percentile 2 adds an sd of ln(2)/1.2816 = 0.541 to every draw alike,
// so the spread grows to sqrt(0.541^2 + 0.125^2) = 0.555: about 4.4 times
// wider. The test wants a ratio between 3.5 and 5.5.
func TestSharedFactorWidensTheSpread(t *testing.T) {
	t.Parallel()
	opt := &Options{Replications: 4000, Seed: 3, Samples: true}
	base := tenUnits()
	without, err := Run(context.Background(), base, opt)
	if err != nil {
		t.Fatal(err)
	}
	if without.Spread != nil {
		t.Errorf("a scenario with no scenario-wide uncertainty has a spread: %+v", without.Spread)
	}
	shared := tenUnits()
	shared.Factors = []Factor{{ID: "will", Value: Dist{Kind: LogNormal, Median: 1, P90: 2}}}
	for i := range shared.Units {
		shared.Units[i].Readiness.Factors = []FactorRef{{Factor: "will"}}
	}
	with, err := Run(context.Background(), shared, opt)
	if err != nil {
		t.Fatal(err)
	}
	a, b := logSD(t, without), logSD(t, with)
	t.Logf("sd of log days to 50%%: %.3f without, %.3f with the factor: %.2f times", a, b, b/a)
	if r := b / a; r < 3.5 || r > 5.5 {
		t.Errorf("sd of log days to 50%%: %.3f without the factor, %.3f with it: ratio %.2f, want about 4.4", a, b, r)
	}
	// Fixed at its median of 1, the factor changes nothing: the fixed band
	// is the band without it, and the factor makes most of the variance on
	// day 90, when about a quarter of the units are there.
	sp := with.Spread
	if sp == nil || len(sp.Fixed) != 1 || sp.Fixed[0] != "factors.will" {
		t.Fatalf("spread %+v, want one factor fixed", sp)
	}
	if len(sp.Days) == 0 || sp.Days[0].Day != 90 {
		t.Fatalf("spread days %+v, want day 90 first", sp.Days)
	}
	if d := sp.Days[0]; !(d.Shared > 0.7) || !(d.P90-d.P10 > d.FixedP90-d.FixedP10) {
		t.Errorf("day 90: band %v-%v, fixed %v-%v, scenario-wide share of the variance %v; want a wider band and most of it",
			d.P10, d.P90, d.FixedP10, d.FixedP90, d.Shared)
	}
	for d := range with.DailyFixed {
		if with.DailyFixed[d].P50 != without.Daily[d].P50 || with.DailyFixed[d].Mean != without.Daily[d].Mean {
			t.Fatalf("day %d: fixed at its median of 1, the factor changed the daily series: %+v, want %+v",
				d, with.DailyFixed[d], without.Daily[d])
		}
	}
}
