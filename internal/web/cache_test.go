package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"vestnik/internal/content"
	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
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
	t.Parallel()
	cache := pagecache.New(8 << 20)
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
	plain := e.Get("/ru/")
	want := body(t, plain)
	if plain.Header.Get("Cache-Control") != pagecache.DefaultCacheControl || plain.Header.Get("ETag") == "" || plain.Header.Get("Last-Modified") == "" {
		t.Errorf("headers %v", plain.Header)
	}
	for _, enc := range []string{"gzip", "br", "gzip, deflate, br", "br;q=0, gzip"} {
		res := e.Get("/ru/", "Accept-Encoding", enc)
		got := body(t, res)
		if got != want || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s: %s, %d bytes, Vary %q", enc, res.Header.Get("Content-Encoding"), len(got), res.Header.Get("Vary"))
		}
		if r := e.Get("/ru/", "Accept-Encoding", enc, "If-None-Match", res.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
			t.Errorf("%s: If-None-Match %d", enc, r.StatusCode)
		}
	}
	if res := e.Get("/ru/", "Accept-Encoding", "br;q=0, gzip"); res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("br;q=0 ignored")
	}
	if r := e.Get("/ru/", "If-Modified-Since", plain.Header.Get("Last-Modified")); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", r.StatusCode)
	}
	if s := cache.Stats(); s.Hits == 0 || s.Entries == 0 {
		t.Errorf("cache not used: %+v", s)
	}
	// Unknown parameters do not make new entries.
	before := cache.Stats().Entries
	for i := 0; i < 20; i++ {
		e.Get("/ru/?utm_source=" + strconv.Itoa(i))
	}
	if cache.Stats().Entries != before {
		t.Errorf("query noise cached: %d → %d", before, cache.Stats().Entries)
	}
	// 404s and redirects are not kept.
	e.Get("/ru/nope")
	e.Get("/ru/news")
	if cache.Stats().Entries != before {
		t.Error("non-200 responses cached")
	}
}

// TestCrawlerCannotExhaustCache walks many distinct URLs through a small cache.
func TestCrawlerCannotExhaustCache(t *testing.T) {
	t.Parallel()
	// A search page is about 10 KB with its compressed variants: the
	// crawler's 60 distinct URLs would need several times the cache.
	cache := pagecache.New(96 << 10)
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
	for i := 0; i < 60; i++ {
		e.Get("/en/search?q=word" + strconv.Itoa(i))
	}
	if s := cache.Stats(); s.Bytes > 96<<10 || s.Entries == 0 || s.Entries >= 60 {
		t.Errorf("cache over its bound: %+v", s)
	}
}

// TestSaveInvalidatesAtOnce: the public page is fresh the moment the
// editor's save returns.
func TestSaveInvalidatesAtOnce(t *testing.T) {
	t.Parallel()
	e := sitetest.NewWith(t, sitetest.Options{Cache: pagecache.New(8 << 20)})
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	pages := []string{"/en/", "/en/news/", "/en/news/hotline-trainers-meet-in-mary", "/en/rss.xml", "/ru/"}
	for _, p := range pages[:4] {
		if !strings.Contains(body(t, e.Get(p)), "Hotline trainers meet in Mary") {
			t.Fatalf("%s does not show the item", p)
		}
	}
	e.Get("/ru/")
	if !strings.Contains(body(t, e.Get("/sitemaps/news-1.xml")), "hotline-trainers-meet-in-mary") {
		t.Fatal("sitemap lacks the item")
	}
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Renamed at once")
	f.Set("slug.en", "renamed-at-once")
	f.Set("action", "publish")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	for _, p := range []string{"/en/", "/en/news/", "/en/news/renamed-at-once", "/en/rss.xml"} {
		if !strings.Contains(body(t, e.Get(p)), "Renamed at once") {
			t.Errorf("%s is stale after the save", p)
		}
	}
	if !strings.Contains(body(t, e.Get("/sitemaps/news-1.xml")), "renamed-at-once") {
		t.Error("sitemap stale after the save")
	}
	if r := e.Get("/en/news/hotline-trainers-meet-in-mary"); r.StatusCode != http.StatusMovedPermanently {
		t.Errorf("old URL: %d", r.StatusCode)
	}
	// A hotline change reaches the banner of every page.
	if _, err := e.Pool.Exec(context.Background(), `UPDATE hotlines SET display = 'NEW NUMBER' WHERE position = 1`); err != nil {
		t.Fatal(err)
	}
	e.Cache.Purge() // what the listener does on NOTIFY
	if !strings.Contains(body(t, e.Get("/ru/")), "NEW NUMBER") {
		t.Error("banner stale")
	}
}

