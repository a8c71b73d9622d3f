package sim

import (
	"math"

	"github.com/surge-sim/surge/sim/des"
)

// runner simulates replications of one model. It keeps its storage between
// replications, so a warm runner allocates almost nothing.
type runner struct {
	m   *model
	sim des.Sim
	rng streams
	out *Replication

	units      []unitState
	countries  []countryState
	missions   []missionState
	pools      []poolState
	airfields  []*des.Resource
	deliveries []delivery
	requests   []liftRequest // in the order they were made
	waiting    [][]int32     // per pool: the requests it may carry, a heap in queue order (see dispatch)
	lastDepart []float64     // per unit instance, at the end (see finish)
	withdrawal []hazard      // per unit instance: its last chance of withdrawal, as a rate
	intakeFree float64
	eventAt    []float64 // the day each of model.events happens; +Inf: never
	factors    []float64 // each factor's value in this replication
	operated   []int     // per scenario unit: instances that have become operational

	// noSpans leaves out the stages units go through (UnitRun.Spans), for
	// a run that needs only the daily series.
	noSpans bool

	// fixShared fixes every scenario-wide quantity at its median: factors,
	// uncertain parameters, the days of events (which happen if their
	// chance is at least a half).
	fixShared bool

	// Handlers, built once: each takes a unit instance, delivery or pool index.
	hAdvance, hDeliver, hReceived, hLand, hSlot, hUnload, hBack, hPoolOpen, hStart des.Handler

	// starting is set while every unit takes its first steps on day 0 (see
	// start).
	starting bool
}

type unitState struct {
	waiting   int // lift requests with a load still waiting for an aircraft
	route     []routeStep
	step      int  // the next step of its route
	stopped   bool // dropped out, or left: it goes no further
	pass      int  // 0, then one more each time its slot goes back to force generation
	strength  int  // personnel of the contingent on its way (its share of the nominal strength)
	reqPax    int  // personnel that must arrive before it counts
	pax       int
	tonnes    float64
	activated bool
	moving    bool    // this pass has started to move
	readyAt   float64 // the day this pass was ready to move
	// everOperational: the instance has been operational (on any pass),
	// so that relief counts instances, not arrivals.
	everOperational bool
	service         service
}

type countryState struct {
	started     bool
	legislative bool
	refused     bool
	consentAt   float64
	decidedAt   float64
}

type missionState struct{ strength int }

type poolState struct {
	open        bool
	free        int
	sorties     int
	busy        float64
	firstDepart float64
	lastReturn  float64
}

// hazard is a chance p per 30 days as a rate per day.
type hazard struct{ p, rate float64 }

// delivery is one load moving to the mission area: a sortie, or a surface
// movement of personnel or equipment.
type delivery struct {
	inst     int
	pool     int // -1 for surface
	pax      int
	tonnes   float64
	depart   float64
	land     float64 // at the airfield (or the end of the route)
	arrive   float64 // unloaded in the mission area
	returned bool
}

// liftRequest is what a unit still needs flown; requests are served by
// priority, then in the order they were made (seq).
type liftRequest struct {
	inst   int
	prio   int
	seq    int
	pax    int
	tonnes float64
}

func (q *liftRequest) done() bool { return q.pax == 0 && q.tonnes == 0 }

func newRunner(m *model) *runner {
	r := &runner{m: m}
	r.units = make([]unitState, len(m.inst))
	r.countries = make([]countryState, len(m.countries))
	r.missions = make([]missionState, len(m.missions))
	r.pools = make([]poolState, len(m.pools))
	r.waiting = make([][]int32, len(m.pools))
	r.lastDepart = make([]float64, len(m.inst))
	r.withdrawal = make([]hazard, len(m.inst))
	for _, a := range m.sc.Airfields {
		r.airfields = append(r.airfields, des.NewResource(&r.sim, a.Slots))
	}
	r.eventAt = make([]float64, len(m.events))
	r.factors = make([]float64, len(m.factors))
	r.operated = make([]int, len(m.sc.Units))
	r.hAdvance, r.hStart = r.advance, r.start
	r.hDeliver, r.hReceived = r.deliver, r.received
	r.hLand, r.hSlot, r.hUnload, r.hBack, r.hPoolOpen = r.land, r.slot, r.unload, r.back, r.poolOpen
	return r
}

