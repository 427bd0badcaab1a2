package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/demo"
	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// describedPhoto uploads a photo with an alt text in English and Russian.
func describedPhoto(t *testing.T, c *sitetest.Client, name string, shade uint8) int64 {
	t.Helper()
	id := sitetest.Uploaded(c, name+".png", sitetest.PNG(t, 64, 48, shade))
	if res := c.Post("/admin/media/"+strconv.FormatInt(id, 10), url.Values{"focus_x": {"50"}, "focus_y": {"50"},
		"alt.en": {name + " (en)"}, "alt.ru": {name + " (ru)"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("details of %s: %d", name, res.StatusCode)
	}
	return id
}

// TestLangImageRefused: a language's own lead image that is gone, is no
// photo, or belongs to a language without a text is told beside that
// language's picker, in the editor's language, with everything typed
// kept; nothing is saved, and nothing answers 500.
func TestLangImageRefused(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, u := e.Login("lang-image@example.org", "editor")
	if _, err := e.Pool.Exec(t.Context(), `UPDATE users SET lang = 'ru' WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	pdf := strconv.FormatInt(sitetest.Uploaded(c, "leaflet.pdf", demo.PDF("Leaflet", []string{"One line."})), 10)
	photo := strconv.FormatInt(describedPhoto(t, c, "desk", 90), 10)
	for _, c2 := range []struct {
		name, lang, id string
		noRussian      bool
		want           string
	}{
		{"gone", "ru", "987654321", false, "больше нет в медиатеке"},
		{"a PDF", "ru", pdf, false, "не снимок"},
		{"no Russian text", "ru", photo, true, "На этом языке нет текста"},
		{"gone, English", "en", "987654321", false, "больше нет в медиатеке"},
	} {
		f := sitetest.NewsForm("draft")
		f.Set("lead_image."+c2.lang, c2.id)
		if c2.noRussian {
			for _, field := range []string{"title.ru", "summary.ru", "body.ru"} {
				f.Set(field, "")
			}
		}
		d := sitetest.Expect(t, c2.name, c.Post("/admin/entries/new?kind=news", f), http.StatusUnprocessableEntity)
		msg := d.Find(`[data-lang-image="` + c2.lang + `"] .field-error`).Text()
		if !strings.Contains(msg, c2.want) {
			t.Errorf("%s: message beside the %s picker %q, want %q", c2.name, c2.lang, msg, c2.want)
		}
		if d.Find(`select[name="lead_image.`+c2.lang+`"]`).Length() != 1 {
			t.Errorf("%s: no picker for %s", c2.name, c2.lang)
		}
		if got := d.Find(`textarea[name="body.en"]`).Text(); got != strings.ReplaceAll(f.Get("body.en"), "\r\n", "\n") {
			t.Errorf("%s: the text came back as %q", c2.name, got)
		}
	}
	// Not a number: no choice, as an old form posts nothing.
	f := sitetest.NewsForm("draft")
	f.Set("lead_image.ru", "not-a-number")
	if res := c.Post("/admin/entries/new?kind=news", f); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a lead_image.ru that is no number: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE lead_image_id IS NOT NULL`); n != 0 {
		t.Errorf("%d texts saved with an own lead image", n)
	}
}

// TestLangImageWaitsWithChanges: a language's own lead image, chosen on
// a live entry together with changes to that language's text, waits with
// them in the working copy — the public page keeps its image and date,
// while the form and the preview show the choice — and goes live with
// them on "Save and publish changes", emptying the page cache and moving
// the entry's public date. "Put the live text back" puts the live image
// back too. Chosen without changes waiting, an image is on the page at
// once; the other language keeps the shared image.
func TestLangImageWaitsWithChanges(t *testing.T) {
	t.Parallel()
	e := sitetest.NewWith(t, sitetest.Options{Cache: pagecache.New(8 << 20)})
	c, _ := e.Login("lang-purge@example.org", "editor")
	shared, russian := describedPhoto(t, c, "shared", 40), describedPhoto(t, c, "russian", 200)
	form := sitetest.NewsForm("published")
	form.Set("lead_image", strconv.FormatInt(shared, 10))
	id := sitetest.CreateEntry(t, c, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	var ruSlug, enSlug string
	if err := e.Pool.QueryRow(t.Context(), `SELECT (SELECT slug FROM translations WHERE entry_id = $1 AND lang = 'ru'),
		(SELECT slug FROM translations WHERE entry_id = $1 AND lang = 'en')`, id).Scan(&ruSlug, &enSlug); err != nil {
		t.Fatal(err)
	}
	lead := func(lang, slug string) string {
		t.Helper()
		return sitetest.Attr(e.Doc("/"+lang+"/news/"+slug, http.StatusOK).Find(".entry > figure.image img"), "alt")
	}
	chosen := func(d *goquery.Document) string {
		t.Helper()
		v, _ := d.Find(`select[name="lead_image.ru"] option[selected]`).Attr("value")
		return v
	}
	// Cached, both languages show the shared image.
	for range 2 {
		if got := lead("ru", ruSlug); got != "shared (ru)" {
			t.Fatalf("Russian page before: %q", got)
		}
		if got := lead("en", enSlug); got != "shared (en)" {
			t.Fatalf("English page before: %q", got)
		}
	}
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	setBack := func() {
		t.Helper()
		if _, err := e.Pool.Exec(t.Context(), `UPDATE entries SET public_at = $2 WHERE id = $1`, id, past); err != nil {
			t.Fatal(err)
		}
	}
	moved := func() bool {
		t.Helper()
		var at time.Time
		if err := e.Pool.QueryRow(t.Context(), `SELECT public_at FROM entries WHERE id = $1`, id).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return !at.Equal(past)
	}

	// The Russian text's changes are held in its working copy, and the
	// Russian image chosen with them waits there too.
	setBack()
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Заголовок ещё не опубликован")
	f.Set("lead_image.ru", strconv.FormatInt(russian, 10))
	f.Set("action", "save")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	ru := e.Doc("/ru/news/"+ruSlug, http.StatusOK)
	if got := sitetest.Attr(ru.Find(".entry > figure.image img"), "alt"); got != "shared (ru)" {
		t.Errorf("Russian page with the changes waiting: %q", got)
	}
	if strings.Contains(ru.Find("h1").Text(), "ещё не опубликован") {
		t.Error("the held Russian title went live")
	}
	if moved() {
		t.Error("the public date moved for changes that wait")
	}
	// The edit form and the preview show the changes with their image.
	d := c.Page(path, http.StatusOK)
	if v := chosen(d); v != strconv.FormatInt(russian, 10) {
		t.Errorf("the form shows the Russian image as %q", v)
	}
	if got := d.Find(".pending-changes").Text(); !strings.Contains(got, "russian.png") {
		t.Errorf("the unpublished changes do not name the Russian image: %q", got)
	}
	pv := c.Page(path+"/preview/ru", http.StatusOK)
	if got := sitetest.Attr(pv.Find(".entry > figure.image img"), "alt"); got != "russian (ru)" {
		t.Errorf("the preview of the changes shows %q", got)
	}
	if !strings.Contains(pv.Find("h1").Text(), "ещё не опубликован") {
		t.Errorf("the preview shows the title %q", pv.Find("h1").Text())
	}

	// "Save and publish changes": the text and its image go live.
	setBack()
	gen := e.Cache.Generation()
	f = sitetest.FormOf(d, "#entry-form")
	f.Set("action", "publish")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish changes: %d", res.StatusCode)
	}
	if e.Cache.Generation() == gen {
		t.Error("publishing the changes did not purge the cache")
	}
	if !moved() {
		t.Error("publishing the changes with a new image left the public date")
	}
	ru = e.Doc("/ru/news/"+ruSlug, http.StatusOK)
	if got := sitetest.Attr(ru.Find(".entry > figure.image img"), "alt"); got != "russian (ru)" {
		t.Errorf("Russian page after publishing: %q", got)
	}
	if !strings.Contains(ru.Find("h1").Text(), "ещё не опубликован") {
		t.Errorf("Russian title after publishing: %q", ru.Find("h1").Text())
	}
	if got := lead("en", enSlug); got != "shared (en)" {
		t.Errorf("English page after: %q", got)
	}

	// New changes back to the shared image, then the live text put
	// back: the form shows the live image, and saving it changes
	// nothing the public sees.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Передумаем")
	f.Set("lead_image.ru", "0")
	f.Set("action", "save")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save again: %d", res.StatusCode)
	}
	if got := lead("ru", ruSlug); got != "russian (ru)" {
		t.Errorf("Russian page with the shared image waiting: %q", got)
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("action", "discard.ru")
	back := sitetest.Expect(t, "put the live text back", c.Post(path, f), http.StatusOK)
	if v := chosen(back); v != strconv.FormatInt(russian, 10) {
		t.Errorf("the live text put back shows the Russian image as %q", v)
	}
	f = sitetest.FormOf(back, "#entry-form")
	f.Set("action", "save")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the live text: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d working copies after the live text was put back", n)
	}
	if got := lead("ru", ruSlug); got != "russian (ru)" {
		t.Errorf("Russian page after the changes were given up: %q", got)
	}
	d = c.Page(path, http.StatusOK)

	// No changes waiting: back to the shared image at once.
	setBack()
	gen = e.Cache.Generation()
	f = sitetest.FormOf(d, "#entry-form")
	f.Set("lead_image.ru", "0")
	f.Set("action", "save")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if e.Cache.Generation() == gen {
		t.Error("going back to the shared image did not purge the cache")
	}
	if !moved() {
		t.Error("going back to the shared image left the public date")
	}
	if got := lead("ru", ruSlug); got != "shared (ru)" {
		t.Errorf("Russian page back: %q", got)
	}

	// The revision that chose it compares and restores it.
	var version int
	if err := e.Pool.QueryRow(t.Context(), `SELECT max(version) FROM revisions WHERE entry_id = $1 AND snapshot ? 'LangImages'`, id).Scan(&version); err != nil {
		t.Fatal(err)
	}
	rev := path + "/revisions/" + strconv.Itoa(version)
	if !strings.Contains(c.Page(rev, http.StatusOK).Text(), "russian.png") {
		t.Error("the revision's comparison does not name the Russian image")
	}
	if res := c.Post(rev+"/restore", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	if got := lead("ru", ruSlug); got != "russian (ru)" {
		t.Errorf("Russian page restored: %q", got)
	}
}

// TestTranslatorGivesUpCopyImageStays: a translator who types the live
// Russian text back gives the working copy up, and with it the Russian
// image an editor chose there; the image does not go live by their save
// (it went live beside the old text: the store, finding no copy left to
// hold it, put the copy's choice live).
func TestTranslatorGivesUpCopyImageStays(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	shared, russian := describedPhoto(t, ed, "shared", 40), describedPhoto(t, ed, "russian", 200)
	form := sitetest.NewsForm("published")
	form.Set("lead_image", strconv.FormatInt(shared, 10))
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	liveTitle := form.Get("title.ru")

	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Заголовок ещё не опубликован")
	f.Set("lead_image.ru", strconv.FormatInt(russian, 10))
	f.Set("action", "save")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor's save: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1 AND lang = 'ru' AND lead_image_id = $2`, id, russian); n != 1 {
		t.Fatal("the Russian image does not wait in the working copy")
	}

	f = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", liveTitle)
	f.Set("action", "save")
	if res := tr.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("translator's save: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1 AND lang = 'ru'`, id); n != 0 {
		t.Fatal("typing the live text back did not give the working copy up")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND lang = 'ru' AND lead_image_id IS NOT NULL`, id); n != 0 {
		t.Error("the Russian image chosen in the working copy went live by the translator's save")
	}
}

// TestTranslatorSaveKeepsIssueCopyImage: an issue's Russian cover chosen
// by an editor waits with the Russian articles' changes (a working copy
// whose own text is the live one); a translator who then saves their
// Russian articles leaves it waiting. (The translator's form took the
// live text, unchanged, for the live text typed back and put the live
// cover in the copy's place: the editor's choice was lost.)
func TestTranslatorSaveKeepsIssueCopyImage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	id, path := latestIssue(t, e)
	russian := describedPhoto(t, ed, "russian cover", 200)

	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("article.0.title.ru", "Заголовок статьи ещё не опубликован")
	f.Set("lead_image.ru", strconv.FormatInt(russian, 10))
	f.Set("action", "save")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor's save: %d", res.StatusCode)
	}
	waits := `SELECT count(*) FROM translation_drafts WHERE entry_id = $1 AND lang = 'ru' AND lead_image_id = $2`
	if n := sitetest.Count(e, waits, id, russian); n != 1 {
		t.Fatal("the Russian cover does not wait in the working copy")
	}

	f = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("article.0.body.ru", "Перевод статьи, поправленный переводчиком.")
	f.Set("action", "save")
	if res := tr.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("translator's save: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, waits, id, russian); n != 1 {
		t.Error("the translator's save dropped the Russian cover the editor chose to go live with the changes")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND lang = 'ru' AND lead_image_id = $2`, id, russian); n != 0 {
		t.Error("the Russian cover went live by the translator's save")
	}
}
