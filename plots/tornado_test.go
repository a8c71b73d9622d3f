package plots

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/surge-sim/surge/sim"
	"github.com/surge-sim/surge/sim/sweep"
)

// sensitivity is a small analysis written by hand, ranked as sweep ranks
// it: a parameter that moves the metric both ways, one that moves it one
// way at both values, one that does not move it, and one whose runs
// failed.
func sensitivity() *sweep.Sensitivity {
	nan := sim.Num(math.NaN())
	return &sweep.Sensitivity{
		Header: sim.Header{SchemaVersion: 1, Replications: 500, Seed: 3,
			Scenario: sim.ScenarioInfo{Name: "hand", Title: "Hand-made", Version: "1", Start: "2014-01-01", Horizon: 120}},

		Metric:   "share-at-90",
		Baseline: 0.5,
		Parameters: []sweep.Effect{
			{Key: "countries.china.consent", Low: "66.6667", High: "150.0", AtLow: 0.62, AtHigh: 0.31, Swing: 0.31},
			{Key: "lift.charter.count", Low: "1", High: "3", AtLow: 0.41, AtHigh: 0.6, Swing: 0.19},
			{Key: "reception.delay", Low: "3.8974", High: "10.7137", AtLow: 0.56, AtHigh: 0.53, Swing: 0.03},
			{Key: "airfields.juba.slots", Low: "1", High: "3", AtLow: 0.5, AtHigh: 0.5},
			{Key: "units.a.preparation", Low: "2", High: "9", AtLow: nan, AtHigh: nan, Swing: nan, Problem: "p90 below the median"},
		},
	}
}

