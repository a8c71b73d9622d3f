package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/scenarios/workflow"
	"github.com/surge-sim/surge/sim"
)

// observedFlags choose the observed series to compare with.
type observedFlags struct {
	file    string
	mission string
	until   float64
}

func (f *observedFlags) add(cmd *cobra.Command, until bool) {
	fs := cmd.Flags()
	fs.StringVar(&f.file, "observed", "", "monthly strengths to compare with, in the format of scenarios/data/ipi-missions.csv (default: the series built in)")
	fs.StringVar(&f.mission, "mission", "", "the mission whose rows to use (default: the scenario's [observed] mission)")
	f.until = 365
	if until {
		fs.Float64Var(&f.until, "until", 365, "compare observations up to this day; 365 is the first year")
	}
}

// apply points the scenario file at the chosen series; it returns the
// overrides that name the mission.
func (f *observedFlags) apply(file *scenarios.File) ([]scenarios.Override, error) {
	if !(f.until > 0) || math.IsInf(f.until, 0) {
		return nil, valuef("--until must be a number of days above 0 (got %v)", f.until)
	}
	if f.file != "" {
		data, err := readInput(f.file, maxObservedSize)
		if err != nil {
			return nil, err
		}
		rows, err := scenarios.ReadStrengths(f.file, bytes.NewReader(data))
		if err != nil {
			return nil, inputError{err}
		}
		file.UseStrengths(f.file, rows)
	}
	if f.mission != "" {
		return []scenarios.Override{{Key: "observed.mission", Value: fmt.Sprintf("%q", f.mission)}}, nil
	}
	return nil, nil
}

// given reports whether a series was asked for on the command line.
func (f *observedFlags) given() bool { return f.file != "" || f.mission != "" }

// check refuses a series asked for on the command line that the scenario
// cannot use.
func (f *observedFlags) check(file *scenarios.File, sc *sim.Scenario) error {
	if !f.given() {
		return nil
	}
	if sc.Observed == nil {
		return inputError{fmt.Errorf("%s has no [observed] table: give --mission too", file.Name)}
	}
	if p := sc.Observed.Problem; p != "" {
		return inputError{fmt.Errorf("%s: %s", file.Name, p)}
	}
	return nil
}

// openObserved opens a scenario and points it at the observed series the
// flags choose. It returns the file and the workflow's options, progress
// reported to p.
func openObserved(arg string, s *simFlags, obs *observedFlags, p func(done, total int)) (*scenarios.File, *workflow.Options, error) {
	// An out-of-sample scenario built in is backtested with the reference
	// class estimated without its own build-up.
	file, err := scenarios.OpenForBacktest(arg)
	if err != nil {
		return nil, nil, inputError{err}
	}
	extra, err := obs.apply(file)
	if err != nil {
		return nil, nil, err
	}
	opts, err := s.workflow(p, extra...)
	if err != nil {
		return nil, nil, err
	}
	return file, opts, nil
}

type backtestOptions struct {
	ios      *streams
	scenario string
	all      bool
	sim      simFlags
	obs      observedFlags
	plot     plotFlags
	output   outFlags
}

