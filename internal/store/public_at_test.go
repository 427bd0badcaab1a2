package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestPublicAt: entries.public_at, the date public pages and the sitemap
// index give an entry, moves when a write changes what visitors see of it
// — a live text, a text going live or leaving, the lead image (shared, or
// a live language's own), a live
// issue's period, articles and editions — and only then: not for a working
// copy, a text nobody sees yet (an article's too: one added with its
// texts held back or in a language not live, moved or dropped), a
// rendering again or the bookkeeping of translations. Each case starts from a public_at long ago and says
// whether its write moved it.
func TestPublicAt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	past := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	pdf, err := st.PutMedia(ctx, "issue.pdf", "application/pdf", []byte("%PDF-1.4 public_at"))
	if err != nil {
		t.Fatal(err)
	}
	// An issue live in English only: its Russian text is a draft.
	issue, err := st.CreateNewsletter(ctx, store.NewNewsletter{
		NewEntry: store.NewEntry{Kind: content.KindNewsletter, Status: content.StatusPublished, PublishedAt: past,
			Translations: []content.Translation{tr("en", "Public date issue"), tr("ru", "Выпуск о датах")}},
		Period: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		Articles: []store.NewArticle{
			{Title: map[string]string{"en": "First article", "ru": "Первая статья"}, BodyMD: map[string]string{"en": "a", "ru": "а"}, BodyHTML: map[string]string{"en": "<p>a</p>", "ru": "<p>а</p>"}},
			{Title: map[string]string{"en": "Second article"}, BodyMD: map[string]string{"en": "b"}, BodyHTML: map[string]string{"en": "<p>b</p>"}},
		},
		Editions: map[string]int64{"en": pdf.ID},
	})
	if err != nil {
		t.Fatal(err)
	}
	var at time.Time
	if err := pool.QueryRow(ctx, `SELECT public_at FROM entries WHERE id = $1`, issue).Scan(&at); err != nil || !at.Equal(past) {
		t.Fatalf("created as published on %v: public_at %v (%v)", past, at, err)
	}
	if _, err := pool.Exec(ctx, `UPDATE translations SET status = 'draft' WHERE entry_id = $1 AND lang = 'ru'`, issue); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name  string
		sql   string
		moves bool
	}{
		{"a working copy saved", `WITH w AS (INSERT INTO translation_drafts (entry_id, lang, title, slug, body_md, body_html)
			VALUES ($1, 'en', 'Held back', 'held-back', 'x', '<p>x</p>') RETURNING entry_id)
			UPDATE entries SET version = version + 1, updated_at = now() WHERE id IN (SELECT entry_id FROM w)`, false},
		{"the working copy dropped", `DELETE FROM translation_drafts WHERE entry_id = $1`, false},
		{"a draft text edited", `UPDATE translations SET title = 'Черновик', body_md = 'новый' WHERE entry_id = $1 AND lang = 'ru'`, false},
		{"a live text rendered again", `UPDATE translations SET body_html = body_html || ' ' WHERE entry_id = $1 AND lang = 'en'`, false},
		{"a live text's bookkeeping", `UPDATE translations SET synced = '{"ru": 7}', revision = revision + 1, outdated_since = now() WHERE entry_id = $1 AND lang = 'en'`, false},
		{"a draft text's article edited", `UPDATE newsletter_article_translations m SET title = 'Другая' FROM newsletter_articles a
			WHERE a.id = m.article_id AND a.entry_id = $1 AND m.lang = 'ru'`, false},
		{"the mailing box ticked", `UPDATE newsletter_issues SET send_on_publish = true WHERE entry_id = $1`, false},
		{"the same period saved", `UPDATE newsletter_issues SET period = period WHERE entry_id = $1`, false},
		{"a text scheduled", `UPDATE translations SET status = 'published', published_at = now() + interval '1 day' WHERE entry_id = $1 AND lang = 'ru'`, false},
		{"a text back to draft before its time", `UPDATE translations SET status = 'draft' WHERE entry_id = $1 AND lang = 'ru'`, false},

		{"a live text edited", `UPDATE translations SET body_md = body_md || ' more', updated_at = now() WHERE entry_id = $1 AND lang = 'en'`, true},
		{"a live text's publication date", `UPDATE translations SET published_at = published_at - interval '1 day' WHERE entry_id = $1 AND lang = 'en'`, true},
		{"a text going live", `UPDATE translations SET status = 'published', published_at = now() WHERE entry_id = $1 AND lang = 'ru'`, true},
		{"a live article edited", `UPDATE newsletter_article_translations m SET body_md = 'new', body_html = '<p>new</p>' FROM newsletter_articles a
			WHERE a.id = m.article_id AND a.entry_id = $1 AND m.lang = 'en' AND a.position = 1`, true},
		{"articles reordered", `UPDATE newsletter_articles SET position = 3 - position WHERE entry_id = $1`, true},
		{"an article added, its text held back", `WITH a AS (INSERT INTO newsletter_articles (entry_id, position) VALUES ($1, 3) RETURNING id)
			INSERT INTO newsletter_article_drafts (article_id, lang, title, body_md, body_html) SELECT id, 'en', 'Held', 'x', '<p>x</p>' FROM a`, false},
		{"an article added in a language not live", `WITH a AS (INSERT INTO newsletter_articles (entry_id, position) VALUES ($1, 4) RETURNING id)
			INSERT INTO newsletter_article_translations (article_id, lang, title) SELECT id, 'tk', 'Makala' FROM a`, false},
		{"articles not shown moved", `UPDATE newsletter_articles SET position = position + 2 WHERE entry_id = $1 AND position > 2`, false},
		{"articles not shown dropped", `DELETE FROM newsletter_articles WHERE entry_id = $1 AND position > 2`, false},
		{"an article added", `WITH a AS (INSERT INTO newsletter_articles (entry_id, position) VALUES ($1, 3) RETURNING id)
			INSERT INTO newsletter_article_translations (article_id, lang, title) SELECT id, 'en', 'Third' FROM a`, true},
		{"an article dropped", `DELETE FROM newsletter_articles WHERE entry_id = $1 AND position = 3`, true},
		{"the period changed", `UPDATE newsletter_issues SET period = '2025-04-01' WHERE entry_id = $1`, true},
		{"an edition added", `INSERT INTO newsletter_editions (entry_id, lang, media_id) SELECT $1, 'ru', media_id FROM newsletter_editions WHERE entry_id = $1`, true},
		{"an edition dropped", `DELETE FROM newsletter_editions WHERE entry_id = $1 AND lang = 'ru'`, true},
		{"a lead image", `UPDATE entries SET lead_image_id = (SELECT min(id) FROM media) WHERE id = $1`, true},
		{"a live language's own lead image", `UPDATE translations SET lead_image_id = (SELECT min(id) FROM media) WHERE entry_id = $1 AND lang = 'en'`, true},
		{"the same own lead image saved", `UPDATE translations SET lead_image_id = lead_image_id WHERE entry_id = $1 AND lang = 'en'`, false},
		{"a live language back to the shared image", `UPDATE translations SET lead_image_id = NULL WHERE entry_id = $1 AND lang = 'en'`, true},
		{"a live text deleted", `DELETE FROM translations WHERE entry_id = $1 AND lang = 'ru'`, true},
		{"a text taken down", `UPDATE translations SET status = 'unpublished' WHERE entry_id = $1 AND lang = 'en'`, true},
		{"a text not live edited", `UPDATE translations SET title = 'Taken down, then edited' WHERE entry_id = $1 AND lang = 'en'`, false},
	} {
		if _, err := pool.Exec(ctx, `UPDATE entries SET public_at = $2 WHERE id = $1`, issue, past); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, c.sql, issue); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := pool.QueryRow(ctx, `SELECT public_at FROM entries WHERE id = $1`, issue).Scan(&at); err != nil {
			t.Fatal(err)
		}
		if moved := !at.Equal(past); moved != c.moves {
			t.Errorf("%s: public_at moved %v, want %v (%v)", c.name, moved, c.moves, at)
		}
	}
}

