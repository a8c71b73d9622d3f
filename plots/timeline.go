package plots

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/surge-sim/surge/sim"
)

// Timeline draws one replication as a Gantt chart: a row per unit instance
// (labelled with the unit's name, and "#n" for units with a count), its
// stages as coloured spans (the colours of Stages), and its outcome: the
// day it became operational, or the point where it dropped out (a
// capability gap, a parliament's refusal, a blocked transfer) or where the
// horizon found it still on its way. Rows are sorted by the day the unit
// became operational; the others follow, by the day their last stage
// ended. Stages a unit did not reach, or that took no time, are not drawn.
func Timeline(sc *sim.Scenario, rep *sim.Replication, o *Options) (*Chart, error) {
	if sc == nil || rep == nil || len(rep.Units) == 0 {
		return nil, fmt.Errorf("%w: no scenario or no units in the replication", ErrNoData)
	}
	rows, err := timelineRows(sc, rep, o.dates())
	if err != nil {
		return nil, err
	}
	n := rep.Index
	if o != nil && o.Rep != 0 {
		n = o.Rep
	}
	title := sc.Title
	if title == "" {
		title = sc.Name
	}
	version := ""
	if sc.Version != "" {
		version = " v" + sc.Version
	}
	ch := &Chart{
		Title: fmt.Sprintf("%s — replication %d", title, n),
		Subtitle: fmt.Sprintf("One run: each unit's way through the pipeline, and what became of it · %s%s", sc.Name, version) +
			whatIf(sc.Strategy, sc.Overrides),
		Plot: newPlot(),
	}
	ch.rows = len(rows)
	p := ch.Plot
	hz := float64(sc.Horizon)
	timeAxis(p, sc.Start, hz, o.dates())
	p.Add(verticalGrid())

	var segs []segment
	var used [sim.NumStages]bool
	var outcomes [numOutcomes]plotter.XYs // where each outcome is marked
	var marks []label
	ticks := make([]plot.Tick, len(rows))
	for i, r := range rows {
		y := len(rows) - 1 - i
		ticks[i] = plot.Tick{Value: float64(y), Label: r.Name}
		for _, sp := range r.Spans {
			segs = append(segs, segment{Row: y, X0: sp.Start, X1: sp.End, Color: stageColors[sp.Stage]})
			used[sp.Stage] = true
		}
		oc := outcomeOf(r.Status)
		outcomes[oc] = append(outcomes[oc], plotter.XY{X: r.End, Y: float64(y)})
		marks = append(marks, label{X: r.End, Y: float64(y), Text: r.Outcome})
	}
	ch.add("spans", &segments{Segs: segs, Height: barHeight})
	ends := &glyphs{Points: outcomes}
	ch.add("outcomes", ends)
	ch.add("outcome labels", newLabels(marks, vg.Points(9))) // clear of the marker
	stageKeys(ch, used)
	for oc := range numOutcomes {
		if len(outcomes[oc]) > 0 {
			k := outcomeKeys[oc]
			if oc == ocOperational && o.dates() {
				k = "operational (date)"
			}
			ch.key(k, glyphKey{outcomeStyle(oc)})
		}
	}

	p.Y.Min, p.Y.Max = -0.5, float64(len(rows))-0.5
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	hideAxisLine(&p.Y)
	return ch, nil
}

// timelineRow is one unit instance's row.
type timelineRow struct {
	Name    string
	Spans   []stageSpan
	Status  sim.Status
	End     float64 // the day its outcome is marked
	Outcome string
}

// stageSpan is a stretch of time in one stage.
type stageSpan struct {
	Stage      sim.Stage
	Start, End float64
}

