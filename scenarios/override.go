package scenarios

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/surge-sim/surge/sim"
)

// Override sets one value of a scenario: Key is a key path as written in a
// scenario file, such as "lift.un-passenger.count" or
// "countries.nepal.consent", and Value is TOML: a number, a string (quotes
// may be left out of a single word), a distribution as an inline table, or a
// whole inline table to add an entity, such as a unit. In an entity's place,
// "*" stands for every entity of that table ("countries.*.consent.median").
// A key may go into a distribution's parameters ("units.x.preparation.p90")
// when the distribution has them. A Value of *FACTOR (or the TOML string
// "*FACTOR" in a strategy) multiplies instead: a number, or every parameter
// of a distribution, so "countries.*.consent=*2" doubles every consent delay.
type Override struct {
	Key   string
	Value string
	// Origin names where it came from in errors; default "--set".
	Origin string
}

func (o Override) String() string { return o.Key + "=" + o.Value }

// maxOverride bounds the length of KEY=VALUE: a whole unit as an inline
// table takes a few hundred bytes.
const maxOverride = 64 << 10

// ParseOverride reads KEY=VALUE.
func ParseOverride(s string) (Override, error) {
	if len(s) > maxOverride {
		return Override{}, fmt.Errorf("%.40q... is longer than %d KiB", s, maxOverride>>10)
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\t' }); i >= 0 {
		return Override{}, fmt.Errorf("%q: KEY=VALUE must be one line, without control characters (found %q)", s, s[i:i+1])
	}
	k, v, ok := strings.Cut(s, "=")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	if !ok || k == "" || v == "" {
		return Override{}, fmt.Errorf("%q is not KEY=VALUE, such as lift.c17.count=6", s)
	}
	return Override{Key: k, Value: v}, nil
}

// OverrideError is an override that cannot be applied.
type OverrideError struct {
	Override Override
	Origin   string // where it came from: "--set", or "strategy NAME"
	Err      error
}

func (e *OverrideError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Origin, e.Override, e.Err)
}

func (e *OverrideError) Unwrap() error { return e.Err }

// apply sets o in f.
func apply(f *fileScenario, o Override) error {
	path := strings.Split(o.Key, ".")
	if slices.Contains(path, "") {
		return fmt.Errorf("%q is not a key path", o.Key)
	}
	if len(path) > maxDepth {
		return fmt.Errorf("%q has more than %d parts: not a key path", o.Key, maxDepth)
	}
	if path[0] == "strategies" {
		return errors.New("a strategy cannot be changed by --set or by another strategy: run it with --strategy NAME")
	}
	if path[0] == "levers" {
		return errors.New("a lever says what may be changed, and is not changed itself: set its key instead")
	}
	return set(reflect.ValueOf(f).Elem(), path, nil, o.Value)
}

// set walks v along path (done is the part already walked) and sets the
// value at its end from the TOML text value.
func set(v reflect.Value, path, done []string, value string) error {
	if len(path) == 0 {
		if factor, ok, err := multiplier(value); ok || err != nil {
			if err != nil {
				return fmt.Errorf("%s: %v", strings.Join(done, "."), err)
			}
			return scale(v, factor, done)
		}
		return assign(v, value, done)
	}
	part := path[0]
	here := append(slices.Clone(done), part)
	switch {
	case v.Type() == distType:
		return setDistParam(v.Addr().Interface().(*dist), path, value, done)
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return set(v.Elem(), path, done, value)
	case v.Kind() == reflect.Struct:
		f, ok := fieldByTag(v.Type(), part)
		if !ok {
			return unknownPath(here, v.Type())
		}
		return set(v.FieldByIndex(f.Index), path[1:], here, value)
	case v.Kind() == reflect.Map:
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		ids := sortedKeys(v)
		if part == "*" {
			if len(path) == 1 {
				return fmt.Errorf("%s: give a key after *, such as %s.consent", strings.Join(here, "."), strings.Join(here, "."))
			}
			if len(ids) == 0 {
				return fmt.Errorf("%s: no %s to set", strings.Join(here, "."), strings.Join(done, "."))
			}
			for _, id := range ids {
				if err := setEntry(v, id, path[1:], append(slices.Clone(done), id), value); err != nil {
					return err
				}
			}
			return nil
		}
		if !slices.Contains(ids, part) && len(path) > 1 {
			// Only a whole table may add an entity.
			msg := fmt.Sprintf("no %q in [%s]", part, strings.Join(done, "."))
			if near := nearest(part, ids); len(near) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", orList(near))
			} else if len(ids) > 0 {
				msg += fmt.Sprintf(" (it has %s)", strings.Join(ids, ", "))
			}
			return errors.New(msg)
		}
		return setEntry(v, part, path[1:], here, value)
	}
	return fmt.Errorf("%s is a single value: it has no key %q", strings.Join(done, "."), part)
}

