package plots

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/surge-sim/surge/sim"
)

// compareFraction is the share of the target CompareDays compares.
const compareFraction = 0.9

// compareBandAlpha is the opacity of each result's band: light enough for
// two or three to show through each other.
const compareBandAlpha = 0.22

// CompareCurves draws several results on one chart, such as the same
// scenario under different strategies: for each, the median share of the
// target operational by day, with the middle 50% of runs as a band. labels
// name the results, in order; nil names them after their scenarios. The
// time axis starts at the first result's day 0.
func CompareCurves(results []*sim.Result, labels []string, o *Options) (*Chart, error) {
	labels, err := checkCompare(results, labels)
	if err != nil {
		return nil, err
	}
	for i, r := range results {
		if len(r.Daily) == 0 {
			return nil, fmt.Errorf("%w: result %d (%s) has no daily series", ErrNoData, i+1, labels[i])
		}
	}
	ch, err := compareChart(results, o, "Share of the target operational at the end of each day: median and middle 50% of runs")
	if err != nil {
		return nil, err
	}
	p := ch.Plot
	p.Add(horizontalGrid())
	top := 1.0
	for i, r := range results {
		c := series(i)
		f := fanOf(r.Daily)
		b := &band{X: f.Day, Lo: f.P25, Hi: f.P75, Color: tint(c, compareBandAlpha)}
		ch.add(fmt.Sprintf("band50 %d", i), b)
		for _, d := range r.Daily {
			top = max(top, float64(d.P75))
		}
	}
	var medians [][]float64
	var same []string
	for i, r := range results {
		c := series(i)
		f := fanOf(r.Daily)
		m := medianLine(f.Day, f.P50, c)
		text := labels[i]
		// A curve that is an earlier one's on most days would hide it: it
		// is drawn dashed, so that the earlier one shows between its
		// dashes, and said to coincide.
		for j, p50 := range medians {
			k, exact := sameDays(p50, f.P50)
			if k < coincideShare {
				continue
			}
			m.LineStyle.Dashes = []vg.Length{vg.Points(7), vg.Points(7)}
			if exact {
				text += " (same as " + labels[j] + ")"
				same = append(same, labels[i]+"'s median is "+labels[j]+"'s, day for day")
			} else {
				text += " (mostly as " + labels[j] + ")"
				same = append(same, fmt.Sprintf("%s's median is within a point of %s's on %s of days", labels[i], labels[j], percent(k)))
			}
			break
		}
		medians = append(medians, f.P50)
		ch.add(fmt.Sprintf("median %d", i), m)
		ch.key(text, swatch{Fill: tint(c, compareBandAlpha)}, m)
	}
	if len(same) > 0 {
		ch.note("Curves that coincide are dashed: " + strings.Join(same, "; ") + ".")
	}
	ch.add("target", &hLine{Y: 1, Label: "target", Style: line(black, 1.2, 6, 3), Text: style(textSize, black)})
	if sameScenario(results) {
		benchmarks(ch, results, labels, true)
	}
	shareAxis(p, top, sameScenario(results) && len(results[0].Benchmarks) > 0)
	return ch, nil
}

// coincideShare is the share of days on which two curves must be the same
// for the later one to be drawn dashed and said to coincide; the same
// means within coincideTol of the target, about the width of a line at
// the default size (a point is about 0.4% of the axis).
const (
	coincideShare = 0.9
	coincideTol   = 0.01
)

// sameDays returns the share of days on which two series are within
// coincideTol, and whether they are equal on every day.
func sameDays(a, b []float64) (share float64, exact bool) {
	if len(a) != len(b) || len(a) == 0 {
		return 0, false
	}
	n, exact := 0, true
	for i := range a {
		if math.Abs(a[i]-b[i]) <= coincideTol {
			n++
		}
		exact = exact && a[i] == b[i]
	}
	return float64(n) / float64(len(a)), exact
}

