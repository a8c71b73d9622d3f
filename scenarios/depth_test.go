package scenarios

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckDepth(t *testing.T) {
	t.Parallel()
	deep := func(n int) string { return strings.Repeat("a.", n-1) + "a" }
	for _, tc := range []struct {
		name string
		src  string
		line int
	}{
		{"a key of 32 parts", deep(32) + " = 1", 0},
		{"a key of 33 parts", "x = 1\n" + deep(33) + " = 1", 2},
		{"a table header of 33 parts", "[" + deep(33) + "]", 1},
		{"quoted parts count", strings.Repeat(`"a".`, 40) + `"a" = 1`, 1},
		{"lists of 32", "a = " + strings.Repeat("[", 31) + strings.Repeat("]", 31), 0},
		{"lists of 33", "a = " + strings.Repeat("[", 32) + strings.Repeat("]", 32), 1},
		{"inline tables and a dotted key", "a = " + strings.Repeat("{b=", 31) + "1.5" + strings.Repeat("}", 31), 1},
		{"dots in strings do not count", `a = "` + deep(100) + `"`, 0},
		{"nor brackets in strings", "a = '" + strings.Repeat("[", 100) + "'", 0},
		{"nor in comments", "a = 1 # " + deep(100), 0},
		{"nor in multi-line strings", "a = \"\"\"\n" + deep(100) + "\n\"\"\"\nb = 1", 0},
		{"a line after a multi-line string", "a = '''\n\n'''\n" + deep(40) + " = 1", 4},
		{"escaped quotes stay in the string", `a = "\"` + deep(40) + `"`, 0},
		{"an unended string ends at the line", "a = \"x\n" + deep(40) + " = 1", 2},
	} {
		if got := checkDepth(tc.src); got != tc.line {
			t.Errorf("%s: line %d, want %d", tc.name, got, tc.line)
		}
	}
}

func TestDeepTOMLIsRefusedBeforeDecoding(t *testing.T) {
	t.Parallel()
	// 16,000 parts: 5 GB in the decoder (BurntSushi/toml issue 496).
	src := strings.Repeat("a.", 16000) + "a = 1\n"
	_, err := Read("deep.toml", []byte(src))
	var e *Error
	if !errors.As(err, &e) || e.Line != 1 || !errors.Is(err, errTooDeep) {
		t.Fatalf("got %v, want the depth error on line 1", err)
	}
	f, err := Open("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []Override{
		{Key: strings.Repeat("a.", 40) + "a", Value: "1"},
		{Key: "countries.northland.consent", Value: strings.Repeat("[", 100) + strings.Repeat("]", 100)},
	} {
		if _, err := f.Scenario("", []Override{o}); err == nil || !strings.Contains(err.Error(), "more than 32") {
			t.Errorf("--set %.40s...: got %v", o, err)
		}
	}
}
