package images_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/rwcarlsen/goexif/exif"
	_ "golang.org/x/image/webp"

	"vestnik/internal/demo"
	"vestnik/internal/images"
	"vestnik/internal/picture"
	"vestnik/internal/sitetest"
)

func TestNormalizeStripsAndTurns(t *testing.T) {
	t.Parallel()
	photo := sitetest.PhotoWithGPS(t, 80, 40, 6) // to be turned 90° clockwise
	// The reader finds the position in the upload: it would find it later.
	x, err := exif.Decode(bytes.NewReader(photo))
	if err != nil {
		t.Fatalf("the test photo has no EXIF a reader finds: %v", err)
	}
	if lat, long, err := x.LatLong(); err != nil || lat < 37.9 || lat > 38 || long < 58.3 || long > 58.4 {
		t.Fatalf("the test photo's GPS: %v %v %v", lat, long, err)
	}
	m, err := images.Normalize(context.Background(), photo)
	if err != nil {
		t.Fatal(err)
	}
	if m.ContentType != "image/jpeg" || m.Width != 40 || m.Height != 80 {
		t.Fatalf("master %s %d×%d, want an upright 40×80 JPEG", m.ContentType, m.Width, m.Height)
	}
	sitetest.NoMetadata(t, "the master", m.Data)
	img, _, err := image.Decode(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	// Turned clockwise, the left (red) half is now on top.
	if r, _, b, _ := img.At(20, 5).RGBA(); r < b {
		t.Errorf("top is not red: turned the wrong way")
	}
	if r, _, b, _ := img.At(20, 75).RGBA(); r > b {
		t.Errorf("bottom is not blue")
	}
	for _, spec := range []picture.Spec{
		{Width: 320, Format: picture.WebP}, {Width: 20, Format: picture.JPEG},
		{Width: 1200, Height: 630, FocusX: 0.5, FocusY: 0.1, Format: picture.JPEG},
		{Width: 10, Height: 10, FocusX: 0.5, FocusY: 0.9, Format: picture.WebP},
	} {
		out, err := images.Render(context.Background(), m.Data, spec)
		if err != nil {
			t.Fatalf("%+v: %v", spec, err)
		}
		sitetest.NoMetadata(t, "a rendition", out)
		img, format, err := image.Decode(bytes.NewReader(out))
		if err != nil || format != string(spec.Format) {
			t.Fatalf("%+v: %s %v", spec, format, err)
		}
		w, h := spec.Size(m.Width, m.Height)
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Errorf("%+v: %v, want %d×%d", spec, b, w, h)
		}
		if spec.Height == 10 { // cut round a focal point near the bottom: blue
			if r, _, b, _ := img.At(5, 5).RGBA(); r > b {
				t.Errorf("the crop round the bottom is red")
			}
		}
	}
}

// TestTransparentPNG: a PNG with transparency keeps it, as PNG, without
// its text and EXIF chunks.
func TestTransparentPNG(t *testing.T) {
	t.Parallel()
	img := image.NewNRGBA(image.Rect(0, 0, 30, 20))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	data := b.Bytes()
	// Insert a tEXt and an eXIf chunk after IHDR (8 + 25 bytes).
	var withMeta bytes.Buffer
	withMeta.Write(data[:33])
	for _, c := range []struct{ typ, body string }{{"tEXt", "Comment\x00Shelter Ashgabat"}, {"eXIf", "MM\x00*\x00\x00\x00\x08\x00\x00"}} {
		binary.Write(&withMeta, binary.BigEndian, uint32(len(c.body)))
		withMeta.WriteString(c.typ + c.body)
		binary.Write(&withMeta, binary.BigEndian, crc32.ChecksumIEEE([]byte(c.typ+c.body)))
	}
	withMeta.Write(data[33:])
	m, err := images.Normalize(context.Background(), withMeta.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if m.ContentType != "image/png" || m.Width != 30 || m.Height != 20 {
		t.Fatalf("master %s %d×%d", m.ContentType, m.Width, m.Height)
	}
	sitetest.NoMetadata(t, "the PNG master", m.Data)
	for _, f := range []picture.Format{picture.WebP, picture.JPEG} {
		out, err := images.Render(context.Background(), m.Data, picture.Spec{Width: 20, Format: f})
		if err != nil {
			t.Fatal(err)
		}
		sitetest.NoMetadata(t, "a rendition of the PNG", out)
	}
}

func TestNormalizeRefuses(t *testing.T) {
	t.Parallel()
	photo := sitetest.PhotoWithGPS(t, 64, 48, 1)
	large := sitetest.PhotoWithGPS(t, 1200, 800, 1)
	var largePNG bytes.Buffer
	png.Encode(&largePNG, noise(600, 400))
	var tiny bytes.Buffer
	png.Encode(&tiny, image.NewRGBA(image.Rect(0, 0, 4, 4)))
	for name, tt := range map[string]struct {
		data []byte
		want error
	}{
		"60 megapixels": {sitetest.HugePNG(10000, 6000), images.ErrTooLarge},
		"a wide strip":  {sitetest.HugePNG(200000, 300), images.ErrTooLarge},
		"truncated":     {photo[:len(photo)/2], images.ErrDamaged},
		// Cut after its first scan lines: libvips alone fills the rest
		// with grey.
		"cut short":     {large[:len(large)/4], images.ErrDamaged},
		"PNG cut short": {largePNG.Bytes()[:largePNG.Len()-12], images.ErrDamaged},
		// Junk in the image data: libpng garbles it rather than fail.
		"PNG with junk data":              {junkPNG(largePNG.Bytes(), false), images.ErrDamaged},
		"PNG with junk data, CRCs redone": {junkPNG(largePNG.Bytes(), true), images.ErrDamaged},
		"no image":                        {[]byte("not an image at all"), images.ErrDamaged},
		"garbage after head":              {append(tiny.Bytes()[:40:40], strings.Repeat("x", 100)...), images.ErrDamaged},
		"empty":                           {nil, images.ErrDamaged},
		// A JPEG header with broken data: it fails only when its pixels
		// are decoded (found by FuzzNormalize).
		"broken pixels": {[]byte("\xff\xd8\xff\xc0\x00\x11\b00\x000\x03\x0110\x0210\x0310\xff\xda\x00\f\x03\x010\x020\x030000"), images.ErrDamaged},
	} {
		if _, err := images.Normalize(context.Background(), tt.data); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", name, err, tt.want)
		}
	}
	// A PNG with an ancillary chunk whose CRC is wrong shows as it is:
	// libpng skips the chunk.
	if _, err := images.Normalize(context.Background(), badTextPNG(tiny.Bytes())); err != nil {
		t.Errorf("a PNG with a broken text chunk: %v", err)
	}
	// A phone's motion photo: a whole JPEG, then its video, whose bytes
	// may hold anything (a start-of-scan marker among them).
	motion := append(slices.Clone(large), 0x00, 0x00, 0x00, 0x18, 'f', 't', 'y', 'p', 0xFF, 0xDA, 0x00, 0x0C, 0x12, 0x34)
	if _, err := images.Normalize(context.Background(), motion); err != nil {
		t.Errorf("a motion photo: %v", err)
	}
}

