package sweep

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/surge-sim/surge/sim"
)

func TestParseVary(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		values  []string
		rng     bool
		integer bool
	}{
		{"lift.c17.count=1:4:1", []string{"1", "2", "3", "4"}, true, true},
		{"x=0:1:0.25", []string{"0.0", "0.25", "0.5", "0.75", "1.0"}, true, false},
		{"x=0.1:0.3:0.1", []string{"0.1", "0.2", "0.3"}, true, false}, // no 0.30000000000000004
		{"x=2:10", nil, true, true},
		{"c.consent=*0.5:1.5:0.5", []string{"*0.5", "*1.0", "*1.5"}, true, false},
		{"units.a.source=transfer,standby", []string{"transfer", "standby"}, false, false},
		{`c.consent={ dist = "uniform", min = 1, max = 2 },5`, []string{`{ dist = "uniform", min = 1, max = 2 }`, "5"}, false, false},
	} {
		a, err := ParseVary(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if !slices.Equal(a.Values, tc.values) || a.Range != tc.rng || a.Integer != tc.integer {
			t.Errorf("%s: %+v, want values %q range %v integer %v", tc.in, a, tc.values, tc.rng, tc.integer)
		}
	}
	for _, bad := range []string{"x", "x=", "=1,2", "x=1:2:0", "x=3:1:1", "x=a:b", "x=1:2:3:4", "x=1,,2", "x=1:2:nan", "x=1:inf"} {
		if _, err := ParseVary(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	// A step so small that the number of values overflows an int.
	if _, err := ParseVary("x=1:2:1e-300"); err == nil || !strings.Contains(err.Error(), "more than 1000000") {
		t.Errorf("a tiny step: got %v, want too many values", err)
	}
}

func TestGrid(t *testing.T) {
	t.Parallel()
	axes := []Axis{{Key: "a", Values: []string{"1", "2"}}, {Key: "b", Values: []string{"x", "y", "z"}}}
	points, err := Grid(axes)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, p := range points {
		if p.Index != i {
			t.Errorf("point %d has index %d", i, p.Index)
		}
		got = append(got, strings.Join(p.Values, ""))
	}
	if want := []string{"1x", "1y", "1z", "2x", "2y", "2z"}; !slices.Equal(got, want) {
		t.Errorf("grid %v, want %v", got, want)
	}
	if _, err := Grid([]Axis{{Key: "r", Range: true, Lo: 1, Hi: 2}}); err == nil {
		t.Error("a grid over a range without a step should be refused")
	}
}

func TestLatinStratifies(t *testing.T) {
	t.Parallel()
	axes := []Axis{{Key: "a", Range: true, Lo: 0, Hi: 10}, {Key: "b", Range: true, Lo: 100, Hi: 200, Integer: true}}
	const n = 50
	points, err := Latin(axes, n, 7)
	if err != nil {
		t.Fatal(err)
	}
	for j, a := range axes {
		seen := make([]bool, n)
		for _, p := range points {
			x, err := strconv.ParseFloat(p.Values[j], 64)
			if err != nil {
				t.Fatal(err)
			}
			if x < a.Lo || x > a.Hi {
				t.Fatalf("axis %s: %v outside [%v, %v]", a.Key, x, a.Lo, a.Hi)
			}
			if a.Integer {
				continue // rounding moves values across strata
			}
			k := min(int((x-a.Lo)/(a.Hi-a.Lo)*n), n-1)
			if seen[k] {
				t.Errorf("axis %s: stratum %d used twice", a.Key, k)
			}
			seen[k] = true
		}
	}
	again, _ := Latin(axes, n, 7)
	other, _ := Latin(axes, n, 8)
	if !slices.EqualFunc(points, again, func(a, b Point) bool { return slices.Equal(a.Values, b.Values) }) {
		t.Error("the same seed gave another design")
	}
	if slices.EqualFunc(points, other, func(a, b Point) bool { return slices.Equal(a.Values, b.Values) }) {
		t.Error("another seed gave the same design")
	}
}

func TestShardsPartition(t *testing.T) {
	t.Parallel()
	points, _ := Grid([]Axis{{Key: "a", Values: strings.Split("1,2,3,4,5,6,7", ",")}})
	count := map[int]int{}
	for i := range 3 {
		for _, p := range Shard(points, i, 3) {
			count[p.Index]++
		}
	}
	for _, p := range points {
		if count[p.Index] != 1 {
			t.Errorf("point %d is in %d shards", p.Index, count[p.Index])
		}
	}
	for _, bad := range []string{"3/3", "-1/3", "1", "a/b", "0/0"} {
		if _, _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q): no error", bad)
		}
	}
}

// table builds a sweep table of n points with made-up metrics, keeping only
// the points of shard i of k (k = 1: all).
func table(n, i, k int) *Table {
	tb := &Table{Header: sim.Header{SchemaVersion: sim.SchemaVersion, Scenario: sim.ScenarioInfo{Name: "s", Start: "2020-01-01", Horizon: 100},
		Replications: 10, Seed: 1}, Design: "grid", Axes: []AxisInfo{{Key: "a"}}, Metrics: []string{"m1", "m2"}, TotalPoints: n}
	if k > 1 {
		tb.Shard = strconv.Itoa(i) + "/" + strconv.Itoa(k)
	}
	for p := range n {
		if p%k != i {
			continue
		}
		m2 := sim.Num(float64(p) / 3)
		if p == 2 {
			m2 = sim.Num(math.NaN())
		}
		tb.Rows = append(tb.Rows, Row{Point: p, Values: []Value{Value(`"v,` + strconv.Itoa(p) + `"`)}, Metrics: []sim.Num{sim.Num(p), m2}})
	}
	return tb
}

