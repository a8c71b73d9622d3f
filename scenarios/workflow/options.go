package workflow

import (
	"errors"
	"fmt"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// Options are what every workflow simulates with. A nil *Options, and the
// zero value of each field, mean the documented default.
type Options struct {
	Replications int    // default 1000
	Seed         uint64 // replication i draws from streams derived from (Seed, i)
	Workers      int    // replications run at once; default all cores

	// Strategy is one of the file's strategies, applied first; "" for none.
	Strategy string
	// Set are overrides applied after the strategy, in order.
	Set []scenarios.Override

	// Surge is the build of surge stamped into every result's header.
	Surge sim.Build

	// Samples keeps each replication's days and shares in Run's result
	// (see sim.Options.Samples); Compare keeps them always, to pair the
	// runs.
	Samples bool

	// Progress, if set, is called from one goroutine with the work done
	// and the total: replications for Run and Compare (all runs together),
	// points for Sweep, runs for Sensitivity, evaluations for Calibrate.
	Progress func(done, total int)
}

func (o *Options) orDefault() *Options {
	if o == nil {
		return &Options{}
	}
	return o
}

// replications returns the replications a run makes.
func (o *Options) replications() int {
	if o.Replications <= 0 {
		return 1000
	}
	return o.Replications
}

// sim returns the simulation options, without progress.
func (o *Options) sim() *sim.Options {
	return &sim.Options{Replications: o.replications(), Seed: o.Seed, Workers: o.Workers, Samples: o.Samples}
}

// header returns the header of a result of the given kind made from sc.
func (o *Options) header(kind string, sc *sim.Scenario) sim.Header {
	h := sim.NewHeader(kind, sc, o.replications(), o.Seed)
	h.Surge = o.Surge
	return h
}

// Error is a bad option, or a scenario that cannot be run as asked: the
// caller's input rather than a failure of surge.
type Error struct {
	// Option names the option at fault, as the command line's flag and
	// the server's parameter call it ("metric", "fit"), or "" for none.
	Option string
	Err    error
}

func (e *Error) Error() string {
	if e.Option == "" {
		return e.Err.Error()
	}
	return e.Option + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// inputError marks err as the caller's input, unless it is nil or already
// says so.
func inputError(option string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if option == "" && errors.As(err, &e) {
		return err
	}
	return &Error{Option: option, Err: err}
}

func errorf(option, format string, args ...any) error {
	return &Error{Option: option, Err: fmt.Errorf(format, args...)}
}

// Build returns the scenario of file with the options' strategy and
// overrides, then extra overrides (such as a sweep's point), applied. Its
// errors are input errors.
func Build(file *scenarios.File, opt *Options, extra ...scenarios.Override) (*sim.Scenario, error) {
	opt = opt.orDefault()
	set := append(append([]scenarios.Override(nil), opt.Set...), extra...)
	sc, err := file.Scenario(opt.Strategy, set)
	if err != nil {
		return nil, inputError("", err)
	}
	return sc, nil
}

// IsInput reports whether err is the caller's input (a bad option, a
// scenario that does not load, an unknown scenario or strategy, a run too
// large), rather than a failure.
func IsInput(err error) bool {
	return errors.As(err, new(*Error)) || errors.As(err, new(*scenarios.Error)) ||
		errors.As(err, new(*scenarios.OverrideError)) || errors.As(err, new(*sim.FieldError)) ||
		errors.Is(err, scenarios.ErrNotFound) || errors.Is(err, scenarios.ErrNoStrategy) || errors.Is(err, sim.ErrTooLarge)
}

// DropSamples leaves the per-run samples (Samples, ShareSamples) out of
// results, for a smaller output.
func DropSamples(results ...*sim.Result) {
	for _, r := range results {
		if r != nil {
			r.Samples, r.ShareSamples = nil, nil
		}
	}
}
