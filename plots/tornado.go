package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/surge-sim/surge/sim"
	"github.com/surge-sim/surge/sim/sweep"
)

// The colours of a tornado's bars: the metric with a parameter at its low
// value, and at its high value.
var (
	lowColor  = series(0) // blue
	highColor = series(1) // vermillion
)

// Tornado draws a one-at-a-time sensitivity analysis as a tornado chart:
// one row per parameter, in the order of s.Parameters (largest swing at the
// top), with a bar from the baseline (the metric at the scenario's own
// values) to the metric with the parameter at its low value, and another to
// the metric at its high value. The parameter's low and high values are
// written at the ends of the bars, and a vertical line marks the baseline.
//
// top limits the chart to the first top parameters; top <= 0 draws them
// all. Parameters whose runs could not be made (a Problem, or a metric that
// is undefined) are left out, and a note counts them. For the median days
// to a share of the target (days-to-F-p50), undefined means never within
// the horizon: such a bar is drawn to the horizon and labelled "never".
//
// The X axis is in days for the days-to metrics and in percent for the
// others (shares and probabilities). The default height grows with the
// number of rows.
func Tornado(s *sweep.Sensitivity, top int, o *Options) (*Chart, error) {
	if s == nil || len(s.Parameters) == 0 {
		return nil, fmt.Errorf("%w: the sensitivity analysis has no parameters", ErrNoData)
	}
	m := describeMetric(s.Metric, s.Scenario.Horizon)
	hz := float64(s.Scenario.Horizon)
	value := func(x sim.Num) (v float64, never, ok bool) {
		v = float64(x)
		switch {
		case !math.IsNaN(v) && !math.IsInf(v, 0):
			return v, false, true
		case m.Median && hz > 0: // the median is never reached
			return hz, true, true
		}
		return 0, false, false
	}
	base, baseNever, ok := value(s.Baseline)
	if !ok {
		return nil, fmt.Errorf("%w: the baseline of %s is undefined", ErrNoData, s.Metric)
	}

	var rows []tornadoRow
	var left []string // parameters left out, with why
	for _, e := range s.Parameters {
		lo, loNever, okLo := value(e.AtLow)
		hi, hiNever, okHi := value(e.AtHigh)
		switch {
		case e.Problem != "":
			left = append(left, effectName(e)+" ("+e.Problem+")")
			continue
		case !okLo || !okHi:
			left = append(left, effectName(e)+" (the metric is undefined)")
			continue
		}
		if top > 0 && len(rows) == top {
			continue
		}
		rows = append(rows, tornadoRow{
			Key: effectName(e), Base: base, Low: lo, High: hi,
			LowText: e.Low.Text(e.Unit), HighText: e.High.Text(e.Unit),
			LowNever: loNever, HighNever: hiNever,
		})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no parameter of the sensitivity analysis could be run (%s)", ErrNoData, strings.Join(left, "; "))
	}
	shown := len(s.Parameters) - len(left)
	for i := range rows {
		rows[i].Row = len(rows) - 1 - i // the largest swing at the top
	}

	ch := &Chart{
		Title:    scenarioTitle(s.Scenario) + " — sensitivity",
		Subtitle: m.Words + ", with each parameter alone at a low and a high value" + sensitivityProvenance(s),
		Plot:     newPlot(),
	}
	// Long plain labels take more than one line, so that the bars keep
	// room; a row then needs about two-thirds of a row more per line
	// (rowPitch leaves room for one line and a gap).
	lines := 1
	for i := range rows {
		rows[i].Key = wrapLabel(rows[i].Key, maxLabel)
		lines = max(lines, strings.Count(rows[i].Key, "\n")+1)
	}
	// One more row for the baseline's label, above the bars.
	ch.rows = int(math.Ceil(float64(len(rows)+1) * (1 + 0.65*float64(lines-1))))
	p := ch.Plot
	p.Add(verticalGrid())
	bars := newTornado(rows)
	ch.add("bars", bars)

	lo, hi := base, base
	for _, r := range rows {
		lo, hi = min(lo, r.Low, r.High), max(hi, r.Low, r.High)
	}
	ticks := valueAxis(&p.X, lo, hi, m.Days)
	p.X.Label.Text = m.Axis
	baseLabel := "baseline: " + m.text(base, ticks.Step)
	if baseNever {
		baseLabel = "baseline: never"
	}
	baseline := newRefLines([]refLine{{X: base, Y: math.NaN(), Label: baseLabel}})
	baseline.Style = line(black, 1.2)
	baseline.Text = style(textSize, black)
	ch.add("baseline", baseline)

	yTicks := make([]plot.Tick, len(rows))
	for i, r := range rows {
		yTicks[i] = plot.Tick{Value: float64(r.Row), Label: r.Key}
	}
	p.Y.Min, p.Y.Max = -0.5, float64(len(rows))+0.5
	p.Y.Tick.Marker = plot.ConstantTicks(yTicks)
	hideAxisLine(&p.Y)

	ch.key("parameter at its low value", swatch{Fill: lowColor})
	ch.key("parameter at its high value", swatch{Fill: highColor})
	ch.key("baseline: the scenario as it is", lineKey{baseline.Style})

	ch.note("Each bar runs from the baseline to the metric with one parameter moved alone to the value written at its end, " +
		"everything else as in the scenario and the same random numbers in every run.")
	if len(rows) < shown {
		ch.note(fmt.Sprintf("The %d parameters that move it most, of %d.", len(rows), shown))
	}
	if len(left) > 0 {
		ch.note(leftOut(left))
	}
	return ch, nil
}

