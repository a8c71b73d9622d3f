package plots

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/surge-sim/surge/sim"
)

// ErrNoData is returned for a result that lacks what a chart draws.
var ErrNoData = errors.New("plots: nothing to draw")

// Band shades, as the opacity of the series colour over white.
const (
	band90Alpha = 0.18
	band50Alpha = 0.40
)

// Deployment draws the share of the target operational at the end of each
// day (res.Daily) as a fan chart: the median run as a line, the middle 50%
// (25th to 75th percentile) and 90% (5th to 95th) of runs as bands, the
// target as a line at 100%, each benchmark as a labelled vertical line, and
// res.Observed, when present, as points, with the median share in the
// mission area (res.DailyArrived), which counts what the observations count.
func Deployment(res *sim.Result, o *Options) (*Chart, error) {
	if res == nil || len(res.Daily) == 0 {
		return nil, fmt.Errorf("%w: the result has no daily series", ErrNoData)
	}
	start, err := parseStart(res.Scenario.Start)
	if err != nil {
		return nil, err
	}
	ch := &Chart{
		Title: heading(res),
		Subtitle: fmt.Sprintf("Share of the target (%s personnel) operational at the end of each day%s",
			thousands(res.Target.Total), provenance(res)),
		Plot: newPlot(),
	}
	p := ch.Plot
	timeAxis(p, start, horizon(res), o.dates())
	p.Add(horizontalGrid())

	f := fanOf(res.Daily)
	b90 := &band{X: f.Day, Lo: f.P5, Hi: f.P95, Color: tint(blue, band90Alpha)}
	b50 := &band{X: f.Day, Lo: f.P25, Hi: f.P75, Color: tint(blue, band50Alpha)}
	median := medianLine(f.Day, f.P50, blue)
	ch.add("band90", b90)
	ch.add("band50", b50)
	ch.add("target", &hLine{Y: 1, Label: "target: " + thousands(res.Target.Total) + " personnel",
		Style: line(black, 1.2, 6, 3), Text: style(textSize, black)})
	ch.add("median", median)
	ch.key("median of "+runs(res.Replications), median)
	ch.key("middle 50% of runs", swatch{Fill: b90.Color}, swatch{Fill: b50.Color})
	ch.key("middle 90% of runs", swatch{Fill: b90.Color})

	top, bottom := 1.0, 0.0 // the highest and lowest shares drawn
	for _, d := range res.Daily {
		top, bottom = max(top, float64(d.P95)), min(bottom, float64(d.P5))
	}
	if len(res.DailyFixed) > 0 {
		// The band without the scenario-wide uncertainty: what is left is
		// the randomness of each unit and government.
		x := fanOf(res.DailyFixed)
		sty := line(darkGrey, 1.3, 5, 3)
		lo, hi := medianLine(x.Day, x.P5, darkGrey), medianLine(x.Day, x.P95, darkGrey)
		lo.LineStyle, hi.LineStyle = sty, sty
		ch.add("fixed", lo, hi)
		ch.key("middle 90% with the scenario-wide quantities at their medians", lo)
		for _, d := range res.DailyFixed {
			top, bottom = max(top, float64(d.P95)), min(bottom, float64(d.P5))
		}
	}
	if len(res.Observed) > 0 {
		if len(res.DailyArrived) > 0 {
			a := fanOf(res.DailyArrived)
			arrived := medianLine(a.Day, a.P50, black)
			arrived.LineStyle = line(black, 1.2, 2, 2)
			ch.add("arrived", arrived)
			ch.key("median in the mission area", arrived)
		}
		xys := make(plotter.XYs, len(res.Observed))
		for i, ob := range res.Observed {
			xys[i] = plotter.XY{X: ob.Day, Y: float64(ob.Fraction)}
			top = max(top, float64(ob.Fraction))
		}
		obs, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, fmt.Errorf("plots: observed points: %w", err)
		}
		obs.GlyphStyle = draw.GlyphStyle{Color: black, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		ch.add("observed", obs)
		ch.key("observed (in the mission area)", glyphKey{obs.GlyphStyle})
	}
	benchmarks(ch, []*sim.Result{res}, nil, true)

	shareAxis(p, top, len(res.Benchmarks) > 0)
	if bottom < 0 {
		// Units in place on day 0 that leave or rotate take the increase
		// below 0.
		p.Y.Min = bottom * 1.1
		p.Y.Label.Text = "operational, above day 0 (% of target)"
	}
	return ch, nil
}

