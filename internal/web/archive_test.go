package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/archive"
	"vestnik/internal/poll"
	"vestnik/internal/sitetest"
	"vestnik/internal/testdb"
	"vestnik/migrations"
)

// TestArchiveRoundTripPages is the operator's promise: a site exported and
// imported into an empty database elsewhere serves every public page —
// each crawled from the original, with its headers — byte for byte as the
// original does. The two servers share BASE_URL and have no page cache.
func TestArchiveRoundTripPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := sitetest.NewWith(t, sitetest.Options{}) // the demo content

	// An editor's work on top of the demo: an uploaded image shown in a new
	// news item, whose slug then changes (a second revision, an old URL
	// that redirects), a changed hotline, another account.
	c, _ := src.Login("chief@example.org", "admin")
	png := sitetest.PNG(t, 3, 2, 200)
	sitetest.Uploaded(c, "Chart of calls.png", png)
	imgPath := "/media/" + sitetest.SHA256(png) + "/" + url.PathEscape("Chart of calls.png")
	form := sitetest.NewsForm("published")
	form.Set("body.en", "Calls by month:\r\n\r\n![Chart]("+imgPath+")")
	id := sitetest.CreateEntry(t, c, "news", form)
	edit := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(c.Page(edit, http.StatusOK), "#entry-form")
	f.Set("slug.en", "trainers-meet-in-mary")
	f.Set("action", "publish")
	if res := c.Post(edit, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.StatusCode)
	}
	hf := sitetest.FormOf(c.Page("/admin/hotlines/1", http.StatusOK), "form.hotline-form")
	hf.Set("label.en", "Hotline of the migration agency")
	hf.Set("hours.ru", "Пн–Пт, 9:00–18:00")
	if res := c.Post("/admin/hotlines/1", hf); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hotline: %d", res.StatusCode)
	}
	src.User("writer@example.org", "editor")

	var arc bytes.Buffer
	if _, err := archive.Export(ctx, src.Pool, migrations.FS, &arc, archive.Options{Gzip: true}); err != nil {
		t.Fatal(err)
	}
	pool := testdb.New(t)
	if _, err := archive.Import(ctx, pool, migrations.FS, &arc); err != nil {
		t.Fatal(err)
	}
	dst := sitetest.NewWith(t, sitetest.Options{Pool: pool})

	// Searches too: the copy's search vectors were recomputed on import.
	seeds := []string{"/", "/robots.txt", "/sitemap.xml", "/en/news/hotline-trainers-meet-in-mary",
		"/en/search?q=hotline", "/en/search?q=migrants+work", "/ru/search?q=" + url.QueryEscape("горячая линия")}
	for _, lang := range src.Langs {
		seeds = append(seeds, "/"+lang+"/", "/"+lang+"/feeds", "/"+lang+"/opensearch.xml", "/"+lang+"/no-such-page")
	}
	// Pages without a date of their own carry the time they were rendered
	// as Last-Modified: start the crawl on a new second, so that such
	// stamps are told apart from the dates of content.
	crawlStart := time.Now().Truncate(time.Second).Add(time.Second)
	poll.Until(2*time.Second, func() bool { return !time.Now().Before(crawlStart) })
	visited := crawlCompare(t, src, dst, seeds, crawlStart)

	// The crawl reached every kind of page, in both languages.
	mustVisit := []string{
		"/en/news/trainers-meet-in-mary", imgPath, `^/sitemaps/news-1\.xml$`, `^/sitemaps/pages\.xml$`,
		`^/media/[0-9a-f]{64}/.+\.pdf$`,
	}
	for _, lang := range src.Langs {
		mustVisit = append(mustVisit, "^/"+lang+"/news/$", "^/"+lang+"/news/[a-z0-9-]+$", `^/`+lang+`/news/\?before=`,
			"^/"+lang+"/newsletters/[a-z0-9-]+$", "^/"+lang+"/hotline$", "^/"+lang+"/sitemap$",
			"^/"+lang+"/rss.xml$", "^/"+lang+"/atom.xml$", "^/"+lang+"/feed.json$", "^/"+lang+"/newsletters/rss.xml$")
	}
	for _, pattern := range mustVisit {
		re := regexp.MustCompile(pattern)
		if !slices.ContainsFunc(visited, re.MatchString) {
			t.Errorf("the crawl never reached %s", pattern)
		}
	}
	t.Logf("%d URLs identical", len(visited))
	for _, q := range []string{"/en/search?q=hotline", "/ru/search?q=" + url.QueryEscape("горячая линия")} {
		if n := dst.Doc(q, http.StatusOK).Find("article.result").Length(); n == 0 {
			t.Errorf("%s: no results on the copy", q)
		}
	}

	// Accounts came along with their passwords; sessions did not.
	d := c.Page("/admin/", http.StatusOK)
	if d.Find("h1").Length() == 0 {
		t.Fatal("source admin")
	}
	moved := &sitetest.Client{Env: dst, Cookies: c.Cookies, Remote: c.Remote}
	if res := moved.Get("/admin/"); res.StatusCode != http.StatusFound && res.StatusCode != http.StatusSeeOther {
		t.Errorf("a session of the original site works on the copy: %d", res.StatusCode)
	}
	login := dst.Client()
	res := login.Post("/admin/login", url.Values{"email": {"writer@example.org"}, "password": {sitetest.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("login on the copy: %d", res.StatusCode)
	}
}

var absLink = regexp.MustCompile(regexp.QuoteMeta(sitetest.BaseURL) + `/[^\s"'<>\\]*`)

// crawlCompare fetches the seeds and every same-site URL they lead to,
// from both servers, and fails on any difference of status, headers or
// body; Last-Modified may differ only where both are render times, not
// before rendered. It returns the URLs visited, in order.
func crawlCompare(t *testing.T, src, dst *sitetest.Env, seeds []string, rendered time.Time) []string {
	t.Helper()
	seen := map[string]bool{}
	queue := slices.Clone(seeds)
	var visited []string
	for len(queue) > 0 && len(visited) < 5000 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		visited = append(visited, path)

		a, b := src.Get(path), dst.Get(path)
		abody, _ := io.ReadAll(a.Body)
		bbody, _ := io.ReadAll(b.Body)
		if a.StatusCode >= 500 {
			t.Errorf("GET %s: %d on the original", path, a.StatusCode)
		}
		if a.StatusCode != b.StatusCode {
			t.Errorf("GET %s: status %d, original %d", path, b.StatusCode, a.StatusCode)
			continue
		}
		for name := range a.Header {
			if name == "X-Request-Id" {
				continue // a new one per request
			}
			got, want := b.Header.Values(name), a.Header.Values(name)
			if name == "Last-Modified" && renderTime(got, rendered) && renderTime(want, rendered) {
				continue
			}
			if !slices.Equal(got, want) {
				t.Errorf("GET %s: %s %q, original %q", path, name, got, want)
			}
		}
		if !bytes.Equal(abody, bbody) {
			t.Errorf("GET %s: body differs (%d bytes, original %d)\n%s", path, len(bbody), len(abody), firstDiff(abody, bbody))
			continue
		}
		for _, next := range links(a, abody) {
			if !seen[next] {
				queue = append(queue, next)
			}
		}
	}
	if len(queue) > 0 {
		t.Errorf("crawl stopped at %d URLs with %d left", len(visited), len(queue))
	}
	return visited
}

