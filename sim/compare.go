package sim

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Comparison sets strategies against a baseline, replication by
// replication. All results come from the same seed and replications, so with
// common random numbers each pair differs only by the strategy.
type Comparison struct {
	Header                      // Overrides: those applied to every run
	Baseline   *Result          `json:"baseline"`
	Strategies []StrategyResult `json:"strategies"`
}

// StrategyResult is one strategy's result and its differences from the baseline.
type StrategyResult struct {
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Diffs       []PairedDiff `json:"diffs"`
	Result      *Result      `json:"result"`
}

// PairedDiff is the mean difference, strategy minus baseline, of a metric
// over paired replications, with a 95% confidence interval (Student's t)
// for simulation noise. Days that never come within the horizon count as
// the horizon; Censored is the share of pairs where that happened on
// either side. The interval has zero width when the difference is the same
// in every pair.
type PairedDiff struct {
	Metric   string `json:"metric"`  // its id, as sweep and sensitivity name it (see Result.Metrics)
	Measure  string `json:"measure"` // in plain words
	Unit     string `json:"unit"`    // "days", "share" or "probability"
	Baseline Num    `json:"baseline"`
	Strategy Num    `json:"strategy"`
	Diff     Num    `json:"diff"`
	Low      Num    `json:"ci95_low"`
	High     Num    `json:"ci95_high"`
	Censored Share  `json:"censored"`
}

// Compare returns the paired differences between a strategy's result and
// the baseline's, by metric: days-to-90 and days-to-100, and never-90 and
// never-100 (the days alone understate a strategy that makes the target
// reachable); share-at-90; and p-NAME for each benchmark. Both results
// need their samples (Options.Samples).
func Compare(base, other *Result) ([]PairedDiff, error) {
	if base.Replications != other.Replications || base.Seed != other.Seed {
		return nil, fmt.Errorf("sim: cannot pair %d replications of seed %d with %d of seed %d",
			base.Replications, base.Seed, other.Replications, other.Seed)
	}
	if base.Samples == nil || other.Samples == nil {
		return nil, ErrNoSamples
	}
	horizon := float64(base.Scenario.Horizon)
	var out []PairedDiff
	for _, f := range []Share{0.9, 1} {
		a, b := daysSamples(base, f), daysSamples(other, f)
		if a == nil || b == nil {
			continue
		}
		x, y := make([]float64, len(a)), make([]float64, len(b))
		censored := 0
		for i := range a {
			x[i], y[i] = min(float64(a[i]), horizon), min(float64(b[i]), horizon)
			if a[i].Never() || b[i].Never() {
				censored++
			}
		}
		pct := percent(float64(f))
		d := paired("days-to-"+pct, x, y)
		d.Censored = Share(float64(censored) / float64(len(a)))
		never := func(ds []Days) []float64 {
			out := make([]float64, len(ds))
			for i, d := range ds {
				if d.Never() {
					out[i] = 1
				}
			}
			return out
		}
		out = append(out, d, paired("never-"+pct, never(a), never(b)))
	}
	if a, b := shareSamples(base, 90), shareSamples(other, 90); a != nil && b != nil {
		out = append(out, paired("share-at-90", a, b))
	}
	for _, bm := range base.Benchmarks {
		a, b := shareSamples(base, bm.Day), shareSamples(other, bm.Day)
		if a == nil || b == nil {
			continue
		}
		met := func(xs []float64) []float64 {
			out := make([]float64, len(xs))
			for i, x := range xs {
				if x >= float64(bm.Fraction)-1e-9 {
					out[i] = 1
				}
			}
			return out
		}
		d := paired("p-"+bm.Name, met(a), met(b))
		if bm.Label != "" {
			d.Measure = "Chance of meeting the benchmark: " + bm.Label
		}
		out = append(out, d)
	}
	return out, nil
}

func daysSamples(r *Result, f Share) []Days {
	for _, s := range r.Samples {
		if s.Fraction == f {
			return s.Days
		}
	}
	return nil
}

func shareSamples(r *Result, day float64) []float64 {
	for _, s := range r.ShareSamples {
		if s.Day == day {
			out := make([]float64, len(s.Shares))
			for i, x := range s.Shares {
				out[i] = float64(x)
			}
			return out
		}
	}
	return nil
}

// paired returns the mean difference y - x of a metric with its 95%
// confidence interval.
func paired(metric string, x, y []float64) PairedDiff {
	m, err := DescribeMetric(metric)
	if err != nil {
		panic("sim: " + err.Error())
	}
	n := float64(len(x))
	var mx, my, md float64
	for i := range x {
		mx += x[i]
		my += y[i]
		md += y[i] - x[i]
	}
	mx, my, md = mx/n, my/n, md/n
	ss := 0.0
	for i := range x {
		e := (y[i] - x[i]) - md
		ss += e * e
	}
	half := math.NaN()
	if len(x) > 1 {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
		half = t * math.Sqrt(ss/(n-1)/n)
	}
	return PairedDiff{Metric: metric, Measure: m.Label, Unit: m.Unit, Baseline: Num(mx), Strategy: Num(my), Diff: Num(md),
		Low: Num(md - half), High: Num(md + half)}
}
