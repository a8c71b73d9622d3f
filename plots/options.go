package plots

import "gonum.org/v1/plot/vg"

// Options controls how charts are drawn and written. A nil *Options, and
// the zero value of each field, mean the documented default.
type Options struct {
	// Width and Height are the size of a picture; default 8 × 5 inches,
	// which is 1200 × 750 pixels at the default DPI. The default height of
	// a chart with a row per unit (Stages, Timeline) grows with the rows,
	// so that each gets at least 20 points; a Height given is kept.
	Width, Height vg.Length
	// DPI is the resolution of PNG output, in pixels per inch; default 150.
	// It does not change SVG or PDF, which are vector formats.
	DPI int
	// Dates labels the time axis with calendar dates instead of days after
	// day 0.
	Dates bool
	// Rep is the replication number the timeline's title gives, for a
	// caller that numbers replications otherwise (from 1, say); zero: the
	// replication's own index. It changes nothing else.
	Rep int
}

// Defaults.
const (
	defaultWidth  = 8 * vg.Inch
	defaultHeight = 5 * vg.Inch
	defaultDPI    = 150 // 8 × 5 inches is then 1200 × 750 pixels
)

// size returns the picture's width and height.
func (o *Options) size() (w, h vg.Length) {
	w, h = defaultWidth, defaultHeight
	if o != nil && o.Width > 0 {
		w = o.Width
	}
	if o != nil && o.Height > 0 {
		h = o.Height
	}
	return w, h
}

func (o *Options) dpi() int {
	if o == nil || o.DPI <= 0 {
		return defaultDPI
	}
	return o.DPI
}

func (o *Options) dates() bool { return o != nil && o.Dates }
