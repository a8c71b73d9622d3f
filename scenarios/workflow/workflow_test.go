package workflow

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
	"github.com/surge-sim/surge/sim/sweep"
)

func open(t *testing.T, name string) *scenarios.File {
	t.Helper()
	f, err := scenarios.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func set(kv ...string) []scenarios.Override {
	var out []scenarios.Override
	for _, s := range kv {
		o, err := scenarios.ParseOverride(s)
		if err != nil {
			panic(err)
		}
		out = append(out, o)
	}
	return out
}

// TestRunAppliesStrategyAndOverrides: a strategy and the overrides it is
// made of give the same scenario and, with common random numbers, the
// same days; the header says which was used.
func TestRunAppliesStrategyAndOverrides(t *testing.T) {
	t.Parallel()
	f := open(t, "tutorial")
	ctx := context.Background()
	surge := sim.Build{Version: "test"}
	byStrategy, _, err := Run(ctx, f, &Options{Replications: 50, Seed: 4, Strategy: "two-aircraft", Surge: surge})
	if err != nil {
		t.Fatal(err)
	}
	bySet, sc, err := Run(ctx, f, &Options{Replications: 50, Seed: 4, Set: set("lift.charter.count=2")})
	if err != nil {
		t.Fatal(err)
	}
	if byStrategy.Scenario.SHA256 != bySet.Scenario.SHA256 || sc.Hash() != bySet.Scenario.SHA256 {
		t.Error("the strategy and its override give different scenarios")
	}
	for i := range byStrategy.DaysToFraction {
		if a, b := byStrategy.DaysToFraction[i].Mean, bySet.DaysToFraction[i].Mean; a != b {
			t.Errorf("days to %v: %v by strategy, %v by --set", byStrategy.DaysToFraction[i].Fraction, a, b)
		}
	}
	if byStrategy.Strategy != "two-aircraft" || len(bySet.Overrides) != 1 || byStrategy.Surge != surge {
		t.Errorf("header: strategy %q, overrides %v, surge %v", byStrategy.Strategy, bySet.Overrides, byStrategy.Surge)
	}
}

// TestCompareVariants: a variant that is a strategy's overrides gives the
// strategy's differences exactly; a variant with nothing changed differs
// by exactly zero.
func TestCompareVariants(t *testing.T) {
	t.Parallel()
	f := open(t, "tutorial")
	cmp, err := Compare(context.Background(), f, &CompareOptions{
		Options:    Options{Replications: 80, Seed: 2},
		Strategies: []string{"two-aircraft"},
		Variants: []Variant{
			{Name: "as two-aircraft", Set: set("lift.charter.count=2")},
			{Name: "nothing changed"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Strategies) != 3 || cmp.Kind != sim.KindCompare {
		t.Fatalf("%d variants, kind %q", len(cmp.Strategies), cmp.Kind)
	}
	strategy, variant, same := cmp.Strategies[0], cmp.Strategies[1], cmp.Strategies[2]
	if strategy.Description == "" {
		t.Error("the strategy's description is missing")
	}
	moved := false
	for i, d := range strategy.Diffs {
		v := variant.Diffs[i]
		if !sameNum(d.Diff, v.Diff) || !sameNum(d.Low, v.Low) || !sameNum(d.High, v.High) {
			t.Errorf("%s: strategy %v [%v, %v], variant %v [%v, %v]", d.Metric, d.Diff, d.Low, d.High, v.Diff, v.Low, v.High)
		}
		if z := same.Diffs[i]; !(z.Diff == 0 || math.IsNaN(float64(z.Diff))) {
			t.Errorf("%s: nothing changed, yet a difference of %v", z.Metric, z.Diff)
		}
		moved = moved || d.Diff != 0
	}
	if !moved {
		t.Error("a second aircraft changed nothing: the test would not see a wrong variant")
	}
}

func sameNum(a, b sim.Num) bool {
	return a == b || (math.IsNaN(float64(a)) && math.IsNaN(float64(b)))
}

// TestCompareChecksEveryVariantFirst: a bad variant stops the comparison
// before anything runs.
func TestCompareChecksEveryVariantFirst(t *testing.T) {
	t.Parallel()
	f := open(t, "tutorial")
	ran := false
	_, err := Compare(context.Background(), f, &CompareOptions{
		Options:    Options{Replications: 20, Progress: func(int, int) { ran = true }},
		Strategies: []string{"two-aircraft", "no-such-strategy"},
	})
	if !errors.Is(err, scenarios.ErrNoStrategy) || !IsInput(err) {
		t.Errorf("got %v, want an unknown strategy", err)
	}
	if ran {
		t.Error("it ran before it found the bad strategy")
	}
	noStrategies, err := scenarios.Read("none.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compare(context.Background(), noStrategies, nil); !IsInput(err) {
		t.Errorf("a scenario without strategies: %v, want an input error", err)
	}
}

// minimal is a scenario of one unit already in place: nothing to wait for.
const minimal = `
name = "minimal"
start = 2020-01-01
horizon = 30
[target]
troops = 100
[units.a]
strength = 100
source = "rehat"
rehat = 5
`

// TestSweepRowsAreRuns: each row of a sweep holds the metrics of a run of
// the scenario at that point, and the shards of a sweep are its points.
func TestSweepRowsAreRuns(t *testing.T) {
	t.Parallel()
	f := open(t, "tutorial")
	ctx := context.Background()
	axis, err := sweep.ParseVary("lift.charter.count=1:3:1")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Replications: 40, Seed: 9}
	table, err := Sweep(ctx, f, &SweepOptions{Options: opt, Axes: []sweep.Axis{axis}, Metrics: []string{"share-at-45"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(table.Metrics, "share-at-45") {
		t.Errorf("the metric asked for is not a column: %v", table.Metrics)
	}
	if len(table.Rows) != 3 || table.TotalPoints != 3 {
		t.Fatalf("%d rows of %d points, want 3", len(table.Rows), table.TotalPoints)
	}
	for i, row := range table.Rows {
		res, _, err := Run(ctx, f, &Options{Replications: 40, Seed: 9, Set: set("lift.charter.count=" + []string{"1", "2", "3"}[i])})
		if err != nil {
			t.Fatal(err)
		}
		for j, name := range table.Metrics {
			if name == "share-at-45" {
				continue // not in a run's default metrics
			}
			want, _ := res.Metric(name)
			if got := float64(row.Metrics[j]); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("point %d, %s: %v in the sweep, %v in a run", i, name, got, want)
			}
		}
	}
	seen := map[int]bool{}
	for i := range 2 {
		part, err := Sweep(ctx, f, &SweepOptions{Options: opt, Axes: []sweep.Axis{axis}, Shard: i, Shards: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range part.Rows {
			if seen[r.Point] {
				t.Errorf("point %d in two shards", r.Point)
			}
			seen[r.Point] = true
		}
	}
	if len(seen) != 3 {
		t.Errorf("the shards hold %d points, want 3", len(seen))
	}
	var we *Error
	if _, err := Sweep(ctx, f, &SweepOptions{Options: opt, Axes: []sweep.Axis{axis}, Metrics: []string{"share-at-999"}}); !errors.As(err, &we) || we.Option != "metric" {
		t.Errorf("a metric beyond the horizon: %v, want an error of option metric", err)
	}
}

// TestSensitivityMovesOneParameter: a parameter's value at its low end is
// the metric of a run with that parameter set low.
func TestSensitivityMovesOneParameter(t *testing.T) {
	t.Parallel()
	f := open(t, "tutorial")
	ctx := context.Background()
	opt := Options{Replications: 40, Seed: 5}
	s, err := Sensitivity(ctx, f, &SensitivityOptions{Options: opt, Metric: "share-at-60"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Parameters) < 5 {
		t.Fatalf("%d parameters", len(s.Parameters))
	}
	e := s.Parameters[0]
	res, _, err := Run(ctx, f, &Options{Replications: 40, Seed: 5, Set: []scenarios.Override{{Key: e.Key, Value: string(e.Low)}}})
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := res.Metric("share-at-60"); float64(e.AtLow) != want {
		t.Errorf("%s at %s: %v in the analysis, %v in a run", e.Key, e.Low, e.AtLow, want)
	}
	base, _, _ := Run(ctx, f, &Options{Replications: 40, Seed: 5})
	if want, _ := base.Metric("share-at-60"); float64(s.Baseline) != want {
		t.Errorf("baseline %v, a run gives %v", s.Baseline, want)
	}
	var we *Error
	if _, err := Sensitivity(ctx, f, &SensitivityOptions{Options: opt, Metric: "nope"}); !errors.As(err, &we) || we.Option != "metric" {
		t.Errorf("an unknown metric: %v, want an error of option metric", err)
	}
}

// TestBacktestNeedsAnObservedSeries, and a backtest is the backtest of a run.
func TestBacktest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if _, _, err := Backtest(ctx, open(t, "tutorial"), nil); !IsInput(err) {
		t.Errorf("the tutorial has no observed series: got %v, want an input error", err)
	}
	f := open(t, "south-sudan-2014")
	bt, res, err := Backtest(ctx, f, &BacktestOptions{Options: Options{Replications: 60}, Until: 200})
	if err != nil {
		t.Fatal(err)
	}
	if want := sim.Backtest(res, 200); bt.Kind != sim.KindBacktest || bt.Summary.Score != want.Score || bt.Summary.MAE != want.MAE ||
		bt.Summary.Months != 6 || len(bt.Observations) == 0 { // 6: the observed months of UNMISS up to day 200
		t.Errorf("kind %q, %d observations, summary %+v", bt.Kind, len(bt.Observations), bt.Summary)
	}
}

// TestCalibrateRefusesFacts, names the key at fault, and starts from the
// scenario's own values.
func TestCalibrate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := open(t, "south-sudan-2014")
	for _, key := range []string{"target.troops", "missions.nosuch.release"} {
		_, err := Calibrate(ctx, f, &CalibrateOptions{Fit: []string{key}})
		var we *Error
		if !errors.As(err, &we) || we.Option != "fit" || we.Err.Error()[:len(key)] != key {
			t.Errorf("--fit %s: %v, want an error of option fit starting with the key", key, err)
		}
	}
	c, err := Calibrate(ctx, f, &CalibrateOptions{BacktestOptions: BacktestOptions{Options: Options{Replications: 20}},
		Fit: []string{"missions.unamid.release", "lift.un-passenger.count"}, MaxEvals: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Parameters) != 2 || c.Parameters[0].Start != 1 || c.Parameters[1].Start != 3 || c.Evaluations < 4 {
		t.Errorf("%+v", c)
	}
	// Before is the backtest of the scenario as it is.
	bt, _, err := Backtest(ctx, f, &BacktestOptions{Options: Options{Replications: 20}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Before.Score != bt.Summary.Score {
		t.Errorf("score before %v, the backtest's %v", c.Before.Score, bt.Summary.Score)
	}
}

func TestTOMLNumber(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x       float64
		integer bool
		want    string
	}{
		{2.6, true, "3"},
		{2, false, "2.0"},
		{1.23456, false, "1.235"},
		{123456, false, "123500.0"},
		{0.000123456, false, "0.0001235"},
	} {
		if got := TOMLNumber(tc.x, tc.integer); got != tc.want {
			t.Errorf("TOMLNumber(%v, %v) = %q, want %q", tc.x, tc.integer, got, tc.want)
		}
	}
}