// TestPublicAtOfOlderRows: a row written before public_at existed has none
// (adding the column rewrites nothing) and its updated_at stands for it;
// its first update keeps that date before the save moves updated_at.
func TestPublicAtOfOlderRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	past := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: past,
		Translations: []content.Translation{tr("en", "Written before public dates")}})
	if err != nil {
		t.Fatal(err)
	}
	edited := past.Add(48 * time.Hour)
	// As the migration left it (the trigger would keep the old date).
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `ALTER TABLE entries DISABLE TRIGGER entries_public_at`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `UPDATE entries SET public_at = NULL, updated_at = $2 WHERE id = $1`, id, edited); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `ALTER TABLE entries ENABLE TRIGGER entries_public_at`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	it, _, err := st.ItemBySlug(ctx, "en", content.KindNews, content.Slugify("en", "Written before public dates"))
	if err != nil {
		t.Fatal(err)
	}
	if !it.PublicAt.Equal(edited) {
		t.Errorf("an older row's public date: %v, want its updated_at %v", it.PublicAt, edited)
	}
	// A save held back in a working copy moves updated_at only.
	if _, err := pool.Exec(ctx, `UPDATE entries SET version = version + 1, updated_at = now() WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	var at time.Time
	if err := pool.QueryRow(ctx, `SELECT public_at FROM entries WHERE id = $1`, id).Scan(&at); err != nil || !at.Equal(edited) {
		t.Errorf("public_at after the first update: %v, want %v (%v)", at, edited, err)
	}
}

// TestPublicAtOfScheduledText: a text that goes live at its time writes
// nothing then, yet the pages of its entry's other languages change (their
// language links): an item's public date is never older than the newest
// visible text's publication.
func TestPublicAtOfScheduledText(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	past := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: past,
		Translations: []content.Translation{tr("en", "Scheduled sibling"), tr("ru", "Запланированный перевод")}})
	if err != nil {
		t.Fatal(err)
	}
	// Russian scheduled, and its time come since: public_at as it was then.
	wentLive := time.Now().Add(-time.Minute).Truncate(time.Microsecond)
	if _, err := pool.Exec(ctx, `UPDATE translations SET published_at = $2 WHERE entry_id = $1 AND lang = 'ru'`, id, wentLive); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE entries SET public_at = $2 WHERE id = $1`, id, past); err != nil {
		t.Fatal(err)
	}
	it, _, err := st.ItemBySlug(ctx, "en", content.KindNews, content.Slugify("en", "Scheduled sibling"))
	if err != nil {
		t.Fatal(err)
	}
	if !it.PublicAt.Equal(wentLive) {
		t.Errorf("the English item's public date %v, want the Russian text's going live %v", it.PublicAt, wentLive)
	}
	if len(it.Alternates) != 2 {
		t.Errorf("alternates %v", it.Alternates)
	}
}