// renderTime reports whether a Last-Modified header is the time of the
// request rather than the date of what the page shows.
func renderTime(values []string, rendered time.Time) bool {
	if len(values) != 1 {
		return false
	}
	t, err := http.ParseTime(values[0])
	return err == nil && !t.Before(rendered)
}

// links lists the same-site paths a response leads to: its redirect, the
// href and src attributes of HTML, and absolute URLs of the site in feeds,
// sitemaps and robots.txt. The admin is left out: it is not public.
func links(res *http.Response, body []byte) []string {
	var raw []string
	if loc := res.Header.Get("Location"); loc != "" {
		raw = append(raw, loc)
	}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		if d, err := goquery.NewDocumentFromReader(bytes.NewReader(body)); err == nil {
			d.Find("[href], [src]").Each(func(_ int, s *goquery.Selection) {
				for _, name := range []string{"href", "src"} {
					if v, ok := s.Attr(name); ok {
						raw = append(raw, v)
					}
				}
			})
		}
	}
	for _, m := range absLink.FindAll(body, -1) {
		raw = append(raw, html.UnescapeString(string(m)))
	}
	var paths []string
	for _, r := range raw {
		u, err := url.Parse(r)
		if err != nil || (u.Host != "" && "https://"+u.Host != sitetest.BaseURL) || (u.Scheme != "" && u.Scheme != "https") ||
			!strings.HasPrefix(u.Path, "/") {
			continue
		}
		p := u.EscapedPath()
		if u.RawQuery != "" {
			p += "?" + u.RawQuery
		}
		if p == "/admin" || strings.HasPrefix(p, "/admin/") {
			continue
		}
		paths = append(paths, p)
	}
	return paths
}

// firstDiff shows where two bodies part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "original: …" + string(a[from:min(len(a), i+80)]) + "…\n    copy: …" + string(b[from:min(len(b), i+80)]) + "…"
}
