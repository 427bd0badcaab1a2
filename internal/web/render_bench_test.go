package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"vestnik/internal/content"
	"vestnik/internal/sitetest"
)

// BenchmarkRender renders public pages with the page cache off, through
// the whole router on the demo database: the cost of a cache miss in
// Vestnik's process (queries included), in ns/op and allocs/op. make
// bench runs it; the CPU-per-request table of bin/bench adds Postgres's.
func BenchmarkRender(b *testing.B) {
	e := sitetest.New(b)
	news, _, err := e.Store.ListItems(b.Context(), "en", content.KindNews, 1, 0)
	if err != nil || len(news) == 0 {
		b.Fatal(err)
	}
	for _, page := range []struct{ name, path string }{
		{"article", "/en/news/" + news[0].Slug},
		{"home", "/en/"},
		{"news list", "/en/news/"},
		{"feed", "/en/rss.xml"},
		{"search (ru)", "/ru/search?q=" + url.QueryEscape("горячая линия")},
	} {
		b.Run(page.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, page.path, nil)
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				e.Srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", page.path, rec.Code)
				}
			}
		})
	}
}
