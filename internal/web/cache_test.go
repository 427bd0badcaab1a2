package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"vestnik/internal/content"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/internal/web"
)

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	var r io.Reader = res.Body
	switch res.Header.Get("Content-Encoding") {
	case "gzip":
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(res.Body)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPageCacheServesVariants(t *testing.T) {
	cache := pagecache.New(8 << 20)
	e := newEnvWith(t, baseURL, cache, nil)
	plain := e.get("/ru/")
	want := body(t, plain)
	if plain.Header.Get("Cache-Control") != web.DefaultCacheControl || plain.Header.Get("ETag") == "" || plain.Header.Get("Last-Modified") == "" {
		t.Errorf("headers %v", plain.Header)
	}
	for _, enc := range []string{"gzip", "br", "gzip, deflate, br", "br;q=0, gzip"} {
		res := e.get("/ru/", "Accept-Encoding", enc)
		got := body(t, res)
		if got != want || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s: %s, %d bytes, Vary %q", enc, res.Header.Get("Content-Encoding"), len(got), res.Header.Get("Vary"))
		}
		if r := e.get("/ru/", "Accept-Encoding", enc, "If-None-Match", res.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
			t.Errorf("%s: If-None-Match %d", enc, r.StatusCode)
		}
	}
	if res := e.get("/ru/", "Accept-Encoding", "br;q=0, gzip"); res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("br;q=0 ignored")
	}
	if r := e.get("/ru/", "If-Modified-Since", plain.Header.Get("Last-Modified")); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", r.StatusCode)
	}
	if s := cache.Stats(); s.Hits == 0 || s.Entries == 0 {
		t.Errorf("cache not used: %+v", s)
	}
	// Unknown parameters do not make new entries.
	before := cache.Stats().Entries
	for i := 0; i < 20; i++ {
		e.get("/ru/?utm_source=" + strconv.Itoa(i))
	}
	if cache.Stats().Entries != before {
		t.Errorf("query noise cached: %d → %d", before, cache.Stats().Entries)
	}
	// 404s and redirects are not kept.
	e.get("/ru/nope")
	e.get("/ru/news")
	if cache.Stats().Entries != before {
		t.Error("non-200 responses cached")
	}
}

// TestCrawlerCannotExhaustCache walks many distinct URLs through a small cache.
func TestCrawlerCannotExhaustCache(t *testing.T) {
	cache := pagecache.New(256 << 10)
	e := newEnvWith(t, baseURL, cache, nil)
	for i := 0; i < 300; i++ {
		e.get("/en/search?q=word" + strconv.Itoa(i))
	}
	if s := cache.Stats(); s.Bytes > 256<<10 || s.Entries == 0 {
		t.Errorf("cache over its bound: %+v", s)
	}
}

