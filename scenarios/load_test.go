package scenarios

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/surge-sim/surge/sim"
)

var update = flag.Bool("update", false, "rewrite the expected errors in ../testdata/bad")

func TestEmbeddedScenariosLoadAndRun(t *testing.T) {
	t.Parallel()
	names := Names()
	if len(names) == 0 {
		t.Fatal("no embedded scenarios")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Name != name {
				t.Errorf("name = %q, want the file's name %q", sc.Name, name)
			}
			if sc.Description == "" || sc.Title == "" || sc.Version == "" {
				t.Error("a shipped scenario needs a title, a description and a version")
			}
			if _, err := sim.Run(context.Background(), sc, &sim.Options{Replications: 20}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// shippedFile is a data file surge ships: a scenario or the reference table.
type shippedFile struct {
	name string
	src  []byte
}

// shipped returns the embedded scenarios, then the reference table.
func shipped(t *testing.T) []shippedFile {
	t.Helper()
	var out []shippedFile
	for _, name := range Names() {
		src, err := Source(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, shippedFile{name + ".toml", src})
	}
	out = append(out, shippedFile{ReferenceName, referenceTOML})
	loo, err := fs.Glob(looFS, "reference/loo/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range loo {
		src, err := looFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, shippedFile{name, src})
	}
	return out
}

// TestShippedNumbersAreSourced checks that every line of a shipped scenario
// that sets a number carries a comment, as the scenario rules require.
func TestShippedNumbersAreSourced(t *testing.T) {
	t.Parallel()
	number := regexp.MustCompile(`^\s*("[^"]*"|[\w.-]+)\s*=\s*([-+\d{]|\[\s*[-+\d])`)
	for _, f := range shipped(t) {
		name, src := f.name, f.src
		inString := false
		for i, line := range strings.Split(string(src), "\n") {
			if strings.Count(line, `"""`)%2 == 1 {
				inString = !inString
			}
			code, _, commented := strings.Cut(line, "#")
			if inString || !number.MatchString(code) || strings.Contains(code, "name =") {
				continue
			}
			if !commented {
				t.Errorf("%s:%d: a number without a source comment: %s", name, i+1, strings.TrimSpace(line))
			}
		}
	}
}

func TestValidFile(t *testing.T) {
	t.Parallel()
	sc, err := Load("../testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	u := sc.Units[0]
	if u.Strength != 850 || u.Count != 1 || u.Required != 1 || u.Source != sim.Transfer || u.Category != sim.Troops {
		t.Errorf("unit decoded as %+v", u)
	}
	if d := u.Preparation; d.Kind != sim.LogNormal || d.Median != 14 || d.P90 != 30 {
		t.Errorf("preparation decoded as %+v", d)
	}
	if d := sc.Countries[0].Consent; d.Kind != sim.Fixed || d.Value != 10 {
		t.Errorf("a bare number decoded as %+v, want fixed 10", d)
	}
}

// TestBadFiles checks each file in ../testdata/bad against the error it
// must produce, kept beside it in a .err file (rewrite with -update).
func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("../testdata/bad/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad files: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".toml"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, loadErr := Parse(name, data)
			if loadErr == nil {
				t.Fatal("loaded without an error")
			}
			got := loadErr.Error() + "\n"
			want := strings.TrimSuffix(file, ".toml") + ".err"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test ./scenarios -update to create it)", err)
			}
			if got != string(b) {
				t.Errorf("error:\n%s\nwant:\n%s", got, b)
			}
			// Every problem names the file and, but for a missing table,
			// the line.
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if !strings.HasPrefix(line, name+":") {
					t.Errorf("%q does not start with the file name", line)
				}
			}
			var le *Error
			if !errors.As(loadErr, &le) {
				t.Errorf("error is not a *scenarios.Error: %T", loadErr)
			}
		})
	}
}

func TestSyntaxErrorSnippet(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../testdata/bad/syntax-error.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("syntax-error.toml", data)
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a wrapped toml.ParseError", err)
	}
	s := Snippet(err)
	if !strings.Contains(s, "horizon = = 100") || !strings.Contains(s, "^") {
		t.Errorf("snippet does not show the line with a caret:\n%s", s)
	}
}

