package plots

import (
	"strings"
	"testing"

	"github.com/surge-sim/surge/sim"
)

// TestEveryPictureNamesTheWhatIf checks that a what-if's pictures do not
// look like the scenario's own: every subtitle names the strategy and each
// override applied.
func TestEveryPictureNamesTheWhatIf(t *testing.T) {
	t.Parallel()
	sc := fixture()
	sc.Strategy = "faster"
	sc.Overrides = []string{"units.heli.pledge_probability=0.9", "countries.*.consent=*0.5"}
	tornadoOf := sensitivity()
	tornadoOf.Strategy, tornadoOf.Overrides = sc.Strategy, sc.Overrides
	sweepOf := gridTable(t)
	sweepOf.Strategy, sweepOf.Overrides = sc.Strategy, sc.Overrides
	all := chartsOf(t, sc)
	for _, f := range []func() (*Chart, error){
		func() (*Chart, error) { return Tornado(tornadoOf, 0, nil) },
		func() (*Chart, error) { return SweepChart(sweepOf, "share-at-30", nil) },
	} {
		ch, err := f()
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, namedChart{"tornado or sweep", ch})
	}
	for _, c := range all {
		if strings.HasPrefix(c.name, "compare-") {
			continue // its legend names the variants
		}
		for _, want := range append([]string{"strategy faster"}, sc.Overrides...) {
			if !strings.Contains(c.ch.Subtitle, want) {
				t.Errorf("%s: subtitle %q does not name %q", c.name, c.ch.Subtitle, want)
			}
		}
	}
	// A comparison's variants are named in its legend; the overrides every
	// run shares, in its subtitle.
	base, other := fixtureResult(t), fixtureResult(t)
	base.Overrides, other.Overrides = []string{"airfields.field.slots=2"}, []string{"x=1", "airfields.field.slots=2"}
	for _, make := range []func([]*sim.Result, []string, *Options) (*Chart, error){CompareCurves, CompareDays} {
		ch, err := make([]*sim.Result{base, other}, []string{"baseline", "faster"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ch.Subtitle, "every run with override airfields.field.slots=2") {
			t.Errorf("comparison subtitle %q does not name the common override", ch.Subtitle)
		}
	}
}
