package sim

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestRunRefusesWhatWouldNotFitInMemory(t *testing.T) {
	t.Parallel()
	// With samples, tiny keeps 8 numbers a replication: days to 5
	// fractions, shares on 3 days; 50,000,000 / 8 = 6,250,000 replications
	// at most.
	_, err := Run(context.Background(), tiny(), &Options{Replications: 6_250_001, Samples: true})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "8 numbers each") || !strings.Contains(err.Error(), "at most 6250000 replications") {
		t.Fatalf("got %v, want ErrTooLarge for 8 numbers each, at most 6250000 replications", err)
	}
	// Without, its memory does not grow with the replications: no limit.
	if err := compile(tiny()).checkMemory(&Options{Replications: 1 << 30}); err != nil {
		t.Errorf("without samples: %v", err)
	}
}

func TestDistributionsStayFinite(t *testing.T) {
	t.Parallel()
	// At the edge of what Validate accepts, every draw, quantile and mean is
	// finite.
	for _, d := range []Dist{
		Const(MaxDistValue),
		{Kind: Uniform, Min: 0, Max: MaxDistValue},
		{Kind: Triangular, Min: 0, Mode: MaxDistValue, Max: MaxDistValue},
		{Kind: Triangular, Min: 0, Mode: 0, Max: MaxDistValue},
		{Kind: LogNormal, Median: 1e-3, P90: 1e6},
		{Kind: LogNormal, Median: 1, P90: MaxDistValue}, // sigma 21.6: draws up to e^323, mean e^233
		{Kind: Gamma, Shape: MaxDistValue, Scale: MaxDistValue},
		{Kind: Gamma, Shape: 1e-3, Scale: MaxDistValue},
		{Kind: Empirical, Values: []float64{0, MaxDistValue}},
	} {
		if err := d.Validate("d"); err != nil {
			t.Errorf("%v: %v", d, err)
			continue
		}
		src := rand.NewPCG(1, 2)
		for range 10000 {
			if x := d.Sample(src); math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				t.Errorf("%v drew %v", d, x)
				break
			}
		}
		for _, p := range []float64{0, 0.5, 0.999} {
			if q := d.Quantile(p); math.IsNaN(q) || math.IsInf(q, 0) {
				t.Errorf("%v: quantile %v is %v", d, p, q)
			}
		}
		if m := d.Mean(); math.IsNaN(m) || math.IsInf(m, 0) {
			t.Errorf("%v: mean %v", d, m)
		}
	}
	// Beyond it, an error names the key.
	for _, tc := range []struct {
		d    Dist
		want string
	}{
		// The draw max - sqrt(u (max-min) (max-mode)) overflowed to -Inf: 0 days.
		{Dist{Kind: Triangular, Min: 0, Mode: 1, Max: 1e308}, "d.max: must be at most 1e+12"},
		{Const(1e300), "d: must be at most 1e+12"},
		{Dist{Kind: LogNormal, Median: 1e-300, P90: 1e12}, "d.p90: is too far above the median"},
		{Dist{Kind: Gamma, Shape: 2, Scale: 1e300}, "d.scale: must be at most 1e+12"},
		{Dist{Kind: Empirical, Values: []float64{1, 1e13}}, "d.values[1]: must be at most 1e+12"},
	} {
		if err := tc.d.Validate("d"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want %q", tc.d, err, tc.want)
		}
	}
}

func TestJSONErrorSpeaksJSON(t *testing.T) {
	t.Parallel()
	var r Result
	for _, tc := range []struct{ in, want string }{
		{`{"replications": "many"}`, "replications: must be a whole number (got a string)"},
		{`{"target": []}`, "target: must be an object (got a list)"},
		{`{"daily": [{"day": "x"}]}`, "daily.day: must be a whole number (got a string)"},
		{`{"replications": x}`, "not JSON at byte 18: invalid character 'x' looking for beginning of value"},
		{`[1]`, "the document: must be an object (got a list)"},
	} {
		err := JSONError(json.Unmarshal([]byte(tc.in), &r))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %q", tc.in, err, tc.want)
		}
	}
}