func TestUnknownKeySuggestions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path []string
		want string
	}{
		{[]string{"units", "x", "strenght"}, `did you mean "strength"?`},
		{[]string{"lift", "c17", "seat"}, `did you mean "seats"?`},
		{[]string{"countries", "x", "legislative", "refuse"}, `did you mean "refusal"?`},
		{[]string{"targets"}, `did you mean "target"?`},
		{[]string{"units", "x", "zzzzzzzz"}, "the keys allowed in [units.x] are activation, airfield, await, category"},
	} {
		if got := unknownKey(tc.path); !strings.Contains(got, tc.want) {
			t.Errorf("%v: %q, want it to contain %q", tc.path, got, tc.want)
		}
	}
}

func TestLocator(t *testing.T) {
	t.Parallel()
	src := `# comment
name = "x"
description = """
[units.fake]
strength = 1
"""
[units.a]
strength = 850
consent = { dist = "lognormal", median = 1, p90 = 2 }
[units."b c".equipment]
tonnes = 3
[[arr]]
k = 1
[[arr]]
k = 2
`
	l := newLocator(src)
	for path, want := range map[string]int{
		"name": 2, "description": 3, "units.a": 7, "units.a.strength": 8,
		"units.a.consent.p90": 9, "units.b c.equipment.tonnes": 11, "units.a.nothing": 7,
		"arr[1].k": 15, "units.fake": 7, "missing": 0,
	} {
		if got := l.line(path); got != want {
			t.Errorf("line(%q) = %d, want %d", path, got, want)
		}
	}
}

func TestLoadNotFound(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"no-such-scenario", "missing/file.toml"} {
		if _, err := Load(arg); !errors.Is(err, ErrNotFound) {
			t.Errorf("Load(%q) = %v, want ErrNotFound", arg, err)
		}
	}
	if _, err := Source("../go"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Source outside the embedded files: %v", err)
	}
}

func TestCountZeroLeavesUnitOut(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(data) + "\n[units.extra]\nstrength = 100\nsource = \"transfer\"\nmission = \"next-door\"\ncountry = \"north\"\norigin = \"capital\"\ncount = 0\n"
	sc, err := Parse("x.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Units) != 1 {
		t.Errorf("%d units, want the one with count > 0", len(sc.Units))
	}
}

// FuzzLoad checks that no input makes the loader panic, and that an error
// always names the file.
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{"../testdata/*.toml", "../testdata/bad/*.toml", "*.toml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.toml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Errorf("error does not name the file: %v", err)
			}
			// Go's names for types are not the user's words.
			if goType.MatchString(err.Error()) {
				t.Errorf("error names a Go type: %v", err)
			}
			Snippet(err)
			return
		}
		// A scenario that loads must also simulate without panicking.
		if sc.Horizon > 2000 {
			return // keep each run short
		}
		if _, err := sim.Run(context.Background(), sc, &sim.Options{Replications: 2, Workers: 1}); err != nil {
			t.Errorf("loaded but does not run: %v", err)
		}
	})
}

// TestSharedAndDepartureKeys checks that every key of shared uncertainty
// and departures reaches the simulation.
func TestSharedAndDepartureKeys(t *testing.T) {
	t.Parallel()
	sc, err := Load("../testdata/shared.toml")
	if err != nil {
		t.Fatal(err)
	}
	if f := sc.Factors; len(f) != 1 || f[0].Name != "Political will" || f[0].Value.Median != 1 {
		t.Errorf("factors %+v", f)
	}
	if e := sc.Events; len(e) != 2 || e[0].Probability.Value != 0.8 || e[0].Gate != sim.BeforeRequest ||
		e[1].Probability.Value != 1 || e[1].Gate != sim.BeforeMove || e[1].Day.Value != 45 {
		t.Errorf("events %+v", e)
	}
	c := sc.Countries[0]
	if r := c.Consent.Factors; len(r) != 1 || r[0] != (sim.FactorRef{Factor: "will"}) {
		t.Errorf("consent factors %+v", r)
	}
	if c.Legislative.Refusal.Kind != sim.Triangular || c.Legislative.Probability.Value != 0.5 {
		t.Errorf("legislative %+v", c.Legislative)
	}
	b, s, f := sc.Units[0], sc.Units[1], sc.Units[2]
	if b.PledgeProbability != nil || sc.ForceGeneration.Probability.Kind != sim.Uniform || len(b.Await) != 2 || b.Fill.Min != 0.8 ||
		b.Rotation == nil || b.Rotation.Tour.Value != 180 || b.Rotation.Replace.Value != 0.9 || b.Withdrawal.Value != 0.01 {
		t.Errorf("battalion %+v", b)
	}
	if s.Activation == nil || s.Activation.Probability.Value != 0.5 ||
		s.Activation.Delay.Factors[0] != (sim.FactorRef{Factor: "will", Inverse: true}) || s.RelievedBy[0] != "battalion" {
		t.Errorf("standby %+v", s)
	}
	if f.Leave.Value != 300 || f.RehatFailure == nil || !f.RehatFailure.Replace || f.RehatFailure.Probability.Value != 0.3 {
		t.Errorf("force %+v", f)
	}
	if w := sc.Warnings(); len(w) != 0 {
		t.Errorf("warnings %v, want none", w)
	}
	want := []string{"factors.will", "force_generation.probability", "events.ceasefire", "countries.north.legislative.refusal"}
	if got := sc.SharedUncertainty(); !slices.Equal(got, want) {
		t.Errorf("shared uncertainty %v, want %v", got, want)
	}
	if _, err := sim.Run(context.Background(), sc, &sim.Options{Replications: 50}); err != nil {
		t.Fatal(err)
	}
}

