package workflow

import (
	"context"
	"strings"
	"testing"

	"github.com/surge-sim/surge/scenarios"
)

// TestStoryMatchesTheRun: the day a story says each share of the target
// was reached is that replication's day in "surge run"'s samples, and its
// events come in time order.
func TestStoryMatchesTheRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, name := range []string{"tutorial", "south-sudan-2014"} {
		f := open(t, name)
		res, _, err := Run(ctx, f, &Options{Replications: 12, Seed: 6, Samples: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []int{0, 5, 11} {
			st, err := Tell(ctx, f, &StoryOptions{Options: Options{Seed: 6}, Replication: k})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range st.Reached {
				want := res.Samples[i].Days[k]
				got := r.Day
				if float64(r.Fraction) != float64(res.Samples[i].Fraction) || got != want {
					t.Errorf("%s, replication %d: %v of the target on day %v in the story, %v in the run", name, k, r.Fraction, got, want)
				}
			}
			for i := 1; i < len(st.Events); i++ {
				if st.Events[i].Day < st.Events[i-1].Day-1e-9 {
					t.Errorf("%s, replication %d: event %d (day %v) after event %d (day %v)", name, k, i, st.Events[i].Day, i-1, st.Events[i-1].Day)
				}
			}
			for _, u := range st.Units {
				if u.Status == "gap" && !hasEvent(st, u.Unit, "gap") {
					t.Errorf("%s, replication %d: %s is a gap, and the story does not say so", name, k, u.Unit)
				}
				base, _, _ := strings.Cut(u.Unit, "#")
				if op := float64(u.Operational); op <= float64(st.Scenario.Horizon) &&
					!hasEvent(st, u.Unit, "operational") && !hasEvent(st, u.Unit, "join") && !hasEvent(st, base, "in_place") {
					t.Errorf("%s, replication %d: %s is operational on day %v, and the story does not say so", name, k, u.Unit, op)
				}
			}
		}
	}
}

func hasEvent(st *Story, unit, what string) bool {
	for _, e := range st.Events {
		if e.Unit == unit && e.What == what {
			return true
		}
	}
	return false
}

// TestStoryOfAFixedRun: a unit already in the country joins on day 5,
// nothing random: the whole story, by hand.
func TestStoryOfAFixedRun(t *testing.T) {
	t.Parallel()
	f, err := scenarios.Read("minimal.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	st, err := Tell(context.Background(), f, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range st.Events {
		line := e.Date + " " + e.What + ": " + e.Text
		if e.Name != "" {
			line = e.Date + " " + e.What + ": " + e.Name + ": " + e.Text
		}
		got = append(got, line)
	}
	want := []string{
		"2020-01-01 resolution: The Security Council authorizes the surge: 100 more personnel (100 troops).",
		"2020-01-06 join: a: Already in the country, it joins the mission: 100 count toward the target; 100% of the target is now operational.",
		"2020-01-06 reached: A quarter of the target is operational.",
		"2020-01-06 reached: Half of the target is operational.",
		"2020-01-06 reached: Three quarters of the target is operational.",
		"2020-01-06 reached: 90% of the target is operational.",
		"2020-01-06 reached: All of the target is operational.",
		"2020-01-31 horizon: The end of the simulation (day 30): 100% of the target is operational.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if st.Final != 1 || float64(st.Reached[0].Day) != 5 || st.Kind != KindStory {
		t.Errorf("final %v, reached %v, kind %q", st.Final, st.Reached, st.Kind)
	}
}

func TestStoryRefusesANegativeReplication(t *testing.T) {
	t.Parallel()
	if _, err := Tell(context.Background(), open(t, "tutorial"), &StoryOptions{Replication: -1}); !IsInput(err) {
		t.Errorf("got %v, want an input error", err)
	}
}
