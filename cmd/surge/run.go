package main

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/sim"
)

// runOptions are the flags and arguments of "surge run".
type runOptions struct {
	ios      *streams
	scenario string
	reps     int
	seed     uint64
	workers  int
	format   string
	out      string
}

var formats = []string{"table", "json", "csv"}

func newRunCmd(ios *streams) *cobra.Command {
	opts := &runOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "run SCENARIO",
		Short: "Simulate a scenario many times and report the outcome",
		Long: `Run simulates SCENARIO (the name of a built-in scenario, or a scenario file)
--reps times and reports: days to reach 25, 50, 75, 90 and 100% of the target;
the share operational on days 30, 60 and 90; the probability of meeting each
benchmark; and where the time goes, with the biggest bottleneck named.

The same scenario, seed and flags give the same output, byte for byte, with
any number of workers.`,
		Example: `  surge run south-sudan-2014
  surge run tutorial --reps 200 --seed 7
  surge run mine.toml --format json --out result.json
  surge run south-sudan-2014 --format csv > daily.csv`,
		Args: args(1, 1, "the scenario to run (see \"surge scenarios\")"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.scenario = a[0]
			return runRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.reps, "reps", 1000, "number of replications")
	f.Uint64Var(&opts.seed, "seed", 1, "random seed: the same seed gives the same result")
	f.IntVar(&opts.workers, "workers", 0, "replications run at once (default: all cores)")
	f.StringVar(&opts.format, "format", "table", "output format: table, json or csv (the daily series)")
	f.StringVar(&opts.out, "out", "", "write the output to this file instead of standard output")
	return cmd
}

func (o *runOptions) check() error {
	if o.reps < 1 {
		return usagef("--reps must be at least 1 (got %d)", o.reps)
	}
	if o.workers < 0 {
		return usagef("--workers must not be negative (got %d)", o.workers)
	}
	if !slices.Contains(formats, o.format) {
		return usagef("--format must be one of %s (got %q)", strings.Join(formats, ", "), o.format)
	}
	return nil
}

func runRun(ctx context.Context, o *runOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	sc, err := loadScenario(o.scenario)
	if err != nil {
		return err
	}
	p := newProgress(o.ios, fmt.Sprintf("%s: %d replications", sc.Name, o.reps))
	res, err := sim.Run(ctx, sc, &sim.Options{
		Replications: o.reps, Seed: o.seed, Workers: o.workers, Progress: p.update,
	})
	p.done()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch o.format {
	case "json":
		err = writeJSON(&buf, res)
	case "csv":
		err = writeDailyCSV(&buf, res)
	default:
		err = writeReport(&buf, res)
	}
	if err != nil {
		return err
	}
	return o.ios.output(o.out, buf.Bytes())
}

// progress shows a progress line on a terminal for runs longer than a second.
type progress struct {
	ios   *streams
	label string
	start time.Time
	shown bool
}

func newProgress(ios *streams, label string) *progress {
	return &progress{ios: ios, label: label, start: time.Now()}
}

func (p *progress) update(done, total int) {
	if !p.ios.terminal || time.Since(p.start) < time.Second {
		return
	}
	p.shown = true
	fmt.Fprintf(p.ios.err, "\r%s: %3.0f%%", p.label, 100*float64(done)/float64(total))
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprintf(p.ios.err, "\r%s\r", strings.Repeat(" ", len(p.label)+6))
	}
}