func TestMergeGivesTheUnshardedBytes(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"csv", "json"} {
		write := func(tb *Table) []byte { return encode(tb, format) }
		whole := write(table(10, 0, 1))
		var parts [][]byte
		for i := 2; i >= 0; i-- { // in any order
			parts = append(parts, write(table(10, i, 3)))
		}
		var merged bytes.Buffer
		if err := Merge(&merged, parts); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if !bytes.Equal(merged.Bytes(), whole) {
			t.Errorf("%s: merged parts differ from the unsharded output:\n%s\nwant:\n%s", format, merged.Bytes(), whole)
		}
		if err := Merge(&bytes.Buffer{}, parts[:2]); err == nil || !strings.Contains(err.Error(), "missing") {
			t.Errorf("%s: a missing shard: %v", format, err)
		}
		if err := Merge(&bytes.Buffer{}, parts[1:]); err == nil || !strings.Contains(err.Error(), "missing") {
			t.Errorf("%s: the last shard missing: %v", format, err)
		}
		other := table(10, 0, 3)
		other.Seed = 2
		if err := Merge(&bytes.Buffer{}, [][]byte{parts[0], parts[1], write(other)}); err == nil || !strings.Contains(err.Error(), "different sweep") {
			t.Errorf("%s: parts of different sweeps: %v", format, err)
		}
		if err := Merge(&bytes.Buffer{}, append(parts, parts[0])); err == nil || !strings.Contains(err.Error(), "two parts") {
			t.Errorf("%s: a shard given twice: %v", format, err)
		}
	}
}

func TestRank(t *testing.T) {
	t.Parallel()
	s := &Sensitivity{Parameters: []Effect{
		{Key: "small", AtLow: 10, AtHigh: 11},
		{Key: "broken", Problem: "invalid"},
		{Key: "big", AtLow: 30, AtHigh: 5},
		{Key: "mid", AtLow: 8, AtHigh: 12},
	}}
	s.Rank()
	var got []string
	for _, e := range s.Parameters {
		got = append(got, e.Key)
	}
	if want := []string{"big", "mid", "small", "broken"}; !slices.Equal(got, want) {
		t.Errorf("ranked %v, want %v", got, want)
	}
	if s.Parameters[0].Swing != 25 {
		t.Errorf("swing %v, want 25", s.Parameters[0].Swing)
	}
}

func TestSensitivityWarnings(t *testing.T) {
	t.Parallel()
	effects := func(swings ...float64) []Effect {
		var out []Effect
		for i, s := range swings {
			out = append(out, Effect{Key: strconv.Itoa(i), AtLow: 0.5, AtHigh: sim.Num(0.5 + s)})
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		s        Sensitivity
		warnings []string // parts of each warning, in order
	}{
		{"some swing", Sensitivity{Metric: "share-at-90", Baseline: 0.5, Parameters: effects(0, 0.1)}, nil},
		{"no swing at all", Sensitivity{Metric: "p-brahimi", Baseline: 0, Parameters: effects(0, 0, 0)},
			[]string{"None of the 3 parameters moves p-brahimi at all: it is 0.0% at every low and high value"}},
		{"censored", Sensitivity{Metric: "days-to-90", Baseline: 530, Censored: 0.92, Parameters: effects(1, 2)},
			[]string{"92.0% of the baseline's runs never reach 90% within the horizon and count as the horizon"}},
		{"a little censored", Sensitivity{Metric: "days-to-90", Baseline: 300, Censored: 0.1, Parameters: effects(1, 2)}, nil},
		{"undefined baseline", Sensitivity{Metric: "days-to-100-p50", Baseline: sim.Num(math.NaN()), Parameters: effects(0)},
			[]string{"days-to-100-p50 has no value for the scenario as it is"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s
			s.Rank()
			s.Warn()
			if len(s.Warnings) != len(tc.warnings) {
				t.Fatalf("warnings %q, want %d", s.Warnings, len(tc.warnings))
			}
			for i, w := range tc.warnings {
				if !strings.Contains(s.Warnings[i], w) {
					t.Errorf("warning %q does not say %q", s.Warnings[i], w)
				}
			}
		})
	}
}

func TestValueJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v    Value
		json string
		text string
	}{
		{"3", "3", "3 aircraft"},
		{"0.5", "0.5", "50%"},
		{"*1.5", "1.5", "×1.5"},
		{`{ dist = "uniform", min = 1, max = 2 }`, `"{ dist = \"uniform\", min = 1, max = 2 }"`, `{ dist = "uniform", min…`},
		{"transfer", `"transfer"`, "transfer"},
	} {
		b, err := json.Marshal(tc.v)
		if err != nil || string(b) != tc.json {
			t.Errorf("%q: JSON %s (%v), want %s", tc.v, b, err, tc.json)
		}
		var back Value
		if err := json.Unmarshal(b, &back); err != nil {
			t.Errorf("%s: %v", b, err)
		}
		if again, _ := json.Marshal(back); string(again) != tc.json {
			t.Errorf("%q: read back as %q, which writes %s", tc.v, back, again)
		}
		unit := "aircraft"
		if tc.v == "0.5" {
			unit = "probability"
		}
		if got := tc.v.Text(unit); got != tc.text {
			t.Errorf("%q: text %q, want %q", tc.v, got, tc.text)
		}
	}
}
