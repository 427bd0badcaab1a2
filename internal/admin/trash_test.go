package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/sitetest"
)

// TestTrashAndRestore: deleting an entry takes it off the site in every
// language and out of the lists into the trash; restoring brings it back
// to the lists, unpublished until an editor publishes it.
func TestTrashAndRestore(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	sid := strconv.FormatInt(id, 10)
	path := "/admin/entries/" + sid
	e.Doc(enPath, http.StatusOK)
	if c.Page(path, http.StatusOK).Find(`form[action="`+path+`/trash"][data-confirm]`).Length() != 1 {
		t.Fatal("no delete that asks first")
	}
	if res := c.Post(path+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	// Trash and restore are revisions, as saves are: the entry's version
	// is its newest revision's, which holds the entry as it stands.
	agree := func(what, note string) {
		t.Helper()
		v := sitetest.Count(e, `SELECT version FROM entries WHERE id = $1`, id)
		if newest := sitetest.Count(e, `SELECT max(version) FROM revisions WHERE entry_id = $1`, id); newest != v {
			t.Errorf("after %s: version %d, newest revision %d", what, v, newest)
		}
		revs := c.Page(path+"/revisions", http.StatusOK)
		if got := revs.Find("tbody tr").First().Text(); !strings.Contains(got, note) {
			t.Errorf("after %s, the newest revision: %q", what, got)
		}
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		c.Post(path, f)
		if got := c.Page(path, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "Nothing to save") {
			t.Errorf("after %s, saving the form unchanged: %q", what, got)
		}
	}
	agree("trash", "moved to the trash")
	for _, p := range []string{enPath, ruPath} {
		if res := e.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s after deleting: %d", p, res.StatusCode)
		}
	}
	listed := func(page string) bool {
		return c.Page(page, http.StatusOK).Find(`a[href="`+path+`"]`).Length() > 0
	}
	if listed("/admin/entries?kind=news") || !listed("/admin/trash") {
		t.Error("not moved from the list to the trash")
	}
	if !strings.Contains(c.Page(path, http.StatusOK).Find(".trash-notice").Text(), "in the trash") {
		t.Error("the entry page does not say it is in the trash")
	}
	// In the trash it can be edited, not published: the form says to
	// restore it first and keeps what was typed.
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	sitetest.SetEach(f, "status", "published")
	f.Set("title.en", "Typed while in the trash")
	f.Set("action", "save")
	d := sitetest.Expect(t, "publishing from the trash", c.Post(path, f), http.StatusUnprocessableEntity)
	if !strings.Contains(d.Find(".form-error").Text(), "restore it first") ||
		sitetest.Attr(d.Find(`input[name="title.en"]`), "value") != "Typed while in the trash" {
		t.Error("publishing from the trash: no message, or the typed text is lost")
	}
	if res := e.Get(enPath); res.StatusCode != http.StatusNotFound {
		t.Errorf("a trashed entry went public: %d", res.StatusCode)
	}
	if res := c.Post(path+"/untrash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	agree("restore", "restored from the trash")
	if !listed("/admin/entries?kind=news") || listed("/admin/trash") {
		t.Error("not back in the list")
	}
	if res := e.Get(enPath); res.StatusCode != http.StatusNotFound {
		t.Errorf("restored entry public before it is published again: %d", res.StatusCode)
	}
	// A second click finds nothing to restore, and says nothing was.
	res := c.Post(path+"/untrash", url.Values{})
	if d := sitetest.ParseDoc(t, res); res.StatusCode != http.StatusNotFound || strings.Contains(d.Text(), "estored") {
		t.Errorf("restoring again: %d, %q", res.StatusCode, d.Find(".flash").Text())
	}
	if got := c.Page(path, http.StatusOK).Find(".flash").Text(); got != "" {
		t.Errorf("after a refused restore the page says %q", got)
	}
	// The newest revision is the current one.
	revs := c.Page(path+"/revisions", http.StatusOK)
	if revs.Find("span.status.published").Length() != 1 || !strings.Contains(revs.Find("tbody tr").First().Text(), "Current") && !strings.Contains(revs.Find("tbody tr").First().Text(), "current") {
		t.Errorf("revisions after trash and restore: %q", revs.Find("tbody").Text())
	}
	for _, action := range []string{"entry.trash", "entry.untrash"} {
		if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = $2`, id, action); n != 1 {
			t.Errorf("%d %s audit lines", n, action)
		}
	}
}

// TestSlugHeldByTrash: a new entry that wants the slug of one in the
// trash is told where that slug is.
func TestSlugHeldByTrash(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("slug@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	if res := c.Post(path+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	form := sitetest.NewsForm("draft")
	form.Set("slug.en", "hotline-trainers-meet-in-mary") // typed: one left to the title would get a free one
	res := c.Post("/admin/entries/new?kind=news", form)
	d := sitetest.Expect(t, "a slug held by the trash", res, http.StatusConflict)
	if msg := d.Find(".field-error").Text(); !strings.Contains(msg, "in the trash") {
		t.Errorf("message %q", msg)
	}
}

// TestRestoreSaysWhatItDid: restoring from the trash, and then Publish
// again, name the languages they concern: a language that was live goes
// back on the site, one scheduled is scheduled again (with its time), a
// draft stays a draft and is named as one — not "every language".
func TestRestoreSaysWhatItDid(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, u := e.Login("ed@example.org", "editor")
	form := sitetest.NewsForm("published")
	form.Set("status.ru", "draft")
	id := sitetest.CreateEntry(t, c, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	e.Doc(enPath, http.StatusOK)
	flash := func() string { return c.Page(path, http.StatusOK).Find(".flash").Text() }

	if res := c.Post(path+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	if res := c.Post(path+"/untrash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	page := c.Page(path, http.StatusOK)
	if got := page.Find(".flash").Text(); !strings.Contains(got, "It stays off the site") ||
		!strings.Contains(got, "puts these languages back on the site: English.") ||
		!strings.Contains(got, "Still drafts, not published: Russian.") || strings.Contains(got, "every language") {
		t.Errorf("after restoring: %q", got)
	}
	// Nothing went back on the site, so the message links no page (Publish
	// again links what it puts back).
	if got := flashLinks(page); len(got) != 0 {
		t.Errorf("after restoring, the message links %q", got)
	}
	again := page.Find(`form[action="` + path + `/publish"]`)
	if got := strings.TrimSpace(again.Find("button").Text()); got != "Publish again: English" {
		t.Errorf("the Publish again button says %q", got)
	}
	fields := url.Values{"version": {sitetest.Attr(again.Find(`input[name=version]`), "value")}}
	if res := c.Post(path+"/publish", fields); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish again: %d", res.StatusCode)
	}
	// (and the page put back, linked: tested in flash_links_test.go)
	if got := flash(); got != "Back on the site: English. Still drafts, not published: Russian. View on the site: English." {
		t.Errorf("after Publish again: %q", got)
	}
	if e.Get(enPath).StatusCode != http.StatusOK || e.Get(ruPath).StatusCode != http.StatusNotFound {
		t.Error("Publish again did not put back English alone")
	}
	// Nothing left to put back: said so, not "published".
	fields.Set("version", strconv.Itoa(sitetest.Count(e, `SELECT version FROM entries WHERE id = $1`, id)))
	c.Post(path+"/publish", fields)
	if got := flash(); got != "Nothing was published: no language had been taken off the site." {
		t.Errorf("Publish again with nothing to put back: %q", got)
	}

	// A language scheduled when it went to the trash is scheduled again,
	// with its time; in Russian, as the Russian admin says it.
	if _, err := e.Pool.Exec(t.Context(), `UPDATE users SET lang = 'ru' WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	later := sitetest.NewsForm("published")
	later.Set("title.en", "Scheduled before the trash")
	later.Set("title.ru", "Запланировано до корзины")
	at := time.Now().AddDate(1, 0, 0).Truncate(time.Minute)
	sitetest.SetEach(later, "publish_at", at.In(time.UTC).Format("2006-01-02T15:04"))
	sid := sitetest.CreateEntry(t, c, "news", later)
	spath := "/admin/entries/" + strconv.FormatInt(sid, 10)
	c.Post(spath+"/trash", url.Values{})
	c.Post(spath+"/untrash", url.Values{})
	if got := c.Page(spath, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "вернёт на сайт эти языки: английский, русский.") ||
		strings.Contains(got, "черновик") {
		t.Errorf("after restoring, in Russian: %q", got)
	}
	c.Post(spath+"/publish", url.Values{"version": {strconv.Itoa(sitetest.Count(e, `SELECT version FROM entries WHERE id = $1`, sid))}})
	got := c.Page(spath, http.StatusOK).Find(".flash").Text()
	if !strings.Contains(got, "Текст на английском будет опубликован автоматически") || !strings.Contains(got, "Текст на русском будет опубликован автоматически") ||
		strings.Contains(got, "Снова на сайте") {
		t.Errorf("Publish again of a scheduled entry, in Russian: %q", got)
	}
}
