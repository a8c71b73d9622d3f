package plots

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/surge-sim/surge/sim/sweep"
)

// nearHorizon is how close to the horizon, as a share of it, a days
// metric must come for the chart to show the horizon.
const nearHorizon = 0.9

// maxWholeTicks is the most values of a first axis of whole numbers that
// get a labelled tick each: at 8 inches, about 45 points apart.
const maxWholeTicks = 12

// SweepChart draws a metric of a parameter sweep (one of t.Metrics)
// against the values of the sweep's first axis: numbers if they all read as
// numbers, otherwise categories in the order of the points. For a grid,
// each combination of the other axes' values gets a line with a marker at
// each point, named in the legend as "key=value, ..."; a point whose metric
// is undefined (NaN: a median never reached within the horizon, say)
// leaves a gap. For a Latin hypercube sample (t.Design "latin") the points
// are a scatter, since the other axes change from point to point.
//
// The metric's axis is in days for the days-to metrics and in percent for
// the others; it starts at zero unless the values all lie well above it. An unknown metric is an error that lists
// the table's metrics.
func SweepChart(t *sweep.Table, metric string, o *Options) (*Chart, error) {
	if t == nil || len(t.Rows) == 0 {
		return nil, fmt.Errorf("%w: the sweep has no points", ErrNoData)
	}
	if len(t.Axes) == 0 {
		return nil, fmt.Errorf("%w: the sweep has no axes", ErrNoData)
	}
	mi := slices.Index(t.Metrics, metric)
	if mi < 0 {
		return nil, fmt.Errorf("plots: the sweep has no metric %q (it has %s)", metric, strings.Join(t.Metrics, ", "))
	}
	rows := slices.Clone(t.Rows)
	slices.SortStableFunc(rows, func(a, b sweep.Row) int { return a.Point - b.Point })
	for _, r := range rows {
		if len(r.Values) != len(t.Axes) || len(r.Metrics) != len(t.Metrics) {
			return nil, fmt.Errorf("plots: point %d has %d values and %d metrics for %d axes and %d metrics",
				r.Point, len(r.Values), len(r.Metrics), len(t.Axes), len(t.Metrics))
		}
	}
	m := describeMetric(metric, t.Scenario.Horizon)
	latin := t.Design == "latin"
	x, cats := firstAxis(rows)

	ch := &Chart{
		Title:    scenarioTitle(t.Scenario) + fmt.Sprintf(" — sweep of %s points", thousands(len(rows))),
		Subtitle: m.Words + reproduce(t.Header, " per point") + ", " + designWords(t.Design),
		Plot:     newPlot(),
	}
	p := ch.Plot
	p.Add(horizontalGrid())

	// The series: one per combination of the other axes' values, in the
	// order of the points; a Latin hypercube's points all in one.
	var ss []*sweepSeries
	index := map[string]*sweepSeries{}
	for i, r := range rows {
		k := fmt.Sprint(r.Values[1:])
		if latin {
			k = ""
		}
		s := index[k]
		if s == nil {
			n := len(ss)
			s = &sweepSeries{Label: otherAxes(t.Axes, r.Values), Line: line(series(n), 1.8),
				Glyph: draw.GlyphStyle{Color: series(n), Radius: vg.Points(3.5), Shape: seriesShape(n)}}
			if latin {
				s.Label = ""
				s.Line.Width = 0
				s.Glyph = draw.GlyphStyle{Color: tint(blue, 0.8), Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
			}
			index[k] = s
			ss = append(ss, s)
		}
		y := float64(r.Metrics[mi])
		if math.IsInf(y, 0) {
			y = math.NaN()
		}
		s.Points = append(s.Points, r.Point)
		s.X = append(s.X, x[i])
		s.Y = append(s.Y, y)
	}
	missing := 0
	lo, top := math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		s.sortByX()
		for _, y := range s.Y {
			if math.IsNaN(y) {
				missing++
				continue
			}
			lo, top = min(lo, y), max(top, y)
		}
	}
	if missing == len(rows) {
		return nil, fmt.Errorf("%w: %s has no value at any point of the sweep", ErrNoData, metric)
	}
	var same []string
	for i, s := range ss {
		// A line that is an earlier one at half its points or more (within
		// 1% of the axis, about a line's width) would hide it there: it is
		// drawn dashed over it, and said to coincide.
		text := s.Label
		for _, o := range ss[:i] {
			k, n := samePoints(o, s, 0.01*(top-lo))
			if latin || n == 0 || 2*k < n {
				continue
			}
			s.Line.Dashes = []vg.Length{vg.Points(7), vg.Points(7)}
			if k == n {
				text += " (as " + o.Label + ")"
				same = append(same, s.Label+" gives about the same values as "+o.Label+" (within 1% of the axis)")
			} else {
				text += " (partly as " + o.Label + ")"
				same = append(same, fmt.Sprintf("%s gives about the same values as %s at %d of %d points (within 1%% of the axis)", s.Label, o.Label, k, n))
			}
			break
		}
		ch.add(fmt.Sprintf("series %d", i), s)
		if len(ss) > 1 {
			ch.key(text, s)
		}
	}
	if len(same) > 0 {
		ch.note("Lines that coincide are dashed: " + strings.Join(same, "; ") + ".")
	}

	// The metric's axis, up to the horizon if the days come near it.
	hz := float64(t.Scenario.Horizon)
	if m.Days && hz > 0 && top >= nearHorizon*hz {
		top = max(top, hz)
		ch.add("horizon", &hLine{Y: hz, Label: fmt.Sprintf("the %s-day horizon", dayNumber(hz)),
			Style: line(darkGrey, 1, 5, 3), Text: style(textSize, darkGrey)})
	}
	metricAxis(&p.Y, lo, top, m.Days)
	p.Y.Label.Text = m.Short

	// The first axis.
	a := t.Axes[0]
	p.X.Label.Text = axisName(a)
	switch {
	case cats != nil:
		ticks := make([]plot.Tick, len(cats))
		for i, c := range cats {
			ticks[i] = plot.Tick{Value: float64(i), Label: axisValue(a, sweep.Value(c))}
		}
		p.X.Min, p.X.Max = -0.5, float64(len(cats))-0.5
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
	default:
		xlo, xhi := slices.Min(x), slices.Max(x)
		if latin && a.Lo != nil && a.Hi != nil {
			xlo, xhi = min(xlo, *a.Lo), max(xhi, *a.Hi)
		}
		span := xhi - xlo
		if span == 0 {
			span = max(1, math.Abs(xlo))
		}
		const air = 0.04 // of the range, on each side, for the end markers
		p.X.Min, p.X.Max = xlo-span*air, xhi+span*air
		p.X.Tick.Marker = newValueTicks(p.X.Min, p.X.Max, false)
		if vs := distinct(x); !latin && len(vs) <= maxWholeTicks && allWhole(vs) {
			ticks := make([]plot.Tick, len(vs))
			for i, v := range vs {
				ticks[i] = plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)}
			}
			p.X.Tick.Marker = plot.ConstantTicks(ticks)
		}
	}

	if latin && len(t.Axes) > 1 {
		others := make([]string, 0, len(t.Axes)-1)
		for _, a := range t.Axes[1:] {
			others = append(others, axisRange(a))
		}
		verb, pron := "varies", "it"
		if len(others) > 1 {
			verb, pron = "vary", "them"
		}
		ch.note(fmt.Sprintf("Each dot is one point of a Latin hypercube sample, in which %s %s too: the spread at one value of %s comes from %s and from chance.",
			strings.Join(others, " and "), verb, axisName(a), pron))
	}
	if missing > 0 {
		why := ""
		if m.Median {
			why = " (the median is never reached within the horizon)"
		}
		n, what := "1 point has", "a gap in its line"
		if missing > 1 {
			n, what = fmt.Sprintf("%d points have", missing), "gaps in the lines"
		}
		if latin {
			what = "left out"
		}
		ch.note(fmt.Sprintf("%s no value of %s%s: %s.", n, metric, why, what))
	}
	if t.Shard != "" {
		ch.note(fmt.Sprintf("Shard %s of the sweep: %s of its %s points.", t.Shard, thousands(len(rows)), thousands(t.TotalPoints)))
	}
	return ch, nil
}

