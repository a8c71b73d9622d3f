package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/surge-sim/surge/scenarios/workflow"
)

// runOptions are the flags and arguments of "surge run".
type runOptions struct {
	ios      *streams
	scenario string
	sim      simFlags
	obs      observedFlags
	plot     plotFlags
	output   outFlags
	samples  bool
}

func newRunCmd(ios *streams) *cobra.Command {
	opts := &runOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "run SCENARIO",
		Short: "Simulate a scenario many times and report the outcome",
		Long: `Run simulates SCENARIO (the name of a built-in scenario, or a scenario file)
--reps times and reports: days to reach 25, 50, 75, 90 and 100% of the target;
the share operational on days 30, 60 and 90; the probability of meeting each
benchmark; and where the time goes, with the biggest bottleneck named.

--strategy runs one of the scenario's named variants; --set changes any value,
named by its key path as in the scenario file (after the strategy's own).

The same scenario, seed and flags give the same output, byte for byte, with
any number of workers.`,
		Example: `  surge run south-sudan-2014
  surge run tutorial --reps 200 --seed 7
  surge run south-sudan-2014 --strategy more-airlift
  surge run south-sudan-2014 --set lift.un-passenger.count=6 --set countries.nepal.consent=7
  surge run mine.toml --format json --out result.json
  surge run south-sudan-2014 --format csv > daily.csv
  surge run south-sudan-2014 --plot pictures --dates`,
		Args: args(1, 1, "the scenario to run (see \"surge scenarios\")"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.scenario = a[0]
			return runRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	opts.sim.add(f, true)
	opts.obs.add(cmd, false)
	opts.plot.add(f, true)
	opts.output.add(f, "table", "json", "csv")
	addSamplesFlag(f, &opts.samples)
	return cmd
}

// addSamplesFlag adds --samples, which keeps the per-run samples in JSON.
func addSamplesFlag(fs *pflag.FlagSet, samples *bool) {
	fs.BoolVar(samples, "samples", true, "keep each replication's days and shares in JSON (samples, share_samples); --samples=false leaves them out for a smaller file")
}

func runRun(ctx context.Context, o *runOptions) error {
	if err := firstError(o.sim.check(), o.output.check(), o.plot.check()); err != nil {
		return err
	}
	if o.plot.rep >= o.sim.reps {
		return valuef("--timeline must be a replication of the run, 0 to %d (got %d)", o.sim.reps-1, o.plot.rep)
	}
	file, err := open(o.scenario)
	if err != nil {
		return err
	}
	extra, err := o.obs.apply(file)
	if err != nil {
		return err
	}
	p := newProgress(o.ios, fmt.Sprintf("%s: %d replications", strings.TrimSuffix(file.Name, ".toml"), o.sim.reps))
	opts, err := o.sim.workflow(p.update, extra...)
	if err != nil {
		return err
	}
	if o.obs.given() {
		sc, err := workflow.Build(file, opts)
		if err != nil {
			return err
		}
		if err := o.obs.check(file, sc); err != nil {
			return err
		}
	}
	opts.Samples = o.samples || o.plot.dir != "" // JSON's samples; the time to the target's picture
	res, sc, err := workflow.Run(ctx, file, opts)
	p.done()
	if err != nil {
		return err
	}
	warnings := sc.Warnings()
	if o.output.format != "table" || o.output.out != "" {
		// The report says them itself; elsewhere, say them on stderr.
		for _, w := range warnings {
			fmt.Fprintf(o.ios.err, "surge: warning: %v\n", w)
		}
	}
	if o.plot.dir != "" {
		if err := o.plot.standardSet(o.ios, res, sc); err != nil {
			return err
		}
	}
	if !o.samples {
		workflow.DropSamples(res)
	}
	return o.output.write(o.ios, map[string]func(io.Writer) error{
		"json":  func(w io.Writer) error { return writeJSON(w, res) },
		"csv":   func(w io.Writer) error { return writeDailyCSV(w, res) },
		"table": func(w io.Writer) error { return writeReport(w, res, warnings) },
	})
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
