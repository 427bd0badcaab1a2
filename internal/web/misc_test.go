package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/brotli"
	"github.com/mmcdole/gofeed"

	"vestnik/internal/sitetest"
)

var timeNow = time.Now

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, p := range []string{"/", "/en/", "/ru/news/", "/en/nope", "/healthz", "/en/rss.xml"} {
		res := e.Get(p)
		h := res.Header
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" ||
			!strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") ||
			!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			h.Get("Strict-Transport-Security") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	d := e.Doc("/en/", http.StatusOK)
	href := sitetest.Attr(d.Find(`link[rel=stylesheet]`), "href")
	if !strings.HasPrefix(href, "/static/style.") || len(href) < len("/static/style.0123456789.css") {
		t.Fatalf("stylesheet %q is not content-hashed", href)
	}
	res := e.Get(href)
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: %d %v", res.StatusCode, res.Header)
	}
	// Compressed once, sent as the client accepts.
	plain, _ := io.ReadAll(res.Body)
	if res.Header.Get("Content-Encoding") != "" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("identity: %v", res.Header)
	}
	etags := map[string]bool{res.Header.Get("ETag"): true}
	for _, enc := range []string{"br", "gzip"} {
		res := e.Get(href, "Accept-Encoding", "deflate, "+enc)
		var r io.Reader = brotli.NewReader(res.Body)
		if enc == "gzip" {
			r, _ = gzip.NewReader(res.Body)
		}
		got, err := io.ReadAll(r)
		if res.Header.Get("Content-Encoding") != enc || err != nil || !bytes.Equal(got, plain) || len(plain) < 1000 {
			t.Errorf("%s: %v %v, %d bytes back of %d", enc, res.Header, err, len(got), len(plain))
		}
		etags[res.Header.Get("ETag")] = true
	}
	if len(etags) != 3 {
		t.Errorf("one ETag for different bytes: %v", etags)
	}
	for _, p := range []string{"/static/style.css", "/static/../go.mod", "/static/embed.go", "/static/%2e%2e/go.mod"} {
		if res := e.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	// Public pages need no JavaScript at all (JSON-LD is data, not script).
	if d.Find(`script:not([type="application/ld+json"])`).Length() != 0 {
		t.Error("script on a public page")
	}
}

func TestMedia(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	d := e.Doc("/en/", http.StatusOK)
	href := sitetest.Attr(d.Find(`.latest-newsletter a.pdf`), "href")
	res := e.Get(href)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "%PDF-") {
		t.Fatalf("%s: %d", href, res.StatusCode)
	}
	h := res.Header
	if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(h.Get("Content-Disposition"), "inline; filename=") || h.Get("ETag") == "" ||
		!strings.Contains(h.Get("Cache-Control"), "immutable") {
		t.Errorf("headers %v", h)
	}
	if res := e.Get(href, "If-None-Match", h.Get("ETag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", res.StatusCode)
	}
	wrong := href[:strings.LastIndexByte(href, '/')] + "/other.pdf"
	if res := e.Get(wrong); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != href {
		t.Errorf("wrong filename: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	if res := e.Get("/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("healthz %d", res.StatusCode)
	}
	if res := e.Get("/readyz"); res.StatusCode != http.StatusOK {
		t.Errorf("readyz %d", res.StatusCode)
	}
}

// TestRSS parses each language's feed back with a real feed parser.
func TestRSS(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, lang := range e.Langs {
		res := e.Get("/" + lang + "/rss.xml")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/rss+xml; charset=utf-8" {
			t.Fatalf("%s: %d %s", lang, res.StatusCode, res.Header.Get("Content-Type"))
		}
		f, err := gofeed.NewParser().Parse(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if f.Language != lang || len(f.Items) == 0 {
			t.Fatalf("%s feed: language %q, %d items", lang, f.Language, len(f.Items))
		}
		enclosures := 0
		for _, it := range f.Items {
			if !strings.HasPrefix(it.Link, sitetest.BaseURL+"/"+lang+"/") {
				t.Errorf("item link %q", it.Link)
			}
			if res := e.Get(strings.TrimPrefix(it.Link, sitetest.BaseURL)); res.StatusCode != http.StatusOK {
				t.Errorf("item %s: %d", it.Link, res.StatusCode)
			}
			for _, enc := range it.Enclosures {
				enclosures++
				if enc.Type != "application/pdf" || enc.Length == "" || enc.Length == "0" || !strings.HasPrefix(enc.URL, sitetest.BaseURL+"/media/") {
					t.Errorf("enclosure %+v", enc)
				}
			}
		}
		if enclosures == 0 {
			t.Errorf("%s: no PDF enclosure", lang)
		}
	}
}

// TestServerError: an internal failure gets the localized 500 page, which
// shows nothing of the cause and keeps the hotline numbers last read. (The
// banner is read once per content generation, so the table broken is the
// one the news list reads its items from on every render.)
func TestServerError(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	e.Doc("/ru/", http.StatusOK)
	if _, err := e.Pool.Exec(context.Background(), `ALTER TABLE translations RENAME TO broken`); err != nil {
		t.Fatal(err)
	}
	res := e.Get("/ru/news/")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d", res.StatusCode)
	}
	page := string(body)
	for _, leak := range []string{"does not exist", "SQLSTATE", "store:", "pgx", "goroutine"} {
		if strings.Contains(page, leak) {
			t.Errorf("500 page shows %q", leak)
		}
	}
	d, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if d.Find("h1").Text() != "Что-то пошло не так" || sitetest.Attr(d.Find("html"), "lang") != "ru" ||
		sitetest.Attr(d.Find(`.hotline-banner a[href^="tel:"]`).First(), "href") != "tel:+99312463514" {
		t.Errorf("500 page:\n%s", page)
	}
}
