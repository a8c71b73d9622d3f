package scenarios

import (
	"context"
	"fmt"

	"github.com/surge-sim/surge/sim"
)

// Corpus is the backtest of every embedded scenario that has an observed
// series, with the figures pooled over the months of the in-sample
// scenarios (whose numbers were set while looking at their series) and of
// the out-of-sample ones (written from what was known on their day 0, and
// committed before their first backtest) separately.
type Corpus struct {
	SchemaVersion int           `json:"schema_version"`
	Kind          string        `json:"kind"` // sim.KindBacktestAll
	Surge         sim.Build     `json:"surge"`
	Replications  int           `json:"replications"`
	Seed          uint64        `json:"seed"`
	Until         float64       `json:"until"` // the last day compared, from each scenario's day 0
	Scenarios     []CorpusEntry `json:"scenarios"`
	Pooled        struct {
		InSample    CorpusScore `json:"in_sample"`
		OutOfSample CorpusScore `json:"out_of_sample"`
	} `json:"pooled"`
}

// CorpusEntry is one scenario's backtest.
type CorpusEntry struct {
	CorpusScore
	Title        string              `json:"title"`
	Version      string              `json:"version"`
	Source       string              `json:"source"`
	Observations []sim.ObservedPoint `json:"observations"`
}

// CorpusScore is how well forecasts reproduce observed months, beside
// the naive forecast on the same months. Shares are fractions.
type CorpusScore struct {
	Name        string `json:"name,omitempty"`
	OutOfSample bool   `json:"out_of_sample"`
	Scenarios   int    `json:"scenarios,omitempty"` // pooled: how many scenarios
	// BeatsNaive counts, pooled, the scenarios whose median error is below
	// the naive forecast's.
	BeatsNaive         int       `json:"beats_naive,omitempty"`
	Months             int       `json:"months"`
	Coverage50         sim.Share `json:"coverage50"`
	Coverage80         sim.Share `json:"coverage80"`
	Coverage90         sim.Share `json:"coverage90"`
	MAE                sim.Share `json:"mae"`
	NaiveMAE           sim.Share `json:"naive_mae"`
	IntervalScore      sim.Num   `json:"interval_score"`
	NaiveIntervalScore sim.Num   `json:"naive_interval_score"`
	CRPS               sim.Share `json:"crps"`
	Skill              sim.Num   `json:"skill"`
}

func score(s sim.BacktestSummary) CorpusScore {
	return CorpusScore{Months: s.Months, Coverage50: s.Coverage50, Coverage80: s.Coverage, Coverage90: s.Coverage90,
		MAE: s.MAE, NaiveMAE: s.NaiveMAE, IntervalScore: s.IntervalScore, NaiveIntervalScore: s.NaiveIntervalScore,
		CRPS: s.CRPS, Skill: s.Skill}
}

// BacktestAll backtests every embedded scenario with an observed series
// over its first until days, with the options given (the same seed and
// replications for each), in the order of Names. A scenario that has a
// leave-one-out reference table (LeaveOneOut) is loaded with it instead of
// the shipped one, so that no scenario is scored with defaults estimated on
// its own outcome.
func BacktestAll(ctx context.Context, opt *sim.Options, until float64) (*Corpus, error) {
	c := &Corpus{SchemaVersion: sim.SchemaVersion, Kind: sim.KindBacktestAll, Replications: opt.Replications,
		Seed: opt.Seed, Until: until}
	var pooled [2][]sim.ObservedPoint
	var counts, beats [2]int
	for _, name := range Names() {
		sc, err := loadForBacktest(name)
		if err != nil {
			return nil, err
		}
		if sc.Observed == nil || len(sc.Observed.Points) == 0 {
			continue
		}
		o := *opt
		o.SummaryOnly = true
		o.Progress = nil
		res, err := sim.Run(ctx, sc, &o)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		b := sim.Backtest(res, until)
		var ps []sim.ObservedPoint
		for _, p := range res.Observed {
			if p.Day <= b.Until {
				ps = append(ps, p)
			}
		}
		e := CorpusEntry{CorpusScore: score(b), Title: sc.Title, Version: sc.Version, Source: sc.Observed.Source, Observations: ps}
		e.Name, e.OutOfSample = name, sc.Observed.OutOfSample
		c.Scenarios = append(c.Scenarios, e)
		k := 0
		if e.OutOfSample {
			k = 1
		}
		pooled[k] = append(pooled[k], ps...)
		counts[k]++
		if b.MAE < b.NaiveMAE {
			beats[k]++
		}
	}
	for k, dst := range []*CorpusScore{&c.Pooled.InSample, &c.Pooled.OutOfSample} {
		*dst = score(sim.Score(pooled[k]))
		dst.OutOfSample, dst.Scenarios, dst.BeatsNaive = k == 1, counts[k], beats[k]
	}
	return c, nil
}

// loadForBacktest loads an embedded scenario as BacktestAll scores it: with
// its leave-one-out reference table if it has one.
func loadForBacktest(name string) (*sim.Scenario, error) {
	f, err := OpenForBacktest(name)
	if err != nil {
		return nil, err
	}
	return f.Scenario("", nil)
}

// OpenForBacktest opens a scenario as Open does, but an embedded scenario
// that has a leave-one-out reference table (an out-of-sample one) with that
// table: the defaults estimated without its own build-up, so that a
// backtest of it stays out of sample. File.LeftOut says whether it did.
func OpenForBacktest(arg string) (*File, error) {
	if IsFile(arg) {
		return Open(arg)
	}
	ref, ok, err := LeaveOneOut(arg)
	if err != nil {
		return nil, err
	}
	if !ok {
		return Open(arg)
	}
	data, err := Source(arg)
	if err != nil {
		return nil, err
	}
	return ReadWith(arg+".toml", data, ref)
}

// LeftOut returns the build-up the file's reference table was estimated
// without (see OpenForBacktest), or "" for the shipped table.
func (f *File) LeftOut() string {
	if f.ref == nil {
		return ""
	}
	return f.ref.LeftOut
}
