package admin_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/sitetest"
)

const (
	enPath = "/en/news/hotline-trainers-meet-in-mary"
	ruPath = "/ru/news/konsultanty-goryachey-linii-vstretilis-v-mary"
	ruWord = "Консультанты"
)

// body is a public response's body as text.
func body(t *testing.T, e *sitetest.Env, path string) string {
	t.Helper()
	res := e.Get(path)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sitemaps is every sitemap file of the site, joined.
func sitemaps(t *testing.T, e *sitetest.Env) string {
	t.Helper()
	var all strings.Builder
	for _, m := range regexp.MustCompile(`<loc>[^<]*(/sitemaps/[^<]+)</loc>`).FindAllStringSubmatch(body(t, e, "/sitemap.xml"), -1) {
		all.WriteString(body(t, e, m[1]))
	}
	return all.String()
}

// TestLanguagePublishedOnItsOwn: an entry can be live in English while its
// Russian text is still a draft; every public view follows the Russian
// text's own state, then its schedule.
func TestLanguagePublishedOnItsOwn(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	form := sitetest.NewsForm("published")
	form.Set("status.ru", "draft")
	id := sitetest.CreateEntry(t, c, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)

	en := e.Doc(enPath, http.StatusOK)
	if _, ok := en.Find(`link[rel=alternate][hreflang=ru]`).Attr("href"); ok {
		t.Error("hreflang names the Russian draft")
	}
	if href, _ := url.QueryUnescape(en.Find(`header a[hreflang=ru]`).First().AttrOr("href", "")); !strings.Contains(href, "/ru/unavailable/") {
		t.Errorf("switcher leads to %q, not the untranslated page", href)
	}
	hidden := func(where string) {
		t.Helper()
		if res := e.Get(ruPath); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: Russian page %d", where, res.StatusCode)
		}
		for _, p := range []string{"/ru/", "/ru/news/", "/ru/news/rss.xml", "/ru/rss.xml", "/ru/search?q=" + url.QueryEscape(ruWord)} {
			if strings.Contains(body(t, e, p), "Консультанты горячей линии встретились") {
				t.Errorf("%s: %s shows the Russian draft", where, p)
			}
		}
		if strings.Contains(sitemaps(t, e), ruPath) {
			t.Errorf("%s: the sitemap lists the Russian draft", where)
		}
	}
	hidden("draft")
	if !strings.Contains(body(t, e, "/en/news/"), "Hotline trainers meet in Mary") || !strings.Contains(sitemaps(t, e), enPath) {
		t.Error("the English text is not listed")
	}
	d := c.Page(path, http.StatusOK)
	if got := d.Find(`#lang-ru [data-publication]`).Text(); got != "Draft" {
		t.Errorf("Russian state %q", got)
	}
	if got := d.Find(`#lang-en [data-publication]`).Text(); got != "Live on the site" {
		t.Errorf("English state %q", got)
	}

	// Scheduled: still hidden until its time.
	f := sitetest.FormOf(d, "#entry-form")
	f.Set("status.ru", "scheduled")
	f.Set("publish_at.ru", time.Now().Add(48*time.Hour).UTC().Format("2006-01-02T15:04"))
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d", res.StatusCode)
	}
	hidden("scheduled")
	if got := c.Page(path, http.StatusOK).Find(`#lang-ru [data-publication]`).Text(); !strings.HasPrefix(got, "Scheduled for ") {
		t.Errorf("Russian state %q", got)
	}
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translations SET published_at = now() - interval '1 minute'
		WHERE entry_id = $1 AND lang = 'ru'`, id); err != nil {
		t.Fatal(err)
	}
	e.Doc(ruPath, http.StatusOK)
	if href, _ := e.Doc(enPath, http.StatusOK).Find(`link[rel=alternate][hreflang=ru]`).Attr("href"); !strings.HasSuffix(href, ruPath) {
		t.Errorf("hreflang ru %q once live", href)
	}
	for _, p := range []string{"/ru/news/", "/ru/news/rss.xml", "/ru/rss.xml", "/ru/search?q=" + url.QueryEscape(ruWord)} {
		if !strings.Contains(body(t, e, p), "Консультанты горячей линии встретились") {
			t.Errorf("%s does not show the live Russian text", p)
		}
	}
	if !strings.Contains(sitemaps(t, e), ruPath) {
		t.Error("the sitemap does not list the live Russian text")
	}

	// Unpublishing one language leaves the other live.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("status.ru", "unpublished")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish ru: %d", res.StatusCode)
	}
	hidden("unpublished")
	e.Doc(enPath, http.StatusOK)
}

// TestWorkingCopyOfLivePage: saving a live text keeps the public page as
// it is; the editor works on, previews and diffs the working copy, the
// revision keeps both, and "Publish changes" puts it live.
func TestWorkingCopyOfLivePage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)

	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "First paragraph.\n\nA rewritten second paragraph about the new hotline hours.")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if got := e.Doc(enPath, http.StatusOK).Find(".body").Text(); strings.Contains(got, "rewritten") || !strings.Contains(got, "Bold") {
		t.Errorf("the live page changed on save: %q", got)
	}
	d := c.Page(path, http.StatusOK)
	if got := d.Find(".flash").Text(); !strings.Contains(got, "unpublished changes") {
		t.Errorf("flash %q", got)
	}
	if got := d.Find(`#lang-en [data-publication]`).Text(); got != "Live on the site, with unpublished changes" {
		t.Errorf("English state %q", got)
	}
	if got := d.Find(`#lang-ru [data-publication]`).Text(); got != "Live on the site" {
		t.Errorf("Russian state %q", got)
	}
	if got := d.Find(`textarea[name="body.en"]`).Text(); !strings.Contains(got, "rewritten") {
		t.Errorf("the form does not show the working copy: %q", got)
	}
	diff := d.Find("#lang-en .pending-changes")
	if !strings.Contains(diff.Find(".diff-new .add").Text(), "rewritten") || !strings.Contains(diff.Find(".diff-old .del").Text(), "**Bold** second paragraph") {
		t.Errorf("no diff of the unpublished changes: %q", diff.Text())
	}
	if d.Find(`button[name=action][value=publish]`).Length() != 1 {
		t.Error("no Publish changes button")
	}
	// Preview shows the working copy.
	f = sitetest.FormOf(d, "#entry-form")
	if got := sitetest.ParseDoc(t, c.Post("/admin/preview?lang=en", f)).Find(".body").Text(); !strings.Contains(got, "rewritten") {
		t.Errorf("preview: %q", got)
	}
	// The revision keeps the working copy and the live text.
	var working, live string
	if err := e.Pool.QueryRow(t.Context(), `SELECT snapshot #>> '{Texts,en,Body}', snapshot #>> '{Live,en,Body}'
		FROM revisions WHERE entry_id = $1 ORDER BY version DESC LIMIT 1`, id).Scan(&working, &live); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(working, "rewritten") || !strings.Contains(live, "**Bold**") {
		t.Errorf("revision keeps %q and %q", working, live)
	}
	// Saving the same form again changes nothing.
	c.Post(path, f)
	if got := c.Page(path, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "Nothing to save") {
		t.Errorf("unchanged save: %q", got)
	}
	// Publish changes: live now, and no working copy is left.
	if res := c.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if got := e.Doc(enPath, http.StatusOK).Find(".body").Text(); !strings.Contains(got, "rewritten") {
		t.Errorf("the published changes are not live: %q", got)
	}
	d = c.Page(path, http.StatusOK)
	if got := d.Find(`#lang-en [data-publication]`).Text(); got != "Live on the site" || d.Find(".pending-changes").Length() != 0 {
		t.Errorf("after publishing: %q, %d diffs", got, d.Find(".pending-changes").Length())
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d working copies left", n)
	}
	// A working copy typed back to the live text is no working copy.
	f = sitetest.FormOf(d, "#entry-form")
	live = f.Get("title.en")
	f.Set("title.en", "Hotline trainers meet in Mary again")
	c.Post(path, f)
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", live)
	c.Post(path, f)
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d working copies left after typing the live text back", n)
	}
	// A draft language is edited in place: it has no public text to keep.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("status.ru", "draft")
	f.Set("title.ru", "Новый заголовок черновика")
	c.Post(path, f)
	if got := c.Page(path, http.StatusOK).Find(`input[name="title.ru"]`).AttrOr("value", ""); got != "Новый заголовок черновика" {
		t.Errorf("draft title %q", got)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("a draft language got a working copy")
	}
}
