package sim

// A unit's way to the mission is its source's route: an ordered list of
// steps. Each step is a stage with a rule that says how long it holds the
// unit up, whether it is skipped, or whether the unit drops out there. One
// handler, advance, drives every unit along its route; transport (lift,
// airfields, surface routes, reception) is the one hand-written step, and
// service (rotations and departures) the last. To add a delay stage, add a
// Stage, a row to the routes that go through it, and the scenario field it
// draws from.

// rule is how a step holds a unit up.
type rule uint8

const (
	// ruleDelay waits a draw of the step's distribution, from now.
	ruleDelay rule = iota
	// ruleUntil waits until a scenario-wide moment: host consent, the
	// authorization of transfers.
	ruleUntil
	// ruleEvents waits for the named events the unit awaits at the step's
	// gate; it is skipped when there are none.
	ruleEvents
	// rulePledge waits for the force-generation conference at which the unit
	// is pledged; a unit never pledged drops out as a capability gap.
	rulePledge
	// ruleCountry waits for the unit's government: its consent, then, if its
	// law requires a vote, parliamentary approval (a second stage).
	ruleCountry
	// ruleRefusal drops the unit out if its parliament refused.
	ruleRefusal
	// ruleActivation waits for the decision to use a standby arrangement,
	// or drops the unit out if it is not used; skipped for arrangements
	// with no such decision.
	ruleActivation
	// ruleFloor drops a transfer out if its donor would fall below its floor.
	ruleFloor
	// ruleMove moves the unit to the mission area: lift or surface routes,
	// the arrival airfield, reception.
	ruleMove
	// ruleOperate makes the unit operational once it has been received.
	ruleOperate
	// ruleJoin makes a force already in the host country part of the
	// mission.
	ruleJoin
	// ruleServe keeps the unit in the mission until it rotates or leaves.
	// It ends every route.
	ruleServe
)

// draw names the distribution a ruleDelay step draws from.
type draw uint8

const (
	drawsPreparation draw = iota // the unit's preparation
	drawsReadiness               // a standby unit's readiness
	drawsRehat                   // a re-hatted unit's day of joining
	drawsRelease                 // the donor mission's release
)

// routeStep is one row of a route.
type routeStep struct {
	stage Stage
	rule  rule
	draw  draw // ruleDelay
	event int  // ruleUntil: the moment (an index of model.events)
	gate  Gate // ruleEvents
}

// Steps that several routes share.
var (
	awaitRequest = routeStep{stage: StageEvent, rule: ruleEvents, gate: BeforeRequest}
	awaitMove    = routeStep{stage: StageEvent, rule: ruleEvents, gate: BeforeMove}
	preparation  = routeStep{stage: StagePreparation, rule: ruleDelay, draw: drawsPreparation}
	hostConsent  = routeStep{stage: StageHostConsent, rule: ruleUntil, event: eventHostConsent}
	pledge       = routeStep{stage: StagePledge, rule: rulePledge}
	country      = routeStep{stage: StageConsent, rule: ruleCountry}
	move         = []routeStep{{rule: ruleMove}, {rule: ruleOperate}, {rule: ruleServe}}
)

// routes are the steps each source goes through, in order.
var routes = [...][]routeStep{
	Pledge: append([]routeStep{
		awaitRequest,
		pledge,
		country,
		{rule: ruleRefusal},
		preparation,
		awaitMove,
		hostConsent,
	}, move...),
	Transfer: append([]routeStep{
		awaitRequest,
		{stage: StageAuthorization, rule: ruleUntil, event: eventAuthorization},
		country,
		{rule: ruleRefusal},
		{rule: ruleFloor},
		{stage: StageRelease, rule: ruleDelay, draw: drawsRelease},
		preparation,
		awaitMove,
		hostConsent,
	}, move...),
	Standby: append([]routeStep{
		awaitRequest,
		{stage: StageActivation, rule: ruleActivation},
		{stage: StageReadiness, rule: ruleDelay, draw: drawsReadiness},
		preparation,
		awaitMove,
		hostConsent,
	}, move...),
	Rehat: {
		{stage: StageRehat, rule: ruleDelay, draw: drawsRehat},
		awaitRequest,
		awaitMove,
		{rule: ruleJoin},
		{rule: ruleServe},
	},
}