// run simulates replication rep with the given seed into out.
func (r *runner) run(seed uint64, rep int, out *Replication) {
	m := r.m
	r.out = out
	out.reset(m, rep)
	r.sim.Reset()
	r.rng.reset(seed, rep)
	for _, a := range r.airfields {
		a.Reset()
	}
	clear(r.units)
	clear(r.countries)
	clear(r.operated)
	for i := range r.missions {
		r.missions[i].strength = m.sc.Missions[i].Strength
	}
	r.deliveries = r.deliveries[:0]
	r.requests = r.requests[:0]
	for p := range r.waiting {
		r.waiting[p] = r.waiting[p][:0]
	}
	r.intakeFree = 0

	for f := range m.factors {
		d := &m.sc.Factors[f].Value
		if r.fixShared {
			r.factors[f] = d.Quantile(0.5)
		} else {
			r.factors[f] = r.rng.sample(*d, m.factors[f], drawFactor, 0)
		}
	}
	for e, em := range m.events {
		what := drawEventDay
		switch e {
		case eventHostConsent:
			what = drawHostConsent
		case eventAuthorization:
			what = drawAuthorization
		}
		at := r.param(em.day, em.key, what)
		if em.prob != nil {
			p := r.prob(em.prob, em.key, paramEventProbability)
			happens := p >= 0.5
			if !r.fixShared {
				happens = r.rng.chance(p, em.key, drawEventHappens, 0)
			}
			if !happens {
				at = math.Inf(1)
			}
		}
		r.eventAt[e] = at
	}
	out.HostConsent, out.Authorization = r.eventAt[eventHostConsent], r.eventAt[eventAuthorization]
	for p := range m.pools {
		r.pools[p] = poolState{free: m.pools[p].p.Count}
		at := r.draw(&m.pools[p].p.Available, m.pools[p].key, drawPoolAvailable, 0)
		out.Lift[p].Open = at
		r.sim.ScheduleAt(at, r.hPoolOpen, p)
	}
	for i := range m.inst {
		r.begin(i, routes[m.inst[i].u.Source])
	}
	r.sim.ScheduleAt(0, r.hStart, 0)
	r.sim.RunUntil(m.horizon)
	r.finish()
}

// span records that unit i spent [from, to] in stage s.
func (r *runner) span(i int, s Stage, from, to float64) {
	if r.noSpans {
		return
	}
	u := &r.out.Units[i]
	u.Spans = append(u.Spans, StageSpan{Stage: s, Start: from, End: to})
}

// then records stage s from now to t and takes unit i further at t. It
// reports whether the caller, a handler about to return, should take the
// unit further itself, now (see onNow).
func (r *runner) then(i int, s Stage, t float64) bool {
	now := r.sim.Now()
	t = max(t, now)
	r.span(i, s, now, t)
	return r.at(t, i)
}

// at arranges for unit i to go further at t, or reports that the caller,
// a handler about to return, should take it further itself (see onNow).
func (r *runner) at(t float64, i int) bool {
	if r.onNow(t) {
		return true
	}
	r.sim.ScheduleAt(t, r.hAdvance, i)
	return false
}

// onNow reports whether an event at t, scheduled by a handler as the last
// thing it does, would fire next, at once: t is now and nothing else is due
// now. Its work may then be done without the event, with the same result.
func (r *runner) onNow(t float64) bool { return !r.starting && t <= r.sim.Now() && !r.sim.Due() }

