package plots

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/surge-sim/surge/sim"
)

// variants returns the fixture's result and a variant whose helicopters
// are always pledged.
func variants(t *testing.T) []*sim.Result {
	t.Helper()
	sc := fixture()
	sc.Units[2].PledgeProbability = chance(1)
	better, err := sim.Run(context.Background(), sc, &sim.Options{Replications: fixtureReps, Seed: 1, Samples: true})
	if err != nil {
		t.Fatal(err)
	}
	return []*sim.Result{fixtureResult(t), better}
}

func TestCompareCurves(t *testing.T) {
	t.Parallel()
	results := variants(t)
	labels := []string{"as planned", "helicopters found"}
	ch, err := CompareCurves(results, labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		b := find[*band](t, ch, fmt.Sprintf("band50 %d", i))
		for d, ds := range r.Daily {
			if b.Lo[d] != float64(ds.P25) || b.Hi[d] != float64(ds.P75) {
				t.Fatalf("result %d, day %d: band %v to %v, want %v to %v", i, d, b.Lo[d], b.Hi[d], ds.P25, ds.P75)
			}
		}
	}
	for _, l := range labels {
		if !legendHas(ch, l) {
			t.Errorf("no legend entry %q", l)
		}
	}
	if !strings.Contains(strings.Join(ch.Notes, " "), "as planned: ") {
		t.Errorf("the benchmark note does not give each result's chance: %q", ch.Notes)
	}
}

func TestCompareDaysBoxesAreQuantilesClippedAtTheHorizon(t *testing.T) {
	t.Parallel()
	results := variants(t)
	ch, err := CompareDays(results, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	bs := find[*boxes](t, ch, "boxes")
	if len(bs.Boxes) != len(results) {
		t.Fatalf("%d boxes for %d results", len(bs.Boxes), len(results))
	}
	for i, r := range results {
		s, err := samplesOf(r, 0.9)
		if err != nil {
			t.Fatal(err)
		}
		hz := float64(r.Scenario.Horizon)
		xs := make([]float64, len(s.Days))
		for j, d := range s.Days {
			xs[j] = math.Min(float64(d), hz) // +Inf clipped at the horizon
		}
		slices.Sort(xs)
		q := func(p float64) float64 { return stat.Quantile(p, stat.Empirical, xs, nil) }
		want := box{Row: len(results) - 1 - i, Low: q(0.05), Q1: q(0.25), Median: q(0.5), Q3: q(0.75), Hi: q(0.95), Color: series(i)}
		if bs.Boxes[i] != want {
			t.Errorf("result %d: box %+v, want %+v", i, bs.Boxes[i], want)
		}
	}
	if !strings.Contains(ch.Plot.X.Label.Text, "never = the 120-day horizon") {
		t.Errorf("X axis label %q does not say where never is drawn", ch.Plot.X.Label.Text)
	}
	marks := find[*labels](t, ch, "never")
	for i, r := range results {
		want := "never: " + percent(float64(r.DaysToFraction[3].Never)) // fractions 0.25, 0.5, 0.75, 0.9, 1
		if marks.Labels[i].Text != want {
			t.Errorf("result %d: %q, want %q", i, marks.Labels[i].Text, want)
		}
	}
	// Labels made up from the scenario names tell identical names apart.
	ticks := ch.Plot.Y.Tick.Marker.Ticks(ch.Plot.Y.Min, ch.Plot.Y.Max)
	if ticks[0].Label == ticks[1].Label {
		t.Errorf("two results labelled %q", ticks[0].Label)
	}
}

func TestCompareBadInput(t *testing.T) {
	t.Parallel()
	res := handMade()
	for _, tc := range []struct {
		name    string
		results []*sim.Result
		labels  []string
	}{
		{"none", nil, nil},
		{"labels mismatch", []*sim.Result{res, res}, []string{"one"}},
		{"nil result", []*sim.Result{res, nil}, nil},
	} {
		if _, err := CompareCurves(tc.results, tc.labels, nil); err == nil {
			t.Errorf("CompareCurves, %s: no error", tc.name)
		}
		if _, err := CompareDays(tc.results, tc.labels, nil); err == nil {
			t.Errorf("CompareDays, %s: no error", tc.name)
		}
	}
}
