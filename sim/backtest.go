package sim

import (
	"iter"
	"math"
)

// BacktestSummary says how well a result reproduces its scenario's observed
// series, over the observations up to a day, and how it compares with a
// naive reference forecast (see Naive) on the same months.
type BacktestSummary struct {
	Until  float64 `json:"until"`  // last day compared
	Months int     `json:"months"` // observations compared
	// Inside counts the observations inside the simulated 80% band (p10 to
	// p90). Coverage, Coverage50 and Coverage90 are the shares of the
	// observations in the 80%, 50% and 90% bands, each counted by the
	// chance that its randomized PIT falls in the band's central range
	// (Czado, Gneiting and Held 2009): an observation strictly inside
	// counts 1, one the simulation gives with certainty (every replication
	// at the observed value) counts the band's own share, one that ties
	// with an edge counts in part. A calibrated forecast covers about 50%,
	// 80% and 90%.
	Inside     int   `json:"inside"`
	Coverage   Share `json:"coverage"`
	Coverage50 Share `json:"coverage50"`
	Coverage90 Share `json:"coverage90"`
	// MAE is the mean absolute error of the simulated median, as a share of
	// the target (0.05 is 5 percentage points); NaiveMAE is the naive
	// forecast's.
	MAE      Share `json:"mae"`
	NaiveMAE Share `json:"naive_mae"`
	// CRPS is the mean continuous ranked probability score of the
	// simulated distribution; the naive forecast, a single value, scores
	// its absolute error (NaiveMAE). Skill is 1 - CRPS / NaiveMAE: above 0
	// when the simulation beats the naive forecast.
	CRPS  Share `json:"crps"`
	Skill Num   `json:"skill"`
	// IntervalScore is the mean interval score of the 80% band: its width
	// plus 10 times the distance of an observation outside it (Gneiting
	// and Raftery 2007, with alpha = 0.2). The naive forecast, a band of no
	// width, scores 10 times its absolute error.
	IntervalScore      Num `json:"interval_score"`
	NaiveIntervalScore Num `json:"naive_interval_score"`
	// Largest is the observation the median misses most.
	Largest *ObservedPoint `json:"largest_miss"` // null if none
	// Outside is the mean distance of the observations from the 80% band,
	// 0 for those inside it.
	Outside Share `json:"outside"`
	// Score is the mean of the observations' AbsError: what calibration
	// minimizes.
	Score Share `json:"score"`
}

// Inside reports whether the observation lies in the simulated 80% band.
func (p ObservedPoint) Inside() bool { return within(p.Fraction, p.P10, p.P90) }

// Inside50 and Inside90 report whether it lies in the 50% and 90% bands.
func (p ObservedPoint) Inside50() bool { return within(p.Fraction, p.P25, p.P75) }
func (p ObservedPoint) Inside90() bool { return within(p.Fraction, p.P5, p.P95) }

func within(x, lo, hi Share) bool { return lo-1e-9 <= x && x <= hi+1e-9 }

// Covered returns the chance that the observation's randomized PIT, drawn
// uniformly between PITLow and PITHigh, falls in the central range of a
// band of the given share (0.8 for the 80% band).
func (p ObservedPoint) Covered(band float64) float64 {
	a, b := (1-band)/2, (1+band)/2
	lo, hi := float64(p.PITLow), float64(p.PITHigh)
	if hi-lo < 1e-12 {
		if a-1e-12 <= lo && lo <= b+1e-12 {
			return 1
		}
		return 0
	}
	return max(0, min(hi, b)-max(lo, a)) / (hi - lo)
}

// intervalAlpha is the 80% band's alpha, for the interval score.
const intervalAlpha = 0.2

// intervalScore is the interval score of [lo, hi] at x.
func intervalScore(x, lo, hi float64) float64 {
	s := hi - lo
	if x < lo {
		s += 2 / intervalAlpha * (lo - x)
	}
	if x > hi {
		s += 2 / intervalAlpha * (x - hi)
	}
	return s
}