// start takes every unit through its first steps on day 0, in order, as
// one event each would: while it does, the units still to start count as
// events due (see onNow).
func (r *runner) start(int) {
	r.starting = true
	for i := range r.units {
		r.advance(i)
	}
	r.starting = false
}

// pledge waits for the conference at which unit i is pledged: the first
// of those from now on that pledges it. It reports whether the unit goes
// on at once (see then).
func (r *runner) pledge(i int) bool {
	in := &r.m.inst[i]
	fg := &r.m.sc.ForceGeneration
	now := r.sim.Now()
	var p float64
	if d := in.u.PledgeProbability; d != nil {
		p = r.prob(d, in.unitKey, paramPledge)
	} else {
		p = r.prob(&fg.Probability, r.m.global, paramPledge)
	}
	last := now
	for k := range fg.Conferences {
		at := fg.First + float64(k)*fg.Interval
		if at < now-1e-9 {
			continue // held before the unit was asked for
		}
		if at > r.m.horizon {
			// Conferences still to come: not a gap yet, only unpledged
			// at the horizon.
			r.span(i, StagePledge, now, r.m.horizon)
			return false
		}
		last = at
		if r.rng.chanceAt(p, in.streams.pledge, uint64(k)) {
			return r.then(i, StagePledge, at)
		}
	}
	r.span(i, StagePledge, now, last)
	if r.units[i].pass > 0 {
		r.stop(i, NotReplaced) // it served; its slot found no new contributor
	} else {
		r.stop(i, Gap)
	}
	return false
}

// country asks unit i's government, which decides once for all its units.
// It reports whether the unit goes on at once (see then).
func (r *runner) country(i int) bool {
	c := r.m.inst[i].country
	cs := &r.countries[c]
	now := r.sim.Now()
	if !cs.started {
		co := &r.m.sc.Countries[c]
		key := r.m.countries[c]
		cs.started = true
		cs.consentAt = now + r.draw(&co.Consent, key, drawConsent, 0)
		cs.decidedAt = cs.consentAt
		if r.rng.chance(r.prob(&co.Legislative.Probability, key, paramLegislative), key, drawLegislativeRequired, 0) {
			cs.legislative = true
			cs.decidedAt += r.draw(&co.Legislative.Delay, key, drawLegislativeDelay, 0)
			cs.refused = r.rng.chance(r.prob(&co.Legislative.Refusal, key, paramRefusal), key, drawLegislativeRefusal, 0)
		}
	}
	consent := max(now, cs.consentAt)
	r.span(i, StageConsent, now, consent)
	decided := consent
	if cs.legislative {
		decided = max(consent, cs.decidedAt)
		r.span(i, StageLegislative, consent, decided)
	}
	return r.at(decided, i)
}

// release takes transferred unit i from its donor mission, unless that
// would take the donor below its floor.
func (r *runner) release(i int) bool {
	in := &r.m.inst[i]
	ms := &r.missions[in.mission]
	n := r.units[i].strength
	if ms.strength-n < r.m.sc.Missions[in.mission].Floor {
		r.out.Missions[in.mission].Blocked++
		return false
	}
	ms.strength -= n
	r.out.Missions[in.mission].Released++
	return true
}

// move starts unit i's personnel and equipment toward the mission area.
func (r *runner) move(i int) {
	in := &r.m.inst[i]
	now := r.sim.Now()
	if math.IsNaN(r.out.Units[i].Ready) {
		r.out.Units[i].Ready = now // the first pass's
	}
	r.units[i].moving, r.units[i].readyAt = true, now
	req := liftRequest{inst: i, prio: in.u.Priority, seq: len(r.requests), tonnes: in.airTonnes}
	n := r.units[i].strength
	if in.route >= 0 {
		r.surface(i, in.route, n, 0, in.streams.transitPersonnel)
	} else {
		req.pax = n
	}
	if in.eqRoute >= 0 && in.u.Equipment.Tonnes > 0 {
		r.surface(i, in.eqRoute, 0, in.u.Equipment.Tonnes, in.streams.transitEquipment)
	}
	if !req.done() {
		r.request(req)
	}
}

