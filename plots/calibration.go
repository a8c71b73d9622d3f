package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/surge-sim/surge/sim"
)

// pitBins is the number of bars of a calibration chart: deciles.
const pitBins = 10

// Calibration draws where observed months fell within their simulated
// distributions: a histogram of their probability integral transforms
// (PIT), the share of replications below each observation. Calibrated
// forecasts put a tenth of the months in each decile; bars high at the
// left mean the observations were often below the simulated range (the
// forecasts too fast), high at the right often above it, high at both ends
// bands too narrow, high in the middle bands too wide. A month that ties
// with replications (the simulation is lumpy) counts in every decile its
// PIT could be in, in proportion. title names the months, such as "the
// out-of-sample backtests".
func Calibration(points []sim.ObservedPoint, title, subtitle string, o *Options) (*Chart, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("%w: no observed months", ErrNoData)
	}
	var bins [pitBins]float64
	for _, p := range points {
		lo, hi := float64(p.PITLow), float64(p.PITHigh)
		if hi-lo < 1e-12 {
			bins[min(pitBins-1, int(lo*pitBins))]++
			continue
		}
		for b := range pitBins {
			a, z := float64(b)/pitBins, float64(b+1)/pitBins
			bins[b] += max(0, min(hi, z)-max(lo, a)) / (hi - lo)
		}
	}
	n := float64(len(points))
	vals := make(plotter.Values, pitBins)
	top := 0.0
	for b := range bins {
		vals[b] = bins[b] / n
		top = max(top, vals[b])
	}
	s := sim.Score(points)
	ch := &Chart{
		Title:    "Calibration of " + title,
		Subtitle: subtitle,
		Plot:     newPlot(),
	}
	p := ch.Plot
	p.Add(horizontalGrid())
	bars, err := plotter.NewBarChart(vals, vg.Points(30))
	if err != nil {
		return nil, err
	}
	bars.Color = blue
	bars.LineStyle = line(blue, 0)
	ch.add("bars", bars)
	even := &hLine{Y: 1.0 / pitBins, Style: line(black, 1.5, 6, 4)}
	ch.add("even", even)
	step := shareStep(max(top, 0.1) * 1.15)
	p.Y.Min, p.Y.Max = 0, step*math.Ceil(max(top, 0.1)*1.15/step)
	p.Y.Tick.Marker = percentTicks{Step: step, Minor: step / 2}
	p.Y.Label.Text = "% of observed months"
	p.X.Min, p.X.Max = -0.6, pitBins-0.4
	p.X.Tick.Marker = pitTicks{}
	p.X.Label.Text = "where the observed month fell in its simulated distribution (share of runs below it)"
	ch.key(fmt.Sprintf("observed months (%d)", len(points)), bars)
	ch.key("calibrated: a tenth in each band", even)
	ch.note(fmt.Sprintf("The simulated 50%%, 80%% and 90%% bands held %s, %s and %s of the months (calibrated: 50%%, 80%%, 90%%). "+
		"Bars high at the left: observations below the simulated range, the forecasts too fast; at the right: above it, too slow; "+
		"at both ends: bands too narrow.", percent(float64(s.Coverage50)), percent(float64(s.Coverage)), percent(float64(s.Coverage90))))
	return ch, nil
}

// pitTicks labels the deciles of the PIT under their bars.
type pitTicks struct{}

func (pitTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for b := range pitBins {
		ticks = append(ticks, plot.Tick{Value: float64(b), Label: fmt.Sprintf("%d-%d%%", 10*b, 10*(b+1))})
	}
	return ticks
}
