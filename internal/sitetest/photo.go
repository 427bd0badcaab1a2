package sitetest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/rwcarlsen/goexif/exif"
)

// GPS is where PhotoWithGPS says the photo was taken: a shelter's
// position, which must never leave the server.
var GPS = struct{ Lat, Long float64 }{37.95, 58.3833}

// Secrets are texts PhotoWithGPS hides in the photo's metadata; none may
// appear in anything served.
var Secrets = []string{"Shelter Ashgabat", "xmpmeta", "Vestnik test camera"}

// NoMetadata fails when data (an image as served) carries EXIF a reader
// finds, or any of PhotoWithGPS's secrets, or the marks of XMP, EXIF or
// text chunks in JPEG, PNG or WebP.
func NoMetadata(t testing.TB, what string, data []byte) {
	t.Helper()
	if x, err := exif.Decode(bytes.NewReader(data)); err == nil {
		lat, long, _ := x.LatLong()
		t.Errorf("%s carries EXIF (GPS %v, %v)", what, lat, long)
	}
	for _, s := range append(Secrets, "Exif\x00\x00", "http://ns.adobe.com/xap", "eXIf", "tEXt", "iTXt", "zTXt", "EXIF", "XMP ") {
		if bytes.Contains(data, []byte(s)) {
			t.Errorf("%s carries %q", what, s)
		}
	}
}

// PhotoWithGPS is a w × h JPEG as a phone writes one: EXIF with an
// orientation (1: upright; 6: to be turned 90° clockwise), the camera's
// name and a GPS position, an XMP packet, and a comment. Its left half is
// red and its right half blue, so that a test can tell how it was turned.
func PhotoWithGPS(t testing.TB, w, h, orientation int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{R: 200, G: 30, B: 30, A: 255}
			if x >= w/2 {
				c = color.RGBA{R: 30, G: 30, B: 200, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.Write(plain.Bytes()[:2]) // SOI
	segment(&out, 0xE1, append([]byte("Exif\x00\x00"), exifTIFF(orientation)...))
	segment(&out, 0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:Description>"+
		"<dc:title>Shelter Ashgabat</dc:title><exif:GPSLatitude>37,57N</exif:GPSLatitude></rdf:Description></x:xmpmeta>"))
	segment(&out, 0xFE, []byte("Shelter Ashgabat, room 4"))
	out.Write(plain.Bytes()[2:])
	return out.Bytes()
}

func segment(b *bytes.Buffer, marker byte, payload []byte) {
	b.Write([]byte{0xFF, marker})
	binary.Write(b, binary.BigEndian, uint16(len(payload)+2))
	b.Write(payload)
}

// exifTIFF is a big-endian TIFF structure: IFD0 with Orientation, Model
// and the GPS IFD's offset; the GPS IFD with latitude and longitude.
func exifTIFF(orientation int) []byte {
	be := binary.BigEndian
	var b bytes.Buffer
	b.WriteString("MM")
	binary.Write(&b, be, uint16(42))
	binary.Write(&b, be, uint32(8)) // IFD0 at 8
	model := "Vestnik test camera\x00"
	// IFD0: 3 entries (12 bytes each), then the next-IFD offset.
	ifd0 := 8
	gps := ifd0 + 2 + 3*12 + 4
	modelAt := gps + 2 + 4*12 + 4
	rationals := modelAt + len(model)
	entry := func(tag, typ uint16, count, value uint32) {
		binary.Write(&b, be, tag)
		binary.Write(&b, be, typ)
		binary.Write(&b, be, count)
		binary.Write(&b, be, value)
	}
	binary.Write(&b, be, uint16(3))
	entry(0x0110, 2, uint32(len(model)), uint32(modelAt)) // Model
	entry(0x0112, 3, 1, uint32(orientation)<<16)          // Orientation (SHORT, left-justified)
	entry(0x8825, 4, 1, uint32(gps))                      // GPSInfo
	binary.Write(&b, be, uint32(0))                       // no IFD1
	binary.Write(&b, be, uint16(4))                       // GPS IFD
	entry(0x0001, 2, 2, uint32('N')<<24)                  // GPSLatitudeRef
	entry(0x0002, 5, 3, uint32(rationals))                // GPSLatitude
	entry(0x0003, 2, 2, uint32('E')<<24)                  // GPSLongitudeRef
	entry(0x0004, 5, 3, uint32(rationals+24))             // GPSLongitude
	binary.Write(&b, be, uint32(0))
	b.WriteString(model)
	for _, v := range []uint32{37, 1, 57, 1, 0, 1, 58, 1, 23, 1, 0, 1} { // 37°57′N, 58°23′E
		binary.Write(&b, be, v)
	}
	return b.Bytes()
}

// HugePNG is a PNG whose header claims w × h pixels, with hardly any data.
func HugePNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8 bits, RGBA
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}
