package plots

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/plot"

	"github.com/surge-sim/surge/sim"
)

func TestStagesBarsSumToStageMeans(t *testing.T) {
	t.Parallel()
	eachResult(t, func(t *testing.T, res *sim.Result) {
		ch, err := Stages(res, nil)
		if err != nil {
			t.Fatal(err)
		}
		bars := find[*segments](t, ch, "bars")
		ticks := ch.Plot.Y.Tick.Marker.Ticks(ch.Plot.Y.Min, ch.Plot.Y.Max)
		if len(ticks) != len(res.Units) {
			t.Fatalf("%d bars for %d units", len(ticks), len(res.Units))
		}
		for _, u := range res.Units {
			name := u.Name
			if u.Count > 1 {
				name += " (×"
			}
			row := -1
			for _, tk := range ticks {
				if strings.HasPrefix(tk.Label, name) {
					row = int(tk.Value)
				}
			}
			if row < 0 {
				t.Fatalf("no bar labelled %q in %v", name, ticks)
			}
			want := 0.0
			for _, s := range u.Stages {
				want += float64(s.MeanDays)
			}
			got, end := 0.0, 0.0
			var order []sim.Stage
			for _, sg := range bars.Segs {
				if sg.Row != row {
					continue
				}
				if sg.X0 != end {
					t.Errorf("%s: a segment starts at %v, after one that ends at %v", u.ID, sg.X0, end)
				}
				got += sg.X1 - sg.X0
				end = sg.X1
				order = append(order, stageColored(t, sg))
			}
			if !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
				t.Errorf("%s: the bar is %v days long, want the sum of its stage means, %v", u.ID, got, want)
			}
			if !slices.IsSorted(order) {
				t.Errorf("%s: segments not in stage order: %v", u.ID, order)
			}
		}
	})
}

// stageColored returns the stage a segment's colour stands for.
func stageColored(t *testing.T, sg segment) sim.Stage {
	t.Helper()
	for s, c := range stageColors {
		if sg.Color == c {
			return sim.Stage(s)
		}
	}
	t.Fatalf("segment colour %v is no stage's", sg.Color)
	return 0
}

func TestStagesSortedByFinish(t *testing.T) {
	t.Parallel()
	ch, err := Stages(handMade(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ticks := ch.Plot.Y.Tick.Marker.Ticks(ch.Plot.Y.Min, ch.Plot.Y.Max)
	slices.SortFunc(ticks, func(a, b plot.Tick) int { return cmp.Compare(b.Value, a.Value) }) // top first
	var got []string
	for _, tk := range ticks {
		got = append(got, tk.Label)
	}
	// Median day operational 1.5, 2.5, then never.
	want := []string{"Fast unit (×3)", "Middle unit", "Slow unit"}
	if !slices.Equal(got, want) {
		t.Errorf("bars from the top: %q, want %q", got, want)
	}
	marks := find[*labels](t, ch, "outcomes")
	var texts []string
	for _, m := range marks.Labels {
		texts = append(texts, m.Text)
	}
	wantTexts := []string{"day 2", "day 3 (in 80% of runs)", "operational in 40% of runs"}
	if !slices.Equal(texts, wantTexts) {
		t.Errorf("outcomes %q, want %q", texts, wantTexts)
	}
}

func TestStagesLegendInStageOrder(t *testing.T) {
	t.Parallel()
	ch, err := Stages(handMade(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ch.Legend {
		got = append(got, e.Text)
	}
	var want []string
	for _, s := range []sim.Stage{sim.StagePledge, sim.StageConsent, sim.StageRelease, sim.StagePreparation, sim.StageLiftWait, sim.StageReception} {
		want = append(want, s.Label())
	}
	if !slices.Equal(got, want) {
		t.Errorf("legend %q, want %q", got, want)
	}
}

func TestStagesUnknownStage(t *testing.T) {
	t.Parallel()
	res := handMade()
	res.Units[0].Stages = append(res.Units[0].Stages, sim.StageDays{Stage: "teleport", MeanDays: 1})
	if _, err := Stages(res, nil); err == nil || !strings.Contains(err.Error(), "teleport") {
		t.Errorf("got %v, want an error naming the stage", err)
	}
}

func TestRoughPercent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0%"},
		{0.0001, "under 0.1%"},
		{0.001, "0.1%"},
		{0.2, "20%"},
		{0.706, "71%"},
		{0.997, "99.7%"},
		{0.9999, "over 99.9%"},
		{1, "100%"},
	} {
		if got := roughPercent(tc.x); got != tc.want {
			t.Errorf("roughPercent(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
	if got := roughPercent(math.NaN()); got == "" {
		t.Error("roughPercent(NaN) is empty")
	}
}
