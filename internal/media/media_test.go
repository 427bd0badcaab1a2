package media

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/demo"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webpLossless is a 1×1 lossless WebP (VP8L), the smallest valid file.
var webpLossless = []byte{
	'R', 'I', 'F', 'F', 0x1a, 0, 0, 0, 'W', 'E', 'B', 'P',
	'V', 'P', '8', 'L', 0x0d, 0, 0, 0,
	0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00,
}

// gif1x1 is a 1×1 GIF.
var gif1x1 = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// toolPDF is a PDF head as PDF tools write it, with the markup-like bytes
// they hold.
func toolPDF() []byte {
	random := []byte("x\x9c<a\x01<Zq\xff</b\x00<!\x13<?\x80")
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\r%\xb5\xb5\xb5\xb5\r\n1 0 obj\r<</Type/Catalog/Pages 2 0 R/Lang(en-GB)>>\rendobj\r")
	b.WriteString("2 0 obj\r<</Type/Pages/Count 1/Kids[ 3 0 R] /ID [<A1B2C3D4E5F6><a1b2 c3d4>]>>\rendobj\r")
	b.WriteString("4 0 obj\r<</Filter/FlateDecode/Length 20>>\rstream\r\n")
	b.Write(random)
	b.WriteString("\r\nendstream\rendobj\r")
	b.Write(demo.PDF("Tool", []string{"A line."})[9:])
	return b.Bytes()
}

// noisy is a 400×300 photo-like image: noise compresses to random bytes.
func noisy(t *testing.T, format string) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
	}
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestInspectAccepts(t *testing.T) {
	t.Parallel()
	pdf := demo.PDF("Test", []string{"A line."})
	tests := []struct {
		name          string
		data          []byte
		wantType      string
		wantName      string
		width, height int
	}{
		{"report.pdf", pdf, PDF, "report.pdf", 0, 0},
		{"REPORT.PDF", pdf, PDF, "REPORT.pdf", 0, 0},
		{"Бюллетень декабрь 2011.pdf", pdf, PDF, "Бюллетень-декабрь-2011.pdf", 0, 0},
		{"photo.png", pngOf(t, 3, 2), PNG, "photo.png", 3, 2},
		{"photo.jpg", jpegOf(t, 4, 5), JPEG, "photo.jpg", 4, 5},
		{"photo.JPEG", jpegOf(t, 4, 5), JPEG, "photo.jpeg", 4, 5},
		{"pixel.webp", webpLossless, WebP, "pixel.webp", 1, 1},
		{`C:\Users\me\Desktop\scan.png`, pngOf(t, 1, 1), PNG, "scan.png", 1, 1},
		// What tools write: dictionaries without spaces, hex strings and a
		// compressed stream whose bytes hold "<" and letters.
		{"toolmade.pdf", toolPDF(), PDF, "toolmade.pdf", 0, 0},
		// Photos: their compressed pixels hold "<" and a letter by chance.
		{"noise.jpg", noisy(t, "jpeg"), JPEG, "noise.jpg", 400, 300},
		{"noise.png", noisy(t, "png"), PNG, "noise.png", 400, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Inspect(tt.name, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if info.ContentType != tt.wantType || info.Filename != tt.wantName || info.Width != tt.width || info.Height != tt.height {
				t.Errorf("got %+v", info)
			}
		})
	}
}