// TestTwoInstances: two Vestnik instances on one database; an edit through
// one reaches the other through LISTEN/NOTIFY, without anyone purging it.
func TestTwoInstances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b, _ := twoInstances(t)
	page := a.PublicPaths("en")[3]
	b.Doc(page, http.StatusOK) // now cached on b
	c, _ := a.Login("ed@example.org", "editor")
	items, _, _ := a.Store.ListItems(ctx, "en", content.KindNews, 1, 0)
	path := "/admin/entries/" + strconv.FormatInt(items[0].ID, 10)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Changed through instance A")
	f.Set("action", "publish")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	// Only a notification can empty b's cache: wait for it, as long as a
	// busy machine may take, and no longer than a real hang.
	sitetest.Eventually(t, time.Minute, "instance B shows the change", func() bool {
		return b.Doc(page, http.StatusOK).Find("h1").Text() == "Changed through instance A"
	})
}

// TestScheduledAppearsWithCache: a scheduled item appears on time even
// though the pages that list it are cached.
func TestScheduledAppearsWithCache(t *testing.T) {
	t.Parallel()
	e := sitetest.NewWith(t, sitetest.Options{Cache: pagecache.New(8 << 20)})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go e.Cache.WatchSchedule(ctx, e.Store.NextPublication)
	at := time.Now().Add(2 * time.Second)
	if _, err := e.Store.CreateEntry(context.Background(), store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: at,
		Translations: []content.Translation{{Lang: "en", Title: "Scheduled headline", Slug: "scheduled-headline"}}}); err != nil {
		t.Fatal(err)
	}
	e.Cache.Purge() // the save's purge: the scheduler learns the new time
	// The list is cached now; shown before its time, the item would be a
	// bug (a busy machine may reach this line late: then nothing is said).
	if early := strings.Contains(body(t, e.Get("/en/news/")), "Scheduled headline"); early && time.Now().Before(at) {
		t.Fatal("visible early")
	}
	// Nothing purges the cache but the scheduler.
	sitetest.Eventually(t, time.Minute, "the scheduled item on the cached list", func() bool {
		return strings.Contains(body(t, e.Get("/en/news/")), "Scheduled headline")
	})
}

// TestOnlyEditorsWritesPurge: an anonymous POST (a failed login, a refused
// admin request) does not empty the cache; an editor's save does.
func TestOnlyEditorsWritesPurge(t *testing.T) {
	t.Parallel()
	cache := pagecache.New(8 << 20)
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
	e.Get("/ru/")
	gen := cache.Stats().Generation
	anon := e.Client()
	anon.Post("/admin/login", url.Values{"email": {"x@example.org"}, "password": {"wrong password"}})
	anon.Post("/admin/entries/new?kind=news", url.Values{"title.en": {"x"}})
	anon.Post("/admin/logout", url.Values{})
	if g := cache.Stats().Generation; g != gen || cache.Get("/ru/") == nil {
		t.Fatalf("anonymous POSTs purged the cache: generation %d → %d", gen, g)
	}
	c, _ := e.Login("ed@example.org", "editor")
	c.Post("/admin/entries/new?kind=news", url.Values{"kind": {"news"}, "status.en": {"draft"}}) // invalid: 422
	if g := cache.Stats().Generation; g != gen {
		t.Errorf("a refused save purged the cache")
	}
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	if cache.Stats().Generation == gen {
		t.Error("a save did not purge the cache")
	}
	// Posts that change nothing the public reads leave every page cached:
	// a save of what the entry already says, the editor's own settings,
	// logging out.
	const article = "/en/news/hotline-trainers-meet-in-mary"
	e.Get("/ru/")
	e.Get(article)
	gen = cache.Stats().Generation
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	if res := c.Post(path, sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d", res.StatusCode)
	}
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"ru"}}); res.StatusCode >= 400 {
		t.Fatalf("account language: %d", res.StatusCode)
	}
	if res := c.Post("/admin/logout", url.Values{}); res.StatusCode >= 400 {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if g := cache.Stats().Generation; g != gen || cache.Get("/ru/") == nil || cache.Get(article) == nil {
		t.Errorf("posts that changed nothing public purged the cache: generation %d → %d, home cached %v, article cached %v",
			gen, g, cache.Get("/ru/") != nil, cache.Get(article) != nil)
	}
}

