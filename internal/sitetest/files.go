package sitetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Upload posts a file to the media library as a browser's form does.
func Upload(c *Client, filename string, data []byte, headers ...string) *http.Response {
	c.Env.T.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if filename != "-" { // "-": a form without the file field
		part, err := w.CreateFormFile("file", filename)
		if err != nil {
			c.Env.T.Fatal(err)
		}
		part.Write(data)
	}
	if err := w.Close(); err != nil {
		c.Env.T.Fatal(err)
	}
	return c.Do(http.MethodPost, "/admin/media", &body, w.FormDataContentType(), headers...)
}

// Uploaded uploads a file that must be accepted and returns its ID.
func Uploaded(c *Client, filename string, data []byte) int64 {
	c.Env.T.Helper()
	res := Upload(c, filename, data)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/media/") {
		body, _ := io.ReadAll(res.Body)
		c.Env.T.Fatalf("upload %s: %d %q\n%.1500s", filename, res.StatusCode, loc, body)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/admin/media/"), 10, 64)
	if err != nil {
		c.Env.T.Fatal(loc)
	}
	return id
}

// PNG is a w×h PNG image, one pixel of it shaded.
func PNG(t testing.TB, w, h int, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: shade, G: 10, B: 20, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// JPEG is a small grey JPEG image.
func JPEG(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// SHA256 is the hex SHA-256 of data, as media are addressed.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Count runs a query that counts, on the test's database.
func Count(e *Env, query string, args ...any) int {
	e.T.Helper()
	var n int
	if err := e.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		e.T.Fatal(err)
	}
	return n
}
