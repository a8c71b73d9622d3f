package sim

import (
	"math"

	"github.com/surge-sim/surge/sim/des"
)

// Service is the last step of every route: a unit in the mission stays
// until it rotates or leaves. Its contingent may leave on a date, when it
// is relieved, when a re-hatted contingent fails UN standards, when its
// contributor withdraws it, or at the end of a tour; a new contingent then
// follows after a gap (or overlaps the old one), or, when the contributor
// does not replace it, the slot goes back to force generation.

// Movement says why personnel arrived or left.
type Movement uint8

// Movements.
const (
	MoveArrival     Movement = iota // personnel reached the mission area
	MoveOperational                 // a unit became operational
	MoveJoin                        // a force already there was re-hatted
	MoveRotationIn                  // an incoming contingent took over a slot
	MoveRotationOut                 // an outgoing contingent left at the end of its tour
	MoveLeft                        // a unit left for good: on its date, or relieved
	MoveRepatriated                 // a re-hatted contingent failed UN standards
	MoveWithdrawn                   // a contributor withdrew its unit
	MoveNotReplaced                 // a contingent left and its contributor sent none in its place
	numMovements
)

var movementNames = [numMovements]string{"arrival", "operational", "join", "rotation_in", "rotation_out",
	"left", "repatriated", "withdrawn", "not_replaced"}

var movementLabels = [numMovements]string{
	"arrived in the mission area", "became operational", "re-hatted",
	"rotated in (a new contingent)", "rotated out (replaced)",
	"left for good (its date, or relieved)", "repatriated (failed UN standards)",
	"withdrawn by its contributor", "left at a tour's end, not replaced",
}

func (m Movement) String() string {
	if m < numMovements {
		return movementNames[m]
	}
	return "Movement(?)"
}

// Label returns the movement in plain words.
func (m Movement) Label() string {
	if m < numMovements {
		return movementLabels[m]
	}
	return m.String()
}

// minTour is the shortest tour, in days.
const minTour = 1

// Service states.
const (
	inPipeline = iota // not in the mission yet
	serving           // its contingent is in the mission
	inGap             // between rotations: nobody there
	inOverlap         // the incoming contingent is there, the outgoing not gone yet
)

// Causes of the next service event.
const (
	causeNone = iota
	causeLeave
	causeRepatriate
	causeWithdraw
	causeRotate
	causeIncoming
	causeOutgoing
	causeNotReplaced
)

// service is a unit's state in the mission.
type service struct {
	state      uint8
	cause      uint8
	relieved   bool
	present    int         // operational personnel counted now
	outgoing   int         // in an overlap: the outgoing contingent's personnel
	incoming   int         // in a gap: the incoming contingent's personnel
	rotations  int         // rotations begun
	pending    des.EventID // the next service event
	leaveAt    float64     // the day the unit leaves for good; +Inf: never
	failing    bool        // the contingent failed UN standards ...
	repatAt    float64     // ... and is repatriated on this day
	tourEnd    float64
	overlap    float64 // days the next contingent arrives before tourEnd
	withdrawal withdrawal
}

// withdrawal is the day a contributor withdraws its contingent, worked out
// only when it may come first (see at): it takes a logarithm, and mostly
// comes after the end of the tour.
type withdrawal struct {
	known    bool    // at is worked out
	at       float64 // the day; +Inf: never
	from, u  float64 // the tour's start, and the uniform draw
	rate     float64 // per day
	possible bool    // the contingent may be withdrawn at all
}

// before returns the day of the withdrawal if it may come at or before
// day t, and +Inf if it certainly comes after.
func (w *withdrawal) before(t float64) float64 {
	switch {
	case !w.possible:
		return math.Inf(1)
	case w.known:
		return w.at
	}
	// The day is from - log1p(-u)/rate, and -log1p(-u) >= u: with u well
	// above rate*(t - from), it lies well after t, rounding and all.
	if d := t - w.from; d > 1e-3 && !math.IsInf(d, 1) && w.u > w.rate*d*(1+1e-6) {
		return math.Inf(1)
	}
	w.known, w.at = true, w.from-math.Log1p(-w.u)/w.rate
	return w.at
}

