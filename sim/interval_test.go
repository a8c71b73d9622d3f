package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestWilson(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p      float64
		n      int
		lo, hi float64
	}{
		// 0 of 1,000: the upper bound is z²/(n+z²) = 3.8415/1003.8415.
		{0, 1000, 0, 3.841459 / 1003.841459},
		// 1,000 of 1,000, by symmetry.
		{1, 1000, 1 - 3.841459/1003.841459, 1},
		// 50 of 100: 0.4038 to 0.5962 (Newcombe 1998, Table I's method 3,
		// recomputed with z = 1.96).
		{0.5, 100, 0.403831, 0.596169},
		// 1 of 10: 0.0179 to 0.4042 (Newcombe 1998, Table I, 1/10).
		{0.1, 10, 0.017875, 0.404150},
	} {
		ci := Wilson(tc.p, tc.n)
		if !scalar.EqualWithinAbsOrRel(float64(ci[0]), tc.lo, 1e-5, 1e-5) || !scalar.EqualWithinAbsOrRel(float64(ci[1]), tc.hi, 1e-5, 1e-5) {
			t.Errorf("Wilson(%v, %d) = %v, want [%v, %v]", tc.p, tc.n, ci, tc.lo, tc.hi)
		}
	}
	if ci := Wilson(0.5, 0); !math.IsNaN(float64(ci[0])) {
		t.Errorf("Wilson of no trials = %v, want NaN", ci)
	}
}

// TestMeanDaysAndIntervals checks the one definition of mean days and that
// every share and probability of a run has its interval.
func TestMeanDaysAndIntervals(t *testing.T) {
	t.Parallel()
	sc := random()
	res := runN(t, sc, 400, 1)
	horizon := float64(sc.Horizon)
	for i, st := range res.DaysToFraction {
		sum, reached, sumReached := 0.0, 0, 0.0
		for _, d := range res.Samples[i].Days {
			sum += min(float64(d), horizon)
			if !d.Never() {
				reached++
				sumReached += float64(d)
			}
		}
		if want := sum / 400; !scalar.EqualWithinAbsOrRel(float64(st.Mean), want, 1e-9, 1e-9) {
			t.Errorf("%v: mean %v, want %v (never counted as the horizon)", st.Fraction, st.Mean, want)
		}
		switch {
		case reached == 0 && !st.MeanIfReached.Never():
			t.Errorf("%v: no run gets there, yet mean_if_reached is %v", st.Fraction, st.MeanIfReached)
		case reached > 0 && !scalar.EqualWithinAbsOrRel(float64(st.MeanIfReached), sumReached/float64(reached), 1e-9, 1e-9):
			t.Errorf("%v: mean_if_reached %v, want %v", st.Fraction, st.MeanIfReached, sumReached/float64(reached))
		}
		if !(st.MeanCI95[0] <= st.Mean && st.Mean <= st.MeanCI95[1]) || !inside(st.Never, st.NeverCI95) {
			t.Errorf("%v: mean %v outside %v, or never %v outside %v", st.Fraction, st.Mean, st.MeanCI95, st.Never, st.NeverCI95)
		}
	}
	if got, _ := res.Metric("days-to-90"); got != float64(res.DaysToFraction[3].Mean) {
		t.Errorf("metric days-to-90 = %v, the result's mean %v: two definitions", got, res.DaysToFraction[3].Mean)
	}
	for _, d := range res.FractionAtDay {
		if !inside(d.Mean, d.MeanCI95) {
			t.Errorf("day %v: mean %v outside %v", d.Day, d.Mean, d.MeanCI95)
		}
	}
	for _, u := range res.Units {
		for _, x := range []struct {
			s  Share
			ci Interval
		}{{u.Operational, u.OperationalCI95}, {u.InPipeline, u.InPipelineCI95}, {u.Gap, u.GapCI95},
			{u.Refused, u.RefusedCI95}, {u.Blocked, u.BlockedCI95}, {u.Left, u.LeftCI95}, {u.Repatriated, u.RepatriatedCI95},
			{u.NotActivated, u.NotActivatedCI95}, {u.Rotating, u.RotatingCI95}, {u.NotReplaced, u.NotReplacedCI95}} {
			if !inside(x.s, x.ci) || x.ci[1]-x.ci[0] <= 0 {
				t.Errorf("unit %s: %v outside %v, or an interval of no width", u.ID, x.s, x.ci)
			}
		}
	}
	for _, m := range res.Missions {
		if !inside(m.BlockedShare, m.BlockedShareCI95) {
			t.Errorf("mission %s: %v outside %v", m.ID, m.BlockedShare, m.BlockedShareCI95)
		}
	}
	// Every replication of tiny reaches everything on day 40 exactly: the
	// mean's interval has no width, and says so by being [40, 40].
	exact := runN(t, tiny(), 10, 1)
	if ci := exact.DaysToFraction[0].MeanCI95; ci != [2]Days{40, 40} {
		t.Errorf("an exact mean has the interval %v, want [40, 40]", ci)
	}
}

func inside(x Share, ci Interval) bool { return ci[0] <= x && x <= ci[1] }