// setEntry sets path inside the map entry id, which is copied out, changed
// and stored back (map entries cannot be changed in place).
func setEntry(m reflect.Value, id string, path, done []string, value string) error {
	key := reflect.ValueOf(id)
	e := reflect.New(m.Type().Elem()).Elem()
	if old := m.MapIndex(key); old.IsValid() {
		e.Set(old)
	}
	if err := set(e, path, done, value); err != nil {
		return err
	}
	m.SetMapIndex(key, e)
	return nil
}

func sortedKeys(m reflect.Value) []string {
	var ids []string
	for _, k := range m.MapKeys() {
		ids = append(ids, k.String())
	}
	slices.Sort(ids)
	return ids
}

func unknownPath(path []string, t reflect.Type) error {
	msg := "no such key"
	var keys []string
	for i := range t.NumField() {
		keys = append(keys, tagOf(t.Field(i)))
	}
	slices.Sort(keys)
	if near := nearest(path[len(path)-1], keys); len(near) > 0 {
		prefix := strings.Join(path[:len(path)-1], ".")
		for i := range near {
			if prefix != "" {
				near[i] = prefix + "." + near[i]
			}
		}
		msg += fmt.Sprintf(" (did you mean %s?)", orList(near))
	} else {
		msg += fmt.Sprintf(" (the keys here are %s)", strings.Join(keys, ", "))
	}
	return fmt.Errorf("%s: %s", strings.Join(path, "."), msg)
}

// distField returns the field of d that holds the parameter a scenario file
// calls key, or nil for those it does not hold as such (a gamma's mean and
// sd, an empirical distribution's values).
func distField(d *sim.Dist, key string) *float64 {
	switch key {
	case "value":
		return &d.Value
	case "min":
		return &d.Min
	case "max":
		return &d.Max
	case "mode":
		return &d.Mode
	case "median":
		return &d.Median
	case "p90":
		return &d.P90
	case "shape":
		return &d.Shape
	case "scale":
		return &d.Scale
	}
	return nil
}

// multiplier reads *FACTOR, bare or as a TOML string.
func multiplier(value string) (factor float64, ok bool, err error) {
	if u, err := strconv.Unquote(value); err == nil {
		value = u
	}
	rest, ok := strings.CutPrefix(strings.TrimSpace(value), "*")
	if !ok {
		return 0, false, nil
	}
	factor, err = strconv.ParseFloat(strings.TrimSpace(rest), 64)
	if err != nil || !(factor >= 0) || math.IsInf(factor, 0) {
		return 0, true, fmt.Errorf("*FACTOR needs a number of 0 or more (got %q)", value)
	}
	return factor, true, nil
}

// scale multiplies the number or distribution v by factor.
func scale(v reflect.Value, factor float64, path []string) error {
	switch {
	case v.Type() == distType:
		dd := &v.Addr().Interface().(*dist).Dist
		for _, k := range []string{"value", "min", "max", "mode", "median", "p90", "scale"} {
			*distField(dd, k) *= factor
		}
		for i := range dd.Values {
			dd.Values[i] *= factor
		}
		return nil
	case v.Kind() == reflect.Int:
		x := math.Round(float64(v.Int()) * factor)
		if x > math.MaxInt32 {
			return fmt.Errorf("%s: %v times %v is too large", strings.Join(path, "."), v.Int(), factor)
		}
		v.SetInt(int64(x))
		return nil
	case v.Kind() == reflect.Float64:
		v.SetFloat(v.Float() * factor)
		return nil
	case v.Kind() == reflect.Pointer && !v.IsNil():
		return scale(v.Elem(), factor, path)
	}
	return fmt.Errorf("%s: only a number or a distribution can be multiplied", strings.Join(path, "."))
}

