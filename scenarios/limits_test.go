package scenarios

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestTooManyUnitsIsOneError(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.Write(src)
	b.WriteString("\n[units]\n")
	for i := range 10000 { // and valid.toml's own
		fmt.Fprintf(&b, "x%d = { strength = 1, source = \"rehat\" }\n", i)
	}
	_, err = Parse("many.toml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "units: must be at most 10000 units (got 10001)") || strings.Count(err.Error(), "\n") > 0 {
		t.Errorf("got %v", err)
	}
}

func TestParseOverrideRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"horizon=100\nhorizon=5", `KEY=VALUE must be one line, without control characters (found "\n")`},
		{"name=\x1b[31mred", `found "\x1b"`},
		{"horizon=" + strings.Repeat("1", 70000), "is longer than 64 KiB"},
	} {
		if _, err := ParseOverride(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.30q: got %v, want %q", tc.in, err, tc.want)
		}
	}
	if o, err := ParseOverride("name=\"a\tb\""); err != nil || o.Value != "\"a\tb\"" {
		t.Errorf("a tab: %v %v", o, err)
	}
}
