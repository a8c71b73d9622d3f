package sim

import (
	"context"
	"math"
	"reflect"
	"testing"
)

// standby returns a standby unit ready on day ready with no other delay.
func standby(id string, strength int, ready float64) Unit {
	return Unit{ID: id, Strength: strength, Source: Standby, Readiness: Const(ready), Origin: "home"}
}

func TestLiftQueueOrder(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Reception.Delay = Const(0)
	sc.Airfields[0].GroundHours = 0
	sc.Lift[0].Flights[0].Hours = 72 // 3 days each way: a sortie holds the aircraft 6 days
	c := standby("c", 60, 5)         // takes the aircraft from day 5 to day 11
	a := standby("a", 60, 10)        // queues first on day 10 ...
	a.Priority = 1
	b := standby("b", 60, 10) // ... but b's priority is higher
	d := standby("d", 60, 10) // same priority as a, queued after it
	d.Priority = 1
	sc.Units = []Unit{c, a, b, d}
	sc.Target.Troops = 240
	rep := trace(t, sc)
	// Departures: c at 5, b at 11, a at 17, d at 23; each lands 3 days later.
	for i, want := range []float64{8, 23 - 3, 14, 26} {
		if got := rep.Units[i].Operational; math.Abs(got-want) > 1e-9 {
			t.Errorf("unit %s operational on day %v, want %v", sc.Units[i].ID, got, want)
		}
	}
	checkSpans(t, rep.Units[2], map[Stage]Span{
		StageReadiness: {0, 10}, StagePreparation: {10, 10}, StageHostConsent: {10, 10},
		StageLiftWait: {10, 11}, StageTransit: {11, 14}, StageAirfield: {14, 14}, StageReception: {14, 14},
	})
}

// TestLiftSkipsWhatItCannotCarry: a request whose remaining load the free
// aircraft cannot take holds up nobody behind it.
func TestLiftSkipsWhatItCannotCarry(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Reception.Delay = Const(0)
	sc.Airfields[0].GroundHours = 0
	sc.Lift[0].Flights[0].Hours = 24 // a sortie holds the passenger aircraft 2 days
	sc.Lift = append(sc.Lift, LiftPool{ID: "freighter", Count: 1, Payload: 10, Available: Const(50),
		Flights: []Flight{{Origin: "home", Hours: 24}}})
	c := standby("c", 60, 5) // takes the passenger aircraft from day 5 to day 7
	a := standby("a", 60, 6) // waits for it from day 6, with equipment only the freighter takes
	a.Equipment = Equipment{Tonnes: 20, Largest: 8}
	b := standby("b", 60, 6) // queued behind a
	sc.Units = []Unit{c, a, b}
	sc.Target.Troops = 180
	rep := trace(t, sc)
	// a's personnel fly on day 7 and land on day 8; its equipment waits
	// for the freighter, so on day 9 the passenger aircraft takes b, which
	// lands on day 10. The freighter takes a's equipment in two sorties
	// from day 50.
	for i, want := range []float64{6, 8, 10} {
		if got := rep.Units[i].Operational; got != want {
			t.Errorf("unit %s operational on day %v, want %v", sc.Units[i].ID, got, want)
		}
	}
	if n := rep.Lift[1].Sorties; n != 2 || rep.Lift[0].Sorties != 3 {
		t.Errorf("%d and %d sorties, want 3 and 2", rep.Lift[0].Sorties, n)
	}
}

func TestFirstComeFirstServed(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Reception.Delay = Const(0)
	sc.Airfields[0].GroundHours = 0
	// Two units ready on the same day share one aircraft of 60 seats with a
	// one-day round trip: the one listed first flies first.
	sc.Units = []Unit{standby("first", 60, 10), standby("second", 60, 10)}
	sc.Target.Troops = 120
	rep := trace(t, sc)
	if a, b := rep.Units[0].Operational, rep.Units[1].Operational; a != 10.5 || b != 11.5 {
		t.Errorf("operational on days %v and %v, want 10.5 and 11.5", a, b)
	}
}

