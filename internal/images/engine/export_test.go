package engine

import "github.com/davidbyttow/govips/v2/vips"

// HEIC re-encodes a photo as a phone's HEIC, keeping its metadata (EXIF
// with GPS included), for the tests.
func HEIC(data []byte) ([]byte, error) {
	start()
	img, err := vips.NewImageFromBuffer(data)
	if err != nil {
		return nil, err
	}
	defer img.Close()
	p := vips.NewHeifExportParams()
	p.Quality = 60
	p.Effort = 0
	out, _, err := img.ExportHeif(p)
	return out, err
}
