package sim

import (
	"math"
	"slices"

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
	queue      []liftRequest
	reqSeq     int
	intakeFree float64
	moments    [2]float64 // by moment: host consent, authorization of transfers

	// Handlers, built once: each takes a unit instance, delivery or pool index.
	hAdvance, hOperational, hDeliver, hReceived, hLand, hSlot, hUnload, hBack, hPoolOpen des.Handler
}

type unitState struct {
	step      int  // the next step of its route
	stopped   bool // dropped out: it goes no further
	pax       int
	tonnes    float64
	activated bool
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

type liftRequest struct {
	inst   int
	prio   int
	seq    int
	pax    int
	tonnes float64
}

func newRunner(m *model) *runner {
	r := &runner{m: m}
	r.units = make([]unitState, len(m.inst))
	r.countries = make([]countryState, len(m.countries))
	r.missions = make([]missionState, len(m.missions))
	r.pools = make([]poolState, len(m.pools))
	for _, a := range m.sc.Airfields {
		r.airfields = append(r.airfields, des.NewResource(&r.sim, a.Slots))
	}
	r.hAdvance = r.advance
	r.hOperational, r.hDeliver, r.hReceived = r.operational, r.deliver, r.received
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
	for i := range r.missions {
		r.missions[i].strength = m.sc.Missions[i].Strength
	}
	r.deliveries = r.deliveries[:0]
	r.queue = r.queue[:0]
	r.reqSeq = 0
	r.intakeFree = 0

	r.moments[momentHostConsent] = r.rng.sample(m.sc.Host.Consent, m.global, drawHostConsent, 0)
	r.moments[momentAuthorization] = r.rng.sample(m.sc.Transfers.Authorization, m.global, drawAuthorization, 0)
	out.HostConsent, out.Authorization = r.moments[momentHostConsent], r.moments[momentAuthorization]
	for p := range m.pools {
		r.pools[p] = poolState{free: m.pools[p].p.Count}
		at := r.rng.sample(m.pools[p].p.Available, m.pools[p].key, drawPoolAvailable, 0)
		out.Lift[p].Open = at
		r.sim.ScheduleAt(at, r.hPoolOpen, p)
	}
	for i := range m.inst {
		r.sim.ScheduleAt(0, r.hAdvance, i)
	}
	r.sim.RunUntil(m.horizon)
	r.finish()
}

// span records that unit i spent [from, to] in stage s.
func (r *runner) span(i int, s Stage, from, to float64) {
	u := &r.out.Units[i]
	u.Spans = append(u.Spans, StageSpan{Stage: s, Start: from, End: to})
}

// then records stage s from now to t and takes unit i further at t.
func (r *runner) then(i int, s Stage, t float64) {
	now := r.sim.Now()
	t = max(t, now)
	r.span(i, s, now, t)
	r.sim.ScheduleAt(t, r.hAdvance, i)
}

// pledge waits for the conference at which unit i is pledged.
func (r *runner) pledge(i int) {
	in := &r.m.inst[i]
	fg := &r.m.sc.ForceGeneration
	last := 0.0
	for k := range fg.Conferences {
		at := fg.First + float64(k)*fg.Interval
		if at > r.m.horizon {
			// Conferences still to come: not a gap yet, only unpledged
			// at the horizon.
			r.span(i, StagePledge, 0, r.m.horizon)
			return
		}
		last = at
		if r.rng.chance(in.u.PledgeProbability, in.key, drawPledge, uint64(k)) {
			r.then(i, StagePledge, at)
			return
		}
	}
	r.span(i, StagePledge, 0, last)
	r.stop(i, Gap)
}

// country asks unit i's government, which decides once for all its units.
func (r *runner) country(i int) {
	c := r.m.inst[i].country
	cs := &r.countries[c]
	now := r.sim.Now()
	if !cs.started {
		co := &r.m.sc.Countries[c]
		key := r.m.countries[c]
		cs.started = true
		cs.consentAt = now + r.rng.sample(co.Consent, key, drawConsent, 0)
		cs.decidedAt = cs.consentAt
		if r.rng.chance(co.Legislative.Probability, key, drawLegislativeRequired, 0) {
			cs.legislative = true
			cs.decidedAt += r.rng.sample(co.Legislative.Delay, key, drawLegislativeDelay, 0)
			cs.refused = r.rng.chance(co.Legislative.Refusal, key, drawLegislativeRefusal, 0)
		}
	}
	consent := max(now, cs.consentAt)
	r.span(i, StageConsent, now, consent)
	decided := consent
	if cs.legislative {
		decided = max(consent, cs.decidedAt)
		r.span(i, StageLegislative, consent, decided)
	}
	r.sim.ScheduleAt(decided, r.hAdvance, i)
}

// release takes transferred unit i from its donor mission, unless that
// would take the donor below its floor.
func (r *runner) release(i int) bool {
	in := &r.m.inst[i]
	ms := &r.missions[in.mission]
	if ms.strength-in.u.Strength < r.m.sc.Missions[in.mission].Floor {
		r.out.Missions[in.mission].Blocked++
		return false
	}
	ms.strength -= in.u.Strength
	r.out.Missions[in.mission].Released++
	return true
}

// move starts unit i's personnel and equipment toward the mission area.
func (r *runner) move(i int) {
	in := &r.m.inst[i]
	now := r.sim.Now()
	r.out.Units[i].Ready = now
	req := liftRequest{inst: i, prio: in.u.Priority, seq: r.reqSeq, tonnes: in.airTonnes}
	r.reqSeq++
	if in.route >= 0 {
		r.surface(i, in.route, in.u.Strength, 0, drawTransitPersonnel)
	} else {
		req.pax = in.u.Strength
	}
	if in.eqRoute >= 0 && in.u.Equipment.Tonnes > 0 {
		r.surface(i, in.eqRoute, 0, in.u.Equipment.Tonnes, drawTransitEquipment)
	}
	if req.pax > 0 || req.tonnes > 0 {
		r.enqueue(req)
		r.dispatch()
	}
}

// surface sends a load by route, leaving with the next departure.
func (r *runner) surface(i, route, pax int, tonnes float64, what uint64) {
	rt := &r.m.sc.Routes[route]
	dep := r.sim.Now()
	if rt.Every > 0 { // the first departure, on a multiple of Every, at or after now
		k := math.Ceil(dep / rt.Every)
		if (k-1)*rt.Every >= dep-1e-9 {
			k--
		}
		dep = max(dep, k*rt.Every)
	}
	arrive := dep + r.rng.sample(rt.Transit, r.m.inst[i].key, what, 0)
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
		r.personnel(dl.inst, dl.pax, 0)
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
	if us.activated || us.pax < in.reqPax || us.tonnes < in.reqTonnes*(1-1e-9) {
		return
	}
	us.activated = true
	i := dl.inst
	r.span(i, StageLiftWait, r.out.Units[i].Ready, dl.depart)
	r.span(i, StageTransit, dl.depart, dl.land)
	if dl.pool >= 0 {
		r.span(i, StageAirfield, dl.land, dl.arrive)
	}
	op := r.sim.Now() + r.rng.sample(r.m.sc.Reception.Delay, in.key, drawReception, 0)
	r.span(i, StageReception, dl.arrive, op)
	r.sim.ScheduleAt(op, r.hOperational, i)
}

func (r *runner) operational(i int) { r.becomeOperational(i, 0) }

// join makes a force already in the host country part of the mission.
func (r *runner) join(i int) { r.becomeOperational(i, r.m.inst[i].u.Strength) }

// becomeOperational makes unit i operational now, with arrived of its
// personnel arriving in the mission area at the same moment.
func (r *runner) becomeOperational(i, arrived int) {
	u := &r.out.Units[i]
	u.Status = Operational
	u.Operational = r.sim.Now()
	r.personnel(i, arrived, r.m.inst[i].u.Strength)
}

// personnel records a change in unit i's personnel now: arrived in the
// mission area, and operational.
func (r *runner) personnel(i, arrived, operational int) {
	r.out.Personnel = append(r.out.Personnel, PersonnelEvent{Day: r.sim.Now(), Unit: i,
		Category: r.m.inst[i].u.Category, Arrived: arrived, Operational: operational})
}

// enqueue adds a lift request behind every request of the same or a more
// urgent priority: first come, first served within a priority.
func (r *runner) enqueue(req liftRequest) {
	at := len(r.queue)
	for at > 0 && r.queue[at-1].prio > req.prio {
		at--
	}
	r.queue = append(r.queue, liftRequest{})
	copy(r.queue[at+1:], r.queue[at:])
	r.queue[at] = req
}

// dispatch gives free aircraft to waiting requests in queue order. A request
// that no free aircraft can serve (wrong origin, or only cargo aircraft for
// personnel) does not hold up the requests behind it.
func (r *runner) dispatch() {
	kept := r.queue[:0]
	for q := range r.queue {
		req := r.queue[q]
		for req.pax > 0 || req.tonnes > 0 {
			p := r.freePool(&req)
			if p < 0 {
				break
			}
			r.fly(&req, p)
		}
		if req.pax > 0 || req.tonnes > 0 {
			kept = append(kept, req)
		}
	}
	clear(r.queue[len(kept):])
	r.queue = kept
}

// freePool returns the nearest pool with a free aircraft that can carry
// part of req, or -1.
func (r *runner) freePool(req *liftRequest) int {
	in := &r.m.inst[req.inst]
	now := r.sim.Now()
	for _, p := range in.pools {
		ps := &r.pools[p]
		lp := r.m.pools[p].p
		if !ps.open || ps.free == 0 || (lp.Until > 0 && now > lp.Until) {
			continue
		}
		if (req.pax > 0 && lp.Seats > 0) || (req.tonnes > 0 && lp.Payload > 0 && lp.Payload >= in.u.Equipment.Largest) {
			return p
		}
	}
	return -1
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
	r.airfields[r.m.inst[r.deliveries[d].inst].airfield].Acquire(r.hSlot, d)
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
	r.dispatch()
}

func (r *runner) poolOpen(p int) {
	r.pools[p].open = true
	r.dispatch()
}

// stillMoving records where the time of unit i went between being ready
// and the horizon, when not enough of it had arrived by then: waiting for
// lift while some of it still waits for an aircraft, otherwise waiting until
// its last load left and in transit since.
func (r *runner) stillMoving(i int) {
	h := r.m.horizon
	u := &r.out.Units[i]
	waiting := slices.ContainsFunc(r.queue, func(q liftRequest) bool { return q.inst == i })
	last := math.NaN()
	for _, d := range r.deliveries {
		if d.inst == i && d.depart <= h && !(d.depart <= last) {
			last = d.depart
		}
	}
	if waiting || math.IsNaN(last) {
		r.span(i, StageLiftWait, u.Ready, h)
		return
	}
	r.span(i, StageLiftWait, u.Ready, last)
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
		if !math.IsNaN(u.Ready) && !r.units[i].activated {
			r.stillMoving(i)
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
