package plots

import (
	"errors"
	"math"
	"slices"
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

			cdf := find[*plotter.Line](t, ch, "cdf "+role)
			end := cdf.XYs[len(cdf.XYs)-1]
			if end.X != hz || !scalar.EqualWithinAbs(end.Y, float64(reached)/n, 1e-12) {
				t.Errorf("%s: the line ends at %v, want day %v and %v of the runs", role, end, hz, float64(reached)/n)
			}
			if end.Y > ch.Plot.Y.Max {
				t.Errorf("%s: the line ends at %v, above the axis (%v)", role, end.Y, ch.Plot.Y.Max)
			}
			// The median: the first day by which half the runs got there.
			if reached*2 >= len(s.Days) && ch.Plot.Y.Max >= 0.5 {
				xs := days(s.Days)
				slices.Sort(xs)
				dot := find[*plotter.Scatter](t, ch, "median "+role)
				if want := xs[(len(xs)+1)/2-1]; dot.XYs[0].X != want || dot.XYs[0].Y != 0.5 {
					t.Errorf("%s: median marked at %v, want day %v", role, dot.XYs[0], want)
				}
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
