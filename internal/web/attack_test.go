package web_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
	"vestnik/internal/web"
)

// TestHeadersOnEveryRoute walks the router: every route, public or admin,
// answers with the security headers; admin answers are never cached.
func TestHeadersOnEveryRoute(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	n := 0
	err := chi.Walk(e.Srv.(*web.Server).Routes(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		path := strings.NewReplacer("{lang}", "en", "{id}", "1", "{version}", "1", "{slug}", "x", "{hash}", strings.Repeat("0", 64),
			"{filename}", "x.pdf", "{name}", "pages.xml", "*", "x").Replace(route)
		res := e.Client().Do(method, path, strings.NewReader(""), "application/x-www-form-urlencoded")
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" ||
			h.Get("Permissions-Policy") == "" || h.Get("Strict-Transport-Security") == "" ||
			!strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "object-src 'none'") ||
			!strings.Contains(csp, "base-uri 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s %s: headers %v", method, route, h)
		}
		if strings.HasPrefix(route, "/admin") && h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: Cache-Control %q", method, route, h.Get("Cache-Control"))
		}
		if res.StatusCode >= 500 {
			t.Errorf("%s %s: %d", method, route, res.StatusCode)
		}
		n++
		return nil
	})
	if err != nil || n < 50 {
		t.Fatalf("walked %d routes: %v", n, err)
	}
}

// TestCSRFOnEveryAdminPost: with a valid session, every state-changing
// admin route refuses a request from another origin or a sibling subdomain.
func TestCSRFOnEveryAdminPost(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, _ := e.Login("admin@example.org", "admin")
	n := 0
	chi.Walk(e.Srv.(*web.Server).Routes(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodGet || method == http.MethodHead || !strings.HasPrefix(route, "/admin") {
			return nil
		}
		path := strings.NewReplacer("{id}", "1", "{version}", "1", "*", "x").Replace(route)
		for _, h := range [][]string{
			{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"},
			{"Sec-Fetch-Site", "same-site", "Origin", "https://news.vestnik.example.org"},
			{"Sec-Fetch-Site", "", "Origin", "https://vestnik.example.org.evil.example"},
		} {
			res := admin.Post(path, url.Values{"x": {"1"}}, h...)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with %v: %d", route, h, res.StatusCode)
			}
		}
		n++
		return nil
	})
	if n < 20 {
		t.Errorf("only %d admin POST routes", n)
	}
	// The session survived all that: nothing was logged out or changed.
	if res := admin.Get("/admin/"); res.StatusCode != http.StatusOK {
		t.Errorf("session after the attacks: %d", res.StatusCode)
	}
}

