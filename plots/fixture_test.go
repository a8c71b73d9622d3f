package plots

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/surge-sim/surge/sim"
)

// fixture is a small surge built in code: two pledged battalions (one unit
// with a count of two), a formed police unit from a country whose
// parliament may refuse, and a helicopter unit that is often never pledged,
// so that some runs never reach the whole target.
func fixture() *sim.Scenario {
	uniform := func(lo, hi float64) sim.Dist { return sim.Dist{Kind: sim.Uniform, Min: lo, Max: hi} }
	return &sim.Scenario{
		Name:    "fixture",
		Title:   "Fixture: a small surge",
		Version: "1",
		Start:   time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC),
		Horizon: 120,
		Target:  sim.Target{Troops: 700, Police: 100},
		Benchmarks: []sim.Benchmark{
			{ID: "fast", Label: "Fast: the whole target in 60 days", Day: 60, Fraction: 1},
			{ID: "half", Label: "Half in 45 days", Day: 45, Fraction: 0.5},
		},
		ForceGeneration: sim.ForceGeneration{First: 5, Interval: 20, Conferences: 3},
		Reception:       sim.Reception{Delay: uniform(2, 5)},
		Countries: []sim.Country{
			{ID: "a", Name: "A", Consent: uniform(5, 20)},
			{ID: "b", Name: "B", Consent: sim.Dist{Kind: sim.LogNormal, Median: 10, P90: 30},
				Legislative: sim.Legislative{Probability: sim.Const(0.5), Delay: sim.Const(10), Refusal: sim.Const(0.2)}},
		},
		Origins:   []sim.Origin{{ID: "home"}},
		Lift:      []sim.LiftPool{{ID: "plane", Count: 2, Seats: 100, Flights: []sim.Flight{{Origin: "home", Hours: 10}}}},
		Airfields: []sim.Airfield{{ID: "field", Slots: 1, GroundHours: 4}},
		Units: []sim.Unit{
			{ID: "bn", Name: "Battalion", Strength: 300, Count: 2, Source: sim.Pledge, Country: "a",
				PledgeProbability: chance(0.8), Preparation: uniform(10, 40), Origin: "home"},
			{ID: "fpu", Name: "Formed police unit", Category: sim.Police, Strength: 100, Source: sim.Pledge, Country: "b",
				PledgeProbability: chance(0.5), Preparation: sim.Const(15), Origin: "home"},
			{ID: "heli", Name: "Helicopter unit", Strength: 100, Source: sim.Pledge, Country: "b",
				PledgeProbability: chance(0.2), Preparation: sim.Const(20), Origin: "home"},
		},
	}
}

// fixtureReps is the fixture result's number of replications: enough for
// smooth bands, few enough to run in milliseconds.
const fixtureReps = 200

// fixtureResult runs the fixture.
// renderPNG draws ch as a PNG with the default options and decodes it.
func renderPNG(t *testing.T, ch Drawer) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, ch, "png", nil); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// eachResult runs f, as a parallel subtest, on the hand-made result and on
// a simulated one.
func eachResult(t *testing.T, f func(t *testing.T, res *sim.Result)) {
	for _, tc := range []struct {
		name string
		res  *sim.Result
	}{
		{"hand-made", handMade()},
		{"simulated", fixtureResult(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f(t, tc.res)
		})
	}
}

