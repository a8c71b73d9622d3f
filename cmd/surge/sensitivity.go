package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
	"github.com/surge-sim/surge/sim/sweep"
)

type sensitivityOptions struct {
	ios      *streams
	scenario string
	sim      simFlags
	metric   string
	top      int
	plot     plotFlags
	output   outFlags
}

func newSensitivityCmd(ios *streams) *cobra.Command {
	opts := &sensitivityOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "sensitivity SCENARIO",
		Short: "Rank the parameters by how much they move a result (a tornado table)",
		Long: `Sensitivity moves each uncertain parameter of SCENARIO alone to a low and a
high value, with everything else as it was and common random numbers, and
ranks the parameters by how much that moves --metric. A distribution is moved
to fixed values at its 10th and 90th percentiles; a plain number (aircraft,
seats, slots, probabilities, ...) 25% down and up. Sizes, the target and the
calendar stay as they are.

Metrics (see the README): days-to-F (mean days to F% of the target, never
counted as the horizon), days-to-F-p50, never-F, share-at-D, p-BENCHMARK.`,
		Example: `  surge sensitivity south-sudan-2014
  surge sensitivity south-sudan-2014 --metric share-at-90 --top 10
  surge sensitivity tutorial --metric p-brahimi --format json
  surge sensitivity south-sudan-2014 --metric share-at-90 --plot pictures`,
		Args: args(1, 1, "the scenario to analyse"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.scenario = a[0]
			return sensitivityRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	opts.sim.add(f, true)
	f.StringVar(&opts.metric, "metric", "days-to-90", "the result to explain")
	opts.plot.add(f, false)
	f.IntVar(&opts.top, "top", 20, "show the N most influential parameters in the table (0: all)")
	opts.output.add(f, "table", "json")
	return cmd
}

func sensitivityRun(ctx context.Context, o *sensitivityOptions) error {
	if err := firstError(o.sim.check(), o.output.check()); err != nil {
		return err
	}
	if o.top < 0 {
		return usagef("--top must not be negative (got %d)", o.top)
	}
	if err := o.plot.check(); err != nil {
		return err
	}
	file, err := open(o.scenario)
	if err != nil {
		return err
	}
	base, err := o.sim.build(file, o.sim.strategy)
	if err != nil {
		return err
	}
	sets, _ := o.sim.overrides()
	params, err := file.Parameters(o.sim.strategy, sets)
	if err != nil {
		return inputError{err}
	}
	if err := (&sim.Options{}).Need(base.Horizon, o.metric); err != nil {
		return usagef("--metric: %v", err)
	}
	var censored float64 // share of the baseline's runs a days-to metric counts as the horizon
	run := func(sc *sim.Scenario) (float64, error) {
		opts := o.sim.options(nil)
		opts.SummaryOnly = true
		if err := opts.Need(sc.Horizon, o.metric); err != nil {
			return 0, usagef("--metric: %v", err)
		}
		res, err := sim.Run(ctx, sc, opts)
		if err != nil {
			return 0, err
		}
		v, err := res.Metric(o.metric)
		if err != nil {
			return 0, usagef("--metric: %v", err)
		}
		if f, ok := strings.CutPrefix(o.metric, "days-to-"); ok && sc == base {
			censored, _ = res.Metric("never-" + strings.TrimSuffix(f, "-p50"))
		}
		return v, nil
	}
	baseline, err := run(base)
	if err != nil {
		return err
	}
	s := &sweep.Sensitivity{Header: o.sim.header(sim.KindSensitivity, base), Metric: o.metric, Baseline: sim.Num(baseline)}
	prog := newPointProgress(o.ios, 2*len(params))
	for i, p := range params {
		e := sweep.Effect{Key: p.Key, How: p.How, Value: p.Value, Low: p.Low, High: p.High}
		for j, v := range []string{p.Low, p.High} {
			val := math.NaN()
			sc, err := file.Scenario(o.sim.strategy, append(sets, scenarios.Override{Key: p.Key, Value: v}))
			if err != nil {
				e.Problem = firstLine(err.Error())
			} else if val, err = run(sc); err != nil {
				return err
			}
			if j == 0 {
				e.AtLow = sim.Num(val)
			} else {
				e.AtHigh = sim.Num(val)
			}
			prog.update(2*i + j + 1)
		}
		s.Parameters = append(s.Parameters, e)
	}
	prog.done()

	s.Rank()
	if o.plot.dir != "" {
		ch, err := plots.Tornado(s, o.top, o.plot.options())
		if err != nil {
			return err
		}
		if err := o.plot.save(o.ios, map[string]*plots.Chart{"tornado": ch}, "tornado"); err != nil {
			return err
		}
	}
	return o.output.write(o.ios, map[string]func(io.Writer) error{
		"json":  func(w io.Writer) error { return writeJSON(w, s) },
		"table": func(w io.Writer) error { return writeSensitivity(w, s, o.top, censored) },
	})
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// writeSensitivity writes the tornado table.
func writeSensitivity(w io.Writer, s *sweep.Sensitivity, top int, censored float64) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: what moves %s\n", s.Scenario.Title, s.Metric)
	b.WriteString(whatIf(s.Header))
	fmt.Fprintf(&b, "%s replications, seed %d. Baseline: %s. Each parameter moved alone, with common random numbers.\n",
		thousands(s.Replications), s.Seed, metricValue(s.Metric, s.Baseline))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  rank\tparameter\tlow\t-> %s\thigh\t-> %s\tswing\n", s.Metric, s.Metric)
	shown := 0
	for i, e := range s.Parameters {
		if top > 0 && shown == top {
			break
		}
		shown++
		if e.Problem != "" {
			fmt.Fprintf(tw, "  %d\t%s\t%s\t\t%s\t\t(%s)\n", i+1, e.Key, e.Low, e.High, e.Problem)
			continue
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, e.Key, e.Low, metricValue(s.Metric, e.AtLow),
			e.High, metricValue(s.Metric, e.AtHigh), swingValue(s.Metric, e.Swing))
	}
	tw.Flush()
	if rest := len(s.Parameters) - shown; rest > 0 {
		fmt.Fprintf(&b, "  ... and %d more (--top 0 shows all)\n", rest)
	}
	fmt.Fprintf(&b, "Low and high: distributions at their 10th and 90th percentiles, plain numbers 25%% down and up.\n")
	if censored > 0.5 {
		fmt.Fprintf(&b, "Note: %s of the runs never get there within the horizon and count as the horizon, which hides\n", pct(censored))
		fmt.Fprintf(&b, "most effects; a share (--metric share-at-90) or an earlier fraction (days-to-50) says more.\n")
	}
	_, err := io.WriteString(w, trimLines(b.String()))
	return err
}

// swingValue formats a difference of a metric: days, or percentage points.
func swingValue(metric string, v sim.Num) string {
	if strings.HasPrefix(metric, "days-to") {
		return metricValue(metric, v)
	}
	return fmt.Sprintf("%.1f pts", 100*float64(v))
}

// metricValue formats a metric's value: days, or shares in percent.
func metricValue(metric string, v sim.Num) string {
	x := float64(v)
	switch {
	case math.IsNaN(x):
		return "-"
	case strings.HasPrefix(metric, "days-to"):
		return fmt.Sprintf("%.1f days", x)
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}
