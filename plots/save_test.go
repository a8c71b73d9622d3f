package plots

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"slices"
	"strings"
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
	res, err := sim.Run(context.Background(), sc, &sim.Options{Replications: fixtureReps, Seed: 1, Samples: true})
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

func TestWriteGivesTheRequestedSizeAndFormat(t *testing.T) {
	t.Parallel()
	ch, err := Deployment(handMade(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		format     string
		o          *Options
		pxW, pxH   int    // PNG
		svgW, svgH string // SVG
	}{
		{"default", "png", nil, 1200, 750, "", ""}, // 8 × 5 inches at 150 DPI
		{"small", "PNG", &Options{Width: 4 * vg.Inch, Height: 3 * vg.Inch, DPI: 100}, 400, 300, "", ""},
		{"default", "svg", nil, 0, 0, "576pt", "360pt"}, // 72 points an inch
		{"wide", "svg", &Options{Width: 10 * vg.Inch, Height: 4 * vg.Inch}, 0, 0, "720pt", "288pt"},
		{"default", "pdf", nil, 0, 0, "", ""},
	} {
		var buf bytes.Buffer
		if err := Write(&buf, ch, tc.format, tc.o); err != nil {
			t.Fatalf("%s %s: %v", tc.name, tc.format, err)
		}
		b := buf.Bytes()
		switch strings.ToLower(tc.format) {
		case "png":
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if cfg.Width != tc.pxW || cfg.Height != tc.pxH {
				t.Errorf("%s: %d × %d pixels, want %d × %d", tc.name, cfg.Width, cfg.Height, tc.pxW, tc.pxH)
			}
		case "svg":
			var svg struct {
				XMLName xml.Name `xml:"svg"`
				Width   string   `xml:"width,attr"`
				Height  string   `xml:"height,attr"`
			}
			if err := xml.Unmarshal(b, &svg); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if svg.Width != tc.svgW || svg.Height != tc.svgH {
				t.Errorf("%s: %s × %s, want %s × %s", tc.name, svg.Width, svg.Height, tc.svgW, tc.svgH)
			}
			if !bytes.Contains(b, []byte("Arial")) {
				t.Errorf("%s: no fallback font named", tc.name)
			}
		case "pdf":
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Errorf("%s starts with %q", tc.name, b[:min(8, len(b))])
			}
			if !bytes.Contains(b, []byte("/CreationDate (D:"+fixedPDFDate+")")) || !bytes.Contains(b, []byte("/ModDate (D:"+fixedPDFDate+")")) {
				t.Errorf("%s: the dates are not the fixed date", tc.name)
			}
			if !bytes.Contains(b, []byte("/MediaBox [0 0 576.00 360.00]")) { // 8 × 5 inches
				t.Errorf("%s: no 576 × 360 point page", tc.name)
			}
		}
	}
}

func TestWriteRejectsUnknownFormats(t *testing.T) {
	t.Parallel()
	ch, err := Deployment(handMade(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"jpg", "", "png.txt"} {
		var buf bytes.Buffer
		if err := Write(&buf, ch, format, nil); !errors.Is(err, ErrFormat) || buf.Len() != 0 {
			t.Errorf("%q: got %v and %d bytes, want ErrFormat and nothing", format, err, buf.Len())
		}
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

func TestStandardSet(t *testing.T) {
	t.Parallel()
	res := fixtureResult(t)
	sc := fixture()
	rep := fixtureTrace(t)
	for _, tc := range []struct {
		name string
		rep  *sim.Replication
		want []string
	}{
		{"with a replication", rep, []string{"deployment", "time-to-target", "stages", "timeline"}},
		{"without", nil, []string{"deployment", "time-to-target", "stages"}},
	} {
		pics, err := StandardSet(res, sc, tc.rep, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range pics {
			got = append(got, p.Name)
			if p.Chart == nil {
				t.Errorf("%s: %s has no chart", tc.name, p.Name)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: drew %q, want %q", tc.name, got, tc.want)
		}
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
