package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file holds the plotters gonum/plot does not have: labelled reference
// lines, text notes, bars made of segments, and the
// sample marks of legends.

// refLine is a vertical line at a day, such as a benchmark, with a short
// label at the top of the data area and, unless Y is NaN, a marker at Y
// (the share of the target a benchmark wants by that day).
type refLine struct {
	X, Y  float64
	Label string
}

// refLines draws vertical reference lines with their labels at the top,
// to the right of each line. A label that would overlap the one before goes
// on the next line down, so that close lines keep readable labels.
type refLines struct {
	Lines []refLine
	Style draw.LineStyle
	Mark  draw.GlyphStyle
	Text  text.Style
}

func newRefLines(lines []refLine) *refLines {
	return &refLines{Lines: lines, Style: line(darkGrey, 1, 5, 3), Text: style(textSize, darkGrey),
		Mark: draw.GlyphStyle{Color: black, Radius: vg.Points(5), Shape: diamondGlyph{}}}
}

// Thumbnail draws the line, and the marker if any line has one.
func (r *refLines) Thumbnail(c *draw.Canvas) {
	lineKey{r.Style}.Thumbnail(c)
	for _, l := range r.Lines {
		if !math.IsNaN(l.Y) {
			glyphKey{r.Mark}.Thumbnail(c)
			return
		}
	}
}

func (r *refLines) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	ts := r.Text
	ts.YAlign = draw.YTop
	lineH := ts.Height("Ag") * 1.1 // a little leading between stacked labels
	var ends []vg.Length           // the right end of the last label on each line
	// The lines first, then the labels on their backdrops, so that no line
	// strikes through another's label.
	for _, l := range r.Lines {
		if l.X < p.X.Min || l.X > p.X.Max {
			continue
		}
		c.StrokeLine2(r.Style, x(l.X), c.Min.Y, x(l.X), c.Max.Y)
	}
	for _, l := range r.Lines {
		if l.X < p.X.Min || l.X > p.X.Max {
			continue
		}
		px := x(l.X)
		if !math.IsNaN(l.Y) && l.Y >= p.Y.Min && l.Y <= p.Y.Max {
			c.DrawGlyphNoClip(r.Mark, vg.Point{X: px, Y: y(l.Y)})
		}
		if l.Label == "" {
			continue
		}
		w := ts.Width(l.Label)
		lx := px + vg.Points(3)
		if lx+w > c.Max.X { // no room on the right: put it on the left
			lx = px - vg.Points(3) - w
		}
		row := 0
		for row < len(ends) && ends[row] > lx-vg.Points(4) {
			row++
		}
		if row == len(ends) {
			ends = append(ends, 0)
		}
		ends[row] = lx + w
		ly := c.Max.Y - vg.Points(2) - vg.Length(row)*lineH
		backdrop(&c, ts, vg.Point{X: lx, Y: ly}, l.Label)
		c.FillText(ts, vg.Point{X: lx, Y: ly}, l.Label)
	}
}

// backdrop fills a translucent white box behind text to be drawn with ts at
// pt, so that lines crossing it do not hide it.
func backdrop(c *draw.Canvas, ts text.Style, pt vg.Point, txt string) {
	r := ts.Rectangle(txt)
	pad := vg.Points(1.5)
	rect := vg.Rectangle{
		Min: vg.Point{X: pt.X + r.Min.X - pad, Y: pt.Y + r.Min.Y},
		Max: vg.Point{X: pt.X + r.Max.X + pad, Y: pt.Y + r.Max.Y},
	}
	c.SetColor(tint(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.85))
	c.Fill(rect.Path())
}

// hLine is a horizontal line across the data area, such as the target,
// with a label above its right end.
type hLine struct {
	Y     float64
	Label string
	Style draw.LineStyle
	Text  text.Style
}

func (h *hLine) Plot(c draw.Canvas, p *plot.Plot) {
	_, y := p.Transforms(&c)
	py := y(h.Y)
	c.StrokeLine2(h.Style, c.Min.X, py, c.Max.X, py)
	if h.Label != "" {
		ts := h.Text
		ts.XAlign, ts.YAlign = draw.XRight, draw.YBottom
		// Above the line, descenders included, so the backdrop leaves it whole.
		pt := vg.Point{X: c.Max.X - vg.Points(2), Y: py + vg.Points(2) + ts.FontExtents().Descent}
		backdrop(&c, ts, pt, h.Label)
		c.FillText(ts, pt, h.Label)
	}
}

func (h *hLine) Thumbnail(c *draw.Canvas) { lineKey{h.Style}.Thumbnail(c) }

// centerNote writes text in the middle of the data area: what a chart with
// nothing to show would have shown.
type centerNote struct {
	Text string
}

func (n centerNote) Plot(c draw.Canvas, _ *plot.Plot) {
	ts := style(labelSize, black)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YCenter
	pt := c.Center()
	backdrop(&c, ts, pt, n.Text)
	c.FillText(ts, pt, n.Text)
}

// label is text anchored at a point in data coordinates.
type label struct {
	X, Y float64
	Text string
}

// labels writes text next to points, offset to the right and vertically
// centred, and tells the plot how much room it needs so that it is never
// clipped.
type labels struct {
	Labels []label
	Text   text.Style
	Offset vg.Length
}

func newLabels(ls []label, offset vg.Length) *labels {
	ts := style(textSize, black)
	ts.XAlign, ts.YAlign = draw.XLeft, draw.YCenter
	return &labels{Labels: ls, Text: ts, Offset: offset}
}

