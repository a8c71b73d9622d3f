package plots

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// ErrFormat is returned for a file format plots cannot write.
var ErrFormat = errors.New("plots: unknown picture format")

// Write draws d and writes it to w as format: "png", "svg" or "pdf".
//
// The output depends only on d and o: PNG and SVG are deterministic as
// gonum/plot writes them; the PDF writer stamps the time of writing as the
// document's creation and modification dates, which Write replaces with a
// fixed date (fixedPDFDate).
func Write(w io.Writer, d Drawer, format string, o *Options) error {
	width, height := size(d, o)
	var out bytes.Buffer
	switch strings.ToLower(format) {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(o.dpi()))
		d.Draw(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&out); err != nil {
			return err
		}
	case "svg":
		c := vgsvg.New(width, height)
		d.Draw(draw.New(c))
		if _, err := c.WriteTo(&out); err != nil {
			return err
		}
		// Name fonts to fall back on where Liberation Sans is not installed:
		// Arial and Helvetica have the same metrics.
		b := bytes.ReplaceAll(out.Bytes(), []byte("font-family:Liberation Sans;"),
			[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
		out.Reset()
		out.Write(b)
	case "pdf":
		c := vgpdf.New(width, height)
		d.Draw(draw.New(c))
		if _, err := c.WriteTo(&out); err != nil {
			return err
		}
		b := pdfDate.ReplaceAll(out.Bytes(), []byte("/${1} (D:"+fixedPDFDate+")"))
		out.Reset()
		out.Write(b)
	default:
		return fmt.Errorf("%w %q (want png, svg or pdf)", ErrFormat, format)
	}
	_, err := w.Write(out.Bytes())
	return err
}

// size returns the size to draw d at: o's, with the default height
// raised for a chart whose rows need more (see Options.Height).
func size(d Drawer, o *Options) (w, h vg.Length) {
	w, h = o.size()
	if ch, ok := d.(*Chart); ok && ch.rows > 0 && (o == nil || o.Height <= 0) {
		h = max(h, ch.naturalHeight(w))
	}
	return w, h
}

// fixedPDFDate is the creation and modification date written into every
// PDF: 1 January 2000, as D:YYYYMMDDHHmmSS. It has the length of the date it
// replaces, so that the byte offsets in the PDF's cross-reference table
// stay right.
const fixedPDFDate = "20000101000000"

// pdfDate matches the dates the PDF writer (codeberg.org/go-pdf/fpdf)
// stamps in the document information dictionary.
var pdfDate = regexp.MustCompile(`/(CreationDate|ModDate) \(D:[0-9]{14}\)`)
