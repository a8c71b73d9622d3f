package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// events returns the personnel events of unit instance i.
func eventsOf(rep *Replication, i int) []PersonnelEvent {
	var out []PersonnelEvent
	for _, e := range rep.Personnel {
		if e.Unit == i {
			out = append(out, e)
		}
	}
	return out
}

func checkEvents(t *testing.T, got []PersonnelEvent, want []PersonnelEvent) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("personnel events %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if math.Abs(g.Day-w.Day) > 1e-9 || g.Arrived != w.Arrived || g.Operational != w.Operational || g.Why != w.Why {
			t.Errorf("event %d: %+v, want %+v", i, g, w)
		}
	}
}

// TestRotationGap: tiny's unit is operational on day 40. With tours of 50
// days and a 10-day gap, its contingent leaves on days 90 and 150 and the
// next arrives 10 days later each time: the share operational dips by the
// unit's whole strength for exactly 10 days.
func TestRotationGap(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 200
	sc.Units[0].Rotation = &Rotation{Tour: Const(50), Gap: Const(10), Replace: Const(1)}
	rep := trace(t, sc)
	checkEvents(t, eventsOf(rep, 0)[2:], []PersonnelEvent{
		{Day: 40, Operational: 100, Why: MoveOperational},
		{Day: 90, Arrived: -100, Operational: -100, Why: MoveRotationOut},
		{Day: 100, Arrived: 100, Operational: 100, Why: MoveRotationIn},
		{Day: 150, Arrived: -100, Operational: -100, Why: MoveRotationOut},
		{Day: 160, Arrived: 100, Operational: 100, Why: MoveRotationIn},
	})
	if got := rep.Units[0].Status; got != Operational {
		t.Errorf("status %v, want operational", got)
	}
	res, err := Run(context.Background(), sc, &Options{Replications: 5})
	if err != nil {
		t.Fatal(err)
	}
	dip := 0
	for d := 41; d <= 200; d++ {
		if res.Daily[d].P50 == 0 {
			dip++
			if !(d >= 90 && d < 100 || d >= 150 && d < 160) {
				t.Errorf("day %d: share 0 outside the two gaps", d)
			}
		} else if res.Daily[d].P50 != 1 {
			t.Errorf("day %d: share %v, want 1 or 0", d, res.Daily[d].P50)
		}
	}
	if dip != 20 {
		t.Errorf("%d days at 0, want 2 gaps of 10 days", dip)
	}
	if len(res.Departures) != 1 || res.Departures[0].Why != "rotation_out" || res.Departures[0].Personnel != 200 {
		t.Errorf("departures %+v, want 200 personnel rotating out per run", res.Departures)
	}
	// At the horizon in a gap, the unit is rotating.
	sc.Horizon = 95
	if got := trace(t, sc).Units[0].Status; got != Rotating {
		t.Errorf("status on day 95, in a gap: %v, want rotating", got)
	}
}

// TestRotationOverlap: with a 5-day overlap, the incoming contingent
// arrives on day 85, five days before the outgoing one leaves on day 90:
// the strength is double for those five days, and the next tour runs from
// the incoming contingent's arrival.
func TestRotationOverlap(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 150
	sc.Units[0].Rotation = &Rotation{Tour: Const(50), Overlap: Const(5), Replace: Const(1)}
	rep := trace(t, sc)
	checkEvents(t, eventsOf(rep, 0)[2:], []PersonnelEvent{
		{Day: 40, Operational: 100, Why: MoveOperational},
		{Day: 85, Arrived: 100, Operational: 100, Why: MoveRotationIn},
		{Day: 90, Arrived: -100, Operational: -100, Why: MoveRotationOut},
		{Day: 130, Arrived: 100, Operational: 100, Why: MoveRotationIn},
		{Day: 135, Arrived: -100, Operational: -100, Why: MoveRotationOut},
	})
}

