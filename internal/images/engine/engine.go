// Package engine does what package images promises, with libvips (through
// govips): it decodes only the pixels a size needs, and refuses images too
// large to decode before decoding them. Only the images worker
// (cmd/vestnik-images) links it: untrusted files are decoded in a process
// of their own, and the server carries none of libvips's libraries.
package engine

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"sync"

	"github.com/davidbyttow/govips/v2/vips"

	"vestnik/internal/images"
	"vestnik/internal/picture"
)

var startOnce sync.Once

// start starts libvips once: untrusted loaders (ImageMagick and SVG among
// them, which can read other files) are blocked but for PDF (pdf.go), and
// its cache is small.
func start() {
	startOnce.Do(func() {
		os.Setenv("VIPS_BLOCK_UNTRUSTED", "1")
		vips.LoggingSettings(func(string, vips.LogLevel, string) {}, vips.LogLevelError)
		vips.Startup(&vips.Config{ConcurrencyLevel: 1, MaxCacheMem: 32 << 20, MaxCacheSize: 50, MaxCacheFiles: 0})
		allowPDF()
	})
}

// Normalize decodes an uploaded image (JPEG, PNG, WebP, HEIC) and returns
// its master. The header is checked first: too many pixels, or more
// memory than images.MaxDecodeBytes, is images.ErrTooLarge before any pixel is decoded;
// an image that does not decode is images.ErrDamaged.
func Normalize(data []byte) (images.Master, error) {
	start()
	if len(data) == 0 {
		return images.Master{}, images.ErrDamaged
	}
	head, err := vips.LoadImageFromBuffer(data, nil) // the header only: pixels load on demand
	if err != nil {
		return images.Master{}, images.ErrDamaged
	}
	w, h, bands := head.Width(), head.Height(), head.Bands()
	alpha := head.HasAlpha()
	format := head.Format()
	bytesPerBand := bandBytes(head.BandFormat())
	head.Close()
	switch format {
	case vips.ImageTypeJPEG, vips.ImageTypePNG, vips.ImageTypeWEBP, vips.ImageTypeHEIF:
	default:
		return images.Master{}, images.ErrDamaged // a PDF or another format libvips reads is no photo
	}
	if w <= 0 || h <= 0 || int64(w)*int64(h) > images.MaxPixels || int64(w)*int64(h)*int64(bands)*bytesPerBand > images.MaxDecodeBytes {
		return images.Master{}, images.ErrTooLarge
	}
	if damaged(format, data) {
		return images.Master{}, images.ErrDamaged
	}
	// thumbnail: shrink-on-load, EXIF orientation applied, sRGB.
	img, err := vips.NewThumbnailWithSizeFromBuffer(data, images.MasterEdge, images.MasterEdge, vips.InterestingNone, vips.SizeDown)
	if err != nil {
		return images.Master{}, images.ErrDamaged
	}
	defer img.Close()
	if err := toSRGB(img); err != nil {
		return images.Master{}, images.ErrDamaged
	}
	if err := img.RemoveMetadata(); err != nil {
		return images.Master{}, err
	}
	m := images.Master{Width: img.Width(), Height: img.Height()}
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
		return images.Master{}, images.ErrDamaged
	}
	return m, nil
}

// damaged reports a JPEG without its end (no EOI marker after its last
// scan), a file cut short in transfer, and a PNG cut short or with broken
// image data (pngIntact): libvips would decode either as far as it goes
// and fill the rest out with grey or transparency, or garble it.
func damaged(format vips.ImageType, data []byte) bool {
	switch format {
	case vips.ImageTypeJPEG:
		return !jpegEnds(data)
	case vips.ImageTypePNG:
		return !pngIntact(data)
	}
	return false
}

// pngIntact walks a PNG's chunks and reports whether they are whole up to
// IEND, every critical chunk's CRC is right (libpng skips a bad one only
// in an ancillary chunk, which holds no pixels), and the image data
// inflates to its end with zlib's checksum right. libpng, as libvips
// calls it, decodes broken data as far as it can and serves a garbled
// picture (Go's decoder refuses it). The inflated data is bounded by
// MaxDecodeBytes (and its filter bytes), as the pixels the header
// declares are.
func pngIntact(b []byte) bool {
	const signature = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(b, []byte(signature)) {
		return false
	}
	var data []io.Reader
	for i := len(signature); i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n > len(b)-i-12 {
			return false
		}
		kind, body := b[i+4:i+8], b[i+8:i+8+n]
		critical := kind[0]&0x20 == 0
		if critical && crc32.ChecksumIEEE(b[i+4:i+8+n]) != binary.BigEndian.Uint32(b[i+8+n:]) {
			return false
		}
		switch string(kind) {
		case "IDAT":
			data = append(data, bytes.NewReader(body))
		case "IEND":
			z, err := zlib.NewReader(io.MultiReader(data...))
			if err != nil {
				return false
			}
			_, err = io.Copy(io.Discard, io.LimitReader(z, 2*images.MaxDecodeBytes))
			return err == nil
		}
		i += 12 + n
	}
	return false
}

// jpegEnds walks a JPEG's segments from its start and reports whether an
// end marker (EOI) follows its scans. What comes after the EOI — the video
// of a phone's motion photo, a camera's trailer — is not looked at; bytes
// between segments are skipped, as decoders do.
func jpegEnds(b []byte) bool {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return false
	}
	i := 2
	for {
		for i < len(b) && b[i] != 0xFF { // stray bytes before a marker
			i++
		}
		for i < len(b) && b[i] == 0xFF { // the marker's prefix, with fill bytes
			i++
		}
		if i >= len(b) {
			return false
		}
		m := b[i]
		i++
		switch {
		case m == 0xD9:
			return true
		case m == 0x01, m >= 0xD0 && m <= 0xD7: // no length
			continue
		}
		if i+2 > len(b) {
			return false
		}
		i += int(b[i])<<8 | int(b[i+1]) // the segment, its length included
		if m != 0xDA {
			continue
		}
		// A scan's coded data runs to the next marker that is no
		// stuffed 0xFF00 and no restart marker.
		for ; i+1 < len(b); i++ {
			if b[i] == 0xFF && b[i+1] != 0x00 && (b[i+1] < 0xD0 || b[i+1] > 0xD7) {
				break
			}
		}
	}
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
func Render(master []byte, spec picture.Spec) ([]byte, error) {
	start()
	head, err := vips.LoadImageFromBuffer(master, nil)
	if err != nil {
		return nil, images.ErrDamaged
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
