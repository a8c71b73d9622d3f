package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistKind names a family of distributions.
type DistKind uint8

// The distribution families a scenario can use.
const (
	Fixed      DistKind = iota // always Value
	Uniform                    // uniform on [Min, Max]
	Triangular                 // triangular on [Min, Max] with mode Mode
	LogNormal                  // log-normal with median Median and 90th percentile P90
	Gamma                      // gamma with shape Shape and scale Scale
	Empirical                  // one of Values, each equally likely
)

var distNames = [...]string{
	Fixed:      "fixed",
	Uniform:    "uniform",
	Triangular: "triangular",
	LogNormal:  "lognormal",
	Gamma:      "gamma",
	Empirical:  "empirical",
}

func (k DistKind) String() string {
	if int(k) < len(distNames) {
		return distNames[k]
	}
	return fmt.Sprintf("DistKind(%d)", k)
}

// ParseDistKind returns the DistKind with the given name.
func ParseDistKind(name string) (DistKind, bool) {
	for k, n := range distNames {
		if n == name {
			return DistKind(k), true
		}
	}
	return 0, false
}

// DistKinds returns the names of every distribution family.
func DistKinds() []string { return slices.Clone(distNames[:]) }

// z90 is the 90th percentile of the standard normal distribution.
const z90 = 1.2815515655446004

// Dist is an uncertain non-negative quantity, usually a delay in days. The
// zero value is Fixed at 0. Only the fields of its Kind are used.
type Dist struct {
	Kind DistKind

	Value       float64   // Fixed
	Min, Max    float64   // Uniform, Triangular
	Mode        float64   // Triangular
	Median, P90 float64   // LogNormal: how delays are usually stated
	Shape       float64   // Gamma
	Scale       float64   // Gamma
	Values      []float64 // Empirical: observed values

	// Factors are the scenario-wide factors a draw is multiplied by (or
	// divided by, for an inverse one), each drawn once per replication. The
	// methods Quantile, Mean and Sample leave them out: the simulation
	// applies them.
	Factors []FactorRef
}

// FactorRef names a scenario-wide factor that scales a distribution.
type FactorRef struct {
	Factor  string // the Factor's ID
	Inverse bool   // divide by the factor instead of multiplying
}

func (f FactorRef) String() string {
	if f.Inverse {
		return "1/" + f.Factor
	}
	return f.Factor
}

// IsZero reports whether d is the zero value, Fixed at 0: "not given" for
// the optional quantities whose zero value means none.
func (d Dist) IsZero() bool { return d.Kind == Fixed && d.Value == 0 && len(d.Factors) == 0 }

// Const returns a Fixed distribution at v.
func Const(v float64) Dist { return Dist{Kind: Fixed, Value: v} }

// Validate checks that d describes a distribution of non-negative values.
// A problem is reported as a *FieldError whose path is path followed by the
// parameter's key (path alone for a Fixed value).
func (d Dist) Validate(path string) error {
	bad := func(key string, v any, format string, args ...any) error {
		p := path
		if key != "" {
			p += "." + key
		}
		return &FieldError{Path: p, Value: v, Msg: fmt.Sprintf(format, args...)}
	}
	nonNegative := func(keys []string, vals ...float64) error {
		for i, v := range vals {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return bad(keys[i], v, "must be a finite number")
			}
			if v < 0 {
				return bad(keys[i], v, "must not be negative")
			}
			if v > MaxDistValue {
				return bad(keys[i], v, "must be at most %g", MaxDistValue)
			}
		}
		return nil
	}
	switch d.Kind {
	case Fixed:
		return nonNegative([]string{""}, d.Value)
	case Uniform:
		if err := nonNegative([]string{"min", "max"}, d.Min, d.Max); err != nil {
			return err
		}
		if d.Max < d.Min {
			return bad("max", d.Max, "must not be below min (%v)", d.Min)
		}
	case Triangular:
		if err := nonNegative([]string{"min", "mode", "max"}, d.Min, d.Mode, d.Max); err != nil {
			return err
		}
		if d.Max <= d.Min {
			return bad("max", d.Max, "must be above min (%v)", d.Min)
		}
		if d.Mode < d.Min || d.Mode > d.Max {
			return bad("mode", d.Mode, "must lie between min (%v) and max (%v)", d.Min, d.Max)
		}
	case LogNormal:
		if err := nonNegative([]string{"median", "p90"}, d.Median, d.P90); err != nil {
			return err
		}
		if d.Median <= 0 {
			return bad("median", d.Median, "must be above 0")
		}
		if d.P90 <= d.Median {
			return bad("p90", d.P90, "the 90th percentile must be above the median (%v)", d.Median)
		}
		// Values drawn reach exp(mu + 15 sigma) (a standard normal draw
		// stays within 15), and the mean is exp(mu + sigma^2/2): both must
		// stay far from overflowing.
		ln := d.logNormal(nil)
		if ln.Mu+15*ln.Sigma > maxLogValue || ln.Mu+ln.Sigma*ln.Sigma/2 > maxLogValue {
			return bad("p90", d.P90, "is too far above the median (%v): values drawn would overflow", d.Median)
		}
	case Gamma:
		if err := nonNegative([]string{"shape", "scale"}, d.Shape, d.Scale); err != nil {
			return err
		}
		if d.Shape <= 0 {
			return bad("shape", d.Shape, "must be above 0")
		}
		if d.Scale <= 0 {
			return bad("scale", d.Scale, "must be above 0")
		}
	case Empirical:
		if len(d.Values) == 0 {
			return bad("values", "[]", "must list at least one value")
		}
		for i, v := range d.Values {
			if err := nonNegative([]string{fmt.Sprintf("values[%d]", i)}, v); err != nil {
				return err
			}
		}
	default:
		return bad("dist", d.Kind.String(), "unknown distribution (want one of %s)", strings.Join(DistKinds(), ", "))
	}
	return nil
}

