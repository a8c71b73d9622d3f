package plots

import (
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Drawer is something that draws itself on a canvas: a *Chart, or any
// *plot.Plot.
type Drawer interface {
	Draw(draw.Canvas)
}

// Chart is one picture: a title and a subtitle at the top, a plot, and
// below the plot, outside its data area so that they never cover data, a
// legend and notes. The chart functions return charts ready to save;
// change the fields to adapt them.
type Chart struct {
	Title    string     // what and where; drawn at the top left
	Subtitle string     // what is measured; drawn under the title in grey
	Plot     *plot.Plot // required
	Legend   []LegendEntry
	Notes    []string // each wrapped to the width of the picture

	parts []part // the plotters added, by role, for tests
	rows  int    // rows of bars, for charts whose height grows with them
}

// LegendEntry is one key of a Chart's legend: sample marks and their text.
type LegendEntry struct {
	Text   string
	Thumbs []plot.Thumbnailer
}

// part is a plotter and what it shows.
type part struct {
	role string
	p    plot.Plotter
}

// add adds plotters to the chart's plot under a role.
func (ch *Chart) add(role string, ps ...plot.Plotter) {
	for _, p := range ps {
		ch.parts = append(ch.parts, part{role, p})
	}
	ch.Plot.Add(ps...)
}

// key adds a legend entry.
func (ch *Chart) key(txt string, thumbs ...plot.Thumbnailer) {
	ch.Legend = append(ch.Legend, LegendEntry{Text: txt, Thumbs: thumbs})
}

// note adds a note.
func (ch *Chart) note(txt string) { ch.Notes = append(ch.Notes, txt) }

// Layout, in points.
const (
	margin      = 10   // around the picture
	titleGap    = 3    // between title and subtitle
	headGap     = 8    // between the heading and the plot
	legendGap   = 6    // between the plot and the legend, and the legend and the notes
	thumbWidth  = 22   // a legend's sample marks
	thumbGap    = 5    // between sample marks and their text
	columnGap   = 18   // between legend columns
	rowSpacing  = 1.25 // a legend row's height, in text heights
	noteSpacing = 1.2  // a note line's height, in text heights
)

// Draw draws the chart on c.
func (ch *Chart) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	c = draw.Crop(c, margin, -margin, margin, -margin)

	width := c.Max.X - c.Min.X
	top := c.Max.Y
	for _, h := range ch.heading() {
		h.style.YAlign = draw.YTop
		for _, l := range wrap(h.txt, h.style, width) {
			c.FillText(h.style, vg.Point{X: c.Min.X, Y: top}, l)
			top -= h.style.Height(l)
		}
		top -= h.gap
	}

	noteStyle := style(textSize, darkGrey)
	notes := wrapAll(ch.Notes, noteStyle, width)
	rows, cols := legendGrid(ch.Legend, width)
	rowH := legendRowHeight()
	noteH := noteStyle.Height("Ag") * noteSpacing

	bottom := c.Min.Y
	if len(notes) > 0 {
		for i := len(notes) - 1; i >= 0; i-- {
			// The text's bottom, descenders included, sits on the line's
			// bottom; the spacing goes above.
			c.FillText(noteStyle, vg.Point{X: c.Min.X, Y: bottom + noteStyle.FontExtents().Descent}, notes[i])
			bottom += noteH
		}
		bottom += legendGap
	}
	if rows > 0 {
		ch.drawLegend(c, bottom, rows, cols, rowH)
		bottom += vg.Length(rows)*rowH + legendGap
	}

	pc := c
	pc.Min.Y = bottom
	pc.Max.Y = top
	ch.Plot.Draw(pc)
}

// headingLine is the title or the subtitle, with the gap below it.
type headingLine struct {
	txt   string
	style text.Style
	gap   vg.Length
}