// service handles unit i's next service event, or starts its service.
func (r *runner) service(i int) {
	us := &r.units[i]
	sv := &us.service
	in := &r.m.inst[i]
	now := r.sim.Now()
	switch sv.state {
	case inPipeline:
		sv.state = serving
		r.startTour(i)
		if sv.relieved {
			sv.cause = causeLeave
		} else {
			sv.cause = causeNone
		}
	}
	switch sv.cause {
	case causeLeave:
		r.leave(i, Left, MoveLeft)
		return
	case causeRepatriate:
		sv.failing = false
		if in.u.RehatFailure.Replace {
			r.regenerate(i, MoveRepatriated)
		} else {
			r.leave(i, Repatriated, MoveRepatriated)
		}
		return
	case causeWithdraw:
		r.regenerate(i, MoveWithdrawn)
		return
	case causeNotReplaced:
		r.regenerate(i, MoveNotReplaced)
		return
	case causeRotate:
		rot := in.u.Rotation
		k := uint64(us.pass)<<16 | uint64(sv.rotations) // as startTour: new draws on every pass of the slot
		sv.rotations++
		replaced := r.rng.chanceAt(r.prob(&rot.Replace, in.unitKey, paramReplace), in.streams.replace, k)
		overlap := sv.overlap
		switch {
		case !replaced && overlap > 0:
			// The outgoing contingent serves to the end of its tour, or
			// to the unit's leaving day if that comes first.
			if sv.leaveAt < sv.tourEnd {
				r.schedule(i, sv.leaveAt, causeLeave)
			} else {
				r.schedule(i, sv.tourEnd, causeNotReplaced)
			}
			return
		case !replaced:
			r.regenerate(i, MoveNotReplaced)
			return
		case overlap > 0:
			// The incoming arrives now; the outgoing leaves at the end of
			// its tour.
			n := r.fill(i, true, k)
			sv.outgoing = sv.present
			sv.present += n
			r.personnel(i, n, n, MoveRotationIn)
			sv.state = inOverlap
			sv.failing = false // the failing contingent is on its way out
			out := sv.tourEnd
			r.startTour(i)
			if sv.leaveAt < out {
				r.schedule(i, sv.leaveAt, causeLeave) // both contingents leave with the unit
			} else {
				r.schedule(i, out, causeOutgoing)
			}
			return
		}
		r.personnel(i, -sv.present, -sv.present, MoveRotationOut)
		sv.present = 0
		sv.failing = false
		sv.state = inGap
		sv.incoming = r.fill(i, true, k)
		back := now + r.drawAt(&rot.Gap, in.streams.rotationGap, k)
		r.span(i, StageRotation, now, min(back, r.m.horizon))
		r.next(i, back, causeIncoming)
		return
	case causeIncoming:
		sv.present = sv.incoming
		r.personnel(i, sv.present, sv.present, MoveRotationIn)
		sv.state = serving
		r.startTour(i)
	case causeOutgoing:
		r.personnel(i, -sv.outgoing, -sv.outgoing, MoveRotationOut)
		sv.present -= sv.outgoing
		sv.outgoing = 0
		sv.state = serving
	}
	r.next(i, math.Inf(1), causeNone)
}

