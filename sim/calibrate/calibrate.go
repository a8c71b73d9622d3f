// Package calibrate fits scenario parameters to observed data by minimizing
// an objective with gonum's Nelder-Mead. It knows nothing of scenarios: the
// caller supplies the objective, usually "build the scenario with these
// values, simulate it with a fixed seed (common random numbers, so the
// objective is smooth in the parameters) and measure the misfit".
package calibrate

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// Kind says which values a parameter may take; Minimize searches in a space
// where every real number is allowed.
type Kind uint8

const (
	Positive    Kind = iota // above 0: searched on a log scale
	Probability             // between 0 and 1: searched on a logit scale
	NonNegative             // 0 or more: searched as is, below 0 taken as 0
)

// Param is a parameter to fit.
type Param struct {
	Name    string
	Start   float64
	Kind    Kind
	Integer bool // round to a whole number before use
}

// Settings control the search. A nil *Settings means the defaults.
type Settings struct {
	MaxEvals int     // objective evaluations; default 150
	Step     float64 // initial simplex size in the search space; default 0.4 (about ±50% on a log scale)
}

// Fit is the outcome of a calibration.
type Fit struct {
	Values []float64 // fitted, in the parameters' own units
	Start  float64   // the objective at the start
	Value  float64   // the objective at the fitted values
	Evals  int
	// Converged reports whether the search stopped because it converged
	// (the objective or the simplex stopped changing), rather than at
	// MaxEvals or for another reason, which Status says in plain words:
	// "converged", "reached the limit of evaluations", ...
	Converged bool
	Status    string
}

// Minimize fits params by minimizing obj, which takes values in the
// parameters' own units.
func Minimize(obj func(values []float64) (float64, error), params []Param, s *Settings) (*Fit, error) {
	if len(params) == 0 {
		return nil, errors.New("calibrate: no parameters")
	}
	if s == nil {
		s = &Settings{}
	}
	maxEvals, step := s.MaxEvals, s.Step
	if maxEvals <= 0 {
		maxEvals = 150
	}
	if step <= 0 {
		step = 0.4
	}
	y0 := make([]float64, len(params))
	for i, p := range params {
		if err := p.check(); err != nil {
			return nil, err
		}
		y0[i] = p.toSearch(p.Start)
	}
	values := func(y []float64) []float64 {
		v := make([]float64, len(y))
		for i, p := range params {
			v[i] = p.fromSearch(y[i])
		}
		return v
	}
	var objErr error
	evals := 0
	f := func(y []float64) float64 {
		evals++
		v, err := obj(values(y))
		if err != nil {
			if objErr == nil {
				objErr = err
			}
			return math.Inf(1)
		}
		return v
	}
	start := f(y0)
	if objErr != nil {
		return nil, objErr
	}
	// Build the first simplex by hand, so that its size suits an objective
	// that only changes when an arrival crosses an observation day.
	vertices := [][]float64{y0}
	vals := []float64{start}
	for i := range y0 {
		v := append([]float64(nil), y0...)
		v[i] += step
		vertices = append(vertices, v)
		vals = append(vals, f(v))
	}
	method := &optimize.NelderMead{InitialVertices: vertices, InitialValues: vals}
	settings := &optimize.Settings{
		FuncEvaluations: maxEvals,
		Converger:       &optimize.FunctionConverge{Absolute: 1e-6, Iterations: 30},
	}
	res, err := optimize.Minimize(optimize.Problem{Func: f}, y0, settings, method)
	if objErr != nil {
		return nil, objErr
	}
	if err != nil && res == nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	best, bestY := start, y0
	fit := &Fit{Start: start, Evals: evals, Status: "stopped"}
	if res != nil {
		if res.F < best {
			best, bestY = res.F, res.X
		}
		switch res.Status {
		case optimize.FunctionConvergence, optimize.MethodConverge:
			fit.Converged, fit.Status = true, "converged"
		case optimize.FunctionEvaluationLimit:
			fit.Status = "reached the limit of evaluations"
		default:
			fit.Status = res.Status.String()
		}
	}
	fit.Values, fit.Value = values(bestY), best
	return fit, nil
}

func (p Param) check() error {
	switch {
	case math.IsNaN(p.Start) || math.IsInf(p.Start, 0):
		return fmt.Errorf("calibrate: %s starts at %v", p.Name, p.Start)
	case p.Kind == Positive && p.Start <= 0:
		return fmt.Errorf("calibrate: %s must start above 0 (got %v)", p.Name, p.Start)
	case p.Kind == Probability && (p.Start < 0 || p.Start > 1):
		return fmt.Errorf("calibrate: %s must start between 0 and 1 (got %v)", p.Name, p.Start)
	case p.Kind == NonNegative && p.Start < 0:
		return fmt.Errorf("calibrate: %s must not start below 0 (got %v)", p.Name, p.Start)
	}
	return nil
}

// edge keeps probabilities off 0 and 1, where the logit is infinite.
const edge = 1e-4

func (p Param) toSearch(x float64) float64 {
	switch p.Kind {
	case Positive:
		return math.Log(x)
	case Probability:
		x = math.Min(math.Max(x, edge), 1-edge)
		return math.Log(x / (1 - x))
	}
	return x
}

func (p Param) fromSearch(y float64) float64 {
	var x float64
	switch p.Kind {
	case Positive:
		x = math.Exp(y)
	case Probability:
		x = 1 / (1 + math.Exp(-y))
	default:
		x = math.Max(y, 0)
	}
	if p.Integer {
		x = math.Max(math.Round(x), 1)
	}
	return x
}