// TestNotReplacedGoesBackToForceGeneration: a contributor that never
// replaces its contingent sends the slot back to force generation: the
// contingent leaves at the end of its tour (day 90) and the slot is pledged
// at the next conference (day 95), prepares for 20 days and flies in again.
func TestNotReplacedGoesBackToForceGeneration(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 200
	sc.ForceGeneration.Conferences = 4 // days 5, 35, 65, 95
	sc.Units[0].Rotation = &Rotation{Tour: Const(50), Gap: Const(10), Replace: Const(0)}
	rep := trace(t, sc)
	ev := eventsOf(rep, 0)
	if e := ev[3]; e.Day != 90 || e.Operational != -100 || e.Why != MoveNotReplaced {
		t.Fatalf("departure %+v, want 100 leaving, not replaced, on day 90", e)
	}
	// Pledged on day 95, ready on 115, flown like the first time: 60 land
	// at 115.75 and 40 at 117, operational on 120.
	checkEvents(t, ev[4:], []PersonnelEvent{
		{Day: 115.75, Arrived: 60, Why: MoveArrival},
		{Day: 117, Arrived: 40, Why: MoveArrival},
		{Day: 120, Operational: 100, Why: MoveOperational},
		{Day: 170, Arrived: -100, Operational: -100, Why: MoveNotReplaced},
	})
	u := rep.Units[0]
	if u.Operational != 40 {
		t.Errorf("first operational on day %v, want 40", u.Operational)
	}
	// Its second contingent left on day 170, after the last conference:
	// no new contributor can be found for the slot.
	if u.Status != NotReplaced {
		t.Errorf("status %v at the horizon, want not replaced (no conference after day 170)", u.Status)
	}
}

// TestRehatFailure: a re-hatted force that fails UN standards with
// certainty is repatriated the given delay after re-hatting, on day 20 + 30.
func TestRehatFailure(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units = []Unit{{ID: "r", Strength: 500, Source: Rehat, Rehat: Const(20),
		RehatFailure: &RehatFailure{Probability: Const(1), Delay: Const(30)}}}
	sc.Target.Troops = 500
	rep := trace(t, sc)
	checkEvents(t, rep.Personnel, []PersonnelEvent{
		{Day: 20, Arrived: 500, Operational: 500, Why: MoveJoin},
		{Day: 50, Arrived: -500, Operational: -500, Why: MoveRepatriated},
	})
	if u := rep.Units[0]; u.Status != Repatriated || u.Left != 50 || u.Operational != 20 {
		t.Errorf("unit %+v, want repatriated on day 50 after joining on day 20", u)
	}
	sc.Units[0].RehatFailure.Probability = Const(0)
	if u := trace(t, sc).Units[0]; u.Status != Operational || !math.IsNaN(u.Left) {
		t.Errorf("with no failure: %+v, want operational", u)
	}
}

// TestLeaveAndRelief: a bridging force re-hatted on day 0 leaves when the
// unit that relieves it is operational (day 40), and a transitional force
// leaves on its date.
func TestLeaveAndRelief(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units = append(sc.Units,
		Unit{ID: "bridge", Strength: 300, Source: Rehat, RelievedBy: []string{"u1"}},
		Unit{ID: "interim", Strength: 200, Source: Rehat, Leave: Const(30)})
	rep := trace(t, sc)
	for i, want := range []float64{math.NaN(), 40, 30} {
		u := rep.Units[i]
		if math.IsNaN(want) {
			if u.Status != Operational {
				t.Errorf("unit %d: %v, want operational", i, u.Status)
			}
			continue
		}
		if u.Status != Left || u.Left != want {
			t.Errorf("unit %d: %v on day %v, want left on day %v", i, u.Status, u.Left, want)
		}
	}
	checkEvents(t, eventsOf(rep, 1), []PersonnelEvent{
		{Day: 0, Arrived: 300, Operational: 300, Why: MoveJoin},
		{Day: 40, Arrived: -300, Operational: -300, Why: MoveLeft},
	})
}

// TestWithdrawal: a withdrawal chance of 1 - e^-3 per 30 days is a hazard
// of 0.1 a day, so a contingent serves 10 days on average before its
// contributor withdraws it.
func TestWithdrawal(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Horizon = 2000
	sc.ForceGeneration.Conferences = 1
	sc.Units[0].Withdrawal = Const(1 - math.Exp(-3))
	sum, n := 0.0, 2000
	for rep := range n {
		r, err := Trace(sc, 1, rep)
		if err != nil {
			t.Fatal(err)
		}
		ev := eventsOf(r, 0)
		last := ev[len(ev)-1]
		if last.Why != MoveWithdrawn || last.Operational != -100 {
			t.Fatalf("rep %d: last event %+v, want a withdrawal", rep, last)
		}
		sum += last.Day - 40
	}
	// The mean of 2,000 exponential draws of mean 10 is within 0.7 of it
	// (three standard errors: 3 * 10 / sqrt(2000)).
	if mean := sum / float64(n); math.Abs(mean-10) > 0.7 {
		t.Errorf("mean days served %.2f, want 10", mean)
	}
}