// TestSessionFixation: a session token planted before login is not the one
// used after it.
func TestSessionFixation(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	e.User("victim@example.org", "editor")
	c := e.Client()
	c.Get("/admin/login")
	c.Cookies["__Host-vestnik_session"] = &http.Cookie{Name: "__Host-vestnik_session", Value: "attacker-chosen-token-0123456789abcdef"}
	planted := c.Cookies["__Host-vestnik_session"].Value
	if res := c.Post("/admin/login", url.Values{"email": {"victim@example.org"}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	got := c.Cookies["__Host-vestnik_session"]
	if got == nil || got.Value == planted {
		t.Fatalf("session token after login: %+v", got)
	}
	attacker := e.Client()
	attacker.Cookies["__Host-vestnik_session"] = &http.Cookie{Name: "__Host-vestnik_session", Value: planted}
	if res := attacker.Get("/admin/"); res.StatusCode != http.StatusFound {
		t.Errorf("the planted token works: %d", res.StatusCode)
	}
}

// TestOpenRedirectAfterLogin: next= takes only local admin paths.
func TestOpenRedirectAfterLogin(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	e.User("ed@example.org", "editor")
	for next, want := range map[string]string{
		"//evil.example":            "/admin/",
		"/\\evil.example":           "/admin/",
		"https:evil.example":        "/admin/",
		"https://evil.example/":     "/admin/",
		"%2F%2Fevil.example":        "/admin/",
		"/admin/%2F%2E%2E%2F..%2Fx": "/admin/",
		"/admin/entries?kind=news":  "/admin/entries?kind=news",
	} {
		c := e.Client()
		res := c.Post("/admin/login", url.Values{"email": {"ed@example.org"}, "password": {sitetest.Password}, "next": {next}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("next=%q → %d %q, want %q", next, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

// TestHostilePublicParameters: SQL metacharacters, traversal and junk in
// every public parameter give 4xx or a normal page, never 5xx.
func TestHostilePublicParameters(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	junk := []string{"'", `"`, "' OR '1'='1", "1;DROP TABLE entries--", "%00", "..%2F..%2Fetc%2Fpasswd", "%ff%fe", "<script>", strings.Repeat("A", 3000), "\\x", "$1", "{{.}}"}
	for _, j := range junk {
		for _, p := range []string{
			"/" + j + "/", "/en/" + j, "/en/news/" + j, "/ru/newsletters/" + j, "/en/news/?before=" + j, "/en/news/?after=" + j,
			"/en/news/?page=" + j, "/en/search?q=" + j, "/en/search?q=x&page=" + j, "/en/unavailable/" + j, "/lang/" + j + "?next=" + j,
			"/media/" + j + "/x.pdf", "/static/" + j, "/static/../" + j, "/sitemaps/" + j, "/en/news/?sort=" + j,
		} {
			req, err := http.NewRequest(http.MethodGet, "http://x"+p, nil)
			if err != nil {
				continue // not a URL any client could send
			}
			rec := newRecorder()
			e.Srv.ServeHTTP(rec, req)
			if rec.code >= 500 {
				t.Errorf("GET %s: %d", p, rec.code)
			}
		}
	}
}

// TestXSSInBodiesAndHotlines: Markdown bodies and hotline labels are
// escaped or sanitized wherever they appear.
func TestXSSInBodiesAndHotlines(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	form := sitetest.NewsForm("published")
	form.Set("body.en", "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"+`"><svg onload=alert(1)>`)
	form.Set("body.ru", "<iframe src=//evil></iframe>[ссылка](vbscript:x)")
	sitetest.CreateEntry(t, c, "news", form)
	if _, err := e.Pool.Exec(context.Background(), `UPDATE hotline_translations SET label = '<script>alert(2)</script>' WHERE lang = 'en'`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/en/news/hotline-trainers-meet-in-mary", "/ru/news/konsultanty-goryachey-linii-vstretilis-v-mary", "/en/rss.xml", "/en/feed.json", "/en/atom.xml", "/en/"} {
		b, _ := io.ReadAll(e.Get(p).Body)
		s := strings.ToLower(string(b))
		for _, bad := range []string{"<script>alert", "javascript:", "vbscript:", "onerror=", "onload=", "<iframe", "<svg"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
}

// TestHugeRequests: oversized headers, query strings and bodies are
// refused cleanly; a body streamed without end is cut off with 413 and the
// connection closed.
func TestHugeRequests(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	_ = e
	addr := strings.TrimPrefix(base, "http://")
	// Headers past the limit: net/http answers 431.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET /en/ HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n", strings.Repeat("a", 2<<20))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	conn.Close()
	if err != nil || res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("huge header: %v %v", res, err)
	}
	// A very long query string: a normal answer.
	if res, err := http.Get(base + "/en/search?q=" + strings.Repeat("x", 100000)); err != nil || res.StatusCode >= 500 {
		t.Errorf("long query: %v %v", res, err)
	}
	// An endless chunked upload to the media library: 413 long before the end.
	c, _ := e.Login("ed@example.org", "editor")
	var cookie string
	for _, ck := range c.Cookies {
		cookie = ck.Name + "=" + ck.Value
	}
	conn, err = net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /admin/media HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nSec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary=XX\r\nTransfer-Encoding: chunked\r\n\r\n", addr, cookie)
	go func() {
		chunk := strings.Repeat("z", 1<<16)
		head := "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"
		fmt.Fprintf(conn, "%x\r\n%s\r\n", len(head), head)
		for i := 0; i < 160000; i++ { // up to 10 GB: only a server that reads it all would take it
			if _, err := fmt.Fprintf(conn, "%x\r\n%s\r\n", len(chunk), chunk); err != nil {
				return // the server closed the connection
			}
		}
	}()
	conn.SetReadDeadline(time.Now().Add(2 * time.Minute)) // only a hang reaches it
	res, err = http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("endless upload: %v", err)
	}
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("endless upload: %d", res.StatusCode)
	}
	if !res.Close && res.Header.Get("Connection") != "close" {
		t.Errorf("connection kept open after 413: %v", res.Header)
	}
}

type recorder struct {
	h    http.Header
	code int
}

func newRecorder() *recorder                    { return &recorder{h: http.Header{}} }
func (r *recorder) Header() http.Header         { return r.h }
func (r *recorder) Write(b []byte) (int, error) { return len(b), nil }
func (r *recorder) WriteHeader(c int) {
	if r.code == 0 {
		r.code = c
	}
}

// TestCredentialStuffing: one client trying many accounts is throttled by
// its address; X-Forwarded-For counts only from a configured proxy.
func TestCredentialStuffing(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c := e.Client()
	c.Remote = "198.51.100.7:4000"
	var last *http.Response
	for i := 0; i < 21; i++ {
		last = c.Post("/admin/login", url.Values{"email": {fmt.Sprintf("user%d@example.org", i)}, "password": {"password123456"}})
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("21st try from one address: %d", last.StatusCode)
	}
	// A spoofed X-Forwarded-For from an untrusted peer does not get a new
	// address's free tries.
	if res := c.Post("/admin/login", url.Values{"email": {"x@example.org"}, "password": {"p"}}, "X-Forwarded-For", "203.0.113.99"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("spoofed X-Forwarded-For: %d", res.StatusCode)
	}
}

// TestLoginBurst: a burst of concurrent guesses from one client cannot
// slip past the throttle by all reading the failure count at once; a burst
// from many clients, each within its free tries, does not keep the owner
// out.
func TestLoginBurst(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	e.User("target@example.org", "editor")
	// A guess turned away because too many password checks wait (503,
	// on a busy machine) is no try: it is sent again after the burst, as
	// its Retry-After asks.
	burst := func(remote func(i int) string) (checked int) {
		var wg sync.WaitGroup
		guess := func(i int) int {
			c := e.Client()
			c.Remote = remote(i)
			return c.Post("/admin/login", url.Values{"email": {"target@example.org"}, "password": {fmt.Sprintf("guess number %d", i)}}).StatusCode
		}
		codes := make([]int, 40)
		for i := range codes {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				codes[i] = guess(i)
			}(i)
		}
		wg.Wait()
		for i, c := range codes {
			for c == http.StatusServiceUnavailable {
				c = guess(i)
			}
			switch c {
			case http.StatusUnauthorized:
				checked++
			case http.StatusTooManyRequests:
			default:
				t.Errorf("guess %d: %d", i, c)
			}
		}
		return checked
	}
	if n := burst(func(int) string { return "198.51.100.77:1" }); n != 4 {
		t.Errorf("%d of 40 concurrent guesses from one client were checked; the throttle allows 4", n)
	}
	if n := burst(func(i int) string { return fmt.Sprintf("198.51.%d.%d:1", i/200, i%200+1) }); n != 40 {
		t.Errorf("%d of 40 guesses from 40 clients were checked", n)
	}
	owner := e.Client()
	owner.Remote = "203.0.113.50:1"
	if res := owner.Post("/admin/login", url.Values{"email": {"target@example.org"}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the owner after the bursts: %d", res.StatusCode)
	}
}

// TestHeadOnEveryPublicRoute: HEAD answers wherever GET does, as GET
// would but without a body, whether the page is cached yet or not.
func TestHeadOnEveryPublicRoute(t *testing.T) {
	t.Parallel()
	for _, cache := range []*pagecache.Cache{pagecache.New(0), pagecache.New(8 << 20)} {
		e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
		n := 0
		err := chi.Walk(e.Srv.(*web.Server).Routes(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
			if method != http.MethodGet || strings.HasPrefix(route, "/admin") {
				return nil
			}
			path := strings.NewReplacer("{lang}", "en", "{id}", "1", "{slug}", "hotline", "{hash}", strings.Repeat("0", 64),
				"{filename}", "x.pdf", "{name}", "pages-1.xml", "*", "app.css").Replace(route)
			head := e.Client().Do(http.MethodHead, path, nil, "")
			body, _ := io.ReadAll(head.Body)
			get := e.Client().Do(http.MethodGet, path, nil, "")
			if head.StatusCode != get.StatusCode || head.StatusCode == http.StatusMethodNotAllowed || len(body) != 0 {
				t.Errorf("HEAD %s (cache %v): %d with %d bytes, GET %d", path, cache.Enabled(), head.StatusCode, len(body), get.StatusCode)
			}
			n++
			return nil
		})
		if err != nil || n < 20 {
			t.Fatalf("walked %d routes: %v", n, err)
		}
	}
}