// regenerated is the route of a slot that goes back to force generation
// after its contingent left without a replacement: a new contributor is
// found at a later conference (its consent counts as part of the wait for
// the pledge), prepares and moves.
var regenerated = append([]routeStep{pledge, preparation, awaitMove, hostConsent}, move...)

// dist returns the distribution step s draws from for instance in, and the
// stream it draws from.
func (m *model) dist(in *instance, d draw) (*Dist, stream) {
	switch d {
	case drawsPreparation:
		return &in.u.Preparation, in.streams.preparation
	case drawsReadiness:
		return &in.u.Readiness, in.streams.readiness
	case drawsRehat:
		return &in.u.Rehat, in.streams.rehat
	case drawsRelease:
		return &m.sc.Missions[in.mission].Release, in.streams.release
	}
	panic("sim: unknown draw")
}

// advance takes unit i through the steps of its route from its current
// one, until a step holds it up (the next call is then scheduled for when it
// ends), it drops out, or it is in service. A step that ends at once goes
// straight on to the next when nothing else is due now (see then). A unit
// that has stopped (dropped out, or left) goes no further: this is the one
// place that says so, and every event of a unit comes through it.
func (r *runner) advance(i int) {
	us := &r.units[i]
	if us.stopped {
		return
	}
	in := &r.m.inst[i]
	for {
		st := us.route[us.step]
		if st.rule == ruleServe {
			r.service(i)
			return
		}
		us.step++
		now := r.sim.Now()
		switch st.rule {
		case ruleDelay:
			d, from := r.m.dist(in, st.draw)
			if r.then(i, st.stage, now+r.drawAt(d, from, uint64(us.pass))) {
				continue
			}
			return
		case ruleUntil:
			if r.then(i, st.stage, r.eventAt[st.event]) {
				continue
			}
			return
		case ruleEvents:
			if len(in.await[st.gate]) == 0 {
				continue
			}
			t := now
			for _, e := range in.await[st.gate] {
				t = max(t, r.eventAt[e])
			}
			if t > r.m.horizon { // never, or not within the horizon
				r.span(i, st.stage, now, r.m.horizon)
				return
			}
			if r.then(i, st.stage, t) {
				continue
			}
			return
		case rulePledge:
			if r.pledge(i) {
				continue
			}
			return
		case ruleCountry:
			if r.country(i) {
				continue
			}
			return
		case ruleRefusal:
			if r.countries[in.country].refused {
				r.stop(i, Refused)
				return
			}
		case ruleActivation:
			a := in.u.Activation
			if a == nil {
				continue
			}
			at := now + r.drawAt(&a.Delay, in.streams.activationDelay, 0)
			if !r.rng.chanceAt(r.prob(&a.Probability, in.unitKey, paramActivation), in.streams.activation, 0) {
				r.span(i, st.stage, now, min(at, r.m.horizon))
				r.stop(i, NotActivated)
				return
			}
			if r.then(i, st.stage, at) {
				continue
			}
			return
		case ruleFloor:
			if !r.release(i) {
				r.stop(i, Blocked)
				return
			}
		case ruleMove:
			if sv := &us.service; sv.relieved || sv.leaveAt <= now {
				// Relieved, or past its leaving day, before it moved: it
				// does not come.
				r.out.Units[i].Left = now
				r.stop(i, Left)
				return
			}
			r.move(i)
			return
		case ruleOperate:
			r.becomeOperational(i, 0, us.strength, MoveOperational)
		case ruleJoin:
			if in.u.InPlace {
				// Counted in the baseline: it is there, but adds nothing.
				us.strength = in.u.Strength
				r.becomeOperational(i, 0, 0, MoveJoin)
			} else {
				r.becomeOperational(i, us.strength, us.strength, MoveJoin)
			}
			if f := in.u.RehatFailure; f != nil && us.pass == 0 &&
				r.rng.chanceAt(r.prob(&f.Probability, in.unitKey, paramRehatFailure), in.streams.rehatFailure, 0) {
				us.service.failing = true
				us.service.repatAt = now + r.drawAt(&f.Delay, in.streams.repatriation, 0)
			}
		}
	}
}

// stop ends unit i's way with a status.
func (r *runner) stop(i int, s Status) {
	r.units[i].stopped = true
	r.out.Units[i].Status = s
}
