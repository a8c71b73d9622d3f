package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/scenarios/workflow"
	"github.com/surge-sim/surge/sim"
)

type compareOptions struct {
	ios        *streams
	scenario   string
	sim        simFlags
	strategies []string
	plot       plotFlags
	output     outFlags
	samples    bool
}

func newCompareCmd(ios *streams) *cobra.Command {
	opts := &compareOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "compare SCENARIO",
		Short: "Compare a scenario's strategies with its baseline, run for run",
		Long: `Compare runs the baseline scenario and each of its strategies with the same
seed and common random numbers: every random quantity has its own stream, so a
strategy that changes the airlift does not reshuffle anyone's consent delay.
It reports, per strategy, the paired difference from the baseline in days to
90% and 100% of the target (never counted as the horizon), the share
operational on day 90, and the chance of meeting each benchmark, each with a
95% confidence interval.`,
		Example: `  surge compare south-sudan-2014
  surge compare south-sudan-2014 --strategies more-airlift,standby-brigade --reps 2000
  surge compare car-2014 --format json --out compare.json
  surge compare south-sudan-2014 --plot pictures`,
		Args: args(1, 1, "the scenario whose strategies to compare"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.scenario = a[0]
			return compareRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	opts.sim.add(f, false)
	opts.plot.add(f, false)
	f.StringSliceVar(&opts.strategies, "strategies", nil, "strategies to compare, comma-separated (default: all)")
	opts.output.add(f, "table", "json", "csv")
	addSamplesFlag(f, &opts.samples)
	return cmd
}

func compareRun(ctx context.Context, o *compareOptions) error {
	if err := firstError(o.sim.check(), o.output.check(), o.plot.check()); err != nil {
		return err
	}
	file, err := open(o.scenario)
	if err != nil {
		return err
	}
	p := newProgress(o.ios, fmt.Sprintf("%s: %d replications each", strings.TrimSuffix(file.Name, ".toml"), o.sim.reps))
	opts, err := o.sim.workflow(p.update)
	if err != nil {
		return err
	}
	cmp, err := workflow.Compare(ctx, file, &workflow.CompareOptions{Options: *opts, Strategies: o.strategies})
	p.done()
	if err != nil {
		return err
	}
	if o.plot.dir != "" {
		if err := o.plot.comparison(o.ios, cmp); err != nil {
			return err
		}
	}
	if !o.samples {
		workflow.DropSamples(cmp.Baseline)
		for _, s := range cmp.Strategies {
			workflow.DropSamples(s.Result)
		}
	}
	return o.output.write(o.ios, map[string]func(io.Writer) error{
		"json":  func(w io.Writer) error { return writeJSON(w, cmp) },
		"csv":   func(w io.Writer) error { return writeComparisonCSV(w, cmp) },
		"table": func(w io.Writer) error { return writeComparison(w, cmp) },
	})
}

// writeComparison writes a comparison as a report for people.
func writeComparison(w io.Writer, c *sim.Comparison) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", wrap(c.Scenario.Title+": strategies against the baseline", 80, ""))
	para(&b, "", fmt.Sprintf("%s paired replications (common random numbers), seed %d. Differences are strategy minus baseline; days never reached count as the horizon (%d days). The 95%% intervals are Monte Carlo intervals: %s",
		thousands(c.Replications), c.Seed, c.Scenario.Horizon, noiseOnly))
	if len(c.Overrides) > 0 {
		fmt.Fprintf(&b, "Every run, the baseline's too, with these overrides:\n%s", overrideList(c.Overrides))
	}
	if bs := c.Baseline.Benchmarks; len(bs) > 0 {
		fmt.Fprintf(&b, "Benchmarks:\n")
		for _, bm := range bs {
			fmt.Fprintf(&b, "  - %s\n", wrap(fmt.Sprintf("%s: %s by day %g. %s", bm.Name, pct(float64(bm.Fraction)), bm.Day, bm.Label), 76, "    "))
		}
	}
	for _, s := range c.Strategies {
		fmt.Fprintf(&b, "\n%s\n", wrap(s.Name+": "+s.Description, 80, ""))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  measure\tbaseline\tstrategy\tdifference\t95%% interval\n")
		exact := false
		for _, d := range s.Diffs {
			interval := measure(d.Unit, d.Low, true) + " to " + measure(d.Unit, d.High, true)
			if d.Unit != sim.UnitDays {
				interval = strings.ReplaceAll(interval, " pts to ", " to ")
			}
			if d.Low == d.High {
				interval, exact = "same in all pairs", true
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", shortMeasure(d.Metric),
				measure(d.Unit, d.Baseline, false), measure(d.Unit, d.Strategy, false),
				measure(d.Unit, d.Diff, true), interval)
		}
		tw.Flush()
		if exact {
			para(&b, "    ", "  Same in all pairs: the strategy changed this by exactly the same amount in every pair of runs, so the interval has no width.")
		}
		for _, d := range s.Diffs {
			if d.Censored > 0 {
				para(&b, "    ", fmt.Sprintf("  %s: one side or both never got there in %s of pairs, counted as the horizon.",
					shortMeasure(d.Metric), pct1(float64(d.Censored))))
			}
		}
	}
	_, err := io.WriteString(w, trimLines(b.String()))
	return err
}

