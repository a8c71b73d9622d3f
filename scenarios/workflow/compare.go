package workflow

import (
	"context"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// CompareOptions are the options of Compare. The variants compared with
// the baseline are the named Strategies, then the Variants; with neither,
// every strategy of the file.
type CompareOptions struct {
	Options
	Strategies []string
	Variants   []Variant
}

// Variant is a what-if compared with the baseline: a strategy (or none, in
// place of the options' strategy) and overrides, applied after the
// options' own overrides.
type Variant struct {
	Name        string
	Description string
	Strategy    string
	Set         []scenarios.Override
}

// Compare runs the baseline (the scenario with the options' strategy and
// overrides) and each variant with the same seed and common random
// numbers, and reports the paired difference of each variant from the
// baseline: what "surge compare" reports. Every variant is built before
// anything runs, so a bad one stops it at once.
func Compare(ctx context.Context, file *scenarios.File, opt *CompareOptions) (*sim.Comparison, error) {
	if opt == nil {
		opt = &CompareOptions{}
	}
	var variants []Variant
	names := opt.Strategies
	if len(names) == 0 && len(opt.Variants) == 0 {
		names = file.StrategyNames()
	}
	for _, name := range names {
		st, _ := file.Strategy(name)
		variants = append(variants, Variant{Name: name, Description: st.Description, Strategy: name})
	}
	variants = append(variants, opt.Variants...)
	if len(variants) == 0 {
		return nil, errorf("", "%s has no strategies to compare: add [strategies.NAME] tables, or try what-ifs with surge run --set", file.Name)
	}
	o := opt.Options
	o.Samples = true // to pair the runs
	base, err := Build(file, &o)
	if err != nil {
		return nil, err
	}
	built := make([]*sim.Scenario, len(variants))
	for i, v := range variants {
		if built[i], err = Build(file, &Options{Strategy: v.Strategy, Set: o.Set}, v.Set...); err != nil {
			return nil, err
		}
	}
	n := 1 + len(variants)
	baseRes, err := simulate(ctx, base, &o, 0, n)
	if err != nil {
		return nil, err
	}
	header := baseRes.Header
	header.Kind, header.Strategy = sim.KindCompare, ""
	cmp := &sim.Comparison{Header: header, Baseline: baseRes}
	for i, sc := range built {
		res, err := simulate(ctx, sc, &o, 1+i, n)
		if err != nil {
			return nil, err
		}
		diffs, err := sim.Compare(baseRes, res)
		if err != nil {
			return nil, err
		}
		cmp.Strategies = append(cmp.Strategies, sim.StrategyResult{Name: variants[i].Name, Description: variants[i].Description,
			Diffs: diffs, Result: res})
	}
	return cmp, nil
}
