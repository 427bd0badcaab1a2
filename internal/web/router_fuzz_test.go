package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/http/httpguts"

	"vestnik/internal/sitetest"
	"vestnik/internal/testdb"
)

// FuzzPublicRouter sends GETs with arbitrary paths, queries,
// Accept-Language headers and cookies through the real router on a
// database with the demo content, and fails on any 5xx: a bad parameter is
// a 400 or 404, and with the database up nothing is a 503 either. Every
// answer carries nosniff. The seed corpus is in
// testdata/fuzz/FuzzPublicRouter; go test replays it.
func FuzzPublicRouter(f *testing.F) {
	hash := strings.Repeat("ab", 32)
	seeds := []struct{ path, query, acceptLang, cookie string }{
		{"/", "", "ru-RU,ru;q=0.9,en;q=0.8", ""},
		{"/en/", "", "", "en"},
		{"/ru/news/", "before=not-a-cursor", "ru", "ru"},
		{"/en/news/", "before=" + strings.Repeat("9", 40), "", ""},
		{"/en/news/%27%20OR%201=1--", "", "", ""},
		{"/en/search", "q=%27%3B+DROP+TABLE+entries%3B--&page=-1", "", ""},
		{"/ru/search", "q=%D1%82%D0%BE%D1%80%D0%B3%D0%BE%D0%B2%D0%BB%D1%8F&page=99999999999999999999", "", ""},
		{"/en/search", "q=%00%FF%FE", "", ""},
		{"/static/../../etc/passwd", "", "", ""},
		{"/static/%2e%2e/%2e%2e/go.mod", "", "", ""},
		{"/media/" + hash + "/..%2F..%2Fetc%2Fpasswd", "", "", ""},
		{"/media/../" + hash + "/x.pdf", "", "", ""},
		{"/sitemaps/../../x.xml", "", "", ""},
		{"/lang/xx", "", "", ""},
		{"/lang/ru", "next=//evil.example", "", ""},
		{"/xx/", "", strings.Repeat("xx-XX;q=0.1,", 200), "xx"},
		{"/en/unavailable/-1", "", "", ""},
		{"/en/unavailable/99999999999999999999999", "", "", ""},
		{"/admin/login", "next=https:evil&lang=ru", "ru", "garbage"},
		{"/en/rss.xml", "", "*", ""},
		{"/ru/news/atom.xml", "page=2&before=x", "", ""},
		{"/en/newsletters/feed.json", "", "", ""},
		{"/en/subscribe/confirm", "t=" + strings.Repeat("A", 300), "", ""},
		{"/ru/subscription/unsubscribe", "t=..%2F..", "", ""},
		{"/en/search", "q=migration&page=2", "", ""},
		{"/sitemaps/news-en-1.xml", "", "", ""},
		{"/ru/newsletters/", "page=0", "tk,ru;q=abc", "\xff"},
	}
	for _, s := range seeds {
		f.Add(s.path, s.query, s.acceptLang, s.cookie)
	}

	// One database for the whole run (per fuzz worker process); the server
	// is built on the first input, because newEnvWith wants a *testing.T.
	pool := testdb.NewDemo(f)
	var (
		once sync.Once
		srv  http.Handler
	)
	f.Fuzz(func(t *testing.T, path, query, acceptLang, cookie string) {
		once.Do(func() { srv = sitetest.NewWith(t, sitetest.Options{Pool: pool}).Srv })
		if srv == nil {
			t.Fatal("no server: building it failed on an earlier input")
		}
		// Every input becomes a request net/http would accept on the wire:
		// bytes it refuses are percent-encoded (in the URL) or replaced (in
		// headers), and the whole is cut to the header limit.
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		target := wireSafe(path)
		if query != "" {
			target += "?" + wireSafe(query)
		}
		acceptLang, cookie = headerSafe(acceptLang), headerSafe(cookie)
		if len(target) > 30<<10 {
			target = target[:30<<10]
			target = strings.TrimRight(target, "%0123456789abcdefABCDEF") // no cut escape
		}
		if len(acceptLang) > 10<<10 {
			acceptLang = acceptLang[:10<<10]
		}
		if len(cookie) > 10<<10 {
			cookie = cookie[:10<<10]
		}
		u, err := url.ParseRequestURI(target)
		if err != nil {
			t.Fatalf("repaired target %q does not parse: %v", target, err)
		}

		req, err := http.NewRequest(http.MethodGet, "http://x/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Path, req.URL.RawPath, req.URL.RawQuery = u.Path, u.RawPath, u.RawQuery
		req.RequestURI = target
		req.Host = "evil.example.com"
		req.RemoteAddr = "192.0.2.1:1234"
		if acceptLang != "" {
			req.Header.Set("Accept-Language", acceptLang)
		}
		if cookie != "" {
			req.Header.Set("Cookie", "lang="+cookie+"; __Host-vestnik_session="+cookie)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET %q (Accept-Language %q, cookie %q): status %d", target, acceptLang, cookie, rec.Code)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("GET %q: status %d without nosniff", target, rec.Code)
		}
	})
}

// wireSafe percent-encodes what may not stand in a request line: control
// bytes, spaces, non-ASCII, '#', and '%' not starting an escape.
func wireSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		case c <= ' ' || c >= 0x7f || c == '#' || c == '%':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// headerSafe replaces the bytes a header value may not hold.
func headerSafe(s string) string {
	if httpguts.ValidHeaderFieldValue(s) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c < ' ' && c != '\t' || c == 0x7f {
			b[i] = '?'
		}
	}
	return string(b)
}
