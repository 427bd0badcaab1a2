package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
)

// TestLastModifiedIsContentDate: a page's Last-Modified is the date of
// the content it shows, not when it was rendered: an edit elsewhere (which
// purges the cache) leaves it alone; a list takes its newest item's date,
// and never goes back when that item is unpublished; a hotline change,
// shown on every page, moves every page's date; 304s keep working.
func TestLastModifiedIsContentDate(t *testing.T) {
	t.Parallel()
	cache := pagecache.New(8 << 20)
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
	ctx := context.Background()
	c, _ := e.Login("ed@example.org", "editor")
	lastMod := func(path string) time.Time {
		t.Helper()
		res := e.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		lm, err := http.ParseTime(res.Header.Get("Last-Modified"))
		if err != nil {
			t.Fatalf("%s: Last-Modified %q", path, res.Header.Get("Last-Modified"))
		}
		return lm
	}
	dateOf := func(id int64) time.Time {
		t.Helper()
		var d time.Time
		if err := e.Pool.QueryRow(ctx, `SELECT greatest(e.published_at, e.public_at, t.updated_at)
			FROM entries e JOIN translations t ON t.entry_id = e.id AND t.lang = 'en' WHERE e.id = $1`, id).Scan(&d); err != nil {
			t.Fatal(err)
		}
		return d.Truncate(time.Second)
	}
	// Browsers ask again on every visit (a 304 when nothing changed), so
	// an editor sees a change at once.
	if cc := e.Get("/en/").Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=0") || strings.Contains(cc, "stale-while-revalidate") {
		t.Errorf("Cache-Control %q lets browsers show an old page", cc)
	}
	paths := e.PublicPaths("en")
	article := paths[3] // an older news item
	articleLM, aboutLM := lastMod(article), lastMod(paths[7])

	// An edit of another item: a new news item, published now.
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	sitetest.Eventually(t, time.Minute, "the new item listed", func() bool { return lastMod("/en/news/").Equal(dateOf(id)) })
	if got := lastMod("/en/"); !got.Equal(dateOf(id)) {
		t.Errorf("home: %v, want the new item's %v", got, dateOf(id))
	}
	if got := lastMod(article); !got.Equal(articleLM) {
		t.Errorf("an untouched article's Last-Modified moved after a purge: %v → %v", articleLM, got)
	}
	if got := lastMod(paths[7]); !got.Equal(aboutLM) {
		t.Errorf("the about page's Last-Modified moved: %v → %v", aboutLM, got)
	}
	if res := e.Get(article, "If-Modified-Since", articleLM.Format(http.TimeFormat)); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", res.StatusCode)
	}

	// Unpublishing the newest item: the list's date does not go back.
	listLM := lastMod("/en/news/")
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	sitetest.EntryAction(t, c, path, "unpublish")
	if got := lastMod("/en/news/"); got.Before(listLM) {
		t.Errorf("the list's Last-Modified went back after an unpublish: %v → %v", listLM, got)
	}

	// A hotline number changes: it is on every page.
	if _, err := e.Pool.Exec(ctx, `UPDATE hotlines SET display = display || ' ', updated_at = now() + interval '2 seconds' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	cache.Purge()
	if got := lastMod(article); !got.After(articleLM) {
		t.Errorf("a hotline change did not move the article's Last-Modified (%v)", got)
	}
}

// TestLastModifiedOnlyForPublicChanges: an editor's save of a live entry
// that goes to its working copy changes nothing visitors see, so neither
// the page's Last-Modified nor its sitemap range's lastmod moves, and a
// browser's conditional GET still gets a 304; publishing the changes moves
// both, and so does a new lead image (not held back: the public sees it
// at once), and an edit of that photo's alt text in the media library (the
// page shows it: it moved no date, and a revalidating browser or crawler
// got 304 for a page whose HTML had changed); the article's own lastmod in
// its sitemap file and the date of the feed that shows it move with them.
func TestLastModifiedOnlyForPublicChanges(t *testing.T) {
	t.Parallel()
	cache := pagecache.New(8 << 20)
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	const article = "/en/news/hotline-trainers-meet-in-mary"
	admin := "/admin/entries/" + strconv.FormatInt(id, 10)
	dates := func() (page, sitemap time.Time) {
		t.Helper()
		res := e.Get(article)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", article, res.StatusCode)
		}
		page, err := http.ParseTime(res.Header.Get("Last-Modified"))
		if err != nil {
			t.Fatalf("Last-Modified %q", res.Header.Get("Last-Modified"))
		}
		index := e.Get("/sitemap.xml")
		b, err := io.ReadAll(index.Body)
		index.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		chunk := "/sitemaps/news-" + strconv.FormatInt(id/500+1, 10) + ".xml"
		m := regexp.MustCompile(regexp.QuoteMeta(chunk) + `</loc>\s*<lastmod>([^<]+)</lastmod>`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("no lastmod of %s in the sitemap index:\n%s", chunk, b)
		}
		if sitemap, err = time.Parse(time.RFC3339, string(m[1])); err != nil {
			t.Fatal(err)
		}
		return page, sitemap
	}
	// Each step begins in a later second than the dates it compares with:
	// HTTP dates have whole seconds, and a change within the same second
	// could not show.
	nextSecond := func(after ...time.Time) {
		t.Helper()
		sitetest.Eventually(t, time.Minute, "the clock past the page's dates", func() bool {
			for _, a := range after {
				if !time.Now().Truncate(time.Second).After(a) {
					return false
				}
			}
			return true
		})
	}
	save := func(what string, change func(url.Values)) {
		t.Helper()
		f := sitetest.FormOf(c.Page(admin, http.StatusOK), "#entry-form")
		change(f)
		if res := c.Post(admin, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", what, res.StatusCode)
		}
	}

	feedDate := func() time.Time {
		t.Helper()
		res := e.Get("/en/news/rss.xml")
		res.Body.Close()
		at, err := http.ParseTime(res.Header.Get("Last-Modified"))
		if err != nil {
			t.Fatalf("the feed's Last-Modified %q", res.Header.Get("Last-Modified"))
		}
		return at
	}
	page, sitemap := dates()
	feed0 := feedDate()
	nextSecond(page, sitemap, feed0)
	save("a save held back", func(f url.Values) {
		f.Set("body.en", "First paragraph.\n\nA rewritten second paragraph, not public yet.")
	})
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1`, id); n != 1 {
		t.Fatalf("%d working copies, want the save held back in one", n)
	}
	if p, s := dates(); !p.Equal(page) || !s.Equal(sitemap) {
		t.Errorf("a save held back moved the public dates: page %v → %v, sitemap %v → %v", page, p, sitemap, s)
	}
	if res := e.Get(article, "If-Modified-Since", page.UTC().Format(http.TimeFormat)); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since after a save held back: %d, want 304", res.StatusCode)
	}
	if f := feedDate(); !f.Equal(feed0) {
		t.Errorf("a save held back moved the feed's date: %v → %v", feed0, f)
	}

	save("publish changes", func(f url.Values) { f.Set("action", "publish") })
	if got := e.Doc(article, http.StatusOK).Find(".body").Text(); !strings.Contains(got, "rewritten") {
		t.Fatalf("the changes are not live: %q", got)
	}
	p, s := dates()
	if !p.After(page) || !s.After(sitemap) {
		t.Errorf("publishing the changes did not move the public dates: page %v → %v, sitemap %v → %v", page, p, sitemap, s)
	}
	if res := e.Get(article, "If-Modified-Since", page.UTC().Format(http.TimeFormat)); res.StatusCode != http.StatusOK {
		t.Errorf("If-Modified-Since before the published changes: %d, want 200", res.StatusCode)
	}

	page, sitemap = p, s
	photo := sitetest.Uploaded(c, "lead.png", sitetest.PNG(t, 4, 3, 8))
	if res := c.Post("/admin/media/"+strconv.FormatInt(photo, 10), url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"Lead"}, "alt.ru": {"Главное"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe the photo: %d", res.StatusCode)
	}
	nextSecond(page, sitemap)
	save("a new lead image", func(f url.Values) { f.Set("lead_image", strconv.FormatInt(photo, 10)) })
	p, s = dates()
	if !p.After(page) || !s.After(sitemap) {
		t.Errorf("a new lead image did not move the public dates: page %v → %v, sitemap %v → %v", page, p, sitemap, s)
	}

	page, sitemap = p, s
	urlLastmod := func() time.Time {
		t.Helper()
		res := e.Get("/sitemaps/news-" + strconv.FormatInt(id/500+1, 10) + ".xml")
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(regexp.QuoteMeta(article) + `</loc>(?:\s*<xhtml:link[^>]*/>)*\s*<lastmod>([^<]+)</lastmod>`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("no lastmod of %s in its sitemap:\n%s", article, b)
		}
		at, err := time.Parse(time.RFC3339, string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	url0, feed0 := urlLastmod(), feedDate()
	nextSecond(page, sitemap, url0, feed0)
	if res := c.Post("/admin/media/"+strconv.FormatInt(photo, 10), url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"Trainers at the lead table"}, "alt.ru": {"Главное"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit the photo's alt text: %d", res.StatusCode)
	}
	if e.Doc(article, http.StatusOK).Find(`img[alt="Trainers at the lead table"]`).Length() == 0 {
		t.Fatal("the page does not show the new alt text: the test proves nothing")
	}
	if p, s := dates(); !p.After(page) || !s.After(sitemap) {
		t.Errorf("the photo's alt text edited did not move the public dates: page %v → %v, sitemap %v → %v", page, p, sitemap, s)
	}
	if u := urlLastmod(); !u.After(url0) {
		t.Errorf("the photo's alt text edited did not move the article's lastmod in its sitemap: %v → %v", url0, u)
	}
	if f := feedDate(); !f.After(feed0) {
		t.Errorf("the photo's alt text edited (the feed shows it) did not move the feed's date: %v → %v", feed0, f)
	}
	if res := e.Get(article, "If-Modified-Since", page.UTC().Format(http.TimeFormat)); res.StatusCode != http.StatusOK {
		t.Errorf("If-Modified-Since before the photo's alt text edited: %d, want 200", res.StatusCode)
	}
}

// TestSectionLastmodIsPageDate: a section page's lastmod in the sitemap
// is its Last-Modified, by one rule: the news list's and the home's move
// together when the photo shown on the newest news item is edited (its
// crop moved: the lists' thumbnails change), though no text changed.
func TestSectionLastmodIsPageDate(t *testing.T) {
	t.Parallel()
	cache := pagecache.New(8 << 20)
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
	c, _ := e.Login("ed@example.org", "editor")
	photo := sitetest.Uploaded(c, "lead.png", sitetest.PNG(t, 40, 30, 8))
	media := "/admin/media/" + strconv.FormatInt(photo, 10)
	if res := c.Post(media, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"Lead"}, "alt.ru": {"Главное"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe the photo: %d", res.StatusCode)
	}
	form := sitetest.NewsForm("published")
	form.Set("lead_image", strconv.FormatInt(photo, 10))
	sitetest.CreateEntry(t, c, "news", form)
	sections := []string{"/en/", "/en/news/", "/ru/news/"}
	dates := func() (pages, lastmods map[string]time.Time) {
		t.Helper()
		pages, lastmods = map[string]time.Time{}, map[string]time.Time{}
		res := e.Get("/sitemaps/pages.xml")
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range sections {
			res := e.Get(p)
			res.Body.Close()
			if pages[p], err = http.ParseTime(res.Header.Get("Last-Modified")); err != nil {
				t.Fatalf("%s: Last-Modified %q", p, res.Header.Get("Last-Modified"))
			}
			m := regexp.MustCompile(regexp.QuoteMeta(p) + `</loc>(?:\s*<xhtml:link[^>]*/>)*\s*<lastmod>([^<]+)</lastmod>`).FindSubmatch(b)
			if m == nil {
				t.Fatalf("no lastmod of %s in pages.xml:\n%s", p, b)
			}
			if lastmods[p], err = time.Parse(time.RFC3339, string(m[1])); err != nil {
				t.Fatal(err)
			}
			if !lastmods[p].Equal(pages[p]) {
				t.Errorf("%s: sitemap lastmod %v, Last-Modified %v", p, lastmods[p], pages[p])
			}
		}
		return pages, lastmods
	}
	pages, lastmods := dates()
	thumb := e.Doc("/en/news/", http.StatusOK).Find(".teaser .thumb").First()
	before, _ := thumb.Html()
	if before == "" {
		t.Fatal("the newest news item shows no photo in the list: the test proves nothing")
	}
	sitetest.Eventually(t, time.Minute, "the clock past the pages' dates", func() bool {
		for _, p := range sections {
			if !time.Now().Truncate(time.Second).After(pages[p]) {
				return false
			}
		}
		return true
	})
	if res := c.Post(media, url.Values{"focus_x": {"10"}, "focus_y": {"90"}, "alt.en": {"Lead"}, "alt.ru": {"Главное"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move the photo's focal point: %d", res.StatusCode)
	}
	sitetest.Eventually(t, time.Minute, "the new crop in the news list", func() bool {
		after, _ := e.Doc("/en/news/", http.StatusOK).Find(".teaser .thumb").First().Html()
		return after != before
	})
	p2, l2 := dates()
	for _, p := range sections {
		if !p2[p].After(pages[p]) || !l2[p].After(lastmods[p]) {
			t.Errorf("%s: the photo edited moved Last-Modified %v → %v, sitemap lastmod %v → %v", p, pages[p], p2[p], lastmods[p], l2[p])
		}
	}
}

// TestRemovalDatesNeverGoBack: unpublishing the newest item changes
// every feed that listed it, and its sitemap file, so their Last-Modified
// must not go back to the next item's date (nor the file's lastmod in the
// sitemap index): a feed reader or crawler that revalidates by date alone
// (If-Modified-Since, no ETag) got 304 and kept the item taken down.
func TestRemovalDatesNeverGoBack(t *testing.T) {
	t.Parallel()
	cache := pagecache.New(8 << 20)
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	chunk := "/sitemaps/news-" + strconv.FormatInt(id/500+1, 10) + ".xml"
	entry := "/entry/" + strconv.FormatInt(id, 10)
	marks := map[string]string{
		"/en/rss.xml": entry, "/en/atom.xml": entry, "/en/feed.json": entry, "/en/news/rss.xml": entry, "/ru/news/feed.json": entry,
		chunk: "/en/news/hotline-trainers-meet-in-mary",
	}
	indexLastmod := func() time.Time {
		t.Helper()
		res := e.Get("/sitemap.xml")
		b, _ := io.ReadAll(res.Body)
		m := regexp.MustCompile(regexp.QuoteMeta(chunk) + `</loc>\s*<lastmod>([^<]+)</lastmod>`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("no lastmod of %s in the sitemap index:\n%s", chunk, b)
		}
		at, err := time.Parse(time.RFC3339, string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	before := map[string]time.Time{}
	for p, mark := range marks {
		res := e.Get(p)
		b, _ := io.ReadAll(res.Body)
		if !strings.Contains(string(b), mark) {
			t.Fatalf("%s does not list the new item: the test proves nothing", p)
		}
		lm, err := http.ParseTime(res.Header.Get("Last-Modified"))
		if err != nil {
			t.Fatalf("%s: Last-Modified %q", p, res.Header.Get("Last-Modified"))
		}
		before[p] = lm
	}
	index := indexLastmod()
	// HTTP dates have whole seconds: the removal must fall in a later one.
	sitetest.Eventually(t, time.Minute, "the clock past the dates", func() bool {
		for _, lm := range before {
			if !time.Now().Truncate(time.Second).After(lm) {
				return false
			}
		}
		return time.Now().Truncate(time.Second).After(index)
	})
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	sitetest.EntryAction(t, c, path, "unpublish")
	for p, mark := range marks {
		res := e.Get(p)
		b, _ := io.ReadAll(res.Body)
		if strings.Contains(string(b), mark) {
			t.Errorf("%s still lists the item unpublished", p)
		}
		lm, err := http.ParseTime(res.Header.Get("Last-Modified"))
		if err != nil {
			t.Fatalf("%s: Last-Modified %q", p, res.Header.Get("Last-Modified"))
		}
		if !lm.After(before[p]) {
			t.Errorf("%s: Last-Modified %v → %v after the newest item was unpublished", p, before[p], lm)
		}
		if res := e.Get(p, "If-Modified-Since", before[p].UTC().Format(http.TimeFormat)); res.StatusCode != http.StatusOK {
			t.Errorf("%s: If-Modified-Since the date before the unpublish: %d, want 200", p, res.StatusCode)
		}
	}
	if got := indexLastmod(); !got.After(index) {
		t.Errorf("the sitemap index's lastmod of %s: %v → %v after the newest item was unpublished", chunk, index, got)
	}
}

// TestSitemapFileDatedByItsOwnRemovals: an item taken down re-dates the
// sitemap file of its id range (and the index), not every file of its
// kind: a crawler trusting lastmod refetches the one file that changed.
func TestSitemapFileDatedByItsOwnRemovals(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	gone := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	// The next entry in the next file's range.
	if _, err := e.Pool.Exec(t.Context(), `SELECT setval('entries_id_seq', $1)`, (gone/500+1)*500+10); err != nil {
		t.Fatal(err)
	}
	other := sitemapNews("Another file's item")
	kept := sitetest.CreateEntry(t, c, "news", other)
	file := func(id int64) string { return "/sitemaps/news-" + strconv.FormatInt(id/500+1, 10) + ".xml" }
	if file(gone) == file(kept) {
		t.Fatalf("both entries in %s: the test proves nothing", file(gone))
	}
	lastmods := func() map[string]time.Time {
		t.Helper()
		b, _ := io.ReadAll(e.Get("/sitemap.xml").Body)
		out := map[string]time.Time{}
		for _, m := range regexp.MustCompile(`(/sitemaps/news-\d+\.xml)</loc>\s*<lastmod>([^<]+)</lastmod>`).FindAllSubmatch(b, -1) {
			at, err := time.Parse(time.RFC3339, string(m[2]))
			if err != nil {
				t.Fatal(err)
			}
			out[string(m[1])] = at
		}
		return out
	}
	fileDate := func(p string) time.Time {
		t.Helper()
		res := e.Get(p)
		lm, err := http.ParseTime(res.Header.Get("Last-Modified"))
		if res.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("%s: %d, Last-Modified %q", p, res.StatusCode, res.Header.Get("Last-Modified"))
		}
		return lm
	}
	before, keptFile, goneFile := lastmods(), fileDate(file(kept)), fileDate(file(gone))
	sitetest.Eventually(t, time.Minute, "the clock past the dates", func() bool {
		return time.Now().Truncate(time.Second).After(latest(before[file(gone)], before[file(kept)], keptFile, goneFile))
	})
	path := "/admin/entries/" + strconv.FormatInt(gone, 10)
	sitetest.EntryAction(t, c, path, "unpublish")
	after := lastmods()
	if !after[file(gone)].After(before[file(gone)]) || !fileDate(file(gone)).After(goneFile) {
		t.Errorf("the file that lost the item: lastmod %v → %v, Last-Modified %v → %v", before[file(gone)], after[file(gone)], goneFile, fileDate(file(gone)))
	}
	if !after[file(kept)].Equal(before[file(kept)]) || !fileDate(file(kept)).Equal(keptFile) {
		t.Errorf("the other file: lastmod %v → %v, Last-Modified %v → %v", before[file(kept)], after[file(kept)], keptFile, fileDate(file(kept)))
	}
}

// sitemapNews is a published news item's form with its own title.
func sitemapNews(title string) url.Values {
	f := sitetest.NewsForm("published")
	f.Set("title.en", title)
	f.Set("title.ru", title+" (ru)")
	return f
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
