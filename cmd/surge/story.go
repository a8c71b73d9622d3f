package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios/workflow"
	"github.com/surge-sim/surge/sim"
)

type storyOptions struct {
	ios      *streams
	scenario string
	sim      simFlags
	plot     plotFlags
	output   outFlags
}

func newStoryCmd(ios *streams) *cobra.Command {
	opts := &storyOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "story SCENARIO",
		Short: "Tell one run of a scenario in plain words, day by day",
		Long: `Story simulates one replication of SCENARIO and tells what happened, in
order, with dates: governments consenting, parliaments voting, units pledged,
released, prepared, flown in and operational, rotations and departures, the
share of the target reached, each benchmark met or missed, and what was still
on its way at the end.

The run is replication --timeline (from 0) of "surge run" with the same
scenario, seed, strategy and overrides: the one its timeline picture draws.
Another replication or seed tells another run that could have happened.`,
		Example: `  surge story south-sudan-2014
  surge story south-sudan-2014 --timeline 7 --seed 3
  surge story south-sudan-2014 --strategy standby-brigade
  surge story tutorial --format json
  surge story car-2014 --plot pictures`,
		Args: args(1, 1, "the scenario whose run to tell (see \"surge scenarios\")"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.scenario = a[0]
			return storyRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&opts.sim.seed, "seed", 1, "random seed: the same seed gives the same run")
	f.StringVar(&opts.sim.strategy, "strategy", "", "run one of the scenario's strategies (see \"surge scenarios\")")
	f.StringArrayVar(&opts.sim.set, "set", nil, "override a value: KEY=VALUE, KEY as in the scenario file, VALUE as TOML (repeatable)")
	opts.plot.add(f, true)
	f.Lookup("timeline").Usage = "the replication to tell, from 0: the one \"surge run --timeline\" draws"
	f.Lookup("plot").Usage = "also draw the run's timeline into this folder"
	opts.output.add(f, "table", "json")
	return cmd
}

func storyRun(ctx context.Context, o *storyOptions) error {
	if err := firstError(o.output.check(), o.plot.check()); err != nil {
		return err
	}
	file, err := open(o.scenario)
	if err != nil {
		return err
	}
	opts, err := o.sim.workflow(nil)
	if err != nil {
		return err
	}
	so := &workflow.StoryOptions{Options: *opts, Replication: o.plot.rep}
	st, err := workflow.Tell(ctx, file, so)
	if err != nil {
		return err
	}
	if o.plot.dir != "" {
		sc, rep, err := workflow.Trace(file, so)
		if err != nil {
			return err
		}
		ch, err := plots.Timeline(sc, rep, o.plot.options())
		if err != nil {
			return err
		}
		if err := o.plot.save(o.ios, map[string]*plots.Chart{"timeline": ch}, "timeline"); err != nil {
			return err
		}
	}
	return o.output.write(o.ios, map[string]func(io.Writer) error{
		"json":  func(w io.Writer) error { return writeJSON(w, st) },
		"table": func(w io.Writer) error { return writeStory(w, st) },
	})
}

// writeStory writes the story for people: the events grouped by day, each
// day with its date, wrapped to 80 columns.
func writeStory(w io.Writer, st *workflow.Story) error {
	var b strings.Builder
	para(&b, "", st.Scenario.Title)
	para(&b, "", fmt.Sprintf("One run of the simulation, told in order: replication %d, seed %d. Another replication (--timeline K) or seed tells another run that could have happened.",
		st.Replication, st.Seed))
	b.WriteString(whatIf(sim.Header{Strategy: st.Strategy, Overrides: st.Overrides}))
	lastDay := math.NaN()
	for _, e := range st.Events {
		day := math.Floor(float64(e.Day) + 1e-9)
		if day != lastDay {
			lastDay = day
			fmt.Fprintf(&b, "\nDay %.0f (%s)\n", day, storyDate(e.Date))
		}
		text := e.Text
		if e.Name != "" {
			text = e.Name + ": " + text
		}
		para(&b, "    ", "  "+text)
	}
	_, err := io.WriteString(w, trimLines(b.String()))
	return err
}

// storyDate writes 2014-01-05 as 5 Jan 2014.
func storyDate(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("2 Jan 2006")
}
