package sim

import "math"

// Replication is what happened in one run of a scenario.
type Replication struct {
	Index         int
	HostConsent   float64   // day of host-state consent
	Authorization float64   // day transfers were authorized
	Units         []UnitRun // one per unit instance, in scenario order
	// Personnel lists every change in the personnel of a unit, in time
	// order: arrivals in the mission area, units becoming operational.
	Personnel []PersonnelEvent
	Lift      []LiftRun
	Airfields []AirfieldRun
	Missions  []MissionRun
}

// UnitRun is one unit instance's way through the pipeline.
type UnitRun struct {
	Unit        int // index in Scenario.Units
	Instance    int // 1-based, for units with Count above one
	Status      Status
	Ready       float64 // day it was ready to move; NaN if never
	Operational float64 // day it first became operational; +Inf if not within the horizon
	Left        float64 // day it left the mission for good; NaN if it did not
	Sorties     int     // lift sorties that carried part of it
	// Spans are the stages it went through, each with the time it held the
	// unit up, clipped to the horizon. A unit in a stage at the horizon has
	// a span that ends there.
	Spans []StageSpan
}

// StageSpan is a stretch of time a unit spent in one stage.
type StageSpan struct {
	Stage      Stage
	Start, End float64
}

// Span returns the first span of stage s, or NaN bounds if the unit did
// not go through it.
func (u *UnitRun) Span(s Stage) Span {
	for _, sp := range u.Spans {
		if sp.Stage == s {
			return Span{sp.Start, sp.End}
		}
	}
	return Span{math.NaN(), math.NaN()}
}

// Span is a stretch of time, in days.
type Span struct {
	Start, End float64
}

// Reached reports whether the span was entered.
func (s Span) Reached() bool { return !math.IsNaN(s.Start) }

// Days returns the span's length, 0 if not reached.
func (s Span) Days() float64 {
	if !s.Reached() {
		return 0
	}
	return s.End - s.Start
}

// PersonnelEvent is a change in the personnel of one unit: in the mission
// area (Arrived) and operational (Operational), positive for arrivals and
// negative for departures.
type PersonnelEvent struct {
	Day         float64
	Unit        int // index in Replication.Units
	Category    Category
	Arrived     int
	Operational int
	Why         Movement
}

// LiftRun is what a lift pool did.
type LiftRun struct {
	Open        float64 // day its aircraft became available
	Sorties     int
	BusyDays    float64 // aircraft-days from take-off to return, within the horizon
	Utilization float64 // BusyDays over the aircraft-days from its first take-off to its last return
}

// AirfieldRun is what an arrival airfield saw.
type AirfieldRun struct {
	Sorties  int     // aircraft that landed
	Waited   int     // of which had to wait for a slot
	WaitDays float64 // total days aircraft waited for a slot
}

// MissionRun is what a donor mission released.
type MissionRun struct {
	Released int // units released
	Blocked  int // transfers refused to keep the mission at its floor
	Strength int // strength left at the end
}

// reset sizes r for m, reusing its storage.
func (r *Replication) reset(m *model, index int) {
	r.Index = index
	r.Units = resize(r.Units, len(m.inst))
	for i := range r.Units {
		u := &r.Units[i]
		*u = UnitRun{Unit: m.inst[i].unit, Instance: m.inst[i].n, Ready: math.NaN(), Operational: math.Inf(1),
			Left: math.NaN(), Spans: u.Spans[:0]}
	}
	r.Personnel = r.Personnel[:0]
	r.Lift = resize(r.Lift, len(m.pools))
	clear(r.Lift)
	r.Airfields = resize(r.Airfields, len(m.sc.Airfields))
	clear(r.Airfields)
	r.Missions = resize(r.Missions, len(m.missions))
	clear(r.Missions)
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
