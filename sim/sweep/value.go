package sweep

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Value is a parameter's value as TOML text, such as "3", "0.5", "*1.5"
// (a multiplier) or `{ dist = "uniform", min = 1, max = 2 }`. In JSON a
// number is a number, a multiplier its factor (the axis says it is one),
// and anything else a string.
type Value string

// Number returns the value as a number, the factor of a multiplier, and
// whether it is one.
func (v Value) Number() (float64, bool) {
	x, err := strconv.ParseFloat(strings.TrimPrefix(strings.TrimSpace(string(v)), "*"), 64)
	return x, err == nil && !math.IsNaN(x) && !math.IsInf(x, 0)
}

// MarshalJSON implements json.Marshaler.
func (v Value) MarshalJSON() ([]byte, error) {
	if x, ok := v.Number(); ok {
		return strconv.AppendFloat(nil, x, 'g', -1, 64), nil
	}
	return json.Marshal(string(v))
}

// UnmarshalJSON implements json.Unmarshaler: a number or a string.
func (v *Value) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*v = Value(s)
		return nil
	}
	var x json.Number
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	*v = Value(x.String())
	return nil
}

// ValuesOf converts TOML texts to Values.
func ValuesOf(ss []string) []Value {
	out := make([]Value, len(ss))
	for i, s := range ss {
		out[i] = Value(s)
	}
	return out
}

// Text writes the value with its unit, in plain words, numbers to at most
// three significant digits but never fewer than their whole part: "15
// days", "day 26", "45%" (of a probability or share), "3 aircraft",
// "×0.75". A value that is not a number is written as it is, cut short if
// long.
func (v Value) Text(unit string) string {
	x, ok := v.Number()
	if !ok {
		const maxValue = 24 // characters
		if r := []rune(string(v)); len(r) > maxValue {
			return string(r[:maxValue-1]) + "…"
		}
		return string(v)
	}
	if strings.HasPrefix(strings.TrimSpace(string(v)), "*") {
		return "×" + short(x)
	}
	switch unit {
	case "days":
		if x == 1 {
			return "1 day"
		}
		return short(x) + " days"
	case "day":
		return "day " + short(x)
	case "probability", "share":
		return short(100*x) + "%"
	case "hours":
		return short(x) + " h"
	case "tonnes":
		return short(x) + " t"
	case "aircraft", "seats", "personnel":
		return short(x) + " " + unit
	case "multiplier":
		return "×" + short(x)
	}
	return short(x)
}

// short writes x to three significant digits but never fewer than its
// whole part: 66.6667 is "66.7", 150 is "150", 0.01125 is "0.0113".
func short(x float64) string {
	if x == 0 {
		return "0"
	}
	d := max(0, 3-int(math.Floor(math.Log10(math.Abs(x))))-1)
	s := strconv.FormatFloat(x, 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