// startTour starts a contingent's tour now: the day it ends and the day its
// contributor would withdraw it.
func (r *runner) startTour(i int) {
	in := &r.m.inst[i]
	sv := &r.units[i].service
	now := r.sim.Now()
	k := uint64(r.units[i].pass)<<16 | uint64(sv.rotations)
	sv.tourEnd, sv.overlap = math.Inf(1), 0
	if rot := in.u.Rotation; rot != nil {
		if k == 0 && in.u.Source == Rehat && !rot.First.IsZero() {
			sv.tourEnd = now + r.drawAt(&rot.First, in.streams.firstTour, 0)
		} else {
			// A tour lasts at least a day, whatever its distribution and
			// factors: a replication's rotations stay bounded.
			sv.tourEnd = now + max(minTour, r.drawAt(&rot.Tour, in.streams.tour, k))
		}
		if !rot.Overlap.IsZero() {
			sv.overlap = min(r.drawAt(&rot.Overlap, in.streams.overlap, k), sv.tourEnd-now)
		}
	}
	sv.withdrawal = withdrawal{}
	if !in.u.Withdrawal.IsZero() {
		if p := r.prob(&in.u.Withdrawal, in.unitKey, paramWithdrawal); p > 0 {
			// A constant hazard with chance p per 30 days.
			w := &r.withdrawal[i]
			if w.p != p { // the same p from replication to replication, mostly
				w.p, w.rate = p, -math.Log1p(-min(p, 1-1e-12))/30
			}
			u := float64(r.rng.at(in.streams.withdrawal, k).Uint64()>>11) * 0x1p-53
			sv.withdrawal = withdrawal{possible: true, from: now, u: u, rate: w.rate}
		}
	}
}

// next schedules unit i's next service event: the earliest of its leaving
// day, a repatriation, a withdrawal, the end of its tour, and t (with
// cause), whichever applies in its state.
func (r *runner) next(i int, t float64, cause uint8) {
	sv := &r.units[i].service
	rot := r.m.inst[i].u.Rotation
	consider := func(at float64, c uint8) {
		if at < t {
			t, cause = at, c
		}
	}
	consider(sv.leaveAt, causeLeave)
	if sv.state == serving {
		if sv.failing {
			consider(sv.repatAt, causeRepatriate)
		}
		// With an overlap, the decision and the incoming contingent come
		// that much before the end of the tour.
		rotate := math.Inf(1)
		if rot != nil {
			rotate = sv.tourEnd - sv.overlap
		}
		// A withdrawal after both t and the rotation changes nothing.
		consider(sv.withdrawal.before(min(t, rotate)), causeWithdraw)
		if rot != nil {
			consider(rotate, causeRotate)
		}
	}
	if math.IsInf(t, 1) {
		sv.cause = causeNone
		return
	}
	r.schedule(i, t, cause)
}

// schedule makes cause happen to unit i at t.
func (r *runner) schedule(i int, t float64, cause uint8) {
	sv := &r.units[i].service
	sv.cause = cause
	sv.pending = r.sim.ScheduleAt(max(t, r.sim.Now()), r.hAdvance, i)
}

// leave takes unit i's contingent out of the mission for good.
func (r *runner) leave(i int, s Status, why Movement) {
	sv := &r.units[i].service
	n := sv.present
	r.personnel(i, -n, -n, why)
	sv.present = 0
	r.out.Units[i].Left = r.sim.Now()
	r.stop(i, s)
}

// regenerate takes unit i's contingent out and sends its slot back to
// force generation.
func (r *runner) regenerate(i int, why Movement) {
	us := &r.units[i]
	sv := &us.service
	n := sv.present
	r.personnel(i, -n, -n, why)
	us.service = service{leaveAt: sv.leaveAt, relieved: sv.relieved}
	us.pass++
	r.out.Units[i].Status = InPipeline
	r.begin(i, regenerated)
	r.advance(i)
}

// relieve makes the instances of scenario unit j leave, now that every unit
// that relieves it is operational.
func (r *runner) relieve(j int) {
	for _, k := range r.m.inst[r.m.instances[j][0]].relievers {
		if r.operated[k] < len(r.m.instances[k]) {
			return
		}
	}
	for _, i := range r.m.instances[j] {
		us := &r.units[i]
		if us.stopped {
			continue
		}
		us.service.relieved = true
		if us.service.state != inPipeline {
			r.sim.Cancel(us.service.pending)
			r.schedule(i, r.sim.Now(), causeLeave)
		}
	}
}
