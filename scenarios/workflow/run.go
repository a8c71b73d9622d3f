package workflow

import (
	"context"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// Run simulates the scenario of file, with the options' strategy and
// overrides, and summarizes it: what "surge run" reports. It also returns
// the scenario it built, for warnings, pictures and stories.
func Run(ctx context.Context, file *scenarios.File, opt *Options) (*sim.Result, *sim.Scenario, error) {
	opt = opt.orDefault()
	sc, err := Build(file, opt)
	if err != nil {
		return nil, nil, err
	}
	res, err := simulate(ctx, sc, opt, 0, 1)
	if err != nil {
		return nil, nil, err
	}
	return res, sc, nil
}

// simulate runs sc with the options, as run k of n (from 0) for progress,
// and stamps the result with surge's build.
func simulate(ctx context.Context, sc *sim.Scenario, opt *Options, k, n int) (*sim.Result, error) {
	o := opt.sim()
	if opt.Progress != nil {
		o.Progress = func(done, total int) { opt.Progress(k*total+done, n*total) }
	}
	res, err := sim.Run(ctx, sc, o)
	if res != nil {
		res.Surge = opt.Surge
	}
	return res, err
}
