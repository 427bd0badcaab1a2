// Package images turns uploaded photos into what the site serves: a master
// re-encoded from the decoded pixels — turned upright by its EXIF
// orientation, converted to sRGB, no larger than MasterEdge, and stripped
// of every metadata field (EXIF with GPS, XMP, IPTC, comments, thumbnails)
// — and renditions of it, resized or cropped round a focal point, in WebP
// and JPEG, as internal/picture specifies them. It uses libvips (through govips): it decodes only the pixels a
// size needs, and refuses images too large to decode before decoding them.
package images

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/davidbyttow/govips/v2/vips"

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
)

// Refused is an image that cannot be taken; MessageID says why.
type Refused struct{ MessageID string }

func (e *Refused) Error() string { return "images: refused: " + e.MessageID }

// The reasons an image is refused.
var (
	ErrTooLarge = &Refused{"admin.media.err.too_many_pixels"}
	ErrDamaged  = &Refused{"admin.media.err.damaged"}
	// ErrNoPDF: this libvips was built without a PDF loader.
	ErrNoPDF = &Refused{"admin.entry.cover_no_pdf"}
)

// ErrBusy: no image slot came free in time.
var ErrBusy = errors.New("images: too many images being processed")

var (
	startOnce sync.Once
	slots     chan struct{}
)

// start starts libvips once: untrusted loaders (ImageMagick and SVG among
// them, which can read other files) are blocked but for PDF (pdf.go), its
// cache is small, and at most one image per core is processed at a time.
func start() {
	startOnce.Do(func() {
		os.Setenv("VIPS_BLOCK_UNTRUSTED", "1")
		vips.LoggingSettings(func(string, vips.LogLevel, string) {}, vips.LogLevelError)
		vips.Startup(&vips.Config{ConcurrencyLevel: 1, MaxCacheMem: 32 << 20, MaxCacheSize: 50, MaxCacheFiles: 0})
		allowPDF()
		slots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	})
}

// acquire waits for an image slot (at most 30 s, and while ctx lives).
func acquire(ctx context.Context) (release func(), err error) {
	start()
	t := time.NewTimer(30 * time.Second)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, ErrBusy
	}
}

// Master is an image re-encoded for keeping.
type Master struct {
	Data          []byte
	ContentType   string // image/jpeg, or image/png for an image with transparency
	Width, Height int
}

// Normalize decodes an uploaded image (JPEG, PNG, WebP, HEIC) and returns
// its master. The header is checked first: too many pixels, or more
// memory than MaxDecodeBytes, is ErrTooLarge before any pixel is decoded;
// an image that does not decode is ErrDamaged.
func Normalize(ctx context.Context, data []byte) (Master, error) {
	release, err := acquire(ctx)
	if err != nil {
		return Master{}, err
	}
	defer release()
	if len(data) == 0 {
		return Master{}, ErrDamaged
	}
	head, err := vips.LoadImageFromBuffer(data, nil) // the header only: pixels load on demand
	if err != nil {
		return Master{}, ErrDamaged
	}
	w, h, bands := head.Width(), head.Height(), head.Bands()
	alpha := head.HasAlpha()
	format := head.Format()
	bytesPerBand := bandBytes(head.BandFormat())
	head.Close()
	switch format {
	case vips.ImageTypeJPEG, vips.ImageTypePNG, vips.ImageTypeWEBP, vips.ImageTypeHEIF:
	default:
		return Master{}, ErrDamaged // a PDF or another format libvips reads is no photo
	}
	if w <= 0 || h <= 0 || int64(w)*int64(h) > MaxPixels || int64(w)*int64(h)*int64(bands)*bytesPerBand > MaxDecodeBytes {
		return Master{}, ErrTooLarge
	}
	// thumbnail: shrink-on-load, EXIF orientation applied, sRGB.
	img, err := vips.NewThumbnailWithSizeFromBuffer(data, MasterEdge, MasterEdge, vips.InterestingNone, vips.SizeDown)
	if err != nil {
		return Master{}, ErrDamaged
	}
	defer img.Close()
	if err := toSRGB(img); err != nil {
		return Master{}, ErrDamaged
	}
	if err := img.RemoveMetadata(); err != nil {
		return Master{}, err
	}
	m := Master{Width: img.Width(), Height: img.Height()}
	if alpha {
		p := vips.NewPngExportParams()
		p.StripMetadata = true
		p.Compression = 9
		m.Data, _, err = img.ExportPng(p)
		m.ContentType = "image/png"
	} else {
		p := vips.NewJpegExportParams()
		p.StripMetadata = true
		p.Quality = 90
		p.Interlace = false
		m.Data, _, err = img.ExportJpeg(p)
		m.ContentType = "image/jpeg"
	}
	if err != nil {
		// Pixels are decoded while the master is encoded: a file whose
		// header reads but whose data is broken fails here (found by
		// FuzzNormalize).
		return Master{}, ErrDamaged
	}
	return m, nil
}