// junkPNG overwrites 200 bytes in the middle of a PNG's first IDAT chunk,
// and then computes its CRC again when fixCRC.
func junkPNG(p []byte, fixCRC bool) []byte {
	p = slices.Clone(p)
	i := bytes.Index(p, []byte("IDAT"))
	n := int(binary.BigEndian.Uint32(p[i-4:]))
	copy(p[i+4+n/2:], strings.Repeat("A", 200))
	if fixCRC {
		binary.BigEndian.PutUint32(p[i+4+n:], crc32.ChecksumIEEE(p[i:i+4+n]))
	}
	return p
}

// badTextPNG puts a tEXt chunk with a wrong CRC after a PNG's header.
func badTextPNG(p []byte) []byte {
	const afterIHDR = 8 + 25
	chunk := []byte("\x00\x00\x00\x05tEXtab\x00cd\xde\xad\xbe\xef")
	return slices.Concat(p[:afterIHDR], chunk, p[afterIHDR:])
}

func TestPDFCover(t *testing.T) {
	t.Parallel()
	if !images.CanRenderPDF() {
		t.Fatal("this libvips reads no PDF: install libvips with poppler (Debian's libvips-dev has it)")
	}
	m, err := images.PDFCover(context.Background(), demo.PDF("December 2011", []string{"Counter-trafficking newsletter"}))
	if err != nil {
		t.Fatal(err)
	}
	if m.ContentType != "image/jpeg" || m.Width != images.CoverEdge || m.Height <= m.Width {
		t.Errorf("cover %s %d×%d, want a portrait page %d wide", m.ContentType, m.Width, m.Height, images.CoverEdge)
	}
	img, _, err := image.Decode(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	// White paper with dark text on it.
	if r, g, b, _ := img.At(5, 5).RGBA(); r>>8 < 240 || g>>8 < 240 || b>>8 < 240 {
		t.Errorf("the corner is not white paper: %d %d %d", r>>8, g>>8, b>>8)
	}
	dark := 0
	for y := 0; y < m.Height/3; y += 2 {
		for x := 0; x < m.Width; x += 2 {
			if r, _, _, _ := img.At(x, y).RGBA(); r>>8 < 100 {
				dark++
			}
		}
	}
	if dark == 0 {
		t.Error("no text drawn on the page")
	}
	if _, err := images.PDFCover(context.Background(), []byte("%PDF-1.4\nbroken")); !errors.Is(err, images.ErrDamaged) {
		t.Errorf("a broken PDF: %v", err)
	}
	// Other untrusted loaders stay blocked (an SVG is no image here), and
	// a PDF is no photo.
	for name, data := range map[string][]byte{
		"SVG": []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`),
		"PDF": demo.PDF("x", nil),
	} {
		if _, err := images.Normalize(context.Background(), data); !errors.Is(err, images.ErrDamaged) {
			t.Errorf("a photo from a %s: %v", name, err)
		}
	}
}

// noise is an image of varied pixels: its PNG is many bytes of data.
func noise(w, h int) image.Image {
	im := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range im.Pix {
		im.Pix[i] = byte(i*7919 + i/13)
	}
	return im
}
