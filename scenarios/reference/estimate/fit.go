package main

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/optimize"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// params are the quantities the simulation-based fit chooses.
type params struct {
	prepTroops float64 // median days an infantry battalion prepares; enablers take enablerPrep times as long
	prepPolice float64 // median days police (formed units and individual officers) prepare
	pledge     float64 // chance per force-generation round that a battalion or police unit is pledged
	willP90    float64 // 90th percentile of the political-will factor (median 1)
	fillMin    float64 // a unit's fill is uniform from fillMin to 1
}

// The fit works on unbounded coordinates.
func (p params) vector() []float64 {
	return []float64{math.Log(p.prepTroops), math.Log(p.prepPolice), logit(p.pledge), math.Log(p.willP90 - 1), logit((p.fillMin - 0.5) / 0.5)}
}

func fromVector(x []float64) params {
	return params{prepTroops: math.Exp(x[0]), prepPolice: math.Exp(x[1]), pledge: logistic(x[2]),
		willP90: 1 + math.Exp(x[3]), fillMin: 0.5 + 0.5*logistic(x[4])}
}

func logit(p float64) float64    { return math.Log(p / (1 - p)) }
func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// start is where the fit begins: the placeholder table's values.
var start = params{prepTroops: 90, prepPolice: 60, pledge: 0.3, willP90: 1.6, fillMin: 0.85}

// taus are the quantiles the fit compares: each simulated quantile of the
// generic scenario's share at a feature month against the training curves'
// shares there, by the pinball loss (the quantile score), whose sum over
// quantiles approximates the continuous ranked probability score.
var taus = []float64{0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95}

// band returns a simulated point's quantiles in the order of taus.
func band(p sim.ObservedPoint) []float64 {
	return []float64{float64(p.P5), float64(p.P10), float64(p.P25), float64(p.P50), float64(p.P75), float64(p.P90), float64(p.P95)}
}

func pinball(tau, y, q float64) float64 {
	if y >= q {
		return tau * (y - q)
	}
	return (1 - tau) * (q - y)
}

// fitSettings control the simulations of the fit.
type fitSettings struct {
	reps     int
	seed     uint64
	parallel int // fits at once; 0: one per core
	workers  int // goroutines of each simulation; 0: one per core
}

// simulate runs a generic scenario with the reference table of e and
// returns, for each feature month, the simulated quantiles (in the order of
// taus) of the share of its target in the mission area.
func simulate(e *estimates, generic []genericUnit, name string, fs fitSettings) ([][]float64, error) {
	ref, err := scenarios.ReadReference("candidate", e.table())
	if err != nil {
		return nil, err
	}
	f, err := scenarios.ReadWith(name+".toml", genericTOML(name, version, generic), ref)
	if err != nil {
		return nil, err
	}
	sc, err := f.Scenario("", nil)
	if err != nil {
		return nil, err
	}
	obs := &sim.Observed{}
	for _, m := range featureMonths {
		obs.Points = append(obs.Points, sim.Observation{Day: monthDay(m)})
	}
	sc.Observed = obs
	res, err := sim.Run(context.Background(), sc, &sim.Options{Replications: fs.reps, Seed: fs.seed, SummaryOnly: true, Workers: fs.workers})
	if err != nil {
		return nil, err
	}
	if len(res.Observed) != len(featureMonths) {
		return nil, fmt.Errorf("estimate: %d simulated points for %d months", len(res.Observed), len(featureMonths))
	}
	out := make([][]float64, len(featureMonths))
	for i, p := range res.Observed {
		out[i] = band(p)
	}
	return out, nil
}

// loss is the mean pinball loss of the simulated quantiles q against the
// curves' features.
func loss(q [][]float64, curves []curve) (float64, int) {
	sum, n := 0.0, 0
	for _, c := range curves {
		for i, y := range c.features() {
			if math.IsNaN(y) {
				continue
			}
			for k, tau := range taus {
				sum += pinball(tau, y, q[i][k])
			}
			n++
		}
	}
	return sum, n
}

// police reports whether a build-up is a police build-up (compared with
// the police generic scenario).
func (b buildup) police() bool { return b.kind == "police" }

// objective is the fit's loss for params p: both generic scenarios against
// their build-ups.
func objective(e estimates, p params, troops, police []curve, fs fitSettings) (float64, error) {
	e.params = p
	total, n := 0.0, 0
	for _, set := range []struct {
		name   string
		units  []genericUnit
		curves []curve
	}{{"generic-troops", troopsGeneric, troops}, {"generic-police", policeGeneric, police}} {
		if len(set.curves) == 0 {
			continue
		}
		q, err := simulate(&e, set.units, set.name, fs)
		if err != nil {
			return 0, err
		}
		s, k := loss(q, set.curves)
		total, n = total+s, n+k
	}
	return total / float64(max(n, 1)), nil
}

// fitParams chooses params to minimize the objective by Nelder-Mead from
// from, with common random numbers (one seed for every candidate), in at
// most evals evaluations; step is the initial simplex's size.
func fitParams(e estimates, troops, police []curve, fs fitSettings, from params, step float64, evals int) (params, float64, error) {
	var failed error
	prob := optimize.Problem{Func: func(x []float64) float64 {
		v, err := objective(e, fromVector(x), troops, police, fs)
		if err != nil {
			failed = err
			return math.Inf(1)
		}
		return v
	}}
	res, err := optimize.Minimize(prob, from.vector(), &optimize.Settings{FuncEvaluations: evals, Converger: &optimize.FunctionConverge{Absolute: 1e-5, Iterations: 30}},
		&optimize.NelderMead{SimplexSize: step})
	if failed != nil {
		return params{}, 0, failed
	}
	if err != nil && res == nil {
		return params{}, 0, err
	}
	return fromVector(res.X), res.F, nil
}

// The fit's budget: every fit, with all the build-ups or without one,
// starts from start with the same simplex and budget.
const (
	fullEvaluations = 160
	fullStep        = 0.4
)

// split separates the curves compared into troop and police build-ups.
func split(bs []buildup, cs []curve) (troops, police []curve) {
	for i, c := range cs {
		if bs[i].notCompared != "" {
			continue
		}
		if bs[i].police() {
			police = append(police, c)
		} else {
			troops = append(troops, c)
		}
	}
	return troops, police
}

// coverage counts a curve's feature points inside the simulated bands.
type coverage struct {
	points, in50, in80, in90 int
}

func (c *coverage) add(q [][]float64, cv curve) {
	for i, y := range cv.features() {
		if math.IsNaN(y) {
			continue
		}
		c.points++
		b := q[i]
		if b[2]-1e-9 <= y && y <= b[4]+1e-9 {
			c.in50++
		}
		if b[1]-1e-9 <= y && y <= b[5]+1e-9 {
			c.in80++
		}
		if b[0]-1e-9 <= y && y <= b[6]+1e-9 {
			c.in90++
		}
	}
}

func (c coverage) shares() (float64, float64, float64) {
	n := float64(max(c.points, 1))
	return float64(c.in50) / n, float64(c.in80) / n, float64(c.in90) / n
}

// medianOf returns the median of xs, without NaNs.
func medianOf(xs []float64) float64 {
	var s []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return math.NaN()
	}
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
