package plots

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/plot/plotter"

	"github.com/surge-sim/surge/sim"
)

func TestTimeToTargetDistributions(t *testing.T) {
	t.Parallel()
	eachResult(t, func(t *testing.T, res *sim.Result) {
		ch, err := TimeToTarget(res, nil)
		if err != nil {
			t.Fatal(err)
		}
		hz := float64(res.Scenario.Horizon)
		for _, f := range []float64{0.9, 1} {
			role := percentShort(f)
			s, err := samplesOf(res, f)
			if err != nil {
				t.Fatal(err)
			}
			reached := 0
			for _, d := range s.Days {
				if !d.Never() {
					reached++
				}
			}
			n := float64(len(s.Days))

			h := find[*plotter.Histogram](t, ch, "histogram "+role)
			sum := 0.0
			for i, b := range h.Bins {
				// Count the samples in the bin again.
				in := 0
				for _, d := range s.Days {
					x := float64(d)
					last := i == len(h.Bins)-1
					if !d.Never() && x >= b.Min && (x < b.Max || (last && x <= b.Max)) {
						in++
					}
				}
				if !scalar.EqualWithinAbs(b.Weight, float64(in)/n, 1e-12) {
					t.Errorf("%s: bin [%v, %v) has weight %v, want %d of %v runs", role, b.Min, b.Max, b.Weight, in, n)
				}
				sum += b.Weight
			}
			if first, last := h.Bins[0].Min, h.Bins[len(h.Bins)-1].Max; first != 0 || last != hz {
				t.Errorf("%s: bins from %v to %v, want 0 to the horizon %v", role, first, last, hz)
			}
			if !scalar.EqualWithinAbs(sum, float64(reached)/n, 1e-9) {
				t.Errorf("%s: the bars add up to %v, want the share that got there, %v", role, sum, float64(reached)/n)
			}

			cdf := find[*plotter.Line](t, ch, "cdf "+role)
			end := cdf.XYs[len(cdf.XYs)-1]
			if end.X != hz || !scalar.EqualWithinAbs(end.Y*ch.right.Scale, float64(reached)/n, 1e-12) {
				t.Errorf("%s: the line ends at %v, want day %v and %v of the right axis", role, end, hz, float64(reached)/n)
			}
			for i := 1; i < len(cdf.XYs); i++ {
				if cdf.XYs[i].Y < cdf.XYs[i-1].Y || cdf.XYs[i].X < cdf.XYs[i-1].X {
					t.Fatalf("%s: the cumulative line goes back at point %d: %v", role, i, cdf.XYs[i-1:i+1])
				}
			}

			never := neverOf(res, f, s)
			want := role + ": never within horizon in " + percent(never) + " of runs"
			if !legendHas(ch, want) {
				t.Errorf("no legend entry %q in %+v", want, ch.Legend)
			}
		}
	})
}

func TestTimeToTargetNeverStatesTheResultsShare(t *testing.T) {
	t.Parallel()
	res := handMade()
	// The legend says what the result says, not what a count of the
	// samples gives (40% of runs never reach 90%).
	res.DaysToFraction[0].Never = 0.45
	ch, err := TimeToTarget(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"90%: never within horizon in 45.0% of runs", "100%: never within horizon in 80.0% of runs"} {
		if !legendHas(ch, want) {
			t.Errorf("no legend entry %q in %+v", want, ch.Legend)
		}
	}
}

func TestTimeToTargetWhenNoRunGetsThere(t *testing.T) {
	t.Parallel()
	res := handMade()
	inf := sim.Days(math.Inf(1))
	for i := range res.Samples {
		for j := range res.Samples[i].Days {
			res.Samples[i].Days[j] = inf
		}
	}
	for i := range res.DaysToFraction {
		res.DaysToFraction[i].Never = 1
	}
	ch, err := TimeToTarget(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	note := find[centerNote](t, ch, "note")
	if !strings.Contains(note.Text, "No run reached") {
		t.Errorf("note %q", note.Text)
	}
	if !legendHas(ch, "100%: never within horizon in 100.0% of runs") {
		t.Errorf("legend %+v", ch.Legend)
	}
	if ch.Plot.Y.Max <= 0 {
		t.Errorf("Y axis up to %v", ch.Plot.Y.Max)
	}
	if err := Write(new(strings.Builder), ch, "png", &Options{Width: 300, Height: 200, DPI: 72}); err != nil {
		t.Error(err)
	}
}

func TestTimeToTargetNeedsSamples(t *testing.T) {
	t.Parallel()
	res := handMade()
	res.Samples = res.Samples[:1] // no samples of 100%
	if _, err := TimeToTarget(res, nil); !errors.Is(err, ErrNoData) {
		t.Errorf("got %v, want ErrNoData", err)
	}
}

func TestBinWidth(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		horizon, want float64
	}{
		{4, 1},
		{60, 1},
		{100, 2},
		{540, 10}, // south-sudan-2014's horizon: 54 bars
		{3650, 90},
	} {
		if got := binWidth(tc.horizon); got != tc.want {
			t.Errorf("binWidth(%v) = %v, want %v", tc.horizon, got, tc.want)
		}
	}
}
