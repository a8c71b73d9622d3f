package sim

// A unit's way to the mission is its source's route: an ordered list of
// steps. Each step is a stage with a rule that says how long it holds the
// unit up, or whether the unit drops out there. One handler, advance, drives
// every unit along its route; transport (lift, airfields, surface routes,
// reception) is the one hand-written step. To add a delay stage, add a Stage,
// a row to the routes that go through it, and the scenario field it draws
// from.

// rule is how a step holds a unit up.
type rule uint8

const (
	// ruleDelay waits a draw of the step's distribution, from now.
	ruleDelay rule = iota
	// ruleUntil waits until a scenario-wide moment: host consent, the
	// authorization of transfers.
	ruleUntil
	// rulePledge waits for the force-generation conference at which the unit
	// is pledged; a unit never pledged drops out as a capability gap.
	rulePledge
	// ruleCountry waits for the unit's government: its consent, then, if its
	// law requires a vote, parliamentary approval (a second stage).
	ruleCountry
	// ruleRefusal drops the unit out if its parliament refused.
	ruleRefusal
	// ruleFloor drops a transfer out if its donor would fall below its floor.
	ruleFloor
	// ruleMove moves the unit to the mission area: lift or surface routes,
	// the arrival airfield, reception. It ends the route.
	ruleMove
	// ruleJoin makes a force already in the host country part of the
	// mission. It ends the route.
	ruleJoin
)

// moment names a scenario-wide moment that ruleUntil waits for.
type moment uint8

const (
	momentHostConsent moment = iota
	momentAuthorization
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
	stage  Stage
	rule   rule
	draw   draw   // ruleDelay
	moment moment // ruleUntil
}

// routes are the steps each source goes through, in order.
var routes = [...][]routeStep{
	Pledge: {
		{stage: StagePledge, rule: rulePledge},
		{stage: StageConsent, rule: ruleCountry},
		{rule: ruleRefusal},
		{stage: StagePreparation, rule: ruleDelay, draw: drawsPreparation},
		{stage: StageHostConsent, rule: ruleUntil, moment: momentHostConsent},
		{rule: ruleMove},
	},
	Transfer: {
		{stage: StageAuthorization, rule: ruleUntil, moment: momentAuthorization},
		{stage: StageConsent, rule: ruleCountry},
		{rule: ruleRefusal},
		{rule: ruleFloor},
		{stage: StageRelease, rule: ruleDelay, draw: drawsRelease},
		{stage: StagePreparation, rule: ruleDelay, draw: drawsPreparation},
		{stage: StageHostConsent, rule: ruleUntil, moment: momentHostConsent},
		{rule: ruleMove},
	},
	Standby: {
		{stage: StageReadiness, rule: ruleDelay, draw: drawsReadiness},
		{stage: StagePreparation, rule: ruleDelay, draw: drawsPreparation},
		{stage: StageHostConsent, rule: ruleUntil, moment: momentHostConsent},
		{rule: ruleMove},
	},
	Rehat: {
		{stage: StageRehat, rule: ruleDelay, draw: drawsRehat},
		{rule: ruleJoin},
	},
}

// dist returns the distribution step s draws from for instance in, and the
// stream it draws from.
func (m *model) dist(in *instance, d draw) (*Dist, uint64) {
	switch d {
	case drawsPreparation:
		return &in.u.Preparation, drawPreparation
	case drawsReadiness:
		return &in.u.Readiness, drawReadiness
	case drawsRehat:
		return &in.u.Rehat, drawRehat
	case drawsRelease:
		return &m.sc.Missions[in.mission].Release, drawRelease
	}
	panic("sim: unknown draw")
}

// advance takes unit i through the steps of its route from its current
// one, until a step holds it up (the next call is then scheduled for when it
// ends), it drops out, or it reaches the end of its route. A unit that has
// stopped (dropped out, or left) goes no further: this is the one place that
// says so.
func (r *runner) advance(i int) {
	us := &r.units[i]
	if us.stopped {
		return
	}
	in := &r.m.inst[i]
	route := routes[in.u.Source]
	for us.step < len(route) {
		st := route[us.step]
		us.step++
		now := r.sim.Now()
		switch st.rule {
		case ruleDelay:
			d, what := r.m.dist(in, st.draw)
			r.then(i, st.stage, now+r.rng.sample(*d, in.key, what, 0))
			return
		case ruleUntil:
			r.then(i, st.stage, r.moments[st.moment])
			return
		case rulePledge:
			r.pledge(i)
			return
		case ruleCountry:
			r.country(i)
			return
		case ruleRefusal:
			if r.countries[in.country].refused {
				r.stop(i, Refused)
				return
			}
		case ruleFloor:
			if !r.release(i) {
				r.stop(i, Blocked)
				return
			}
		case ruleMove:
			r.move(i)
			return
		case ruleJoin:
			r.join(i)
			return
		}
	}
}

// stop ends unit i's way with a status.
func (r *runner) stop(i int, s Status) {
	r.units[i].stopped = true
	r.out.Units[i].Status = s
}