// surface sends a load by route, leaving with the next departure.
func (r *runner) surface(i, route, pax int, tonnes float64, from stream) {
	rt := &r.m.sc.Routes[route]
	dep := r.sim.Now()
	if rt.Every > 0 { // the first departure, on a multiple of Every, at or after now
		k := math.Ceil(dep / rt.Every)
		if (k-1)*rt.Every >= dep-1e-9 {
			k--
		}
		dep = max(dep, k*rt.Every)
	}
	arrive := dep + r.drawAt(&rt.Transit, from, uint64(r.units[i].pass))
	d := r.newDelivery(delivery{inst: i, pool: -1, pax: pax, tonnes: tonnes, depart: dep, land: arrive, arrive: arrive})
	r.sim.ScheduleAt(arrive, r.hDeliver, d)
}

func (r *runner) newDelivery(d delivery) int {
	r.deliveries = append(r.deliveries, d)
	return len(r.deliveries) - 1
}

// deliver puts a load's personnel through the mission's intake.
func (r *runner) deliver(d int) {
	dl := &r.deliveries[d]
	now := r.sim.Now()
	if dl.pax > 0 {
		r.personnel(dl.inst, dl.pax, 0, MoveArrival)
	}
	if c := r.m.sc.Reception.Capacity; c > 0 && dl.pax > 0 {
		r.intakeFree = max(now, r.intakeFree) + float64(dl.pax)/c
		r.sim.ScheduleAt(r.intakeFree, r.hReceived, d)
		return
	}
	r.received(d)
}

// received counts a load toward its unit and activates the unit when enough
// of it is there.
func (r *runner) received(d int) {
	dl := r.deliveries[d]
	in := &r.m.inst[dl.inst]
	us := &r.units[dl.inst]
	us.pax += dl.pax
	us.tonnes += dl.tonnes
	if us.activated || us.pax < us.reqPax || us.tonnes < in.reqTonnes*(1-1e-9) {
		return
	}
	us.activated = true
	i := dl.inst
	r.span(i, StageLiftWait, us.readyAt, dl.depart)
	r.span(i, StageTransit, dl.depart, dl.land)
	if dl.pool >= 0 {
		r.span(i, StageAirfield, dl.land, dl.arrive)
	}
	op := r.sim.Now() + r.drawAt(&r.m.sc.Reception.Delay, in.streams.reception, uint64(us.pass))
	r.span(i, StageReception, dl.arrive, op)
	if r.at(op, i) { // received is the last thing its callers do
		r.advance(i)
	}
}

// becomeOperational makes unit i operational now, with arrived of its
// personnel arriving in the mission area at the same moment and counted of
// them added to the operational strength, and relieves the units its
// arrival relieves.
func (r *runner) becomeOperational(i, arrived, counted int, why Movement) {
	us := &r.units[i]
	u := &r.out.Units[i]
	u.Status = Operational
	if math.IsInf(u.Operational, 1) {
		u.Operational = r.sim.Now()
	}
	us.service.present = us.strength
	r.personnel(i, arrived, counted, why)
	if us.everOperational {
		return // relief counts each instance once
	}
	us.everOperational = true
	unit := r.m.inst[i].unit
	r.operated[unit]++
	if r.operated[unit] == len(r.m.instances[unit]) {
		for _, j := range r.m.relieves[unit] {
			r.relieve(j)
		}
	}
}

// personnel records a change in unit i's personnel now: arrived in the
// mission area, and operational.
func (r *runner) personnel(i, arrived, operational int, why Movement) {
	r.out.Personnel = append(r.out.Personnel, PersonnelEvent{Day: r.sim.Now(), Unit: i,
		Category: r.m.inst[i].u.Category, Arrived: arrived, Operational: operational, Why: why})
}

