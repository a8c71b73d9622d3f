package sim

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
)

func runN(t *testing.T, sc *Scenario, reps int, seed uint64) *Result {
	t.Helper()
	res, err := Run(context.Background(), sc, &Options{Replications: reps, Seed: seed, Samples: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCompareIdenticalIsExactlyZero(t *testing.T) {
	t.Parallel()
	sc := random()
	sc.Benchmarks = []Benchmark{{ID: "b", Label: "half by day 90", Day: 90, Fraction: 0.5}}
	a, b := runN(t, sc, 200, 5), runN(t, random2(sc), 200, 5)
	diffs, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 6 {
		t.Fatalf("%d measures, want days to 90%% and 100%% and the chance of each, share on day 90, one benchmark: %+v", len(diffs), diffs)
	}
	for _, d := range diffs {
		if d.Diff != 0 || d.Low != 0 || d.High != 0 || d.Baseline != d.Strategy {
			t.Errorf("%s: %+v, want exactly zero", d.Measure, d)
		}
	}
}

// random2 returns a copy of sc that is the same scenario built anew.
func random2(sc *Scenario) *Scenario {
	c := random()
	c.Benchmarks = sc.Benchmarks
	return c
}

// TestCommonRandomNumbersShrinkVariance checks what common random numbers
// are for: the paired difference made by a small change varies far less
// than the difference between independent runs.
func TestCommonRandomNumbersShrinkVariance(t *testing.T) {
	t.Parallel()
	const reps = 400
	base := random()
	more := random()
	more.Reception.Delay = Dist{Kind: Gamma, Shape: 2, Scale: 2} // a small change: 2 days less on average
	a := runN(t, base, reps, 1)
	crn := runN(t, more, reps, 1)
	indep := runN(t, more, reps, 2)
	variance := func(x, y *Result) float64 {
		xs, ys := x.ShareSamples[1].Shares, y.ShareSamples[1].Shares // day 60
		mean := 0.0
		for i := range xs {
			mean += float64(ys[i] - xs[i])
		}
		mean /= float64(len(xs))
		v := 0.0
		for i := range xs {
			d := float64(ys[i]-xs[i]) - mean
			v += d * d
		}
		return v / float64(len(xs)-1)
	}
	vc, vi := variance(a, crn), variance(a, indep)
	// With common random numbers most pairs move together; the variance of
	// the difference should be a small fraction of that of independent runs.
	if !(vc < 0.2*vi) {
		t.Errorf("variance of the paired difference %.5f with common random numbers, %.5f without: ratio %.2f, want below 0.2", vc, vi, vc/vi)
	}
	t.Logf("variance ratio %.3f", vc/vi)
	diffs, err := Compare(a, crn)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffs[4]; !(d.Low > 0) {
		t.Errorf("a faster reception should raise the share on day 90 significantly: %+v", d)
	}
}

func TestCompareNeedsPairs(t *testing.T) {
	t.Parallel()
	if _, err := Compare(runN(t, random(), 20, 1), runN(t, random(), 20, 2)); err == nil {
		t.Error("results of different seeds were paired")
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	res := runN(t, tiny(), 10, 1)
	// Every replication of tiny reaches 100% on day 40.
	for name, want := range map[string]float64{"days-to-90": 40, "days-to-100-p50": 40, "never-100": 0, "share-at-60": 1, "share-at-30": 0} {
		got, err := res.Metric(name)
		if err != nil || got != want {
			t.Errorf("%s = %v (%v), want %v", name, got, err, want)
		}
	}
	if _, err := res.Metric("days-to-95"); err == nil || !strings.Contains(err.Error(), "days-to-90") {
		t.Errorf("unknown metric: %v", err)
	}
	sc := tiny()
	sc.Units[0].PledgeProbability = chance(0) // never pledged: never deployed
	never := runN(t, sc, 10, 1)
	if got, _ := never.Metric("days-to-90"); got != 100 {
		t.Errorf("days-to-90 of a surge that never deploys = %v, want the horizon, 100", got)
	}
}

func TestNoSharesBeyondTheHorizon(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 60 // the default days are 30, 60 and 90
	res := runN(t, sc, 5, 1)
	var days []float64
	for _, d := range res.FractionAtDay {
		days = append(days, d.Day)
	}
	if len(days) != 2 || days[1] != 60 {
		t.Errorf("shares reported on days %v, want 30 and 60 only", days)
	}
	if _, err := res.Metric("share-at-90"); err == nil {
		t.Error("share-at-90 reported for a 60-day horizon")
	}
}

// TestObservedPointScores works the scores of one observation by hand:
// replications at 0.1, 0.2, 0.3 and 0.4 of the target, observed 0.25.
func TestObservedPointScores(t *testing.T) {
	t.Parallel()
	p := observedPoint(Observation{Day: 30}, 0.25, 0.4, "", []float64{0.4, 0.1, 0.3, 0.2})
	// Mean absolute error (0.15+0.05+0.05+0.15)/4 = 0.1; the mean absolute
	// difference of two draws is 2*(0.1+0.2+0.3+0.1+0.2+0.1)/16 = 0.125;
	// CRPS = 0.1 - 0.125/2 = 0.0375. Two of four replications lie below.
	if math.Abs(float64(p.AbsError)-0.1) > 1e-12 || math.Abs(float64(p.CRPS)-0.0375) > 1e-12 || p.PIT != 0.5 {
		t.Errorf("abs error %v, CRPS %v, PIT %v; want 0.1, 0.0375, 0.5", p.AbsError, p.CRPS, p.PIT)
	}
	// A single value scores its absolute error.
	if q := observedPoint(Observation{}, 0.25, 0, "", []float64{0.4}); math.Abs(float64(q.CRPS)-0.15) > 1e-12 || q.PIT != 0 {
		t.Errorf("one value: CRPS %v, PIT %v; want 0.15 and 0", q.CRPS, q.PIT)
	}
	r := &Result{Header: Header{Scenario: ScenarioInfo{Horizon: 100}}, Observed: []ObservedPoint{p}}
	s := Backtest(r, 0)
	// Naive: |0.4 - 0.25| = 0.15; skill 1 - 0.0375/0.15 = 0.75. The 80%
	// band (quantiles 0.1 and 0.4 of four values) holds 0.25: its interval
	// score is its width, 0.3; the naive forecast's is 10 * 0.15.
	if math.Abs(float64(s.Skill)-0.75) > 1e-9 || math.Abs(float64(s.NaiveMAE)-0.15) > 1e-12 || math.Abs(float64(s.IntervalScore)-0.3) > 1e-9 ||
		math.Abs(float64(s.NaiveIntervalScore)-1.5) > 1e-9 || s.Coverage != 1 {
		t.Errorf("summary %+v", s)
	}
}

func TestNaive(t *testing.T) {
	t.Parallel()
	n := Naive{Share: 0.9, Days: 300}
	for _, c := range []struct{ day, want float64 }{{0, 0}, {150, 0.45}, {300, 0.9}, {600, 0.9}} {
		if got := n.At(c.day); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("day %v: %v, want %v", c.day, got, c.want)
		}
	}
}

// TestCoveredCountsTies: a month the simulation gives with certainty is
// covered by a band as often as the band's share; a month strictly inside
// counts whole; a tie with a band's edge counts in part.
func TestCoveredCountsTies(t *testing.T) {
	t.Parallel()
	certain := observedPoint(Observation{}, 0.3, 0, "", []float64{0.3, 0.3, 0.3, 0.3})
	inside := observedPoint(Observation{}, 0.25, 0, "", []float64{0.1, 0.2, 0.3, 0.4})
	// Half the replications at 0.2, half at 0.3: the PIT of 0.3 is between
	// 0.5 and 1, so the 50% band (0.25 to 0.75) holds it half the time.
	edge := observedPoint(Observation{}, 0.3, 0, "", []float64{0.2, 0.2, 0.3, 0.3})
	for _, c := range []struct {
		p          ObservedPoint
		band, want float64
	}{{certain, 0.5, 0.5}, {certain, 0.8, 0.8}, {inside, 0.5, 1}, {edge, 0.5, 0.5}, {edge, 0.9, 0.9}} {
		if got := c.p.Covered(c.band); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("PIT %v to %v, band %v: covered %v, want %v", c.p.PITLow, c.p.PITHigh, c.band, got, c.want)
		}
	}
}

// TestCompareUsesTheMetricIDs checks that compare's measures are the
// metrics sweep and sensitivity name, with the same values.
func TestCompareUsesTheMetricIDs(t *testing.T) {
	t.Parallel()
	sc := random()
	sc.Benchmarks = []Benchmark{{ID: "quick", Label: "Quick", Day: 90, Fraction: 0.5}}
	base := runN(t, sc, 200, 3)
	other := *sc
	other.ForceGeneration.First = 5
	diffs, err := Compare(base, runN(t, &other, 200, 3))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range diffs {
		ids = append(ids, d.Metric)
		want, err := base.Metric(d.Metric)
		if err != nil || !scalar.EqualWithinAbsOrRel(float64(d.Baseline), want, 1e-9, 1e-9) {
			t.Errorf("%s: baseline %v, the result's metric %v (%v)", d.Metric, d.Baseline, want, err)
		}
		if m, err := DescribeMetric(d.Metric); err != nil || m.Unit != d.Unit || d.Measure == "" {
			t.Errorf("%s: unit %q, measure %q (%v)", d.Metric, d.Unit, d.Measure, err)
		}
	}
	if want := []string{"days-to-90", "never-90", "days-to-100", "never-100", "share-at-90", "p-quick"}; !slices.Equal(ids, want) {
		t.Errorf("measures %v, want %v", ids, want)
	}
}

// TestMetricsAtAnyDayOrShare checks that Options.Need adds the day or
// fraction a metric asks for.
func TestMetricsAtAnyDayOrShare(t *testing.T) {
	t.Parallel()
	sc := random()
	opt := &Options{Replications: 50, Seed: 1, Samples: true}
	if err := opt.Need(sc.Horizon, "share-at-45", "days-to-80", "never-33", "p-x", "share-at-30"); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"share-at-45", "days-to-80", "days-to-80-p50", "never-33", "share-at-30", "share-at-90", "days-to-90"} {
		if _, err := res.Metric(name); err != nil {
			t.Error(err)
		}
	}
	// share-at-45 is the mean of the replications' shares on day 45.
	got, _ := res.Metric("share-at-45")
	xs := shareSamples(res, 45)
	if want := floats.Sum(xs) / float64(len(xs)); !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
		t.Errorf("share-at-45 = %v, want %v", got, want)
	}
	for _, bad := range []string{"share-at-201", "days-to-0", "days-to-120", "speed", "share-at-x"} {
		if err := (&Options{}).Need(sc.Horizon, bad); err == nil {
			t.Errorf("metric %q accepted", bad)
		}
	}
	// A horizon shorter than the default days keeps the ones within it.
	short := &Options{}
	if err := short.Need(60, "share-at-45"); err != nil || !slices.Equal(short.Days, []float64{30, 45, 60}) {
		t.Errorf("days %v (%v), want 30, 45, 60", short.Days, err)
	}
}
