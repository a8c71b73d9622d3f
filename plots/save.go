package plots

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

func knownFormat(f string) bool { return f == "png" || f == "svg" || f == "pdf" }

// Save draws d into the file path, in the format its extension names:
// .png, .svg or .pdf (in any case). The size comes from o (nil: 8 × 5
// inches, PNG at 150 DPI). The picture goes to a temporary file in the same
// folder, renamed to path once complete, so that path never holds half a
// picture.
func Save(d Drawer, path string, o *Options) (err error) {
	format := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	if !knownFormat(format) {
		return fmt.Errorf("%w: %s (want .png, .svg or .pdf)", ErrFormat, path)
	}
	var buf bytes.Buffer
	if err := Write(&buf, d, format, o); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(buf.Bytes()); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil { // CreateTemp makes it private
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

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