// writeComparisonCSV writes a comparison as a tidy table: one row per
// strategy and metric, each starting with the idColumns of the strategy's
// run (its strategy and every override applied).
func writeComparisonCSV(w io.Writer, c *sim.Comparison) error {
	cw := csv.NewWriter(w)
	cw.Write(append(slices.Clone(idColumns), "metric", "measure", "unit", "baseline", "value", "diff",
		"ci95_low", "ci95_high", "censored"))
	for _, s := range c.Strategies {
		id := idValues(s.Result.Header)
		for _, d := range s.Diffs {
			cw.Write(append(slices.Clone(id), d.Metric, d.Measure, d.Unit, d.Baseline.CSV(), d.Strategy.CSV(), d.Diff.CSV(),
				d.Low.CSV(), d.High.CSV(), sim.Num(d.Censored).CSV()))
		}
	}
	cw.Flush()
	return cw.Error()
}

// noiseOnly says what surge's intervals cover, once in every report.
const noiseOnly = "they cover simulation noise only, how far the figures would move with another seed, not doubt about the scenario's numbers."

// shortMeasure is a metric's short label, as a table's row names it.
func shortMeasure(metric string) string {
	m, err := sim.DescribeMetric(metric)
	if err != nil {
		return metric
	}
	return m.Short
}

// para writes text wrapped to 80 columns, each line after the first
// indented by hang.
func para(b *strings.Builder, hang, text string) {
	lead := text[:len(text)-len(strings.TrimLeft(text, " "))]
	fmt.Fprintf(b, "%s%s\n", lead, wrap(text, 80-len(lead), hang))
}

// measure formats a value of a measure: days, or a share or probability in
// percent (percentage points for differences).
func measure(unit string, v sim.Num, diff bool) string {
	x := float64(v)
	if math.IsNaN(x) {
		return "-"
	}
	if (unit == "days" && math.Abs(x) < 0.05) || (unit != "days" && math.Abs(x) < 0.0005) {
		x = 0 // no "-0.0"
	}
	sign := ""
	if diff && x > 0 {
		sign = "+"
	}
	if unit == "days" {
		return fmt.Sprintf("%s%.1f", sign, x)
	}
	if diff {
		return fmt.Sprintf("%s%.1f pts", sign, 100*x)
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// nb makes the spaces of s non-breaking for wrap: a date such as
// "1 Mar 2014" stays on one line.
func nb(s string) string { return strings.ReplaceAll(s, " ", "\x00") }

// wrap breaks s into lines of at most width characters, each after the
// first starting with indent. It does not break at the spaces nb marks.
func wrap(s string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, w := range strings.Fields(s) {
		if i > 0 && line+1+len(w) > width {
			b.WriteString("\n" + indent)
			line = len(indent)
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return strings.ReplaceAll(b.String(), "\x00", " ")
}

// trimLines removes trailing spaces from every line.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