// assign decodes the TOML text value into v, with v's type.
func assign(v reflect.Value, value string, path []string) error {
	where := strings.Join(path, ".")
	if checkDepth("v = "+value) > 0 {
		return fmt.Errorf("%s: %w", where, errTooDeep)
	}
	// Decode "v = VALUE" into a struct with one field of v's type, so that
	// the decoder checks the type and reports unknown keys inside tables.
	wrapper := reflect.New(reflect.StructOf([]reflect.StructField{{
		Name: "V", Type: v.Type(), Tag: `toml:"v"`,
	}}))
	md, err := toml.Decode("v = "+value, wrapper.Interface())
	if err != nil && v.Kind() == reflect.String && !strings.ContainsAny(value, "\"'") {
		md, err = toml.Decode("v = "+strconv.Quote(value), wrapper.Interface()) // a bare word
	}
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s: %q is not a TOML value (%s)", where, value, pe.Message)
		}
		if m := typeError.FindStringSubmatch(err.Error()); m != nil && m[3] != "" {
			return fmt.Errorf("%s: must be %s (got %s)", where, words(m[4]), words(m[3]))
		} else if m != nil && m[5] != "" {
			return fmt.Errorf("%s: must be a table (got %s)", where, words(m[6]))
		}
		if goType.MatchString(err.Error()) {
			return fmt.Errorf("%s: has a value of the wrong type", where)
		}
		return fmt.Errorf("%s: %v", where, err)
	}
	for _, k := range md.Undecoded() {
		full := append(slices.Clone(path), k[1:]...)
		return fmt.Errorf("%s: %s", strings.Join(full, "."), unknownKey(full))
	}
	for _, k := range notTables(md, wrapper.Type().Elem()) {
		full := append(slices.Clone(path), k[1:]...)
		return fmt.Errorf("%s: %v", strings.Join(full, "."), mustBeTable(md, k))
	}
	var bad error
	walkValueErrors(wrapper.Elem().Field(0), path, func(p string, err error) {
		if bad == nil {
			bad = fmt.Errorf("%s: %v", p, err)
		}
	})
	if bad != nil {
		return bad
	}
	v.Set(wrapper.Elem().Field(0))
	return nil
}

// setDistParam changes one parameter of a distribution, keeping the others.
func setDistParam(d *dist, path []string, value string, done []string) error {
	where := strings.Join(append(slices.Clone(done), path...), ".")
	if len(path) != 1 {
		return fmt.Errorf("%s: a distribution's parameter is a single number", where)
	}
	x, err := strconv.ParseFloat(value, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("%s: must be a number (got %q)", where, value)
	}
	k := path[0]
	if !slices.Contains(distKeys[d.Kind], k) {
		return fmt.Errorf("%s: %s is %s, which has no parameter %q (it has %s); set the whole distribution instead, as %s={ dist = \"lognormal\", median = 14, p90 = 45 }",
			where, strings.Join(done, "."), d.Dist.String(), k, strings.Join(distKeys[d.Kind], ", "), strings.Join(done, "."))
	}
	dd := &d.Dist
	if f := distField(dd, k); f != nil {
		*f = x
		return nil
	}
	if k == "values" {
		return fmt.Errorf("%s: set the values of an empirical distribution whole", where)
	}
	// The gamma's mean and sd are stored as its shape and scale.
	mean, sd := dd.Mean(), math.Sqrt(dd.Shape)*dd.Scale
	if k == "mean" {
		mean = x
	} else {
		sd = x
	}
	if !(mean > 0 && sd > 0) {
		return fmt.Errorf("%s: a gamma distribution's mean and sd must be above 0 (got %v)", where, x)
	}
	dd.Shape, dd.Scale = (mean/sd)*(mean/sd), sd*sd/mean
	return nil
}

// formatValue writes a decoded TOML value back as TOML text.
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			name := k
			if !idPattern.MatchString(k) {
				name = strconv.Quote(k)
			}
			parts[i] = name + " = " + formatValue(x[k])
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return fmt.Sprint(v)
}