// heading returns the title and subtitle to draw.
func (ch *Chart) heading() []headingLine {
	var hs []headingLine
	if ch.Title != "" {
		hs = append(hs, headingLine{ch.Title, style(titleSize, black), titleGap})
	}
	if ch.Subtitle != "" {
		hs = append(hs, headingLine{ch.Subtitle, style(subtitleSize, darkGrey), 0})
	}
	if len(hs) > 0 {
		hs[len(hs)-1].gap += headGap
	}
	return hs
}

func legendRowHeight() vg.Length { return style(textSize, black).Height("Ag") * rowSpacing }

// rowPitch is the height of a row of bars, at least: room for an 11-point
// label and a gap.
const rowPitch = 20

// naturalHeight returns the height a chart with bars in rows needs at the
// given width for each row to get rowPitch points: the data area plus
// everything around it, laid out as Draw lays it out.
func (ch *Chart) naturalHeight(width vg.Length) vg.Length {
	width -= 2 * margin
	h := vg.Length(2*margin) + vg.Length(ch.rows)*rowPitch
	for _, hl := range ch.heading() {
		for _, l := range wrap(hl.txt, hl.style, width) {
			h += hl.style.Height(l)
		}
		h += hl.gap
	}
	noteStyle := style(textSize, darkGrey)
	if n := len(wrapAll(ch.Notes, noteStyle, width)); n > 0 {
		h += vg.Length(n)*noteStyle.Height("Ag")*noteSpacing + legendGap
	}
	if rows, _ := legendGrid(ch.Legend, width); rows > 0 {
		h += vg.Length(rows)*legendRowHeight() + legendGap
	}
	// The X axis: tick marks and labels, the axis label, and paddings.
	x := ch.Plot.X
	h += x.Tick.Length + x.Tick.Label.Height("0") + x.Label.TextStyle.Height("A") + x.Label.Padding + x.Padding + vg.Points(6)
	return h
}

// drawLegend draws the legend in rows × len(cols) cells, row by row, its
// bottom row at y.
func (ch *Chart) drawLegend(c draw.Canvas, y vg.Length, rows int, cols []vg.Length, rowH vg.Length) {
	ts := style(textSize, black)
	ts.YAlign = draw.YCenter
	for i, e := range ch.Legend {
		r, k := i/len(cols), i%len(cols)
		x := c.Min.X
		for _, w := range cols[:k] {
			x += w + columnGap
		}
		cy := y + vg.Length(rows-1-r)*rowH + rowH/2
		thumb := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: cy - rowH*0.35},
			Max: vg.Point{X: x + thumbWidth, Y: cy + rowH*0.35},
		}}
		for _, t := range e.Thumbs {
			t.Thumbnail(&thumb)
		}
		c.FillText(ts, vg.Point{X: x + thumbWidth + thumbGap, Y: cy}, e.Text)
	}
}

// legendGrid lays the entries out in as many columns as fit in width,
// filled row by row, and returns the number of rows and each column's width.
func legendGrid(entries []LegendEntry, width vg.Length) (rows int, cols []vg.Length) {
	if len(entries) == 0 {
		return 0, nil
	}
	ts := style(textSize, black)
	w := make([]vg.Length, len(entries))
	for i, e := range entries {
		w[i] = thumbWidth + thumbGap + ts.Width(e.Text)
	}
	for n := len(entries); n >= 1; n-- {
		cols = make([]vg.Length, n)
		for i, wi := range w {
			cols[i%n] = max(cols[i%n], wi)
		}
		total := vg.Length(n-1) * columnGap
		for _, cw := range cols {
			total += cw
		}
		if total <= width || n == 1 {
			return (len(entries) + n - 1) / n, cols
		}
	}
	panic("unreachable")
}

// wrapAll breaks each text into lines no wider than width.
func wrapAll(texts []string, ts text.Style, width vg.Length) []string {
	var lines []string
	for _, t := range texts {
		lines = append(lines, wrap(t, ts, width)...)
	}
	return lines
}

// wrap breaks text into lines no wider than width, at spaces; a word wider
// than width gets a line of its own.
func wrap(txt string, ts text.Style, width vg.Length) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(txt) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && ts.Width(try) > width {
			lines = append(lines, line)
			try = word
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