// maxLabel is the characters a line of a row's label may take: about a
// third of the picture's width, at the default size.
const maxLabel = 42

// wrapLabel breaks a label into lines of at most width characters, at
// spaces; a word longer than that gets a line of its own.
func wrapLabel(s string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

// effectName names a parameter in plain words, or by its key if it has
// no label.
func effectName(e sweep.Effect) string {
	if e.Label != "" {
		return e.Label
	}
	return e.Key
}

// leftOut says which parameters a tornado leaves out, naming a few.
func leftOut(left []string) string {
	const named = 3 // enough to see what went wrong without a wall of text
	n := "1 parameter is"
	if len(left) > 1 {
		n = fmt.Sprintf("%d parameters are", len(left))
	}
	list := strings.Join(left[:min(named, len(left))], "; ")
	if len(left) > named {
		list += fmt.Sprintf("; and %d more", len(left)-named)
	}
	return fmt.Sprintf("%s left out, for want of a result: %s.", n, list)
}

// scenarioTitle is a scenario's title, or its name.
func scenarioTitle(sc sim.ScenarioInfo) string {
	if sc.Title != "" {
		return sc.Title
	}
	return sc.Name
}

// sensitivityProvenance says how to reproduce an analysis:
// " · 1,000 runs each, south-sudan-2014 v1.0, seed 1".
func sensitivityProvenance(s *sweep.Sensitivity) string {
	return reproduce(s.Header, " each")
}

// reproduce writes " · 1,000 runs each, scenario v1.0, seed 1, strategy x,
// overrides k=v".
func reproduce(h sim.Header, each string) string {
	s := " · " + runs(h.Replications) + each + ", " + h.Scenario.Name
	if h.Scenario.Version != "" {
		s += " v" + h.Scenario.Version
	}
	return s + fmt.Sprintf(", seed %d", h.Seed) + whatIf(h.Strategy, h.Overrides)
}

// metricInfo says what a sweep metric (see sim.Result.Metrics) measures.
type metricInfo struct {
	Words  string // as the start of a sentence
	Axis   string // as an axis label
	Short  string // as a vertical axis's label, which must be short
	Days   bool   // in days; otherwise a share, drawn in percent
	Median bool   // NaN means never within the horizon
}

// describeMetric reads a metric's name: days-to-F, days-to-F-p50, never-F,
// share-at-D or p-NAME.
func describeMetric(name string, horizon int) metricInfo {
	switch {
	case strings.HasPrefix(name, "days-to-") && strings.HasSuffix(name, "-p50"):
		f := strings.TrimSuffix(strings.TrimPrefix(name, "days-to-"), "-p50")
		return metricInfo{
			Words: "Median days to reach " + f + "% of the target",
			Axis:  "median days to " + f + "% of the target",
			Short: "median days to " + f + "%",
			Days:  true, Median: true,
		}
	case strings.HasPrefix(name, "days-to-"):
		f := strings.TrimPrefix(name, "days-to-")
		hz := "the horizon"
		if horizon > 0 {
			hz = fmt.Sprintf("the %d-day horizon", horizon)
		}
		return metricInfo{
			Words: "Mean days to reach " + f + "% of the target, never counted as " + hz,
			Axis:  "mean days to " + f + "% of the target (never = " + hz + ")",
			Short: "mean days to " + f + "%",
			Days:  true,
		}
	case strings.HasPrefix(name, "days-"):
		return metricInfo{Words: name, Axis: name + " (days)", Short: name + " (days)", Days: true}
	case strings.HasPrefix(name, "never-"):
		f := strings.TrimPrefix(name, "never-")
		return metricInfo{
			Words: "Share of runs that never reach " + f + "% of the target within the horizon",
			Axis:  "runs that never reach " + f + "% of the target (%)",
			Short: "runs never reaching " + f + "%",
		}
	case strings.HasPrefix(name, "share-at-"):
		d := strings.TrimPrefix(name, "share-at-")
		return metricInfo{
			Words: "Mean share of the target operational on day " + d,
			Axis:  "operational on day " + d + " (% of the target, mean of runs)",
			Short: "operational on day " + d + " (%)",
		}
	case strings.HasPrefix(name, "p-"):
		b := strings.TrimPrefix(name, "p-")
		return metricInfo{
			Words: "Chance of meeting the " + b + " benchmark",
			Axis:  "chance of meeting the " + b + " benchmark (%)",
			Short: "chance of " + b + " (%)",
		}
	}
	return metricInfo{Words: name, Axis: name + " (%)", Short: name + " (%)"}
}

// text writes a value of the metric to the precision of an axis with
// ticks every step: "156.5" days, "17.06%".
func (m metricInfo) text(v, step float64) string {
	if m.Days {
		return strconv.FormatFloat(v, 'f', max(1, decimals(step)), 64)
	}
	return strconv.FormatFloat(v*100, 'f', max(1, decimals(step*100)+1), 64) + "%"
}

// valueText shortens a parameter's value, as TOML text, for a label (see
// sweep.Value.Text): "66.6667" is "66.7", "150.0" is "150".
func valueText(v string) string { return sweep.Value(v).Text("") }

// tornadoRow is one parameter's row: bars from Base to Low and to High
// (values of the metric), with the parameter's values at their ends.
type tornadoRow struct {
	Row                 int // 0 at the bottom
	Key                 string
	Base, Low, High     float64
	LowText, HighText   string
	LowNever, HighNever bool // drawn at the horizon: never within it
}

// bar is one bar of a tornado row, as drawn.
type tornadoBar struct {
	End   float64
	Text  string
	Never bool
	Color color.Color
	Y0    float64 // centre, in rows
	H     float64 // thickness, in rows
	TextY float64 // the text's centre, in rows
	Left  bool    // the text goes left of the end
}

// tornado draws the bars of a tornado chart. When both bars of a row go the
// same way from the baseline, each gets half the row so neither hides the
// other.
type tornado struct {
	Rows   []tornadoRow
	Height float64 // of a row's bars, in rows
	Text   text.Style
	Gap    vg.Length // between a bar's end and its text
	Air    vg.Length // kept free beyond the text
}

func newTornado(rows []tornadoRow) *tornado {
	ts := style(textSize, black)
	ts.YAlign = draw.YCenter
	return &tornado{Rows: rows, Height: barHeight, Text: ts, Gap: vg.Points(4), Air: vg.Points(10)}
}

// bars returns a row's two bars, the one at the low value first.
func (t *tornado) bars(r tornadoRow) [2]tornadoBar {
	dl, dh := sign(r.Low-r.Base), sign(r.High-r.Base)
	y := float64(r.Row)
	b := [2]tornadoBar{
		{End: r.Low, Text: r.LowText, Never: r.LowNever, Color: lowColor, Y0: y, H: t.Height},
		{End: r.High, Text: r.HighText, Never: r.HighNever, Color: highColor, Y0: y, H: t.Height},
	}
	switch {
	case dl == 0 && dh == 0:
		b[0].Left = true
	case dl == 0:
		b[0].Left, b[1].Left = dh > 0, dh < 0
	case dh == 0:
		b[0].Left, b[1].Left = dl < 0, dl > 0
	default:
		b[0].Left, b[1].Left = dl < 0, dh < 0
	}
	for i := range b {
		b[i].TextY = y
		if b[i].Never {
			b[i].Text += ": never"
		}
	}
	if dl != 0 && dl == dh {
		// The same way: half a row each, low above, and both values at
		// the far end, low first, where neither text covers a bar.
		b[0].H, b[1].H = t.Height/2, t.Height/2
		b[0].Y0, b[1].Y0 = y+t.Height/4, y-t.Height/4
		far, near := 0, 1
		if math.Abs(r.High-r.Base) > math.Abs(r.Low-r.Base) {
			far, near = 1, 0
		}
		b[far].Text = b[0].Text + " / " + b[1].Text
		b[near].Text = ""
	}
	return b
}

func sign(x float64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func (t *tornado) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	for _, r := range t.Rows {
		for _, b := range t.bars(r) {
			x0, x1 := x(r.Base), x(b.End)
			y0, y1 := y(b.Y0-b.H/2), y(b.Y0+b.H/2)
			if math.Abs(float64(x1-x0)) < 1.5 { // no swing: a thin mark, to show where
				x1 = x0 + vg.Points(0.75)
				x0 -= vg.Points(0.75)
			}
			rect := vg.Rectangle{Min: vg.Point{X: min(x0, x1), Y: y0}, Max: vg.Point{X: max(x0, x1), Y: y1}}
			c.SetColor(b.Color)
			c.Fill(rect.Path())
			if b.Never {
				g := draw.GlyphStyle{Color: b.Color, Radius: vg.Points(4), Shape: arrowGlyph{}}
				c.DrawGlyphNoClip(g, vg.Point{X: x(b.End) + vg.Points(4), Y: y(b.Y0)})
			}
			if b.Text != "" {
				ts, off := t.textAt(b)
				c.FillText(ts, vg.Point{X: x(b.End) + off, Y: y(b.TextY)}, b.Text)
			}
		}
	}
}

// textAt returns the style and the offset from the bar's end of its text.
func (t *tornado) textAt(b tornadoBar) (text.Style, vg.Length) {
	ts := t.Text
	gap := t.Gap
	if b.Never {
		gap += vg.Points(8) // past the arrow
	}
	if b.Left {
		ts.XAlign = draw.XRight
		return ts, -gap
	}
	ts.XAlign = draw.XLeft
	return ts, gap
}

func (t *tornado) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, r := range t.Rows {
		xmin, xmax = min(xmin, r.Base, r.Low, r.High), max(xmax, r.Base, r.Low, r.High)
		ymin, ymax = min(ymin, float64(r.Row)-0.5), max(ymax, float64(r.Row)+0.5)
	}
	return xmin, xmax, ymin, ymax
}

