package workflow

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
	"github.com/surge-sim/surge/sim/sweep"
)

// SensitivityOptions are the options of Sensitivity.
type SensitivityOptions struct {
	Options
	// Metric is the result to explain (see sim.DescribeMetric); default
	// share-at-90, or the share on the last day if the horizon is sooner.
	// A bad one is an *Error of option "metric".
	Metric string
}

// DefaultMetricDay is the day of Sensitivity's default metric, share-at-90:
// the Brahimi Report's 90 days, or the horizon if it is sooner.
const DefaultMetricDay = 90

// Sensitivity moves each uncertain parameter of the scenario (see
// scenarios.File.Parameters) alone to a low and a high value, with common
// random numbers, and ranks the parameters by how much that moves the
// metric: what "surge sensitivity" reports. A parameter whose low or high
// value makes no valid scenario is kept, with its Problem.
func Sensitivity(ctx context.Context, file *scenarios.File, opt *SensitivityOptions) (*sweep.Sensitivity, error) {
	if opt == nil {
		opt = &SensitivityOptions{}
	}
	o := &opt.Options
	base, err := Build(file, o)
	if err != nil {
		return nil, err
	}
	metric := opt.Metric
	if metric == "" {
		// Not censored: every run has a share on every day.
		metric = fmt.Sprintf("share-at-%d", min(DefaultMetricDay, base.Horizon))
	}
	info, err := sim.DescribeMetric(metric)
	if err == nil {
		err = (&sim.Options{}).Need(base.Horizon, metric)
	}
	if err != nil {
		return nil, inputError("metric", err)
	}
	params, err := file.Parameters(o.Strategy, o.Set)
	if err != nil {
		return nil, inputError("", err)
	}
	var censored float64 // share of the baseline's runs a days-to metric counts as the horizon
	run := func(ctx context.Context, sc *sim.Scenario, workers int) (float64, error) {
		so := o.sim()
		so.SummaryOnly = true
		so.Workers = workers
		if err := so.Need(sc.Horizon, metric); err != nil {
			return 0, inputError("metric", err)
		}
		res, err := sim.Run(ctx, sc, so)
		if err != nil {
			return 0, err
		}
		v, err := res.Metric(metric)
		if err != nil {
			return 0, inputError("metric", err)
		}
		if info.Censored && sc == base {
			censored, _ = res.Metric("never-" + strings.TrimPrefix(metric, "days-to-"))
		}
		return v, nil
	}
	baseline, err := run(ctx, base, o.Workers)
	if err != nil {
		return nil, err
	}
	s := &sweep.Sensitivity{Header: o.header(sim.KindSensitivity, base), Metric: metric, MetricUnit: info.Unit,
		Baseline: sim.Num(baseline), Parameters: []sweep.Effect{}}
	for _, p := range params {
		s.Parameters = append(s.Parameters, sweep.Effect{Key: p.Key, Label: p.Label, Unit: p.Unit, How: p.How,
			Value: sweep.Value(p.Value), Low: sweep.Value(p.Low), High: sweep.Value(p.High)})
	}
	// Run k moves parameter k/2 to its low (k even) or high value; the runs
	// go side by side, their results are taken in order.
	type moved struct {
		val     float64
		problem string
	}
	do := func(ctx context.Context, k, workers int) (moved, error) {
		p := params[k/2]
		v := p.Low
		if k%2 == 1 {
			v = p.High
		}
		sc, err := Build(file, o, scenarios.Override{Key: p.Key, Value: v})
		if err != nil {
			return moved{val: math.NaN(), problem: firstLine(err.Error())}, nil
		}
		val, err := run(ctx, sc, workers)
		return moved{val: val}, err
	}
	err = inOrder(ctx, 2*len(params), o.Workers, do, func(k int, m moved) error {
		e := &s.Parameters[k/2]
		if m.problem != "" {
			e.Problem = m.problem
		}
		if k%2 == 0 {
			e.AtLow = sim.Num(m.val)
		} else {
			e.AtHigh = sim.Num(m.val)
		}
		if o.Progress != nil {
			o.Progress(k+1, 2*len(params))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.Rank()
	s.Censored = sim.Share(censored)
	s.Warn()
	return s, nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