// TestFill: a fill of exactly 0.8 deploys 80 of the unit's 100.
func TestFill(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units[0].Fill = Const(0.8)
	rep := trace(t, sc)
	// 60 on the first sortie, 20 on the second; operational 3 days later.
	checkEvents(t, rep.Personnel, []PersonnelEvent{
		{Day: 35.75, Arrived: 60, Why: MoveArrival},
		{Day: 37, Arrived: 20, Why: MoveArrival},
		{Day: 40, Operational: 80, Why: MoveOperational},
	})
	res, err := Run(context.Background(), sc, &Options{Replications: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Daily[60].P50; got != 0.8 {
		t.Errorf("share on day 60: %v, want 0.8", got)
	}
}

// TestActivation: a standby arrangement that is never used never comes;
// one used after a 7-day decision starts getting ready on day 7.
func TestActivation(t *testing.T) {
	t.Parallel()
	sc := tiny()
	u := standby("s", 100, 5)
	u.Activation = &Activation{Probability: Const(0), Delay: Const(7)}
	sc.Units = []Unit{u}
	rep := trace(t, sc)
	if got := rep.Units[0]; got.Status != NotActivated || len(rep.Personnel) != 0 {
		t.Errorf("never used: %v with %d personnel events, want not activated and nothing", got.Status, len(rep.Personnel))
	}
	sc.Units[0].Activation.Probability = Const(1)
	rep = trace(t, sc)
	checkSpans(t, rep.Units[0], map[Stage]Span{
		StageActivation: {0, 7}, StageReadiness: {7, 12}, StagePreparation: {12, 12}, StageHostConsent: {12, 12},
		StageLiftWait: {12, 13.25}, StageTransit: {13.25, 13.75}, StageAirfield: {13.75, 14}, StageReception: {14, 17},
	})
}

// TestNamedEvent: an event on day 60 holds every unit that waits for it;
// a pledged unit is then pledged at the first conference after it. An
// event that never happens holds its units for ever.
func TestNamedEvent(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.ForceGeneration = ForceGeneration{First: 5, Interval: 30, Conferences: 4} // 5, 35, 65, 95
	sc.Events = []Event{
		{ID: "ceasefire", Day: Const(60), Probability: Const(1)},
		{ID: "package", Day: Const(80), Probability: Const(1), Gate: BeforeMove},
	}
	a := standby("a", 50, 5)
	a.Await = []string{"ceasefire"}
	b := sc.Units[0]
	b.Strength = 50
	b.Await = []string{"ceasefire", "package"}
	c := standby("c", 50, 5)
	c.Await = []string{"package"}
	sc.Units = []Unit{a, b, c}
	rep := trace(t, sc)
	checkSpans(t, rep.Units[0], map[Stage]Span{
		StageEvent: {0, 60}, StageReadiness: {60, 65}, StagePreparation: {65, 65}, StageHostConsent: {65, 65},
		StageLiftWait: {65, 65}, StageTransit: {65, 65.5}, StageAirfield: {65.5, 65.75}, StageReception: {65.75, 68.75},
	})
	// b: the ceasefire on day 60, pledged on 65, consent on 75, ready on 95.
	if sp := rep.Units[1].Span(StagePledge); sp != (Span{60, 65}) {
		t.Errorf("b pledged %v, want from day 60 to 65", sp)
	}
	if sp := rep.Units[2].Span(StageEvent); sp != (Span{5, 80}) {
		t.Errorf("c waited for the package %v, want from day 5 (ready) to 80", sp)
	}
	sc.Events[0].Probability = Const(0)
	rep = trace(t, sc)
	for i, want := range []Status{InPipeline, InPipeline, Operational} {
		if got := rep.Units[i].Status; got != want {
			t.Errorf("without a ceasefire, unit %d is %v, want %v", i, got, want)
		}
	}
	if sp := rep.Units[0].Span(StageEvent); sp != (Span{0, 100}) {
		t.Errorf("waiting for an event that never comes: %v, want the whole horizon", sp)
	}
}

// TestSharedFactorScalesEveryUnit: a factor of exactly 2 on the consent
// and preparation delays doubles them for every unit, and leaves the
// other draws as they were.
func TestSharedFactorScalesEveryUnit(t *testing.T) {
	t.Parallel()
	base := random()
	scaled := random()
	scaled.Factors = []Factor{{ID: "will", Value: Const(2)}}
	for c := range scaled.Countries {
		scaled.Countries[c].Consent.Factors = []FactorRef{{Factor: "will"}}
	}
	for u := range scaled.Units {
		scaled.Units[u].Preparation.Factors = []FactorRef{{Factor: "will"}}
	}
	checked := 0
	for rep := range 10 {
		a, b := trace1(t, base, rep), trace1(t, scaled, rep)
		for i := range a.Units {
			for _, s := range []Stage{StageConsent, StagePreparation} {
				sa, sb := a.Units[i].Span(s), b.Units[i].Span(s)
				if !sa.Reached() || !sb.Reached() || sa.Start != sb.Start || sa.End >= float64(base.Horizon) || sb.End >= float64(base.Horizon) {
					continue // not reached, reached at another time, or cut by the horizon
				}
				checked++
				if math.Abs(sb.Days()-2*sa.Days()) > 1e-9 {
					t.Errorf("rep %d unit %d %v: %v days scaled, %v unscaled; want twice", rep, i, s, sb.Days(), sa.Days())
				}
			}
		}
		if a.Units[0].Span(StagePledge) != b.Units[0].Span(StagePledge) {
			t.Errorf("rep %d: the pledge moved, but no factor scales it", rep)
		}
	}
	if checked < 10 {
		t.Errorf("only %d spans compared", checked)
	}
	inv := random()
	inv.Factors = []Factor{{ID: "will", Value: Const(2)}}
	inv.Units[0].Preparation.Factors = []FactorRef{{Factor: "will", Inverse: true}}
	a, b := trace1(t, base, 1), trace1(t, inv, 1)
	if sa, sb := a.Units[0].Span(StagePreparation), b.Units[0].Span(StagePreparation); sa.Start == sb.Start && math.Abs(sb.Days()-sa.Days()/2) > 1e-9 {
		t.Errorf("an inverse factor of 2: %v days, want half of %v", sb.Days(), sa.Days())
	}
}

func trace1(t *testing.T, sc *Scenario, rep int) *Replication {
	t.Helper()
	r, err := Trace(sc, 5, rep)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestUncertainParameterIsDrawnOncePerReplication: a pledge probability
// drawn from {0, 1} is the same for every instance of the unit within a
// replication: all are pledged at the first conference, or none ever is.
func TestUncertainParameterIsDrawnOncePerReplication(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units[0].Count = 5
	sc.Target.Troops = 500
	sc.Units[0].PledgeProbability = &Dist{Kind: Empirical, Values: []float64{0, 1}}
	seen := map[Status]int{}
	for rep := range 40 {
		r := trace1(t, sc, rep)
		for i := range r.Units {
			if r.Units[i].Status != r.Units[0].Status {
				t.Fatalf("rep %d: instances differ: %v and %v", rep, r.Units[0].Status, r.Units[i].Status)
			}
		}
		seen[r.Units[0].Status]++
	}
	if seen[Gap] == 0 || seen[Operational] == 0 {
		t.Errorf("outcomes %v: want both a probability of 0 and of 1 among 40 replications", seen)
	}
}

// TestInPlace: a force in place on day 0 counts only through its changes:
// its first tour ends on day 10 and the next contingent comes 5 days
// later, so the share dips by its strength on days 10 to 14, and is 0,
// not its strength, the rest of the time.
func TestInPlace(t *testing.T) {
	t.Parallel()
	sc := tiny()
	sc.Units = append(sc.Units, Unit{ID: "old", Strength: 50, Source: Rehat, InPlace: true,
		Rotation: &Rotation{First: Const(10), Tour: Const(365), Gap: Const(5), Replace: Const(1)}})
	rep := trace(t, sc)
	checkEvents(t, eventsOf(rep, 1), []PersonnelEvent{
		{Day: 0, Why: MoveJoin},
		{Day: 10, Arrived: -50, Operational: -50, Why: MoveRotationOut},
		{Day: 15, Arrived: 50, Operational: 50, Why: MoveRotationIn},
	})
	res, err := Run(context.Background(), sc, &Options{Replications: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		day  int
		want Share
	}{{0, 0}, {9, 0}, {10, -0.5}, {14, -0.5}, {15, 0}, {40, 1}} {
		if got := res.Daily[c.day].P50; got != c.want {
			t.Errorf("day %d: share %v, want %v", c.day, got, c.want)
		}
	}
	for _, s := range res.Stages {
		if s.Stage == "rotation" {
			t.Errorf("a unit in place counts in where the surge's time goes: %+v", s)
		}
	}
}

// TestWithdrawalBound: a withdrawal's day, left unworked when it certainly
// comes after a day, does come after it.
func TestWithdrawalBound(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 10))
	skipped := 0
	for range 100000 {
		w := withdrawal{possible: true, from: float64(rng.IntN(500)), u: rng.Float64(), rate: rng.ExpFloat64() / 30}
		exact := w.from - math.Log1p(-w.u)/w.rate
		day := w.from + rng.Float64()*(exact-w.from)*2 // as often before the withdrawal as after
		if got := w.before(day); math.IsInf(got, 1) {
			skipped++
			if exact <= day {
				t.Fatalf("%+v: withdrawal on day %v said to come after day %v", w, exact, day)
			}
		} else if got != exact {
			t.Fatalf("%+v: withdrawal on day %v, want %v", w, got, exact)
		}
	}
	if skipped == 0 {
		t.Error("no withdrawal left unworked")
	}
}
