package sim

import "math"

// Interval is a 95% Monte Carlo interval of a share or probability: where
// the value would lie, 95 times in 100, if the replications were run again
// with another seed. It covers simulation noise only, the error of running
// so many replications rather than infinitely many, not doubt about the
// scenario's numbers. In JSON it is [low, high].
type Interval [2]Share

// z95 is the standard normal quantile of 0.975.
const z95 = 1.959963984540054

// Wilson returns the Wilson score interval of a probability p estimated
// from n trials, at 95%. Unlike p ± 1.96 sd, it is never of zero width and
// never leaves [0, 1]: 0 successes in 1,000 trials gives 0 to 0.38%.
func Wilson(p float64, n int) Interval {
	if n <= 0 || math.IsNaN(p) {
		return Interval{Share(math.NaN()), Share(math.NaN())}
	}
	nf := float64(n)
	z2 := z95 * z95
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z95 / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi := max(0, centre-half), min(1, centre+half)
	// Exactly 0 and 1 are their own bounds; rounding must not move them.
	if p == 0 {
		lo = 0
	}
	if p == 1 {
		hi = 1
	}
	return Interval{Share(lo), Share(hi)}
}

// addIntervals fills in the 95% Monte Carlo intervals of the result's
// shares and probabilities (the means' are filled in with the means).
func (r *Result) addIntervals() {
	n := r.Replications
	for i := range r.DaysToFraction {
		st := &r.DaysToFraction[i]
		st.NeverCI95 = Wilson(float64(st.Never), n)
	}
	for i := range r.Benchmarks {
		r.Benchmarks[i].CI95 = Wilson(float64(r.Benchmarks[i].Probability), n)
	}
	for i := range r.Units {
		u := &r.Units[i]
		u.OperationalCI95 = Wilson(float64(u.Operational), n)
		u.EverCI95 = Wilson(float64(u.Ever), n)
		u.InPipelineCI95 = Wilson(float64(u.InPipeline), n)
		u.GapCI95 = Wilson(float64(u.Gap), n)
		u.RefusedCI95 = Wilson(float64(u.Refused), n)
		u.BlockedCI95 = Wilson(float64(u.Blocked), n)
		u.LeftCI95 = Wilson(float64(u.Left), n)
		u.RepatriatedCI95 = Wilson(float64(u.Repatriated), n)
		u.NotActivatedCI95 = Wilson(float64(u.NotActivated), n)
		u.RotatingCI95 = Wilson(float64(u.Rotating), n)
		u.NotReplacedCI95 = Wilson(float64(u.NotReplaced), n)
	}
	for i := range r.Departures {
		r.Departures[i].RunsCI95 = Wilson(float64(r.Departures[i].Runs), n)
	}
	for i := range r.Missions {
		r.Missions[i].BlockedShareCI95 = Wilson(float64(r.Missions[i].BlockedShare), n)
	}
}
