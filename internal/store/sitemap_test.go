package store_test

import (
	"context"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
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
