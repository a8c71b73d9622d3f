package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
	"github.com/surge-sim/surge/sim/sweep"
)

// plotFlags are the flags of the commands that can draw their result.
type plotFlags struct {
	dir    string
	format string
	dates  bool
	rep    int
}

func (f *plotFlags) add(fs *pflag.FlagSet, withRep bool) {
	fs.StringVar(&f.dir, "plot", "", "also draw the result's pictures into this folder")
	fs.StringVar(&f.format, "plot-format", "png", "picture format: png, svg or pdf")
	fs.BoolVar(&f.dates, "dates", false, "label the time axis with calendar dates instead of days")
	if withRep {
		fs.IntVar(&f.rep, "timeline", 0, "the replication (0 to --reps - 1) whose one-run timeline to draw")
	}
}

func (f *plotFlags) check() error {
	if !slices.Contains([]string{"png", "svg", "pdf"}, f.format) {
		return valuef("--plot-format must be png, svg or pdf (got %q)", f.format)
	}
	if f.rep < 0 {
		return valuef("--timeline must not be negative (got %d)", f.rep)
	}
	return nil
}

func (f *plotFlags) options() *plots.Options {
	return &plots.Options{Dates: f.dates}
}

// save writes charts named name.FORMAT into the folder and tells stderr.
func (f *plotFlags) save(ios *streams, charts map[string]*plots.Chart, order ...string) error {
	var pics []plots.Picture
	for _, name := range order {
		pics = append(pics, plots.Picture{Name: name, Chart: charts[name]})
	}
	return f.write(ios, pics)
}