// MaxDistValue bounds a distribution's parameters: far beyond any horizon
// (at most 20,000 days), and small enough that sums and products of values
// drawn stay finite.
const MaxDistValue = 1e12

// maxLogValue is the log of the largest value a log-normal may draw or have
// as its mean: about 1e300.
const maxLogValue = 690

// Sample draws one value using src. d must be valid.
func (d Dist) Sample(src rand.Source) float64 {
	switch d.Kind {
	case Fixed:
		return d.Value
	case Uniform:
		return distuv.Uniform{Min: d.Min, Max: d.Max, Src: src}.Rand()
	case Triangular:
		return distuv.NewTriangle(d.Min, d.Max, d.Mode, src).Rand()
	case LogNormal:
		return d.logNormal(src).Rand()
	case Gamma:
		return distuv.Gamma{Alpha: d.Shape, Beta: 1 / d.Scale, Src: src}.Rand()
	case Empirical:
		return d.Values[rand.New(src).IntN(len(d.Values))]
	}
	panic(fmt.Sprintf("sim: sample of unknown distribution %v", d.Kind))
}

func (d Dist) logNormal(src rand.Source) distuv.LogNormal {
	mu := math.Log(d.Median)
	return distuv.LogNormal{Mu: mu, Sigma: (math.Log(d.P90) - mu) / z90, Src: src}
}

// Quantile returns the p-quantile of d, for p in [0, 1]. For Empirical it
// is the smallest value with at least a share p of the values at or below it.
func (d Dist) Quantile(p float64) float64 {
	switch d.Kind {
	case Fixed:
		return d.Value
	case Uniform:
		return d.Min + p*(d.Max-d.Min)
	case Triangular:
		return distuv.NewTriangle(d.Min, d.Max, d.Mode, nil).Quantile(p)
	case LogNormal:
		return d.logNormal(nil).Quantile(p)
	case Gamma:
		return distuv.Gamma{Alpha: d.Shape, Beta: 1 / d.Scale}.Quantile(p)
	case Empirical:
		s := slices.Clone(d.Values)
		slices.Sort(s)
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	panic(fmt.Sprintf("sim: quantile of unknown distribution %v", d.Kind))
}

// Mean returns the expected value of d.
func (d Dist) Mean() float64 {
	switch d.Kind {
	case Fixed:
		return d.Value
	case Uniform:
		return (d.Min + d.Max) / 2
	case Triangular:
		return (d.Min + d.Mode + d.Max) / 3
	case LogNormal:
		return d.logNormal(nil).Mean()
	case Gamma:
		return d.Shape * d.Scale
	case Empirical:
		s := 0.0
		for _, v := range d.Values {
			s += v
		}
		return s / float64(len(d.Values))
	}
	panic(fmt.Sprintf("sim: mean of unknown distribution %v", d.Kind))
}

// String describes d in the words of a scenario file.
func (d Dist) String() string {
	s := d.base()
	for _, f := range d.Factors {
		if f.Inverse {
			s += ", divided by " + f.Factor
		} else {
			s += ", times " + f.Factor
		}
	}
	return s
}

func (d Dist) base() string {
	switch d.Kind {
	case Fixed:
		return fmt.Sprintf("%g", d.Value)
	case Uniform:
		return fmt.Sprintf("uniform %g to %g", d.Min, d.Max)
	case Triangular:
		return fmt.Sprintf("triangular %g to %g, mode %g", d.Min, d.Max, d.Mode)
	case LogNormal:
		return fmt.Sprintf("lognormal, median %g, 90th percentile %g", d.Median, d.P90)
	case Gamma:
		return fmt.Sprintf("gamma, shape %g, scale %g", d.Shape, d.Scale)
	case Empirical:
		return fmt.Sprintf("empirical, %d values", len(d.Values))
	}
	return d.Kind.String()
}
