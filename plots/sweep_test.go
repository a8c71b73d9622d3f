package plots

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/surge-sim/surge/sim"
	"github.com/surge-sim/surge/sim/sweep"
)

// sweepMetrics are the hand-made tables' metrics.
var sweepMetrics = []string{"days-to-90", "days-to-90-p50", "share-at-30"}

// gridTable is a grid sweep written by hand over the points sweep.Grid
// makes: three charter counts (1, 2 and 4) by two airfield slots (1 and 2).
// days-to-90 is 100 - 10 × count + slots; the median has no value at
// count 2 with 2 slots; the share on day 30 is count / 10.
func gridTable(t *testing.T) *sweep.Table {
	t.Helper()
	axes := []sweep.Axis{
		{Key: "lift.charter.count", Values: []string{"1", "2", "4"}},
		{Key: "airfields.a.slots", Values: []string{"1", "2"}},
	}
	points, err := sweep.Grid(axes)
	if err != nil {
		t.Fatal(err)
	}
	tb := &sweep.Table{
		Header: sim.Header{SchemaVersion: sim.SchemaVersion, Replications: 100, Seed: 2,
			Scenario: sim.ScenarioInfo{Name: "hand", Title: "Hand-made", Version: "1", Start: "2014-01-01", Horizon: 120}},

		Design:      "grid",
		Axes:        sweep.Describe(axes, "grid"),
		Metrics:     sweepMetrics,
		TotalPoints: len(points),
	}
	// Plain labels, as surge sweep gives them.
	tb.Axes[0].Label, tb.Axes[0].Unit = "Charter: aircraft", "aircraft"
	tb.Axes[1].Label, tb.Axes[1].Unit = "Airfield A: aircraft on the ground at once", "aircraft"
	for _, p := range points {
		count, _ := strconv.ParseFloat(p.Values[0], 64)
		slots, _ := strconv.ParseFloat(p.Values[1], 64)
		days := 100 - 10*count + slots
		median := sim.Num(days - 1)
		if count == 2 && slots == 2 {
			median = sim.Num(math.NaN())
		}
		tb.Rows = append(tb.Rows, sweep.Row{Point: p.Index, Values: sweep.ValuesOf(p.Values),
			Metrics: []sim.Num{sim.Num(days), median, sim.Num(count / 10)}})
	}
	return tb
}

// metricAt returns the table's value of a metric at a point.
func metricAt(tb *sweep.Table, metric string, point int) float64 {
	m := slices.Index(tb.Metrics, metric)
	for _, r := range tb.Rows {
		if r.Point == point {
			return float64(r.Metrics[m])
		}
	}
	panic("no point " + strconv.Itoa(point))
}

// same reports whether two metric values are the same, NaN included.
func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// seriesOf returns the chart's series.
func seriesOf(ch *Chart) []*sweepSeries {
	var ss []*sweepSeries
	for _, p := range ch.parts {
		if s, ok := p.p.(*sweepSeries); ok {
			ss = append(ss, s)
		}
	}
	return ss
}

func TestSweepChartLinesAreTheTablesRows(t *testing.T) {
	t.Parallel()
	tb := gridTable(t)
	// Rows as shards might leave them: the chart goes by point number.
	slices.Reverse(tb.Rows)
	for _, metric := range sweepMetrics {
		ch, err := SweepChart(tb, metric, nil)
		if err != nil {
			t.Fatal(err)
		}
		ss := seriesOf(ch)
		labels := []string{"Airfield A: aircraft on the ground at once = 1", "Airfield A: aircraft on the ground at once = 2"}
		if len(ss) != len(labels) {
			t.Fatalf("%s: %d lines, want one per number of slots", metric, len(ss))
		}
		for i, s := range ss {
			if s.Label != labels[i] || !legendHas(ch, labels[i]) {
				t.Errorf("%s: line %d is %q, want %q in the legend", metric, i, s.Label, labels[i])
			}
			if s.Line.Width == 0 || s.Glyph.Radius == 0 {
				t.Errorf("%s: line %d has no line or no markers", metric, i)
			}
			// Points i, 2+i and 4+i: counts 1, 2 and 4 (the last axis
			// varies fastest).
			if want := []int{i, 2 + i, 4 + i}; !slices.Equal(s.Points, want) {
				t.Errorf("%s: line %d through points %v, want %v", metric, i, s.Points, want)
			}
			if want := []float64{1, 2, 4}; !slices.Equal(s.X, want) {
				t.Errorf("%s: line %d at X %v, want %v", metric, i, s.X, want)
			}
			for k, p := range s.Points {
				if want := metricAt(tb, metric, p); !same(s.Y[k], want) {
					t.Errorf("%s: line %d, point %d: Y %v, want the table's %v", metric, i, p, s.Y[k], want)
				}
			}
		}
		if ch.Plot.X.Label.Text != "Charter: aircraft" {
			t.Errorf("%s: X axis label %q, want the first axis's plain label", metric, ch.Plot.X.Label.Text)
		}
		// Whole numbers: a labelled tick at each value swept.
		if got := labelled(ch.Plot.X.Tick.Marker.Ticks(ch.Plot.X.Min, ch.Plot.X.Max)); !slices.Equal(got, []string{"1", "2", "4"}) {
			t.Errorf("%s: X ticks %q, want 1, 2 and 4", metric, got)
		}
	}
}

