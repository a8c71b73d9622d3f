package sim

import "math"

// BacktestSummary says how well a result reproduces its scenario's observed
// series, over the observations up to a day.
type BacktestSummary struct {
	Until    float64 `json:"until"`    // last day compared
	Months   int     `json:"months"`   // observations compared
	Inside   int     `json:"inside"`   // of which inside the simulated 80% band (p10 to p90)
	Coverage Share   `json:"coverage"` // Inside / Months
	// MAE is the mean absolute error of the simulated median, as a share of
	// the target (0.05 is 5 percentage points).
	MAE Share `json:"mae"`
	// Largest is the observation the median misses most.
	Largest *ObservedPoint `json:"largest_miss,omitempty"`
	// Outside is the mean distance of the observations from the band, 0
	// for those inside it.
	Outside Share `json:"outside"`
	// Score is the mean of the observations' AbsError: what calibration
	// minimizes.
	Score Share `json:"score"`
}

// Inside reports whether the observation lies in the simulated 80% band.
func (p ObservedPoint) Inside() bool {
	return p.P10-1e-9 <= p.Fraction && p.Fraction <= p.P90+1e-9
}

// Backtest summarizes r.Observed up to day until (to the horizon if until
// is 0 or beyond it).
func Backtest(r *Result, until float64) BacktestSummary {
	s := BacktestSummary{Until: until}
	if h := float64(r.Scenario.Horizon); until <= 0 || until > h {
		s.Until = h
	}
	var abs, out, score float64
	worst := -1.0
	for i, p := range r.Observed {
		if p.Day > s.Until {
			continue
		}
		s.Months++
		e := math.Abs(float64(p.P50 - p.Fraction))
		abs += e
		score += float64(p.AbsError)
		if p.Inside() {
			s.Inside++
		} else {
			out += math.Min(math.Abs(float64(p.Fraction-p.P10)), math.Abs(float64(p.Fraction-p.P90)))
		}
		if e > worst {
			worst = e
			s.Largest = &r.Observed[i]
		}
	}
	if s.Months > 0 {
		n := float64(s.Months)
		s.Coverage, s.MAE, s.Outside, s.Score = Share(float64(s.Inside)/n), Share(abs/n), Share(out/n), Share(score/n)
	}
	return s
}
