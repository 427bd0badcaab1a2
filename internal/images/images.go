// Package images turns uploaded photos into what the site serves: a master
// re-encoded from the decoded pixels — turned upright by its EXIF
// orientation, converted to sRGB, no larger than MasterEdge, and stripped
// of every metadata field (EXIF with GPS, XMP, IPTC, comments, thumbnails)
// — and renditions of it, resized or cropped round a focal point, in WebP
// and JPEG, as internal/picture specifies them.
//
// The pixels are never touched in the serving process: every job runs in
// a process of its own, the images worker (cmd/vestnik-images, which does
// the work with libvips in package engine). A file crafted to crash a
// decoder kills that process, not the site, and the server maps none of
// libvips's libraries (a third of its memory).
package images

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"vestnik/internal/picture"
)

// Limits of what is decoded.
const (
	// MaxPixels is the largest image accepted: 50 megapixels.
	MaxPixels = 50_000_000
	// MaxDecodeBytes bounds the memory a decode may need, as the header
	// claims it (width × height × bands × bytes per band).
	MaxDecodeBytes = 512 << 20
	// MasterEdge is the longest edge of the master kept of a photo.
	MasterEdge = 2560
	// CoverEdge is the width of a cover made from a PDF's first page.
	CoverEdge = 1600
)

// Refused is an image that cannot be taken; MessageID says why.
type Refused struct{ MessageID string }

func (e *Refused) Error() string { return "images: refused: " + e.MessageID }

// The reasons an image is refused.
var (
	ErrTooLarge = &Refused{"admin.media.err.too_many_pixels"}
	ErrDamaged  = &Refused{"admin.media.err.damaged"}
	// ErrNoPDF: the worker's libvips was built without a PDF loader.
	ErrNoPDF = &Refused{"admin.entry.cover_no_pdf"}
)

// refusals are the refusals by message ID, as the worker reports them.
var refusals = map[string]*Refused{ErrTooLarge.MessageID: ErrTooLarge, ErrDamaged.MessageID: ErrDamaged, ErrNoPDF.MessageID: ErrNoPDF}

// ErrBusy: no image slot came free in time.
var ErrBusy = errors.New("images: too many images being processed")

// Master is an image re-encoded for keeping.
type Master struct {
	Data          []byte
	ContentType   string // image/jpeg, or image/png for an image with transparency
	Width, Height int
}

// Normalize decodes an uploaded image (JPEG, PNG, WebP, HEIC) and returns
// its master. The header is checked first: too many pixels, or more
// memory than MaxDecodeBytes, is ErrTooLarge before any pixel is decoded;
// an image that does not decode, or that crashes the worker, is
// ErrDamaged.
func Normalize(ctx context.Context, data []byte) (Master, error) {
	res, err := run(ctx, Request{Op: OpNormalize}, data)
	if err != nil {
		return Master{}, untrusted(ctx, err)
	}
	return res.master(), nil
}

// Render makes a rendition of a master.
func Render(ctx context.Context, master []byte, spec picture.Spec) ([]byte, error) {
	res, err := run(ctx, Request{Op: OpRender, Spec: spec}, master)
	if err != nil {
		return nil, err
	}
	return res.data, nil
}

// PDFCover draws a PDF's first page as a master: CoverEdge wide, on
// white, in sRGB, without metadata. A PDF that crashes the worker is
// ErrDamaged.
func PDFCover(ctx context.Context, pdf []byte) (Master, error) {
	res, err := run(ctx, Request{Op: OpPDFCover}, pdf)
	if err != nil {
		return Master{}, untrusted(ctx, err)
	}
	return res.master(), nil
}

// master is a worker's answer as a master.
func (r result) master() Master {
	return Master{Data: r.data, ContentType: r.ContentType, Width: r.Width, Height: r.Height}
}

// ErrWorkerDown: the worker fails whatever it is given (its libvips
// removed by an upgrade, a broken build), not on the file at hand.
var ErrWorkerDown = errors.New("images: the worker fails its own check")

// untrusted maps a worker's crash on an uploaded file to ErrDamaged: the
// editor is told the file cannot be read, and the site goes on. Unless
// the worker fails its check too: then it is broken (ErrWorkerDown, an
// error for the operator's log), and the file may be fine.
func untrusted(ctx context.Context, err error) error {
	if _, ok := errors.AsType[*crashError](err); ok {
		if _, cerr := Check(ctx); cerr != nil {
			return fmt.Errorf("%w: %v (the file: %v)", ErrWorkerDown, cerr, err)
		}
		return ErrDamaged
	}
	return err
}

var pdfSupport struct {
	sync.Mutex
	known, can bool
}

// CanRenderPDF says whether the worker's libvips reads PDFs (built with
// poppler or PDFium): whether covers can be made from PDF editions. Check
// (at serve's start) learns it; until it is known, it is asked, and a
// failure says no until next time.
func CanRenderPDF() bool {
	pdfSupport.Lock()
	known, can := pdfSupport.known, pdfSupport.can
	pdfSupport.Unlock()
	if known {
		return can
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := Check(ctx)
	return err == nil && a.PDF
}