func TestSweepChartGapsAtUndefinedValues(t *testing.T) {
	t.Parallel()
	tb := gridTable(t)
	ch, err := SweepChart(tb, "days-to-90-p50", nil)
	if err != nil {
		t.Fatal(err)
	}
	ss := seriesOf(ch)
	// Two slots: no value at count 2, the middle of three points.
	if !math.IsNaN(ss[1].Y[1]) {
		t.Fatalf("two slots: Y %v, want NaN at count 2", ss[1].Y)
	}
	if got := ss[1].pieces(); !slices.Equal(got, [][2]int{{0, 1}, {2, 3}}) {
		t.Errorf("two slots: pieces %v, want the line broken at count 2", got)
	}
	if got := ss[0].pieces(); !slices.Equal(got, [][2]int{{0, 3}}) {
		t.Errorf("one slot: pieces %v, want one unbroken line", got)
	}
	notes := strings.Join(ch.Notes, " ")
	if !strings.Contains(notes, "1 point has no value of days-to-90-p50 (the median is never reached within the horizon): a gap in its line.") {
		t.Errorf("notes %q do not count the gap", notes)
	}
	_, _, ymin, ymax := ss[1].DataRange()
	if math.IsNaN(ymin) || math.IsNaN(ymax) {
		t.Errorf("data range %v to %v: NaN leaks into the axis", ymin, ymax)
	}
}

func TestSweepSeriesPieces(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, tc := range []struct {
		y    []float64
		want [][2]int
	}{
		{[]float64{1, 2, 3}, [][2]int{{0, 3}}},
		{[]float64{nan, 2, 3, nan}, [][2]int{{1, 3}}},
		{[]float64{1, nan, nan, 4, 5}, [][2]int{{0, 1}, {3, 5}}},
		{[]float64{nan, nan}, nil},
		{nil, nil},
	} {
		s := &sweepSeries{Y: tc.y}
		if got := s.pieces(); !slices.Equal(got, tc.want) {
			t.Errorf("%v: pieces %v, want %v", tc.y, got, tc.want)
		}
	}
}

