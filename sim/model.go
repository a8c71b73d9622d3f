package sim

import (
	"cmp"
	"slices"
)

// model is a validated scenario with its references resolved to indices
// and its units expanded into instances, shared read-only by all runners.
type model struct {
	sc        *Scenario
	horizon   float64
	inst      []instance
	countries []uint64 // stream keys
	missions  []uint64
	pools     []poolModel
	routes    []uint64
	global    uint64 // stream key of scenario-wide quantities
	maxFrac   [numCategories]float64
	factors   []uint64 // stream keys
	events    []eventModel
	// instances lists, for each of the scenario's units, its instances;
	// relieves lists the units each unit relieves (see Unit.RelievedBy).
	instances [][]int
	relieves  [][]int
}

// eventModel is a moment units can wait for: host consent, the
// authorization of transfers, then the scenario's events.
type eventModel struct {
	key  uint64
	day  *Dist
	prob *Dist // nil: it always happens
	gate Gate
}

// The built-in moments, before the scenario's events.
const (
	eventHostConsent = iota
	eventAuthorization
	numBuiltinEvents
)

// instance is one of a unit's Count identical units.
type instance struct {
	u        *Unit
	unit     int // index in Scenario.Units
	n        int // 1-based
	key      uint64
	country  int // -1 for none
	mission  int
	airfield int
	route    int // personnel surface route, -1 to fly
	eqRoute  int // equipment surface route, -1 to fly
	origin   int

	reqTonnes float64 // equipment that must arrive
	airTonnes float64 // equipment that flies
	pools     []int   // pools that fly from the origin, nearest first
	unitKey   uint64  // stream key of the unit as a whole, for its parameters
	streams   unitStreams
	await     [2][]int // events it waits for, by Gate
	relievers []int    // units that relieve it
}

type poolModel struct {
	key    uint64
	p      *LiftPool
	flight []float64 // one-way days by origin index; 0: does not serve it
}

func indexOf[T any](xs []T, id string, get func(*T) string) int {
	for i := range xs {
		if get(&xs[i]) == id {
			return i
		}
	}
	return -1
}

// compile builds the model of a valid scenario.
func compile(sc *Scenario) *model {
	m := &model{sc: sc, horizon: float64(sc.Horizon), global: entityKey("scenario", "", 0)}
	for _, f := range sc.Factors {
		m.factors = append(m.factors, entityKey("factors", f.ID, 0))
	}
	m.events = []eventModel{
		eventHostConsent:   {key: m.global, day: &sc.Host.Consent},
		eventAuthorization: {key: m.global, day: &sc.Transfers.Authorization},
	}
	for i := range sc.Events {
		e := &sc.Events[i]
		m.events = append(m.events, eventModel{key: entityKey("events", e.ID, 0), day: &e.Day, prob: &e.Probability, gate: e.Gate})
	}
	m.instances = make([][]int, len(sc.Units))
	m.relieves = make([][]int, len(sc.Units))
	for _, c := range sc.Countries {
		m.countries = append(m.countries, entityKey("countries", c.ID, 0))
	}
	for _, x := range sc.Missions {
		m.missions = append(m.missions, entityKey("missions", x.ID, 0))
	}
	for _, r := range sc.Routes {
		m.routes = append(m.routes, entityKey("routes", r.ID, 0))
	}
	for i := range sc.Lift {
		p := &sc.Lift[i]
		pm := poolModel{key: entityKey("lift", p.ID, 0), p: p, flight: make([]float64, len(sc.Origins))}
		for _, f := range p.Flights {
			pm.flight[indexOf(sc.Origins, f.Origin, func(o *Origin) string { return o.ID })] = f.Hours / 24
		}
		m.pools = append(m.pools, pm)
	}
	var strength [numCategories]float64
	for ui := range sc.Units {
		u := &sc.Units[ui]
		in := instance{
			u:        u,
			unit:     ui,
			country:  indexOf(sc.Countries, u.Country, func(c *Country) string { return c.ID }),
			mission:  indexOf(sc.Missions, u.Mission, func(x *Mission) string { return x.ID }),
			origin:   indexOf(sc.Origins, u.Origin, func(o *Origin) string { return o.ID }),
			airfield: indexOf(sc.Airfields, u.Airfield, func(a *Airfield) string { return a.ID }),
			route:    indexOf(sc.Routes, u.Route, func(r *Route) string { return r.ID }),
			eqRoute:  indexOf(sc.Routes, u.Equipment.Route, func(r *Route) string { return r.ID }),
		}
		if u.Airfield == "" && len(sc.Airfields) == 1 {
			in.airfield = 0
		}
		in.unitKey = entityKey("units", u.ID, 0)
		for _, id := range u.Await {
			e := indexOf(sc.Events, id, func(e *Event) string { return e.ID })
			in.await[sc.Events[e].Gate] = append(in.await[sc.Events[e].Gate], numBuiltinEvents+e)
		}
		for _, id := range u.RelievedBy {
			j := indexOf(sc.Units, id, func(x *Unit) string { return x.ID })
			in.relievers = append(in.relievers, j)
			m.relieves[j] = append(m.relieves[j], ui)
		}
		in.reqTonnes = u.Equipment.Required * u.Equipment.Tonnes
		if in.eqRoute < 0 {
			in.airTonnes = u.Equipment.Tonnes
		}
		if in.origin >= 0 {
			for p := range m.pools {
				if m.pools[p].flight[in.origin] > 0 && m.pools[p].p.Count > 0 {
					in.pools = append(in.pools, p)
				}
			}
			slices.SortStableFunc(in.pools, func(a, b int) int {
				return cmp.Compare(m.pools[a].flight[in.origin], m.pools[b].flight[in.origin])
			})
		}
		for n := 1; n <= u.count(); n++ {
			in.n = n
			in.key = entityKey("units", u.ID, n)
			in.streams = newUnitStreams(in.key, in.unitKey)
			m.instances[ui] = append(m.instances[ui], len(m.inst))
			m.inst = append(m.inst, in)
			if !u.InPlace {
				strength[u.Category] += float64(u.Strength)
			}
		}
	}
	for c := range numCategories {
		if t := sc.Target.Of(c); t > 0 {
			m.maxFrac[c] = strength[c] / float64(t)
		}
	}
	for j := range m.relieves {
		m.relieves[j] = slices.Compact(m.relieves[j])
	}
	return m
}

// factor returns the index of the named factor.
func (m *model) factor(id string) int {
	return indexOf(m.sc.Factors, id, func(f *Factor) string { return f.ID })
}
