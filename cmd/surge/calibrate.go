package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/scenarios/workflow"
)

type calibrateOptions struct {
	ios      *streams
	scenario string
	sim      simFlags
	obs      observedFlags
	fit      []string
	maxEvals int
	output   outFlags
}

func newCalibrateCmd(ios *streams) *cobra.Command {
	opts := &calibrateOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "calibrate SCENARIO --fit PARAM[,PARAM...]",
		Short: "Fit scenario parameters to the observed deployment",
		Long: `Calibrate fits the named parameters of SCENARIO to its observed series (see
"surge backtest") with gonum's Nelder-Mead. Each evaluation simulates the
scenario with the same seed (common random numbers, so that the error changes
smoothly with the parameters) and measures the mean absolute difference
between each replication's share arrived and the observed share, which is
smallest when the simulated median meets the observations. It reports the
fitted values, the error and the coverage of the 80% band before and after,
and the overrides to paste into the scenario.

A parameter is a key path as in the scenario file: a plain number
(lift.un-passenger.count), a distribution's parameter
(countries.nepal.consent.median), or a whole distribution
(missions.unamid.release), fitted as a multiple of itself. With * in an
entity's place (countries.*.consent.median) one multiplier common to all the
entities is fitted, of the whole distribution for a distribution's parameter.`,
		Example: `  surge calibrate south-sudan-2014 --fit missions.unamid.release.median,countries.china.consent.median
  surge calibrate car-2014 --fit countries.*.consent.median --until 600 --reps 300`,
		Args: args(1, 1, "the scenario to calibrate"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.scenario = a[0]
			return calibrateRun(cmd.Context(), opts)
		},
	}
	opts.sim.add(cmd.Flags(), true)
	cmd.Flags().Lookup("reps").DefValue = "500"
	opts.sim.reps = 500
	opts.obs.add(cmd, true)
	f := cmd.Flags()
	f.StringSliceVar(&opts.fit, "fit", nil, "parameters to fit: key paths, comma-separated (required)")
	f.IntVar(&opts.maxEvals, "max-evals", 150, "most simulations of the scenario to try")
	opts.output.add(f, "table", "json")
	return cmd
}

func calibrateRun(ctx context.Context, o *calibrateOptions) error {
	if err := firstError(o.sim.check(), o.output.check()); err != nil {
		return err
	}
	if len(o.fit) == 0 {
		return usagef("give the parameters to fit with --fit KEY[,KEY...]")
	}
	if o.maxEvals < 1 {
		return valuef("--max-evals must be at least 1 (got %d)", o.maxEvals)
	}
	prog := newPointProgress(o.ios, o.maxEvals)
	file, opts, err := openObserved(o.scenario, &o.sim, &o.obs, prog.updateOf)
	if err != nil {
		return err
	}
	c, err := workflow.Calibrate(ctx, file, &workflow.CalibrateOptions{
		BacktestOptions: workflow.BacktestOptions{Options: *opts, Until: o.obs.until}, Fit: o.fit, MaxEvals: o.maxEvals})
	prog.done()
	if err != nil {
		return optionError(err, nil)
	}
	return o.output.write(o.ios, map[string]func(io.Writer) error{
		"json":  func(w io.Writer) error { return writeJSON(w, c) },
		"table": func(w io.Writer) error { return writeCalibration(w, c) },
	})
}

// shellQuote quotes s for a POSIX shell if it has characters the shell
// would read: countries.*.consent=*1.5 becomes 'countries.*.consent=*1.5'.
func shellQuote(s string) string {
	if !strings.ContainsAny(s, " *?[]{}\"'$&|;<>()\\`~#!") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func writeCalibration(w io.Writer, c *workflow.Calibration) error {
	var b strings.Builder
	para(&b, "", fmt.Sprintf("%s: calibrated to %s, up to day %g", c.Scenario.Title, c.Source, c.After.Until))
	b.WriteString(whatIf(c.Header))
	fmt.Fprintf(&b, "%s replications, seed %d, %d evaluations.\n", thousands(c.Replications), c.Seed, c.Evaluations)
	if c.Converged {
		para(&b, "", "The search converged: the error stopped improving.")
	} else {
		para(&b, "  ", fmt.Sprintf("Warning: the search did not converge (%s): the fitted values may not be the best. Run again with a larger --max-evals.", c.Status))
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  parameter\tstart\tfitted\n")
	for _, p := range c.Parameters {
		start := fmt.Sprintf("%g", float64(p.Start))
		if strings.HasPrefix(p.Value, "*") {
			start = "*1 (as in the scenario)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.Key, start, p.Value)
	}
	fmt.Fprintf(tw, "\n  \tbefore\tafter\n")
	fmt.Fprintf(tw, "  mean absolute error of the median\t%.1f pts\t%.1f pts\n", 100*float64(c.Before.MAE), 100*float64(c.After.MAE))
	fmt.Fprintf(tw, "  observations inside the 80%% band\t%d of %d\t%d of %d\n", c.Before.Inside, c.Before.Months, c.After.Inside, c.After.Months)
	fmt.Fprintf(tw, "  mean error of a replication (minimized)\t%.1f pts\t%.1f pts\n", 100*float64(c.Before.Score), 100*float64(c.After.Score))
	tw.Flush()
	fmt.Fprintf(&b, "\nTo use the fitted values, paste this into the scenario:\n\n")
	fmt.Fprintf(&b, "[strategies.calibrated]\n")
	fmt.Fprintf(&b, "description = \"\"\"\n%s\"\"\"\n", wrap(fmt.Sprintf("Fitted by surge calibrate to %s up to day %g (%d replications, seed %d).",
		c.Source, c.After.Until, c.Replications, c.Seed), 80, ""))
	fmt.Fprintf(&b, "[strategies.calibrated.set]\n")
	var flags []string
	for _, p := range c.Parameters {
		if strings.HasPrefix(p.Value, "*") {
			fmt.Fprintf(&b, "%q = %q # fitted: the distribution times %s\n", p.Key, p.Value, p.Value[1:])
		} else {
			fmt.Fprintf(&b, "%q = %s # fitted; was %g\n", p.Key, p.Value, float64(p.Start))
		}
		flags = append(flags, "--set "+shellQuote(p.Key+"="+p.Value))
	}
	fmt.Fprintf(&b, "\nor run with:\n\n  surge run %s \\\n    %s\n", c.Scenario.Name, strings.Join(flags, " \\\n    "))
	_, err := io.WriteString(w, trimLines(b.String()))
	return err
}
