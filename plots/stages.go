package plots

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/surge-sim/surge/sim"
)

// barHeight is the thickness of a bar, in rows: the rest is the gap
// between rows.
const barHeight = 0.62

// Stages draws where the time goes: one horizontal bar per unit, made of
// the mean days the unit spends in each stage (res.Units[].Stages), in
// stage order and with the same colours as Timeline. Bars are sorted by
// the unit's median day operational, earliest at the top and units that
// are not operational in most runs at the bottom, so that the units that
// hold the surge up, and why, show at a glance.
func Stages(res *sim.Result, o *Options) (*Chart, error) {
	if res == nil || len(res.Units) == 0 {
		return nil, fmt.Errorf("%w: the result has no units", ErrNoData)
	}
	rows, err := stageRows(res.Units)
	if err != nil {
		return nil, err
	}
	ch := &Chart{
		Title:    heading(res),
		Subtitle: "Where the time goes: mean days each unit spends in each stage" + provenance(res),
		Plot:     newPlot(),
	}
	ch.rows = len(rows)
	p := ch.Plot
	p.Add(verticalGrid())

	var segs []segment
	var used [sim.NumStages]bool
	ticks := make([]plot.Tick, len(rows))
	var marks []label
	xmax := 0.0
	for i, r := range rows {
		y := len(rows) - 1 - i // the first to finish at the top
		ticks[i] = plot.Tick{Value: float64(y), Label: r.Name}
		x := 0.0
		for s, d := range r.Days {
			if d <= 0 {
				continue
			}
			segs = append(segs, segment{Row: y, X0: x, X1: x + d, Color: stageColors[s]})
			used[s] = true
			x += d
		}
		xmax = max(xmax, x)
		marks = append(marks, label{X: x, Y: float64(y), Text: r.Outcome})
	}
	bars := &segments{Segs: segs, Height: barHeight}
	ch.add("bars", bars)
	ch.add("outcomes", newLabels(marks, vg.Points(5)))
	stageKeys(ch, used)

	p.X.Min, p.X.Max = 0, max(1, xmax)
	p.X.Tick.Marker = newDayTicks(p.X.Max)
	p.X.Label.Text = "mean days in each stage (until operational, dropped out or the horizon)"
	p.Y.Min, p.Y.Max = -0.5, float64(len(rows))-0.5
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	hideAxisLine(&p.Y)
	if b := res.Bottleneck; b != nil {
		ch.note(fmt.Sprintf("Biggest bottleneck: %s, %s days on average for a member of the surge (%s of the time).",
			b.Label, dayNumber(float64(b.MeanDays)), roughPercent(float64(b.Share))))
	}
	ch.note("Right of each bar: the median day the unit is operational, or how often it is operational within the horizon.")
	return ch, nil
}

// stageRow is one unit's bar.
type stageRow struct {
	Name    string
	Days    [sim.NumStages]float64 // mean days per stage
	Finish  float64                // median day operational; +Inf: not in most runs
	Outcome string
}

// stageRows turns the units' stage means into bars, sorted by finish.
func stageRows(units []sim.UnitStat) ([]stageRow, error) {
	rows := make([]stageRow, len(units))
	for i, u := range units {
		r := stageRow{Name: u.Name, Finish: float64(u.OperationalP50)}
		if r.Name == "" {
			r.Name = u.ID
		}
		if u.Count > 1 {
			r.Name += fmt.Sprintf(" (×%d)", u.Count)
		}
		if u.OperationalP50.Never() {
			r.Finish = math.Inf(1)
		}
		for _, sd := range u.Stages {
			s, ok := stageNamed(sd.Stage)
			if !ok {
				return nil, fmt.Errorf("plots: unit %s: unknown stage %q", u.ID, sd.Stage)
			}
			r.Days[s] += float64(sd.MeanDays)
		}
		r.Outcome = outcome(u, r.Finish)
		rows[i] = r
	}
	slices.SortStableFunc(rows, func(a, b stageRow) int { return cmp.Compare(a.Finish, b.Finish) })
	return rows, nil
}

// outcome says when a unit is operational: "day 156", "day 308 (in 70% of
// runs)", or "operational in 20% of runs".
func outcome(u sim.UnitStat, finish float64) string {
	op := float64(u.Operational)
	switch {
	case math.IsInf(finish, 1):
		return "operational in " + roughPercent(op) + " of runs"
	case op == 1:
		return "day " + dayNumber(math.Round(finish))
	default:
		return fmt.Sprintf("day %s (in %s of runs)", dayNumber(math.Round(finish)), roughPercent(op))
	}
}

// roughPercent writes a share as a whole percentage, except near 0 and
// 100%, where it keeps a decimal so as not to round "some" to none or
// "most" to all: 0.2 is "20%", 0.997 "99.7%", 0.001 "0.1%".
func roughPercent(x float64) string {
	if r := math.Round(x * 100); (r == 0 || r == 100) && x != math.Round(x) {
		switch p := percent(x); p {
		case "0.0%":
			return "under 0.1%"
		case "100.0%":
			return "over 99.9%"
		default:
			return p
		}
	}
	return percentShort(math.Round(x*100) / 100)
}

// stageNamed returns the stage with a machine-readable name.
func stageNamed(name string) (sim.Stage, bool) {
	for s := range sim.NumStages {
		if s.String() == name {
			return s, true
		}
	}
	return 0, false
}

// stageKeys adds a legend entry for each stage used, in stage order.
func stageKeys(ch *Chart, used [sim.NumStages]bool) {
	for s := range sim.NumStages {
		if used[s] {
			ch.key(s.Label(), swatch{Fill: stageColors[s]})
		}
	}
}

// hideAxisLine keeps an axis's labels but not its line and tick marks.
func hideAxisLine(a *plot.Axis) {
	a.Width = 0
	a.Tick.Length = 0
	a.Padding = 0
}
