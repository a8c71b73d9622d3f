package sim

import (
	"cmp"
	"math"
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
}

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

	reqPax    int     // personnel that must arrive
	reqTonnes float64 // equipment that must arrive
	airTonnes float64 // equipment that flies
	pools     []int   // pools that fly from the origin, nearest first
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
		in.reqPax = int(math.Ceil(u.required()*float64(u.Strength) - 1e-9))
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
			m.inst = append(m.inst, in)
			strength[u.Category] += float64(u.Strength)
		}
	}
	for c := range numCategories {
		if t := sc.Target.Of(c); t > 0 {
			m.maxFrac[c] = strength[c] / float64(t)
		}
	}
	return m
}
