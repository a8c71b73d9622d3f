package plots

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden pictures in ../testdata/plots")

// Pixel comparison. Font rasterizing differs a little between machines, on
// the edges of glyphs; a real change of a chart moves whole lines, bands
// or labels.
const (
	// channelTolerance is the largest difference of a colour channel
	// (0 to 255) that still counts as the same pixel.
	channelTolerance = 48
	// maxDiffering is the share of pixels that may differ: 0.1%, 900 of
	// the 900,000 pixels of 1200 × 750, the anti-aliased edges of a few
	// dozen glyphs; ten more characters in the title change 0.14%.
	maxDiffering = 0.001
)

// TestGoldenDeployment compares the fixture's deployment chart with the
// golden picture, and checks that the comparison would see a change: the
// same chart with a longer title, or with other bands.
func TestGoldenDeployment(t *testing.T) {
	t.Parallel()
	res := fixtureResult(t)
	render := func(change func(*Chart)) []byte {
		ch, err := Deployment(res, nil)
		if err != nil {
			t.Fatal(err)
		}
		if change != nil {
			change(ch)
		}
		var buf bytes.Buffer
		if err := Write(&buf, ch, "png", nil); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	got := render(nil)
	golden := filepath.Join("..", "testdata", "plots", "deployment.png")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./plots -update to write it)", err)
	}
	share, err := differing(got, want)
	if err != nil {
		t.Fatal(err)
	}
	if share > maxDiffering {
		path := filepath.Join(t.TempDir(), "deployment.png")
		os.WriteFile(path, got, 0o644)
		t.Errorf("%.2f%% of pixels differ from %s (at most %.2f%% may); the picture drawn is %s",
			share*100, golden, maxDiffering*100, path)
	}

	for _, tc := range []struct {
		name   string
		change func(*Chart)
	}{
		{"title", func(ch *Chart) { ch.Title += " (changed)" }},
		{"bands", func(ch *Chart) { find[*band](t, ch, "band50").Hi = find[*band](t, ch, "band90").Hi }},
	} {
		share, err := differing(render(tc.change), got)
		if err != nil {
			t.Fatal(err)
		}
		if share <= maxDiffering {
			t.Errorf("%s changed: only %.3f%% of pixels differ, which the comparison lets pass", tc.name, share*100)
		}
	}
	if share, err := differing(got, got); err != nil || share != 0 {
		t.Errorf("a picture differs from itself: %v, %v", share, err)
	}
}

// differing decodes two PNGs and returns the share of pixels whose colour
// differs by more than channelTolerance in a channel.
func differing(a, b []byte) (float64, error) {
	ia, err := decodeRGBA(a)
	if err != nil {
		return 0, err
	}
	ib, err := decodeRGBA(b)
	if err != nil {
		return 0, err
	}
	if ia.Bounds() != ib.Bounds() {
		return 0, fmt.Errorf("sizes differ: %v and %v", ia.Bounds(), ib.Bounds())
	}
	n := 0
	for i := 0; i < len(ia.Pix); i += 4 {
		for c := range 4 {
			d := int(ia.Pix[i+c]) - int(ib.Pix[i+c])
			if d > channelTolerance || d < -channelTolerance {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(ia.Pix)/4), nil
}

// decodeRGBA decodes a PNG into RGBA pixels.
func decodeRGBA(b []byte) (*image.RGBA, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba, nil
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba, nil
}
