package main

import (
	"bytes"
	"encoding/json"
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
		fs.IntVar(&f.rep, "rep", 0, "the replication whose timeline to draw")
	}
}

func (f *plotFlags) check() error {
	if !slices.Contains([]string{"png", "svg", "pdf"}, f.format) {
		return usagef("--plot-format must be png, svg or pdf (got %q)", f.format)
	}
	if f.rep < 0 {
		return usagef("--rep must not be negative (got %d)", f.rep)
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

// comparison draws a comparison's two pictures.
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
anything again: for "surge run", the deployment curve, the time to target,
where the time goes and, if the scenario can be found (a built-in scenario of
the same version, or --scenario FILE), one replication's timeline; for
"surge compare", the strategies' curves and days to 90%; for "surge sweep",
--metric across the points; for "surge sensitivity", the tornado.`,
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
	f.IntVar(&opts.plot.rep, "rep", 0, "the replication whose timeline to draw")
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
	var kind map[string]json.RawMessage
	if err := json.Unmarshal(data, &kind); err != nil {
		return inputError{fmt.Errorf("%s is not a JSON result: %v", o.input, sim.JSONError(err))}
	}
	strict := func(v any) error {
		dec := json.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(v); err != nil {
			return inputError{fmt.Errorf("%s: %v", o.input, sim.JSONError(err))}
		}
		return nil
	}
	switch {
	case has(kind, "baseline", "strategies"):
		var c sim.Comparison
		if err := strict(&c); err != nil {
			return err
		}
		if c.Baseline == nil || len(c.Strategies) == 0 {
			return inputError{fmt.Errorf("%s: a comparison without results", o.input)}
		}
		return o.plot.comparison(o.ios, &c)
	case has(kind, "daily", "days_to_fraction", "samples"):
		var res sim.Result
		if err := strict(&res); err != nil {
			return err
		}
		sc, why := o.scenarioOf(&res)
		if why != "" {
			fmt.Fprintf(o.ios.err, "no timeline: %s\n", cleanLines(why))
		}
		return o.plot.standardSet(o.ios, &res, sc)
	case has(kind, "metric", "parameters"):
		var s sweep.Sensitivity
		if err := strict(&s); err != nil {
			return err
		}
		ch, err := plots.Tornado(&s, o.top, o.plot.options())
		if err != nil {
			return inputError{err}
		}
		return o.plot.save(o.ios, map[string]*plots.Chart{"tornado": ch}, "tornado")
	case has(kind, "design", "points"):
		var t sweep.Table
		if err := strict(&t); err != nil {
			return err
		}
		ch, err := plots.SweepChart(&t, o.metric, o.plot.options())
		if err != nil {
			return usagef("--metric: %v", err)
		}
		return o.plot.save(o.ios, map[string]*plots.Chart{"sweep": ch}, "sweep")
	case has(kind, "observations", "summary"):
		return inputError{fmt.Errorf("%s is a backtest, which keeps no daily series: draw it with surge backtest --plot DIR", o.input)}
	}
	return inputError{fmt.Errorf("%s is not a result surge can draw (from surge run or surge compare, with --format json)", o.input)}
}

func has(m map[string]json.RawMessage, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

// scenarioOf rebuilds the scenario a result came from, with its strategy
// and overrides, or says why it cannot.
func (o *plotOptions) scenarioOf(res *sim.Result) (*sim.Scenario, string) {
	arg := o.scenario
	if arg == "" {
		if !slices.Contains(scenarios.Names(), res.Scenario.Name) {
			return nil, fmt.Sprintf("%q is not a built-in scenario; give its file with --scenario FILE", res.Scenario.Name)
		}
		arg = res.Scenario.Name
	}
	file, err := scenarios.Open(arg)
	if err != nil {
		return nil, err.Error()
	}
	var sets []scenarios.Override
	for _, kv := range res.Overrides {
		o, err := scenarios.ParseOverride(kv)
		if err != nil {
			return nil, err.Error()
		}
		sets = append(sets, o)
	}
	// The recorded overrides include the strategy's own; apply them all
	// without the strategy.
	sc, err := file.Scenario("", sets)
	if err != nil {
		return nil, err.Error()
	}
	if sc.Version != res.Scenario.Version || sc.Name != res.Scenario.Name {
		return nil, fmt.Sprintf("the result came from %s version %q, and %s is version %q", res.Scenario.Name, res.Scenario.Version, arg, sc.Version)
	}
	return sc, ""
}