// GlyphBoxes makes room in the data area for the texts at the bars' ends.
func (t *tornado) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var boxes []plot.GlyphBox
	for _, r := range t.Rows {
		for _, b := range t.bars(r) {
			if b.Text == "" {
				continue
			}
			ts, off := t.textAt(b)
			rect := ts.Rectangle(b.Text)
			rect.Min.X += off
			rect.Max.X += off
			// Air on the outer side, to keep the text clear of the row
			// labels and the picture's edge.
			if b.Left {
				rect.Min.X -= t.Air
			} else {
				rect.Max.X += t.Air
			}
			boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(b.End), Y: p.Y.Norm(b.TextY), Rectangle: rect})
		}
	}
	return boxes
}

// valueTicks marks an axis every Step with labels, as plain numbers or,
// with Percent, shares as percentages (0.25 is "25%"), and unlabelled minor
// ticks every Minor.
type valueTicks struct {
	Step, Minor float64
	Percent     bool
}

// maxValueLabels is the most labels a value axis gets: about 60 points
// apart at 8 inches, room for "100.5%".
const maxValueLabels = 8

// newValueTicks chooses a step of 1, 2 or 5 times a power of ten that gives
// at most maxValueLabels labels from lo to hi.
func newValueTicks(lo, hi float64, percent bool) valueTicks {
	span := hi - lo
	if !(span > 0) {
		span = 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/maxValueLabels)))
	for _, k := range []float64{1, 2, 5, 10} {
		if step := k * mag; span/step <= maxValueLabels {
			minor := step / 2
			if k == 5 {
				minor = step / 5
			}
			return valueTicks{Step: step, Minor: minor, Percent: percent}
		}
	}
	return valueTicks{Step: 10 * mag, Minor: 5 * mag, Percent: percent}
}

