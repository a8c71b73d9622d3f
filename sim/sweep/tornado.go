package sweep

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/surge-sim/surge/sim"
)

// Sensitivity is a one-at-a-time sensitivity analysis: each parameter moved
// to a low and a high value with everything else as it was (and common
// random numbers), ranked by how much that moves a metric.
type Sensitivity struct {
	sim.Header

	Metric     string  `json:"metric"`
	MetricUnit string  `json:"metric_unit"` // of Baseline, AtLow, AtHigh and Swing: days, share or probability
	Baseline   sim.Num `json:"baseline"`
	// Censored is the share of the baseline's runs that a days-to-F metric
	// counts as the horizon (they never get there), which bounds how much
	// any parameter can move it; 0 for other metrics.
	Censored   sim.Share `json:"censored"`
	Warnings   []string  `json:"warnings"`   // in plain words: when the ranking says little
	Parameters []Effect  `json:"parameters"` // largest swing first
}

// Effect is what moving one parameter does to the metric.
type Effect struct {
	Key     string  `json:"key"`
	Label   string  `json:"label"` // in plain words
	Unit    string  `json:"unit"`  // of Value, Low and High
	How     string  `json:"how"`   // how low and high were chosen
	Value   Value   `json:"value"` // as in the scenario: a number, or a distribution as text
	Low     Value   `json:"low"`
	High    Value   `json:"high"`
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

// Warn sets s.Warnings: in plain words, when the ranking says little. It
// expects Rank to have been called and Censored to be set.
func (s *Sensitivity) Warn() {
	s.Warnings = []string{}
	m, _ := sim.DescribeMetric(s.Metric)
	ran, moved := 0, 0
	for _, e := range s.Parameters {
		if e.Problem != "" || math.IsNaN(float64(e.Swing)) {
			continue
		}
		ran++
		if e.Swing != 0 {
			moved++
		}
	}
	better := "a share on a day (such as --metric share-at-90) or an earlier fraction (such as days-to-50)"
	switch {
	case math.IsNaN(float64(s.Baseline)):
		s.Warnings = append(s.Warnings, fmt.Sprintf("%s has no value for the scenario as it is (the %s never comes within the horizon), so nothing can be ranked. Try %s.",
			s.Metric, strings.ToLower(m.Short), better))
	case ran > 0 && moved == 0:
		s.Warnings = append(s.Warnings, fmt.Sprintf("None of the %d parameters moves %s at all: it is %s at every low and high value, so their order means nothing (it is alphabetical). Try %s.",
			ran, s.Metric, metricText(m.Unit, float64(s.Baseline)), better))
	}
	if m.Censored && s.Censored >= 0.5 {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%s of the baseline's runs never reach %.0f%% within the horizon and count as the horizon: that hides most effects, so the swings are mostly censoring. Try %s.",
			metricText(sim.UnitShare, float64(s.Censored)), 100*m.Fraction, better))
	}
}

// metricText writes a metric's value: days, or a share in percent.
func metricText(unit string, x float64) string {
	if unit == sim.UnitDays {
		return strconv.FormatFloat(x, 'f', 1, 64) + " days"
	}
	return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
}