func newBacktestCmd(ios *streams) *cobra.Command {
	opts := &backtestOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "backtest SCENARIO | --all",
		Short: "Set a scenario against what really happened, month by month",
		Long: `Backtest simulates SCENARIO and sets the share of the target in the mission area
(the simulated p10, p50 and p90 on each observed day) against the observed
monthly strengths: (observed - strength on day 0) / target. It reports each
month, whether it falls inside the simulated 80% band, the coverage of that
band, the mean absolute error of the median and the largest miss.

The observed series is the scenario's [observed] table (mission and baselines)
over the series built into surge, or --observed FILE.csv in the same format
(date, mission, troops, police, observers, total); --mission picks its rows.

With --all, it backtests every built-in scenario that has an observed series
over its first --until days and pools the months of the in-sample scenarios
(fitted to their series) and of the out-of-sample ones (written blind, from
what was known on their day 0) apart: coverage of the 50, 80 and 90% bands,
the median's error, the interval score and the CRPS, each beside a naive
forecast's. --plot draws the calibration of the pooled out-of-sample months.`,
		Example: `  surge backtest south-sudan-2014
  surge backtest car-2014 --until 600 --format json
  surge backtest mine.toml --observed strengths.csv --mission UNMISS
  surge backtest car-2014 --plot pictures --dates
  surge backtest --all
  surge backtest --all --format json --out corpus.json --plot pictures`,
		Args: func(cmd *cobra.Command, a []string) error {
			if opts.all {
				return args(0, 0, "")(cmd, a)
			}
			return args(1, 1, "the scenario to backtest (or --all)")(cmd, a)
		},
		RunE: func(cmd *cobra.Command, a []string) error {
			if opts.all {
				return backtestAllRun(cmd.Context(), opts)
			}
			opts.scenario = a[0]
			return backtestRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.all, "all", false, "backtest every built-in scenario with an observed series, pooled in and out of sample")
	opts.sim.add(cmd.Flags(), true)
	opts.obs.add(cmd, true)
	opts.plot.add(cmd.Flags(), false)
	opts.output.add(cmd.Flags(), "table", "json", "csv")
	return cmd
}

func backtestRun(ctx context.Context, o *backtestOptions) error {
	if err := firstError(o.sim.check(), o.output.check(), o.plot.check()); err != nil {
		return err
	}
	p := newProgress(o.ios, fmt.Sprintf("%s: %d replications", o.scenario, o.sim.reps))
	file, opts, err := openObserved(o.scenario, &o.sim, &o.obs, p.update)
	if err != nil {
		return err
	}
	bt, res, err := workflow.Backtest(ctx, file, &workflow.BacktestOptions{Options: *opts, Until: o.obs.until})
	p.done()
	if err != nil {
		return err
	}
	if o.plot.dir != "" {
		ch, err := plots.Deployment(res, o.plot.options())
		if err != nil {
			return err
		}
		charts, order := map[string]*plots.Chart{"backtest": ch}, []string{"backtest"}
		var compared []sim.ObservedPoint
		for _, p := range bt.Observations {
			if p.Day <= bt.Summary.Until {
				compared = append(compared, p)
			}
		}
		if len(compared) > 0 {
			sub := fmt.Sprintf("%d months of %s, the first %g days · %s", len(compared), res.Scenario.Name, bt.Summary.Until, runs(res.Replications))
			cal, err := plots.Calibration(compared, res.Scenario.Title, sub, o.plot.options())
			if err != nil {
				return err
			}
			charts["calibration"] = cal
			order = append(order, "calibration")
		}
		if err := o.plot.save(o.ios, charts, order...); err != nil {
			return err
		}
	}
	return o.output.write(o.ios, map[string]func(io.Writer) error{
		"json":  func(w io.Writer) error { return writeJSON(w, bt) },
		"csv":   func(w io.Writer) error { return writeBacktestCSV(w, bt) },
		"table": func(w io.Writer) error { return writeBacktest(w, bt) },
	})
}

// writeBacktestCSV writes the observations beside the simulation as a tidy
// table: one row per observation, each starting with the idColumns; scored
// says whether it is up to --until, inside whether it is in the 80% band.
func writeBacktestCSV(w io.Writer, bt *workflow.BacktestReport) error {
	cw := csv.NewWriter(w)
	cw.Write(append(slices.Clone(idColumns), "source", "date", "day", "observed", "p10", "p50", "p90", "abs_error",
		"inside", "scored"))
	id := idValues(bt.Header)
	for _, p := range bt.Observations {
		cw.Write(append(slices.Clone(id), bt.Source, p.Date, sim.Num(p.Day).CSV(), sim.Num(p.Fraction).CSV(),
			sim.Num(p.P10).CSV(), sim.Num(p.P50).CSV(), sim.Num(p.P90).CSV(), sim.Num(p.AbsError).CSV(),
			strconv.FormatBool(p.Inside()), strconv.FormatBool(p.Day <= bt.Summary.Until)))
	}
	cw.Flush()
	return cw.Error()
}

