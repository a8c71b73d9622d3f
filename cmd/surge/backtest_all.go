package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// backtestAllRun backtests every built-in scenario with an observed series.
func backtestAllRun(ctx context.Context, o *backtestOptions) error {
	if err := firstError(o.sim.check(), o.output.check(), o.plot.check()); err != nil {
		return err
	}
	if o.sim.strategy != "" || len(o.sim.set) > 0 || o.obs.file != "" || o.obs.mission != "" || o.plot.dates {
		return usagef("--all runs each built-in scenario as it is: it takes no --strategy, --set, --observed, --mission or --dates")
	}
	if _, err := o.obs.apply(nil); err != nil { // checks --until
		return err
	}
	p := newProgress(o.ios, "backtests of the built-in scenarios")
	c, err := scenarios.BacktestAll(ctx, &sim.Options{Replications: o.sim.reps, Seed: o.sim.seed, Workers: o.sim.workers}, o.obs.until)
	p.done()
	if err != nil {
		return err
	}
	c.Surge = build()
	if o.plot.dir != "" {
		var oos []sim.ObservedPoint
		for _, e := range c.Scenarios {
			if e.OutOfSample {
				oos = append(oos, e.Observations...)
			}
		}
		sub := fmt.Sprintf("%d months of %d build-ups written blind, first %g days · %s, seed %d",
			len(oos), c.Pooled.OutOfSample.Scenarios, c.Until, runs(c.Replications), c.Seed)
		ch, err := plots.Calibration(oos, "the out-of-sample backtests", sub, o.plot.options())
		if err != nil {
			return valuef("--plot: %v", err)
		}
		if err := o.plot.save(o.ios, map[string]*plots.Chart{"calibration": ch}, "calibration"); err != nil {
			return err
		}
	}
	return o.output.write(o.ios, map[string]func(io.Writer) error{
		"json":  func(w io.Writer) error { return writeJSON(w, c) },
		"csv":   func(w io.Writer) error { return writeCorpusCSV(w, c) },
		"table": func(w io.Writer) error { return writeCorpus(w, c) },
	})
}

func runs(n int) string {
	if n == 1 {
		return "1 replication"
	}
	return thousands(n) + " replications"
}

// points writes a share of the target as percentage points, or "-".
func points(s sim.Share) string {
	if math.IsNaN(float64(s)) {
		return "-"
	}
	return fmt.Sprintf("%.1f", 100*float64(s))
}

func writeCorpus(w io.Writer, c *scenarios.Corpus) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Backtests of the built-in scenarios with an observed series: the first %g days\n", c.Until)
	fmt.Fprintf(&b, "after each resolution, %s each, seed %d.\n\n", runs(c.Replications), c.Seed)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  scenario\tsample\tmonths\t50%%\t80%%\t90%%\terror\tnaive\tskill\n")
	row := func(name, sample string, s scenarios.CorpusScore) {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", name, sample, s.Months, pct(float64(s.Coverage50)),
			pct(float64(s.Coverage80)), pct(float64(s.Coverage90)), points(s.MAE), points(s.NaiveMAE), signedPct(float64(s.Skill)))
	}
	for _, e := range c.Scenarios {
		sample := "in"
		if e.OutOfSample {
			sample = "out"
		}
		row(e.Name, sample, e.CorpusScore)
	}
	fmt.Fprintf(tw, "\t\t\t\t\t\t\t\t\n")
	row("pooled in sample", fmt.Sprintf("%d sc.", c.Pooled.InSample.Scenarios), c.Pooled.InSample)
	row("pooled out of sample", fmt.Sprintf("%d sc.", c.Pooled.OutOfSample.Scenarios), c.Pooled.OutOfSample)
	tw.Flush()
	fmt.Fprintf(&b, `
50%%, 80%%, 90%%: the share of observed months inside the simulated bands; a
calibrated forecast covers about 50%%, 80%% and 90%%. error: the median's mean
absolute error, in points of the target; naive: the same for a straight line
from day 0 to 92.5%% of the ceiling at month 10 (12 in Africa), flat after.
skill: 1 - CRPS / naive error; above 0 the simulated distribution beats the
naive forecast. In sample, the scenario's numbers were set while looking at its
series: a fit, not a forecast. Out of sample, it was written blind, from what
was known on its day 0.
`)
	for _, s := range []scenarios.CorpusScore{c.Pooled.InSample, c.Pooled.OutOfSample} {
		which := "in sample"
		if s.OutOfSample {
			which = "out of sample"
		}
		if s.Scenarios > 0 {
			fmt.Fprintf(&b, "%s: the median beats the naive forecast in %d of %d scenarios; the 80%%\nband's interval score is %.1f points, the naive forecast's %.1f (lower is\nbetter).\n",
				upperFirst(which), s.BeatsNaive, s.Scenarios, 100*float64(s.IntervalScore), 100*float64(s.NaiveIntervalScore))
		}
	}
	_, err := io.WriteString(w, trimLines(b.String()))
	return err
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// writeCorpusCSV writes one row per scenario and one per pooled sample.
func writeCorpusCSV(w io.Writer, c *scenarios.Corpus) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scenario", "version", "out_of_sample", "scenarios", "beats_naive", "replications", "seed", "until", "months",
		"coverage50", "coverage80", "coverage90", "mae", "naive_mae", "interval_score", "naive_interval_score", "crps", "skill"})
	row := func(name, version string, s scenarios.CorpusScore) {
		cw.Write([]string{name, version, strconv.FormatBool(s.OutOfSample), strconv.Itoa(s.Scenarios), strconv.Itoa(s.BeatsNaive),
			strconv.Itoa(c.Replications), strconv.FormatUint(c.Seed, 10), strconv.FormatFloat(c.Until, 'g', -1, 64),
			strconv.Itoa(s.Months), share(s.Coverage50), share(s.Coverage80), share(s.Coverage90), share(s.MAE),
			share(s.NaiveMAE), s.IntervalScore.CSV(), s.NaiveIntervalScore.CSV(), share(s.CRPS), s.Skill.CSV()})
	}
	for _, e := range c.Scenarios {
		row(e.Name, e.Version, e.CorpusScore)
	}
	for _, s := range []scenarios.CorpusScore{c.Pooled.InSample, c.Pooled.OutOfSample} {
		name := "pooled in sample"
		if s.OutOfSample {
			name = "pooled out of sample"
		}
		row(name, "", s)
	}
	cw.Flush()
	return cw.Error()
}
