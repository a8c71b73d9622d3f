package sim

import (
	"context"
	"math"
	"testing"
	"time"
)

// tiny returns a one-unit scenario with fixed delays whose timeline can be
// worked out by hand:
//
//	day 0   resolution; the force-generation conference is on day 5
//	day 5   pledged (probability 1); the government is asked
//	day 15  consent (10 days); preparation starts
//	day 35  ready (20 days of preparation); host consent was given
//	        the one aircraft (60 seats, 12 h each way) takes 60 people
//	35.5    lands; 6 h on the ground
//	35.75   60 arrive; the aircraft flies back
//	36.25   it is back and takes the other 40
//	36.75   lands
//	37      40 arrive: the unit is all there
//	40      operational after 3 days of reception
func tiny() *Scenario {
	return &Scenario{
		Name:    "tiny",
		Start:   time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC),
		Horizon: 100,
		Target:  Target{Troops: 100},
		ForceGeneration: ForceGeneration{
			First: 5, Interval: 30, Conferences: 1,
		},
		Reception: Reception{Delay: Const(3)},
		Countries: []Country{{ID: "a", Consent: Const(10)}},
		Origins:   []Origin{{ID: "home"}},
		Lift: []LiftPool{{ID: "plane", Count: 1, Seats: 60,
			Flights: []Flight{{Origin: "home", Hours: 12}}}},
		Airfields: []Airfield{{ID: "field", Slots: 1, GroundHours: 6}},
		Units: []Unit{{ID: "u1", Strength: 100, Source: Pledge, Country: "a", PledgeProbability: chance(1),
			Preparation: Const(20), Origin: "home"}},
	}
}

func trace(t *testing.T, sc *Scenario) *Replication {
	t.Helper()
	rep, err := Trace(sc, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func checkSpans(t *testing.T, u UnitRun, want map[Stage]Span) {
	t.Helper()
	for s := range NumStages {
		got := u.Span(s)
		w, ok := want[s]
		if !ok {
			if got.Reached() {
				t.Errorf("unit %d stage %v: got %v, want not reached", u.Unit, s, got)
			}
			continue
		}
		if math.Abs(got.Start-w.Start) > 1e-9 || math.Abs(got.End-w.End) > 1e-9 {
			t.Errorf("unit %d stage %v: got %v, want %v", u.Unit, s, got, w)
		}
	}
}

func TestSingleUnitByHand(t *testing.T) {
	t.Parallel()
	rep := trace(t, tiny())
	u := rep.Units[0]
	if u.Status != Operational || u.Operational != 40 {
		t.Fatalf("status %v, operational on day %v; want operational on day 40", u.Status, u.Operational)
	}
	checkSpans(t, u, map[Stage]Span{
		StagePledge:      {0, 5},
		StageConsent:     {5, 15},
		StagePreparation: {15, 35},
		StageHostConsent: {35, 35},
		StageLiftWait:    {35, 36.25},
		StageTransit:     {36.25, 36.75},
		StageAirfield:    {36.75, 37},
		StageReception:   {37, 40},
	})
	if u.Sorties != 2 || rep.Lift[0].Sorties != 2 {
		t.Errorf("sorties: unit %d, pool %d; want 2", u.Sorties, rep.Lift[0].Sorties)
	}
	// 60 arrive, then 40, and the unit becomes operational.
	want := []PersonnelEvent{{Day: 35.75, Arrived: 60}, {Day: 37, Arrived: 40}, {Day: 40, Operational: 100}}
	if len(rep.Personnel) != len(want) {
		t.Fatalf("personnel events %v, want %v", rep.Personnel, want)
	}
	for i, a := range rep.Personnel {
		if math.Abs(a.Day-want[i].Day) > 1e-9 || a.Arrived != want[i].Arrived || a.Operational != want[i].Operational {
			t.Errorf("personnel event %d: %+v, want %+v", i, a, want[i])
		}
	}
	// The aircraft flew from 35 to 37.5 (back after the second sortie), busy
	// the whole time: 2.5 aircraft-days out of 2.5 open while anything flew.
	if l := rep.Lift[0]; math.Abs(l.BusyDays-2.5) > 1e-9 {
		t.Errorf("busy %v aircraft-days, want 2.5", l.BusyDays)
	}
}

func TestSingleUnitResult(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), tiny(), &Options{Replications: 20, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	// Every replication is the same: 100% on day 40.
	for _, f := range res.DaysToFraction {
		if f.P10 != 40 || f.P50 != 40 || f.P90 != 40 || f.Mean != 40 || f.Never != 0 {
			t.Errorf("days to %v: %+v, want 40 throughout", f.Fraction, f)
		}
	}
	want := map[float64]Share{30: 0, 60: 1, 90: 1}
	for _, d := range res.FractionAtDay {
		if d.P50 != want[d.Day] || d.Mean != want[d.Day] {
			t.Errorf("share on day %v: %+v, want %v", d.Day, d, want[d.Day])
		}
	}
	if res.Daily[39].P50 != 0 || res.Daily[40].P50 != 1 || res.Daily[40].P5 != 1 {
		t.Errorf("daily on days 39, 40: %+v, %+v", res.Daily[39], res.Daily[40])
	}
	// Arrived: 60 of 100 on day 36 (they landed at 35.75), all on day 37.
	if res.DailyArrived[35].P50 != 0 || res.DailyArrived[36].P50 != 0.6 || res.DailyArrived[37].P50 != 1 {
		t.Errorf("arrived on days 35-37: %v %v %v", res.DailyArrived[35].P50, res.DailyArrived[36].P50, res.DailyArrived[37].P50)
	}
	stages := map[string]Days{}
	for _, s := range res.Stages {
		stages[s.Stage] = s.MeanDays
	}
	for name, d := range map[string]Days{"pledge": 5, "consent": 10, "preparation": 20, "lift_wait": 1.25, "transit": 0.5, "airfield": 0.25, "reception": 3} {
		if math.Abs(float64(stages[name]-d)) > 1e-9 {
			t.Errorf("stage %s: %v days, want %v", name, stages[name], d)
		}
	}
	if res.Bottleneck == nil || res.Bottleneck.Stage != "preparation" {
		t.Errorf("bottleneck %+v, want preparation", res.Bottleneck)
	}
}

// TestReplicationDoesNotAllocate checks that a warm runner simulates a
// replication without allocating: no allocation per event.
func TestReplicationDoesNotAllocate(t *testing.T) {
	sc := random()
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	m := compile(sc)
	r := newRunner(m)
	acc := newAccumulator(m, &Options{})
	var rep Replication
	var sum summary
	const reps = 200
	simulate := func(i int) {
		r.run(1, i%reps, &rep)
		acc.summarize(&rep, &sum)
		acc.addDaily(&sum)
	}
	for i := range reps { // grow every buffer to its largest size
		simulate(i)
	}
	i := 0
	allocs := testing.AllocsPerRun(reps, func() {
		simulate(i)
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per replication (simulated, summarized, added to the daily histograms), want 0", allocs)
	}
	if r.sim.Fired() == 0 {
		t.Error("no events fired")
	}
}

// chance returns a fixed probability, for a unit's PledgeProbability.
func chance(p float64) *Dist {
	d := Const(p)
	return &d
}
