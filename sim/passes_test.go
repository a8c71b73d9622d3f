package sim

import (
	"context"
	"math"
	"testing"
)

// Tests of a unit slot that is served more than once: rotations,
// regeneration after a contingent is not replaced, and leaving while
// contingents overlap.

// TestRotationEndsRehatFailure: a re-hatted contingent that fails UN
// standards (repatriation due on day 50) but rotates out first, on day 30,
// takes its failure with it: the contingent that comes in on day 35 stays.
func TestRotationEndsRehatFailure(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units = []Unit{{ID: "r", Strength: 500, Source: Rehat, Rehat: Const(20),
		RehatFailure: &RehatFailure{Probability: Const(1), Delay: Const(30)},
		Rotation:     &Rotation{First: Const(10), Tour: Const(365), Gap: Const(5), Replace: Const(1)}}}
	sc.Target.Troops = 500
	rep := trace(t, sc)
	checkEvents(t, rep.Personnel, []PersonnelEvent{
		{Day: 20, Arrived: 500, Operational: 500, Why: MoveJoin},
		{Day: 30, Arrived: -500, Operational: -500, Why: MoveRotationOut},
		{Day: 35, Arrived: 500, Operational: 500, Why: MoveRotationIn},
	})
	if u := rep.Units[0]; u.Status != Operational {
		t.Errorf("status %v, want operational: the failing contingent has gone home", u.Status)
	}
	// With an overlap the failing contingent also goes: the incoming one,
	// on day 25, stays beyond day 50.
	sc.Units[0].Rotation = &Rotation{First: Const(10), Tour: Const(365), Overlap: Const(5), Replace: Const(1)}
	rep = trace(t, sc)
	checkEvents(t, rep.Personnel, []PersonnelEvent{
		{Day: 20, Arrived: 500, Operational: 500, Why: MoveJoin},
		{Day: 25, Arrived: 500, Operational: 500, Why: MoveRotationIn},
		{Day: 30, Arrived: -500, Operational: -500, Why: MoveRotationOut},
	})
}

// TestLeaveDuringOverlap: a unit that leaves for good on day 87 while its
// two contingents overlap (85 to 90) takes both home that day; one whose
// contingent is not replaced leaves on day 87 too, not at the tour's end.
func TestLeaveDuringOverlap(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 150
	sc.Units[0].Leave = Const(87)
	sc.Units[0].Rotation = &Rotation{Tour: Const(50), Overlap: Const(5), Replace: Const(1)}
	rep := trace(t, sc)
	checkEvents(t, eventsOf(rep, 0)[2:], []PersonnelEvent{
		{Day: 40, Operational: 100, Why: MoveOperational},
		{Day: 85, Arrived: 100, Operational: 100, Why: MoveRotationIn},
		{Day: 87, Arrived: -200, Operational: -200, Why: MoveLeft},
	})
	if u := rep.Units[0]; u.Status != Left || u.Left != 87 {
		t.Errorf("unit %v on day %v, want left on day 87", u.Status, u.Left)
	}
	sc.Units[0].Rotation.Replace = Const(0)
	rep = trace(t, sc)
	checkEvents(t, eventsOf(rep, 0)[2:], []PersonnelEvent{
		{Day: 40, Operational: 100, Why: MoveOperational},
		{Day: 87, Arrived: -100, Operational: -100, Why: MoveLeft},
	})
}

// TestLeaveBeforeMoving: a unit due to leave on day 30 that is only ready
// to move on day 35 never comes: it takes no aircraft and ends as left.
func TestLeaveBeforeMoving(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units[0].Leave = Const(30)
	rep := trace(t, sc)
	if len(rep.Personnel) != 0 {
		t.Errorf("personnel events %+v, want none", rep.Personnel)
	}
	if u := rep.Units[0]; u.Status != Left || !math.IsInf(u.Operational, 1) {
		t.Errorf("unit %+v, want left, never operational", u)
	}
	if sp := rep.Units[0].Span(StageLiftWait); sp.Reached() {
		t.Errorf("waited for lift %v, want never", sp)
	}
}

// TestReplaceIsDrawnAgainOnEveryPass: a contributor replaces its contingent
// with probability 1/2. The slot's second contingent, found after the first
// was not replaced, makes its own decision: over many replications both
// outcomes occur, in about equal numbers.
func TestReplaceIsDrawnAgainOnEveryPass(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 200
	sc.ForceGeneration.Conferences = 4 // days 5, 35, 65, 95
	sc.Units[0].Rotation = &Rotation{Tour: Const(50), Gap: Const(10), Replace: Const(0.5)}
	second := map[Movement]int{}
	for i := range 400 {
		ev := eventsOf(trace1(t, sc, i), 0)
		if ev[3].Why != MoveNotReplaced {
			continue
		}
		// The second contingent is operational on day 120; its tour ends
		// on day 170.
		for _, e := range ev[4:] {
			if e.Day == 170 {
				second[e.Why]++
			}
		}
	}
	n := second[MoveNotReplaced] + second[MoveRotationOut]
	if n < 150 {
		t.Fatalf("%d second contingents, want about 200 of 400", n)
	}
	// Binomial(n, 1/2): four standard deviations either side.
	if k := second[MoveRotationOut]; math.Abs(float64(k)-float64(n)/2) > 4*math.Sqrt(float64(n))/2 {
		t.Errorf("second contingents replaced %d of %d times, want about half", k, n)
	}
}