func (v valueTicks) Ticks(lo, hi float64) []plot.Tick {
	if tooMany(lo, hi, v.Minor) {
		return fallbackTicks(lo, hi)
	}
	var ticks []plot.Tick
	const eps = 1e-9 // in steps: to count 0.3 as a multiple of 0.1
	for i := math.Ceil(lo/v.Minor - eps); i*v.Minor <= hi+eps*v.Minor; i++ {
		x := i * v.Minor
		if r := x / v.Step; math.Abs(r-math.Round(r)) < eps*10 {
			x = math.Round(r) * v.Step
			ticks = append(ticks, plot.Tick{Value: x, Label: v.label(x)})
		} else {
			ticks = append(ticks, plot.Tick{Value: x})
		}
	}
	return ticks
}

func (v valueTicks) label(x float64) string {
	step := v.Step
	suffix := ""
	if v.Percent {
		x, step, suffix = x*100, step*100, "%"
	}
	s := strconv.FormatFloat(x, 'f', decimals(step), 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // not "-0"
	}
	return s + suffix
}

// decimals returns the decimals needed to write multiples of step.
func decimals(step float64) int {
	if !(step > 0) {
		return 0
	}
	return max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
}

// valueAxis makes a an axis of values from lo to hi, a little beyond for
// air, in days or percent, and returns its ticks. A range with no width is
// given some: a day, or 0.1%.
func valueAxis(a *plot.Axis, lo, hi float64, days bool) valueTicks {
	minSpan := 0.001 // 0.1%
	if days {
		minSpan = 1
	}
	if hi-lo < minSpan {
		mid := (lo + hi) / 2
		lo, hi = mid-minSpan/2, mid+minSpan/2
	}
	const air = 0.04 // of the range, on each side
	pad := (hi - lo) * air
	a.Min, a.Max = lo-pad, hi+pad
	t := newValueTicks(a.Min, a.Max, !days)
	a.Tick.Marker = t
	return t
}
