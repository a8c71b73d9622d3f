package scenarios

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/surge-sim/surge/sim"
)

func validFile(t *testing.T, extra string) *File {
	t.Helper()
	data, err := os.ReadFile("../testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Read("valid.toml", append(data, extra...))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func sets(t *testing.T, kvs ...string) []Override {
	t.Helper()
	var out []Override
	for _, kv := range kvs {
		o, err := ParseOverride(kv)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	return out
}

func TestOverridesApply(t *testing.T) {
	t.Parallel()
	f := validFile(t, "")
	for _, tc := range []struct {
		set   []string
		check func(*sim.Scenario) bool
	}{
		{[]string{"lift.charter.count=3"}, func(sc *sim.Scenario) bool { return sc.Lift[0].Count == 3 }},
		{[]string{"horizon=200"}, func(sc *sim.Scenario) bool { return sc.Horizon == 200 }},
		{[]string{"countries.north.consent={ dist = \"uniform\", min = 1, max = 3 }"}, func(sc *sim.Scenario) bool {
			d := sc.Countries[0].Consent
			return d.Kind == sim.Uniform && d.Min == 1 && d.Max == 3
		}},
		{[]string{"units.battalion.preparation.median=20"}, func(sc *sim.Scenario) bool {
			d := sc.Units[0].Preparation
			return d.Median == 20 && d.P90 == 30
		}},
		{[]string{"countries.*.consent=3"}, func(sc *sim.Scenario) bool { return sc.Countries[0].Consent.Value == 3 }},
		{[]string{"units.battalion.source=standby", "units.battalion.mission=\"\""}, func(sc *sim.Scenario) bool {
			return sc.Units[0].Source == sim.Standby
		}},
		{[]string{"units.extra={ strength = 100, source = \"standby\", readiness = 5, origin = \"capital\" }"}, func(sc *sim.Scenario) bool {
			return len(sc.Units) == 2 && sc.Units[1].ID == "extra" && sc.Units[1].Readiness.Value == 5
		}},
		{[]string{"lift.charter.count=1", "lift.charter.count=4"}, func(sc *sim.Scenario) bool { return sc.Lift[0].Count == 4 }},
	} {
		sc, err := f.Scenario("", sets(t, tc.set...))
		if err != nil {
			t.Errorf("%v: %v", tc.set, err)
			continue
		}
		if !tc.check(sc) {
			t.Errorf("%v: not applied", tc.set)
		}
		if strings.Join(sc.Overrides, " ") != strings.Join(tc.set, " ") {
			t.Errorf("recorded overrides %q, want %q", sc.Overrides, tc.set)
		}
	}
}

func TestOverrideErrors(t *testing.T) {
	t.Parallel()
	f := validFile(t, "")
	for _, tc := range []struct {
		set  string
		want string
	}{
		{"lift.charter.seat=5", `--set lift.charter.seat=5: lift.charter.seat: no such key (did you mean "lift.charter.seats"?)`},
		{"lift.c17.count=6", `no "c17" in [lift] (it has charter)`},
		{"units.batallion.strength=5", `no "batallion" in [units] (did you mean "battalion"?)`},
		{"units.battalion.strength=abc", `units.battalion.strength: "abc" is not a TOML value`},
		{"units.battalion.strength=\"850\"", "units.battalion.strength: must be a whole number (got text)"},
		{"units.battalion.strength=-5", "--set units.battalion.strength=-5: units.battalion.strength: must be between 1 and 100000 (got -5)"},
		{"countries.north.consent.median=5", `countries.north.consent is 10, which has no parameter "median"`},
		{"countries.north.consent={ dist = \"lognormal\", median = 5 }", "a lognormal distribution needs median, p90"},
		{"units.extra={ strength = 100, sauce = 1 }", `units.extra.sauce: unknown key (did you mean "source"?)`},
		{"horizon.days=5", "horizon is a single value"},
	} {
		_, err := f.Scenario("", sets(t, tc.set))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("--set %s: got %v, want %q", tc.set, err, tc.want)
		}
		var oe *OverrideError
		if err != nil && !errors.As(err, &oe) {
			t.Errorf("--set %s: %T is not an *OverrideError", tc.set, err)
		}
	}
	if _, err := ParseOverride("novalue"); err == nil {
		t.Error("ParseOverride accepted a string without =")
	}
}

const strategies = `
[strategies.faster]
description = "Everything faster"
[strategies.faster.set]
"countries.north.consent" = 2
"lift.charter.count" = 3
"units.standby" = { strength = 100, source = "standby", readiness = 5, origin = "capital" }
`

func TestStrategies(t *testing.T) {
	t.Parallel()
	f := validFile(t, strategies)
	if got := f.StrategyNames(); len(got) != 1 || got[0] != "faster" {
		t.Fatalf("strategies %v", got)
	}
	sc, err := f.Scenario("faster", sets(t, "lift.charter.count=5"))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Countries[0].Consent.Value != 2 || sc.Lift[0].Count != 5 || len(sc.Units) != 2 {
		t.Errorf("strategy not applied, or --set not after it: %+v", sc.Lift[0])
	}
	want := []string{`countries.north.consent=2`, `lift.charter.count=3`,
		`units.standby={ origin = "capital", readiness = 5, source = "standby", strength = 100 }`, `lift.charter.count=5`}
	if strings.Join(sc.Overrides, "|") != strings.Join(want, "|") || sc.Strategy != "faster" {
		t.Errorf("recorded %q, want %q", sc.Overrides, want)
	}
	if _, err := f.Scenario("slower", nil); !errors.Is(err, ErrNoStrategy) {
		t.Errorf("unknown strategy: %v", err)
	}
}

func TestBadStrategyIsAFileError(t *testing.T) {
	t.Parallel()
	data, _ := os.ReadFile("../testdata/valid.toml")
	src := string(data) + "\n[strategies.typo]\ndescription = \"x\"\n[strategies.typo.set]\n\"lift.charter.cuont\" = 3\n"
	_, err := Read("valid.toml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), `valid.toml:50: strategy typo lift.charter.cuont=3: lift.charter.cuont: no such key (did you mean "lift.charter.count"?)`) {
		t.Errorf("got %v", err)
	}
}

func TestMultiplyOverride(t *testing.T) {
	t.Parallel()
	f := validFile(t, "")
	sc, err := f.Scenario("", sets(t, "units.battalion.preparation=*2", "countries.*.consent=*1.5", "lift.charter.count=*3", `lift.charter.payload="*0.5"`))
	if err != nil {
		t.Fatal(err)
	}
	if d := sc.Units[0].Preparation; d.Median != 28 || d.P90 != 60 {
		t.Errorf("preparation %+v, want median 28 and p90 60", d)
	}
	if c := sc.Countries[0].Consent.Value; c != 15 {
		t.Errorf("consent %v, want 15", c)
	}
	if l := sc.Lift[0]; l.Count != 3 || l.Payload != 10 {
		t.Errorf("lift %+v, want 3 aircraft of 10 t", l)
	}
	for _, bad := range []string{"units.battalion.name=*2", "lift.charter.count=*x", "lift.charter.count=*-1"} {
		if _, err := f.Scenario("", sets(t, bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestDistParameterOverrides(t *testing.T) {
	t.Parallel()
	f := validFile(t, "")
	for _, tc := range []struct {
		set  []string
		want sim.Dist
	}{
		{[]string{`countries.north.consent={ dist = "gamma", mean = 20, sd = 10 }`, "countries.north.consent.mean=40"},
			sim.Dist{Kind: sim.Gamma, Shape: 16, Scale: 2.5}}, // mean 40, sd 10
		{[]string{`countries.north.consent={ dist = "triangular", min = 1, mode = 2, max = 9 }`, "countries.north.consent.mode=5"},
			sim.Dist{Kind: sim.Triangular, Min: 1, Mode: 5, Max: 9}},
	} {
		sc, err := f.Scenario("", sets(t, tc.set...))
		if err != nil {
			t.Errorf("%v: %v", tc.set, err)
			continue
		}
		got := sc.Countries[0].Consent
		if got.Kind != tc.want.Kind || math.Abs(got.Shape-tc.want.Shape) > 1e-9 || math.Abs(got.Scale-tc.want.Scale) > 1e-9 ||
			got.Min != tc.want.Min || got.Mode != tc.want.Mode || got.Max != tc.want.Max {
			t.Errorf("%v: %+v, want %+v", tc.set, got, tc.want)
		}
		v, _, err := f.Number("", sets(t, tc.set...), "countries.north.consent."+strings.Split(tc.set[1], ".")[3][:4])
		if err != nil || v <= 0 {
			t.Errorf("%v: reading it back: %v %v", tc.set, v, err)
		}
	}
	_, err := f.Scenario("", sets(t, `countries.north.consent={ dist = "empirical", values = [1, 2] }`, "countries.north.consent.values=3"))
	if err == nil || !strings.Contains(err.Error(), "set the values of an empirical distribution whole") {
		t.Errorf("setting an empirical distribution's values one by one: %v", err)
	}
}

// FuzzOverride checks that no --set value, however odd, makes loading panic,
// and that a failed override names itself.
func FuzzOverride(f *testing.F) {
	for _, s := range []string{
		"lift.charter.count=3", "units.battalion.preparation.median=20", "countries.*.consent=*2",
		`units.x={ strength = 5, source = "standby" }`, "horizon=1e9", "units.battalion.equipment.tonnes=-1",
		"observed.mission=UNMISS", `strategies.s={ set = { "a" = 1 } }`, "a.b.c.d.e=[1, {x = 2}]",
	} {
		f.Add(s)
	}
	data, err := os.ReadFile("../testdata/valid.toml")
	if err != nil {
		f.Fatal(err)
	}
	file, err := Read("valid.toml", data)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOverride(s)
		if err != nil {
			return
		}
		if _, err := file.Scenario("", []Override{o}); err != nil && goType.MatchString(err.Error()) {
			t.Errorf("error names a Go type: %v", err)
		} else if err != nil && err.Error() == "" {
			t.Errorf("%q: an empty error", s)
		}
		file.Parameters("", []Override{o})
		file.Number("", nil, o.Key)
	})
}
