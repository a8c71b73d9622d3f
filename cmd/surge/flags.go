package main

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/scenarios/workflow"
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

// workflow returns the library's options for the flags, with extra
// overrides after the --set ones and progress reported to p (if not nil).
func (f *simFlags) workflow(p func(done, total int), extra ...scenarios.Override) (*workflow.Options, error) {
	sets, err := f.overrides()
	if err != nil {
		return nil, err
	}
	return &workflow.Options{Replications: f.reps, Seed: f.seed, Workers: f.workers, Strategy: f.strategy,
		Set: append(sets, extra...), Surge: build(), Progress: p}, nil
}

// optionError words a workflow's error about one of its options as the
// command line names it: "--metric: ..." (flags maps an option to its flag
// where they differ); "--fit KEY: ..." for keys.
func optionError(err error, flags map[string]string) error {
	var we *workflow.Error
	if !errors.As(err, &we) || we.Option == "" {
		return err
	}
	flag := we.Option
	if f, ok := flags[flag]; ok {
		flag = f
	}
	if flag == "fit" {
		return valuef("--fit %v", we.Err)
	}
	return valuef("--%s: %v", flag, we.Err)
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
// (atomically) or to standard output. JSON, which may hold every
// replication's samples, is written as it is rendered.
func (f *outFlags) write(ios *streams, writers map[string]func(io.Writer) error) error {
	if f.format == "json" {
		return ios.stream(f.out, writers["json"])
	}
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
