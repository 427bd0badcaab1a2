package engine_test

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"testing"

	"vestnik/internal/images"
	"vestnik/internal/images/engine"
	"vestnik/internal/picture"
	"vestnik/internal/sitetest"
)

// FuzzNormalize feeds malformed files to the decode path: whatever the
// bytes, Normalize returns a clean master or refuses them — no crash, no
// other error — and a master is an image Go's own decoders read, within
// MasterEdge, from which a rendition can be made.
func FuzzNormalize(f *testing.F) {
	photo := sitetest.PhotoWithGPS(f, 40, 30, 6)
	var p bytes.Buffer
	png.Encode(&p, image.NewNRGBA(image.Rect(0, 0, 5, 3)))
	webp := []byte{'R', 'I', 'F', 'F', 0x1a, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 0x0d, 0, 0, 0,
		0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00}
	for _, seed := range [][]byte{photo, photo[:len(photo)/3], p.Bytes(), p.Bytes()[:30], webp, webp[:20],
		sitetest.HugePNG(10000, 6000), []byte("GIF89a"), []byte("%PDF-1.4\n"), {}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := engine.Normalize(data)
		var refused *images.Refused
		if errors.As(err, &refused) {
			return
		}
		if err != nil {
			t.Fatalf("neither a master nor a refusal: %v", err)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(m.Data))
		if err != nil || cfg.Width != m.Width || cfg.Height != m.Height || max(m.Width, m.Height) > images.MasterEdge {
			t.Fatalf("master %s %d×%d reads as %+v, %v", m.ContentType, m.Width, m.Height, cfg, err)
		}
		if _, err := engine.Render(m.Data, picture.Spec{Width: 320, Format: picture.WebP}); err != nil {
			t.Fatalf("no rendition of the master: %v", err)
		}
	})
}

// TestNormalizeHEIC: a phone's HEIC, with its EXIF and GPS, becomes a
// clean, upright JPEG master.
func TestNormalizeHEIC(t *testing.T) {
	t.Parallel()
	heic, err := engine.HEIC(sitetest.PhotoWithGPS(t, 96, 64, 1))
	if err != nil {
		t.Fatalf("encoding the test HEIC: %v", err)
	}
	if !bytes.Contains(heic[:32], []byte("ftypheic")) || !bytes.Contains(heic, []byte("Exif")) {
		t.Fatalf("the test file is not a HEIC with EXIF: % x", heic[:32])
	}
	m, err := engine.Normalize(heic)
	if err != nil {
		t.Fatal(err)
	}
	if m.ContentType != "image/jpeg" || m.Width != 96 || m.Height != 64 {
		t.Errorf("master %s %d×%d", m.ContentType, m.Width, m.Height)
	}
	sitetest.NoMetadata(t, "the master of a HEIC", m.Data)
}