// TestCacheKeyIsWhatHandlerReads: a repeated parameter is read once, the
// first value, by the handler and by the cache key alike, so two orders
// of the same parameters never share a page.
func TestCacheKeyIsWhatHandlerReads(t *testing.T) {
	t.Parallel()
	e := sitetest.NewWith(t, sitetest.Options{Cache: pagecache.New(8 << 20)})
	query := func(path string) string {
		v, _ := e.Doc(path, http.StatusOK).Find(`form.search-big input[name=q]`).Attr("value")
		return v
	}
	for _, tt := range []struct{ path, want string }{
		{"/en/search?q=zzz&q=hotline", "zzz"},
		{"/en/search?q=hotline&q=zzz", "hotline"},
		{"/en/search?q=zzz&q=hotline", "zzz"}, // now from the cache
		{"/en/search?utm=1&q=hotline&q=zzz", "hotline"},
	} {
		if got := query(tt.path); got != tt.want {
			t.Errorf("%s shows the search for %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestMostReadRewarmedAfterPurge: after a purge, the pages read most are
// rendered again before anyone asks.
func TestMostReadRewarmedAfterPurge(t *testing.T) {
	t.Parallel()
	cache := pagecache.New(8 << 20)
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
	for range 3 {
		e.Get("/ru/")
		e.Get("/en/rss.xml")
	}
	e.Get("/en/sitemap") // read once, on render: not among the read
	cache.Purge()
	sitetest.Eventually(t, time.Minute, "the most-read pages rendered again", func() bool {
		return cache.Get("/ru/") != nil && cache.Get("/en/rss.xml") != nil
	})
	if cache.Get("/en/sitemap") != nil {
		t.Error("a page nobody read again was warmed")
	}
}

// TestSaveKeepsOtherPagesCached: an editor's save of one article drops
// that article's pages and the pages that list articles — here and, by
// its notification, on another instance — while another article's page
// stays cached on both.
func TestSaveKeepsOtherPagesCached(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b, changed := twoInstances(t)
	news, _, err := a.Store.ListItems(ctx, "en", content.KindNews, 2, 0)
	if err != nil || len(news) < 2 {
		t.Fatal(err)
	}
	saved, other := "/en/news/"+news[0].Slug, "/en/news/"+news[1].Slug
	for _, e := range []*sitetest.Env{a, b} {
		for _, p := range []string{saved, other, "/en/"} {
			e.Doc(p, http.StatusOK)
		}
		if e.Cache.Get(other) == nil || e.Cache.Get("/en/") == nil {
			t.Fatal("pages not cached")
		}
	}
	c, _ := a.Login("ed@example.org", "editor")
	path := "/admin/entries/" + strconv.FormatInt(news[0].ID, 10)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Saved through instance A")
	f.Set("action", "publish")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	if a.Cache.Get(other) == nil {
		t.Error("instance A dropped an unrelated article's page")
	}
	for _, p := range []string{saved, "/en/"} {
		if !strings.Contains(body(t, a.Get(p)), "Saved through instance A") {
			t.Errorf("instance A: %s is stale", p)
		}
	}
	sitetest.Eventually(t, time.Minute, "instance B learns which entry changed", func() bool {
		for {
			select {
			case id := <-changed:
				if id == news[0].ID {
					return true
				}
			default:
				return false
			}
		}
	})
	if b.Cache.Get(other) == nil {
		t.Error("instance B dropped an unrelated article's page")
	}
	for _, p := range []string{saved, "/en/"} {
		if !strings.Contains(body(t, b.Get(p)), "Saved through instance A") {
			t.Errorf("instance B: %s is stale", p)
		}
	}
}

// twoInstances builds two sites with page caches on one database, the
// second listening to the database's notifications as serve wires it; it
// returns once the second listens, with the entries it is told changed.
func twoInstances(t *testing.T) (a, b *sitetest.Env, changed <-chan int64) {
	t.Helper()
	a = sitetest.NewWith(t, sitetest.Options{Cache: pagecache.New(8 << 20)})
	b = sitetest.NewWith(t, sitetest.Options{Cache: pagecache.New(8 << 20), Pool: a.Pool})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	// The listener calls its function once LISTEN is in place: that is
	// when b is listening.
	listening := make(chan struct{})
	var once sync.Once
	ch := make(chan int64, 100)
	go b.Store.ListenContent(ctx, sitetest.Discard, store.ContentEvents{Changed: func(entry int64) {
		once.Do(func() { close(listening) })
		b.Cache.Changed(entry)
		select {
		case ch <- entry:
		default: // nobody reads: the cache has been told
		}
	}})
	select {
	case <-listening:
	case <-time.After(time.Minute):
		t.Fatal("instance B never listened")
	}
	return a, b, ch
}