func fixtureResult(t *testing.T) *sim.Result {
	t.Helper()
	res, err := sim.Run(context.Background(), fixture(), &sim.Options{Replications: fixtureReps, Seed: 1, Samples: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fixtureTrace traces replication 0 of the fixture.
func fixtureTrace(t *testing.T) *sim.Replication {
	t.Helper()
	rep, err := sim.Trace(fixture(), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// handMade is a small result written by hand: five days, two units, samples
// of five runs, two observations.
func handMade() *sim.Result {
	inf := sim.Days(math.Inf(1))
	daily := func(d int, p5, p25, p50, p75, p95 sim.Share) sim.DailyStat {
		return sim.DailyStat{Day: d, Date: fmt.Sprintf("2014-01-%02d", d+1), Mean: p50, P5: p5, P25: p25, P50: p50, P75: p75, P95: p95}
	}
	return &sim.Result{
		Header: sim.Header{SchemaVersion: sim.SchemaVersion, Replications: 5, Seed: 7,
			Scenario: sim.ScenarioInfo{Name: "hand", Title: "Hand-made", Start: "2014-01-01", Horizon: 4}},

		Target: sim.TargetInfo{Troops: 900, Police: 100, Total: 1000},
		DaysToFraction: []sim.FractionStat{
			{Fraction: 0.9, Mean: 2.5, P10: 2, P50: 3, P90: inf, Never: 0.4},
			{Fraction: 1, Mean: 3.5, P10: 3.5, P50: inf, P90: inf, Never: 0.8},
		},
		Benchmarks: []sim.BenchmarkStat{{Name: "b", Label: "Quick: all in 3 days", Day: 3, Fraction: 1, Probability: 0.2}},
		Daily: []sim.DailyStat{
			daily(0, 0, 0, 0, 0, 0),
			daily(1, 0, 0.1, 0.2, 0.3, 0.4),
			daily(2, 0.1, 0.3, 0.5, 0.6, 0.9),
			daily(3, 0.3, 0.5, 0.7, 0.9, 1),
			daily(4, 0.5, 0.7, 0.9, 1, 1),
		},
		DailyArrived: []sim.DailyStat{
			daily(0, 0, 0, 0, 0, 0),
			daily(1, 0.1, 0.2, 0.3, 0.4, 0.5),
			daily(2, 0.2, 0.4, 0.6, 0.7, 1),
			daily(3, 0.4, 0.6, 0.8, 1, 1),
			daily(4, 0.6, 0.8, 1, 1, 1),
		},
		Units: []sim.UnitStat{
			{ID: "slow", Name: "Slow unit", Count: 1, Operational: 0.4, OperationalP50: inf,
				Stages: []sim.StageDays{{Stage: "pledge", MeanDays: 2.5}, {Stage: "consent", MeanDays: 0.5}, {Stage: "preparation", MeanDays: 0.75}}},
			{ID: "fast", Name: "Fast unit", Count: 3, Operational: 1, OperationalP50: 1.5,
				Stages: []sim.StageDays{{Stage: "consent", MeanDays: 0.25}, {Stage: "lift_wait", MeanDays: 0.125}, {Stage: "reception", MeanDays: 1}}},
			{ID: "mid", Name: "Middle unit", Count: 1, Operational: 0.8, OperationalP50: 2.5,
				Stages: []sim.StageDays{{Stage: "release", MeanDays: 1.5}, {Stage: "preparation", MeanDays: 0.5}}},
		},
		Samples: []sim.FractionSamples{
			{Fraction: 0.9, Days: []sim.Days{2, 3, inf, 2.5, inf}},
			{Fraction: 1, Days: []sim.Days{inf, 3.5, inf, inf, inf}},
		},
		Observed: []sim.ObservedPoint{{Day: 1, Date: "2014-01-02", Fraction: 0.25}, {Day: 3, Date: "2014-01-04", Fraction: 0.75}},
	}
}

// find returns the chart's plotters with a role.
func find[T any](t *testing.T, ch *Chart, role string) T {
	t.Helper()
	for _, p := range ch.parts {
		if p.role == role {
			v, ok := p.p.(T)
			if !ok {
				t.Fatalf("%s is a %T", role, p.p)
			}
			return v
		}
	}
	t.Fatalf("the chart has no %s", role)
	panic("unreachable")
}

// hasRole reports whether the chart has plotters with a role.
func hasRole(ch *Chart, role string) bool {
	for _, p := range ch.parts {
		if p.role == role {
			return true
		}
	}
	return false
}

// legendHas reports whether a legend entry contains s.
func legendHas(ch *Chart, s string) bool {
	for _, e := range ch.Legend {
		if strings.Contains(e.Text, s) {
			return true
		}
	}
	return false
}

// chance returns a fixed probability, for a unit's PledgeProbability.
func chance(p float64) *sim.Dist {
	d := sim.Const(p)
	return &d
}
