//go:build browser

// The classroom page in a real headless Chromium (make test-browser):
// chromedp drives it as a student would, and every number the page shows is
// checked against the command line's JSON for the same settings.

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/surge-sim/surge/cmd/surge/web"
)

// screenshotPath is the picture of the page in the README, rewritten by
// go test -tags browser ./cmd/surge -run Browser -update.
const screenshotPath = "../../plots/examples/classroom.png"

// chromium finds the browser: $SURGE_CHROMIUM, or chromium on the PATH.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("SURGE_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Skip("\n\n" + strings.Repeat("*", 72) + "\n*** BROWSER TESTS SKIPPED: no Chromium found (apt-get install chromium,\n" +
		"*** or set SURGE_CHROMIUM); make test-browser installs it when it can.\n" + strings.Repeat("*", 72) + "\n")
	return ""
}

// browser starts a headless Chromium with a fresh profile, and the
// classroom server; it returns a browser context and the page's address.
func browser(t *testing.T) (context.Context, string) {
	path := chromium(t)
	srv := httptest.NewServer(web.New(&web.Config{Surge: build()}))
	t.Cleanup(srv.Close)
	// A fresh profile, removed once Chromium has let go of it (its helper
	// processes may still be writing when it is told to stop).
	profile, err := os.MkdirTemp("", "surge-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1600, 1300),
		// Without these, Chromium's background connections are refused on
		// a machine with no internet and it stalls.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("cannot start %s: %v", path, err)
	}
	return ctx, srv.URL
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// waitShown waits until the page has shown one more of what (runs,
// comparisons, stories, checks) than before.
func waitShown(t *testing.T, ctx context.Context, what string, before int) {
	t.Helper()
	var n int
	do(t, ctx, chromedp.Poll(fmt.Sprintf("window.surge && surge.state.shown.%s > %d", what, before), nil,
		chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Evaluate("surge.state.shown."+what, &n))
}

func shown(t *testing.T, ctx context.Context, what string) int {
	t.Helper()
	var n int
	do(t, ctx, chromedp.Evaluate("window.surge ? surge.state.shown."+what+" : 0", &n))
	return n
}

// cliJSON runs the command line and decodes its JSON.
func cliJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errs := surge(t, args...)
	if code != 0 {
		t.Fatalf("surge %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// figure is a number the page shows: its key, the value it was given and
// its text.
type figure struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Text  string `json:"text"`
}

func figures(t *testing.T, ctx context.Context) []figure {
	t.Helper()
	var fs []figure
	do(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("#result [data-key]")).map(e =>
		({key: e.dataset.key, value: e.dataset.value, text: e.textContent}))`, &fs))
	if len(fs) < 8 {
		t.Fatalf("the page shows %d numbers", len(fs))
	}
	return fs
}

// expected returns the CLI's value of a figure's key, and the JavaScript
// that formats it as the page does.
func expected(t *testing.T, res map[string]any, key string) (any, string) {
	t.Helper()
	list := func(field, by string, want any) map[string]any {
		for _, x := range res[field].([]any) {
			m := x.(map[string]any)
			if fmt.Sprint(m[by]) == fmt.Sprint(want) {
				return m
			}
		}
		t.Fatalf("%s: no %s %v in the CLI's JSON", key, by, want)
		return nil
	}
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	switch m := regexp.MustCompile(`^(days-to-(\d+)-p50|share-at-(\d+)|never-(\d+)|p-(.+)|stage-(.+))$`).FindStringSubmatch(key); {
	case m == nil:
		t.Fatalf("unknown figure %q", key)
	case m[2] != "":
		f, _ := strconv.ParseFloat(m[2], 64)
		v := list("days_to_fraction", "fraction", f/100)["p50"]
		if v == nil {
			return v, `"never"`
		}
		return v, fmt.Sprintf(`"day " + surge.fmt.day(%s)`, js(v))
	case m[3] != "":
		v := list("fraction_at_day", "day", m[3])["mean"]
		return v, fmt.Sprintf("surge.fmt.pct(%s)", js(v))
	case m[4] != "":
		f, _ := strconv.ParseFloat(m[4], 64)
		v := list("days_to_fraction", "fraction", f/100)["never"]
		return v, fmt.Sprintf("surge.fmt.pct(%s)", js(v))
	case m[5] != "":
		v := list("benchmarks", "name", m[5])["probability"]
		return v, fmt.Sprintf("surge.fmt.pct(%s)", js(v))
	case m[6] != "":
		v := list("stages", "stage", m[6])["mean_days"]
		return v, fmt.Sprintf(`surge.fmt.days(%s) + " days"`, js(v))
	}
	return nil, ""
}

// checkFigures checks every number the page shows against the CLI's JSON.
func checkFigures(t *testing.T, ctx context.Context, res map[string]any) {
	t.Helper()
	for _, f := range figures(t, ctx) {
		want, format := expected(t, res, f.Key)
		var got any
		if err := json.Unmarshal([]byte(f.Value), &got); err != nil {
			t.Fatalf("%s: data-value %q: %v", f.Key, f.Value, err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: the page has %v, the command line %v", f.Key, got, want)
		}
		var text string
		do(t, ctx, chromedp.Evaluate(format, &text))
		if f.Text != text {
			t.Errorf("%s: the page shows %q, the command line's value reads %q", f.Key, f.Text, text)
		}
	}
}

// commandLine returns the arguments of the page's "surge run" command.
func commandLine(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var text string
	do(t, ctx, chromedp.Text("#command", &text, chromedp.ByID))
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "surge run ") {
			var args []string
			for _, a := range regexp.MustCompile(`'[^']*'|\S+`).FindAllString(strings.TrimPrefix(line, "surge "), -1) {
				args = append(args, strings.Trim(a, "'"))
			}
			return args
		}
	}
	t.Fatalf("no surge run command on the page: %q", text)
	return nil
}

