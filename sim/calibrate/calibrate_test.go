package calibrate

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/surge-sim/surge/sim"
)

func TestMinimizeSmoothFunction(t *testing.T) {
	t.Parallel()
	// Minimum at a = 12 (positive) and p = 0.3 (a probability).
	obj := func(v []float64) (float64, error) {
		return math.Pow(math.Log(v[0]/12), 2) + math.Pow(v[1]-0.3, 2), nil
	}
	fit, err := Minimize(obj, []Param{{Name: "a", Start: 40, Kind: Positive}, {Name: "p", Start: 0.8, Kind: Probability}},
		&Settings{MaxEvals: 400})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(fit.Values[0]-12) > 0.1 || math.Abs(fit.Values[1]-0.3) > 0.01 {
		t.Errorf("fitted %v, want 12 and 0.3", fit.Values)
	}
	if !(fit.Value < fit.Start) || fit.Evals > 400 {
		t.Errorf("objective %v from %v in %d evaluations", fit.Value, fit.Start, fit.Evals)
	}
}

func TestParamChecks(t *testing.T) {
	t.Parallel()
	obj := func([]float64) (float64, error) { return 0, nil }
	for _, p := range []Param{{Start: 0, Kind: Positive}, {Start: 1.5, Kind: Probability}, {Start: math.NaN()}, {Start: -1, Kind: NonNegative}} {
		if _, err := Minimize(obj, []Param{p}, nil); err == nil {
			t.Errorf("%+v: no error", p)
		}
	}
}

// surge returns a stand-in for a real deployment: twenty companies of 200,
// each from its own country, pledged at the first conference; the first ten
// countries take a median of early days to consent, the other ten late.
func surge(early, late float64) *sim.Scenario {
	sc := &sim.Scenario{
		Name: "synthetic", Start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Horizon: 300,
		Target:          sim.Target{Troops: 4000},
		ForceGeneration: sim.ForceGeneration{First: 10, Interval: 30, Conferences: 1},
		Reception:       sim.Reception{Delay: sim.Dist{Kind: sim.Uniform, Min: 2, Max: 10}},
		Origins:         []sim.Origin{{ID: "home"}},
		Lift:            []sim.LiftPool{{ID: "air", Count: 4, Seats: 200, Flights: []sim.Flight{{Origin: "home", Hours: 6}}}},
		Airfields:       []sim.Airfield{{ID: "field", Slots: 2, GroundHours: 3}},
	}
	for i := range 20 {
		id := string(rune('a' + i))
		median := early
		if i >= 10 {
			median = late
		}
		sc.Countries = append(sc.Countries, sim.Country{ID: id,
			Consent: sim.Dist{Kind: sim.LogNormal, Median: median, P90: median * 1.5}})
		sc.Units = append(sc.Units, sim.Unit{ID: id, Strength: 200, Source: sim.Pledge, Country: id, Origin: "home",
			PledgeProbability: chance(1), Preparation: sim.Const(20)})
	}
	return sc
}

// TestRecoversKnownParameters generates "observed" data from a scenario
// with known parameters (the median share arrived at each month's end, over
// many replications and another seed), starts the fit from wrong values and
// checks that calibration finds the true ones again.
func TestRecoversKnownParameters(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates about a hundred thousand replications")
	}
	const trueEarly, trueLate = 20.0, 90.0
	truth, err := sim.Run(context.Background(), withMonths(surge(trueEarly, trueLate), nil), &sim.Options{Replications: 2000, Seed: 99})
	if err != nil {
		t.Fatal(err)
	}
	var observed []sim.Observation
	for _, p := range truth.Observed {
		observed = append(observed, sim.Observation{Day: p.Day, Troops: int(math.Round(float64(p.P50) * 4000))})
	}
	obj := func(v []float64) (float64, error) {
		res, err := sim.Run(context.Background(), withMonths(surge(v[0], v[1]), observed), &sim.Options{Replications: 400, Seed: 1, SummaryOnly: true})
		if err != nil {
			return 0, err
		}
		return float64(sim.Backtest(res, 0).Score), nil
	}
	fit, err := Minimize(obj, []Param{{Name: "early", Start: 45, Kind: Positive}, {Name: "late", Start: 45, Kind: Positive}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Tolerance: 15% of the true value. The data are medians of 2,000 runs
	// of another seed, rounded to whole people, fitted with 400 runs: noise
	// and monthly observations leave a few days of slack.
	for i, want := range []float64{trueEarly, trueLate} {
		if got := fit.Values[i]; math.Abs(got-want) > 0.15*want {
			t.Errorf("parameter %d: fitted %.3f, true %.3f (objective %.4f from %.4f in %d evaluations)", i, got, want, fit.Value, fit.Start, fit.Evals)
		}
	}
	t.Logf("fitted %.3f, %.3f in %d evaluations; objective %.4f -> %.4f", fit.Values[0], fit.Values[1], fit.Evals, fit.Start, fit.Value)
}

// withMonths gives sc an observed series at each month's end (30-day
// months): the given one, or zeros to be filled from a run.
func withMonths(sc *sim.Scenario, obs []sim.Observation) *sim.Scenario {
	if obs == nil {
		for d := 30.0; d <= 300; d += 30 {
			obs = append(obs, sim.Observation{Day: d})
		}
	}
	sc.Observed = &sim.Observed{Source: "synthetic", Points: obs}
	return sc
}

// chance returns a fixed probability, for a unit's PledgeProbability.
func chance(p float64) *sim.Dist {
	d := sim.Const(p)
	return &d
}

// TestConvergence checks that a fit says whether it converged: a smooth
// bowl converges well within the evaluations; two evaluations cannot.
func TestConvergence(t *testing.T) {
	t.Parallel()
	bowl := func(v []float64) (float64, error) { return (v[0] - 3) * (v[0] - 3), nil }
	params := []Param{{Name: "x", Start: 1, Kind: NonNegative}}
	fit, err := Minimize(bowl, params, &Settings{MaxEvals: 500})
	if err != nil {
		t.Fatal(err)
	}
	if !fit.Converged {
		t.Errorf("a bowl did not converge in %d evaluations: %s", fit.Evals, fit.Status)
	}
	short, err := Minimize(bowl, params, &Settings{MaxEvals: 4})
	if err != nil {
		t.Fatal(err)
	}
	if short.Converged || short.Status == "" {
		t.Errorf("4 evaluations converged (%s)", short.Status)
	}
}
