package plots

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/surge-sim/surge/sim"
)

func TestTimelineRowsAreUnitInstances(t *testing.T) {
	t.Parallel()
	sc := fixture()
	for rep := range 8 { // a few replications: gaps, refusals and successes
		r, err := sim.Trace(sc, 1, rep)
		if err != nil {
			t.Fatal(err)
		}
		ch, err := Timeline(sc, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		ticks := ch.Plot.Y.Tick.Marker.Ticks(ch.Plot.Y.Min, ch.Plot.Y.Max)
		if len(ticks) != len(r.Units) {
			t.Fatalf("rep %d: %d rows for %d unit instances", rep, len(ticks), len(r.Units))
		}
		rows, err := timelineRows(sc, r, false)
		if err != nil {
			t.Fatal(err)
		}
		spans := find[*segments](t, ch, "spans")

		// Every instance has its row, with its spans, and nothing else.
		used := make([]bool, len(rows))
		want := 0
		for _, u := range r.Units {
			name := sc.Units[u.Unit].Name
			if sc.Units[u.Unit].Count > 1 {
				name += fmt.Sprintf(" #%d", u.Instance)
			}
			row := -1
			for i, tk := range ticks {
				if tk.Label == name && !used[i] {
					row, used[i] = int(tk.Value), true
					break
				}
			}
			if row < 0 {
				t.Fatalf("rep %d: no row labelled %q: %v", rep, name, ticks)
			}
			var got []segment
			for _, sg := range spans.Segs {
				if sg.Row == row {
					got = append(got, sg)
				}
			}
			var exp []segment
			for _, sp := range u.Spans {
				if sp.End > sp.Start {
					exp = append(exp, segment{Row: row, X0: sp.Start, X1: sp.End, Color: stageColors[sp.Stage]})
				}
			}
			want += len(exp)
			if len(got) != len(exp) {
				t.Fatalf("rep %d, %s: %d spans drawn, want %d: %v", rep, name, len(got), len(exp), got)
			}
			for i := range exp {
				if got[i] != exp[i] {
					t.Errorf("rep %d, %s: span %v, want %v", rep, name, got[i], exp[i])
				}
			}
		}
		if len(spans.Segs) != want {
			t.Errorf("rep %d: %d spans drawn, want %d", rep, len(spans.Segs), want)
		}

		// Outcomes: one marker per instance, at the right place.
		marks := find[*glyphs](t, ch, "outcomes")
		n := 0
		for _, pts := range marks.Points {
			n += len(pts)
		}
		if n != len(r.Units) {
			t.Errorf("rep %d: %d outcome markers for %d instances", rep, n, len(r.Units))
		}
		for _, u := range r.Units {
			if u.Status == sim.Operational && !hasPoint(marks.Points[ocOperational], u.Operational) {
				t.Errorf("rep %d: no operational marker on day %v", rep, u.Operational)
			}
		}
	}
}

// hasPoint reports whether one of xys is at x.
func hasPoint(xys plotter.XYs, x float64) bool {
	for _, xy := range xys {
		if xy.X == x {
			return true
		}
	}
	return false
}

func TestTimelineOutcomes(t *testing.T) {
	t.Parallel()
	sc := fixture()
	hz := float64(sc.Horizon)
	type sp = sim.StageSpan
	rep := &sim.Replication{Index: 3, Units: []sim.UnitRun{
		{Unit: 0, Instance: 1, Status: sim.Operational, Operational: 30.2,
			Spans: []sp{{Stage: sim.StagePledge, Start: 0, End: 5}, {Stage: sim.StageConsent, Start: 5, End: 5}, {Stage: sim.StagePreparation, Start: 5, End: 27}, {Stage: sim.StageReception, Start: 27, End: 30.2}}},
		{Unit: 0, Instance: 2, Status: sim.InPipeline, Operational: math.Inf(1),
			Spans: []sp{{Stage: sim.StagePledge, Start: 0, End: 45}, {Stage: sim.StagePreparation, Start: 45, End: hz}}},
		{Unit: 1, Instance: 1, Status: sim.Refused, Operational: math.Inf(1),
			Spans: []sp{{Stage: sim.StagePledge, Start: 0, End: 5}, {Stage: sim.StageConsent, Start: 5, End: 12}, {Stage: sim.StageLegislative, Start: 12, End: 22}}},
		{Unit: 2, Instance: 1, Status: sim.Gap, Operational: math.Inf(1),
			Spans: []sp{{Stage: sim.StagePledge, Start: 0, End: 45}}},
	}}
	ch, err := Timeline(sc, rep, &Options{Rep: 4})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(ch.Title, "replication 4") {
		t.Errorf("title %q, want Options.Rep in it", ch.Title)
	}
	rows, err := timelineRows(sc, rep, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		name    string
		end     float64
		outcome string
		spans   int
	}{
		{"Battalion #1", 30.2, "day 30", 3}, // the zero-length consent is not drawn
		{"Formed police unit", 22, "refused by parliament", 3},
		{"Helicopter unit", 45, "gap: never pledged", 1},
		{"Battalion #2", 120, "", 2}, // in the pipeline: to the horizon
	} {
		r := rows[i]
		if r.Name != want.name || r.End != want.end || r.Outcome != want.outcome || len(r.Spans) != want.spans {
			t.Errorf("row %d: %q ends %v %q with %d spans, want %q ends %v %q with %d spans",
				i, r.Name, r.End, r.Outcome, len(r.Spans), want.name, want.end, want.outcome, want.spans)
		}
	}
	if last := rows[3].Spans[1]; last.End != 120 {
		t.Errorf("a stage still under way ends at %v, want the horizon", last.End)
	}
	for _, k := range []string{"operational (day)", "dropped out", "still on its way at the horizon"} {
		if !legendHas(ch, k) {
			t.Errorf("no legend entry %q", k)
		}
	}
	dated, err := timelineRows(sc, rep, true)
	if err != nil {
		t.Fatal(err)
	}
	if dated[0].Outcome != "31 Jan 2014" { // 1 Jan 2014 plus 30.2 days
		t.Errorf("operational on %q, want 31 Jan 2014", dated[0].Outcome)
	}
}

func TestTimelineBadInput(t *testing.T) {
	t.Parallel()
	sc := fixture()
	bad := &sim.Replication{Units: []sim.UnitRun{{Unit: 7}}}
	for _, tc := range []struct {
		name string
		sc   *sim.Scenario
		rep  *sim.Replication
	}{
		{"no scenario", nil, bad},
		{"no replication", sc, nil},
		{"empty replication", sc, &sim.Replication{}},
		{"unit out of range", sc, bad},
	} {
		if _, err := Timeline(tc.sc, tc.rep, nil); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}