// TestWarnings: a factor no quantity names, and an event no unit awaits,
// are legal but change nothing: the scenario warns.
func TestWarnings(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	extra := "\n[factors.idle]\nvalue = { dist = \"uniform\", min = 0.5, max = 2 }\n[events.later]\nday = 30\n"
	sc, err := Parse("valid.toml", append(data, extra...))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range sc.Warnings() {
		got = append(got, w.Error())
	}
	want := []string{"factors.idle: no distribution or parameter is scaled by this factor, so it changes nothing",
		"events.later: no unit waits for this event, so it changes nothing"}
	if !slices.Equal(got, want) {
		t.Errorf("warnings %q, want %q", got, want)
	}
}

// TestReferenceClassFillsWhatIsLeftOut: a scenario that names the
// reference class gets its defaults for what it leaves out, and keeps
// what it gives.
func TestReferenceClassFillsWhatIsLeftOut(t *testing.T) {
	t.Parallel()
	ref, err := DefaultReference()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Load("../testdata/reference.toml")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Reference != ref.Version || sc.Info().Reference != ref.Version {
		t.Errorf("reference %q, want %q", sc.Reference, ref.Version)
	}
	north, west := sc.Countries[0], sc.Countries[1]
	want := ref.Groups["africa"].Consent.Dist
	if north.Consent.Kind != want.Kind || north.Consent.Median != want.Median || len(north.Consent.Factors) == 0 {
		t.Errorf("north's consent %+v, want the africa group's %+v with the reference factors", north.Consent, want)
	}
	if west.Consent.Value != 20 || len(west.Consent.Factors) != 0 {
		t.Errorf("west's own consent %+v, want 20 as given", west.Consent)
	}
	if (west.Legislative.Probability.Value > 0) != (ref.Groups["europe"].Legislative != nil) {
		t.Errorf("west's legislative %+v, want the europe group's", west.Legislative)
	}
	bn, eng, force := sc.Units[0], sc.Units[1], sc.Units[2]
	if bn.Preparation.Median != ref.Kinds["infantry"].Preparation.Median || bn.PledgeProbability == nil || bn.Rotation == nil {
		t.Errorf("battalion %+v, want the infantry defaults", bn)
	}
	if eng.Preparation.Value != 45 || ref.Kind("engineer") != "enabler" ||
		eng.PledgeProbability.Value != ref.Kinds["enabler"].Pledge.Value {
		t.Errorf("engineers %+v, want preparation 45 as given and the enabler pledge", eng)
	}
	if force.RehatFailure == nil || force.Fill.Kind != ref.Rehat.Fill.Kind {
		t.Errorf("re-hatted force %+v, want the rehat defaults", force)
	}
	if sc.ForceGeneration.Conferences != valueOf(ref.FG.Conferences) || len(sc.Factors) != len(ref.Factors) {
		t.Errorf("force generation %+v and factors %+v, want the reference's", sc.ForceGeneration, sc.Factors)
	}
	if _, err := sim.Run(context.Background(), sc, &sim.Options{Replications: 20}); err != nil {
		t.Fatal(err)
	}
	// A strategy's *FACTOR scales a default; a unit it adds gets them too.
	f, err := Open("../testdata/reference.toml")
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.Scenario("", []Override{{Key: "countries.north.consent", Value: "*2"},
		{Key: "units.extra", Value: `{ kind = "formed police", strength = 140, source = "pledge", country = "north", origin = "capital" }`}})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Countries[0].Consent.Median; got != 2*want.Median {
		t.Errorf("doubled default consent median %v, want %v", got, 2*want.Median)
	}
	if x := v.Units[3]; x.Preparation.Median != ref.Kinds["formed-police"].Preparation.Median {
		t.Errorf("added unit %+v, want the formed police defaults", x)
	}
}

