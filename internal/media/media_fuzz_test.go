package media

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"slices"
	"strings"
	"testing"
)

// signatures are the bytes each allowed type must start with.
var signatures = map[string]func([]byte) bool{
	PDF:  func(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) },
	JPEG: func(b []byte) bool { return bytes.HasPrefix(b, []byte("\xff\xd8\xff")) },
	PNG:  func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) },
	WebP: func(b []byte) bool {
		return len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP"
	},
}

// FuzzDetect checks the upload rules for any bytes under any name: a file is
// accepted only as PDF, JPEG, PNG or WebP (never text/html or
// image/svg+xml), only when its bytes start with that type's signature and
// its name's extension is that type's, with no markup a browser could
// sniff in its head, and under a server-made name with that extension.
// Anything else is a *RefusedError. The seed corpus is in
// testdata/fuzz/FuzzDetect; go test replays it.
func FuzzDetect(f *testing.F) {
	png1, jpg := encoded(f, png.Encode), encoded(f, func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) })
	html := []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)
	seeds := []struct {
		name string
		data []byte
	}{
		{"photo.png", png1},
		{"photo.jpg", jpg},
		{"poly.jpg", append(append(jpg[:2:2], "\xff\xfe\x00\x20<svg onload=alert(1)>"...), jpg[2:]...)},
		{"pixel.webp", webpLossless},
		{"report.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")},
		{"page.pdf", html},
		{"logo.png", svg},
		{"logo.svg", svg},
		{"anim.gif", gif1x1},
		{"poly.png", append(png1[:33:33], []byte("<SCRIPT>alert(1)</SCRIPT>")...)},
		{"poly.pdf", append([]byte("<html><script>x</script>\n"), "%PDF-1.4\n"...)},
		{"../../etc/passwd.png", png1},
		{"photo.png.html", png1},
		{"", nil},
	}
	for _, s := range seeds {
		f.Add(s.name, s.data)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		info, err := Inspect(name, data)
		if err != nil {
			var re *RefusedError
			if !errors.As(err, &re) {
				t.Fatalf("Inspect(%q): %T %v, want a *RefusedError", name, err, err)
			}
			return
		}
		starts, allowed := signatures[info.ContentType]
		if !allowed {
			t.Fatalf("Inspect(%q) accepted %q, not on the allowlist", name, info.ContentType)
		}
		if !starts(data) {
			t.Fatalf("Inspect(%q) accepted %s, but the bytes start %q", name, info.ContentType, data[:min(len(data), 16)])
		}
		k, _ := kindOf(info.ContentType)
		if !slices.Contains(k.exts, Ext(name)) {
			t.Fatalf("Inspect(%q) accepted %s with extension %q", name, info.ContentType, Ext(name))
		}
		if !slices.Contains(k.exts, path.Ext(info.Filename)) {
			t.Fatalf("Inspect(%q) stored %s as %q", name, info.ContentType, info.Filename)
		}
		if strings.ContainsAny(info.Filename, "/\\\x00\r\n") || strings.HasPrefix(info.Filename, ".") {
			t.Fatalf("Inspect(%q) made the name %q", name, info.Filename)
		}
		if IsImage(info.ContentType) != (info.Width > 0 && info.Height > 0) {
			t.Fatalf("Inspect(%q): %s %d×%d", name, info.ContentType, info.Width, info.Height)
		}
		head := bytes.ToLower(data[:min(len(data), sniffHead)])
		for _, tag := range []string{"<script", "<svg", "<html", "<body", "<iframe"} {
			for i := 0; ; {
				j := bytes.Index(head[i:], []byte(tag))
				if j < 0 {
					break
				}
				end := i + j + len(tag)
				if end == len(head) || bytes.IndexByte([]byte(" \t\r\n>/"), head[end]) >= 0 {
					t.Fatalf("Inspect(%q) accepted %s with %s at %d", name, info.ContentType, tag, i+j)
				}
				i = end
			}
		}
	})
}

// encoded is a 2×2 image in the format enc writes.
func encoded(tb testing.TB, enc func(io.Writer, image.Image) error) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := enc(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}
