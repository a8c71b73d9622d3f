package plots

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"

	"github.com/surge-sim/surge/sim"
)

// dayTicks marks days after day 0 every Step days, labelled, with unlabelled
// minor ticks every Minor days.
type dayTicks struct {
	Step, Minor float64
}

// newDayTicks chooses steps that give at most maxDayLabels labels over
// horizon days: multiples of 30 days (a month) when the horizon allows.
func newDayTicks(horizon float64) dayTicks {
	const maxDayLabels = 10 // about 50 points apart at 8 inches: never crowded
	steps := []dayTicks{{1, 0}, {2, 1}, {5, 1}, {10, 5}, {30, 10}, {60, 30}, {90, 30}, {180, 30}, {360, 90}, {720, 180}}
	for _, s := range steps {
		if horizon/s.Step <= maxDayLabels {
			return s
		}
	}
	s := math.Pow(10, math.Ceil(math.Log10(horizon/maxDayLabels)))
	return dayTicks{s, s / 2}
}

func (d dayTicks) Ticks(lo, hi float64) []plot.Tick {
	if tooMany(lo, hi, d.Step) {
		return fallbackTicks(lo, hi)
	}
	if tooMany(lo, hi, d.Minor) {
		d.Minor = 0
	}
	var ticks []plot.Tick
	if d.Minor > 0 {
		for v := math.Ceil(lo/d.Minor) * d.Minor; v <= hi; v += d.Minor {
			if math.Mod(v, d.Step) != 0 {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	for v := math.Ceil(lo/d.Step) * d.Step; v <= hi; v += d.Step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// dateTicks marks day 0 and the first of each month on an axis of days
// after Start, labelling every Every months (as "Apr 2014") from the first
// month on. Day 0's tick has no label, so that the first months, where
// the benchmarks usually are, have theirs; the axis's title gives day 0's
// date.
type dateTicks struct {
	Start time.Time
	Every int
}

func newDateTicks(start time.Time, horizon float64) dateTicks {
	const (
		maxDateLabels = 8     // "Sep" is about 20 points wide at 11 points, "Jan 2015" 45
		monthDays     = 30.44 // days in an average month
	)
	months := horizon / monthDays
	every := 12 * int(math.Ceil(months/12/maxDateLabels))
	for _, e := range []int{1, 2, 3, 6} {
		if months/float64(e) <= maxDateLabels {
			every = e
			break
		}
	}
	return dateTicks{Start: start, Every: every}
}

func (d dateTicks) Ticks(lo, hi float64) []plot.Tick {
	if tooMany(lo, hi, 31) || hi > 1e6 || lo < -1e6 { // a month each; dates past year 4700 fail
		return fallbackTicks(lo, hi)
	}
	ticks := []plot.Tick{{Value: 0}}
	first := time.Date(d.Start.Year(), d.Start.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	labelled := false
	for m := first; ; m = m.AddDate(0, 1, 0) {
		v := dayOf(d.Start, m)
		if v > hi {
			break
		}
		if v < lo {
			continue
		}
		t := plot.Tick{Value: v}
		// Label months on the grid of Every months from January, with the
		// year on the first and on January's.
		if (int(m.Month())-1)%d.Every == 0 {
			t.Label = m.Format("Jan")
			if !labelled || m.Month() == time.January {
				t.Label = m.Format("Jan 2006")
			}
			labelled = true
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// dayOf returns the days from start to t, both read as UTC calendar dates.
func dayOf(start, t time.Time) float64 {
	s := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	return math.Round(t.Sub(s).Hours() / 24)
}

// percentTicks marks shares (0.25 is 25%) every Step, labelled as
// percentages, with unlabelled minor ticks every Minor, up to Max if it is
// above zero (to leave the room above a target line unmarked).
type percentTicks struct {
	Step, Minor, Max float64
}

func (p percentTicks) Ticks(lo, hi float64) []plot.Tick {
	if p.Max > 0 {
		hi = min(hi, p.Max)
	}
	if tooMany(lo, hi, p.Minor) {
		return fallbackTicks(lo, hi)
	}
	var ticks []plot.Tick
	const eps = 1e-9 // to count 0.3 as a multiple of 0.1
	for i := math.Ceil(lo/p.Minor - eps); i*p.Minor <= hi+eps; i++ {
		v := i * p.Minor
		if v == 0 {
			v = 0 // not -0, which would print as "-0%"
		}
		if r := v / p.Step; math.Abs(r-math.Round(r)) < eps {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + "%"})
		} else {
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

// maxTicks bounds the ticks of an axis: a hand-edited result, or an
// observed value of 1e18, would otherwise ask for billions of them.
const maxTicks = 1000

// tooMany reports whether marking lo to hi every step would pass maxTicks,
// or count in steps too small to change the values (so that a loop adding
// the step would never end), or lo or hi is not finite.
func tooMany(lo, hi, step float64) bool {
	if !finite(lo) || !finite(hi) || !(step > 0) {
		return true
	}
	return (hi-lo)/step > maxTicks || max(math.Abs(lo), math.Abs(hi))/step > 1e12
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// fallbackTicks marks an axis where a marker's own steps would be too many:
// gonum's default ticks, which choose their step from the range, or none
// on an axis that is not finite.
func fallbackTicks(lo, hi float64) []plot.Tick {
	switch {
	case !finite(lo) || !finite(hi) || !finite(hi-lo):
		return nil
	case hi <= lo: // gonum's panic on an empty range
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	return plot.DefaultTicks{}.Ticks(lo, hi)
}

// timeAxis makes p's X axis run from day 0 to the horizon, in days or, with
// dates, in calendar dates, and says what day 0 is.
func timeAxis(p *plot.Plot, start time.Time, horizon float64, dates bool) {
	p.X.Min, p.X.Max = 0, horizon
	if dates {
		p.X.Tick.Marker = newDateTicks(start, horizon)
		p.X.Label.Text = fmt.Sprintf("date (day 0: %s, resolution adopted)", dateString(start))
		return
	}
	p.X.Tick.Marker = newDayTicks(horizon)
	p.X.Label.Text = fmt.Sprintf("days after %s (resolution adopted)", dateString(start))
}

// parseStart reads a result's date of day 0.
func parseStart(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("plots: the result's scenario start %q is not a date such as 2013-12-24", s)
	}
	return t, nil
}

// dateString writes a date as "24 Dec 2013", as surge's report does.
func dateString(t time.Time) string { return t.Format("2 Jan 2006") }

// thousands writes an integer with thousands separators: 5,923.
func thousands(n int) string { return sim.Thousands(n) }

// percent writes a share with one decimal: 0.845 is "84.5%".
func percent(x float64) string { return strconv.FormatFloat(x*100, 'f', 1, 64) + "%" }

// runs writes a number of replications: "1,000 runs", "1 run".
func runs(n int) string {
	if n == 1 {
		return "1 run"
	}
	return thousands(n) + " runs"
}

// dayNumber writes a day: 156, or 156.5 if it is not whole.
func dayNumber(d float64) string { return strconv.FormatFloat(math.Round(d*10)/10, 'f', -1, 64) }
