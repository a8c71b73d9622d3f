package scenarios

import (
	"os"
	"strings"
	"testing"
)

// withLevers is testdata/valid.toml with two levers.
func withLevers(t *testing.T) *File {
	t.Helper()
	base, err := os.ReadFile("../testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(base) + `
[levers.aircraft]
key = "lift.charter.count"
label = "Charter aircraft"
description = "How many aircraft fly at once."
min = 1
max = 4
step = 1

[levers.consent]
key = "countries.*.consent"
label = "How long governments take to say yes"
multiply = true
min = 0.25
max = 2
step = 0.25

[levers.preparation]
key = "units.battalion.preparation.median"
label = "Preparation, median"
unit = "days of preparation"
min = 7
max = 28
step = 3.5
`
	f, err := Read("levers.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestLevers(t *testing.T) {
	t.Parallel()
	f := withLevers(t)
	if len(f.Levers) != 3 {
		t.Fatalf("%d levers, want 3", len(f.Levers))
	}
	air, consent, prep := f.Levers[0], f.Levers[1], f.Levers[2]
	// Defaults: the file's one aircraft, 1 for a multiplier, the median of 14.
	if air.ID != "aircraft" || air.Default != 1 || !air.Integer || air.Unit != UnitAircraft || air.Description == "" {
		t.Errorf("aircraft: %+v", air)
	}
	if consent.Default != 1 || !consent.Multiply || consent.Unit != UnitMultiplier {
		t.Errorf("consent: %+v", consent)
	}
	if prep.Default != 14 || prep.Integer || prep.Unit != "days of preparation" {
		t.Errorf("preparation: %+v", prep)
	}
	for _, tc := range []struct {
		l    Lever
		v    float64
		want string
	}{
		{air, 3, "3"},
		{air, 2.9999999, "3"},
		{consent, 0.75, "*0.75"},
		{consent, 0.1 + 0.2, "*0.30"},
		{prep, 10.5, "10.5"},
	} {
		if got := tc.l.Value(tc.v); got != tc.want {
			t.Errorf("%s at %v: %q, want %q", tc.l.ID, tc.v, got, tc.want)
		}
	}
	// A lever's override sets its key.
	sc, err := f.Scenario("", []Override{air.Override(3), consent.Override(0.5)})
	if err != nil {
		t.Fatal(err)
	}
	if n := sc.Lift[0].Count; n != 3 {
		t.Errorf("3 aircraft gave %d", n)
	}
	if v := sc.Countries[0].Consent.Value; v != 5 {
		t.Errorf("consent of 10 days times 0.5 gave %v", v)
	}
	if !strings.Contains(strings.Join(sc.Overrides, " "), "lift.charter.count=3") {
		t.Errorf("overrides %v", sc.Overrides)
	}
	if _, ok := f.Lever("consent"); !ok {
		t.Error("Lever(consent) not found")
	}
}

// TestLeversChangeNoNumber: a file with levers simulates exactly as the
// file without them: the same content hash.
func TestLeversChangeNoNumber(t *testing.T) {
	t.Parallel()
	base, err := Load("../testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := withLevers(t).Scenario("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Hash() != base.Hash() {
		t.Error("levers changed the scenario's hash")
	}
	if keys := withLevers(t).Keys("", nil); strings.Contains(strings.Join(keys, " "), "levers.") {
		t.Errorf("a lever's own keys are offered as key paths: %v", keys)
	}
}

// TestShippedLevers: every lever of a shipped scenario moves what it
// says, and each scenario with strategies for a class has some.
func TestShippedLevers(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"south-sudan-2014", "car-2014", "darfur-2007", "rwanda-1994", "tutorial"} {
		f, err := Open(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Levers) < 3 {
			t.Errorf("%s has %d levers, want a few", name, len(f.Levers))
		}
		base, _ := f.Scenario("", nil)
		for _, l := range f.Levers {
			if l.Description == "" {
				t.Errorf("%s: lever %s has no description", name, l.ID)
			}
			end := l.Max
			if end == l.Default {
				end = l.Min
			}
			sc, err := f.Scenario("", []Override{l.Override(end)})
			if err != nil {
				t.Errorf("%s: lever %s at %v: %v", name, l.ID, end, err)
				continue
			}
			if sc.Hash() == base.Hash() {
				t.Errorf("%s: lever %s at %v changes nothing", name, l.ID, end)
			}
		}
	}
}
