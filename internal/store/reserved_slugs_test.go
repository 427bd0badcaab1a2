package store_test

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
	"vestnik/migrations"
)

// TestReservedPageSlugsMigration: pages saved with a slug the site later
// took for itself (00052) get the slug a new page would get — slug-2, or
// slug-3 where that is taken — in the live text and the working copy,
// and open again by it; the site's own hotline page, other kinds and other
// pages keep theirs.
func TestReservedPageSlugsMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	page := func(title string) int64 {
		t.Helper()
		id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindPage, Status: content.StatusPublished,
			PublishedAt: time.Now().Add(-time.Hour), Translations: []content.Translation{tr("en", title), tr("ru", title+" ру")}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	setSlug := func(id int64, lang, slug string) {
		t.Helper()
		if _, err := pool.Exec(ctx, `UPDATE translations SET slug = $3 WHERE entry_id = $1 AND lang = $2`, id, lang, slug); err != nil {
			t.Fatal(err)
		}
	}
	feed, search, taken, other := page("Feed page"), page("Search page"), page("Search two"), page("Ordinary page")
	setSlug(feed, "en", "feed")
	setSlug(search, "en", "search")
	setSlug(taken, "en", "search-2")
	if _, err := pool.Exec(ctx, `INSERT INTO translation_drafts (entry_id, lang, title, slug) VALUES ($1, 'en', 'Feed page, changed', 'feed')`, feed); err != nil {
		t.Fatal(err)
	}
	var news int64
	if err := pool.QueryRow(ctx, `SELECT entry_id FROM translations WHERE kind = 'news' LIMIT 1`).Scan(&news); err != nil {
		// the test database has no news: make one
		id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
			PublishedAt: time.Now().Add(-time.Hour), Translations: []content.Translation{tr("en", "A news item")}})
		if err != nil {
			t.Fatal(err)
		}
		news = id
	}
	setSlug(news, "en", "feed") // a news item's address is /en/news/feed: not shadowed

	// The site's own hotline page, where the test database has one, and
	// one whose slug is "hotline" in any case.
	if _, err := pool.Exec(ctx, `UPDATE translations t SET slug = 'hotline' FROM entries e
		WHERE e.id = t.entry_id AND e.system_key = 'hotline' AND t.lang = 'en'`); err != nil {
		t.Fatal(err)
	}
	var hotline string
	if err := pool.QueryRow(ctx, hotlineSlugSQL).Scan(&hotline); err != nil {
		t.Fatal(err)
	}

	up, err := migrations.FS.ReadFile("00052_reserved_page_slugs.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Migrate(ctx, pool, fstest.MapFS{"90052_again.sql": {Data: up}}); err != nil {
		t.Fatal(err)
	}
	slug := func(id int64, lang string) string {
		t.Helper()
		var s string
		if err := pool.QueryRow(ctx, `SELECT slug FROM translations WHERE entry_id = $1 AND lang = $2`, id, lang).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, c := range []struct {
		id         int64
		lang, want string
	}{
		{feed, "en", "feed-2"}, {search, "en", "search-3"}, {taken, "en", "search-2"},
		{other, "en", "ordinary-page"}, {feed, "ru", content.Slugify("ru", "Feed page ру")}, {news, "en", "feed"},
	} {
		if got := slug(c.id, c.lang); got != c.want {
			t.Errorf("entry %d %s: slug %q, want %q", c.id, c.lang, got, c.want)
		}
	}
	var draft string
	if err := pool.QueryRow(ctx, `SELECT slug FROM translation_drafts WHERE entry_id = $1 AND lang = 'en'`, feed).Scan(&draft); err != nil || draft != "feed-2" {
		t.Errorf("the working copy's slug is %q (%v), want feed-2", draft, err)
	}
	if it, _, err := st.ItemBySlug(ctx, "en", content.KindPage, "feed-2"); err != nil || it.ID != feed {
		t.Errorf("the renamed page does not open by its new slug: %v", err)
	}
	var hotlineAfter string
	if err := pool.QueryRow(ctx, hotlineSlugSQL).Scan(&hotlineAfter); err != nil || hotlineAfter != hotline {
		t.Errorf("the hotline page's slug went from %q to %q (%v)", hotline, hotlineAfter, err)
	}
}

const hotlineSlugSQL = `SELECT coalesce(min(t.slug), '') FROM translations t JOIN entries e ON e.id = t.entry_id
	WHERE e.system_key = 'hotline' AND t.lang = 'en'`
