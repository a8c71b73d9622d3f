package sim

import (
	"slices"
	"testing"
)

func TestWarnings(t *testing.T) {
	t.Parallel()
	bn := Unit{ID: "bn", Strength: 850}
	coy := Unit{ID: "coy", Strength: 50, Count: 3} // 150 troops
	fpu := Unit{ID: "fpu", Category: Police, Strength: 140}
	for _, tc := range []struct {
		name   string
		target Target
		units  []Unit
		want   []string
	}{
		{"exactly the target", Target{Troops: 1000, Police: 140}, []Unit{bn, coy, fpu}, nil},
		{"the tutorial with troops = 100", Target{Troops: 100, Police: 140}, []Unit{bn, coy, fpu}, []string{
			"the units hold 1,000 troops, 900 more than the target of 100 (1,000% of it): shares of the target above 100% mean more than the target",
			"in all, the units hold 1,140 personnel, 900 more than the target of 240 (475% of it): shares of the target above 100% mean more than the target",
		}},
		{"troops short, one category", Target{Troops: 1000}, []Unit{bn}, []string{
			// 850 / 1,000 = 85%.
			"the units hold only 850 troops, 150 fewer than the target of 1,000: at most 85% of the troops target can ever be operational, and no run reaches all of it",
		}},
		{"troops short, with police", Target{Troops: 1000, Police: 140}, []Unit{bn, fpu}, []string{
			"the units hold only 850 troops, 150 fewer than the target of 1,000: at most 85% of the troops target can ever be operational, and no run reaches all of it",
			// 990 / 1,140 = 86.8%, rounded down.
			"in all, the units hold only 990 personnel, 150 fewer than the target of 1,140: at most 86% of the whole target can ever be operational, and no run reaches all of it",
		}},
		{"a bridging force leaves once relieved", Target{Troops: 1000, Police: 140}, []Unit{bn, coy, fpu, {ID: "bridge", Strength: 500, RelievedBy: []string{"bn"}}}, nil},
		{"forces in place do not count", Target{Troops: 1000, Police: 140}, []Unit{bn, coy, fpu, {ID: "old", Strength: 5000, InPlace: true}}, nil},
		{"police without a police target", Target{Troops: 1000}, []Unit{bn, coy, fpu}, []string{
			"the units hold 140 police, but the target has none: they count toward the total target only",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &Scenario{Target: tc.target, Units: tc.units}
			var got []string
			for _, w := range sc.capacityWarnings() {
				got = append(got, w.Msg)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}
