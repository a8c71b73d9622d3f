package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios/workflow"
	"github.com/surge-sim/surge/sim/sweep"
)

type sweepOptions struct {
	ios      *streams
	scenario string
	sim      simFlags
	vary     []string
	sample   string
	points   int
	shard    string
	plot     plotFlags
	metric   string
	output   outFlags
}

func newSweepCmd(ios *streams) *cobra.Command {
	opts := &sweepOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "sweep SCENARIO --vary KEY=FROM:TO:STEP|V1,V2,... [--vary ...]",
		Short: "Run a scenario over a grid of parameter values",
		Long: `Sweep runs SCENARIO at every point of a grid of parameter values (or of a
Latin hypercube sample, with --sample latin --points N), each point with the
same seed and common random numbers, and writes one row per point: the values
and the summary metrics (see "Metrics" in the README).

KEY is a key path as in the scenario file. --vary KEY=FROM:TO:STEP gives a
range with a step, KEY=FROM:TO a range to sample, KEY=V1,V2,... a list of TOML
values (numbers, words, distributions as inline tables).

--shard I/N runs only the points of shard I of N (0 <= I < N), so that one
sweep can run as a Slurm job array or a Kubernetes indexed Job; "surge merge"
joins the parts into exactly what one unsharded run would have written.`,
		Example: `  surge sweep south-sudan-2014 --vary lift.un-passenger.count=1:8:1 --vary airfields.juba.slots=1,2,4
  surge sweep south-sudan-2014 --vary countries.*.consent.median=2:60 --vary missions.unamid.release.median=5:150 --sample latin --points 100
  surge sweep south-sudan-2014 --vary lift.un-passenger.count=1:10:1 --shard 0/4 --out part-0.csv
  surge sweep tutorial --vary 'countries.*.consent=*0.5:3:0.5' --vary lift.charter.count=1,2 --plot pictures`,
		Args: args(1, 1, "the scenario to sweep"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.scenario = a[0]
			return sweepRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	opts.sim.add(f, true)
	f.StringArrayVar(&opts.vary, "vary", nil, "a parameter to vary: KEY=FROM:TO:STEP, KEY=FROM:TO or KEY=V1,V2,... (repeatable)")
	f.StringVar(&opts.sample, "sample", "grid", "design: grid (every combination) or latin (a Latin hypercube sample)")
	f.IntVar(&opts.points, "points", 0, "points of a Latin hypercube sample")
	f.StringVar(&opts.shard, "shard", "", "run only shard I of N, as I/N with 0 <= I < N")
	opts.plot.add(f, false)
	f.StringVar(&opts.metric, "plot-metric", "share-at-90", "the metric the --plot picture shows")
	opts.output.add(f, "csv", "json")
	return cmd
}

func sweepRun(ctx context.Context, o *sweepOptions) error {
	if err := firstError(o.sim.check(), o.output.check()); err != nil {
		return err
	}
	if len(o.vary) == 0 {
		return usagef("give at least one --vary KEY=...")
	}
	if err := o.plot.check(); err != nil {
		return err
	}
	var axes []sweep.Axis
	for _, v := range o.vary {
		a, err := sweep.ParseVary(v)
		if err != nil {
			return inputError{err}
		}
		axes = append(axes, a)
	}
	switch {
	case o.sample != "grid" && o.sample != "latin":
		return valuef("--sample must be grid or latin (got %q)", o.sample)
	case o.sample == "grid" && o.points != 0:
		return valuef("--points is for --sample latin")
	}
	shard, shards := 0, 0
	if o.shard != "" {
		var err error
		if shard, shards, err = sweep.ParseShard(o.shard); err != nil {
			return inputError{err}
		}
	}
	file, err := open(o.scenario)
	if err != nil {
		return err
	}
	prog := newPointProgress(o.ios, 0)
	opts, err := o.sim.workflow(prog.updateOf)
	if err != nil {
		return err
	}
	var metrics []string
	if o.plot.dir != "" {
		metrics = []string{o.metric}
	}
	table, err := workflow.Sweep(ctx, file, &workflow.SweepOptions{Options: *opts, Axes: axes, Design: o.sample, Points: o.points,
		Shard: shard, Shards: shards, Metrics: metrics})
	prog.done()
	if err != nil {
		return optionError(err, map[string]string{"metric": "plot-metric"})
	}
	if o.plot.dir != "" {
		ch, err := plots.SweepChart(table, o.metric, o.plot.options())
		if err != nil {
			return valuef("--plot-metric: %v", err)
		}
		if err := o.plot.save(o.ios, map[string]*plots.Chart{"sweep": ch}, "sweep"); err != nil {
			return err
		}
	}
	return o.output.write(o.ios, map[string]func(io.Writer) error{
		"json": table.WriteJSON,
		"csv":  table.WriteCSV,
	})
}

// pointProgress shows points done and the time left on a terminal.
type pointProgress struct {
	ios   *streams
	total int
	start time.Time
	shown bool
}

func newPointProgress(ios *streams, total int) *pointProgress {
	return &pointProgress{ios: ios, total: total, start: time.Now()}
}

func (p *pointProgress) update(done int) {
	elapsed := time.Since(p.start)
	if !p.ios.terminal || elapsed < time.Second {
		return
	}
	p.shown = true
	left := time.Duration(float64(elapsed) / float64(done) * float64(p.total-done)).Round(time.Second)
	fmt.Fprintf(p.ios.err, "\rpoint %d of %d, about %v left   ", done, p.total, left)
}

// updateOf is update with the total given: a workflow's progress.
func (p *pointProgress) updateOf(done, total int) {
	p.total = total
	p.update(done)
}

func (p *pointProgress) done() {
	if p.shown {
		fmt.Fprintf(p.ios.err, "\r%s\r", strings.Repeat(" ", 50))
	}
}

func newMergeCmd(ios *streams) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "merge PART...",
		Short: "Join the parts written by the shards of a sweep",
		Long: `Merge joins the outputs of "surge sweep --shard I/N" (all CSV or all JSON) into
exactly the bytes that the sweep would have written in one run. It refuses
parts of different sweeps, a point given twice and, for JSON, a missing shard.`,
		Example: "  surge merge part-*.csv --out sweep.csv",
		Args:    args(1, -1, "the parts to merge"),
		RunE: func(_ *cobra.Command, files []string) error {
			var parts [][]byte
			for _, f := range files {
				b, err := readInput(f, maxResultSize)
				if err != nil {
					return err
				}
				parts = append(parts, b)
			}
			var buf bytes.Buffer
			if err := sweep.Merge(&buf, parts); err != nil {
				return inputError{err}
			}
			return ios.output(out, buf.Bytes())
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the merged output to this file instead of standard output")
	return cmd
}