func TestSweepChartCategories(t *testing.T) {
	t.Parallel()
	// A first axis of words: categories in the order of the points, not
	// sorted.
	axes := []sweep.Axis{
		{Key: "units.a.source", Values: []string{"transfer", "standby", "pledge"}},
		{Key: "lift.charter.count", Values: []string{"1", "2"}},
	}
	points, err := sweep.Grid(axes)
	if err != nil {
		t.Fatal(err)
	}
	tb := &sweep.Table{Header: sim.Header{Scenario: sim.ScenarioInfo{Name: "hand", Horizon: 120}, Replications: 10}, Design: "grid",
		Axes: sweep.Describe(axes, "grid"), Metrics: []string{"share-at-30"}}
	for _, p := range points {
		tb.Rows = append(tb.Rows, sweep.Row{Point: p.Index, Values: sweep.ValuesOf(p.Values), Metrics: []sim.Num{sim.Num(float64(p.Index) / 10)}})
	}
	ch, err := SweepChart(tb, "share-at-30", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range seriesOf(ch) {
		if !slices.Equal(s.X, []float64{0, 1, 2}) {
			t.Errorf("line %d at X %v, want the categories 0, 1, 2", i, s.X)
		}
		for k, p := range s.Points {
			if s.Y[k] != metricAt(tb, "share-at-30", p) {
				t.Errorf("line %d, point %d: Y %v, want the table's", i, p, s.Y[k])
			}
		}
	}
	if got := labelled(ch.Plot.X.Tick.Marker.Ticks(ch.Plot.X.Min, ch.Plot.X.Max)); !slices.Equal(got, axes[0].Values) {
		t.Errorf("X ticks %q, want %q", got, axes[0].Values)
	}
	if ch.Plot.X.Min != -0.5 || ch.Plot.X.Max != 2.5 {
		t.Errorf("X axis from %v to %v, want -0.5 to 2.5", ch.Plot.X.Min, ch.Plot.X.Max)
	}
}

func TestSweepChartLatinIsAScatter(t *testing.T) {
	t.Parallel()
	axes := []sweep.Axis{
		{Key: "countries.a.consent.median", Range: true, Lo: 2, Hi: 40, Integer: true},
		{Key: "lift.charter.count", Range: true, Lo: 1, Hi: 3, Integer: true},
	}
	const n = 20 // points
	points, err := sweep.Latin(axes, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	tb := &sweep.Table{Header: sim.Header{Scenario: sim.ScenarioInfo{Name: "hand", Title: "Hand-made", Horizon: 120}, Replications: 10, Seed: 1},
		Design: "latin", Axes: sweep.Describe(axes, "latin"), Metrics: sweepMetrics, TotalPoints: n}
	for _, p := range points {
		median, _ := strconv.ParseFloat(p.Values[0], 64)
		y := sim.Num(50 + median)
		if p.Index == 3 {
			y = sim.Num(math.NaN())
		}
		tb.Rows = append(tb.Rows, sweep.Row{Point: p.Index, Values: sweep.ValuesOf(p.Values), Metrics: []sim.Num{y, y, 0.5}})
	}
	ch, err := SweepChart(tb, "days-to-90", nil)
	if err != nil {
		t.Fatal(err)
	}
	ss := seriesOf(ch)
	if len(ss) != 1 || ss[0].Line.Width != 0 || len(ch.Legend) != 0 {
		t.Fatalf("%d series (line width %v), %d legend entries: want one scatter without a legend", len(ss), ss[0].Line.Width, len(ch.Legend))
	}
	s := ss[0]
	if len(s.Points) != n {
		t.Fatalf("%d points, want all %d", len(s.Points), n)
	}
	for k, p := range s.Points {
		x, _ := strconv.ParseFloat(points[p].Values[0], 64)
		if s.X[k] != x || !same(s.Y[k], metricAt(tb, "days-to-90", p)) {
			t.Errorf("point %d at (%v, %v), want (%v, %v)", p, s.X[k], s.Y[k], x, metricAt(tb, "days-to-90", p))
		}
		if k > 0 && s.X[k] < s.X[k-1] {
			t.Errorf("points not in X order: %v", s.X)
		}
	}
	if ch.Plot.X.Min > 2 || ch.Plot.X.Max < 40 {
		t.Errorf("X axis from %v to %v, want the whole range sampled, 2 to 40", ch.Plot.X.Min, ch.Plot.X.Max)
	}
	notes := strings.Join(ch.Notes, " ")
	for _, want := range []string{"Latin hypercube", "lift.charter.count (1 to 3) varies too", "1 point has no value of days-to-90: left out."} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q do not say %q", notes, want)
		}
	}
	if !strings.Contains(ch.Subtitle, "Latin hypercube") || !strings.Contains(ch.Title, "sweep of 20 points") {
		t.Errorf("title %q, subtitle %q: want the design and the number of points", ch.Title, ch.Subtitle)
	}
}

