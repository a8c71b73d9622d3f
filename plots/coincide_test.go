package plots

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/surge-sim/surge/sim"
)

// TestCoincidingLinesAreSaidToCoincide checks that a line identical to an
// earlier one does not simply hide it: it is dashed, and the legend or a
// note says so.
func TestCoincidingLinesAreSaidToCoincide(t *testing.T) {
	t.Parallel()
	// Two identical results: the second's curve is the first's.
	a, b := fixtureResult(t), fixtureResult(t)
	ch, err := CompareCurves([]*sim.Result{a, b}, []string{"baseline", "more-airlift"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := find[*plotter.Line](t, ch, "median 1")
	if len(m.LineStyle.Dashes) == 0 || !legendHas(ch, "more-airlift (same as baseline)") || !noteHas(ch, "coincide") {
		t.Errorf("an identical curve: dashes %v, legend %+v, notes %q", m.LineStyle.Dashes, ch.Legend, ch.Notes)
	}
	if first := find[*plotter.Line](t, ch, "median 0"); len(first.LineStyle.Dashes) != 0 {
		t.Error("the first of two identical curves is dashed")
	}

	// A sweep whose second axis changes nothing.
	tb := gridTable(t)
	for i := range tb.Rows {
		if tb.Rows[i].Values[1] == "2" {
			for _, r := range tb.Rows {
				if r.Values[0] == tb.Rows[i].Values[0] && r.Values[1] == "1" {
					tb.Rows[i].Metrics = r.Metrics
				}
			}
		}
	}
	sch, err := SweepChart(tb, "share-at-30", nil)
	if err != nil {
		t.Fatal(err)
	}
	if ss := seriesOf(sch); len(ss[1].Line.Dashes) == 0 || !noteHas(sch, "coincide") {
		t.Errorf("identical sweep lines: dashes %v, notes %q", ss[1].Line.Dashes, sch.Notes)
	}

	// The time to 90% and to 100% of a result where they are the same.
	res := handMade()
	res.Samples[1].Days = res.Samples[0].Days
	res.DaysToFraction[1].Never = res.DaysToFraction[0].Never
	tch, err := TimeToTarget(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !noteHas(tch, "The two lines coincide") {
		t.Errorf("identical times to target: notes %q", tch.Notes)
	}
}

func noteHas(ch *Chart, s string) bool {
	for _, n := range ch.Notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// TestBenchmarkLabelsAreNotStruckThrough checks that every benchmark line
// is drawn before any label, so that a line never crosses another's label
// (each label has a backdrop).
func TestBenchmarkLabelsAreNotStruckThrough(t *testing.T) {
	t.Parallel()
	ch, err := Deployment(handMade(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := newRefLines([]refLine{{X: 2, Y: math.NaN(), Label: "A long label that reaches the next line"}, {X: 2.2, Y: math.NaN(), Label: "Next"}})
	rec := new(recorder.Canvas)
	c := draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Max: vg.Point{X: 500, Y: 300}}}
	r.Plot(c, ch.Plot)
	lastStroke, firstText := -1, len(rec.Actions)
	for i, a := range rec.Actions {
		switch a.(type) {
		case *recorder.Stroke:
			lastStroke = i
		case *recorder.FillString:
			firstText = min(firstText, i)
		}
	}
	if lastStroke < 0 || firstText == len(rec.Actions) || lastStroke > firstText {
		t.Errorf("a line is drawn (action %d) after a label (action %d)", lastStroke, firstText)
	}
}