// TestReadyIsTheFirstPass: a slot sent back to force generation keeps the
// day its first contingent was ready to move (35), and a second contingent
// still preparing at the horizon is not counted as waiting for lift.
func TestReadyIsTheFirstPass(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 110 // the second contingent, pledged on day 95, is ready on day 115
	sc.ForceGeneration.Conferences = 4
	sc.Units[0].Rotation = &Rotation{Tour: Const(50), Gap: Const(10), Replace: Const(0)}
	u := trace(t, sc).Units[0]
	if u.Ready != 35 {
		t.Errorf("ready on day %v, want 35", u.Ready)
	}
	if sp := u.Span(StageLiftWait); sp.End > 40 {
		t.Errorf("lift wait %v: the second contingent, still preparing, counted as waiting", sp)
	}
	if sp := u.Span(StageTransit); sp.End > 40 {
		t.Errorf("transit %v: the second contingent, still preparing, counted as flying", sp)
	}
	sc.Horizon = 200
	if u := trace(t, sc).Units[0]; u.Ready != 35 {
		t.Errorf("ready on day %v after a second pass, want the first pass's 35", u.Ready)
	}
}

// TestMinimumTour: a tour drawn shorter than a day lasts a day, so a
// replication's rotations stay few.
func TestMinimumTour(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units[0].Rotation = &Rotation{Tour: Const(0.01), Gap: Const(1), Replace: Const(1)}
	ev := eventsOf(trace(t, sc), 0)
	outs := 0
	last := 40.0
	for _, e := range ev {
		if e.Why == MoveRotationOut {
			if e.Day-last < 1-1e-9 {
				t.Fatalf("rotated out on day %v, %v days after the tour began", e.Day, e.Day-last)
			}
			outs++
		}
		if e.Why == MoveRotationIn {
			last = e.Day
		}
	}
	// Operational on day 40; out 41, in 42, ... to day 100: 30 rotations.
	if outs != 30 {
		t.Errorf("%d rotations, want 30", outs)
	}
}

// TestReliefCountsInstances: a bridging force relieved by both instances
// of u1 stays while one of them has never come, even if the other has
// come twice (its first contingent not replaced).
func TestReliefCountsInstances(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 300
	sc.Target.Troops = 200
	sc.ForceGeneration.Conferences = 6 // days 5, 35, ..., 155
	sc.Units[0].Count = 2
	sc.Units[0].PledgeProbability = chance(0.4)
	sc.Units[0].Rotation = &Rotation{Tour: Const(20), Gap: Const(5), Replace: Const(0)}
	sc.Units = append(sc.Units, Unit{ID: "bridge", Strength: 300, Source: Rehat, RelievedBy: []string{"u1"}})
	cases := 0
	for i := range 300 {
		rep := trace1(t, sc, i)
		a, b, bridge := rep.Units[0], rep.Units[1], rep.Units[2]
		both := !math.IsInf(a.Operational, 1) && !math.IsInf(b.Operational, 1)
		if both {
			first := max(a.Operational, b.Operational)
			if bridge.Status != Left || bridge.Left != first {
				t.Errorf("rep %d: both instances operational by day %v; bridge %v on day %v, want left then", i, first, bridge.Status, bridge.Left)
			}
			continue
		}
		if bridge.Status == Left {
			t.Errorf("rep %d: bridge left on day %v, but an instance of u1 never came", i, bridge.Left)
		}
		arrivals := 0
		for _, e := range eventsOf(rep, 0) {
			if e.Why == MoveOperational {
				arrivals++
			}
		}
		if arrivals >= 2 {
			cases++
		}
	}
	if cases == 0 {
		t.Error("no replication had one instance come twice while the other never came")
	}
}

// TestEverOperational: a bridging force relieved on day 40 is operational
// in no run at the horizon but in every run at some point, first on day 0.
func TestEverOperational(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units = append(sc.Units, Unit{ID: "bridge", Strength: 300, Source: Rehat, RelievedBy: []string{"u1"}})
	res, err := Run(context.Background(), sc, &Options{Replications: 4})
	if err != nil {
		t.Fatal(err)
	}
	u := res.Units[1]
	if u.Operational != 0 || u.Ever != 1 || u.OperationalP50 != 0 || u.Left != 1 {
		t.Errorf("bridge: operational %v, ever %v, first on day %v, left %v; want 0, 1, 0, 1",
			u.Operational, u.Ever, u.OperationalP50, u.Left)
	}
}

// TestOverlapDoublesTheShare: while two contingents overlap (days 85 to
// 90) the unit's strength is twice its target, and the daily quantiles say
// so rather than stopping at the target.
func TestOverlapDoublesTheShare(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 150
	sc.Units[0].Rotation = &Rotation{Tour: Const(50), Overlap: Const(5), Replace: Const(1)}
	res, err := Run(context.Background(), sc, &Options{Replications: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		day  int
		want Share
	}{{60, 1}, {86, 2}, {89, 2}, {90, 1}} {
		if got := res.Daily[c.day].P50; math.Abs(float64(got-c.want)) > 0.02 {
			t.Errorf("day %d: share %v, want %v", c.day, got, c.want)
		}
	}
}