func TestInspectRefuses(t *testing.T) {
	t.Parallel()
	pdf := demo.PDF("Test", []string{"A line."})
	html := []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty.pdf", nil, MsgEmpty},
		{"page.html", html, MsgType},
		{"page.pdf", html, MsgType},
		{"  \n<html>.pdf", append([]byte("\n\n  "), html...), MsgType},
		{"logo.svg", svg, MsgType},
		{"logo.png", svg, MsgType},
		{"anim.gif", gif1x1, MsgType},
		{"anim.png", gif1x1, MsgType},
		{"notes.txt", []byte("just text"), MsgType},
		{"photo.pdf", jpegOf(t, 2, 2), MsgMismatch},
		{"photo.png", jpegOf(t, 2, 2), MsgMismatch},
		{"report.jpg", pdf, MsgMismatch},
		{"report", pdf, MsgMismatch},
		{"report.pdf.html", pdf, MsgMismatch},
		// Polyglots: HTML in front of a PDF signature (mimetype finds %PDF-
		// anywhere in the first kilobyte), HTML after a real signature.
		{"poly.pdf", append(append([]byte{}, html...), pdf...), MsgMarkup},
		{"poly2.pdf", append([]byte("<!-- x -->\n"), pdf...), MsgMarkup},
		{"poly3.pdf", append([]byte("%PDF-1.4\n<html><script>alert(1)</script>\n"), pdf...), MsgMarkup},
		{"poly.png", append(pngOf(t, 1, 1)[:33:33], []byte("<SCRIPT>alert(1)</SCRIPT>")...), MsgMarkup},
		{"poly.jpg", append(jpegOf(t, 1, 1)[:2:2], append([]byte("\xff\xfe\x00\x20<svg onload=alert(1)>"), jpegOf(t, 1, 1)[2:]...)...), MsgMarkup},
		// Any tag name, any case, any byte after it, white space after "<".
		{"href.pdf", append([]byte("%PDF-1.4\n<a href=\"javascript:alert(1)\">x</a>\n"), pdf[9:]...), MsgMarkup},
		{"hover.pdf", append([]byte("%PDF-1.4\n<div onmouseover=alert(1)>x\n"), pdf[9:]...), MsgMarkup},
		{"formfeed.pdf", append([]byte("%PDF-1.4\n<body\x0conload=alert(1)>\n"), pdf[9:]...), MsgMarkup},
		{"custom.pdf", append([]byte("%PDF-1.4\n<Vestnik-Widget data-x=1>\n"), pdf[9:]...), MsgMarkup},
		{"spaced.pdf", append([]byte("%PDF-1.4\n<\t DIV onclick=alert(1)>\n"), pdf[9:]...), MsgMarkup},
		{"close.pdf", append([]byte("%PDF-1.4\n</title><x>\n"), pdf[9:]...), MsgMarkup},
		{"pi.pdf", append([]byte("%PDF-1.4\n<?php echo 1; ?>\n"), pdf[9:]...), MsgMarkup},
		{"comment.pdf", append([]byte("%PDF-1.4\n<!-- -->\n"), pdf[9:]...), MsgMarkup},
		// In a compressed stream's data, the dangerous tags still count.
		{"stream.pdf", append([]byte("%PDF-1.4\n1 0 obj\n<</Length 40 /Filter /FlateDecode>>\nstream\n<script>alert(1)</script>\nendstream\nendobj\n"), pdf[9:]...), MsgMarkup},
		{"image.png", append(pngOf(t, 1, 1)[:33:33], []byte("<body\x0conload=alert(1)>")...), MsgMarkup},
		{"divcom.jpg", append(jpegOf(t, 1, 1)[:2:2], append([]byte("\xff\xfe\x00\x20<DIV onmouseover=alert(1)>"), jpegOf(t, 1, 1)[2:]...)...), MsgMarkup},
		{"broken.png", pngOf(t, 1, 1)[:20], MsgDamaged},
		{"broken.jpg", []byte("\xff\xd8\xff\xe0 not really a jpeg"), MsgDamaged},
		{"broken.webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 garbage!"), MsgDamaged},
		// A PDF ends with %%EOF (in its last kilobyte): a head alone, or a
		// file cut short, is not one.
		{"fake.pdf", []byte("%PDF-1.7\nnot really a pdf"), MsgDamaged},
		// An XMP packet holds namespaced XML, not HTML; HTML in one is refused.
		{"xmpscript.pdf", xmpPDF(t, "<script>alert(1)</script>"), MsgMarkup},
		{"cut.pdf", pdf[:len(pdf)*2/3], MsgDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Inspect(tt.name, tt.data)
			var re *RefusedError
			if !errors.As(err, &re) {
				t.Fatalf("accepted or odd error: %v", err)
			}
			if re.MessageID != tt.want {
				t.Errorf("refused for %s (%s), want %s", re.MessageID, re.Detected, tt.want)
			}
		})
	}
}