func TestAirfieldSlots(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Reception.Delay = Const(0)
	sc.Lift[0].Count = 2
	sc.Airfields[0].GroundHours = 12
	sc.Units = []Unit{standby("a", 60, 10), standby("b", 60, 10)}
	sc.Target.Troops = 120
	rep := trace(t, sc)
	// Both land at 10.5; one slot, half a day on the ground each.
	checkSpans(t, rep.Units[1], map[Stage]Span{
		StageReadiness: {0, 10}, StagePreparation: {10, 10}, StageHostConsent: {10, 10},
		StageLiftWait: {10, 10}, StageTransit: {10, 10.5}, StageAirfield: {10.5, 11.5}, StageReception: {11.5, 11.5},
	})
	if af := rep.Airfields[0]; af.Sorties != 2 || af.Waited != 1 || af.WaitDays != 0.5 {
		t.Errorf("airfield %+v, want 2 sorties, 1 waited 0.5 days", af)
	}
}

func TestDonorFloor(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Missions = []Mission{{ID: "donor", Strength: 1000, Floor: 800, Release: Const(7)}}
	sc.Transfers.Authorization = Const(2)
	tr := Unit{Strength: 150, Source: Transfer, Country: "a", Mission: "donor", Origin: "home", Preparation: Const(20)}
	first, second := tr, tr
	first.ID, second.ID = "first", "second"
	sc.Units = []Unit{first, second}
	rep := trace(t, sc)
	// Both are asked on day 2 and consented on day 12. The first leaves the
	// donor at 850; the second would take it to 700, below its floor of 800.
	if rep.Units[0].Status != Operational || rep.Units[1].Status != Blocked {
		t.Fatalf("statuses %v, %v; want operational, blocked", rep.Units[0].Status, rep.Units[1].Status)
	}
	checkSpans(t, rep.Units[1], map[Stage]Span{StageAuthorization: {0, 2}, StageConsent: {2, 12}})
	checkSpans(t, rep.Units[0], map[Stage]Span{
		StageAuthorization: {0, 2}, StageConsent: {2, 12}, StageRelease: {12, 19}, StagePreparation: {19, 39},
		StageHostConsent: {39, 39}, StageLiftWait: {39, 41.5}, StageTransit: {41.5, 42}, StageAirfield: {42, 42.25},
		StageReception: {42.25, 45.25},
	})
	if m := rep.Missions[0]; m.Released != 1 || m.Blocked != 1 || m.Strength != 850 {
		t.Errorf("mission %+v, want 1 released, 1 blocked, 850 left", m)
	}
	res, err := Run(context.Background(), sc, &Options{Replications: 5})
	if err != nil {
		t.Fatal(err)
	}
	if u := res.Units[1]; u.Blocked != 1 || u.Operational != 0 {
		t.Errorf("second unit: %+v, want blocked in every replication", u)
	}
	if m := res.Missions[0]; m.BlockedShare != 1 || m.Blocked != 1 {
		t.Errorf("mission summary %+v", m)
	}
}

