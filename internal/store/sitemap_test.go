package store_test

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
	"vestnik/migrations"
)

// TestContentDates: per language and kind, the newest publication or edit
// of a visible text; a scheduled or draft text, however recently edited,
// does not count, and a kind with no visible text has no date.
func TestContentDates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	if _, err := pool.Exec(ctx, `DELETE FROM entries`); err != nil {
		t.Fatal(err)
	}
	day := func(n int) time.Time { return time.Date(2026, 1, n, 12, 0, 0, 0, time.UTC) }
	mk := func(kind content.Kind, status content.Status, published time.Time, edited time.Time, langs ...string) {
		t.Helper()
		var trs []content.Translation
		for _, l := range langs {
			trs = append(trs, tr(l, string(kind)+" "+l+" "+published.String()))
		}
		id, err := st.CreateEntry(ctx, store.NewEntry{Kind: kind, Status: status, PublishedAt: published, Translations: trs})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `UPDATE translations SET updated_at = $2 WHERE entry_id = $1`, id, edited); err != nil {
			t.Fatal(err)
		}
	}
	mk(content.KindNews, content.StatusPublished, day(1), day(3), "en", "ru")
	mk(content.KindNews, content.StatusPublished, day(5), day(5), "en")
	mk(content.KindNews, content.StatusPublished, time.Now().Add(48*time.Hour), time.Now().Add(72*time.Hour), "en", "ru") // scheduled
	mk(content.KindNews, content.StatusDraft, time.Time{}, day(20), "ru")
	mk(content.KindPage, content.StatusPublished, day(2), day(2), "ru")
	d, err := st.ContentDates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[content.Kind]time.Time{
		"en": {content.KindNews: day(5)},
		"ru": {content.KindNews: day(3), content.KindPage: day(2)},
	}
	for lang, kinds := range want {
		for kind, at := range kinds {
			if got := d.Entries[lang][kind]; !got.Equal(at) {
				t.Errorf("%s %s: %v, want %v", lang, kind, got, at)
			}
		}
		if len(d.Entries[lang]) != len(kinds) {
			t.Errorf("%s: dates of %v, want only %v", lang, d.Entries[lang], kinds)
		}
	}
	if len(d.Entries) != len(want) {
		t.Errorf("languages with dates: %v", d.Entries)
	}
}

// TestSitemapChunks: the id ranges of a kind that hold visible entries,
// each with its newest publication or public change (public_at: an
// editor's save held back in a working copy moves only updated_at, which
// the index does not read); a range of drafts and scheduled entries only,
// or of another kind, is not listed.
func TestSitemapChunks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	const size = 4
	type made struct {
		id      int64
		visible bool
		at      time.Time
	}
	var all []made
	day := func(n int) time.Time { return time.Date(2026, 2, n, 12, 0, 0, 0, time.UTC) }
	for i := range 24 {
		kind, status, published := content.KindNews, content.StatusPublished, day(1+i)
		switch {
		case i >= 8 && i < 16 && i%2 == 0:
			status = content.StatusDraft
		case i >= 8 && i < 16:
			published = time.Now().Add(time.Duration(i) * time.Hour) // scheduled
		case i == 20:
			kind = content.KindPage
		}
		id, err := st.CreateEntry(ctx, store.NewEntry{Kind: kind, Status: status, PublishedAt: published,
			Translations: []content.Translation{tr("en", fmt.Sprintf("Chunk item %d", i))}})
		if err != nil {
			t.Fatal(err)
		}
		edited := day(1 + i).Add(time.Duration(i%3) * 24 * time.Hour)
		if _, err := pool.Exec(ctx, `UPDATE entries SET public_at = $2, updated_at = $2::timestamptz + interval '30 days' WHERE id = $1`, id, edited); err != nil {
			t.Fatal(err)
		}
		all = append(all, made{id, kind == content.KindNews && status == content.StatusPublished && published.Before(time.Now()), edited})
	}
	want := map[int64]time.Time{}
	for _, m := range all {
		if m.visible {
			at := m.at
			if p := day(1 + int(m.id-all[0].id)); p.After(at) {
				at = p
			}
			if at.After(want[m.id/size]) {
				want[m.id/size] = at
			}
		}
	}
	got, err := st.SitemapChunks(ctx, content.KindNews, size)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("%d ranges, want %d: %v", len(got), len(want), got)
	}
	for i, c := range got {
		if i > 0 && c.N <= got[i-1].N {
			t.Errorf("ranges out of order: %v", got)
		}
		if w, ok := want[c.N]; !ok || !c.LastMod.Equal(w) {
			t.Errorf("range %d: %v, want %v (listed: %v)", c.N, c.LastMod, w, ok)
		}
	}
}

