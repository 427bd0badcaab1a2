package store_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestLangImageFallback: a language with a lead image of its own shows it
// wherever the public reads the entry — its page, lists, the home page,
// feeds, newsletter archive — while the other languages show the entry's
// shared one; set back to "same as above", the language shows the shared
// one again. The edit form reads back what was saved.
func TestLangImageFallback(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	photo := func(name string) int64 {
		t.Helper()
		id, err := st.AddImage(ctx, name+".webp", "image/webp", []byte("pixels of "+name), 800, 600,
			store.ImageDetails{FocusX: .5, FocusY: .5, Texts: map[string]content.ImageText{"en": {Alt: name}, "ru": {Alt: name}}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	shared, russian := photo("shared"), photo("russian")
	past := time.Now().Add(-time.Hour).Truncate(time.Minute)
	issue, err := st.CreateNewsletter(ctx, store.NewNewsletter{
		NewEntry: store.NewEntry{Kind: content.KindNewsletter, Status: content.StatusPublished, PublishedAt: past, LeadImageID: shared,
			Translations: []content.Translation{tr("en", "Issue with covers"), tr("ru", "Выпуск с обложками")}},
		Period: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}

	save := func(langImages map[string]int64) {
		t.Helper()
		d, _, err := st.EntryForEdit(ctx, issue)
		if err != nil {
			t.Fatal(err)
		}
		d.LangImages = langImages
		if _, err := st.SaveEntry(ctx, d, store.Rendered{Texts: map[string]string{"en": "<p>b</p>", "ru": "<p>b</p>"}},
			store.Change{Action: "entry.update"}); err != nil {
			t.Fatal(err)
		}
		back, _, err := st.EntryForEdit(ctx, issue)
		if err != nil {
			t.Fatal(err)
		}
		if got := back.LangImages["ru"]; got != langImages["ru"] || back.LeadImageID != shared {
			t.Fatalf("saved %v: read back %v, shared %d", langImages, back.LangImages, back.LeadImageID)
		}
	}
	shows := func(lang string, want int64) {
		t.Helper()
		slug := map[string]string{"en": "issue-with-covers", "ru": content.Slugify("ru", "Выпуск с обложками")}[lang]
		n, err := st.NewsletterBySlug(ctx, lang, slug)
		if err != nil {
			t.Fatal(err)
		}
		if n.LeadImageID != want {
			t.Errorf("%s issue page: lead image %d, want %d", lang, n.LeadImageID, want)
		}
		list, err := st.Newsletters(ctx, lang)
		if err != nil || len(list) != 1 || list[0].LeadImageID != want {
			t.Errorf("%s archive: %+v (%v), want lead image %d", lang, list, err, want)
		}
		front, err := st.Front(ctx, lang, 5)
		if err != nil || front.Issue == nil || front.Issue.LeadImageID != want {
			t.Errorf("%s home: %+v (%v), want lead image %d", lang, front.Issue, err, want)
		} else if _, ok := front.Images[want]; !ok {
			t.Errorf("%s home: lead image %d not read with the issue (%v)", lang, want, front.Images)
		}
		items, err := st.FeedItems(ctx, lang, []content.Kind{content.KindNewsletter}, 10)
		if err != nil || len(items) != 1 || items[0].LeadImageID != want {
			t.Errorf("%s feed: %d items (%v), want lead image %d", lang, len(items), err, want)
		}
	}

	shows("en", shared)
	shows("ru", shared)
	save(map[string]int64{"ru": russian})
	shows("en", shared)
	shows("ru", russian)
	// The library says where each photo shows: the shared one in
	// English only (listed in Russian too, where it stays referenced).
	for id, want := range map[int64]map[string]bool{shared: {"en": true, "ru": false}, russian: {"ru": true}} {
		uses, err := st.MediaUsage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, u := range uses {
			got[u.Lang] = u.Shown
		}
		if !maps.Equal(got, want) {
			t.Errorf("photo %d shown %v, want %v", id, got, want)
		}
	}
	save(nil)
	shows("ru", shared)
}
