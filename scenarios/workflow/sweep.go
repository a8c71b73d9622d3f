package workflow

import (
	"context"
	"fmt"
	"slices"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
	"github.com/surge-sim/surge/sim/sweep"
)

// SweepOptions are the options of Sweep.
type SweepOptions struct {
	Options
	Axes []sweep.Axis // the parameters to vary (see sweep.ParseVary)
	// Design is "grid" (every combination; the default) or "latin" (a
	// Latin hypercube sample of Points points, drawn with the seed).
	Design string
	Points int
	// Shard and Shards run only shard Shard of Shards (0 <= Shard <
	// Shards): every Shards-th point from the Shard-th. Shards 0 runs all.
	Shard, Shards int
	// Metrics are metrics every point must give beyond those of every
	// result (see sim.Options.Need), such as a picture's: they are columns
	// of the table too. A bad one is an *Error of option "metric".
	Metrics []string
}

// Sweep runs the scenario at every point of the design, each point with the
// same seed and common random numbers, and returns a row per point with
// the values and the summary metrics: what "surge sweep" writes.
func Sweep(ctx context.Context, file *scenarios.File, opt *SweepOptions) (*sweep.Table, error) {
	if opt == nil {
		opt = &SweepOptions{}
	}
	o := &opt.Options
	design := opt.Design
	if design == "" {
		design = "grid"
	}
	var points []sweep.Point
	var err error
	switch design {
	case "grid":
		points, err = sweep.Grid(opt.Axes)
	case "latin":
		points, err = sweep.Latin(opt.Axes, opt.Points, o.Seed)
	default:
		return nil, errorf("sample", "must be grid or latin (got %q)", design)
	}
	if err != nil {
		return nil, inputError("", err)
	}
	total := len(points)
	shard := ""
	if opt.Shards > 0 {
		if opt.Shard < 0 || opt.Shard >= opt.Shards {
			return nil, errorf("shard", "want I/N with 0 <= I < N (got %d/%d)", opt.Shard, opt.Shards)
		}
		points = sweep.Shard(points, opt.Shard, opt.Shards)
		shard = fmt.Sprintf("%d/%d", opt.Shard, opt.Shards)
	}
	base, err := Build(file, o)
	if err != nil {
		return nil, err
	}
	// Try each value of each axis alone first, so that a bad value stops
	// the sweep before anything runs; the points' scenarios are built one
	// at a time, as they run (a million of them would not fit in memory).
	for _, a := range opt.Axes {
		if err := checkAxis(file, o, a); err != nil {
			return nil, err
		}
	}
	// The metrics' names, from one replication of the scenario, with the
	// metrics asked for: a shard with no points still writes them, so that
	// merge takes its part.
	oneOpt := &sim.Options{Replications: 1, Seed: o.Seed, Workers: 1, SummaryOnly: true}
	if err := oneOpt.Need(base.Horizon, opt.Metrics...); err != nil {
		return nil, inputError("metric", err)
	}
	one, err := sim.Run(ctx, base, oneOpt)
	if err != nil {
		return nil, err
	}
	table := &sweep.Table{Header: o.header(sim.KindSweep, base), Design: design, Axes: sweep.Describe(opt.Axes, design),
		Metrics: metricNames(one), TotalPoints: total, Shard: shard}
	for i := range table.Axes {
		table.Axes[i].Label, table.Axes[i].Unit = file.Describe(o.Strategy, o.Set, table.Axes[i].Key)
	}
	// Each point is built and run by the worker that takes it; rows are
	// added in point order.
	run := func(ctx context.Context, k, workers int) (*sim.Result, error) {
		p := points[k]
		var extra []scenarios.Override
		for j, a := range opt.Axes {
			extra = append(extra, scenarios.Override{Key: a.Key, Value: p.Values[j], Origin: "--vary"})
		}
		sc, err := Build(file, o, extra...)
		if err != nil {
			return nil, fmt.Errorf("point %d: %w", p.Index, err)
		}
		so := o.sim()
		so.SummaryOnly = true
		so.Workers = workers
		if err := so.Need(sc.Horizon, opt.Metrics...); err != nil {
			return nil, inputError("metric", err)
		}
		return sim.Run(ctx, sc, so)
	}
	err = inOrder(ctx, len(points), o.Workers, run, func(k int, res *sim.Result) error {
		p := points[k]
		if !slices.Equal(metricNames(res), table.Metrics) {
			return errorf("", "point %d: the metrics differ from the scenario's: a --vary adds or removes a benchmark", p.Index)
		}
		table.AddRow(p, res)
		if o.Progress != nil {
			o.Progress(k+1, len(points))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return table, nil
}

func metricNames(res *sim.Result) []string {
	var names []string
	for _, m := range res.Metrics() {
		names = append(names, m.Name)
	}
	return names
}

// checkAxis builds the scenario with each of an axis's values alone: each
// value of a list, the ends of a range.
func checkAxis(file *scenarios.File, o *Options, a sweep.Axis) error {
	values := a.Values
	if a.Range {
		values = a.Ends()
	}
	for _, v := range values {
		if _, err := Build(file, o, scenarios.Override{Key: a.Key, Value: v, Origin: "--vary"}); err != nil {
			return err
		}
	}
	return nil
}