func TestLegislativeRefusal(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Countries = append(sc.Countries, Country{ID: "b", Consent: Const(10),
		Legislative: Legislative{Probability: Const(1), Delay: Const(30), Refusal: Const(1)}})
	sc.ForceGeneration.First = 0
	sc.Units = []Unit{
		{ID: "b1", Strength: 50, Source: Pledge, Country: "b", Origin: "home", PledgeProbability: chance(1)},
		{ID: "b2", Strength: 50, Source: Pledge, Country: "b", Origin: "home", PledgeProbability: chance(1)},
		{ID: "a1", Strength: 50, Source: Pledge, Country: "a", Origin: "home", PledgeProbability: chance(1)},
	}
	sc.Target.Troops = 150
	rep := trace(t, sc)
	for i, want := range []Status{Refused, Refused, Operational} {
		if got := rep.Units[i].Status; got != want {
			t.Errorf("unit %s: %v, want %v", sc.Units[i].ID, got, want)
		}
	}
	checkSpans(t, rep.Units[1], map[Stage]Span{StagePledge: {0, 0}, StageConsent: {0, 10}, StageLegislative: {10, 40}})
	res, err := Run(context.Background(), sc, &Options{Replications: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Units[0].Refused != 1 || res.Units[2].Refused != 0 {
		t.Errorf("refused shares %v and %v, want 1 and 0", res.Units[0].Refused, res.Units[2].Refused)
	}
	// Only a third of the target can ever arrive.
	if f := res.DaysToFraction[0]; f.Never != 0 || f.P50 != 13.75 {
		t.Errorf("days to 25%%: %+v, want 13.75 (a1: consent 10, one sortie 0.5+0.25, reception 3)", f)
	}
	if f := res.DaysToFraction[1]; f.Never != 1 {
		t.Errorf("days to 50%%: %+v, want never", f)
	}
}

func TestOneDecisionPerCountry(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Missions = []Mission{{ID: "donor", Strength: 1000}}
	sc.Countries[0].Consent = Const(30)
	sc.ForceGeneration.First = 20
	sc.Units = []Unit{
		{ID: "pledged", Strength: 50, Source: Pledge, Country: "a", Origin: "home", PledgeProbability: chance(1)},
		{ID: "lent", Strength: 50, Source: Transfer, Country: "a", Mission: "donor", Origin: "home"},
	}
	rep := trace(t, sc)
	// The transfer asks on day 0; the government decides on day 30, which
	// also covers the unit pledged on day 20.
	checkSpans(t, rep.Units[0], map[Stage]Span{StagePledge: {0, 20}, StageConsent: {20, 30},
		StagePreparation: {30, 30}, StageHostConsent: {30, 30}, StageLiftWait: {30, 30},
		StageTransit: {30, 30.5}, StageAirfield: {30.5, 30.75}, StageReception: {30.75, 33.75}})
	checkSpans(t, rep.Units[1], map[Stage]Span{StageAuthorization: {0, 0}, StageConsent: {0, 30},
		StageRelease: {30, 30}, StagePreparation: {30, 30}, StageHostConsent: {30, 30}, StageLiftWait: {30, 31.25},
		StageTransit: {31.25, 31.75}, StageAirfield: {31.75, 32}, StageReception: {32, 35}})
}

func TestConvoyAndIntake(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Routes = []Route{{ID: "road", Transit: Const(5), Every: 7}}
	sc.Reception = Reception{Delay: Const(1), Capacity: 50}
	a := standby("a", 100, 10)
	a.Route = "road"
	b := standby("b", 100, 12)
	b.Route = "road"
	sc.Units = []Unit{a, b}
	sc.Target.Troops = 200
	rep := trace(t, sc)
	// Both leave with the day-14 convoy and arrive on day 19. The mission
	// takes in 50 a day: a is in by day 21, b by day 23; then a day of RSOI.
	checkSpans(t, rep.Units[0], map[Stage]Span{StageReadiness: {0, 10}, StagePreparation: {10, 10},
		StageHostConsent: {10, 10}, StageLiftWait: {10, 14}, StageTransit: {14, 19}, StageReception: {19, 22}})
	checkSpans(t, rep.Units[1], map[Stage]Span{StageReadiness: {0, 12}, StagePreparation: {12, 12},
		StageHostConsent: {12, 12}, StageLiftWait: {12, 14}, StageTransit: {14, 19}, StageReception: {19, 24}})
}

func TestGatesAndSources(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Host.Consent = Const(50)
	sc.Reception.Delay = Const(0)
	sc.Airfields[0].GroundHours = 0
	sc.ForceGeneration = ForceGeneration{First: 10, Interval: 30, Conferences: 3}
	sc.Units = []Unit{
		standby("early", 60, 10),
		{ID: "there", Strength: 300, Source: Rehat, Rehat: Const(60)},
		{ID: "never", Strength: 60, Source: Pledge, Country: "a", Origin: "home"},
	}
	sc.Target.Troops = 420
	rep := trace(t, sc)
	checkSpans(t, rep.Units[0], map[Stage]Span{StageReadiness: {0, 10}, StagePreparation: {10, 10},
		StageHostConsent: {10, 50}, StageLiftWait: {50, 50}, StageTransit: {50, 50.5}, StageAirfield: {50.5, 50.5},
		StageReception: {50.5, 50.5}})
	checkSpans(t, rep.Units[1], map[Stage]Span{StageRehat: {0, 60}})
	if u := rep.Units[1]; u.Status != Operational || u.Operational != 60 {
		t.Errorf("re-hatted unit: %v on day %v, want operational on day 60", u.Status, u.Operational)
	}
	// Conferences on days 10, 40 and 70 pledge nothing: a gap from day 70.
	checkSpans(t, rep.Units[2], map[Stage]Span{StagePledge: {0, 70}})
	if rep.Units[2].Status != Gap {
		t.Errorf("unpledged unit: %v, want gap", rep.Units[2].Status)
	}
}

func TestRequiredShareAndEquipment(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Reception.Delay = Const(0)
	sc.Airfields[0].GroundHours = 0
	sc.Lift = append(sc.Lift, LiftPool{ID: "freighter", Count: 1, Payload: 40,
		Flights: []Flight{{Origin: "home", Hours: 24}}})
	sc.Routes = []Route{{ID: "sea", Transit: Const(30)}}
	// 100 people in two sorties; 80 t of equipment in two freighter sorties
	// (one day each way). Half of each must be there.
	u := standby("u", 100, 10)
	u.Required = 0.5
	u.Equipment = Equipment{Tonnes: 80, Largest: 20, Required: 0.5}
	// A second unit sends its equipment by sea: 30 days.
	v := standby("v", 60, 10)
	v.Equipment = Equipment{Tonnes: 10, Route: "sea", Required: 1}
	sc.Units = []Unit{u, v}
	sc.Target.Troops = 160
	rep := trace(t, sc)
	// u: 60 people land at 10.5 (enough), 40 t land on day 11 (enough).
	if got := rep.Units[0].Operational; got != 11 {
		t.Errorf("u operational on day %v, want 11 (half its equipment lands then)", got)
	}
	// v: its people fly after u's second sortie (the aircraft is back on
	// day 12, lands 12.5); its equipment arrives on day 40.
	if got := rep.Units[1].Operational; got != 40 {
		t.Errorf("v operational on day %v, want 40 (equipment by sea)", got)
	}
	checkSpans(t, rep.Units[1], map[Stage]Span{StageReadiness: {0, 10}, StagePreparation: {10, 10},
		StageHostConsent: {10, 10}, StageLiftWait: {10, 10}, StageTransit: {10, 40}, StageReception: {40, 40}})
}

func TestCountExpandsInstances(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units[0].Count = 3
	sc.Target.Troops = 300
	rep := trace(t, sc)
	if len(rep.Units) != 3 {
		t.Fatalf("%d unit runs, want 3", len(rep.Units))
	}
	for i, u := range rep.Units {
		if u.Unit != 0 || u.Instance != i+1 || u.Status != Operational {
			t.Errorf("instance %d: %+v", i, u)
		}
	}
	// One aircraft, 2 sorties each (1.25-day cycles): the third is last.
	if !(rep.Units[0].Operational < rep.Units[1].Operational && rep.Units[1].Operational < rep.Units[2].Operational) {
		t.Errorf("instances not served in order: %v %v %v", rep.Units[0].Operational, rep.Units[1].Operational, rep.Units[2].Operational)
	}
}

// random returns a scenario with uncertainty in every stage.
func random() *Scenario {
	sc := tiny()
	sc.Horizon = 200
	sc.Host.Consent = Dist{Kind: Uniform, Min: 0, Max: 10}
	sc.Transfers.Authorization = Dist{Kind: Triangular, Min: 0, Mode: 2, Max: 10}
	sc.ForceGeneration = ForceGeneration{First: 10, Interval: 30, Conferences: 4}
	sc.Reception.Delay = Dist{Kind: Gamma, Shape: 2, Scale: 3}
	sc.Countries = []Country{
		{ID: "a", Consent: Dist{Kind: LogNormal, Median: 14, P90: 40}},
		{ID: "b", Consent: Dist{Kind: Empirical, Values: []float64{5, 10, 30}},
			Legislative: Legislative{Probability: Const(0.5), Delay: Dist{Kind: LogNormal, Median: 20, P90: 60}, Refusal: Const(0.1)}},
	}
	sc.Missions = []Mission{{ID: "donor", Strength: 1000, Floor: 700, Release: Dist{Kind: Uniform, Min: 5, Max: 15}}}
	sc.Lift[0].Available = Dist{Kind: Uniform, Min: 0, Max: 20}
	sc.Units = []Unit{
		{ID: "p", Strength: 300, Count: 2, Source: Pledge, Country: "b", Origin: "home", PledgeProbability: chance(0.6),
			Preparation: Dist{Kind: LogNormal, Median: 30, P90: 60}},
		{ID: "t", Strength: 200, Count: 2, Source: Transfer, Country: "a", Mission: "donor", Origin: "home",
			Preparation: Dist{Kind: Uniform, Min: 5, Max: 15}},
		{ID: "s", Strength: 100, Source: Standby, Readiness: Dist{Kind: Triangular, Min: 10, Mode: 14, Max: 30}, Origin: "home"},
	}
	sc.Target.Troops = 1300
	return sc
}

func TestWorkersDoNotChangeResults(t *testing.T) {
	t.Parallel()
	sc := random()
	run := func(workers int) *Result {
		res, err := Run(context.Background(), sc, &Options{Replications: 300, Seed: 7, Workers: workers, Samples: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	one, four := run(1), run(4)
	if !reflect.DeepEqual(one, four) {
		t.Error("results differ between 1 and 4 workers")
	}
	other, err := Run(context.Background(), sc, &Options{Replications: 300, Seed: 8, Samples: true})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(one.Samples, other.Samples) {
		t.Error("seeds 7 and 8 gave the same samples")
	}
}

// TestCommonRandomNumbers checks that changing the airlift leaves every
// draw that does not depend on it as it was.
func TestCommonRandomNumbers(t *testing.T) {
	t.Parallel()
	base := random()
	more := random()
	more.Lift[0].Count = 3
	for rep := range 20 {
		a, err := Trace(base, 3, rep)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Trace(more, 3, rep)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Units {
			for _, s := range []Stage{StagePledge, StageConsent, StageLegislative, StageReadiness} {
				if sa, sb := a.Units[i].Span(s), b.Units[i].Span(s); sa != sb && sa.Reached() {
					t.Fatalf("rep %d unit %d stage %v: %v with one aircraft, %v with three",
						rep, i, s, sa, sb)
				}
			}
		}
	}
}

func TestConferencesAfterTheHorizonAreNotAGap(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 40
	sc.ForceGeneration = ForceGeneration{First: 10, Interval: 30, Conferences: 4} // days 10, 40, 70, 100
	sc.Units[0].PledgeProbability = chance(0)
	rep := trace(t, sc)
	if u := rep.Units[0]; u.Status != InPipeline {
		t.Errorf("status %v, want in pipeline: conferences on days 70 and 100 are still to come", u.Status)
	}
	checkSpans(t, rep.Units[0], map[Stage]Span{StagePledge: {0, 40}})
	sc.Horizon = 100
	if u := trace(t, sc).Units[0]; u.Status != Gap {
		t.Errorf("status %v, want a gap once the last conference (day 100) is past", u.Status)
	}
}

func TestWaitingForLiftAtTheHorizonCounts(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Lift[0].Available = Const(500) // never within the horizon of 100
	rep := trace(t, sc)
	checkSpans(t, rep.Units[0], map[Stage]Span{StagePledge: {0, 5}, StageConsent: {5, 15}, StagePreparation: {15, 35},
		StageHostConsent: {35, 35}, StageLiftWait: {35, 100}})
	res, err := Run(context.Background(), sc, &Options{Replications: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Bottleneck == nil || res.Bottleneck.Stage != "lift_wait" || res.Bottleneck.MeanDays != 65 {
		t.Errorf("bottleneck %+v, want 65 days waiting for lift", res.Bottleneck)
	}
	// A unit whose last load is in the air at the horizon is in transit.
	sc = tiny()
	sc.Units[0].Strength = 60              // one sortie
	sc.Lift[0].Flights[0].Hours = 24 * 100 // a 100-day flight
	checkSpans(t, trace(t, sc).Units[0], map[Stage]Span{StagePledge: {0, 5}, StageConsent: {5, 15},
		StagePreparation: {15, 35}, StageHostConsent: {35, 35}, StageLiftWait: {35, 35}, StageTransit: {35, 100}})
}

func TestLargestItemNeedsABigEnoughAircraft(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Reception.Delay = Const(0)
	sc.Airfields[0].GroundHours = 0
	sc.Lift = append(sc.Lift,
		LiftPool{ID: "small", Count: 1, Payload: 10, Flights: []Flight{{Origin: "home", Hours: 12}}},
		LiftPool{ID: "big", Count: 1, Payload: 60, Available: Const(50), Flights: []Flight{{Origin: "home", Hours: 12}}})
	u := standby("u", 60, 1)
	u.Equipment = Equipment{Tonnes: 40, Largest: 40, Required: 1}
	sc.Units = []Unit{u}
	sc.Target.Troops = 60
	rep := trace(t, sc)
	// The 40-t item fits only the big freighter, which flies from day 50.
	if got := rep.Units[0].Operational; got != 50.5 {
		t.Errorf("operational on day %v, want 50.5 (the big freighter's first landing)", got)
	}
	if rep.Lift[1].Sorties != 0 || rep.Lift[2].Sorties != 1 {
		t.Errorf("sorties small %d, big %d; want 0 and 1", rep.Lift[1].Sorties, rep.Lift[2].Sorties)
	}
}

func TestConvoyFarApart(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Routes = []Route{{ID: "road", Transit: Const(5), Every: 1e12}}
	u := standby("u", 100, 10)
	u.Route = "road"
	sc.Units = []Unit{u}
	rep := trace(t, sc) // must not panic
	if rep.Units[0].Status != InPipeline {
		t.Errorf("status %v, want in pipeline", rep.Units[0].Status)
	}
}
