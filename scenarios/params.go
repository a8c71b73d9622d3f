package scenarios

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/surge-sim/surge/sim"
)

// Parameter is a number of a scenario that a sensitivity analysis can move
// to a low and a high value.
type Parameter struct {
	Key   string // key path, as in the file
	Label string // in plain words (see File.Describe)
	Unit  string // of Value, Low and High (see File.Describe)
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
		var p Parameter
		ok := false
		if d, isDist := x.Interface().(dist); isDist {
			p, ok = distParam(key, d.Dist)
		} else if matchesAny(path, numericParams) {
			p, ok = numberParam(key, x)
		}
		if ok {
			p.Label, p.Unit = describeKey(v.file, key)
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

// Number returns the number at key in the scenario with the strategy and
// overrides applied: a plain number, or one parameter of a distribution
// ("units.x.preparation.median"). For a key with * in an entity's place, it
// is the mean over the entities. integer reports a whole-number field.
func (f *File) Number(strategy string, set []Override, key string) (value float64, integer bool, err error) {
	v, err := f.variant(strategy, set)
	if err != nil {
		return 0, false, err
	}
	return numberAt(v.file, key)
}

// numberAt returns the number at key in fs, the mean over the entities for
// a key with *.
func numberAt(fs *fileScenario, key string) (value float64, integer bool, err error) {
	var vals []float64
	integer, err = get(reflect.ValueOf(fs).Elem(), strings.Split(key, "."), nil, &vals)
	if err != nil {
		return 0, false, err
	}
	if len(vals) == 0 {
		return 0, false, fmt.Errorf("%s: nothing to fit there", key)
	}
	sum := 0.0
	for _, x := range vals {
		sum += x
	}
	return sum / float64(len(vals)), integer, nil
}

// ErrIsDistribution is returned by Number for a key that names a whole
// distribution rather than a number.
var ErrIsDistribution = errors.New("a distribution, not a number")

// get collects the numbers at path under v.
func get(v reflect.Value, path, done []string, out *[]float64) (integer bool, err error) {
	here := func() string { return strings.Join(done, ".") }
	if v.Type() == distType {
		d := v.Interface().(dist).Dist
		if len(path) != 1 {
			return false, fmt.Errorf("%w: %s (%s); name one of its parameters, such as %s.%s", ErrIsDistribution, here(), d.String(), here(), distKeys[d.Kind][0])
		}
		x, ok := distValue(d, path[0])
		if !ok {
			return false, fmt.Errorf("%s is %s, which has no parameter %q (it has %s)", here(), d.String(), path[0], strings.Join(distKeys[d.Kind], ", "))
		}
		*out = append(*out, x)
		return false, nil
	}
	if len(path) == 0 {
		switch v.Kind() {
		case reflect.Int:
			*out = append(*out, float64(v.Int()))
			return true, nil
		case reflect.Float64:
			*out = append(*out, v.Float())
			return false, nil
		case reflect.Pointer:
			if !v.IsNil() {
				return get(v.Elem(), path, done, out)
			}
			return false, fmt.Errorf("%s is not set in the scenario: set it first", here())
		}
		return false, fmt.Errorf("%s is not a number", here())
	}
	part := path[0]
	next := append(slices.Clone(done), part)
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return false, fmt.Errorf("%s is not set in the scenario", strings.Join(next, "."))
		}
		return get(v.Elem(), path, done, out)
	case reflect.Struct:
		fld, ok := fieldByTag(v.Type(), part)
		if !ok {
			return false, unknownPath(next, v.Type())
		}
		return get(v.FieldByIndex(fld.Index), path[1:], next, out)
	case reflect.Map:
		ids := sortedKeys(v)
		if part != "*" && !slices.Contains(ids, part) {
			msg := fmt.Sprintf("no %q in [%s]", part, here())
			if near := nearest(part, ids); len(near) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", orList(near))
			}
			return false, errors.New(msg)
		}
		for _, id := range ids {
			if part != "*" && id != part {
				continue
			}
			if integer, err = get(v.MapIndex(reflect.ValueOf(id)), path[1:], append(slices.Clone(done), id), out); err != nil {
				return false, err
			}
		}
		return integer, nil
	}
	return false, fmt.Errorf("%s is a single value: it has no key %q", here(), part)
}

// distValue returns a distribution's parameter as a scenario file names it.
func distValue(d sim.Dist, key string) (float64, bool) {
	if !slices.Contains(distKeys[d.Kind], key) {
		return 0, false
	}
	switch key {
	case "mean":
		return d.Mean(), true
	case "sd":
		return math.Sqrt(d.Shape) * d.Scale, true
	}
	if f := distField(&d, key); f != nil {
		return *f, true
	}
	return 0, false
}

// facts are the keys that are facts of a scenario rather than uncertain
// parameters, with why: calibration must not fit them (a sensitivity
// analysis does not move them either).
var facts = []struct{ pattern, why string }{
	{"target.*", "the target is what the surge is measured against"},
	{"units.*.strength", "a unit's size comes from its sources"},
	{"units.*.count", "the number of units comes from the scenario's sources"},
	{"missions.*.strength", "a mission's size comes from its sources"},
	{"missions.*.floor", "a mission's floor comes from its sources"},
	{"start", "the calendar is fixed by the resolution"},
	{"horizon", "the horizon is how long the simulation looks, not something that happened"},
	{"benchmarks.*.*", "a benchmark is a yardstick, not something that happened"},
	{"observed.*", "the observed series is what calibration fits to"},
}

// NotAParameter returns why key names a fact of the scenario (a size, the
// target, the calendar, a benchmark, the observed series) rather than an
// uncertain parameter that calibration may fit, or nil. A distribution's
// parameter under such a key is a fact too.
func NotAParameter(key string) error {
	path := strings.Split(key, ".")
	for _, f := range facts {
		parts := strings.Split(f.pattern, ".")
		if len(path) < len(parts) {
			continue
		}
		if matchesAny(path[:len(parts)], []string{f.pattern}) {
			return fmt.Errorf("%s is a fact of the scenario, not a parameter to fit: %s", key, f.why)
		}
	}
	return nil
}
