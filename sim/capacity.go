package sim

import (
	"fmt"
	"math"
)

// Capacity returns the personnel the scenario's units bring, by category:
// each unit's strength times its count, but for the forces already in
// place on day 0 (counted in the baseline, not in the surge). staying
// leaves out the units that leave for good (on a date, or once relieved):
// bridging forces, meant to overlap with those that relieve them.
func (sc *Scenario) Capacity(staying bool) Target {
	var t Target
	for i := range sc.Units {
		u := &sc.Units[i]
		if u.InPlace || staying && (!u.Leave.IsZero() || len(u.RelievedBy) > 0) {
			continue
		}
		n := u.Strength * u.count()
		if u.Category == Police {
			t.Police += n
		} else {
			t.Troops += n
		}
	}
	return t
}

// capacityWarnings says, in plain words, when the units cannot reach the
// target (so that a share of it is "never" reached however fast they
// come), hold more than it (so that shares above 100% mean more than the
// target), or bring a category the target does not have. Warnings gives
// them with the others.
func (sc *Scenario) capacityWarnings() []*FieldError {
	var out []*FieldError
	// Short of the target: with every unit, as if all were there at once.
	// Above it: without the bridging forces, which leave once relieved.
	all, staying := sc.Capacity(false), sc.Capacity(true)
	held := func(c Category) int {
		if all.Of(c) < sc.Target.Of(c) {
			return all.Of(c)
		}
		return max(staying.Of(c), sc.Target.Of(c))
	}
	for _, c := range []Category{Troops, Police} {
		have, want := held(c), sc.Target.Of(c)
		path := "target." + c.String()
		if want == 0 && have > 0 {
			out = append(out, &FieldError{Path: path, Msg: fmt.Sprintf("the units hold %s %s, but the target has none: they count toward the total target only",
				thousands(have), c)})
		} else if have != want {
			out = append(out, &FieldError{Path: path, Msg: "the units hold " + compared(have, want, c.String(), "the "+c.String()+" target")})
		}
	}
	both := sc.Target.Troops > 0 && sc.Target.Police > 0
	if total, want := held(Troops)+held(Police), sc.Target.Total(); total != want && (len(out) > 1 || both && len(out) > 0) {
		out = append(out, &FieldError{Path: "target", Msg: "in all, the units hold " + compared(total, want, "personnel", "the whole target")})
	}
	return out
}

// compared says how have personnel compare with a target of want.
func compared(have, want int, what, target string) string {
	if have < want {
		return fmt.Sprintf("only %s %s, %s fewer than the target of %s: at most %s of %s can ever be operational, and no run reaches all of it",
			thousands(have), what, thousands(want-have), thousands(want), percentDown(have, want), target)
	}
	times := ""
	if p := percentDown(have, want); have >= want+want/10 {
		times = " (" + p + " of it)"
	}
	return fmt.Sprintf("%s %s, %s more than the target of %s%s: shares of the target above 100%% mean more than the target",
		thousands(have), what, thousands(have-want), thousands(want), times)
}

// percentDown writes a/b as a whole percentage rounded down, so that a
// shortfall never rounds up to 100%.
func percentDown(a, b int) string {
	return Thousands(int(math.Floor(100*float64(a)/float64(b)))) + "%"
}

// Thousands formats n with thousands separators, as 12,500, as surge's
// reports and pictures write numbers of people.
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func thousands(n int) string { return Thousands(n) }