// designWords names a sweep's design.
func designWords(design string) string {
	switch design {
	case "grid", "":
		return "full grid"
	case "latin":
		return "Latin hypercube sample"
	}
	return design + " design"
}

// firstAxis returns the rows' values of the first axis as numbers if they
// all read as numbers, cats nil; otherwise each row's category number, in
// the order the categories first come, and the categories.
func firstAxis(rows []sweep.Row) (x []float64, cats []string) {
	x = make([]float64, len(rows))
	numeric := true
	for i, r := range rows {
		v, ok := r.Values[0].Number()
		if !ok {
			numeric = false
			break
		}
		x[i] = v
	}
	if numeric {
		return x, nil
	}
	for i, r := range rows {
		k := slices.Index(cats, string(r.Values[0]))
		if k < 0 {
			k = len(cats)
			cats = append(cats, string(r.Values[0]))
		}
		x[i] = float64(k)
	}
	return x, cats
}

// axisName names an axis in plain words, with its unit: "UN passenger
// charters: aircraft", "every country: national consent (× as in the
// scenario)". An axis without a label is named by its key.
func axisName(a sweep.AxisInfo) string {
	name := a.Label
	if name == "" {
		name = a.Key
	}
	if a.Multiplier {
		return name + " (× as in the scenario)"
	}
	return name + unitSuffix(a.Unit)
}