// shareAxis makes p's Y axis a share of the target from 0 to top, with
// room above for the target line's label and, with benchmarks, two lines
// of benchmark labels.
func shareAxis(p *plot.Plot, top float64, benchmarks bool) {
	room := 0.08 // a line of text, on a plot about 250 points high
	if benchmarks {
		room = 0.2
	}
	p.Y.Min, p.Y.Max = 0, top*(1+room)
	ticks := percentTicks{Step: 0.2, Minor: 0.1, Max: top}
	if top > 1.5 {
		ticks.Step = 0.5
	}
	p.Y.Tick.Marker = ticks
	p.Y.Label.Text = "operational (% of target)"
}

// fan is a daily series' quantiles, as slices to draw.
type fan struct {
	Day                    []float64
	P5, P25, P50, P75, P95 []float64
}

func fanOf(daily []sim.DailyStat) fan {
	n := len(daily)
	f := fan{make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)}
	for i, d := range daily {
		f.Day[i] = float64(d.Day)
		f.P5[i], f.P25[i], f.P50[i], f.P75[i], f.P95[i] = float64(d.P5), float64(d.P25), float64(d.P50), float64(d.P75), float64(d.P95)
	}
	return f
}

// band fills the area between two curves over the same X.
type band struct {
	X, Lo, Hi []float64
	Color     color.Color
}

func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	pts := make([]vg.Point, 0, 2*len(b.X))
	for i := range b.X {
		pts = append(pts, vg.Point{X: x(b.X[i]), Y: y(b.Hi[i])})
	}
	for i := len(b.X) - 1; i >= 0; i-- {
		pts = append(pts, vg.Point{X: x(b.X[i]), Y: y(b.Lo[i])})
	}
	c.FillPolygon(b.Color, c.ClipPolygonXY(pts))
}

// medianLine is a thick line through (xs, ys).
func medianLine(xs, ys []float64, c color.Color) *plotter.Line {
	xys := make(plotter.XYs, len(xs))
	for i := range xs {
		xys[i] = plotter.XY{X: xs[i], Y: ys[i]}
	}
	return &plotter.Line{XYs: xys, LineStyle: line(c, 2.2)}
}

// benchmarks draws the benchmarks of results[0] as labelled vertical lines
// and says in a note how often each was met: in each result, named by
// labels, when there are several.
func benchmarks(ch *Chart, results []*sim.Result, labels []string, marks bool) {
	res := results[0]
	if len(res.Benchmarks) == 0 {
		return
	}
	lines := make([]refLine, len(res.Benchmarks))
	met := make([]string, len(res.Benchmarks))
	for i, b := range res.Benchmarks {
		lines[i] = refLine{X: b.Day, Y: math.NaN(), Label: shortLabel(b)}
		if marks {
			lines[i].Y = float64(b.Fraction)
		}
		met[i] = fmt.Sprintf("%s (%s by day %s) met in ", shortLabel(b), percentShort(float64(b.Fraction)), dayNumber(b.Day))
		if len(results) == 1 {
			met[i] += percent(float64(b.Probability)) + " of runs"
			continue
		}
		var in []string
		for k, r := range results {
			p := "?"
			for _, rb := range r.Benchmarks {
				if rb.Name == b.Name {
					p = percent(float64(rb.Probability))
				}
			}
			in = append(in, labels[k]+": "+p)
		}
		met[i] += strings.Join(in, ", ")
	}
	slices.SortStableFunc(lines, func(a, b refLine) int { return cmp.Compare(a.X, b.X) }) // for label stacking
	r := newRefLines(lines)
	ch.add("benchmarks", r)
	if marks {
		ch.key("benchmark: share due by its day", r)
	} else {
		ch.key("benchmark", r)
	}
	ch.note("Benchmarks: " + strings.Join(met, "; ") + ".")
}