// begin starts unit i on a route: a new contingent, whose share of the
// nominal strength is drawn.
func (r *runner) begin(i int, route []routeStep) {
	in := &r.m.inst[i]
	us := &r.units[i]
	us.route, us.step = route, 0
	us.pax, us.tonnes, us.activated, us.moving = 0, 0, false, false
	if us.pass == 0 {
		us.service.leaveAt = math.Inf(1)
		if !in.u.Leave.IsZero() {
			us.service.leaveAt = r.drawAt(&in.u.Leave, in.streams.leave, 0)
		}
	}
	us.strength = r.fill(i, false, uint64(us.pass))
	us.reqPax = int(math.Ceil(in.u.required()*float64(us.strength) - 1e-9))
}

// fill draws the strength of a contingent of unit i: its first, or one
// that comes on rotation.
func (r *runner) fill(i int, rotation bool, k uint64) int {
	in := &r.m.inst[i]
	d := &in.u.Fill
	if rotation && !in.u.Rotation.Fill.IsZero() {
		d = &in.u.Rotation.Fill
	}
	if d.IsZero() {
		return in.u.Strength
	}
	from := in.streams.fill
	if rotation {
		from = in.streams.rotationFill
	}
	f := min(1, r.drawAt(d, from, k))
	return max(1, int(math.Round(f*float64(in.u.Strength))))
}

// draw samples d for a unit, a country, a pool or a route (entity) from its
// stream, scaled by its factors.
func (r *runner) draw(d *Dist, entity, what, k uint64) float64 {
	return r.drawAt(d, newStream(entity, what), k)
}

// drawAt samples d from st's k-th draw, scaled by its factors.
func (r *runner) drawAt(d *Dist, st stream, k uint64) float64 {
	v := r.rng.sampleAt(d, st, k)
	if len(d.Factors) > 0 {
		v *= r.scale(d)
	}
	return v
}

// param returns a parameter's value in this replication: drawn once (the
// same draw each time it is asked for), or its median when scenario-wide
// quantities are fixed, then scaled by its factors.
func (r *runner) param(d *Dist, entity, what uint64) float64 {
	if r.fixShared && d.Kind != Fixed {
		v := d.Quantile(0.5)
		if len(d.Factors) > 0 {
			v *= r.scale(d)
		}
		return v
	}
	return r.draw(d, entity, what, 0)
}

// prob returns a probability parameter, kept within [0, 1] when factors
// push it out.
func (r *runner) prob(d *Dist, entity, what uint64) float64 {
	return min(1, max(0, r.param(d, entity, what)))
}

// scale returns the product of d's factors in this replication.
func (r *runner) scale(d *Dist) float64 {
	v := 1.0
	for _, f := range d.Factors {
		x := r.factors[r.m.factor(f.Factor)]
		if f.Inverse {
			x = 1 / x
		}
		v *= x
	}
	return v
}

// Lift serves waiting requests by priority, then first come, first
// served; a request that no free aircraft can serve (wrong origin, or only
// cargo aircraft for personnel) does not hold up the requests behind it.
// Whenever a request is made or an aircraft is free, every waiting request
// any free aircraft can serve is served, so that between those moments no
// waiting request can be: a new request is the only one that may fly at
// once, and a pool with an aircraft back (or opening) serves the first
// requests in queue order that it can carry. Each pool keeps the requests
// it may carry in a heap, in queue order; a request it can no longer carry
// (served, or left with a load it cannot take) is dropped when it comes to
// the top. Both cost O(log n) per sortie with n requests waiting.

// request serves a new lift request with what aircraft are free, nearest
// first, and leaves what is left to wait.
func (r *runner) request(req liftRequest) {
	for !req.done() {
		p := r.freePool(&req)
		if p < 0 {
			break
		}
		r.fly(&req, p)
	}
	if req.done() {
		return
	}
	id := int32(len(r.requests))
	r.requests = append(r.requests, req)
	r.units[req.inst].waiting++
	for _, p := range r.m.inst[req.inst].pools {
		if r.carries(p, &req) {
			r.waitFor(p, id)
		}
	}
}