// unitSuffix writes a unit after a name, where the name does not say it.
func unitSuffix(unit string) string {
	switch unit {
	case "days", "hours", "personnel":
		return " (" + unit + ")"
	case "day":
		return " (day after day 0)"
	case "tonnes":
		return " (t)"
	case "probability", "share":
		return " (0 to 1)"
	}
	return ""
}

// axisValue writes one value of an axis: "×0.5" for a multiplier.
func axisValue(a sweep.AxisInfo, v sweep.Value) string {
	if x, ok := v.Number(); ok && a.Multiplier {
		return "×" + valueText(strconv.FormatFloat(x, 'f', -1, 64))
	}
	return valueText(string(v))
}

// otherAxes names a combination of the values of all axes but the first:
// "Juba International Airport: aircraft on the ground at once = 2".
func otherAxes(axes []sweep.AxisInfo, values []sweep.Value) string {
	parts := make([]string, 0, len(axes)-1)
	for i, a := range axes[1:] {
		name := a.Label
		if name == "" {
			name = a.Key
		}
		parts = append(parts, name+" = "+axisValue(a, values[i+1]))
	}
	return strings.Join(parts, ", ")
}

// axisRange names an axis with its range or values: "UN passenger
// charters: aircraft (1 to 3)".
func axisRange(a sweep.AxisInfo) string {
	name := axisName(a)
	switch {
	case a.Lo != nil && a.Hi != nil:
		return fmt.Sprintf("%s (%s to %s)", name, valueText(strconv.FormatFloat(*a.Lo, 'f', -1, 64)), valueText(strconv.FormatFloat(*a.Hi, 'f', -1, 64)))
	case len(a.Values) > 0:
		vs := make([]string, len(a.Values))
		for i, v := range a.Values {
			vs[i] = axisValue(a, v)
		}
		return fmt.Sprintf("%s (%s)", name, strings.Join(vs, ", "))
	}
	return name
}

// distinct returns the distinct values of xs, sorted.
func distinct(xs []float64) []float64 {
	vs := slices.Clone(xs)
	slices.Sort(vs)
	return slices.Compact(vs)
}

func allWhole(xs []float64) bool {
	for _, x := range xs {
		if x != math.Trunc(x) {
			return false
		}
	}
	return true
}

// seriesShape returns the marker of the i-th series: after the eight
// colours repeat, the shapes shift, so that no two of the first 64 series
// look alike.
func seriesShape(i int) draw.GlyphDrawer {
	shapes := [...]draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, diamondGlyph{},
		draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}}
	return shapes[(i+i/len(shapes))%len(shapes)]
}

// sweepSeries is the points of a sweep with the same values of the other
// axes: a line through them with a marker at each, or markers only if the
// line's width is zero. A NaN Y is a point without a value: the line
// breaks there.
type sweepSeries struct {
	Label  string
	Points []int     // the table's point numbers
	X, Y   []float64 // in X order
	Line   draw.LineStyle
	Glyph  draw.GlyphStyle
}