// TestSaveInvalidatesAtOnce: the public page is fresh the moment the
// editor's save returns.
func TestSaveInvalidatesAtOnce(t *testing.T) {
	e := newEnvWith(t, baseURL, pagecache.New(8<<20), nil)
	c, _ := e.login("ed@example.org", "editor")
	id := createEntry(t, c, "news", newsForm("published"))
	pages := []string{"/en/", "/en/news/", "/en/news/hotline-trainers-meet-in-mary", "/en/rss.xml", "/ru/"}
	for _, p := range pages[:4] {
		if !strings.Contains(body(t, e.get(p)), "Hotline trainers meet in Mary") {
			t.Fatalf("%s does not show the item", p)
		}
	}
	e.get("/ru/")
	if !strings.Contains(body(t, e.get("/sitemaps/news-1.xml")), "hotline-trainers-meet-in-mary") {
		t.Fatal("sitemap lacks the item")
	}
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := formOf(c.page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Renamed at once")
	f.Set("slug.en", "renamed-at-once")
	if res := c.post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	for _, p := range []string{"/en/", "/en/news/", "/en/news/renamed-at-once", "/en/rss.xml"} {
		if !strings.Contains(body(t, e.get(p)), "Renamed at once") {
			t.Errorf("%s is stale after the save", p)
		}
	}
	if !strings.Contains(body(t, e.get("/sitemaps/news-1.xml")), "renamed-at-once") {
		t.Error("sitemap stale after the save")
	}
	if r := e.get("/en/news/hotline-trainers-meet-in-mary"); r.StatusCode != http.StatusMovedPermanently {
		t.Errorf("old URL: %d", r.StatusCode)
	}
	// A hotline change reaches the banner of every page.
	if _, err := e.pool.Exec(context.Background(), `UPDATE hotlines SET display = 'NEW NUMBER' WHERE position = 1`); err != nil {
		t.Fatal(err)
	}
	e.srv.(*web.Server).Purge() // what the listener does on NOTIFY
	if !strings.Contains(body(t, e.get("/ru/")), "NEW NUMBER") {
		t.Error("banner stale")
	}
}

// TestTwoInstances: two Vestnik instances on one database; an edit through
// one is visible on the other within a second, through LISTEN/NOTIFY.
func TestTwoInstances(t *testing.T) {
	a := newEnvWith(t, baseURL, pagecache.New(8<<20), nil)
	b := newEnvWith(t, baseURL, pagecache.New(8<<20), a.pool)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, e := range []*env{a, b} {
		go store.ListenContent(ctx, e.pool, log, e.srv.(*web.Server).Purge)
	}
	time.Sleep(200 * time.Millisecond) // both listening
	page := a.publicPaths("en")[3]
	old := b.doc(page, http.StatusOK).Find("h1").Text()
	b.doc(page, http.StatusOK) // now cached on b
	c, _ := a.login("ed@example.org", "editor")
	var id int64
	items, _, _ := a.st.ListItems(ctx, "en", content.KindNews, 1, 0)
	id = items[0].ID
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := formOf(c.page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Changed through instance A")
	if res := c.post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	saved := time.Now()
	for {
		h1 := b.doc(page, http.StatusOK).Find("h1").Text()
		if h1 == "Changed through instance A" {
			t.Logf("instance B saw the change after %v", time.Since(saved))
			break
		}
		if h1 != old || time.Since(saved) > time.Second {
			t.Fatalf("instance B still shows %q after %v", h1, time.Since(saved))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestScheduledAppearsWithCache: a scheduled item appears on time even
// though the pages that list it are cached.
func TestScheduledAppearsWithCache(t *testing.T) {
	e := newEnvWith(t, baseURL, pagecache.New(8<<20), nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	srv := e.srv.(*web.Server)
	go srv.WatchSchedule(ctx)
	at := time.Now().Add(1500 * time.Millisecond)
	if _, err := e.st.CreateEntry(context.Background(), store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: at,
		Translations: []content.Translation{{Lang: "en", Title: "Scheduled headline", Slug: "scheduled-headline"}}}); err != nil {
		t.Fatal(err)
	}
	srv.Purge() // the save's purge: the scheduler learns the new time
	if strings.Contains(body(t, e.get("/en/news/")), "Scheduled headline") {
		t.Fatal("visible early")
	}
	time.Sleep(time.Until(at) + 300*time.Millisecond)
	if !strings.Contains(body(t, e.get("/en/news/")), "Scheduled headline") {
		t.Error("scheduled item missing after its time (cache not refreshed)")
	}
	_ = url.Values{}
	_ = bytes.MinRead
}

// TestOnlyEditorsWritesPurge: an anonymous POST (a failed login, a refused
// admin request) does not empty the cache; an editor's save does.
func TestOnlyEditorsWritesPurge(t *testing.T) {
	cache := pagecache.New(8 << 20)
	e := newEnvWith(t, baseURL, cache, nil)
	e.get("/ru/")
	gen := cache.Stats().Generation
	anon := e.client()
	anon.post("/admin/login", url.Values{"email": {"x@example.org"}, "password": {"wrong password"}})
	anon.post("/admin/entries/new?kind=news", url.Values{"title.en": {"x"}})
	anon.post("/admin/logout", url.Values{})
	if g := cache.Stats().Generation; g != gen || cache.Get("/ru/") == nil {
		t.Fatalf("anonymous POSTs purged the cache: generation %d → %d", gen, g)
	}
	c, _ := e.login("ed@example.org", "editor")
	c.post("/admin/entries/new?kind=news", url.Values{"kind": {"news"}, "status": {"draft"}}) // invalid: 422
	if g := cache.Stats().Generation; g != gen {
		t.Errorf("a refused save purged the cache")
	}
	createEntry(t, c, "news", newsForm("published"))
	if cache.Stats().Generation == gen {
		t.Error("a save did not purge the cache")
	}
}