// TestSitemapChunksSeeALanguageGoLive: a language that goes live by its
// scheduled time alone writes nothing (public_at does not move: migration
// 00036), and the index read only the entry's dates — its earliest
// language's publication and public_at — so its lastmod stayed where the
// first language had put it, and crawlers were not told of the new pages.
// It now follows the newest publication the public sees, and never one
// still to come. Each state is made in SQL: the later language's time set
// in the past, and public_at put back to before it, is the state its
// scheduled time reached with nobody writing.
func TestSitemapChunksSeeALanguageGoLive(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	first := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	public := time.Date(2026, 1, 11, 12, 0, 0, 0, time.UTC) // the last write the public saw
	mk := func(title string, later map[string]string) int64 {
		t.Helper()
		trs := []content.Translation{tr("en", title)}
		for lang := range later {
			trs = append(trs, tr(lang, title+" "+lang))
		}
		id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: first, Translations: trs})
		if err != nil {
			t.Fatal(err)
		}
		for lang, at := range later {
			if _, err := pool.Exec(ctx, `UPDATE translations SET published_at = now() + $3::interval WHERE entry_id = $1 AND lang = $2`, id, lang, at); err != nil {
				t.Fatal(err)
			}
		}
		// The state's own writes are no removal the scenario saw (00053).
		if _, err := pool.Exec(ctx, `UPDATE entries SET public_at = $2 WHERE id = $1`, id, public); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `DELETE FROM entry_removals WHERE entry_id = $1`, id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	publishedAt := func(id int64, lang string) time.Time {
		t.Helper()
		var at time.Time
		if err := pool.QueryRow(ctx, `SELECT published_at FROM translations WHERE entry_id = $1 AND lang = $2`, id, lang).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	live := mk("Russian went live", map[string]string{"ru": "-1 hour"})
	oneOfTwo := mk("Russian went live, Turkmen to come", map[string]string{"ru": "-2 hours", "tk": "1 day"})
	toCome := mk("Russian to come", map[string]string{"ru": "1 day"})
	want := map[int64]time.Time{
		live:     publishedAt(live, "ru"),
		oneOfTwo: publishedAt(oneOfTwo, "ru"),
		toCome:   public,
	}
	got, err := st.SitemapChunks(ctx, content.KindNews, 1) // one entry a range
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]time.Time{}
	for _, c := range got {
		seen[c.N] = c.LastMod
	}
	for id, w := range want {
		if !seen[id].Equal(w) {
			t.Errorf("entry %d: lastmod %v, want %v", id, seen[id], w)
		}
	}
}

// TestSitemapDatesKeptThroughUpgrade: migration 00054 starts every entry
// with its kind's last removal, so a sitemap file dated by that removal
// before the upgrade (00053 dates files by their own entries' removals)
// is not dated back to its entries' older dates.
func TestSitemapDatesKeptThroughUpgrade(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	published := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	removed := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: published,
		Translations: []content.Translation{tr("en", "Kept")}})
	if err != nil {
		t.Fatal(err)
	}
	// As before the upgrade: a removal of the kind, none by entry.
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE entries SET public_at = $1 WHERE id = $2`, []any{published, id}},
		{`INSERT INTO content_removals (kind, removed_at) VALUES ('news', $1) ON CONFLICT (kind) DO UPDATE SET removed_at = $1`, []any{removed}},
		{`DELETE FROM entry_removals`, nil},
	} {
		if _, err := pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	src, err := fs.ReadFile(migrations.FS, "00054_entry_removals_floor.sql")
	if err != nil {
		t.Fatal(err)
	}
	up, _, _ := strings.Cut(strings.SplitN(string(src), "-- +goose Up", 2)[1], "-- +goose Down")
	if _, err := pool.Exec(ctx, up); err != nil {
		t.Fatal(err)
	}
	chunks, err := st.SitemapChunks(ctx, content.KindNews, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chunks {
		if c.N == id {
			if !c.LastMod.Equal(removed) {
				t.Errorf("the file of entry %d: lastmod %v, want the removal before the upgrade, %v", id, c.LastMod, removed)
			}
			return
		}
	}
	t.Errorf("no file of entry %d: %v", id, chunks)
}

// TestSitemapPurgeKeepsDates: an entry put in the trash left the site
// then, which dates its sitemap file and its kind's lists; purging it
// later changes neither, and dates neither again (migration 00055).
func TestSitemapPurgeKeepsDates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Translations: []content.Translation{tr("en", "Trashed"), tr("ru", "В корзине")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.TrashEntry(ctx, id, store.AuditEntry{Action: "entry.trash"}); err != nil {
		t.Fatal(err)
	}
	dates := func() (time.Time, time.Time) {
		t.Helper()
		file, err := st.SitemapRemoved(ctx, content.KindNews, id, id+1)
		if err != nil {
			t.Fatal(err)
		}
		lists, err := st.Removed(ctx, content.KindNews)
		if err != nil {
			t.Fatal(err)
		}
		return file, lists
	}
	file, lists := dates()
	if file.IsZero() || lists.IsZero() {
		t.Fatalf("trashing dated nothing: file %v, lists %v", file, lists)
	}
	if err := st.DeleteEntry(ctx, id, store.AuditEntry{Action: "entry.delete"}); err != nil {
		t.Fatal(err)
	}
	if f, l := dates(); !f.Equal(file) || !l.Equal(lists) {
		t.Errorf("the purge re-dated: file %v → %v, lists %v → %v", file, f, lists, l)
	}
}