// write renders the pictures into the folder, which it creates if needed,
// and tells stderr.
func (f *plotFlags) write(ios *streams, pics []plots.Picture) error {
	if err := os.MkdirAll(f.dir, 0o777); err != nil {
		return &fileError{"write", f.dir, err}
	}
	for _, p := range pics {
		var buf bytes.Buffer
		if err := plots.Write(&buf, p.Chart, f.format, f.options()); err != nil {
			return err
		}
		path := filepath.Join(f.dir, p.Name+"."+f.format)
		if err := ios.files.write(path, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(ios.err, "wrote %s\n", clean(path))
	}
	return nil
}

// standardSet draws a run's pictures, with the timeline of replication
// f.rep of sc (if sc is not nil).
func (f *plotFlags) standardSet(ios *streams, res *sim.Result, sc *sim.Scenario) error {
	var rep *sim.Replication
	if sc != nil {
		var err error
		if rep, err = sim.Trace(sc, res.Seed, f.rep); err != nil {
			return err
		}
	}
	pics, err := plots.StandardSet(res, sc, rep, f.options())
	if err != nil {
		return err
	}
	return f.write(ios, pics)
}

// comparison draws a comparison's two pictures (the days to 90% only if
// the results keep their samples).
func (f *plotFlags) comparison(ios *streams, c *sim.Comparison) error {
	results := []*sim.Result{c.Baseline}
	labels := []string{"baseline"}
	for _, s := range c.Strategies {
		results = append(results, s.Result)
		labels = append(labels, s.Name)
	}
	curves, err := plots.CompareCurves(results, labels, f.options())
	if err != nil {
		return err
	}
	if len(c.Baseline.Samples) == 0 {
		fmt.Fprintf(ios.err, "no compare-days: the result was saved without its samples (--samples=false)\n")
		return f.save(ios, map[string]*plots.Chart{"compare-curves": curves}, "compare-curves")
	}
	days, err := plots.CompareDays(results, labels, f.options())
	if err != nil {
		return err
	}
	return f.save(ios, map[string]*plots.Chart{"compare-curves": curves, "compare-days": days}, "compare-curves", "compare-days")
}

type plotOptions struct {
	ios      *streams
	input    string
	scenario string
	metric   string
	top      int
	plot     plotFlags
}

func newPlotCmd(ios *streams) *cobra.Command {
	opts := &plotOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "plot RESULT.json --out DIR",
		Short: "Draw the pictures of a saved JSON result",
		Long: `Plot draws the pictures of a result saved with --format json, without running
anything again, as its "kind" says: for "surge run", the deployment curve,
the time to target, where the time goes and one replication's timeline; for
"surge compare", the strategies' curves and days to 90%; for "surge sweep",
--metric across the points; for "surge sensitivity", the tornado.

The timeline needs the scenario itself: the built-in one of the result's
name, or --scenario FILE. Its content hash, with the result's overrides,
must be the result's scenario.sha256: plot refuses a file that differs
(edited since), and draws no timeline if the built-in scenario differs.`,
		Example: `  surge run south-sudan-2014 --format json --out result.json
  surge plot result.json --out pictures
  surge plot compare.json --out pictures --plot-format svg --dates`,
		Args: args(1, 1, "the JSON result to draw"),
		RunE: func(_ *cobra.Command, a []string) error {
			opts.input = a[0]
			return plotRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.plot.dir, "out", "", "the folder to draw into (required)")
	f.StringVar(&opts.plot.format, "plot-format", "png", "picture format: png, svg or pdf")
	f.BoolVar(&opts.plot.dates, "dates", false, "label the time axis with calendar dates instead of days")
	f.IntVar(&opts.plot.rep, "timeline", 0, "the replication (0 to the result's replications - 1) whose one-run timeline to draw")
	f.StringVar(&opts.scenario, "scenario", "", "the scenario file the result came from, for the timeline")
	f.StringVar(&opts.metric, "metric", "share-at-90", "the metric a sweep's picture shows")
	f.IntVar(&opts.top, "top", 20, "the parameters a sensitivity picture shows (0: all)")
	return cmd
}

func plotRun(o *plotOptions) error {
	if o.plot.dir == "" {
		return usagef("give the folder to draw into with --out DIR")
	}
	if err := o.plot.check(); err != nil {
		return err
	}
	data, err := readInput(o.input, maxResultSize)
	if err != nil {
		return err
	}
	var head struct {
		Kind          string `json:"kind"`
		SchemaVersion int    `json:"schema_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return inputError{fmt.Errorf("%s is not a JSON result: %v", o.input, sim.JSONError(err))}
	}
	strict := func(v any) error {
		dec := json.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(v); err != nil {
			return inputError{fmt.Errorf("%s: %v", o.input, sim.JSONError(err))}
		}
		return nil
	}
	switch head.Kind {
	case sim.KindCompare:
		var c sim.Comparison
		if err := strict(&c); err != nil {
			return err
		}
		if c.Baseline == nil || len(c.Strategies) == 0 {
			return inputError{fmt.Errorf("%s: a comparison without results", o.input)}
		}
		return o.plot.comparison(o.ios, &c)
	case sim.KindRun:
		var res sim.Result
		if err := strict(&res); err != nil {
			return err
		}
		sc, err := o.scenarioOf(&res)
		if err != nil {
			return err
		}
		if o.plot.rep >= res.Replications {
			return valuef("--timeline must be a replication of the result, 0 to %d (got %d)", res.Replications-1, o.plot.rep)
		}
		if len(res.Samples) == 0 {
			fmt.Fprintf(o.ios.err, "no time-to-target: the result was saved without its samples (--samples=false)\n")
		}
		return o.plot.standardSet(o.ios, &res, sc)
	case sim.KindSensitivity:
		var s sweep.Sensitivity
		if err := strict(&s); err != nil {
			return err
		}
		ch, err := plots.Tornado(&s, o.top, o.plot.options())
		if err != nil {
			return inputError{err}
		}
		return o.plot.save(o.ios, map[string]*plots.Chart{"tornado": ch}, "tornado")
	case sim.KindSweep:
		var t sweep.Table
		if err := strict(&t); err != nil {
			return err
		}
		ch, err := plots.SweepChart(&t, o.metric, o.plot.options())
		if err != nil {
			return valuef("--metric: %v", err)
		}
		return o.plot.save(o.ios, map[string]*plots.Chart{"sweep": ch}, "sweep")
	case sim.KindBacktest:
		return inputError{fmt.Errorf("%s is a backtest, which keeps no daily series: draw it with surge backtest --plot DIR", o.input)}
	case "":
		if head.SchemaVersion > 0 && head.SchemaVersion < 2 {
			return inputError{fmt.Errorf("%s was written by an older surge (schema version %d), which did not record what kind of result it is: run the command again to draw it", o.input, head.SchemaVersion)}
		}
	}
	return inputError{fmt.Errorf("%s is not a result surge can draw (from surge run, compare, sweep or sensitivity, with --format json)", o.input)}
}

// scenarioOf rebuilds the scenario a result came from, with its overrides,
// for the timeline. It refuses a scenario whose content hash differs from
// the result's: drawing an edited scenario's timeline beside the result
// would show units the result never had. Without --scenario it looks for a
// built-in scenario of the result's name, and if there is none, or it is
// not the one the result came from, it says so and draws no timeline.
func (o *plotOptions) scenarioOf(res *sim.Result) (*sim.Scenario, error) {
	arg, given := o.scenario, o.scenario != ""
	skip := func(why string) (*sim.Scenario, error) {
		fmt.Fprintf(o.ios.err, "no timeline: %s\n", cleanLines(why))
		return nil, nil
	}
	if !given {
		if !slices.Contains(scenarios.Names(), res.Scenario.Name) {
			return skip(fmt.Sprintf("%q is not a built-in scenario; give its file with --scenario FILE", res.Scenario.Name))
		}
		arg = res.Scenario.Name
	}
	file, err := scenarios.Open(arg)
	if err != nil {
		return nil, inputError{err}
	}
	var sets []scenarios.Override
	for _, kv := range res.Overrides {
		ov, err := scenarios.ParseOverride(kv)
		if err != nil {
			return nil, inputError{fmt.Errorf("%s: override %q: %v", o.input, kv, err)}
		}
		sets = append(sets, ov)
	}
	// The recorded overrides include the strategy's own; apply them all
	// without the strategy.
	sc, err := file.Scenario("", sets)
	if err != nil {
		return nil, inputError{err}
	}
	if got, want := sc.Hash(), res.Scenario.SHA256; got != want {
		what := fmt.Sprintf("%s is not the scenario %s came from: its content hash (with the result's overrides) is %.12s, the result's is %.12s", arg, o.input, got, want)
		if want == "" {
			what = fmt.Sprintf("%s records no scenario hash, so %s cannot be checked against it", o.input, arg)
		}
		if !given {
			return skip(what + " (the built-in scenario has changed since; give the original file with --scenario FILE)")
		}
		return nil, inputError{errors.New(what + ": give the file the result came from")}
	}
	return sc, nil
}