func toSRGB(img *vips.ImageRef) error {
	if img.Interpretation() == vips.InterpretationSRGB || img.Interpretation() == vips.InterpretationBW && img.Bands() <= 2 {
		return nil
	}
	return img.ToColorSpace(vips.InterpretationSRGB)
}

func bandBytes(f vips.BandFormat) int64 {
	switch f {
	case vips.BandFormatUchar, vips.BandFormatChar:
		return 1
	case vips.BandFormatUshort, vips.BandFormatShort:
		return 2
	case vips.BandFormatUint, vips.BandFormatInt, vips.BandFormatFloat:
		return 4
	}
	return 8
}

// Render makes a rendition of a master.
func Render(ctx context.Context, master []byte, spec picture.Spec) ([]byte, error) {
	release, err := acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	head, err := vips.LoadImageFromBuffer(master, nil)
	if err != nil {
		return nil, ErrDamaged
	}
	w, h := head.Width(), head.Height()
	head.Close()
	outW, outH := spec.Size(w, h)
	var img *vips.ImageRef
	if spec.Height == 0 {
		img, err = vips.NewThumbnailWithSizeFromBuffer(master, outW, outH+1, vips.InterestingNone, vips.SizeDown)
	} else {
		// Scale to cover the crop, then cut it out round the focal point.
		scale := max(float64(outW)/float64(w), float64(outH)/float64(h))
		sw, sh := int(math.Ceil(float64(w)*scale)), int(math.Ceil(float64(h)*scale))
		img, err = vips.NewThumbnailWithSizeFromBuffer(master, sw, sh, vips.InterestingNone, vips.SizeDown)
		if err == nil {
			sw, sh = img.Width(), img.Height()
			outW, outH = min(outW, sw), min(outH, sh)
			left := clamp(int(math.Round(spec.FocusX*float64(sw)-float64(outW)/2)), 0, sw-outW)
			top := clamp(int(math.Round(spec.FocusY*float64(sh)-float64(outH)/2)), 0, sh-outH)
			err = img.ExtractArea(left, top, outW, outH)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("images: resize: %w", err)
	}
	defer img.Close()
	if err := img.RemoveMetadata(); err != nil {
		return nil, err
	}
	var out []byte
	switch spec.Format {
	case picture.WebP:
		p := vips.NewWebpExportParams()
		p.StripMetadata = true
		p.Quality = 78
		p.ReductionEffort = 4
		if out, _, err = img.ExportWebp(p); err == nil {
			out, err = stripWebP(out)
		}
	default:
		if img.HasAlpha() {
			if err := img.Flatten(&vips.Color{R: 255, G: 255, B: 255}); err != nil {
				return nil, err
			}
		}
		p := vips.NewJpegExportParams()
		p.StripMetadata = true
		p.Quality = 80
		p.Interlace = true
		p.OptimizeCoding = true
		out, _, err = img.ExportJpeg(p)
	}
	if err != nil {
		return nil, fmt.Errorf("images: encode: %w", err)
	}
	return out, nil
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
