package plots

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/surge-sim/surge/sim"
)

// namedChart is a chart and what it shows.
type namedChart struct {
	name string
	ch   *Chart
}

// charts returns one chart of each kind, from the fixture.
func charts(t *testing.T) []namedChart { return chartsOf(t, fixture()) }

// chartsOf returns one chart of each kind of a scenario's result, run as
// fixtureResult runs the fixture.
func chartsOf(t *testing.T, sc *sim.Scenario) []namedChart {
	t.Helper()
	res, err := sim.Run(context.Background(), sc, &sim.Options{Replications: fixtureReps, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Trace(sc, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []namedChart
	for _, f := range []struct {
		name string
		make func() (*Chart, error)
	}{
		{"deployment", func() (*Chart, error) { return Deployment(res, nil) }},
		{"time-to-target", func() (*Chart, error) { return TimeToTarget(res, nil) }},
		{"stages", func() (*Chart, error) { return Stages(res, nil) }},
		{"timeline", func() (*Chart, error) { return Timeline(sc, rep, nil) }},
		{"compare-curves", func() (*Chart, error) { return CompareCurves(variants(t), nil, nil) }},
		{"compare-days", func() (*Chart, error) { return CompareDays(variants(t), nil, nil) }},
	} {
		ch, err := f.make()
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		out = append(out, namedChart{f.name, ch})
	}
	return out
}

func TestSaveWritesTheRequestedSizeAndFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ch, err := Deployment(handMade(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file       string
		o          *Options
		pxW, pxH   int    // PNG
		svgW, svgH string // SVG
	}{
		{"default.png", nil, 1200, 750, "", ""}, // 8 × 5 inches at 150 DPI
		{"small.PNG", &Options{Width: 4 * vg.Inch, Height: 3 * vg.Inch, DPI: 100}, 400, 300, "", ""},
		{"default.svg", nil, 0, 0, "576pt", "360pt"}, // 72 points an inch
		{"wide.svg", &Options{Width: 10 * vg.Inch, Height: 4 * vg.Inch}, 0, 0, "720pt", "288pt"},
		{"default.pdf", nil, 0, 0, "", ""},
	} {
		path := filepath.Join(dir, tc.file)
		if err := Save(ch, path, tc.o); err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(path) {
		case ".png", ".PNG":
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", tc.file, err)
			}
			if cfg.Width != tc.pxW || cfg.Height != tc.pxH {
				t.Errorf("%s: %d × %d pixels, want %d × %d", tc.file, cfg.Width, cfg.Height, tc.pxW, tc.pxH)
			}
		case ".svg":
			var svg struct {
				XMLName xml.Name `xml:"svg"`
				Width   string   `xml:"width,attr"`
				Height  string   `xml:"height,attr"`
			}
			if err := xml.Unmarshal(b, &svg); err != nil {
				t.Fatalf("%s: %v", tc.file, err)
			}
			if svg.Width != tc.svgW || svg.Height != tc.svgH {
				t.Errorf("%s: %s × %s, want %s × %s", tc.file, svg.Width, svg.Height, tc.svgW, tc.svgH)
			}
			if !bytes.Contains(b, []byte("Arial")) {
				t.Errorf("%s: no fallback font named", tc.file)
			}
		case ".pdf":
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Errorf("%s starts with %q", tc.file, b[:min(8, len(b))])
			}
			if !bytes.Contains(b, []byte("/CreationDate (D:"+fixedPDFDate+")")) || !bytes.Contains(b, []byte("/ModDate (D:"+fixedPDFDate+")")) {
				t.Errorf("%s: the dates are not the fixed date", tc.file)
			}
			if !bytes.Contains(b, []byte("/MediaBox [0 0 576.00 360.00]")) { // 8 × 5 inches
				t.Errorf("%s: no 576 × 360 point page", tc.file)
			}
		}
	}
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 5 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Errorf("files left: %q, want the 5 pictures and no temporary file", names)
	}
}

func TestSaveRejectsUnknownFormats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ch, err := Deployment(handMade(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"chart.jpg", "chart", "chart.png.txt"} {
		if err := Save(ch, filepath.Join(dir, name), nil); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: got %v, want ErrFormat", name, err)
		}
	}
	if err := Save(ch, filepath.Join(dir, "missing", "chart.png"), nil); err == nil {
		t.Error("no error for a folder that does not exist")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("%d files left behind", len(left))
	}
	if _, err := WriteStandardSet(dir, handMade(), nil, nil, &Options{Format: "gif"}); !errors.Is(err, ErrFormat) {
		t.Errorf("WriteStandardSet with gif: got %v, want ErrFormat", err)
	}
}

func TestSameBytesTwice(t *testing.T) {
	t.Parallel()
	o := &Options{Width: 6 * vg.Inch, Height: 4 * vg.Inch, DPI: 72} // small: quick
	first := charts(t)
	for _, c := range first[:2] { // every format of two charts: PNG and PDF are slow under -race
		for _, format := range []string{"png", "svg", "pdf"} {
			var a, b bytes.Buffer
			if err := Write(&a, c.ch, format, o); err != nil {
				t.Fatalf("%s.%s: %v", c.name, format, err)
			}
			if err := Write(&b, c.ch, format, o); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s.%s: two renderings differ", c.name, format)
			}
		}
	}
	// Charts built again from a new run of the same scenario and seed draw
	// the same bytes too.
	for i, c := range charts(t) {
		var a, b bytes.Buffer
		if err := Write(&a, first[i].ch, "svg", o); err != nil {
			t.Fatal(err)
		}
		if err := Write(&b, c.ch, "svg", o); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two charts of the same result differ", c.name)
		}
	}
}

func TestWriteStandardSet(t *testing.T) {
	t.Parallel()
	res := fixtureResult(t)
	sc := fixture()
	rep := fixtureTrace(t)
	for _, tc := range []struct {
		name string
		rep  bool
		o    *Options
		want []string
	}{
		{"png", true, nil, []string{"deployment.png", "time-to-target.png", "stages.png", "timeline.png"}},
		{"no replication", false, nil, []string{"deployment.png", "time-to-target.png", "stages.png"}},
		{"svg", true, &Options{Format: "svg"}, []string{"deployment.svg", "time-to-target.svg", "stages.svg", "timeline.svg"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "pictures") // created
			r := rep
			if !tc.rep {
				r = nil
			}
			paths, err := WriteStandardSet(dir, res, sc, r, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range paths {
				if filepath.Dir(p) != dir {
					t.Errorf("%s is not in %s", p, dir)
				}
				got = append(got, filepath.Base(p))
				if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
					t.Errorf("%s: %v, %v", p, fi, err)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("wrote %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNaturalHeight(t *testing.T) {
	t.Parallel()
	for _, c := range charts(t) {
		_, h := size(c.ch, nil)
		if h < defaultHeight {
			t.Errorf("%s: %v high, below the default", c.name, h)
		}
		if c.ch.rows == 0 && h != defaultHeight {
			t.Errorf("%s: %v high, want the default", c.name, h)
		}
		if _, h := size(c.ch, &Options{Height: 2 * vg.Inch}); h != 2*vg.Inch {
			t.Errorf("%s: a height given is not kept: %v", c.name, h)
		}
	}
	// Many rows make a taller picture.
	ch := &Chart{Plot: newPlot(), rows: 40}
	if _, h := size(ch, nil); h < 40*rowPitch {
		t.Errorf("40 rows in %v", h)
	}
}