// dispatch gives pool p's free aircraft to the waiting requests it can
// carry, in queue order.
func (r *runner) dispatch(p int) {
	h := &r.waiting[p]
	for len(*h) > 0 && r.usable(p) {
		req := &r.requests[(*h)[0]]
		if !r.carries(p, req) {
			r.popWaiting(p)
			continue
		}
		r.fly(req, p)
		if req.done() {
			r.units[req.inst].waiting--
			r.popWaiting(p)
		}
	}
}

// freePool returns the nearest pool with a free aircraft that can carry
// part of req, or -1.
func (r *runner) freePool(req *liftRequest) int {
	for _, p := range r.m.inst[req.inst].pools {
		if r.usable(p) && r.carries(p, req) {
			return p
		}
	}
	return -1
}

// usable reports whether pool p has an aircraft free to take off now.
func (r *runner) usable(p int) bool {
	ps := &r.pools[p]
	lp := r.m.pools[p].p
	return ps.open && ps.free > 0 && !(lp.Until > 0 && r.sim.Now() > lp.Until)
}

// carries reports whether pool p's aircraft can carry part of what req
// still needs flown (p serving its origin).
func (r *runner) carries(p int, req *liftRequest) bool {
	lp := r.m.pools[p].p
	return (req.pax > 0 && lp.Seats > 0) ||
		(req.tonnes > 0 && lp.Payload > 0 && lp.Payload >= r.m.inst[req.inst].u.Equipment.Largest)
}

// queued reports whether request a comes before request b.
func (r *runner) queued(a, b int32) bool {
	x, y := &r.requests[a], &r.requests[b]
	return x.prio < y.prio || (x.prio == y.prio && x.seq < y.seq)
}

// waitFor adds request id to pool p's heap.
func (r *runner) waitFor(p int, id int32) {
	h := append(r.waiting[p], id)
	i := len(h) - 1
	for i > 0 {
		up := (i - 1) / 2
		if !r.queued(id, h[up]) {
			break
		}
		h[i] = h[up]
		i = up
	}
	h[i] = id
	r.waiting[p] = h
}