func TestSweepChartUnits(t *testing.T) {
	t.Parallel()
	tb := gridTable(t)
	for _, tc := range []struct {
		metric  string
		percent bool
	}{
		{"days-to-90", false},
		{"share-at-30", true},
	} {
		ch, err := SweepChart(tb, tc.metric, nil)
		if err != nil {
			t.Fatal(err)
		}
		ticks := labelled(ch.Plot.Y.Tick.Marker.Ticks(ch.Plot.Y.Min, ch.Plot.Y.Max))
		if len(ticks) < 3 {
			t.Errorf("%s: Y ticks %q: too few", tc.metric, ticks)
		}
		for _, l := range ticks {
			if strings.HasSuffix(l, "%") != tc.percent {
				t.Errorf("%s: Y tick %q, want percent %v", tc.metric, l, tc.percent)
			}
		}
		for _, want := range []string{"100 runs per point", "seed 2", "full grid", "sweep of 6 points", "Hand-made"} {
			if !strings.Contains(ch.Title+" "+ch.Subtitle, want) {
				t.Errorf("%s: title %q and subtitle %q do not say %q", tc.metric, ch.Title, ch.Subtitle, want)
			}
		}
		// Every value is on the chart.
		for _, s := range seriesOf(ch) {
			for _, y := range s.Y {
				if y < ch.Plot.Y.Min || y > ch.Plot.Y.Max {
					t.Errorf("%s: %v is off the Y axis, %v to %v", tc.metric, y, ch.Plot.Y.Min, ch.Plot.Y.Max)
				}
			}
		}
	}
	// Days near the horizon: the horizon is drawn.
	for i := range tb.Rows {
		tb.Rows[i].Metrics[0] += 30
	}
	ch, err := SweepChart(tb, "days-to-90", nil)
	if err != nil {
		t.Fatal(err)
	}
	if h := find[*hLine](t, ch, "horizon"); h.Y != 120 || ch.Plot.Y.Max < 120 {
		t.Errorf("horizon at %v, Y axis to %v: want both at 120 or more", h.Y, ch.Plot.Y.Max)
	}
}

func TestMetricAxis(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		lo, hi       float64
		days         bool
		wantLo       float64 // the axis's minimum, at most
		wantHiAbove  float64
		wantSpanOver float64
	}{
		{"near zero: from zero", 20, 100, true, 0, 100, 100},
		{"far from zero: the values", 408, 411, true, 408, 411, 41},        // at least a tenth of 411
		{"flat shares: at least a point", 0.5, 0.5, false, 0.5, 0.5, 0.05}, // a tenth of 50%
		{"shares near all: not above 100%", 0.99, 1, false, 0.9, 1, 0.1},
	} {
		var a = newPlot().X
		metricAxis(&a, tc.lo, tc.hi, tc.days)
		if a.Min > tc.wantLo || a.Min > tc.lo || a.Max < tc.wantHiAbove || a.Max-a.Min < tc.wantSpanOver {
			t.Errorf("%s: axis %v to %v, want from at most %v, to at least %v, spanning %v or more", tc.name, a.Min, a.Max, tc.wantLo, tc.wantHiAbove, tc.wantSpanOver)
		}
		if tc.wantLo == 0 && a.Min != 0 {
			t.Errorf("%s: axis from %v, want 0", tc.name, a.Min)
		}
		if !tc.days && tc.hi <= 1 && a.Max > 1.01 {
			t.Errorf("%s: axis to %v, far above 100%%", tc.name, a.Max)
		}
	}
}

func TestSweepChartBadInput(t *testing.T) {
	t.Parallel()
	tb := gridTable(t)
	_, err := SweepChart(tb, "days-to-50", nil)
	if err == nil {
		t.Fatal("an unknown metric: no error")
	}
	for _, m := range sweepMetrics {
		if !strings.Contains(err.Error(), m) {
			t.Errorf("error %q does not list %s", err, m)
		}
	}

	short := gridTable(t)
	short.Rows[2].Values = short.Rows[2].Values[:1]
	allNaN := gridTable(t)
	for i := range allNaN.Rows {
		allNaN.Rows[i].Metrics[0] = sim.Num(math.NaN())
	}
	for _, tc := range []struct {
		name   string
		t      *sweep.Table
		noData bool
	}{
		{"nil", nil, true},
		{"no points", &sweep.Table{Axes: tb.Axes, Metrics: tb.Metrics}, true},
		{"no axes", &sweep.Table{Metrics: tb.Metrics, Rows: tb.Rows}, true},
		{"a point without a value for each axis", short, false},
		{"no value anywhere", allNaN, true},
	} {
		_, err := SweepChart(tc.t, "days-to-90", nil)
		if err == nil || errors.Is(err, ErrNoData) != tc.noData {
			t.Errorf("%s: error %v, want one (ErrNoData: %v)", tc.name, err, tc.noData)
		}
	}
}

func TestSweepChartDraws(t *testing.T) {
	t.Parallel()
	ch, err := SweepChart(gridTable(t), "days-to-90-p50", nil)
	if err != nil {
		t.Fatal(err)
	}
	img := renderPNG(t, ch)
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != 1200 || h != 750 { // 8 × 5 inches at 150 DPI
		t.Errorf("%d × %d pixels, want 1200 × 750", w, h)
	}
}
