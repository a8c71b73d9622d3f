package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Metric is one summary number of a result, for sweeps and sensitivity
// analyses. Value is NaN when it is undefined (a median that never comes
// within the horizon).
type Metric struct {
	Name  string
	Value float64
}

// Metrics returns a result's summary numbers, in a fixed order:
//
//	days-to-F      mean days to reach F% of the target, counting "never" as the horizon
//	days-to-F-p50  median days to reach F% (NaN if it is never)
//	never-F        share of replications that never reach F% within the horizon
//	share-at-D     mean share of the target operational on day D
//	p-NAME         chance of meeting benchmark NAME
func (r *Result) Metrics() []Metric {
	var out []Metric
	for _, st := range r.DaysToFraction {
		f := percent(float64(st.Fraction))
		p50 := float64(st.P50)
		if st.P50.Never() {
			p50 = math.NaN()
		}
		out = append(out, Metric{"days-to-" + f, float64(st.Mean)}, Metric{"days-to-" + f + "-p50", p50},
			Metric{"never-" + f, float64(st.Never)})
	}
	for _, d := range r.FractionAtDay {
		out = append(out, Metric{fmt.Sprintf("share-at-%g", d.Day), float64(d.Mean)})
	}
	for _, b := range r.Benchmarks {
		out = append(out, Metric{"p-" + b.Name, float64(b.Probability)})
	}
	return out
}

// Metric returns the named metric (see Metrics), or an error listing the
// names there are.
func (r *Result) Metric(name string) (float64, error) {
	ms := r.Metrics()
	i := slices.IndexFunc(ms, func(m Metric) bool { return m.Name == name })
	if i < 0 {
		names := make([]string, len(ms))
		for j, m := range ms {
			names[j] = m.Name
		}
		return 0, fmt.Errorf("no metric %q (there are %s)", name, strings.Join(names, ", "))
	}
	return ms[i].Value, nil
}

func percent(f float64) string { return fmt.Sprintf("%g", math.Round(f*1e4)/100) }
