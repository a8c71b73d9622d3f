package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/surge-sim/surge/sim"
)

// The Okabe-Ito palette (Okabe and Ito 2008, "Color Universal Design"),
// whose colours people with the common forms of colour blindness can tell
// apart, and two greys.
var (
	black         = color.RGBA{0x00, 0x00, 0x00, 0xff}
	orange        = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	skyBlue       = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	bluishGreen   = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	yellow        = color.RGBA{0xf0, 0xe4, 0x42, 0xff}
	blue          = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	vermillion    = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	reddishPurple = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
	darkGrey      = color.RGBA{0x55, 0x55, 0x55, 0xff}
	midGrey       = color.RGBA{0x99, 0x99, 0x99, 0xff}
	lightGrey     = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
)

// series returns the colour of the i-th series of a comparison, in an
// order that keeps the first few far apart.
func series(i int) color.RGBA {
	order := [...]color.RGBA{blue, vermillion, bluishGreen, orange, reddishPurple, skyBlue, black, yellow}
	return order[i%len(order)]
}

// tint returns c with its alpha scaled to a (0 to 1), premultiplied, as
// image/color expects.
func tint(c color.RGBA, a float64) color.RGBA {
	s := func(v uint8) uint8 { return uint8(float64(v)*a + 0.5) }
	return color.RGBA{s(c.R), s(c.G), s(c.B), s(c.A)}
}

// stageColors gives each stage the same colour in every chart. The eight
// Okabe-Ito colours go to the stages that take time in practice (force
// generation, consent, release, preparation, reception); stages that take
// hours, or that few scenarios use, get greys and a darker blue, told apart
// by lightness.
var stageColors = [sim.NumStages]color.RGBA{
	sim.StageEvent:         color.RGBA{0x6a, 0x3d, 0x5a, 0xff}, // dark reddish purple
	sim.StagePledge:        vermillion,
	sim.StageAuthorization: darkGrey,
	sim.StageConsent:       orange,
	sim.StageLegislative:   yellow,
	sim.StageActivation:    color.RGBA{0xb3, 0xa3, 0x3b, 0xff}, // olive
	sim.StageReadiness:     color.RGBA{0x8c, 0x6d, 0x00, 0xff}, // dark yellow
	sim.StageRelease:       reddishPurple,
	sim.StagePreparation:   blue,
	sim.StageHostConsent:   black,
	sim.StageLiftWait:      skyBlue,
	sim.StageTransit:       midGrey,
	sim.StageAirfield:      color.RGBA{0x00, 0x3f, 0x63, 0xff}, // dark blue
	sim.StageReception:     bluishGreen,
	sim.StageRehat:         lightGrey,
	sim.StageRotation:      color.RGBA{0xf2, 0xb7, 0x9a, 0xff}, // light vermillion
}

// Font sizes, in points. At the default 8 × 5 inches the smallest text is
// 11 points, legible at 100% zoom; the title stands out by size, not weight,
// so that a PDF embeds a single font (see save.go).
const (
	titleSize    = 15
	subtitleSize = 11.5
	labelSize    = 12 // axis labels
	textSize     = 11 // tick labels, legends, notes, annotations
)

// face is the typeface of all text: Liberation Sans, metrically compatible
// with Arial and Helvetica.
var face = font.Font{Typeface: "Liberation", Variant: "Sans"}

// style returns a text style of the given size and colour.
func style(size float64, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(face, font.Length(size)),
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot with the package's fonts, thin grey axes and no
// title (the Chart draws the title).
func newPlot() *plot.Plot {
	p := plot.New()
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(face, labelSize)
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = font.From(face, textSize)
		a.LineStyle.Color = darkGrey
		a.Tick.LineStyle.Color = darkGrey
		a.Padding = vg.Points(2)
	}
	p.Legend.TextStyle.Font = font.From(face, textSize)
	return p
}

// line returns a line style.
func line(c color.Color, width float64, dashes ...float64) draw.LineStyle {
	ls := draw.LineStyle{Color: c, Width: vg.Points(width)}
	for _, d := range dashes {
		ls.Dashes = append(ls.Dashes, vg.Points(d))
	}
	return ls
}
