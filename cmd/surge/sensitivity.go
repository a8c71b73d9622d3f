package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios/workflow"
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

Metrics (see the README), F any percentage of the target and D any day:
share-at-D (the mean share operational on day D; the default is share-at-90),
days-to-F (mean days to F% of the target, never counted as the horizon),
days-to-F-p50, never-F, p-BENCHMARK. A days-to metric is censored: runs that
never get there count as the horizon, which hides effects when they are many;
sensitivity warns when that, or a metric nothing moves, makes the ranking
meaningless.`,
		Example: `  surge sensitivity south-sudan-2014
  surge sensitivity south-sudan-2014 --metric days-to-50 --top 10
  surge sensitivity tutorial --metric share-at-45 --format csv
  surge sensitivity south-sudan-2014 --plot pictures`,
		Args: args(1, 1, "the scenario to analyse"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.scenario = a[0]
			return sensitivityRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	opts.sim.add(f, true)
	f.StringVar(&opts.metric, "metric", "", "the result to explain (default share-at-90, or share-at-HORIZON if the horizon is sooner)")
	opts.plot.add(f, false)
	f.IntVar(&opts.top, "top", 20, "show the N most influential parameters in the table (0: all)")
	opts.output.add(f, "table", "json", "csv")
	return cmd
}

func sensitivityRun(ctx context.Context, o *sensitivityOptions) error {
	if err := firstError(o.sim.check(), o.output.check()); err != nil {
		return err
	}
	if o.top < 0 {
		return valuef("--top must not be negative (got %d)", o.top)
	}
	if err := o.plot.check(); err != nil {
		return err
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
	s, err := workflow.Sensitivity(ctx, file, &workflow.SensitivityOptions{Options: *opts, Metric: o.metric})
	prog.done()
	if err != nil {
		return optionError(err, nil)
	}
	if o.output.format != "table" || o.output.out != "" {
		for _, w := range s.Warnings {
			fmt.Fprintf(o.ios.err, "surge: warning: %s\n", w)
		}
	}
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
		"csv":   func(w io.Writer) error { return writeSensitivityCSV(w, s) },
		"table": func(w io.Writer) error { return writeSensitivity(w, s, o.top) },
	})
}

// writeSensitivity writes the tornado table: each parameter's key path and
// plain label, then its low and high values with the metric at each.
func writeSensitivity(w io.Writer, s *sweep.Sensitivity, top int) error {
	var b strings.Builder
	m, _ := sim.DescribeMetric(s.Metric)
	para(&b, "", fmt.Sprintf("%s: what moves %s (%s)", s.Scenario.Title, strings.ToLower(m.Short), s.Metric))
	b.WriteString(whatIf(s.Header))
	para(&b, "", fmt.Sprintf("%s. %s replications, seed %d. Baseline: %s. Each parameter moved alone to a low and a high value, with common random numbers; the swing is how far apart those two leave the metric.",
		m.Label, thousands(s.Replications), s.Seed, metricValue(s.Metric, s.Baseline)))
	for _, w := range s.Warnings {
		para(&b, "  ", "Warning: "+w)
	}
	b.WriteString("\n")
	shown := 0
	for i, e := range s.Parameters {
		if top > 0 && shown == top {
			break
		}
		shown++
		head := fmt.Sprintf("%2d. %s", i+1, e.Key)
		if e.Label != "" && e.Label != e.Key {
			head += ": " + e.Label
		}
		para(&b, "      ", head)
		if e.Problem != "" {
			para(&b, "      ", fmt.Sprintf("    %s and %s: not run (%s)", e.Low.Text(e.Unit), e.High.Text(e.Unit), e.Problem))
			continue
		}
		para(&b, "      ", fmt.Sprintf("    swing %s: at %s, %s; at %s, %s", swingValue(s.Metric, e.Swing),
			e.Low.Text(e.Unit), metricValue(s.Metric, e.AtLow), e.High.Text(e.Unit), metricValue(s.Metric, e.AtHigh)))
	}
	if rest := len(s.Parameters) - shown; rest > 0 {
		fmt.Fprintf(&b, "... and %d more (--top 0 shows all)\n", rest)
	}
	b.WriteString("\n")
	para(&b, "", "Low and high: distributions at their 10th and 90th percentiles, plain numbers 25% down and up.")
	_, err := io.WriteString(w, trimLines(b.String()))
	return err
}

// writeSensitivityCSV writes the analysis as a tidy table: one row per
// parameter, largest swing first, each starting with the idColumns.
func writeSensitivityCSV(w io.Writer, s *sweep.Sensitivity) error {
	cw := csv.NewWriter(w)
	cw.Write(append(slices.Clone(idColumns), "metric", "metric_unit", "baseline", "rank", "key", "label", "unit",
		"value", "low", "high", "at_low", "at_high", "swing", "problem"))
	id := idValues(s.Header)
	for i, e := range s.Parameters {
		cw.Write(append(slices.Clone(id), s.Metric, s.MetricUnit, csvNumber(float64(s.Baseline)), strconv.Itoa(i+1),
			e.Key, e.Label, e.Unit, string(e.Value), string(e.Low), string(e.High),
			csvNumber(float64(e.AtLow)), csvNumber(float64(e.AtHigh)), csvNumber(float64(e.Swing)), e.Problem))
	}
	cw.Flush()
	return cw.Error()
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
		return "never"
	case strings.HasPrefix(metric, "days-to"):
		return fmt.Sprintf("%.1f days", x)
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}