// samePoints returns at how many of b's n points a has a value within tol
// at the same X, where one would hide the other.
func samePoints(a, b *sweepSeries, tol float64) (k, n int) {
	if !slices.Equal(a.X, b.X) || len(a.Y) != len(b.Y) {
		return 0, len(b.Y)
	}
	for i := range a.Y {
		if math.Abs(a.Y[i]-b.Y[i]) <= tol || (math.IsNaN(a.Y[i]) && math.IsNaN(b.Y[i])) {
			k++
		}
	}
	return k, len(b.Y)
}

// sortByX puts the points in X order, points with the same X in point
// order.
func (s *sweepSeries) sortByX() {
	idx := make([]int, len(s.X))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if s.X[a] != s.X[b] {
			if s.X[a] < s.X[b] {
				return -1
			}
			return 1
		}
		return s.Points[a] - s.Points[b]
	})
	points, x, y := make([]int, len(idx)), make([]float64, len(idx)), make([]float64, len(idx))
	for i, k := range idx {
		points[i], x[i], y[i] = s.Points[k], s.X[k], s.Y[k]
	}
	s.Points, s.X, s.Y = points, x, y
}

// pieces returns the runs of consecutive points with a value, as index
// ranges [from, to).
func (s *sweepSeries) pieces() [][2]int {
	var out [][2]int
	from := -1
	for i, y := range s.Y {
		switch {
		case math.IsNaN(y) && from >= 0:
			out = append(out, [2]int{from, i})
			from = -1
		case !math.IsNaN(y) && from < 0:
			from = i
		}
	}
	if from >= 0 {
		out = append(out, [2]int{from, len(s.Y)})
	}
	return out
}

func (s *sweepSeries) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	for _, pc := range s.pieces() {
		pts := make([]vg.Point, 0, pc[1]-pc[0])
		for i := pc[0]; i < pc[1]; i++ {
			pts = append(pts, vg.Point{X: x(s.X[i]), Y: y(s.Y[i])})
		}
		if s.Line.Width > 0 && len(pts) > 1 {
			c.StrokeLines(s.Line, c.ClipLinesXY(pts)...)
		}
		for _, pt := range pts {
			c.DrawGlyph(s.Glyph, pt)
		}
	}
}

func (s *sweepSeries) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for i, v := range s.Y {
		if math.IsNaN(v) {
			continue
		}
		xmin, xmax = min(xmin, s.X[i]), max(xmax, s.X[i])
		ymin, ymax = min(ymin, v), max(ymax, v)
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail draws the line and the marker.
func (s *sweepSeries) Thumbnail(c *draw.Canvas) {
	if s.Line.Width > 0 {
		lineKey{s.Line}.Thumbnail(c)
	}
	c.DrawGlyphNoClip(s.Glyph, c.Center())
}

// metricAxis makes a the axis of a metric whose values run from lo to hi.
// It starts at zero if the values come within a sixth of their largest of
// it, as spreadsheets do; otherwise it spans the values, but at least a
// tenth of the largest (and a day, or 1% of the target), so that noise
// does not look like an effect. Shares stay at or below 100% if they are.
func metricAxis(a *plot.Axis, lo, hi float64, days bool) {
	const (
		fromZero = 5.0 / 6 // the lowest value, as a share of the highest, to start at zero
		minShare = 0.1     // the least span, as a share of the highest value
		air      = 0.06    // of the span, beyond the values
	)
	minSpan := 0.01
	if days {
		minSpan = 1
	}
	minSpan = max(minSpan, minShare*math.Abs(hi))
	if lo >= 0 && lo <= fromZero*hi {
		lo = 0
	}
	if hi-lo < minSpan {
		mid := (lo + hi) / 2
		l, h := mid-minSpan/2, mid+minSpan/2
		switch {
		case lo >= 0 && l < 0:
			l, h = 0, minSpan
		case !days && hi <= 1 && h > 1:
			l, h = 1-minSpan, 1
		}
		lo, hi = l, h
	}
	pad := (hi - lo) * air
	a.Min, a.Max = lo-pad, hi+pad
	if lo == 0 {
		a.Min = 0
	}
	a.Tick.Marker = newValueTicks(a.Min, a.Max, !days)
}