func (l *labels) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	for _, lb := range l.Labels {
		c.FillText(l.Text, vg.Point{X: x(lb.X) + l.Offset, Y: y(lb.Y)}, lb.Text)
	}
}

func (l *labels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	boxes := make([]plot.GlyphBox, len(l.Labels))
	for i, lb := range l.Labels {
		r := l.Text.Rectangle(lb.Text)
		r.Min.X += l.Offset
		r.Max.X += l.Offset
		boxes[i] = plot.GlyphBox{X: p.X.Norm(lb.X), Y: p.Y.Norm(lb.Y), Rectangle: r}
	}
	return boxes
}

// segment is a bar piece from X0 to X1 on row Row, in a colour.
type segment struct {
	Row    int
	X0, X1 float64
	Color  color.Color
}

// segments draws horizontal bars made of segments, one row per integer Y,
// each Height rows thick: stacked bars and Gantt charts.
type segments struct {
	Segs   []segment
	Height float64 // in rows, below 1 for a gap between rows
}

func (s *segments) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	for _, sg := range s.Segs {
		r := vg.Rectangle{
			Min: vg.Point{X: x(sg.X0), Y: y(float64(sg.Row) - s.Height/2)},
			Max: vg.Point{X: x(sg.X1), Y: y(float64(sg.Row) + s.Height/2)},
		}
		c.SetColor(sg.Color)
		c.Fill(r.Path())
	}
}

func (s *segments) DataRange() (xmin, xmax, ymin, ymax float64) {
	return rowRange(len(s.Segs), func(i int) (int, float64, float64) { return s.Segs[i].Row, s.Segs[i].X0, s.Segs[i].X1 })
}

// rowRange is the data range of n marks, mark i on row(i) from lo(i) to hi(i).
func rowRange(n int, mark func(i int) (row int, lo, hi float64)) (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for i := range n {
		row, lo, hi := mark(i)
		xmin, xmax = min(xmin, lo), max(xmax, hi)
		ymin, ymax = min(ymin, float64(row)-0.5), max(ymax, float64(row)+0.5)
	}
	return xmin, xmax, ymin, ymax
}

// box is a box-and-whisker summary on row Row: whiskers from Low to High,
// a box from Q1 to Q3 and a line at the median.
type box struct {
	Row                     int
	Low, Q1, Median, Q3, Hi float64
	Color                   color.RGBA
}

// boxes draws horizontal box plots.
type boxes struct {
	Boxes  []box
	Height float64 // of a box, in rows
}

func (b *boxes) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	for _, bx := range b.Boxes {
		yc := y(float64(bx.Row))
		h := (y(float64(bx.Row)+b.Height/2) - y(float64(bx.Row)-b.Height/2)) / 2
		edge := line(bx.Color, 1.5)
		c.StrokeLine2(edge, x(bx.Low), yc, x(bx.Q1), yc)
		c.StrokeLine2(edge, x(bx.Q3), yc, x(bx.Hi), yc)
		c.StrokeLine2(edge, x(bx.Low), yc-h/2, x(bx.Low), yc+h/2)
		c.StrokeLine2(edge, x(bx.Hi), yc-h/2, x(bx.Hi), yc+h/2)
		r := vg.Rectangle{Min: vg.Point{X: x(bx.Q1), Y: yc - h}, Max: vg.Point{X: x(bx.Q3), Y: yc + h}}
		c.SetColor(tint(bx.Color, 0.3))
		c.Fill(r.Path())
		c.StrokeLines(edge, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
		c.StrokeLine2(line(bx.Color, 3), x(bx.Median), yc-h, x(bx.Median), yc+h)
	}
}

func (b *boxes) DataRange() (xmin, xmax, ymin, ymax float64) {
	return rowRange(len(b.Boxes), func(i int) (int, float64, float64) { return b.Boxes[i].Row, b.Boxes[i].Low, b.Boxes[i].Hi })
}

// Legend sample marks.

// lineKey is a line.
type lineKey struct{ Style draw.LineStyle }

func (k lineKey) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(k.Style, c.Min.X, y, c.Max.X, y)
}

// swatch is a filled rectangle, optionally outlined.
type swatch struct {
	Fill color.Color
	Edge draw.LineStyle
}

func (k swatch) Thumbnail(c *draw.Canvas) {
	c.SetColor(k.Fill)
	c.Fill(c.Rectangle.Path())
	if k.Edge.Width > 0 {
		r := c.Rectangle
		c.StrokeLines(k.Edge, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
	}
}

// glyphKey is a marker.
type glyphKey struct{ Style draw.GlyphStyle }

func (k glyphKey) Thumbnail(c *draw.Canvas) { c.DrawGlyphNoClip(k.Style, c.Center()) }

// diamondGlyph is a diamond outlined in the glyph's colour and filled
// white, to stand out on lines and bands.
type diamondGlyph struct{}

func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.SetColor(color.White)
	c.Fill(p)
	c.SetLineStyle(line(sty.Color, 1.5))
	c.Stroke(p)
}

// arrowGlyph is a triangle pointing right: "continues beyond the horizon".
type arrowGlyph struct{}

func (arrowGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	c.SetColor(sty.Color)
	var p vg.Path
	p.Move(vg.Point{X: pt.X - r, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y - r})
	p.Close()
	c.Fill(p)
}
