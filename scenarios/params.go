package scenarios

import (
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/surge-sim/surge/sim"
)

// Parameter is a number of a scenario that a sensitivity analysis can move
// to a low and a high value.
type Parameter struct {
	Key   string // key path, as in the file
	Value string // the value in the scenario, as TOML
	Low   string // as TOML
	High  string
	How   string // how Low and High were chosen
}

// numericParams are the plain numbers a sensitivity analysis moves, besides
// every distribution. Sizes, the target and the calendar stay as they are.
var numericParams = []string{
	"force_generation.first", "force_generation.interval", "force_generation.conferences", "force_generation.probability",
	"reception.capacity",
	"countries.*.legislative.probability", "countries.*.legislative.refusal",
	"lift.*.count", "lift.*.seats", "lift.*.payload", "lift.*.until", "lift.*.flight_hours.*",
	"airfields.*.slots", "airfields.*.ground_hours",
	"routes.*.every",
	"units.*.pledge_probability",
}

// Parameters lists the scenario's uncertain parameters (with the strategy
// and overrides applied), in file order: each distribution, moved to fixed
// values at its 10th and 90th percentiles, and the plain numbers above,
// moved 25% down and up (probabilities kept within 0 and 1, whole numbers
// rounded outward, counts kept at 1 or more). Numbers at 0 are left out.
func (f *File) Parameters(strategy string, set []Override) ([]Parameter, error) {
	v, err := f.variant(strategy, set)
	if err != nil {
		return nil, err
	}
	var out []Parameter
	walkParams(reflect.ValueOf(v.file).Elem(), nil, v.order, func(path []string, x reflect.Value) {
		key := strings.Join(path, ".")
		if d, ok := x.Interface().(dist); ok {
			if p, ok := distParam(key, d.Dist); ok {
				out = append(out, p)
			}
			return
		}
		if !matchesAny(path, numericParams) {
			return
		}
		if p, ok := numberParam(key, x); ok {
			out = append(out, p)
		}
	})
	return out, nil
}

// walkParams visits every leaf value under v, entities in file order.
func walkParams(v reflect.Value, path []string, order map[string][]string, visit func([]string, reflect.Value)) {
	if v.Type() == distType || v.Type() == dateType {
		visit(path, v)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkParams(v.Elem(), path, order, visit)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			walkParams(v.Field(i), append(path, tagOf(v.Type().Field(i))), order, visit)
		}
	case reflect.Map:
		var keys []string
		if v.Type().Key().Kind() == reflect.String {
			keys = sortedKeys(v)
			if len(path) == 1 {
				keys = inOrder(keys, order[path[0]])
			}
		}
		for _, k := range keys {
			walkParams(v.MapIndex(reflect.ValueOf(k)), append(path, k), order, visit)
		}
	case reflect.Interface:
		// Strategy values: not parameters.
	default:
		visit(path, v)
	}
}

func matchesAny(path []string, patterns []string) bool {
	for _, p := range patterns {
		parts := strings.Split(p, ".")
		if len(parts) != len(path) {
			continue
		}
		ok := true
		for i := range parts {
			if parts[i] != "*" && parts[i] != path[i] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// distParam moves a distribution to its 10th and 90th percentiles, or a
// fixed value 25% down and up.
func distParam(key string, d sim.Dist) (Parameter, bool) {
	if d.Kind == sim.Fixed {
		if d.Value == 0 {
			return Parameter{}, false
		}
		return Parameter{Key: key, Value: num(d.Value), Low: num(0.75 * d.Value), High: num(1.25 * d.Value), How: "±25%"}, true
	}
	lo, hi := d.Quantile(0.1), d.Quantile(0.9)
	if lo == hi {
		return Parameter{}, false
	}
	return Parameter{Key: key, Value: d.String(), Low: num(lo), High: num(hi), How: "10th and 90th percentiles of " + d.String()}, true
}

func numberParam(key string, x reflect.Value) (Parameter, bool) {
	switch x.Kind() {
	case reflect.Int:
		n := x.Int()
		if n <= 0 {
			return Parameter{}, false
		}
		lo, hi := max(1, int64(math.Floor(0.75*float64(n)))), int64(math.Ceil(1.25*float64(n)))
		return Parameter{Key: key, Value: strconv.FormatInt(n, 10), Low: strconv.FormatInt(lo, 10),
			High: strconv.FormatInt(hi, 10), How: "±25%, whole numbers, at least 1"}, true
	case reflect.Float64:
		v := x.Float()
		if v <= 0 {
			return Parameter{}, false
		}
		lo, hi := 0.75*v, 1.25*v
		how := "±25%"
		if strings.Contains(key, "probability") || strings.HasSuffix(key, "refusal") {
			hi = min(hi, 1)
			how = "±25%, at most 1"
		}
		return Parameter{Key: key, Value: num(v), Low: num(lo), High: num(hi), How: how}, true
	}
	return Parameter{}, false
}

// num writes a number as a TOML float with at most four decimals.
func num(x float64) string {
	s := strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}