// timelineRows turns the replication's unit instances into rows, sorted
// by the day they became operational, then by the day they stopped.
func timelineRows(sc *sim.Scenario, rep *sim.Replication, dates bool) ([]timelineRow, error) {
	hz := float64(sc.Horizon)
	rows := make([]timelineRow, len(rep.Units))
	for i, u := range rep.Units {
		if u.Unit < 0 || u.Unit >= len(sc.Units) {
			return nil, fmt.Errorf("plots: replication unit %d refers to unit %d, which the scenario does not have", i, u.Unit)
		}
		su := &sc.Units[u.Unit]
		r := timelineRow{Name: su.Name, Status: u.Status}
		if r.Name == "" {
			r.Name = su.ID
		}
		if su.Count > 1 {
			r.Name += fmt.Sprintf(" #%d", u.Instance)
		}
		last := 0.0
		for _, sp := range u.Spans {
			last = max(last, sp.End)
			if sp.End > sp.Start {
				r.Spans = append(r.Spans, stageSpan{Stage: sp.Stage, Start: sp.Start, End: sp.End})
			}
		}
		switch u.Status {
		case sim.Operational:
			r.End = u.Operational
			r.Outcome = "day " + dayNumber(math.Round(u.Operational))
			if su.InPlace {
				r.Outcome = "in place"
			} else if dates {
				// The date as sim writes it: the calendar day the moment falls on.
				r.Outcome = dateString(sc.Start.Add(time.Duration(u.Operational * float64(24*time.Hour))))
			}
		case sim.InPipeline:
			r.End = hz
			r.Outcome = ""
		default:
			r.End = last
			r.Outcome = dropout(u.Status)
			if (u.Status == sim.Left || u.Status == sim.Repatriated) && !math.IsNaN(u.Left) {
				r.End = u.Left
				r.Outcome += ", day " + dayNumber(math.Round(u.Left))
			}
		}
		rows[i] = r
	}
	slices.SortStableFunc(rows, func(a, b timelineRow) int {
		ao, bo := a.Status == sim.Operational, b.Status == sim.Operational
		if ao != bo {
			if ao {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.End, b.End)
	})
	return rows, nil
}

// dropout says why a unit dropped out.
func dropout(s sim.Status) string {
	switch s {
	case sim.Gap:
		return "gap: never pledged"
	case sim.Refused:
		return "refused by parliament"
	case sim.Blocked:
		return "blocked: donor at its floor"
	case sim.Left:
		return "left for good"
	case sim.Repatriated:
		return "repatriated"
	case sim.NotReplaced:
		return "left, not replaced"
	case sim.NotActivated:
		return "standby not used"
	case sim.Rotating:
		return "between contingents"
	}
	return s.String()
}

// outcome kinds, each with its marker.
type outcomeKind int

const (
	ocOperational outcomeKind = iota
	ocDropped
	ocPipeline
	numOutcomes
)

func outcomeOf(s sim.Status) outcomeKind {
	switch s {
	case sim.Operational:
		return ocOperational
	case sim.InPipeline:
		return ocPipeline
	}
	return ocDropped
}

var outcomeKeys = [numOutcomes]string{
	ocOperational: "operational (day)",
	ocDropped:     "dropped out, or left",
	ocPipeline:    "still on its way at the horizon",
}

func outcomeStyle(k outcomeKind) draw.GlyphStyle {
	switch k {
	case ocOperational:
		return draw.GlyphStyle{Color: black, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	case ocDropped:
		return draw.GlyphStyle{Color: black, Radius: vg.Points(4.5), Shape: thickCross{}}
	}
	return draw.GlyphStyle{Color: black, Radius: vg.Points(4.5), Shape: arrowGlyph{}}
}

// glyphs draws each outcome's markers.
type glyphs struct {
	Points [numOutcomes]plotter.XYs
}

func (g *glyphs) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	for k, pts := range g.Points {
		sty := outcomeStyle(outcomeKind(k))
		for _, pt := range pts {
			c.DrawGlyphNoClip(sty, vg.Point{X: x(pt.X), Y: y(pt.Y)})
		}
	}
}

// thickCross is an × drawn with thick strokes, to read at a glance.
type thickCross struct{}

func (thickCross) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 0.8
	ls := line(sty.Color, 2)
	c.StrokeLine2(ls, pt.X-r, pt.Y-r, pt.X+r, pt.Y+r)
	c.StrokeLine2(ls, pt.X-r, pt.Y+r, pt.X+r, pt.Y-r)
}