func writeBacktest(w io.Writer, bt *workflow.BacktestReport) error {
	var b strings.Builder
	s := bt.Summary
	para(&b, "", bt.Scenario.Title+": the simulation against what happened")
	b.WriteString(whatIf(bt.Header))
	para(&b, "", fmt.Sprintf("%s replications, seed %d. Observed: %s, as the increase over day 0 as a share of the target. Simulated (p10, p50, p90): the share arrived in the mission area that day.",
		thousands(bt.Replications), bt.Seed, bt.Source))
	if o := bt.Series; o != nil {
		para(&b, "", fmt.Sprintf("Day 0: %s military and %s police (%s).", thousands(o.BaselineTroops), thousands(o.BaselinePolice), o.Baseline))
		if o.OutOfSample {
			para(&b, "", "Out of sample: the scenario was written from what was known on day 0, before this comparison.")
			if bt.LeftOut != "" {
				para(&b, "", "Its defaults are the reference class estimated without this build-up (leave-one-out).")
			}
		} else {
			para(&b, "", "In sample: the scenario's numbers were set while looking at this series; a fit, not a forecast.")
		}
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  date\tday\tobserved\tp10\tp50\tp90\tin the 80%% band\tnaive\n")
	for _, p := range bt.Observations {
		mark := "yes"
		if !p.Inside() {
			mark = "no"
			if p.Fraction < p.P10 {
				mark += " (below)"
			} else {
				mark += " (above)"
			}
		}
		if p.Day > s.Until {
			mark = "(after day " + fmt.Sprintf("%g", s.Until) + ")"
		}
		fmt.Fprintf(tw, "  %s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Date, p.Day, pct1(float64(p.Fraction)),
			pct1(float64(p.P10)), pct1(float64(p.P50)), pct1(float64(p.P90)), mark, pct1(float64(p.Naive)))
	}
	tw.Flush()
	if o := bt.Series; o != nil && len(o.Skipped) > 0 {
		para(&b, "    ", "  Skipped, a figure missing: "+strings.Join(o.Skipped, ", ")+".")
	}
	text := fmt.Sprintf("Up to day %g: %d of %d observations inside the 80%% band (coverage %s); the 50%% band covers %s and the 90%% band %s (a calibrated forecast: about 50%%, 80%%, 90%%). The median misses by %.1f percentage points on average",
		s.Until, s.Inside, s.Months, pct(float64(s.Coverage)), pct(float64(s.Coverage50)), pct(float64(s.Coverage90)), 100*float64(s.MAE))
	if s.Largest != nil {
		text += fmt.Sprintf(", most on %s (%s observed, %s simulated)", s.Largest.Date, pct1(float64(s.Largest.Fraction)), pct1(float64(s.Largest.P50)))
	}
	b.WriteString("\n")
	para(&b, "", text+".")
	if s.Months > 0 {
		para(&b, "", fmt.Sprintf("Naive forecast (a straight line to 92.5%% of the ceiling at month %.0f, flat after): it misses by %.1f points. Probability score (CRPS, lower is better): %.1f against %.1f, a skill of %s (above 0: better than the naive forecast).",
			float64(bt.Series.NaiveDays)/(365.25/12), 100*float64(s.NaiveMAE), 100*float64(s.CRPS), 100*float64(s.NaiveMAE), signedPct(float64(s.Skill))))
	}
	_, err := io.WriteString(w, trimLines(b.String()))
	return err
}

// signedPct writes a share as a signed percentage, such as +25%.
func signedPct(x float64) string {
	if math.IsNaN(x) {
		return "undefined"
	}
	return fmt.Sprintf("%+.0f%%", 100*x)
}
