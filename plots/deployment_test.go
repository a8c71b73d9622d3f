package plots

import (
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/surge-sim/surge/sim"
)

func TestDeploymentFanIsTheResultsQuantiles(t *testing.T) {
	t.Parallel()
	eachResult(t, func(t *testing.T, res *sim.Result) {
		ch, err := Deployment(res, nil)
		if err != nil {
			t.Fatal(err)
		}
		b90 := find[*band](t, ch, "band90")
		b50 := find[*band](t, ch, "band50")
		median := find[*plotter.Line](t, ch, "median")
		if len(b90.X) != len(res.Daily) || len(b50.X) != len(res.Daily) || len(median.XYs) != len(res.Daily) {
			t.Fatalf("%d, %d and %d points for %d days", len(b90.X), len(b50.X), len(median.XYs), len(res.Daily))
		}
		for i, d := range res.Daily {
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"day", b90.X[i], float64(d.Day)},
				{"p5", b90.Lo[i], float64(d.P5)},
				{"p95", b90.Hi[i], float64(d.P95)},
				{"day", b50.X[i], float64(d.Day)},
				{"p25", b50.Lo[i], float64(d.P25)},
				{"p75", b50.Hi[i], float64(d.P75)},
				{"day", median.XYs[i].X, float64(d.Day)},
				{"p50", median.XYs[i].Y, float64(d.P50)},
			} {
				if c.got != c.want { // the same numbers, not computed again
					t.Errorf("day %d: %s is %v, want %v", d.Day, c.what, c.got, c.want)
				}
			}
		}
		target := find[*hLine](t, ch, "target")
		if target.Y != 1 {
			t.Errorf("target line at %v, want 1 (100%%)", target.Y)
		}
		bm := find[*refLines](t, ch, "benchmarks")
		if len(bm.Lines) != len(res.Benchmarks) {
			t.Errorf("%d benchmark lines, want %d", len(bm.Lines), len(res.Benchmarks))
		}
		for i := 1; i < len(bm.Lines); i++ {
			if bm.Lines[i].X < bm.Lines[i-1].X {
				t.Errorf("benchmark lines not in day order: %v", bm.Lines)
			}
		}
		if !strings.HasPrefix(ch.Title, res.Scenario.Title) || !strings.Contains(ch.Title, runs(res.Replications)) {
			t.Errorf("title %q does not say the scenario and the number of runs", ch.Title)
		}
	})
}

func TestDeploymentObserved(t *testing.T) {
	t.Parallel()
	res := handMade()
	ch, err := Deployment(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	obs := find[*plotter.Scatter](t, ch, "observed")
	if len(obs.XYs) != len(res.Observed) {
		t.Fatalf("%d observed points, want %d", len(obs.XYs), len(res.Observed))
	}
	for i, o := range res.Observed {
		if obs.XYs[i].X != o.Day || obs.XYs[i].Y != float64(o.Fraction) {
			t.Errorf("observed point %d at %v, want (%v, %v)", i, obs.XYs[i], o.Day, o.Fraction)
		}
	}
	arrived := find[*plotter.Line](t, ch, "arrived")
	for i, d := range res.DailyArrived {
		if arrived.XYs[i].Y != float64(d.P50) {
			t.Errorf("day %d: median in the mission area %v, want %v", d.Day, arrived.XYs[i].Y, d.P50)
		}
	}
	if !legendHas(ch, "observed") {
		t.Errorf("no legend entry for the observed points: %+v", ch.Legend)
	}

	res.Observed = nil
	ch, err = Deployment(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	if hasRole(ch, "observed") || legendHas(ch, "observed") {
		t.Error("observed points drawn for a result without observations")
	}
}

func TestDeploymentAxes(t *testing.T) {
	t.Parallel()
	res := handMade()
	for _, tc := range []struct {
		dates bool
		label string // in the X axis label
	}{
		{false, "days after 1 Jan 2014"},
		{true, "day 0: 1 Jan 2014"},
	} {
		ch, err := Deployment(res, &Options{Dates: tc.dates})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ch.Plot.X.Label.Text, tc.label) {
			t.Errorf("dates %v: X axis label %q, want it to contain %q", tc.dates, ch.Plot.X.Label.Text, tc.label)
		}
		if ch.Plot.X.Min != 0 || ch.Plot.X.Max != 4 {
			t.Errorf("dates %v: X axis from %v to %v, want 0 to the horizon, 4", tc.dates, ch.Plot.X.Min, ch.Plot.X.Max)
		}
		if !strings.Contains(ch.Plot.Y.Label.Text, "%") {
			t.Errorf("Y axis label %q does not say it is in percent", ch.Plot.Y.Label.Text)
		}
		top := ch.Plot.Y.Tick.Marker.Ticks(ch.Plot.Y.Min, ch.Plot.Y.Max)
		if last := top[len(top)-1]; last.Label != "100%" {
			t.Errorf("the highest Y tick is %+v, want 100%%", last)
		}
	}
}

func TestDeploymentBadResults(t *testing.T) {
	t.Parallel()
	noDaily := handMade()
	noDaily.Daily = nil
	badStart := handMade()
	badStart.Scenario.Start = "24/12/2013"
	for _, tc := range []struct {
		name string
		res  *sim.Result
		want error
	}{
		{"nil", nil, ErrNoData},
		{"no daily series", noDaily, ErrNoData},
		{"bad start", badStart, nil},
	} {
		_, err := Deployment(tc.res, nil)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
		} else if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}