func TestReferenceClassErrors(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../testdata/reference.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ from, to, want string }{
		{`reference_class = "3"`, `reference_class = "99"`, `reference.toml:3: reference_class: this surge has the reference class of version "3"`},
		{`group = "africa"`, `group = "afrika"`, `reference.toml:11: countries.north.group: must be one of the reference class's groups: africa, asia`},
		{`group = "africa"`, `name = "North"`, `countries.north.consent: is missing: give the days to consent, or the contributor's group`},
	} {
		_, err := Parse("reference.toml", []byte(strings.Replace(string(data), c.from, c.to, 1)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s -> %s: error %v, want %q", c.from, c.to, err, c.want)
		}
	}
	// Without reference_class nothing is filled in: a country needs its
	// consent (zero, a fixed 0 days, is legal) and pledged units a chance.
	_, err = Parse("reference.toml", []byte(strings.Replace(string(data), `reference_class = "3"`, "", 1)))
	if err == nil || !strings.Contains(err.Error(), "force_generation") {
		t.Errorf("without the reference class: %v, want force generation missing", err)
	}
}

// TestReadReferenceKeys: the reference table is read strictly, but its
// [fit] record may nest anything.
func TestReadReferenceKeys(t *testing.T) {
	t.Parallel()
	base := string(referenceTOML)
	if _, err := ReadReference("r.toml", []byte(base+"\n[fit.extra]\nlist = [0.1, 0.2]\n")); err != nil {
		t.Errorf("a list in a sub-table of [fit]: %v", err)
	}
	_, err := ReadReference("r.toml", []byte(strings.Replace(base, "[reception]", "[reception]\nspeed = 3", 1)))
	if err == nil || !strings.Contains(err.Error(), "r.toml: unknown key reception.speed") {
		t.Errorf("an unknown key: %v, want it named", err)
	}
	_, err = ReadReference("r.toml", []byte(strings.Replace(base, "\ntitle = ", "\nleft_out = \"UNTAC 1992\"\ntitle = ", 1)))
	if err == nil || !strings.Contains(err.Error(), `r.toml: left_out: must be a scenario's name, in lower case letters, digits and hyphens (got "UNTAC 1992")`) {
		t.Errorf("a build-up's name in left_out: %v, want it refused", err)
	}
}

// TestReadLeaveOneOut: a leave-one-out table must name the scenario it is
// for and have the shipped table's version.
func TestReadLeaveOneOut(t *testing.T) {
	t.Parallel()
	data, err := looFS.ReadFile("reference/loo/untac-1992.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := readLeaveOneOut("loo/untac-1992.toml", "untac-1992", data, "3")
	if err != nil || r.LeftOut != "untac-1992" {
		t.Fatalf("read %+v, %v; want the table left out of untac-1992", r, err)
	}
	for _, c := range []struct{ name, version, want string }{
		{"onub-2004", "3", `loo/untac-1992.toml: left_out: must name onub-2004, the scenario it is for (got "untac-1992")`},
		{"untac-1992", "4", `loo/untac-1992.toml: version: must be the shipped table's, "4" (got "3")`},
	} {
		if _, err := readLeaveOneOut("loo/untac-1992.toml", c.name, data, c.version); err == nil || err.Error() != c.want {
			t.Errorf("%s, version %s: error %v, want %q", c.name, c.version, err, c.want)
		}
	}
	if _, ok, err := LeaveOneOut("south-sudan-2014"); ok || err != nil {
		t.Errorf("south-sudan-2014, in sample: a leave-one-out table (%v, %v), want none", ok, err)
	}
}
