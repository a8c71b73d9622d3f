package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/surge-sim/surge/sim"
)

// targetFractions are the shares of the target TimeToTarget shows, with
// their colours.
var targetFractions = [...]struct {
	f float64
	c color.RGBA
}{{0.9, blue}, {1, vermillion}}

// histogramAlpha is the opacity of histogram bars, so that the two
// distributions show through each other.
const histogramAlpha = 0.35

// TimeToTarget draws the distributions of the days to reach 90% and 100% of
// the target, from res.Samples: a histogram of the runs that get there
// (share of runs per period, left axis) with the share of runs that have
// got there by each day overlaid (right axis), the benchmarks, and in the
// legend the share of runs that never get there within the horizon. When no
// run gets there, it says so on the chart.
func TimeToTarget(res *sim.Result, o *Options) (*Chart, error) {
	if res == nil {
		return nil, fmt.Errorf("%w: no result", ErrNoData)
	}
	start, err := parseStart(res.Scenario.Start)
	if err != nil {
		return nil, err
	}
	hz := horizon(res)
	width := binWidth(hz)
	var dists []reach
	for _, tf := range targetFractions {
		s, err := samplesOf(res, tf.f)
		if err != nil {
			return nil, err
		}
		d := reachOf(days(s.Days), hz, width, neverOf(res, tf.f, s))
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

	top := 0.0
	for _, d := range dists {
		for _, b := range d.Bins {
			top = max(top, b.Weight)
		}
	}
	step := shareStep(top * 1.15)
	ymax := step * math.Ceil(top*1.15/step)
	if top == 0 {
		ymax = step // an empty histogram: keep a sensible scale
	}
	p.Y.Min, p.Y.Max = 0, ymax
	p.Y.Tick.Marker = percentTicks{Step: step, Minor: step / 2}
	p.Y.Label.Text = fmt.Sprintf("%% of runs per %s days (bars)", dayNumber(width))
	// The right axis runs up to a round share above the highest share of
	// runs that got there, so that the lines can be read even when few
	// runs get there.
	got := 0.0
	for _, d := range dists {
		got = max(got, float64(d.Reached)/float64(max(1, d.Runs)))
	}
	rtop := 1.0 // and 0 to 100% when no run got there
	for _, s := range []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5} {
		if got > 0 && got*1.05 <= s { // 5% headroom, so the line does not run along the top
			rtop = s
			break
		}
	}
	ch.right = &rightAxis{Label: "% of runs that got there (lines)", Scale: rtop / ymax}
	rstep := shareStep(rtop)
	for k := 0.0; k*rstep <= rtop+1e-9; k++ {
		ch.right.Ticks = append(ch.right.Ticks, plot.Tick{Value: k * rstep / ch.right.Scale,
			Label: strconv.FormatFloat(math.Round(k*rstep*1000)/10, 'f', -1, 64) + "%"})
	}

	reached := false
	hists := make([]*plotter.Histogram, len(dists))
	for i, d := range dists {
		c := targetFractions[i].c
		hists[i] = &plotter.Histogram{Bins: d.Bins, FillColor: tint(c, histogramAlpha), LineStyle: line(c, 0.8)}
		ch.add("histogram "+percentShort(d.Fraction), hists[i])
		reached = reached || d.Reached > 0
	}
	// The lines go over all the bars, the later fraction's first and wider,
	// so that where the two coincide (when reaching 90% takes every unit)
	// both still show.
	lines := make([]*plotter.Line, len(dists))
	for i := len(dists) - 1; i >= 0; i-- {
		d := dists[i]
		width := 2.0 + 1.4*float64(i) // points
		lines[i] = &plotter.Line{XYs: scaledCDF(d.CDF, 1/ch.right.Scale), LineStyle: line(targetFractions[i].c, width)}
		ch.add("cdf "+percentShort(d.Fraction), lines[i])
	}
	for i, d := range dists {
		ch.key(fmt.Sprintf("%s: never within horizon in %s of runs", percentShort(d.Fraction), percent(d.Never)),
			swatch{Fill: hists[i].FillColor, Edge: hists[i].LineStyle}, lineKey{lines[i].LineStyle})
	}
	benchmarks(ch, []*sim.Result{res}, nil, false)
	ch.add("right axis", ch.right)
	if !reached {
		ch.add("note", centerNote{fmt.Sprintf("No run reached 90%% of the target within the %s-day horizon", dayNumber(hz))})
	}
	ch.note(fmt.Sprintf("Bars: share of runs that get there in each %s-day period. Lines: share of runs that have got there by each day.",
		dayNumber(width)))
	return ch, nil
}

// reach is the distribution of the days to reach a share of the target.
type reach struct {
	Fraction float64
	Runs     int     // replications
	Reached  int     // of which got there within the horizon
	Never    float64 // share of runs that never got there, as the result states it
	Bins     []plotter.HistogramBin
	CDF      plotter.XYs // share of runs that got there by each day, as steps
}

// reachOf bins the days (+Inf: never) into periods of width days from day 0
// to the horizon; a bin's weight is its share of all runs.
func reachOf(xs []float64, hz, width float64, never float64) reach {
	r := reach{Runs: len(xs), Never: never}
	n := int(math.Ceil(hz / width))
	counts := make([]int, n)
	var got []float64
	for _, x := range xs {
		if math.IsInf(x, 1) || x > hz {
			continue
		}
		got = append(got, x)
		counts[min(n-1, int(x/width))]++
	}
	r.Reached = len(got)
	total := float64(max(1, len(xs)))
	r.Bins = make([]plotter.HistogramBin, n)
	for i := range n {
		r.Bins[i] = plotter.HistogramBin{Min: float64(i) * width, Max: min(hz, float64(i+1)*width), Weight: float64(counts[i]) / total}
	}
	slices.Sort(got)
	r.CDF = append(r.CDF, plotter.XY{X: 0, Y: 0})
	for i, x := range got {
		r.CDF = append(r.CDF, plotter.XY{X: x, Y: float64(i) / total}, plotter.XY{X: x, Y: float64(i+1) / total})
	}
	r.CDF = append(r.CDF, plotter.XY{X: hz, Y: float64(len(got)) / total})
	return r
}

// scaledCDF maps a CDF's shares onto the left axis, multiplying them by k.
func scaledCDF(cdf plotter.XYs, k float64) plotter.XYs {
	out := make(plotter.XYs, len(cdf))
	for i, xy := range cdf {
		out[i] = plotter.XY{X: xy.X, Y: xy.Y * k}
	}
	return out
}

// binWidth chooses a histogram period: the shortest of a few round numbers
// of days that gives at most maxBins bins over the horizon.
func binWidth(hz float64) float64 {
	const maxBins = 60 // bars at least 8 points wide at 8 inches
	for _, w := range []float64{1, 2, 5, 7, 10, 14, 15, 30, 60, 90, 180, 365} {
		if hz/w <= maxBins {
			return w
		}
	}
	return math.Ceil(hz / maxBins)
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
