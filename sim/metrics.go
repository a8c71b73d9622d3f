package sim

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Metric is one summary number of a result, for sweeps, sensitivity
// analyses and comparisons. Value is NaN when it is undefined (a median
// that never comes within the horizon).
type Metric struct {
	Name  string
	Value float64
}

// Metrics returns a result's summary numbers, in a fixed order: for each of
// the result's fractions F (in percent), then each of its days D, then each
// benchmark:
//
//	days-to-F      mean days to reach F% of the target, a run that never gets there counting as the horizon
//	days-to-F-p50  median days to reach F% (NaN if it is never)
//	never-F        share of replications that never reach F% within the horizon
//	share-at-D     mean share of the target operational on day D
//	p-NAME         chance of meeting benchmark NAME
//
// The names are stable ids, shared by compare, sweep and sensitivity.
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

// The units of metrics.
const (
	UnitDays        = "days"
	UnitShare       = "share"       // of the target
	UnitProbability = "probability" // a share of the replications
)

// MetricInfo says what a metric measures, in plain words.
type MetricInfo struct {
	Name  string // the id, such as days-to-90
	Label string // in plain words, as the start of a sentence
	Short string // for a table's row or an axis: "days to 90%"
	Unit  string // UnitDays, UnitShare or UnitProbability

	Fraction  float64 // days-to-F, days-to-F-p50, never-F: F/100
	Day       float64 // share-at-D: D
	Benchmark string  // p-NAME: NAME
	// Censored: days-to-F counts a run that never gets there as the
	// horizon, so that the share of such runs bounds how much it can move.
	Censored bool
}

// DescribeMetric reads a metric's name (see Metrics). Any F in (0, 100]
// and any day D at or after 0 may be asked for; Options.Need adds them to
// a run.
func DescribeMetric(name string) (MetricInfo, error) {
	m := MetricInfo{Name: name}
	num := func(s string) (float64, bool) {
		x, err := strconv.ParseFloat(s, 64)
		return x, err == nil && !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	fraction := func(s string) bool {
		f, ok := num(s)
		m.Fraction = f / 100
		return ok && f > 0 && f <= 100
	}
	switch {
	case strings.HasPrefix(name, "days-to-") && strings.HasSuffix(name, "-p50"):
		f := strings.TrimSuffix(strings.TrimPrefix(name, "days-to-"), "-p50")
		if fraction(f) {
			m.Label, m.Short, m.Unit = "Median days to reach "+f+"% of the target", "median days to "+f+"%", UnitDays
			return m, nil
		}
	case strings.HasPrefix(name, "days-to-"):
		f := strings.TrimPrefix(name, "days-to-")
		if fraction(f) {
			m.Label, m.Short, m.Unit = "Mean days to reach "+f+"% of the target, never counted as the horizon", "days to "+f+"%", UnitDays
			m.Censored = true
			return m, nil
		}
	case strings.HasPrefix(name, "never-"):
		f := strings.TrimPrefix(name, "never-")
		if fraction(f) {
			m.Label, m.Short, m.Unit = "Share of runs that never reach "+f+"% of the target within the horizon", "never reach "+f+"%", UnitProbability
			return m, nil
		}
	case strings.HasPrefix(name, "share-at-"):
		d := strings.TrimPrefix(name, "share-at-")
		if x, ok := num(d); ok && x >= 0 {
			m.Day = x
			m.Label, m.Short, m.Unit = "Mean share of the target operational on day "+d, "share on day "+d, UnitShare
			return m, nil
		}
	case strings.HasPrefix(name, "p-") && len(name) > 2:
		m.Benchmark = strings.TrimPrefix(name, "p-")
		m.Label, m.Short, m.Unit = "Chance of meeting the "+m.Benchmark+" benchmark", "chance of "+m.Benchmark, UnitProbability
		return m, nil
	}
	return m, fmt.Errorf("no metric %q: metrics are days-to-F, days-to-F-p50, never-F (F a percentage of the target, such as 90), share-at-D (D a day, such as 180) and p-BENCHMARK", name)
}

// Need makes the options' run report what the metrics need: the metric's
// fraction or day besides the defaults. It returns an error for a
// metric that is not one (see DescribeMetric) or a day beyond horizon.
func (o *Options) Need(horizon int, names ...string) error {
	for _, name := range names {
		m, err := DescribeMetric(name)
		if err != nil {
			return err
		}
		if m.Fraction > 0 && !slices.Contains(o.fractions(), m.Fraction) {
			o.Fractions = append(slices.Clone(o.fractions()), m.Fraction)
			slices.Sort(o.Fractions)
		}
		if !strings.HasPrefix(name, "share-at-") {
			continue
		}
		if m.Day > float64(horizon) {
			return fmt.Errorf("metric %s: day %g is beyond the horizon (%d days)", name, m.Day, horizon)
		}
		if !slices.Contains(o.days(), m.Day) {
			// The default days beyond the horizon are left out, as Run
			// leaves them out.
			days := slices.DeleteFunc(slices.Clone(o.days()), func(d float64) bool { return d > float64(horizon) })
			o.Days = append(days, m.Day)
			slices.Sort(o.Days)
		}
	}
	return nil
}
