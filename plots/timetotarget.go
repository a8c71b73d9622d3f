package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/surge-sim/surge/sim"
)

// targetFractions are the shares of the target TimeToTarget shows, with
// their colours.
var targetFractions = [...]struct {
	f float64
	c color.RGBA
}{{0.9, blue}, {1, vermillion}}

// TimeToTarget draws the distributions of the days to reach 90% and 100% of
// the target, from res.Samples, on one axis: for each, the share of runs
// that have got there by each day (a cumulative distribution), with its
// median day marked where half the runs have got there, the benchmarks, and
// in the legend the share of runs that never get there within the horizon.
// The axis runs to a round share above the most that get there, so that
// the lines can be read even when few do. When no run gets there, it says
// so on the chart.
func TimeToTarget(res *sim.Result, o *Options) (*Chart, error) {
	if res == nil {
		return nil, fmt.Errorf("%w: no result", ErrNoData)
	}
	start, err := parseStart(res.Scenario.Start)
	if err != nil {
		return nil, err
	}
	hz := horizon(res)
	var dists []reach
	for _, tf := range targetFractions {
		s, err := samplesOf(res, tf.f)
		if err != nil {
			return nil, err
		}
		d := reachOf(days(s.Days), hz, neverOf(res, tf.f, s))
		d.Fraction = tf.f
		dists = append(dists, d)
	}

	ch := &Chart{
		Title: heading(res),
		Subtitle: fmt.Sprintf("Days to reach 90%% and 100%% of the target (%s personnel)%s",
			thousands(res.Target.Total), provenance(res)),
		Plot: newPlot(),
	}
	p := ch.Plot
	timeAxis(p, start, hz, o.dates())
	p.Add(horizontalGrid())

	got := 0.0
	for _, d := range dists {
		got = max(got, float64(d.Reached)/float64(max(1, d.Runs)))
	}
	top := 1.0 // and 0 to 100% when no run got there
	for _, s := range []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5} {
		if got > 0 && got*1.05 <= s { // 5% headroom, so the line does not run along the top
			top = s
			break
		}
	}
	step := shareStep(top)
	p.Y.Min, p.Y.Max = 0, top
	p.Y.Tick.Marker = percentTicks{Step: step, Minor: step / 2}
	p.Y.Label.Text = "runs that have got there (%)"

	// The later fraction's line first and wider, so that where the two
	// coincide (when reaching 90% takes every unit) both still show.
	reached := false
	lines := make([]*plotter.Line, len(dists))
	for i := len(dists) - 1; i >= 0; i-- {
		d := dists[i]
		reached = reached || d.Reached > 0
		width := 2.0 + 1.4*float64(i) // points
		lines[i] = &plotter.Line{XYs: d.CDF, LineStyle: line(targetFractions[i].c, width)}
		ch.add("cdf "+percentShort(d.Fraction), lines[i])
	}
	// When every run that reaches 90% reaches 100% the same day, the two
	// lines coincide: the narrower shows inside the wider, and a note and
	// one median label say so.
	coincide := len(dists) == 2 && slices.Equal(dists[0].CDF, dists[1].CDF)
	var medians []label
	for i, d := range dists {
		if coincide && i > 0 {
			break
		}
		if m, ok := d.median(); ok && top >= 0.5 {
			text := fmt.Sprintf("median: day %s", dayNumber(m))
			if coincide {
				text += " (90% and 100%)"
			}
			medians = append(medians, label{X: m, Y: 0.5, Text: text})
			dot, _ := plotter.NewScatter(plotter.XYs{{X: m, Y: 0.5}})
			dot.GlyphStyle = draw.GlyphStyle{Color: targetFractions[i].c, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
			ch.add("median "+percentShort(d.Fraction), dot)
		}
	}
	for i, d := range dists {
		ch.key(fmt.Sprintf("%s: never within horizon in %s of runs", percentShort(d.Fraction), percent(d.Never)),
			lineKey{lines[i].LineStyle})
	}
	benchmarks(ch, []*sim.Result{res}, nil, false)
	if len(medians) > 0 {
		ch.add("medians", newLabels(medians, vg.Points(6)))
	}
	if !reached {
		ch.add("note", centerNote{fmt.Sprintf("No run reached 90%% of the target within the %s-day horizon", dayNumber(hz))})
	}
	ch.note("Each line climbs as runs get there; the rest of the runs never get there within the horizon.")
	if coincide {
		ch.note("The two lines coincide: every run that reaches 90% of the target reaches 100% the same day.")
	}
	return ch, nil
}

// reach is the distribution of the days to reach a share of the target.
type reach struct {
	Fraction float64
	Runs     int         // replications
	Reached  int         // of which got there within the horizon
	Never    float64     // share of runs that never got there, as the result states it
	CDF      plotter.XYs // share of runs that got there by each day, as steps
}

// reachOf returns the distribution of the days (+Inf: never) to the horizon.
func reachOf(xs []float64, hz float64, never float64) reach {
	r := reach{Runs: len(xs), Never: never}
	var got []float64
	for _, x := range xs {
		if math.IsInf(x, 1) || x > hz {
			continue
		}
		got = append(got, x)
	}
	r.Reached = len(got)
	total := float64(max(1, len(xs)))
	slices.Sort(got)
	r.CDF = append(r.CDF, plotter.XY{X: 0, Y: 0})
	for i, x := range got {
		r.CDF = append(r.CDF, plotter.XY{X: x, Y: float64(i) / total}, plotter.XY{X: x, Y: float64(i+1) / total})
	}
	r.CDF = append(r.CDF, plotter.XY{X: hz, Y: float64(len(got)) / total})
	return r
}

// median returns the first day by which half the runs have got there, if
// they do within the horizon.
func (r reach) median() (float64, bool) {
	for _, xy := range r.CDF {
		if xy.Y >= 0.5 {
			return xy.X, true
		}
	}
	return 0, false
}

// shareStep chooses the step of a share axis from 0 to top: a round share
// that gives at most six steps.
func shareStep(top float64) float64 {
	const maxSteps = 6
	for _, s := range []float64{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5} {
		if top/s <= maxSteps {
			return s
		}
	}
	return 1
}

// samplesOf returns res's samples of the days to fraction f.
func samplesOf(res *sim.Result, f float64) (sim.FractionSamples, error) {
	const tol = 1e-9 // fractions are written with four decimals at most
	for _, s := range res.Samples {
		if math.Abs(float64(s.Fraction)-f) < tol {
			if len(s.Days) == 0 {
				break
			}
			return s, nil
		}
	}
	return sim.FractionSamples{}, fmt.Errorf("%w: the result has no samples of the days to %s of the target", ErrNoData, percentShort(f))
}

// neverOf returns the share of runs that never reach fraction f: as
// res.DaysToFraction states it, or else counted from the samples.
func neverOf(res *sim.Result, f float64, s sim.FractionSamples) float64 {
	const tol = 1e-9
	for _, st := range res.DaysToFraction {
		if math.Abs(float64(st.Fraction)-f) < tol && !math.IsNaN(float64(st.Never)) {
			return float64(st.Never)
		}
	}
	never := 0
	for _, d := range s.Days {
		if d.Never() {
			never++
		}
	}
	return float64(never) / float64(len(s.Days))
}