// rowLabels returns the Y axis's labels, top to bottom.
func rowLabels(ch *Chart) []string {
	ticks := ch.Plot.Y.Tick.Marker.Ticks(ch.Plot.Y.Min, ch.Plot.Y.Max)
	slices.SortFunc(ticks, func(a, b plot.Tick) int { return int(b.Value - a.Value) })
	var out []string
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestTornadoBarsRunFromTheBaselineToEachEnd(t *testing.T) {
	t.Parallel()
	s := sensitivity()
	ch, err := Tornado(s, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	bars := find[*tornado](t, ch, "bars")
	ok := s.Parameters[:4] // the last has a problem
	if len(bars.Rows) != len(ok) {
		t.Fatalf("%d rows, want %d", len(bars.Rows), len(ok))
	}
	for i, e := range ok {
		r := bars.Rows[i]
		if r.Key != e.Key || r.Row != len(ok)-1-i {
			t.Errorf("row %d: %s on row %d, want %s on row %d", i, r.Key, r.Row, e.Key, len(ok)-1-i)
		}
		// Exactly the analysis's numbers: nothing computed on the way.
		if r.Base != float64(s.Baseline) || r.Low != float64(e.AtLow) || r.High != float64(e.AtHigh) {
			t.Errorf("%s: bars from %v to %v and %v, want from %v to %v and %v", e.Key, r.Base, r.Low, r.High, s.Baseline, e.AtLow, e.AtHigh)
		}
	}
	var keys []string
	for _, e := range ok {
		keys = append(keys, e.Key)
	}
	if got := rowLabels(ch); !slices.Equal(got, keys) {
		t.Errorf("rows top to bottom %q, want %q (largest swing at the top)", got, keys)
	}
	// The values tried, written at the ends of the bars.
	b := bars.bars(bars.Rows[0])
	if b[0].Text != "66.7" || b[1].Text != "150" {
		t.Errorf("first row's ends labelled %q and %q, want 66.7 and 150", b[0].Text, b[1].Text)
	}
	if b[0].Color != lowColor || b[1].Color != highColor || !b[1].Left || b[0].Left {
		t.Errorf("first row's bars %+v: want low in its colour to the right, high in its colour to the left", b)
	}
	if !legendHas(ch, "low value") || !legendHas(ch, "high value") {
		t.Errorf("legend %+v does not name the low and high values", ch.Legend)
	}
	base := find[*refLines](t, ch, "baseline")
	if len(base.Lines) != 1 || base.Lines[0].X != 0.5 || !strings.Contains(base.Lines[0].Label, "baseline") {
		t.Errorf("baseline %+v, want one line at 0.5, labelled", base.Lines)
	}
	if !strings.Contains(ch.Title, "Hand-made") {
		t.Errorf("title %q does not name the scenario", ch.Title)
	}
	for _, want := range []string{"operational on day 90", "500 runs", "seed 3"} {
		if !strings.Contains(ch.Subtitle, want) {
			t.Errorf("subtitle %q does not say %q", ch.Subtitle, want)
		}
	}
}

func TestTornadoBarsTheSameWay(t *testing.T) {
	t.Parallel()
	ch, err := Tornado(sensitivity(), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	bars := find[*tornado](t, ch, "bars")
	// reception.delay moves the metric up at both values: each bar gets
	// half the row, and both values go at the far end, low first.
	b := bars.bars(bars.Rows[2])
	if b[0].H != barHeight/2 || b[1].H != barHeight/2 || b[0].Y0 <= b[1].Y0 {
		t.Errorf("bars %+v: want half a row each, low above", b)
	}
	if b[0].Text != "3.9 / 10.7" || b[1].Text != "" {
		t.Errorf("texts %q and %q, want both values at the low bar's far end", b[0].Text, b[1].Text)
	}
	// airfields.juba.slots does not move it: the texts go either side.
	b = bars.bars(bars.Rows[3])
	if !b[0].Left || b[1].Left || b[0].Text != "1" || b[1].Text != "3" {
		t.Errorf("no swing: bars %+v, want 1 on the left and 3 on the right", b)
	}
}

func TestTornadoTop(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		top, rows int
		note      string
	}{
		{0, 4, ""},
		{-1, 4, ""},
		{2, 2, "The 2 parameters that move it most, of 4."},
		{4, 4, ""},
		{10, 4, ""},
	} {
		ch, err := Tornado(sensitivity(), tc.top, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(find[*tornado](t, ch, "bars").Rows); n != tc.rows {
			t.Errorf("top %d: %d rows, want %d", tc.top, n, tc.rows)
		}
		if n := len(rowLabels(ch)); n != tc.rows {
			t.Errorf("top %d: %d row labels, want %d", tc.top, n, tc.rows)
		}
		notes := strings.Join(ch.Notes, " ")
		if tc.note != "" && !strings.Contains(notes, tc.note) {
			t.Errorf("top %d: notes %q do not say %q", tc.top, notes, tc.note)
		}
		if tc.note == "" && strings.Contains(notes, "move it most") {
			t.Errorf("top %d: notes %q say some are not shown", tc.top, notes)
		}
	}
}

func TestTornadoLeavesOutAndCountsProblems(t *testing.T) {
	t.Parallel()
	s := sensitivity()
	ch, err := Tornado(s, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(ch.Notes, " ")
	if !strings.Contains(notes, "1 parameter is left out") || !strings.Contains(notes, "units.a.preparation (p90 below the median)") {
		t.Errorf("notes %q do not count and name the parameter left out", notes)
	}

	// A second problem, and a share that is undefined without one: both
	// left out, and top counts the parameters drawn.
	s.Parameters[1].Problem = "lift.charter.count: must be > 0"
	s.Parameters[2].AtHigh = sim.Num(math.NaN())
	ch, err = Tornado(s, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	bars := find[*tornado](t, ch, "bars")
	if len(bars.Rows) != 1 || bars.Rows[0].Key != "countries.china.consent" {
		t.Errorf("rows %+v, want countries.china.consent alone", bars.Rows)
	}
	notes = strings.Join(ch.Notes, " ")
	for _, want := range []string{"3 parameters are left out", "lift.charter.count (lift.charter.count: must be > 0)",
		"reception.delay (the metric is undefined)", "The 1 parameters that move it most, of 2."} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q do not say %q", notes, want)
		}
	}
}

func TestTornadoUnits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		metric  string
		days    bool
		label   string // in the X axis label
		percent bool   // tick labels in percent
	}{
		{"days-to-90", true, "mean days to 90% of the target (never = the 120-day horizon)", false},
		{"days-to-90-p50", true, "median days to 90% of the target", false},
		{"never-90", false, "never reach 90%", true},
		{"share-at-90", false, "operational on day 90", true},
		{"p-brahimi", false, "brahimi", true},
	} {
		s := sensitivity()
		s.Metric = tc.metric
		if tc.days { // days, not shares
			s.Baseline *= 100
			for i := range s.Parameters {
				s.Parameters[i].AtLow *= 100
				s.Parameters[i].AtHigh *= 100
			}
		}
		ch, err := Tornado(s, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ch.Plot.X.Label.Text, tc.label) {
			t.Errorf("%s: X axis label %q does not say %q", tc.metric, ch.Plot.X.Label.Text, tc.label)
		}
		ticks := labelled(ch.Plot.X.Tick.Marker.Ticks(ch.Plot.X.Min, ch.Plot.X.Max))
		if len(ticks) < 3 {
			t.Errorf("%s: X ticks %q: too few", tc.metric, ticks)
		}
		for _, l := range ticks {
			if strings.HasSuffix(l, "%") != tc.percent {
				t.Errorf("%s: X tick %q, want percent %v", tc.metric, l, tc.percent)
			}
		}
		base := find[*refLines](t, ch, "baseline").Lines[0].Label
		if want := map[bool]string{true: "baseline: 50.0", false: "baseline: 50.0%"}[tc.days]; base != want {
			t.Errorf("%s: baseline labelled %q, want %q", tc.metric, base, want)
		}
		// The axis covers every bar.
		bars := find[*tornado](t, ch, "bars")
		for _, r := range bars.Rows {
			if min(r.Low, r.High, r.Base) < ch.Plot.X.Min || max(r.Low, r.High, r.Base) > ch.Plot.X.Max {
				t.Errorf("%s: %s (%v to %v) outside the X axis, %v to %v", tc.metric, r.Key, r.Low, r.High, ch.Plot.X.Min, ch.Plot.X.Max)
			}
		}
	}
}

func TestTornadoMedianNeverReached(t *testing.T) {
	t.Parallel()
	s := sensitivity()
	s.Metric = "days-to-90-p50"
	s.Baseline = 80
	s.Parameters = []sweep.Effect{{Key: "countries.china.consent", Low: "66.6667", High: "150.0", AtLow: 60, AtHigh: sim.Num(math.NaN())}}
	ch, err := Tornado(s, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := find[*tornado](t, ch, "bars").Rows[0]
	if r.High != 120 || !r.HighNever || r.LowNever { // the horizon
		t.Errorf("row %+v: want the high bar to the 120-day horizon, marked never", r)
	}
	if b := find[*tornado](t, ch, "bars").bars(r); b[1].Text != "150: never" {
		t.Errorf("high end labelled %q, want %q", b[1].Text, "150: never")
	}

	s.Baseline = sim.Num(math.NaN())
	ch, err = Tornado(s, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l := find[*refLines](t, ch, "baseline").Lines[0]; l.X != 120 || l.Label != "baseline: never" {
		t.Errorf("baseline %+v, want at the horizon, labelled never", l)
	}
}

func TestTornadoBadInput(t *testing.T) {
	t.Parallel()
	noBase := sensitivity()
	noBase.Baseline = sim.Num(math.NaN())
	allBad := sensitivity()
	for i := range allBad.Parameters {
		allBad.Parameters[i].Problem = "no"
	}
	for _, tc := range []struct {
		name string
		s    *sweep.Sensitivity
	}{
		{"nil", nil},
		{"no parameters", &sweep.Sensitivity{Metric: "days-to-90", Baseline: 10}},
		{"undefined baseline", noBase},
		{"every run failed", allBad},
	} {
		if _, err := Tornado(tc.s, 0, nil); !errors.Is(err, ErrNoData) {
			t.Errorf("%s: error %v, want ErrNoData", tc.name, err)
		}
	}
}

func TestTornadoDraws(t *testing.T) {
	t.Parallel()
	// Forty parameters: the default height grows to give each row room.
	s := sensitivity()
	s.Parameters = nil
	for i := range 40 {
		s.Parameters = append(s.Parameters, sweep.Effect{Key: fmt.Sprintf("units.u%02d.preparation", i), Low: "5", High: "20",
			AtLow: sim.Num(0.5 + float64(40-i)/400), AtHigh: sim.Num(0.5 - float64(40-i)/500)})
	}
	for _, tc := range []struct {
		top  int
		tall bool
	}{{5, false}, {0, true}} {
		ch, err := Tornado(s, tc.top, nil)
		if err != nil {
			t.Fatal(err)
		}
		img := renderPNG(t, ch)
		// 8 × 5 inches at 150 DPI; 6 rows of 20 points fit, 41 need more.
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		if w != 1200 || (h > 750) != tc.tall || h < 750 {
			t.Errorf("top %d: %d × %d pixels, want 1200 wide and taller than 750: %v", tc.top, w, h, tc.tall)
		}
	}
}

func TestValueText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"66.6667", "66.7"},
		{"150.0", "150"},
		{"204.8485", "205"},
		{"9.2571", "9.26"},
		{"3.8974", "3.9"},
		{"0.0113", "0.0113"},
		{"0.675", "0.675"},
		{"1.0", "1"},
		{"3", "3"},
		{"0", "0"},
		{"-2.25", "-2.25"},
		{"1500", "1500"},
		{"true", "true"},
		{"standby", "standby"},
		{`{ dist = "uniform", min = 1, max = 2 }`, `{ dist = "uniform", min…`},
	} {
		if got := valueText(tc.in); got != tc.want {
			t.Errorf("valueText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestValueTicks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lo, hi  float64
		percent bool
		want    []string
	}{
		// The share tornado of south-sudan-2014: a range of 2 points.
		{0.1578, 0.1777, true, []string{"16.0%", "16.5%", "17.0%", "17.5%"}},
		{0, 1, true, []string{"0%", "20%", "40%", "60%", "80%", "100%"}},
		{529.8, 536.5, false, []string{"530", "531", "532", "533", "534", "535", "536"}},
		{-3, 3, false, []string{"-3", "-2", "-1", "0", "1", "2", "3"}},
		// The narrowest a tornado's axis gets: 0.1%.
		{0.17, 0.171, true, []string{"17.00%", "17.02%", "17.04%", "17.06%", "17.08%", "17.10%"}},
	} {
		v := newValueTicks(tc.lo, tc.hi, tc.percent)
		if got := labelled(v.Ticks(tc.lo, tc.hi)); !slices.Equal(got, tc.want) {
			t.Errorf("%v to %v: ticks %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestDescribeMetric(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		days, median bool
		words, short string
	}{
		{"days-to-90", true, false, "Mean days to reach 90% of the target, never counted as the 540-day horizon", "mean days to 90%"},
		{"days-to-100-p50", true, true, "Median days to reach 100% of the target", "median days to 100%"},
		{"never-75", false, false, "Share of runs that never reach 75% of the target within the horizon", "runs never reaching 75%"},
		{"share-at-30", false, false, "Mean share of the target operational on day 30", "operational on day 30 (%)"},
		{"p-eight-weeks", false, false, "Chance of meeting the eight-weeks benchmark", "chance of eight-weeks (%)"},
	} {
		m := describeMetric(tc.name, 540)
		if m.Days != tc.days || m.Median != tc.median || m.Words != tc.words || m.Short != tc.short {
			t.Errorf("%s: %+v, want days %v, median %v, words %q, short %q", tc.name, m, tc.days, tc.median, tc.words, tc.short)
		}
	}
}

// TestTornadoPlainLabels checks that rows are named by the parameters'
// plain labels, long ones on more lines, and values carry their units.
func TestTornadoPlainLabels(t *testing.T) {
	t.Parallel()
	s := sensitivity()
	s.Parameters[0].Label, s.Parameters[0].Unit = "China: national consent", "days"
	s.Parameters[1].Label, s.Parameters[1].Unit = "The charter company's long-range aircraft: aircraft", "aircraft"
	ch, err := Tornado(s, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"China: national consent", "The charter company's long-range aircraft:\naircraft"}
	if got := rowLabels(ch); !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
	bars := find[*tornado](t, ch, "bars")
	if r := bars.Rows[0]; r.LowText != "66.7 days" || r.HighText != "150 days" {
		t.Errorf("values %q and %q, want them in days", r.LowText, r.HighText)
	}
	if r := bars.Rows[1]; r.LowText != "1 aircraft" || r.HighText != "3 aircraft" {
		t.Errorf("values %q and %q, want them in aircraft", r.LowText, r.HighText)
	}
}
