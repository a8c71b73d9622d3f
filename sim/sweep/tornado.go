package sweep

import (
	"cmp"
	"math"
	"slices"

	"github.com/surge-sim/surge/sim"
)

// Sensitivity is a one-at-a-time sensitivity analysis: each parameter moved
// to a low and a high value with everything else as it was (and common
// random numbers), ranked by how much that moves a metric.
type Sensitivity struct {
	sim.Header

	Metric     string   `json:"metric"`
	Baseline   sim.Num  `json:"baseline"`
	Parameters []Effect `json:"parameters"` // largest swing first
}

// Effect is what moving one parameter does to the metric.
type Effect struct {
	Key     string  `json:"key"`
	How     string  `json:"how"`   // how low and high were chosen
	Value   string  `json:"value"` // as in the scenario
	Low     string  `json:"low"`
	High    string  `json:"high"`
	AtLow   sim.Num `json:"at_low"`
	AtHigh  sim.Num `json:"at_high"`
	Swing   sim.Num `json:"swing"`   // |AtHigh - AtLow|
	Problem string  `json:"problem"` // why a run could not be made; "" if it could
}

// Rank computes each effect's swing and orders the effects largest swing
// first; effects with a problem come last. Ties keep key order.
func (s *Sensitivity) Rank() {
	for i := range s.Parameters {
		e := &s.Parameters[i]
		e.Swing = sim.Num(math.Abs(float64(e.AtHigh - e.AtLow)))
	}
	slices.SortStableFunc(s.Parameters, func(a, b Effect) int {
		sa, sb := float64(a.Swing), float64(b.Swing)
		switch na, nb := math.IsNaN(sa) || a.Problem != "", math.IsNaN(sb) || b.Problem != ""; {
		case na && nb:
			return cmp.Compare(a.Key, b.Key)
		case na:
			return 1
		case nb:
			return -1
		}
		if c := cmp.Compare(sb, sa); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
}
