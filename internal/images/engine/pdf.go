package engine

// #cgo pkg-config: vips
// #include <vips/vips.h>
import "C"

import (
	"unsafe"

	"github.com/davidbyttow/govips/v2/vips"

	"vestnik/internal/images"
)

// allowPDF lifts libvips's block on its PDF loader alone (untrusted
// loaders stay blocked): covers are made from the PDF editions editors
// upload, which passed media's checks first.
func allowPDF() {
	name := C.CString("VipsForeignLoadPdf")
	defer C.free(unsafe.Pointer(name))
	C.vips_operation_block_set(name, C.FALSE)
}

// CanRenderPDF says whether this libvips reads PDFs (built with poppler
// or PDFium): whether covers can be made from PDF editions.
func CanRenderPDF() bool {
	start()
	return vips.IsTypeSupported(vips.ImageTypePDF)
}

// PDFCover draws a PDF's first page as a master: images.CoverEdge wide, on
// white, in sRGB, without metadata.
func PDFCover(pdf []byte) (images.Master, error) {
	start()
	if !vips.IsTypeSupported(vips.ImageTypePDF) {
		return images.Master{}, images.ErrNoPDF
	}
	img, err := vips.NewThumbnailWithSizeFromBuffer(pdf, images.CoverEdge, images.CoverEdge*4, vips.InterestingNone, vips.SizeBoth)
	if err != nil {
		return images.Master{}, images.ErrDamaged
	}
	defer img.Close()
	if img.HasAlpha() {
		if err := img.Flatten(&vips.Color{R: 255, G: 255, B: 255}); err != nil {
			return images.Master{}, images.ErrDamaged
		}
	}
	if err := toSRGB(img); err != nil {
		return images.Master{}, images.ErrDamaged
	}
	if err := img.RemoveMetadata(); err != nil {
		return images.Master{}, err
	}
	p := vips.NewJpegExportParams()
	p.StripMetadata = true
	p.Quality = 90
	data, _, err := img.ExportJpeg(p)
	if err != nil {
		return images.Master{}, images.ErrDamaged
	}
	return images.Master{Data: data, ContentType: "image/jpeg", Width: img.Width(), Height: img.Height()}, nil
}