// CompareDays draws, for each result, a box plot of the days to reach 90%
// of the target (from res.Samples): the box spans the middle 50% of runs,
// the thick line is the median and the whiskers reach the 5th and 95th
// percentiles. Runs that never get there within the horizon are counted
// at the horizon, which the axis label says, and the share of such runs is
// written beside each box. labels are as for CompareCurves.
func CompareDays(results []*sim.Result, labels []string, o *Options) (*Chart, error) {
	labels, err := checkCompare(results, labels)
	if err != nil {
		return nil, err
	}
	var bs []box
	var marks []label
	ticks := make([]plot.Tick, len(results))
	hz := 0.0
	for _, r := range results {
		hz = max(hz, horizon(r))
	}
	for i, r := range results {
		s, err := samplesOf(r, compareFraction)
		if err != nil {
			return nil, fmt.Errorf("result %d (%s): %w", i+1, labels[i], err)
		}
		row := len(results) - 1 - i // the first at the top
		b := boxOf(days(s.Days), horizon(r))
		b.Row, b.Color = row, series(i)
		bs = append(bs, b)
		ticks[i] = plot.Tick{Value: float64(row), Label: labels[i]}
		marks = append(marks, label{X: hz, Y: float64(row),
			Text: "never: " + percent(neverOf(r, compareFraction, s))})
	}
	ch, err := compareChart(results, o, "Days to reach 90% of the target")
	if err != nil {
		return nil, err
	}
	p := ch.Plot
	p.Add(verticalGrid())
	ch.add("boxes", &boxes{Boxes: bs, Height: 0.5})
	ch.add("never", newLabels(marks, vg.Points(6)))
	p.X.Label.Text = strings.Replace(p.X.Label.Text, "days after", "day 90% is reached, after", 1)
	if o.dates() {
		p.X.Label.Text = "date 90% is reached"
	}
	p.X.Label.Text += fmt.Sprintf("; never = the %s-day horizon", dayNumber(hz))
	p.Y.Min, p.Y.Max = -0.5, float64(len(results))-0.5
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	hideAxisLine(&p.Y)
	ch.note("Box: middle 50% of runs; thick line: median; whiskers: 5th to 95th percentile. " +
		"Runs that never reach 90% within the horizon count as reaching it on the last day; the share of them is on the right.")
	return ch, nil
}

// checkCompare checks the results and labels of a comparison and returns
// the labels, made up from the scenario names when nil.
func checkCompare(results []*sim.Result, labels []string) ([]string, error) {
	if len(results) == 0 {
		return nil, fmt.Errorf("%w: no results to compare", ErrNoData)
	}
	if labels != nil && len(labels) != len(results) {
		return nil, fmt.Errorf("plots: %d labels for %d results", len(labels), len(results))
	}
	for i, r := range results {
		if r == nil {
			return nil, fmt.Errorf("%w: result %d is nil", ErrNoData, i+1)
		}
	}
	if labels != nil {
		return labels, nil
	}
	labels = make([]string, len(results))
	for i, r := range results {
		labels[i] = r.Scenario.Name
		if slices.Contains(labels[:i], labels[i]) || (i == 0 && len(results) > 1 && sameScenario(results)) {
			labels[i] = fmt.Sprintf("%s (%d)", r.Scenario.Name, i+1)
		}
	}
	return labels, nil
}

// compareChart starts a comparison chart: title, subtitle and time axis.
func compareChart(results []*sim.Result, o *Options, what string) (*Chart, error) {
	start, err := parseStart(results[0].Scenario.Start)
	if err != nil {
		return nil, err
	}
	hz := 0.0
	sameStart := true
	for _, r := range results {
		hz = max(hz, horizon(r))
		sameStart = sameStart && r.Scenario.Start == results[0].Scenario.Start
	}
	ch := &Chart{Plot: newPlot(), Subtitle: what}
	if sameScenario(results) {
		ch.Title = results[0].Scenario.Title
		if ch.Title == "" {
			ch.Title = results[0].Scenario.Name
		}
		ch.Title += fmt.Sprintf(" — %d variants", len(results))
	} else {
		ch.Title = fmt.Sprintf("%d scenarios compared", len(results))
	}
	n := make([]string, len(results))
	for i, r := range results {
		n[i] = thousands(r.Replications)
	}
	if slices.Equal(slices.Compact(slices.Clone(n)), n[:1]) {
		ch.Subtitle += " (" + runs(results[0].Replications) + " each)"
	} else {
		ch.Subtitle += " (" + strings.Join(n, ", ") + " runs)"
	}
	if sameScenario(results) && results[0].Strategy == "" {
		// The baseline's overrides, which every strategy's run has too.
		if w := whatIf("", results[0].Overrides); w != "" {
			ch.Subtitle += "; every run with" + strings.TrimPrefix(w, ",")
		}
	}
	timeAxis(ch.Plot, start, hz, o.dates() && sameStart)
	if !sameStart {
		ch.Plot.X.Label.Text = "days after each scenario's day 0 (its resolution)"
	}
	return ch, nil
}

// sameScenario reports whether the results all come from one scenario.
func sameScenario(results []*sim.Result) bool {
	for _, r := range results[1:] {
		if r.Scenario.Name != results[0].Scenario.Name || r.Scenario.Start != results[0].Scenario.Start {
			return false
		}
	}
	return true
}

// boxOf summarizes days (+Inf: never) with never clipped at the horizon:
// the 5th, 25th, 50th, 75th and 95th percentiles, as sim computes them
// (gonum's empirical quantile).
func boxOf(xs []float64, hz float64) box {
	v := make([]float64, len(xs))
	for i, x := range xs {
		v[i] = min(x, hz)
	}
	slices.Sort(v)
	q := func(p float64) float64 { return stat.Quantile(p, stat.Empirical, v, nil) }
	if len(v) == 0 {
		return box{Low: hz, Q1: hz, Median: hz, Q3: hz, Hi: hz}
	}
	return box{Low: q(0.05), Q1: q(0.25), Median: q(0.5), Q3: q(0.75), Hi: q(0.95)}
}