// Backtest summarizes r.Observed up to day until (to the horizon if until
// is 0 or beyond it).
func Backtest(r *Result, until float64) BacktestSummary {
	if h := float64(r.Scenario.Horizon); until <= 0 || until > h {
		until = h
	}
	var ps []ObservedPoint
	for _, p := range r.Observed {
		if p.Day <= until {
			ps = append(ps, p)
		}
	}
	s := Score(ps)
	s.Until = until
	return s
}

// Score summarizes observations, from one result or pooled from several.
func Score(points []ObservedPoint) BacktestSummary {
	var s BacktestSummary
	var abs, naive, crps, is, out, score float64
	var in50, in80, in90 float64
	worst := -1.0
	for i, p := range points {
		s.Months++
		e := math.Abs(float64(p.P50 - p.Fraction))
		abs += e
		naive += math.Abs(float64(p.Naive - p.Fraction))
		crps += float64(p.CRPS)
		is += intervalScore(float64(p.Fraction), float64(p.P10), float64(p.P90))
		score += float64(p.AbsError)
		if p.Inside() {
			s.Inside++
		} else {
			out += math.Min(math.Abs(float64(p.Fraction-p.P10)), math.Abs(float64(p.Fraction-p.P90)))
		}
		in50 += p.Covered(0.5)
		in80 += p.Covered(0.8)
		in90 += p.Covered(0.9)
		if e > worst {
			worst = e
			s.Largest = &points[i]
		}
	}
	if s.Months > 0 {
		n := float64(s.Months)
		s.MAE, s.Outside, s.Score = Share(abs/n), Share(out/n), Share(score/n)
		s.Coverage, s.Coverage50, s.Coverage90 = Share(in80/n), Share(in50/n), Share(in90/n)
		s.NaiveMAE, s.CRPS = Share(naive/n), Share(crps/n)
		s.IntervalScore, s.NaiveIntervalScore = Num(is/n), Num(2/intervalAlpha*naive/n)
		s.Skill = Num(math.NaN())
		if naive > 0 {
			s.Skill = Num(1 - crps/naive)
		}
	}
	return s
}

// observedPoint scores the replications' shares xs (which it sorts) at an
// observation of share obs.
func observedPoint(o Observation, obs, naive float64, date string, xs []float64) ObservedPoint {
	return scoreObserved(o, obs, naive, date, sortedRuns(xs), len(xs))
}

// scoreObserved scores the shares of n replications at an observation of
// share obs; sorted yields the shares in increasing order, each with how
// many replications had it.
func scoreObserved(o Observation, obs, naive float64, date string, sorted iter.Seq2[float64, uint64], n int) ObservedPoint {
	q := empirical(sorted, n, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)
	p := ObservedPoint{Day: o.Day, Date: date, Fraction: Share(obs), Naive: Share(naive),
		P5: Share(q[0]), P10: Share(q[1]), P25: Share(q[2]), P50: Share(q[3]), P75: Share(q[4]), P90: Share(q[5]), P95: Share(q[6])}
	// With sorted shares x_i, the mean absolute difference between two
	// draws is 2/n^2 * sum over i of (2i - n + 1) x_i (0-based).
	nf := float64(n)
	var abs, gini, below, ties float64
	i := 0
	for x, k := range sorted {
		for range k {
			abs += math.Abs(x - obs)
			gini += (2*float64(i) - nf + 1) * x
			switch {
			case x < obs-1e-9:
				below++
			case x <= obs+1e-9:
				ties++
			}
			i++
		}
	}
	p.AbsError = Share(abs / nf)
	p.CRPS = Share(abs/nf - gini/(nf*nf))
	p.PIT = Share((below + ties/2) / nf)
	p.PITLow, p.PITHigh = Share(below/nf), Share((below+ties)/nf)
	return p
}
