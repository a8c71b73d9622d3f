package scenarios

import (
	"regexp"
	"strings"
	"testing"
)

// TestHashIsOfContent checks what Scenario.Hash promises: the same content
// hashes the same whatever the comments, layout and route by which a value
// came, and any change of a value changes it.
func TestHashIsOfContent(t *testing.T) {
	t.Parallel()
	src, err := Source("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	hash := func(t *testing.T, name, text, strategy string, set ...string) string {
		t.Helper()
		f, err := Read(name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		var os []Override
		for _, s := range set {
			o, err := ParseOverride(s)
			if err != nil {
				t.Fatal(err)
			}
			os = append(os, o)
		}
		sc, err := f.Scenario(strategy, os)
		if err != nil {
			t.Fatal(err)
		}
		return sc.Hash()
	}
	base := hash(t, "tutorial.toml", string(src), "")
	if len(base) != 64 {
		t.Fatalf("hash %q is not 64 hex digits", base)
	}

	// No comments, and the keys of [target] and [force_generation] swapped.
	bare := regexp.MustCompile(`(?m)\s*#.*$`).ReplaceAllString(string(src), "")
	bare = strings.Replace(bare, "troops = 1000\npolice = 140", "police = 140\ntroops = 1000", 1)
	bare = strings.Replace(bare, "first = 14\ninterval = 30", "interval = 30\nfirst = 14", 1)
	if bare == string(src) || !strings.Contains(bare, "police = 140\ntroops = 1000") {
		t.Fatal("the test's edit of the file did not happen")
	}
	// A changed title, description, version and sources do not count either.
	bare = strings.Replace(bare, `version = "1"`, `version = "7"`, 1)
	bare = strings.Replace(bare, `title = "Tutorial: a small surge of three units"`, `title = "Another title"`, 1)
	for _, tc := range []struct {
		name     string
		text     string
		strategy string
		set      []string
		same     bool
	}{
		{"comments, key order, title and version", bare, "", nil, true},
		{"a strategy and --set giving the same value", string(src), "two-aircraft", nil, true},
		{"--set to the value it has", string(src), "", []string{"lift.charter.count=1"}, true},
		{"a changed strength", string(src), "", []string{"units.police-unit.strength=141"}, false},
		{"a changed distribution", string(src), "", []string{"countries.northland.consent.median=11"}, false},
		{"a unit left out", string(src), "", []string{"units.police-unit.count=0"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := base
			if tc.name == "a strategy and --set giving the same value" {
				want = hash(t, "tutorial.toml", string(src), "", "lift.charter.count=2")
				if want == base {
					t.Fatal("two aircraft hash as one")
				}
			}
			got := hash(t, "tutorial.toml", tc.text, tc.strategy, tc.set...)
			if (got == want) != tc.same {
				t.Errorf("hash %s, baseline %s: same = %v, want %v", got, want, got == want, tc.same)
			}
		})
	}
}
