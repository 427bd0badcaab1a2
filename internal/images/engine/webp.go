package engine

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// stripWebP removes the EXIF, XMP and ICC chunks from a WebP file and
// clears their flags: libvips 8.14 writes an EXIF chunk (orientation,
// resolution) however it is asked to strip.
func stripWebP(data []byte) ([]byte, error) {
	if len(data) < 12 || !bytes.Equal(data[:4], []byte("RIFF")) || !bytes.Equal(data[8:12], []byte("WEBP")) {
		return nil, errors.New("images: not a WebP file")
	}
	out := make([]byte, 12, len(data))
	copy(out, data[:12])
	for p := 12; p+8 <= len(data); {
		fourcc := string(data[p : p+4])
		size := int(binary.LittleEndian.Uint32(data[p+4 : p+8]))
		end := p + 8 + size + size%2
		if end > len(data) {
			return nil, errors.New("images: truncated WebP chunk")
		}
		switch fourcc {
		case "EXIF", "XMP ", "ICCP":
		case "VP8X":
			chunk := append([]byte(nil), data[p:end]...)
			chunk[8] &^= 0x20 | 0x08 | 0x04 // ICC, EXIF, XMP
			out = append(out, chunk...)
		default:
			out = append(out, data[p:end]...)
		}
		p = end
	}
	binary.LittleEndian.PutUint32(out[4:8], uint32(len(out)-8))
	return out, nil
}