func TestSafeName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, typ, want string }{
		{"report.pdf", PDF, "report.pdf"},
		{"../../etc/passwd.pdf", PDF, "passwd.pdf"},
		{`..\..\windows\system.ini.pdf`, PDF, "system.ini.pdf"},
		{"Отчёт МОМ (финал) 2011.pdf", PDF, "Отчёт-МОМ-финал-2011.pdf"},
		{"a - b.pdf", PDF, "a-b.pdf"},
		{"Türkmenistan_ýaşlar.png", PNG, "Türkmenistan_ýaşlar.png"},
		{"й" + "\u0306" + ".pdf", PDF, "й" + "\u0306" + ".pdf"}, // a mark after a letter stays
		{"\u0438\u0306.pdf", PDF, "й.pdf"},                      // NFD from macOS becomes NFC
		{"evil\u202egnp.pdf", PDF, "evil-gnp.pdf"},
		{"line\nbreak\x00.pdf", PDF, "line-break.pdf"},
		{"...hidden.pdf", PDF, "hidden.pdf"},
		{"<script>.pdf", PDF, "script.pdf"},
		{"a..b.pdf", PDF, "a.b.pdf"},
		{"?.pdf", PDF, "file.pdf"},
		{"", PDF, "file.pdf"},
		{"photo", JPEG, "photo.jpg"},
		{"photo.JPEG", JPEG, "photo.jpeg"},
		{"photo.gif", PNG, "photo.png"},
		{"report.pdf. . ", PDF, "report.pdf"},
		{"bad\xffutf8.pdf", PDF, "badutf8.pdf"},
	}
	for _, tt := range tests {
		if got := SafeName(tt.in, tt.typ); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := SafeName(strings.Repeat("я", 500)+".pdf", PDF)
	if long != strings.Repeat("я", maxStem)+".pdf" {
		t.Errorf("long name: %d runes", len([]rune(long)))
	}
}

func TestLabelAccept(t *testing.T) {
	t.Parallel()
	if Label(PDF) != "PDF" || Label(WebP) != "WebP" || Label("text/html") != "text/html" {
		t.Error("labels")
	}
	if !IsImage(PNG) || IsImage(PDF) || IsImage("image/svg+xml") {
		t.Error("IsImage")
	}
	if a := Accept(); !strings.Contains(a, ".webp") || !strings.Contains(a, "application/pdf") || strings.Contains(a, "svg") {
		t.Errorf("accept %q", a)
	}
}

// xmpPDF is a PDF with an XMP metadata packet first, as Ghostscript writes
// it, with extra inside the packet.
func xmpPDF(t *testing.T, extra string) []byte {
	t.Helper()
	xmp := "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>\n<?adobe-xap-filters esc=\"CRLF\"?>\n" +
		"<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='XMP toolkit 2.9.1-13, framework 1.6'>\n" +
		"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:iX='http://ns.adobe.com/iX/1.0/'>\n" +
		"<rdf:Description rdf:about='' xmlns:pdf='http://ns.adobe.com/pdf/1.3/' pdf:Producer='GPL Ghostscript 10.00.0'/>\n" +
		"<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' dc:format='application/pdf'>" +
		"<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>Report</rdf:li></rdf:Alt></dc:title></rdf:Description>\n" +
		extra + "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='w'?>"
	pdf := demo.PDF("XMP", []string{"A line."})
	return append([]byte("%PDF-1.7\n%\xc7\xec\x8f\xa2\n1 0 obj\n<</Type/Metadata\n/Subtype/XML/Length "+strconv.Itoa(len(xmp))+">>stream\n"+
		xmp+"\nendstream\nendobj\n"), pdf[9:]...)
}

func TestInspectTakesXMP(t *testing.T) {
	t.Parallel()
	if _, err := Inspect("ghostscript.pdf", xmpPDF(t, "")); err != nil {
		t.Errorf("a PDF with an XMP packet first: %v", err)
	}
}
