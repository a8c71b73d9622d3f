package workflow

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
	"github.com/surge-sim/surge/sim/calibrate"
)

// CalibrateOptions are the options of Calibrate.
type CalibrateOptions struct {
	BacktestOptions
	// Fit are the key paths of the parameters to fit: a plain number
	// (lift.un-passenger.count), a distribution's parameter
	// (countries.nepal.consent.median), or a whole distribution
	// (missions.unamid.release), fitted as a multiple of itself. With * in
	// an entity's place, one multiplier common to all the entities. A bad
	// one is an *Error of option "fit" whose message starts with the key.
	Fit []string
	// MaxEvals is the most simulations of the scenario to try; default 150.
	MaxEvals int
}

// Calibration is what "surge calibrate" reports.
type Calibration struct {
	sim.Header

	Source      string `json:"source"`
	Evaluations int    `json:"evaluations"`
	// Converged reports whether the search converged rather than stopped
	// at MaxEvals (or for another reason, which Status says).
	Converged  bool                `json:"converged"`
	Status     string              `json:"status"`
	Parameters []FittedParam       `json:"parameters"`
	Before     sim.BacktestSummary `json:"before"`
	After      sim.BacktestSummary `json:"after"`
}

// FittedParam is one calibrated parameter.
type FittedParam struct {
	Key    string  `json:"key"`
	Start  sim.Num `json:"start"`
	Fitted sim.Num `json:"fitted"`
	Value  string  `json:"value"` // as TOML, to paste
}

// Calibrate fits the parameters opt.Fit to the scenario's observed series
// with Nelder-Mead (see package calibrate): each evaluation simulates the
// scenario with the same seed, and the misfit is the backtest's score up
// to opt.Until.
func Calibrate(ctx context.Context, file *scenarios.File, opt *CalibrateOptions) (*Calibration, error) {
	if opt == nil {
		opt = &CalibrateOptions{}
	}
	o := &opt.Options
	if len(opt.Fit) == 0 {
		return nil, errorf("fit", "give the parameters to fit")
	}
	maxEvals := opt.MaxEvals
	if maxEvals <= 0 {
		maxEvals = 150
	}
	sc, err := BuildObserved(file, o)
	if err != nil {
		return nil, err
	}
	params := make([]calibrate.Param, len(opt.Fit))
	scaled := make([]bool, len(opt.Fit)) // a distribution, fitted as a multiple of itself
	for i, key := range opt.Fit {
		if err := scenarios.NotAParameter(key); err != nil {
			return nil, inputError("fit", err)
		}
		start, integer, err := file.Number(o.Strategy, o.Set, key)
		if err == nil && strings.Contains(key, "*") {
			// The entities' values differ: fit one multiplier for all of
			// them, of the whole distribution when key names a parameter of
			// one (scaling the median alone could pass some p90).
			if parent := key[:strings.LastIndex(key, ".")]; parent != "" {
				if _, _, perr := file.Number(o.Strategy, o.Set, parent); errors.Is(perr, scenarios.ErrIsDistribution) {
					key = parent
				}
			}
			err = scenarios.ErrIsDistribution
		}
		if errors.Is(err, scenarios.ErrIsDistribution) {
			params[i] = calibrate.Param{Name: key, Start: 1, Kind: calibrate.Positive}
			scaled[i] = true
			continue
		}
		if err != nil {
			return nil, &Error{Option: "fit", Err: &keyError{key, err}}
		}
		kind := calibrate.NonNegative
		last := key[strings.LastIndex(key, ".")+1:]
		switch {
		case strings.Contains(last, "probability") || last == "refusal":
			kind = calibrate.Probability
		case start > 0:
			kind = calibrate.Positive
		}
		params[i] = calibrate.Param{Name: key, Start: start, Kind: kind, Integer: integer}
	}
	value := func(i int, v float64) string {
		if scaled[i] {
			return "*" + TOMLNumber(v, false)
		}
		return TOMLNumber(v, params[i].Integer)
	}
	// evaluate simulates the scenario with the given values.
	evaluate := func(values []float64) (*sim.Result, error) {
		fitted := make([]scenarios.Override, len(values))
		for i, v := range values {
			fitted[i] = scenarios.Override{Key: params[i].Name, Value: value(i, v)}
		}
		sc, err := Build(file, o, fitted...)
		if err != nil {
			return nil, err
		}
		so := o.sim()
		so.SummaryOnly = true
		return sim.Run(ctx, sc, so)
	}
	until := opt.until()
	evals := 0
	fit, err := calibrate.Minimize(func(values []float64) (float64, error) {
		res, err := evaluate(values)
		if err != nil && evals > 0 && errors.As(err, new(*Error)) {
			return math.Inf(1), nil // values that make no valid scenario, such as a median above its p90
		}
		if err != nil {
			return 0, err
		}
		evals++
		if o.Progress != nil {
			o.Progress(min(evals, maxEvals), maxEvals)
		}
		return float64(sim.Backtest(res, until).Score), nil
	}, params, &calibrate.Settings{MaxEvals: maxEvals})
	if err != nil {
		return nil, err
	}
	starts := make([]float64, len(params))
	for i, p := range params {
		starts[i] = p.Start
	}
	before, err := evaluate(starts)
	if err != nil {
		return nil, err
	}
	after, err := evaluate(fit.Values)
	if err != nil {
		return nil, err
	}
	c := &Calibration{Header: o.header(sim.KindCalibrate, sc), Source: sc.Observed.Source,
		Evaluations: fit.Evals, Converged: fit.Converged, Status: fit.Status,
		Before: sim.Backtest(before, until), After: sim.Backtest(after, until)}
	for i, p := range params {
		c.Parameters = append(c.Parameters, FittedParam{Key: p.Name, Start: sim.Num(p.Start), Fitted: sim.Num(fit.Values[i]),
			Value: value(i, fit.Values[i])})
	}
	return c, nil
}

// keyError is a problem with a key path.
type keyError struct {
	key string
	err error
}

func (e *keyError) Error() string { return e.key + ": " + e.err.Error() }
func (e *keyError) Unwrap() error { return e.err }

// TOMLNumber writes a fitted value as TOML: whole, or with four
// significant digits as a float.
func TOMLNumber(x float64, integer bool) string {
	if integer {
		return strconv.FormatInt(int64(math.Round(x)), 10)
	}
	s := strconv.FormatFloat(x, 'g', 4, 64)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}