// TestPhotoEditMovesPublicAt: a photo's texts, focal point, decorative
// flag and bytes are read when a page is rendered, so changing them
// changes every page that shows the photo. It emptied the cache and moved
// no page's date: browsers and crawlers revalidating were told 304 for a
// page whose HTML had changed. Now it moves public_at of each visible
// entry that shows the photo — as its lead image, as a figure in a live
// text or in an issue's article — and of none other: not an entry that
// only links to it, shows it only in a working copy or a draft, or
// shows another photo; and a save that changes nothing moves nothing.
func TestPhotoEditMovesPublicAt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	past := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	photo := func(name string) int64 {
		t.Helper()
		id, err := st.AddImage(ctx, name+".webp", "image/webp", []byte("pixels of "+name), 800, 600,
			store.ImageDetails{FocusX: .5, FocusY: .5, Texts: map[string]content.ImageText{"en": {Alt: "A dog", Caption: "At the shelter"}}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	dog, cat := photo("dog"), photo("cat")
	figure := func(id int64) string { return fmt.Sprintf("Before.\n\n![A photo](media:%d)\n\nAfter.", id) }
	entry := func(title string, status content.Status, lead int64, body string) int64 {
		t.Helper()
		text := tr("en", title)
		text.BodyMD = body
		id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: status, PublishedAt: past, LeadImageID: lead,
			Translations: []content.Translation{text}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	moves := map[int64]string{
		entry("Lead image", content.StatusPublished, dog, "b"):   "lead image",
		entry("Figure", content.StatusPublished, 0, figure(dog)): "figure in a live text",
	}
	stays := map[int64]string{
		entry("Other photo", content.StatusPublished, cat, figure(cat)):                            "another photo",
		entry("Draft", content.StatusDraft, dog, figure(dog)):                                      "a draft",
		entry("Link", content.StatusPublished, 0, fmt.Sprintf("See [the photo](/media/%d).", dog)): "a link",
		entry("Figure of id 1"+fmt.Sprint(dog), content.StatusPublished, 0, figure(dog*10+1)):      "a figure of a longer id",
	}
	own := entry("Own lead image", content.StatusPublished, cat, "b")
	if _, err := pool.Exec(ctx, `UPDATE translations SET lead_image_id = $2 WHERE entry_id = $1`, own, dog); err != nil {
		t.Fatal(err)
	}
	moves[own] = "a language's own lead image"
	copyOnly := entry("Working copy", content.StatusPublished, 0, "b")
	if _, err := pool.Exec(ctx, `INSERT INTO translation_drafts (entry_id, lang, title, slug, body_md, body_html)
		VALUES ($1, 'en', 'Working copy', 'working-copy', $2, '')`, copyOnly, figure(dog)); err != nil {
		t.Fatal(err)
	}
	stays[copyOnly] = "a working copy"
	issue, err := st.CreateNewsletter(ctx, store.NewNewsletter{
		NewEntry: store.NewEntry{Kind: content.KindNewsletter, Status: content.StatusPublished, PublishedAt: past,
			Translations: []content.Translation{tr("en", "Issue with a photo")}},
		Period:   time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		Articles: []store.NewArticle{{Title: map[string]string{"en": "Article"}, BodyMD: map[string]string{"en": figure(dog)}, BodyHTML: map[string]string{"en": ""}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	moves[issue] = "figure in an issue's article"

	edit := func(what string, d store.ImageDetails, want bool) {
		t.Helper()
		if _, err := pool.Exec(ctx, `UPDATE entries SET public_at = $1`, past); err != nil {
			t.Fatal(err)
		}
		if err := st.SetImageDetails(ctx, dog, d, store.AuditEntry{Action: "media.image"}); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		check := func(ids map[int64]string, want bool) {
			for id, use := range ids {
				var at time.Time
				if err := pool.QueryRow(ctx, `SELECT public_at FROM entries WHERE id = $1`, id).Scan(&at); err != nil {
					t.Fatal(err)
				}
				if moved := !at.Equal(past); moved != want {
					t.Errorf("%s: the public date of %s moved %v, want %v", what, use, moved, want)
				}
			}
		}
		check(moves, want)
		check(stays, false)
	}
	texts := func(alt, caption string) map[string]content.ImageText {
		return map[string]content.ImageText{"en": {Alt: alt, Caption: caption}, "ru": {}}
	}
	edit("the same details saved", store.ImageDetails{FocusX: .5, FocusY: .5, Texts: texts("A dog", "At the shelter")}, false)
	edit("the alt text", store.ImageDetails{FocusX: .5, FocusY: .5, Texts: texts("A sleeping dog", "At the shelter")}, true)
	edit("the caption", store.ImageDetails{FocusX: .5, FocusY: .5, Texts: texts("A sleeping dog", "")}, true)
	edit("the focal point", store.ImageDetails{FocusX: .2, FocusY: .5, Texts: texts("A sleeping dog", "")}, true)
	edit("made decorative", store.ImageDetails{FocusX: .2, FocusY: .5, Decorative: true, Texts: texts("A sleeping dog", "")}, true)
	edit("a text in another language", store.ImageDetails{FocusX: .2, FocusY: .5, Decorative: true,
		Texts: map[string]content.ImageText{"ru": {Alt: "Спящая собака"}}}, true)

	// A replaced file: its addresses on the pages change.
	if _, err := pool.Exec(ctx, `UPDATE entries SET public_at = $1`, past); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReplaceMedia(ctx, dog, store.MediaUpload{Filename: "dog2.webp", ContentType: "image/webp", Data: []byte("new pixels"), Width: 800, Height: 600},
		store.AuditEntry{Action: "media.replace"}); err != nil {
		t.Fatal(err)
	}
	for id, use := range moves {
		var at time.Time
		if err := pool.QueryRow(ctx, `SELECT public_at FROM entries WHERE id = $1`, id).Scan(&at); err != nil || at.Equal(past) {
			t.Errorf("the photo replaced: the public date of %s stayed (%v)", use, err)
		}
	}
}
