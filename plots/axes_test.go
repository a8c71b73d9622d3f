package plots

import (
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// labelled returns the labels of the ticks that have one.
func labelled(ticks []plot.Tick) []string {
	var out []string
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestDayTicks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		horizon float64
		want    []string
	}{
		{4, []string{"0", "1", "2", "3", "4"}},
		{120, []string{"0", "30", "60", "90", "120"}},
		{540, []string{"0", "60", "120", "180", "240", "300", "360", "420", "480", "540"}}, // south-sudan-2014
	} {
		got := labelled(newDayTicks(tc.horizon).Ticks(0, tc.horizon))
		if !slices.Equal(got, tc.want) {
			t.Errorf("horizon %v: %q, want %q", tc.horizon, got, tc.want)
		}
	}
}

func TestDateTicks(t *testing.T) {
	t.Parallel()
	start := time.Date(2013, 12, 24, 0, 0, 0, 0, time.UTC) // Resolution 2132
	for _, tc := range []struct {
		horizon float64
		want    []string
	}{
		// Months in quarters from the first, the year on the first and on
		// January: the months of the benchmarks (day 72 is 6 Mar 2014,
		// day 90 is 24 Mar) between labelled ones; day 0 unlabelled, its
		// date in the axis's title.
		{540, []string{"Jan 2014", "Apr", "Jul", "Oct", "Jan 2015", "Apr"}},
		{120, []string{"Jan 2014", "Feb", "Mar", "Apr"}},
	} {
		ticks := newDateTicks(start, tc.horizon).Ticks(0, tc.horizon)
		if got := labelled(ticks); !slices.Equal(got, tc.want) {
			t.Errorf("horizon %v: %q, want %q", tc.horizon, got, tc.want)
		}
		if ticks[0].Value != 0 {
			t.Errorf("the first tick is at day %v, want 0", ticks[0].Value)
		}
		for _, tk := range ticks[1:] {
			if d := start.AddDate(0, 0, int(tk.Value)); d.Day() != 1 {
				t.Errorf("horizon %v: a tick on %v, not the first of a month", tc.horizon, d)
			}
		}
	}
}

func TestPercentTicks(t *testing.T) {
	t.Parallel()
	got := labelled(percentTicks{Step: 0.2, Minor: 0.1, Max: 1}.Ticks(0, 1.2))
	want := []string{"0%", "20%", "40%", "60%", "80%", "100%"}
	if !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
	got = labelled(percentTicks{Step: 0.005, Minor: 0.0025}.Ticks(0, 0.012))
	want = []string{"0%", "0.5%", "1%"}
	if !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestFormatting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ got, want string }{
		{thousands(5923), "5,923"},
		{thousands(1000000), "1,000,000"},
		{thousands(-1234), "-1,234"},
		{thousands(12), "12"},
		{percent(0.845), "84.5%"},
		{percent(0), "0.0%"},
		{percentShort(1), "100%"},
		{percentShort(0.9), "90%"},
		{runs(1000), "1,000 runs"},
		{runs(1), "1 run"},
		{dateString(time.Date(2013, 12, 24, 0, 0, 0, 0, time.UTC)), "24 Dec 2013"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestWrapAndLegendGrid(t *testing.T) {
	t.Parallel()
	ts := style(textSize, black)
	txt := "Benchmarks: Brahimi Report (100% by day 90) met in 0.0% of runs; Expected on 9 Jan 2014 (100% by day 72) met in 0.0% of runs."
	width := vg.Points(300)
	lines := wrap(txt, ts, width)
	if len(lines) < 2 || strings.Join(lines, " ") != txt {
		t.Fatalf("wrapped into %q", lines)
	}
	for _, l := range lines {
		if ts.Width(l) > width {
			t.Errorf("line %q is %v wide, over %v", l, ts.Width(l), width)
		}
	}

	entries := []LegendEntry{{Text: "median of 1,000 runs"}, {Text: "middle 50% of runs"}, {Text: "middle 90% of runs"}, {Text: "benchmark"}}
	for _, tc := range []struct {
		width      vg.Length
		rows, cols int
	}{
		{vg.Points(556), 1, 4}, // 8 inches less the margins: one row
		{vg.Points(300), 2, 2},
		{vg.Points(50), 4, 1}, // too narrow for anything: one column
	} {
		rows, cols := legendGrid(entries, tc.width)
		if rows != tc.rows || len(cols) != tc.cols {
			t.Errorf("width %v: %d rows × %d columns, want %d × %d", tc.width, rows, len(cols), tc.rows, tc.cols)
		}
		total := vg.Length(len(cols)-1) * columnGap
		for _, c := range cols {
			total += c
		}
		if len(cols) > 1 && total > tc.width {
			t.Errorf("width %v: the columns take %v", tc.width, total)
		}
	}
}
