package sim

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestDistSamplesMatchQuantiles(t *testing.T) {
	t.Parallel()
	for _, d := range []Dist{
		Const(4),
		{Kind: Uniform, Min: 2, Max: 10},
		{Kind: Triangular, Min: 5, Mode: 7, Max: 20},
		{Kind: LogNormal, Median: 14, P90: 40},
		{Kind: Gamma, Shape: 2, Scale: 15},
		{Kind: Empirical, Values: []float64{3, 1, 2, 10}},
	} {
		t.Run(d.Kind.String(), func(t *testing.T) {
			t.Parallel()
			src := rand.NewPCG(1, 2)
			const n = 40000
			xs := make([]float64, n)
			sum := 0.0
			for i := range xs {
				xs[i] = d.Sample(src)
				sum += xs[i]
			}
			slices.Sort(xs)
			for _, p := range []float64{0.1, 0.5, 0.9} {
				got, want := xs[int(p*n)], d.Quantile(p)
				// Sampling error of a quantile is well under 3% of its
				// value at this n for these spreads; empirical quantiles of
				// a discrete distribution are exact.
				if !scalar.EqualWithinAbsOrRel(got, want, 0.05, 0.03) {
					t.Errorf("p%v: sample %v, Quantile %v", p*100, got, want)
				}
			}
			if mean := sum / n; !scalar.EqualWithinAbsOrRel(mean, d.Mean(), 0.05, 0.02) {
				t.Errorf("sample mean %v, Mean %v", mean, d.Mean())
			}
		})
	}
}

func TestLogNormalIsStatedAsPeopleDo(t *testing.T) {
	t.Parallel()
	d := Dist{Kind: LogNormal, Median: 20, P90: 45}
	if got := d.Quantile(0.5); !scalar.EqualWithinRel(got, 20, 1e-9) {
		t.Errorf("median %v, want 20", got)
	}
	if got := d.Quantile(0.9); !scalar.EqualWithinRel(got, 45, 1e-9) {
		t.Errorf("90th percentile %v, want 45", got)
	}
}

func TestDistValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		d    Dist
		path string // empty: valid
	}{
		{Const(0), ""},
		{Const(-1), "x"},
		{Const(math.NaN()), "x"},
		{Dist{Kind: Uniform, Min: 3, Max: 3}, ""},
		{Dist{Kind: Uniform, Min: 4, Max: 3}, "x.max"},
		{Dist{Kind: Uniform, Min: -1, Max: 3}, "x.min"},
		{Dist{Kind: Triangular, Min: 1, Mode: 0.5, Max: 3}, "x.mode"},
		{Dist{Kind: Triangular, Min: 1, Mode: 1, Max: 1}, "x.max"},
		{Dist{Kind: LogNormal, Median: 10, P90: 8}, "x.p90"},
		{Dist{Kind: LogNormal, Median: 0, P90: 8}, "x.median"},
		{Dist{Kind: LogNormal, Median: 10, P90: math.Inf(1)}, "x.p90"},
		{Dist{Kind: Gamma, Shape: 0, Scale: 1}, "x.shape"},
		{Dist{Kind: Gamma, Shape: 1, Scale: -1}, "x.scale"},
		{Dist{Kind: Empirical}, "x.values"},
		{Dist{Kind: Empirical, Values: []float64{1, -2}}, "x.values[1]"},
		{Dist{Kind: DistKind(99)}, "x.dist"},
	} {
		err := tc.d.Validate("x")
		var fe *FieldError
		switch {
		case tc.path == "" && err != nil:
			t.Errorf("%v: unexpected error %v", tc.d, err)
		case tc.path != "" && !errors.As(err, &fe):
			t.Errorf("%v: got %v, want a *FieldError at %s", tc.d, err, tc.path)
		case tc.path != "" && fe.Path != tc.path:
			t.Errorf("%v: error at %s (%v), want %s", tc.d, fe.Path, err, tc.path)
		}
	}
}

func TestStreamsAreIndependentAndRepeatable(t *testing.T) {
	t.Parallel()
	var s streams
	s.reset(1, 0)
	d := Dist{Kind: Uniform, Min: 0, Max: 1}
	a := s.sample(d, 10, drawConsent, 0)
	b := s.sample(d, 10, drawPreparation, 0)
	c := s.sample(d, 11, drawConsent, 0)
	if a == b || a == c || b == c {
		t.Errorf("different quantities share a draw: %v %v %v", a, b, c)
	}
	if again := s.sample(d, 10, drawConsent, 0); again != a {
		t.Errorf("the same stream gave %v then %v", a, again)
	}
	s.reset(1, 1)
	if other := s.sample(d, 10, drawConsent, 0); other == a {
		t.Error("replications 0 and 1 share a draw")
	}
}

func TestSampleDoesNotAllocate(t *testing.T) {
	var s streams
	s.reset(1, 0)
	for _, d := range []Dist{
		{Kind: Uniform, Min: 2, Max: 10},
		{Kind: Triangular, Min: 5, Mode: 7, Max: 20},
		{Kind: LogNormal, Median: 14, P90: 40},
		{Kind: Gamma, Shape: 2, Scale: 15},
		{Kind: Empirical, Values: []float64{3, 1, 2, 10}},
	} {
		if n := testing.AllocsPerRun(100, func() { s.sample(d, 1, 2, 3) }); n != 0 {
			t.Errorf("%v: %v allocations per draw", d.Kind, n)
		}
	}
}

// TestStreamsKeepTheirKeys: a stream worked out when the model is compiled
// draws what the stream of (seed, replication, entity, quantity, k) is
// defined to draw: the generator seeded with mix(mix(entity, what), k).
func TestStreamsKeepTheirKeys(t *testing.T) {
	t.Parallel()
	var s streams
	s.reset(7, 3)
	entity := entityKey("units", "rwa-bn", 1)
	in := newUnitStreams(entity, entityKey("units", "rwa-bn", 0))
	for _, c := range []struct {
		st   stream
		what uint64
	}{{in.tour, drawTour}, {in.preparation, drawPreparation}, {in.reception, drawReception}, {in.pledge, drawPledge}} {
		for _, k := range []uint64{0, 1, 1<<16 | 2} {
			want := rand.NewPCG(s.base, mix(mix(entity, c.what), k)).Uint64()
			if got := s.at(c.st, k).Uint64(); got != want {
				t.Errorf("what %x, k %d: drew %x, want %x", c.what, k, got, want)
			}
		}
	}
}

// TestSampleAtIsSample: drawing from a stream gives what Dist.Sample gives
// from its generator, for log-normals too, whose parameters are kept
// between draws (many, so that they crowd each other out).
func TestSampleAtIsSample(t *testing.T) {
	t.Parallel()
	var s streams
	s.reset(1, 2)
	dists := []Dist{Const(3), {Kind: Uniform, Min: 2, Max: 10}, {Kind: Triangular, Min: 5, Mode: 7, Max: 20},
		{Kind: Gamma, Shape: 2, Scale: 15}, {Kind: Empirical, Values: []float64{3, 1, 2, 10}}}
	for i := range 100 {
		dists = append(dists, Dist{Kind: LogNormal, Median: 1 + float64(i%40), P90: 50 + float64(i%7)})
	}
	st := newStream(5, drawPreparation)
	for i, d := range dists {
		k := uint64(i % 3)
		if got, want := s.sampleAt(&d, st, k), d.Sample(s.at(st, k)); got != want {
			t.Errorf("%v: drew %v, want %v", d, got, want)
		}
	}
}
