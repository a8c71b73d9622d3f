package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// userFiles are file names the shipped text tells the reader to create, so
// they are not in the repository.
var userFiles = map[string]bool{
	"mine.toml": true, // the tutorial's copy: surge show tutorial > mine.toml
}

var (
	urlPattern  = regexp.MustCompile(`https?://\S+`)
	filePattern = regexp.MustCompile(`[\w./~-]*\w\.(md|txt|csv|toml|json)\b`)
	// background names the project's background notes and the team's
	// shorthand for them: a reader cannot open any of these.
	background = regexp.MustCompile(`DOMAIN\.md|\bDOMAIN\b|(?i:\bseeds?[ -]?0\d\d\b)|\bS00\d\b|CSV-[MC]\b|shared/(seeds|data)`)
	sourceRef  = regexp.MustCompile(`\[([a-z][a-z0-9-]*)\]`)
)

// citationProblems lists the places in text (a shipped scenario or
// SOURCES.md, named file) that cite something a reader cannot open: a file
// that is not in the repository, or the background notes.
func citationProblems(file string, text []byte) []string {
	var problems []string
	for i, line := range strings.Split(string(text), "\n") {
		at := fmt.Sprintf("%s:%d", file, i+1)
		if m := background.FindString(line); m != "" {
			problems = append(problems, at+": cites background notes: "+m)
		}
		for _, name := range filePattern.FindAllString(urlPattern.ReplaceAllString(line, ""), -1) {
			if !inRepository(name) {
				problems = append(problems, at+": names a file not in the repository: "+name)
			}
		}
	}
	return problems
}

// inRepository reports whether name is a file of the repository, relative to
// its root, to this directory or to data/, or a file the text tells the
// user to make.
func inRepository(name string) bool {
	if userFiles[name] {
		return true
	}
	if filepath.IsAbs(name) || strings.HasPrefix(name, "~") || strings.Contains(name, "..") {
		return false
	}
	for _, p := range []string{name, filepath.Join("..", name), filepath.Join("data", name)} {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return true
		}
	}
	return false
}

// TestSourcesShip checks that the shipped scenarios and SOURCES.md cite only
// what a reader can open: public documents, URLs and files in the
// repository, never the background notes or data outside it.
func TestSourcesShip(t *testing.T) {
	t.Parallel()
	for _, f := range shipped(t) {
		for _, p := range citationProblems(f.name, f.src) {
			t.Error(p)
		}
	}
	doc, err := os.ReadFile("SOURCES.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range citationProblems("SOURCES.md", doc) {
		t.Error(p)
	}
}

// TestSourceReferencesResolve checks that every [id] in a shipped scenario's
// comments names one of its [sources] tables or a top-level table of the
// format (a comment may point at [host]), and that each source has a cite.
func TestSourceReferencesResolve(t *testing.T) {
	t.Parallel()
	tables := map[string]bool{}
	st := reflect.TypeFor[fileScenario]()
	for i := range st.NumField() {
		tables[st.Field(i).Tag.Get("toml")] = true
	}
	for _, name := range Names() {
		src, err := Source(name)
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Sources map[string]struct {
				Cite string `toml:"cite"`
				URL  string `toml:"url"`
			} `toml:"sources"`
		}
		if _, err := toml.Decode(string(src), &f); err != nil {
			t.Fatal(err)
		}
		for id, s := range f.Sources {
			if strings.TrimSpace(s.Cite) == "" {
				t.Errorf("%s.toml: [sources.%s] has no cite", name, id)
			}
		}
		for i, line := range strings.Split(string(src), "\n") {
			_, comment, ok := strings.Cut(line, "#")
			if !ok {
				continue
			}
			for _, m := range sourceRef.FindAllStringSubmatch(comment, -1) {
				_, source := f.Sources[m[1]]
				if !source && !tables[m[1]] {
					t.Errorf("%s.toml:%d: [%s] is not one of its [sources]", name, i+1, m[1])
				}
			}
		}
	}
}

// TestCitationProblems checks the checker on small cases, so that the test
// above cannot pass by missing everything.
func TestCitationProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		line string
		bad  bool
	}{
		// Spelled in two parts, so that a search of the repository for
		// such citations finds only real ones.
		{"strength = 850 # a standard battalion (DOMAIN" + ".md)", true},
		{"day = 90 # as cited in seed " + "003 s. 7.2", true},
		{"[sources.seed-003]", true},
		{"strength = 7467 # CSV-M L190", true},
		{"# see /work/shared/data/un-mission-strength-monthly.csv", true},
		{"# see un-mission-strength-monthly.csv, line 4", true},
		{"# the notes in ../DOMAIN.txt", true},
		{"# UNMISS, 2013-12-31, in scenarios/data/ipi-missions.csv", false},
		{"# UNMISS, 2013-12-31, in ipi-missions.csv", false},
		{"# see SOURCES.md 1.2 and README.md", false},
		{`url = "https://github.com/IPIDataLab/PPP_Loader/blob/master/ppp_files/data_mission.csv"`, false},
		{"# surge show tutorial > mine.toml", false},
		{"# the domain of the seed 3 in a random draw", false},
	} {
		got := len(citationProblems("x.toml", []byte(tc.line))) > 0
		if got != tc.bad {
			t.Errorf("%q: flagged %v, want %v", tc.line, got, tc.bad)
		}
	}
}
