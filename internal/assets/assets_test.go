package assets

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
)

// TestWindow: the brotli window holds the file, within brotli's bounds.
func TestWindow(t *testing.T) {
	for n, want := range map[int]int{0: 10, 1: 10, 1000: 10, 1024: 11, 15095: 14, 45654: 16, 1 << 30: 24} {
		if got := window(n); got != want {
			t.Errorf("window(%d) = %d, want %d", n, got, want)
		}
		if n > 0 && n < 1<<24 && 1<<window(n) < n {
			t.Errorf("window(%d) = %d holds %d bytes", n, window(n), 1<<window(n))
		}
	}
}

// TestCompressedVariants: a text file's brotli and gzip variants, made
// in a window of its size, decode to the file.
func TestCompressedVariants(t *testing.T) {
	css := []byte(strings.Repeat("body { margin: 0 auto; max-width: 40rem }\n", 600))
	f := &file{name: "style.css", data: css, ctype: "text/css; charset=utf-8"}
	f.compress()
	if len(f.brotli) == 0 || len(f.gzip) == 0 || len(f.brotli) >= len(css) {
		t.Fatalf("variants: brotli %d, gzip %d bytes of %d", len(f.brotli), len(f.gzip), len(css))
	}
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(f.brotli)))
	if err != nil || !bytes.Equal(got, css) {
		t.Errorf("brotli round trip: %v, %d bytes back of %d", err, len(got), len(css))
	}
	a, err := New(fstest.MapFS{"style.css": {Data: css}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if u, err := a.URL("style.css"); err != nil || !strings.HasPrefix(u, "/static/style.") {
		t.Errorf("URL: %q, %v", u, err)
	}
}