// popWaiting removes the first request from pool p's heap.
func (r *runner) popWaiting(p int) {
	h := r.waiting[p]
	last := h[len(h)-1]
	h = h[:len(h)-1]
	r.waiting[p] = h
	if len(h) == 0 {
		return
	}
	i := 0
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && r.queued(h[c+1], h[c]) {
			c++
		}
		if !r.queued(h[c], last) {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = last
}

// fly sends one sortie of pool p with as much of req as it can carry:
// personnel first, then equipment.
func (r *runner) fly(req *liftRequest, p int) {
	lp := r.m.pools[p].p
	d := delivery{inst: req.inst, pool: p, depart: r.sim.Now()}
	if req.pax > 0 && lp.Seats > 0 {
		d.pax = min(req.pax, lp.Seats)
		req.pax -= d.pax
	} else {
		d.tonnes = min(req.tonnes, lp.Payload)
		req.tonnes -= d.tonnes
		if req.tonnes < 1e-9 {
			req.tonnes = 0
		}
	}
	ps := &r.pools[p]
	if ps.sorties == 0 {
		ps.firstDepart = d.depart
	}
	ps.sorties++
	ps.free--
	r.out.Lift[p].Sorties++
	r.out.Units[req.inst].Sorties++
	flight := r.m.pools[p].flight[r.m.inst[req.inst].origin]
	r.sim.Schedule(flight, r.hLand, r.newDelivery(d))
}

func (r *runner) land(d int) {
	r.deliveries[d].land = r.sim.Now()
	a := r.airfields[r.m.inst[r.deliveries[d].inst].airfield]
	// A free slot is granted at once; its handler, scheduled now, would
	// fire next if nothing else is due (see onNow).
	if r.onNow(r.sim.Now()) && a.TryAcquire() {
		r.slot(d)
		return
	}
	a.Acquire(r.hSlot, d)
}

func (r *runner) slot(d int) {
	a := r.m.inst[r.deliveries[d].inst].airfield
	r.sim.Schedule(r.m.sc.Airfields[a].GroundHours/24, r.hUnload, d)
}

func (r *runner) unload(d int) {
	dl := &r.deliveries[d]
	dl.arrive = r.sim.Now()
	r.airfields[r.m.inst[dl.inst].airfield].Release()
	flight := r.m.pools[dl.pool].flight[r.m.inst[dl.inst].origin]
	r.sim.Schedule(flight, r.hBack, d)
	r.deliver(d)
}

func (r *runner) back(d int) {
	dl := &r.deliveries[d]
	dl.returned = true
	now := r.sim.Now()
	ps := &r.pools[dl.pool]
	ps.free++
	ps.busy += now - dl.depart
	ps.lastReturn = now
	r.dispatch(dl.pool)
}

func (r *runner) poolOpen(p int) {
	r.pools[p].open = true
	r.dispatch(p)
}

// stillMoving records where the time of unit i went between being ready
// and the horizon, when not enough of it had arrived by then: waiting for
// lift while some of it still waits for an aircraft, otherwise waiting until
// its last load left (r.lastDepart[i]) and in transit since.
func (r *runner) stillMoving(i int) {
	h := r.m.horizon
	ready := r.units[i].readyAt // this pass's
	last := r.lastDepart[i]
	if r.units[i].waiting > 0 || math.IsNaN(last) {
		r.span(i, StageLiftWait, ready, h)
		return
	}
	r.span(i, StageLiftWait, ready, last)
	r.span(i, StageTransit, last, h)
}

// finish clips the record to the horizon and fills in the statistics.
func (r *runner) finish() {
	h := r.m.horizon
	out := r.out
	for i := range out.Units {
		u := &out.Units[i]
		spans := u.Spans[:0]
		for _, sp := range u.Spans {
			if sp.Start > h {
				continue
			}
			sp.End = min(sp.End, h)
			spans = append(spans, sp)
		}
		u.Spans = spans
		if u.Ready > h {
			u.Ready = math.NaN()
		}
	}
	// The last load of each unit to leave since this pass was ready, within
	// the horizon.
	for i := range r.lastDepart {
		r.lastDepart[i] = math.NaN()
	}
	for _, d := range r.deliveries {
		if d.depart >= r.units[d.inst].readyAt && d.depart <= h && !(d.depart <= r.lastDepart[d.inst]) {
			r.lastDepart[d.inst] = d.depart
		}
	}
	for i := range out.Units {
		u := &out.Units[i]
		if us := &r.units[i]; us.moving && !us.activated && !us.stopped && us.readyAt <= h {
			r.stillMoving(i)
		}
		if us := &r.units[i]; !us.stopped && us.service.state == inGap {
			u.Status = Rotating
		}
	}
	for _, d := range r.deliveries {
		if d.pool >= 0 && !d.returned {
			r.pools[d.pool].busy += h - d.depart
			r.pools[d.pool].lastReturn = h
		}
	}
	for p := range out.Lift {
		lr := &out.Lift[p]
		ps := &r.pools[p]
		lr.BusyDays = ps.busy
		if window := ps.lastReturn - ps.firstDepart; ps.sorties > 0 && window > 0 {
			lr.Utilization = ps.busy / (float64(r.m.pools[p].p.Count) * window)
		}
	}
	for a, res := range r.airfields {
		st := res.Stats()
		out.Airfields[a] = AirfieldRun{Sorties: st.Granted, Waited: st.Waited, WaitDays: st.TotalWait}
	}
	for m := range out.Missions {
		out.Missions[m].Strength = r.missions[m].strength
	}
}
