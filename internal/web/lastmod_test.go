package web_test

import (
	"context"
	"net/http"
	"net/url"
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
		if err := e.Pool.QueryRow(ctx, `SELECT greatest(e.published_at, e.updated_at, t.updated_at)
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
	version := c.Page(path, http.StatusOK).Find(`form.danger-zone input[name=version]`).AttrOr("value", "")
	if res := c.Post(path+"/unpublish", url.Values{"version": {version}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", res.StatusCode)
	}
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