// shortLabel names a benchmark in a few words: the part of its label
// before a colon ("Brahimi Report"), the label if short, or its name.
func shortLabel(b sim.BenchmarkStat) string {
	const maxShort = 32 // characters: about 170 points at 11 points
	if head, _, ok := strings.Cut(b.Label, ":"); ok && len(head) <= maxShort {
		return head
	}
	if b.Label != "" && len(b.Label) <= maxShort {
		return b.Label
	}
	if b.Name != "" {
		return b.Name
	}
	return "day " + dayNumber(b.Day)
}

// percentShort writes a share without needless decimals: 1 is "100%".
func percentShort(x float64) string {
	return strings.TrimSuffix(strings.TrimSuffix(percent(x), ".0%"), "%") + "%"
}

// horizontalGrid draws light horizontal lines at the Y axis's labelled
// ticks.
func horizontalGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Width = 0
	g.Horizontal = line(lightGrey, 0.6)
	return g
}

// verticalGrid draws light vertical lines at the X axis's labelled ticks.
func verticalGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Horizontal.Width = 0
	g.Vertical = line(lightGrey, 0.6)
	return g
}

// heading is a result's title: its scenario and the number of runs.
func heading(res *sim.Result) string {
	title := res.Scenario.Title
	if title == "" {
		title = res.Scenario.Name
	}
	return title + " — " + runs(res.Replications)
}

// provenance says how to reproduce a result: " · scenario v1.0, seed 1",
// and the strategy and overrides of a what-if.
func provenance(res *sim.Result) string {
	s := " · " + res.Scenario.Name
	if res.Scenario.Version != "" {
		s += " v" + res.Scenario.Version
	}
	return s + fmt.Sprintf(", seed %d", res.Seed) + whatIf(res.Strategy, res.Overrides)
}

// whatIf names a what-if's strategy and every override applied (the
// strategy's first), as ", strategy x, overrides k=v, k=v", or "" for the
// scenario as written. A long value (a new entity's table) is shortened:
// the JSON and the report have it whole.
func whatIf(strategy string, overrides []string) string {
	s := ""
	if strategy != "" {
		s += ", strategy " + strategy
	}
	short := make([]string, len(overrides))
	for i, o := range overrides {
		short[i] = shortOverride(o)
	}
	switch len(short) {
	case 0:
	case 1:
		s += ", override " + short[0]
	default:
		s += ", overrides " + strings.Join(short, ", ")
	}
	return s
}

// shortOverride shortens KEY=VALUE for a subtitle: a value of more than
// maxValue characters becomes "{…}" if it is a table, else is cut.
func shortOverride(o string) string {
	const maxValue = 20
	k, v, _ := strings.Cut(o, "=")
	if len([]rune(v)) <= maxValue {
		return o
	}
	if strings.HasPrefix(strings.TrimSpace(v), "{") {
		return k + "={…}"
	}
	return k + "=" + string([]rune(v)[:maxValue-1]) + "…"
}

// horizon returns a result's horizon in days, or its last day.
func horizon(res *sim.Result) float64 {
	if res.Scenario.Horizon > 0 {
		return float64(res.Scenario.Horizon)
	}
	if n := len(res.Daily); n > 0 {
		return float64(res.Daily[n-1].Day)
	}
	return 1
}

// days converts samples to float64, +Inf for never (NaN included).
func days(ds []sim.Days) []float64 {
	xs := make([]float64, len(ds))
	for i, d := range ds {
		xs[i] = float64(d)
		if d.Never() {
			xs[i] = math.Inf(1)
		}
	}
	return xs
}