func TestBrowser(t *testing.T) {
	ctx, base := browser(t)

	// Open the page, pick the tutorial, move a lever with the keyboard and
	// run: the numbers shown are the command line's.
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitShown(t, ctx, "runs", 0)
	n := shown(t, ctx, "runs")
	do(t, ctx,
		chromedp.SetValue("#scenario", "tutorial", chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("scenario").dispatchEvent(new Event("change"))`, nil))
	waitShown(t, ctx, "runs", n)
	n = shown(t, ctx, "runs")
	do(t, ctx, chromedp.Focus("#lever-aircraft", chromedp.ByID), chromedp.KeyEvent(kb.ArrowRight))
	var lever string
	do(t, ctx, chromedp.Text("#lever-aircraft-value", &lever, chromedp.ByID))
	if lever != "2 aircraft" {
		t.Fatalf("the arrow key moved the lever to %q, want 2 aircraft", lever)
	}
	do(t, ctx, chromedp.Click("#run", chromedp.ByID))
	waitShown(t, ctx, "runs", n)
	args := commandLine(t, ctx)
	want := []string{"run", "tutorial", "--reps", "1000", "--seed", "1", "--set", "lift.charter.count=2"}
	if strings.Join(args, " ") != strings.Join(want, " ") {
		t.Fatalf("the page's command is %q, want %q", args, want)
	}
	res := cliJSON(t, append(args, "--format", "json")...)
	checkFigures(t, ctx, res)
	var whatif string
	do(t, ctx, chromedp.Text("#whatif", &whatif, chromedp.ByID))
	if !strings.Contains(whatif, "Charter aircraft: 2 aircraft") {
		t.Errorf("the page does not say what was changed: %q", whatif)
	}

	// The address records the settings: opened afresh, it gives the same.
	var addr string
	do(t, ctx, chromedp.Location(&addr))
	u, err := url.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	if q := u.Query(); q.Get("scenario") != "tutorial" || q.Get("set") != "lift.charter.count=2" || q.Get("reps") != "1000" || q.Get("seed") != "1" {
		t.Errorf("the address records %q", u.RawQuery)
	}
	before := figures(t, ctx)
	do(t, ctx, chromedp.Navigate(addr))
	waitShown(t, ctx, "runs", 0)
	after := figures(t, ctx)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("the address does not reproduce the result:\n%v\n%v", before, after)
	}

	// Pin two runs (a lever, a strategy) and compare: each difference is
	// surge compare's for the same what-if.
	do(t, ctx, chromedp.Click("#pin", chromedp.ByID))
	n = shown(t, ctx, "runs")
	do(t, ctx, chromedp.Click("#reset", chromedp.ByID), chromedp.Click("#strategy-pre-authorized", chromedp.ByID),
		chromedp.Click("#run", chromedp.ByID))
	waitShown(t, ctx, "runs", n)
	do(t, ctx, chromedp.Click("#pin", chromedp.ByID), chromedp.Click("#compare-run", chromedp.ByID))
	waitShown(t, ctx, "comparisons", 0)
	cmp := cliJSON(t, "compare", "tutorial", "--reps", "1000", "--seed", "1", "--strategies", "two-aircraft,pre-authorized", "--format", "json")
	for i, s := range cmp["strategies"].([]any) {
		for _, d := range s.(map[string]any)["diffs"].([]any) {
			dm := d.(map[string]any)
			var got string
			do(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelector('table[data-variant="%d"] tr[data-metric="%s"] .diff').dataset.value`,
				i+1, dm["metric"]), &got))
			if w, _ := json.Marshal(dm["diff"]); got != string(w) {
				t.Errorf("pinned %d, %s: the page's difference %s, surge compare's %s", i+1, dm["metric"], got, w)
			}
		}
	}

	// One run as a story: the events are surge story's.
	do(t, ctx, chromedp.SetValue("#story-rep", "3", chromedp.ByID), chromedp.Click("#story-tell", chromedp.ByID))
	waitShown(t, ctx, "stories", 0)
	story := cliJSON(t, "story", "tutorial", "--timeline", "3", "--seed", "1", "--strategy", "pre-authorized", "--format", "json")
	var texts []string
	do(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("#story-events p[data-what]")).map(p => p.textContent)`, &texts))
	events := story["events"].([]any)
	if len(texts) != len(events) {
		t.Fatalf("the page tells %d events, surge story %d", len(texts), len(events))
	}
	for i, e := range events {
		em := e.(map[string]any)
		want := em["text"].(string)
		if name := em["name"].(string); name != "" {
			want = name + ": " + want
		}
		if texts[i] != want {
			t.Errorf("event %d: the page says %q, surge story %q", i, texts[i], want)
		}
	}
	var timeline bool
	do(t, ctx, chromedp.Poll(`document.getElementById("timeline").complete && document.getElementById("timeline").naturalWidth > 0`, &timeline,
		chromedp.WithPollingTimeout(30*time.Second)))

	// Every control has a label, and every button words.
	var unlabelled []string
	do(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("input, select, textarea, button")).filter(e =>
		!(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !(e.tagName === "BUTTON" && e.textContent.trim())
		).map(e => e.outerHTML.slice(0, 80))`, &unlabelled))
	if len(unlabelled) > 0 {
		t.Errorf("controls without a label: %q", unlabelled)
	}

	// A scenario with a mistake: the error names its line.
	bad, err := os.ReadFile("../../testdata/bad/negative-strength.toml")
	if err != nil {
		t.Fatal(err)
	}
	wantErr, _ := os.ReadFile("../../testdata/bad/negative-strength.err")
	line := regexp.MustCompile(`^negative-strength\.toml:(\d+):`).FindSubmatch(wantErr)
	if line == nil {
		t.Fatalf("no line in %q", wantErr)
	}
	checks := shown(t, ctx, "checks")
	do(t, ctx, chromedp.Click("#own summary", chromedp.ByQuery), chromedp.SetValue("#own-text", string(bad), chromedp.ByID),
		chromedp.Click("#own-check", chromedp.ByID))
	waitShown(t, ctx, "checks", checks)
	var at, msg string
	do(t, ctx, chromedp.AttributeValue("#own-errors li", "data-line", &at, nil, chromedp.ByQuery),
		chromedp.Text("#own-errors li", &msg, chromedp.ByQuery))
	if at != string(line[1]) || !strings.Contains(msg, "Line "+string(line[1])+":") || !strings.Contains(msg, "must be between 1 and 100000") {
		t.Errorf("the error is at line %q, %q; want line %s", at, msg, line[1])
	}
	// Choosing it (with the keyboard) selects that line in the text.
	var selected string
	do(t, ctx, chromedp.Focus("#own-errors li button", chromedp.ByQuery), chromedp.KeyEvent(kb.Enter),
		chromedp.Evaluate(`(t => t.value.slice(t.selectionStart, t.selectionEnd))(document.getElementById("own-text"))`, &selected))
	if !strings.Contains(selected, "strength = -850") {
		var dbg []int
		do(t, ctx, chromedp.Evaluate(`(t => [t.selectionStart, t.selectionEnd, t.value.length, document.activeElement === t ? 1 : 0])(document.getElementById("own-text"))`, &dbg))
		t.Errorf("clicking the error selects %q (%v), want its line", selected, dbg)
	}

	// Your own scenario, fixed: it loads, runs, and gives what surge run
	// gives for the same file.
	own := strings.Replace(string(bad), "strength = -850", "strength = 850", 1)
	n = shown(t, ctx, "runs")
	do(t, ctx, chromedp.SetValue("#own-text", own, chromedp.ByID), chromedp.Click("#own-check", chromedp.ByID))
	waitShown(t, ctx, "runs", n)
	file := filepath.Join(t.TempDir(), "pasted.toml")
	if err := os.WriteFile(file, []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	checkFigures(t, ctx, cliJSON(t, "run", file, "--reps", "1000", "--seed", "1", "--format", "json"))

	// A long run shows its progress and can be cancelled.
	do(t, ctx, chromedp.Click("#advanced summary", chromedp.ByQuery), chromedp.SetValue("#reps", "20000", chromedp.ByID),
		chromedp.Click("#run", chromedp.ByID))
	do(t, ctx, chromedp.Poll(`!document.getElementById("cancel").hidden`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Click("#cancel", chromedp.ByID),
		chromedp.Poll(`document.getElementById("status").textContent === "Cancelled."`, nil, chromedp.WithPollingTimeout(20*time.Second)))
}

// TestBrowserScreenshot draws the page for the README: south-sudan-2014
// as written, pinned, then with governments and donor missions twice as
// fast, and a story told.
func TestBrowserScreenshot(t *testing.T) {
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/?scenario=south-sudan-2014&reps=1000&seed=1"))
	waitShown(t, ctx, "runs", 0)
	do(t, ctx, chromedp.Click("#pin", chromedp.ByID))
	for _, id := range []string{"#lever-consent", "#lever-release"} {
		do(t, ctx, chromedp.Focus(id, chromedp.ByID))
		for range 2 {
			do(t, ctx, chromedp.KeyEvent(kb.ArrowLeft))
		}
	}
	n := shown(t, ctx, "runs")
	do(t, ctx, chromedp.Click("#run", chromedp.ByID))
	waitShown(t, ctx, "runs", n)
	do(t, ctx, chromedp.Click("#story-tell", chromedp.ByID))
	waitShown(t, ctx, "stories", 0)
	var pic []byte
	do(t, ctx, emulation.SetDeviceMetricsOverride(1600, 1300, 1, false), chromedp.Evaluate("window.scrollTo(0, 0)", nil),
		chromedp.Sleep(300*time.Millisecond), chromedp.CaptureScreenshot(&pic))
	if path := os.Getenv("SURGE_FULL_SCREENSHOT"); path != "" {
		var full []byte
		do(t, ctx, chromedp.FullScreenshot(&full, 90))
		if err := os.WriteFile(path, full, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(pic))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 1200 || b.Dy() < 900 {
		t.Errorf("a screenshot of %v", b)
	}
	if *update {
		if err := os.WriteFile(screenshotPath, pic, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
