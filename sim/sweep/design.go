package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Axis is one varied parameter: a key path and its values, as TOML text.
// An axis given as a range also keeps its bounds, for Latin hypercube
// sampling.
type Axis struct {
	Key    string
	Values []string
	// Range: Lo and Hi bound the values; Integer when both bounds and the
	// step are whole numbers, so sampled values are whole too.
	Range   bool
	Lo, Hi  float64
	Integer bool
	// Prefix goes before every value: "*" when the axis varies a
	// multiplier (KEY=*FROM:TO:STEP).
	Prefix string
}

// maxPoints bounds a design.
const maxPoints = 1_000_000

// ParseVary reads KEY=FROM:TO:STEP, KEY=FROM:TO (a range for Latin hypercube
// sampling) or KEY=V1,V2,... (values as TOML). A range after * varies a
// multiplier: KEY=*0.5:2:0.5 gives *0.5, *1.0, *1.5, *2.0.
func ParseVary(s string) (Axis, error) {
	key, spec, ok := strings.Cut(s, "=")
	key, spec = strings.TrimSpace(key), strings.TrimSpace(spec)
	if !ok || key == "" || spec == "" {
		return Axis{}, fmt.Errorf("--vary %q: want KEY=FROM:TO:STEP or KEY=V1,V2,...", s)
	}
	a := Axis{Key: key}
	if rest, ok := strings.CutPrefix(spec, "*"); ok && strings.Contains(rest, ":") {
		a.Prefix, spec = "*", rest
	}
	if strings.Contains(spec, ":") && !strings.ContainsAny(spec, "{\"'") {
		parts := strings.Split(spec, ":")
		if len(parts) != 2 && len(parts) != 3 {
			return Axis{}, fmt.Errorf("--vary %s: want FROM:TO:STEP (got %q)", key, spec)
		}
		nums := make([]float64, len(parts))
		for i, p := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return Axis{}, fmt.Errorf("--vary %s: %q is not a number", key, p)
			}
			nums[i] = x
		}
		a.Range, a.Lo, a.Hi = true, nums[0], nums[1]
		if a.Hi < a.Lo {
			return Axis{}, fmt.Errorf("--vary %s: FROM (%v) is above TO (%v)", key, a.Lo, a.Hi)
		}
		a.Integer = isWhole(a.Lo) && isWhole(a.Hi)
		if len(nums) == 3 {
			step := nums[2]
			if !(step > 0) {
				return Axis{}, fmt.Errorf("--vary %s: STEP must be above 0 (got %v)", key, step)
			}
			a.Integer = a.Integer && isWhole(step)
			// Counted as a float first: a tiny step overflows an int.
			count := math.Floor((a.Hi-a.Lo)/step+1e-9) + 1
			if count > maxPoints {
				return Axis{}, fmt.Errorf("--vary %s: a step of %v gives %.4g values, more than %d", key, step, count, maxPoints)
			}
			n := int(count)
			for i := range n {
				a.Values = append(a.Values, a.Prefix+format(a.Lo+float64(i)*step, a.Integer))
			}
		}
		return a, nil
	}
	for _, v := range splitTopLevel(spec) {
		if v = strings.TrimSpace(v); v == "" {
			return Axis{}, fmt.Errorf("--vary %s: an empty value in %q", key, spec)
		}
		a.Values = append(a.Values, v)
	}
	return a, nil
}

// Ends returns the ends of a range as values, as a Latin sample would
// write them.
func (a Axis) Ends() []string {
	return []string{a.Prefix + format(a.Lo, a.Integer), a.Prefix + format(a.Hi, a.Integer)}
}

// splitTopLevel splits s at commas outside braces, brackets and quotes, so
// that distributions can be values: {dist="uniform",min=1,max=2},3.
func splitTopLevel(s string) []string {
	var out []string
	depth, quote, start := 0, rune(0), 0
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '{' || r == '[':
			depth++
		case r == '}' || r == ']':
			depth--
		case r == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func isWhole(x float64) bool { return x == math.Trunc(x) && math.Abs(x) < 1e15 }

// format writes a number as TOML, rounding away binary noise (0.1*3).
func format(x float64, integer bool) string {
	if integer {
		return strconv.FormatInt(int64(math.Round(x)), 10)
	}
	x = math.Round(x*1e9) / 1e9
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0" // keep it a TOML float, so float keys accept it
	}
	return s
}

// Point is one combination of values, one per axis.
type Point struct {
	Index  int
	Values []string
}

// Grid returns every combination of the axes' values; the last axis varies
// fastest.
func Grid(axes []Axis) ([]Point, error) {
	n := 1
	for _, a := range axes {
		if len(a.Values) == 0 {
			return nil, fmt.Errorf("--vary %s: a grid needs values: give FROM:TO:STEP or a list", a.Key)
		}
		n *= len(a.Values)
		if n > maxPoints {
			return nil, fmt.Errorf("the grid has more than %d points", maxPoints)
		}
	}
	points := make([]Point, n)
	for i := range points {
		vals := make([]string, len(axes))
		rest := i
		for j := len(axes) - 1; j >= 0; j-- {
			k := len(axes[j].Values)
			vals[j] = axes[j].Values[rest%k]
			rest /= k
		}
		points[i] = Point{Index: i, Values: vals}
	}
	return points, nil
}

// Latin returns n points of a Latin hypercube sample: each axis's range (or
// list of values) is cut into n equal strata and each stratum is used once,
// in an order drawn from seed. The same arguments give the same points.
func Latin(axes []Axis, n int, seed uint64) ([]Point, error) {
	if n < 1 || n > maxPoints {
		return nil, fmt.Errorf("--points must be between 1 and %d (got %d)", maxPoints, n)
	}
	rng := rand.New(rand.NewPCG(seed, 0x1a7))
	points := make([]Point, n)
	for i := range points {
		points[i] = Point{Index: i, Values: make([]string, len(axes))}
	}
	for j, a := range axes {
		perm := rng.Perm(n)
		for i := range points {
			u := (float64(perm[i]) + rng.Float64()) / float64(n) // in stratum perm[i]
			switch {
			case a.Range:
				x := a.Lo + u*(a.Hi-a.Lo)
				points[i].Values[j] = a.Prefix + format(x, a.Integer)
			case len(a.Values) > 0:
				points[i].Values[j] = a.Values[min(int(u*float64(len(a.Values))), len(a.Values)-1)]
			default:
				return nil, fmt.Errorf("--vary %s: no values", a.Key)
			}
		}
	}
	return points, nil
}

// Shard returns the points of shard i of n (0 <= i < n): every n-th point,
// starting at the i-th, so that shards get similar work.
func Shard(points []Point, i, n int) []Point {
	var out []Point
	for _, p := range points {
		if p.Index%n == i {
			out = append(out, p)
		}
	}
	return out
}

// ParseShard reads I/N, 0 <= I < N.
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: want I/N with 0 <= I < N, such as 0/10 (Slurm: $SLURM_ARRAY_TASK_ID/N with --array=0-(N-1))", s)
	}
	return i, n, nil
}
