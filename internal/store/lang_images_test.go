package store_test

import (
	"context"
	"errors"
	"maps"
	"slices"
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

// TestLangImageWaitsWithCopy: a live language's own lead image chosen
// while its text has unpublished changes waits with them in the working
// copy — the public page keeps the live image and its date — and goes
// live with them: on "Publish changes" and at the changes' time, moving
// the entry's public date. The form and the revision hold the copy's
// choice (and the revision the live one); a photo only a copy shows is in
// use and cannot be deleted; giving the changes up drops the copy's
// choice. A language without a working copy has its image live on save.
func TestLangImageWaitsWithCopy(t *testing.T) {
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
	shared, first, second := photo("shared"), photo("first"), photo("second")
	past := time.Now().Add(-time.Hour).Truncate(time.Minute)
	id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: past, LeadImageID: shared,
		Translations: []content.Translation{tr("en", "Copies and photos"), tr("ru", "Копии и снимки")}})
	if err != nil {
		t.Fatal(err)
	}
	slugs := map[string]string{"en": "copies-and-photos", "ru": content.Slugify("ru", "Копии и снимки")}

	edit := func(change func(d *content.Draft)) store.Saved {
		t.Helper()
		d, _, err := st.EntryForEdit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.LangImages == nil {
			d.LangImages = map[string]int64{}
		}
		change(&d)
		saved, err := st.SaveEntry(ctx, d, store.Rendered{Texts: map[string]string{"en": "<p>b</p>", "ru": "<p>b</p>"}},
			store.Change{Action: "entry.update"})
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	retitle := func(lang, title string) func(d *content.Draft) {
		return func(d *content.Draft) {
			tx := d.Texts[lang]
			tx.Title = title
			d.Texts[lang] = tx
		}
	}
	shows := func(step, lang string, image int64, title string) {
		t.Helper()
		it, _, err := st.ItemBySlug(ctx, lang, content.KindNews, slugs[lang])
		if err != nil {
			t.Fatalf("%s: %s page: %v", step, lang, err)
		}
		if it.LeadImageID != image || it.Title != title {
			t.Errorf("%s: %s page shows image %d, %q; want %d, %q", step, lang, it.LeadImageID, it.Title, image, title)
		}
	}
	// The entry's public date is set back before a step, and read after.
	setBack := func() {
		t.Helper()
		if _, err := pool.Exec(ctx, `UPDATE entries SET public_at = $2 WHERE id = $1`, id, past.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	moved := func() bool {
		t.Helper()
		var at time.Time
		if err := pool.QueryRow(ctx, `SELECT public_at FROM entries WHERE id = $1`, id).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return !at.Equal(past.Add(-time.Hour))
	}
	inUse := func(mid int64) bool {
		t.Helper()
		uses, err := st.MediaUsage(ctx, mid)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(uses, func(u store.MediaUse) bool { return u.EntryID == id && u.Lang == "ru" && u.Shown })
	}

	// Changes to the Russian text wait in its working copy, and so does
	// the Russian photo chosen with them.
	setBack()
	saved := edit(func(d *content.Draft) {
		retitle("ru", "Копии и снимки, правка")(d)
		d.LangImages = map[string]int64{"ru": first}
	})
	if !slices.Equal(saved.Working, []string{"ru"}) || saved.SharedChanged || len(saved.ImagesLive) != 0 {
		t.Errorf("saving the changes: working %v, shared changed %v, images live %v", saved.Working, saved.SharedChanged, saved.ImagesLive)
	}
	shows("changes saved", "ru", shared, "Копии и снимки")
	shows("changes saved", "en", shared, "Copies and photos")
	if moved() {
		t.Error("changes saved: the public date moved")
	}
	d, _, err := st.EntryForEdit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.LangImages["ru"] != first || d.LiveImages["ru"] != 0 {
		t.Errorf("the form holds %v, live %v", d.LangImages, d.LiveImages)
	}
	if !inUse(first) {
		t.Error("the photo only the working copy shows is not in use")
	}
	if err := st.DeleteMedia(ctx, first, store.AuditEntry{Action: "media.delete"}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("deleting the photo only the working copy shows: %v", err)
	}

	// "Publish changes": the text and its photo go live together.
	setBack()
	saved = edit(func(d *content.Draft) {
		tx := d.Texts["ru"]
		tx.Publish = true
		d.Texts["ru"] = tx
	})
	if !slices.Equal(saved.WentLive, []string{"ru"}) {
		t.Errorf("publishing the changes: went live %v", saved.WentLive)
	}
	shows("changes published", "ru", first, "Копии и снимки, правка")
	if !moved() {
		t.Error("changes published: the public date stayed")
	}

	// Changes at a time: the photo waits for it too, and the revision
	// keeps the copy's choice and the live one.
	saved = edit(func(d *content.Draft) {
		retitle("ru", "Копии и снимки, к сроку")(d)
		tx := d.Texts["ru"]
		tx.PublishAt = time.Now().Add(time.Hour).Truncate(time.Minute)
		d.Texts["ru"] = tx
		d.LangImages["ru"] = second
	})
	shows("changes scheduled", "ru", first, "Копии и снимки, правка")
	rev, err := st.RevisionAt(ctx, id, saved.Version)
	if err != nil {
		t.Fatal(err)
	}
	if rev.Draft.LangImages["ru"] != second || rev.Draft.LiveImages["ru"] != first {
		t.Errorf("the revision holds %v, live %v", rev.Draft.LangImages, rev.Draft.LiveImages)
	}
	setBack()
	if _, err := pool.Exec(ctx, `UPDATE translation_drafts SET publish_at = now() - interval '1 second' WHERE entry_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if n, err := st.PublishDue(ctx); err != nil || n != 1 {
		t.Fatalf("due changes: %d, %v", n, err)
	}
	shows("at their time", "ru", second, "Копии и снимки, к сроку")
	if !moved() {
		t.Error("at their time: the public date stayed")
	}

	// Changes given up (the live text and image put back): the copy's
	// photo never shows, and is free to delete.
	edit(func(d *content.Draft) {
		retitle("ru", "Копии и снимки, передумали")(d)
		d.LangImages["ru"] = first
	})
	shows("changes saved again", "ru", second, "Копии и снимки, к сроку")
	saved = edit(func(d *content.Draft) {
		tx := d.Texts["ru"]
		live := d.Live["ru"]
		tx.Title, tx.Slug, tx.Summary, tx.Body = live.Title, live.Slug, live.Summary, live.Body
		d.Texts["ru"] = tx
		d.LangImages["ru"] = d.LiveImages["ru"]
	})
	if !slices.Equal(saved.Dropped, []string{"ru"}) {
		t.Errorf("giving the changes up: dropped %v", saved.Dropped)
	}
	shows("changes given up", "ru", second, "Копии и снимки, к сроку")
	if inUse(first) {
		t.Error("the photo of the changes given up is still in use")
	}
	if err := st.DeleteMedia(ctx, first, store.AuditEntry{Action: "media.delete"}); err != nil {
		t.Errorf("deleting the photo of the changes given up: %v", err)
	}

	// A language without a working copy: its photo is live on save.
	setBack()
	saved = edit(func(d *content.Draft) { d.LangImages["en"] = second })
	if len(saved.Working) != 0 || saved.SharedChanged || !slices.Equal(saved.ImagesLive, []string{"en"}) {
		t.Errorf("the English photo: working %v, shared changed %v, images live %v", saved.Working, saved.SharedChanged, saved.ImagesLive)
	}
	shows("English photo", "en", second, "Copies and photos")
	if !moved() {
		t.Error("English photo: the public date stayed")
	}

	// A draft language's photo changes where nobody sees it: not live.
	edit(func(d *content.Draft) {
		tx := d.Texts["ru"]
		tx.Status = content.StatusDraft
		d.Texts["ru"] = tx
	})
	saved = edit(func(d *content.Draft) { d.LangImages["ru"] = shared })
	if len(saved.ImagesLive) != 0 {
		t.Errorf("a draft language's photo counts as live: %v", saved.ImagesLive)
	}
	edit(func(d *content.Draft) {
		tx := d.Texts["ru"]
		tx.Status = content.StatusPublished
		d.Texts["ru"] = tx
		d.LangImages["ru"] = second
	})
	shows("Russian back", "ru", second, "Копии и снимки, к сроку")

	// A translator's changes, back to the shared image: live when an
	// editor approves them.
	translator, err := st.CreateUser(ctx, "translator@example.org", "Translator", store.RoleTranslator, "x", "en")
	if err != nil {
		t.Fatal(err)
	}
	edit(func(d *content.Draft) {
		retitle("ru", "Копии и снимки, перевод")(d)
		delete(d.LangImages, "ru")
	})
	shows("changes for review", "ru", second, "Копии и снимки, к сроку")
	if err := st.Submit(ctx, id, []string{"ru"}, translator.ID, store.AuditEntry{Action: "entry.submit"}); err != nil {
		t.Fatal(err)
	}
	setBack()
	// Approving what was read before a save since is refused, the text
	// still waiting; approving what is there now goes.
	now, _, err := st.EntryForEdit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ApproveReview(ctx, id, "ru", now.Version-1, store.AuditEntry{Action: "entry.approve"}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("approving an earlier version: %v", err)
	}
	if err := st.ApproveReview(ctx, id, "ru", now.Version, store.AuditEntry{Action: "entry.approve"}); err != nil {
		t.Fatal(err)
	}
	shows("changes approved", "ru", shared, "Копии и снимки, перевод")
	if !moved() {
		t.Error("changes approved: the public date stayed")
	}
}
