package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// simFlags are the flags of every command that simulates a scenario.
type simFlags struct {
	reps     int
	seed     uint64
	workers  int
	strategy string
	set      []string
}

func (f *simFlags) add(fs *pflag.FlagSet, withStrategy bool) {
	fs.IntVar(&f.reps, "reps", 1000, "number of replications")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed: the same seed gives the same result")
	fs.IntVar(&f.workers, "workers", 0, "replications run at once (default: all cores)")
	if withStrategy {
		fs.StringVar(&f.strategy, "strategy", "", "run one of the scenario's strategies (see \"surge scenarios\")")
	}
	fs.StringArrayVar(&f.set, "set", nil, "override a value: KEY=VALUE, KEY as in the scenario file, VALUE as TOML (repeatable)")
}

func (f *simFlags) check() error {
	if f.reps < 1 {
		return valuef("--reps must be at least 1 (got %d)", f.reps)
	}
	if f.workers < 0 {
		return valuef("--workers must not be negative (got %d)", f.workers)
	}
	if n := maxWorkers(); f.workers > n {
		return usagef("--workers must be at most %d, %d times the %d cores (got %d)", n, workersPerCore, runtime.NumCPU(), f.workers)
	}
	return nil
}

// workersPerCore bounds --workers: more workers than cores only add memory
// (a replication's storage each, and a batch of 64 replications each).
const workersPerCore = 8

func maxWorkers() int { return workersPerCore * runtime.NumCPU() }

// overrides parses the --set flags.
func (f *simFlags) overrides() ([]scenarios.Override, error) {
	var out []scenarios.Override
	for _, s := range f.set {
		o, err := scenarios.ParseOverride(s)
		if err != nil {
			return nil, valuef("--set: %v", err)
		}
		out = append(out, o)
	}
	return out, nil
}

// open reads the scenario file; its errors are input errors.
func open(arg string) (*scenarios.File, error) {
	f, err := scenarios.Open(arg)
	if err != nil {
		return nil, inputError{err}
	}
	return f, nil
}

// build makes the scenario with a strategy and the --set overrides, plus
// extra overrides (a sweep's point); its errors are input errors.
func (f *simFlags) build(file *scenarios.File, strategy string, extra ...scenarios.Override) (*sim.Scenario, error) {
	sets, err := f.overrides()
	if err != nil {
		return nil, err
	}
	sc, err := file.Scenario(strategy, append(sets, extra...))
	if err != nil {
		return nil, inputError{err}
	}
	return sc, nil
}

// options returns the simulation options, with progress on a terminal.
func (f *simFlags) options(p *progress) *sim.Options {
	o := &sim.Options{Replications: f.reps, Seed: f.seed, Workers: f.workers}
	if p != nil {
		o.Progress = p.update
	}
	return o
}

// runScenario simulates sc with the flags' options.
func (f *simFlags) run(ctx context.Context, ios *streams, sc *sim.Scenario) (*sim.Result, error) {
	p := newProgress(ios, fmt.Sprintf("%s: %d replications", sc.Name, f.reps))
	res, err := sim.Run(ctx, sc, f.options(p))
	p.done()
	if res != nil {
		res.Surge = build()
	}
	return res, err
}

// header returns the header of a result of the given kind made from sc
// with the flags' replications and seed.
func (f *simFlags) header(kind string, sc *sim.Scenario) sim.Header {
	h := sim.NewHeader(kind, sc, f.reps, f.seed)
	h.Surge = build()
	return h
}

// outFlags choose the output's format and file.
type outFlags struct {
	format  string
	out     string
	formats []string // the first is the default
}

func (f *outFlags) add(fs *pflag.FlagSet, formats ...string) {
	f.formats = formats
	list := strings.Join(formats[:len(formats)-1], ", ") + " or " + formats[len(formats)-1]
	fs.StringVar(&f.format, "format", formats[0], "output format: "+list)
	fs.StringVar(&f.out, "out", "", "write the output to this file instead of standard output")
}

func (f *outFlags) check() error {
	if !slices.Contains(f.formats, f.format) {
		return valuef("--format must be one of %s (got %q)", strings.Join(f.formats, ", "), f.format)
	}
	return nil
}

// write renders the output in the chosen format, then writes it to --out
// (atomically) or to standard output.
func (f *outFlags) write(ios *streams, writers map[string]func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := writers[f.format](&buf); err != nil {
		return err
	}
	return ios.output(f.out, buf.Bytes())
}

// firstError returns the first error that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
