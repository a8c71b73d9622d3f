package scenarios

import (
	"fmt"
	"slices"
	"strings"

	"github.com/surge-sim/surge/sim"
)

// dist is a distribution in a scenario file: a bare number (fixed), or an
// inline table naming its family in "dist":
//
//	consent = 14
//	consent = { dist = "fixed", value = 14 }
//	consent = { dist = "uniform", min = 7, max = 21 }
//	consent = { dist = "triangular", min = 7, mode = 14, max = 30 }
//	consent = { dist = "lognormal", median = 14, p90 = 45 }
//	consent = { dist = "gamma", shape = 2, scale = 7 }   # or mean = 14, sd = 10
//	consent = { dist = "empirical", values = [9, 14, 21, 60] }
//
// Any of them may name scenario-wide factors that multiply its draws
// (factor = "political-will"), or divide them (factor = "1/political-will"),
// or several (factor = ["political-will", "rainy-season"]). A number with
// a factor is written { dist = "fixed", value = 14, factor = "..." }.
type dist struct {
	sim.Dist
	err   error // why the value is not a distribution, reported with its key path after decoding
	given bool  // the file gives it
}

// distKeys are the parameters each family takes.
var distKeys = map[sim.DistKind][]string{
	sim.Fixed:      {"value"},
	sim.Uniform:    {"min", "max"},
	sim.Triangular: {"min", "mode", "max"},
	sim.LogNormal:  {"median", "p90"},
	sim.Gamma:      {"shape", "scale", "mean", "sd"},
	sim.Empirical:  {"values"},
}

// UnmarshalTOML implements toml.Unmarshaler. A bad value is kept in d.err
// rather than returned, so that the loader can report it with its key path
// and line.
func (d *dist) UnmarshalTOML(v any) error {
	d.err = d.parse(v)
	d.given = true
	return nil
}

func (d *dist) parse(v any) error {
	if x, ok := number(v); ok {
		d.Dist = sim.Const(x)
		return nil
	}
	t, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("a distribution must be a number of days or a table such as { dist = \"lognormal\", median = 14, p90 = 45 } (got %s)", describe(v))
	}
	name, ok := t["dist"].(string)
	if !ok {
		return fmt.Errorf("a distribution table needs dist = one of %s", quoteAll(sim.DistKinds()))
	}
	kind, ok := sim.ParseDistKind(name)
	if !ok {
		return fmt.Errorf("unknown distribution %q (want one of %s)", name, quoteAll(sim.DistKinds()))
	}
	allowed := distKeys[kind]
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k != "dist" && k != "factor" && !slices.Contains(allowed, k) {
			return fmt.Errorf("unknown key %q in a %s distribution (it takes %s, factor)", k, name, strings.Join(allowed, ", "))
		}
	}
	factors, err := parseFactors(t["factor"])
	if err != nil {
		return err
	}
	get := func(k string) (float64, error) {
		raw, ok := t[k]
		if !ok {
			return 0, fmt.Errorf("a %s distribution needs %s", name, strings.Join(requiredKeys(kind), ", "))
		}
		x, ok := number(raw)
		if !ok {
			return 0, fmt.Errorf("%s must be a number (got %s)", k, describe(raw))
		}
		return x, nil
	}
	out := sim.Dist{Kind: kind, Factors: factors}
	switch kind {
	case sim.Fixed:
		out.Value, err = get("value")
	case sim.Uniform:
		out.Min, out.Max, err = get2(get, "min", "max")
	case sim.Triangular:
		if out.Min, out.Max, err = get2(get, "min", "max"); err == nil {
			out.Mode, err = get("mode")
		}
	case sim.LogNormal:
		out.Median, out.P90, err = get2(get, "median", "p90")
	case sim.Gamma:
		_, byMoments := t["mean"]
		_, bySD := t["sd"]
		if byMoments || bySD {
			if _, ok := t["shape"]; ok {
				return fmt.Errorf("give a gamma distribution either shape and scale or mean and sd, not both")
			}
			var mean, sd float64
			if mean, sd, err = get2(get, "mean", "sd"); err != nil {
				return err
			}
			if !(mean > 0 && sd > 0) {
				return fmt.Errorf("a gamma distribution's mean and sd must be above 0 (got mean %v, sd %v)", mean, sd)
			}
			out.Shape, out.Scale = (mean/sd)*(mean/sd), sd*sd/mean
		} else {
			out.Shape, out.Scale, err = get2(get, "shape", "scale")
		}
	case sim.Empirical:
		raw, ok := t["values"].([]any)
		if !ok {
			return fmt.Errorf("an empirical distribution needs values = [a list of observed days]")
		}
		for _, r := range raw {
			x, ok := number(r)
			if !ok {
				return fmt.Errorf("values must be numbers (got %s)", describe(r))
			}
			out.Values = append(out.Values, x)
		}
	}
	if err != nil {
		return err
	}
	d.Dist = out
	return nil
}

// parseFactors reads a distribution's factor key: an ID, "1/ID", or a list
// of them.
func parseFactors(v any) ([]sim.FactorRef, error) {
	if v == nil {
		return nil, nil
	}
	var names []any
	switch x := v.(type) {
	case string:
		names = []any{x}
	case []any:
		names = x
	default:
		return nil, fmt.Errorf("factor must name a factor of [factors], such as factor = \"political-will\" or factor = [\"a\", \"1/b\"] (got %s)", describe(v))
	}
	var out []sim.FactorRef
	for _, n := range names {
		s, ok := n.(string)
		if !ok {
			return nil, fmt.Errorf("factor must list names of factors (got %s)", describe(n))
		}
		ref := sim.FactorRef{Factor: s}
		if rest, ok := strings.CutPrefix(s, "1/"); ok {
			ref = sim.FactorRef{Factor: rest, Inverse: true}
		}
		if !idPattern.MatchString(ref.Factor) {
			return nil, fmt.Errorf("factor %q is not the ID of a factor (letters, digits, - and _)", s)
		}
		out = append(out, ref)
	}
	return out, nil
}

func get2(get func(string) (float64, error), a, b string) (float64, float64, error) {
	x, err := get(a)
	if err != nil {
		return 0, 0, err
	}
	y, err := get(b)
	return x, y, err
}

func requiredKeys(k sim.DistKind) []string {
	if k == sim.Gamma {
		return []string{"shape and scale (or mean and sd)"}
	}
	return distKeys[k]
}

// number returns v as a float64 if it is a TOML integer or float.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true // NaN and infinities are rejected later, with the key's path
	}
	return 0, false
}

// describe names a decoded TOML value for an error message.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", x)
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%v", v)
}

func quoteAll(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
