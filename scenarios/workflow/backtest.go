package workflow

import (
	"context"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// BacktestOptions are the options of Backtest and Calibrate.
type BacktestOptions struct {
	Options
	// Until is the last day compared; default 365, the first year.
	Until float64
}

func (o *BacktestOptions) until() float64 {
	if o.Until <= 0 {
		return 365
	}
	return o.Until
}

// BacktestReport is what "surge backtest" reports: the simulated share
// arrived set against the observed series.
type BacktestReport struct {
	sim.Header

	Source string            `json:"source"`
	Series *sim.ObservedInfo `json:"observed_series"`
	// LeftOut names the build-up the reference class was estimated
	// without, for an out-of-sample scenario backtested with its
	// leave-one-out table (see scenarios.OpenForBacktest); "" otherwise.
	LeftOut      string              `json:"reference_left_out"`
	Summary      sim.BacktestSummary `json:"summary"`
	Observations []sim.ObservedPoint `json:"observations"`
}

// Backtest simulates the scenario and sets the share of the target in the
// mission area against its observed series, up to opt.Until. The scenario
// must have an observed series (its [observed] table, over the series the
// file was given with UseStrengths or the one built in).
func Backtest(ctx context.Context, file *scenarios.File, opt *BacktestOptions) (*BacktestReport, *sim.Result, error) {
	if opt == nil {
		opt = &BacktestOptions{}
	}
	sc, err := BuildObserved(file, &opt.Options)
	if err != nil {
		return nil, nil, err
	}
	res, err := simulate(ctx, sc, &opt.Options, 0, 1)
	if err != nil {
		return nil, nil, err
	}
	bt := &BacktestReport{Header: res.Header, Source: sc.Observed.Source, Series: res.ObservedInfo,
		Summary: sim.Backtest(res, opt.until()), Observations: res.Observed, LeftOut: file.LeftOut()}
	bt.Kind = sim.KindBacktest
	if bt.Observations == nil {
		bt.Observations = []sim.ObservedPoint{}
	}
	return bt, res, nil
}

// BuildObserved is Build for a scenario that must have an observed series
// to compare with.
func BuildObserved(file *scenarios.File, opt *Options) (*sim.Scenario, error) {
	sc, err := Build(file, opt)
	if err != nil {
		return nil, err
	}
	if sc.Observed == nil {
		return nil, errorf("", "%s has no observed series: add an [observed] table, or give --mission (and --observed FILE)", file.Name)
	}
	if p := sc.Observed.Problem; p != "" {
		return nil, errorf("", "%s: %s", file.Name, p)
	}
	return sc, nil
}
