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

	"github.com/PuerkitoBio/goquery"

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
	if got := strings.TrimSpace(d.Find(".status-line").Text()); got != "Published, with unpublished changes" {
		t.Errorf("header %q", got)
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

// TestUnpublishKeepsWorkingCopy: taking down a page with unpublished
// changes takes down the text the public read; publishing it again puts
// that text back, and the changes still wait for "Publish changes".
func TestUnpublishKeepsWorkingCopy(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Hotline trainers meet in Mary again")
	f.Set("slug.en", "hotline-trainers-meet-again")
	f.Set("body.en", "A rewritten body that nobody has approved.")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	sitetest.EntryAction(t, c, path, "unpublish")
	if r := e.Get(enPath); r.StatusCode != http.StatusNotFound {
		t.Errorf("%s after unpublish: %d", enPath, r.StatusCode)
	}
	var title, body string
	if err := e.Pool.QueryRow(t.Context(), `SELECT title, body_md FROM translations WHERE entry_id = $1 AND lang = 'en'`, id).Scan(&title, &body); err != nil {
		t.Fatal(err)
	}
	if title != "Hotline trainers meet in Mary" || strings.Contains(body, "rewritten") {
		t.Errorf("unpublishing made the working copy the text: %q, %q", title, body)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1 AND lang = 'en'`, id); n != 1 {
		t.Errorf("%d working copies after unpublish, want 1", n)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM slug_history WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("unpublishing moved the address (%d old slugs)", n)
	}
	// Changes scheduled for a time go live only on a text that is live.
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translation_drafts SET publish_at = now() - interval '1 minute' WHERE entry_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.Schedule(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND lang = 'en' AND title = 'Hotline trainers meet in Mary'`, id); n != 1 {
		t.Error("scheduled changes went into a text taken down")
	}
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translation_drafts SET publish_at = NULL WHERE entry_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	sitetest.EntryAction(t, c, path, "publish")
	d := e.Doc(enPath, http.StatusOK)
	if got := d.Find("h1").Text(); got != "Hotline trainers meet in Mary" || strings.Contains(d.Find(".body").Text(), "rewritten") {
		t.Errorf("published again: %q, %q", got, d.Find(".body").Text())
	}
	e.Doc(ruPath, http.StatusOK)
	d = c.Page(path, http.StatusOK)
	if got := d.Find(`#lang-en [data-publication]`).Text(); got != "Live on the site, with unpublished changes" {
		t.Errorf("English state after publishing again: %q", got)
	}
	if got := d.Find(`textarea[name="body.en"]`).Text(); !strings.Contains(got, "rewritten") {
		t.Errorf("the working copy is gone from the form: %q", got)
	}
	// The changes still go live when asked.
	if res := c.Post(path, withAction(sitetest.FormOf(d, "#entry-form"), "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish changes: %d", res.StatusCode)
	}
	if got := e.Doc("/en/news/hotline-trainers-meet-again", http.StatusOK).Find(".body").Text(); !strings.Contains(got, "rewritten") {
		t.Errorf("the changes are not live: %q", got)
	}

	// Publish again leaves a draft language a draft; the list's bulk
	// Publish puts it live, and leaves a live language's waiting changes
	// as they are, HTML included.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "A second rewrite, waiting.")
	f.Set("status.ru", "draft")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	sitetest.EntryAction(t, c, path, "publish")
	if r := e.Get(ruPath); r.StatusCode != http.StatusNotFound {
		t.Errorf("Publish again put a draft language live: %d", r.StatusCode)
	}
	if res := c.Post("/admin/entries/bulk", url.Values{"do": {"publish"}, "id": {strconv.FormatInt(id, 10)}, "back": {"/admin/entries?kind=news"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk publish: %d", res.StatusCode)
	}
	var copyHTML string
	if err := e.Pool.QueryRow(t.Context(), `SELECT body_html FROM translation_drafts WHERE entry_id = $1 AND lang = 'en'`, id).Scan(&copyHTML); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(copyHTML, "second rewrite") {
		t.Errorf("the waiting changes' HTML is %q", copyHTML)
	}
	e.Doc(ruPath, http.StatusOK)
}

// TestScheduledChanges: a live language's changes can wait for a time:
// the page stays live and as it was until then, then the changes go live
// once (the schedule watcher's Schedule), keeping the article's date. A
// change whose new address was taken meanwhile waits for an editor.
func TestScheduledChanges(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	var liveAt time.Time
	if err := e.Pool.QueryRow(t.Context(), `SELECT published_at FROM translations WHERE entry_id = $1 AND lang = 'en'`, id).Scan(&liveAt); err != nil {
		t.Fatal(err)
	}
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Hotline hours change in January")
	f.Set("slug.en", "hotline-hours-change")
	f.Set("status.en", "scheduled")
	f.Set("publish_at.en", time.Now().Add(24*time.Hour).UTC().Format("2006-01-02T15:04"))
	if res := c.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule the changes: %d", res.StatusCode)
	}
	if got := e.Doc(enPath, http.StatusOK).Find("h1").Text(); got != "Hotline trainers meet in Mary" {
		t.Errorf("live page before the time: %q", got)
	}
	d := c.Page(path, http.StatusOK)
	if got := d.Find(`#lang-en [data-publication]`).Text(); !strings.HasPrefix(got, "Live on the site; the changes go live on ") {
		t.Errorf("English state %q", got)
	}
	if got := d.Find(`select[name="status.en"] option[selected]`).AttrOr("value", ""); got != "scheduled" {
		t.Errorf("the form shows %q", got)
	}
	if _, err := e.Store.Schedule(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.Doc(enPath, http.StatusOK) // not due yet

	if _, err := e.Pool.Exec(t.Context(), `UPDATE translation_drafts SET publish_at = now() - interval '1 second' WHERE entry_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	next, err := e.Store.Schedule(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !next.IsZero() {
		t.Errorf("still scheduled: %v", next)
	}
	if got := e.Doc("/en/news/hotline-hours-change", http.StatusOK).Find("h1").Text(); got != "Hotline hours change in January" {
		t.Errorf("after the time: %q", got)
	}
	if res := e.Get(enPath); res.StatusCode != http.StatusMovedPermanently {
		t.Errorf("old address: %d", res.StatusCode)
	}
	var at time.Time
	e.Pool.QueryRow(t.Context(), `SELECT published_at FROM translations WHERE entry_id = $1 AND lang = 'en'`, id).Scan(&at)
	if !at.Equal(liveAt) {
		t.Errorf("the article's date moved: %v → %v", liveAt, at)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = 'entry.publish_scheduled'`, id); n != 1 {
		t.Errorf("%d audit lines", n)
	}
	if got := c.Page(path, http.StatusOK).Find(`#lang-en [data-publication]`).Text(); got != "Live on the site" {
		t.Errorf("English state after: %q", got)
	}

	// A new address taken before the time: the changes wait, unscheduled.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("slug.en", "soon-taken")
	f.Set("status.en", "scheduled")
	f.Set("publish_at.en", time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04"))
	c.Post(path, f)
	other := sitetest.NewsForm("draft")
	other.Set("title.en", "Another item")
	other.Set("slug.en", "other-item")
	other.Set("title.ru", "Другая новость")
	other.Set("slug.ru", "drugaya-novost")
	otherID := sitetest.CreateEntry(t, c, "news", other)
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translations SET slug = 'soon-taken' WHERE entry_id = $1 AND lang = 'en'`, otherID); err != nil {
		t.Fatal(err)
	}
	e.Pool.Exec(t.Context(), `UPDATE translation_drafts SET publish_at = now() - interval '1 second' WHERE entry_id = $1`, id)
	if _, err := e.Store.Schedule(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.Doc("/en/news/hotline-hours-change", http.StatusOK)
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1 AND publish_at IS NULL`, id); n != 1 {
		t.Errorf("the blocked changes are not kept unscheduled: %d", n)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = 'entry.publish_scheduled_failed'`, id); n != 1 {
		t.Errorf("%d audit lines of the failure", n)
	}
}

// TestPutBackLiveText: "Put the live text back" fills a language's fields
// with the text the site shows and saves nothing; saving then gives the
// unpublished changes up, and the other language they marked as behind is
// in line again — unless it was behind the live text already.
func TestPutBackLiveText(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	copies := func() int {
		return sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1`, id)
	}
	ruState := func() string {
		return c.Page(path, http.StatusOK).Find("#lang-ru .tstate").AttrOr("class", "")
	}
	post := func(what string, f url.Values, want int) *http.Response {
		t.Helper()
		res := c.Post(path, f)
		if res.StatusCode != want {
			t.Fatalf("%s: %d, want %d", what, res.StatusCode, want)
		}
		return res
	}
	rewrite := func(f url.Values, body string) url.Values {
		f.Set("body.en", body)
		return f
	}
	live := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form").Get("body.en")

	post("working copy", rewrite(sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form"),
		"First paragraph.\r\n\r\nThe hotline now answers at night, seven days a week."), http.StatusSeeOther)
	if copies() != 1 || ruState() != "tstate outdated" {
		t.Fatalf("after the working copy: %d copies, Russian %q", copies(), ruState())
	}
	d := c.Page(path, http.StatusOK)
	if d.Find(`#lang-en .pending-changes button[value="discard.en"][data-confirm]`).Length() != 1 || d.Find(`button[value="discard.ru"]`).Length() != 0 {
		t.Fatal("no Put back button for English only")
	}
	// The button fills the fields and saves nothing.
	f := sitetest.FormOf(d, "#entry-form")
	f.Set("title.ru", "Заголовок, набранный до нажатия")
	d = sitetest.ParseDoc(t, post("put back", withAction(f, "discard.en"), http.StatusOK))
	if got := d.Find(`textarea[name="body.en"]`).Text(); got != live {
		t.Errorf("English body after put back: %q, want the live %q", got, live)
	}
	if got := d.Find(`input[name="title.ru"]`).AttrOr("value", ""); got != "Заголовок, набранный до нажатия" {
		t.Errorf("the Russian title typed before was lost: %q", got)
	}
	if _, marked := d.Find("#entry-form").Attr("data-unsaved"); !marked {
		t.Error("the filled form is not marked as holding unsaved changes")
	}
	if d.Find("#lang-en .pending-changes [role=status]").Length() != 1 || copies() != 1 {
		t.Errorf("put back: %d hints, %d copies", d.Find("#lang-en .pending-changes [role=status]").Length(), copies())
	}
	// Saving gives the changes up and the Russian is in line again.
	f = sitetest.FormOf(d, "#entry-form")
	f.Set("title.ru", "Консультанты горячей линии встретились в Мары")
	post("save the live text", f, http.StatusSeeOther)
	d = c.Page(path, http.StatusOK)
	if got := d.Find(".flash").Text(); !strings.Contains(got, "Unpublished changes given up (English)") {
		t.Errorf("flash %q", got)
	}
	if copies() != 0 || ruState() != "tstate current" || d.Find(".pending-changes").Length() != 0 {
		t.Errorf("after giving up: %d copies, Russian %q, %d diffs", copies(), ruState(), d.Find(".pending-changes").Length())
	}
	if got := body(t, e, enPath); !strings.Contains(got, "<strong>Bold</strong> second paragraph") {
		t.Errorf("the live page changed: %q", got)
	}

	// A Russian behind the live English stays behind.
	post("publish a change", withAction(rewrite(sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form"),
		"First paragraph.\r\n\r\nThe hotline moved to a new office in the centre of Mary."), "publish"), http.StatusSeeOther)
	if ruState() != "tstate outdated" {
		t.Fatalf("after publishing a change: Russian %q", ruState())
	}
	post("second working copy", rewrite(sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form"),
		"First paragraph.\r\n\r\nThe office closes for repairs in the spring."), http.StatusSeeOther)
	if got := c.Page(path, http.StatusOK).Find(".flash").Text(); strings.Contains(got, "Now marked") {
		t.Errorf("a language behind already is reported as newly marked: %q", got)
	}
	f = sitetest.FormOf(sitetest.ParseDoc(t, post("put back", withAction(sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form"), "discard.en"), http.StatusOK)), "#entry-form")
	post("save the live text", f, http.StatusSeeOther)
	if copies() != 0 || ruState() != "tstate outdated" {
		t.Errorf("after giving up the second: %d copies, Russian %q (it was behind before)", copies(), ruState())
	}
}

// TestPutBackAndChangeInOneSave: the Russian working copy is given up in
// the same save that changes the English substantively: the English is
// not taken for catching up with the Russian changes just given up, and
// the Russian needs an update. (Review.)
func TestPutBackAndChangeInOneSave(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	state := func(lang string) string {
		return c.Page(path, http.StatusOK).Find("#lang-"+lang+" .tstate").AttrOr("class", "")
	}
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Первый абзац.\r\n\r\nГорячая линия теперь работает круглосуточно, без выходных, и принимает звонки из всех регионов.")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ru working copy: %d", res.StatusCode)
	}
	if state("en") != "tstate outdated" {
		t.Fatalf("the Russian change did not mark the English: %q", state("en"))
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f = sitetest.FormOf(sitetest.ParseDoc(t, c.Post(path, withAction(f, "discard.ru"))), "#entry-form")
	f.Set("body.en", "First paragraph.\r\n\r\nThe hotline moved to a new office in the centre of Mary and now has six consultants on duty.")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if en, ru := state("en"), state("ru"); en != "tstate current" || ru != "tstate outdated" {
		t.Errorf("English %q, Russian %q; want current, outdated", en, ru)
	}
}

// TestUnpublishOneLanguageAudited: taking one language down from the
// form — unpublishing it, or emptying its fields, which deletes its
// translation — is in the audit log as that, naming the language, not as
// a save.
func TestUnpublishOneLanguageAudited(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("chief@example.org", "admin")
	for _, tc := range []struct {
		name string
		take func(f url.Values)
	}{
		{"unpublished", func(f url.Values) { f.Set("status.ru", "unpublished") }},
		{"emptied", func(f url.Values) {
			for _, field := range []string{"title", "slug", "summary", "body"} {
				f.Set(field+".ru", "")
			}
		}},
	} {
		id := sitetest.CreateEntry(t, a, "news", sitetest.NewsForm("published"))
		path := "/admin/entries/" + strconv.FormatInt(id, 10)
		f := sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
		ru := "/ru/news/" + f.Get("slug.ru")
		if e.Get(ru).StatusCode != http.StatusOK {
			t.Fatalf("%s: the Russian is not live before", tc.name)
		}
		tc.take(f)
		if res := a.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: save: %d", tc.name, res.StatusCode)
		}
		if e.Get(ru).StatusCode != http.StatusNotFound {
			t.Fatalf("%s: the Russian is still live", tc.name)
		}
		row := a.Page("/admin/audit", http.StatusOK).Find("tbody tr").First()
		if got := row.Find("td.action").Text(); got != "Language unpublished" {
			t.Errorf("%s: the audit log's latest line: %q", tc.name, got)
		}
		if got := row.Text(); !strings.Contains(got, "Hotline trainers meet in Mary [ru]") {
			t.Errorf("%s: the line does not name the language: %q", tc.name, got)
		}
		// A save that leaves the publication alone is still a save.
		f = sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
		f.Set("summary.en", "A new summary.")
		if res := a.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: save: %d", tc.name, res.StatusCode)
		}
		if got := a.Page("/admin/audit", http.StatusOK).Find("tbody tr").First().Find("td.action").Text(); got != "Entry saved" {
			t.Errorf("%s: a plain save is in the audit log as %q", tc.name, got)
		}
	}
}

// TestPublishSaysWhatWentLive: "Save and publish changes" with one
// language's changes scheduled names, as live now, only the languages
// whose changes it put live: not another live language left unchanged.
func TestPublishSaysWhatWentLive(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	soon := time.Now().Add(24 * time.Hour).In(mustZone(t))
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	publish := func(ru string) string {
		t.Helper()
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		f.Set("summary.en", "The summary, changed to go live tomorrow.")
		f.Set("status.en", "scheduled")
		f.Set("publish_at.en", soon.Format("2006-01-02T15:04"))
		if ru != "" {
			f.Set("summary.ru", ru)
		}
		if res := c.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", res.StatusCode)
		}
		return c.Page(path, http.StatusOK).Find(".flash").Text()
	}
	if got := publish(""); strings.Contains(got, "Live now") || !strings.Contains(got, "The changes in English go live by themselves on") {
		t.Errorf("the Russian unchanged: %q", got)
	}
	if got := publish("Исправленное описание."); !strings.Contains(got, "Live now: Russian.") {
		t.Errorf("the Russian changed: %q", got)
	}
	if got := body(t, e, ruPath); !strings.Contains(got, "Исправленное описание.") {
		t.Error("the Russian change is not live")
	}
}

// TestScheduledSaysWhen: the message after a save with a publication time
// says that the text (or its changes) goes live by itself then, and
// nothing that contradicts it: not that the changes wait for "Publish
// changes", nor that they are live.
func TestScheduledSaysWhen(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	soon := time.Now().Add(24 * time.Hour).In(mustZone(t))
	form := sitetest.NewsForm("published")
	form.Set("status.ru", "draft")
	id := sitetest.CreateEntry(t, c, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	flash := func(f url.Values, action string) string {
		t.Helper()
		if res := c.Post(path, withAction(f, action)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", action, res.StatusCode)
		}
		return c.Page(path, http.StatusOK).Find(".flash").Text()
	}
	when := soon.Format("15:04")
	for _, action := range []string{"save", "publish"} {
		// The live English's changes, scheduled.
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		f.Set("summary.en", "The summary, changed for "+action+".")
		f.Set("status.en", "scheduled")
		f.Set("publish_at.en", soon.Format("2006-01-02T15:04"))
		got := flash(f, action)
		if !strings.Contains(got, "The changes in English go live by themselves on") || !strings.Contains(got, when) ||
			strings.Contains(got, "until you publish") || strings.Contains(got, "changes are live") {
			t.Errorf("scheduled changes (%s): %q", action, got)
		}
	}
	// The draft Russian, scheduled with "Save and publish changes".
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("status.ru", "scheduled")
	f.Set("publish_at.ru", soon.Format("2006-01-02T15:04"))
	got := flash(f, "publish")
	if !strings.Contains(got, "The text in Russian goes live by itself on") || strings.Contains(got, "the changes are live") {
		t.Errorf("a draft scheduled: %q", got)
	}
	if e.Get(ruPath).StatusCode != http.StatusNotFound {
		t.Error("the scheduled Russian is live")
	}
}

// TestPublishingBlankLanguageRefused: choosing Published (or a time) for
// a language with no text is refused beside that language's status, in
// the editor's language, with everything typed kept; it was saved as if
// the choice had not been made. A live language emptied to take it down
// is not refused: its status is the one the form showed.
func TestPublishingBlankLanguageRefused(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	entries := func() int { return sitetest.Count(e, `SELECT count(*) FROM entries`) }
	before := entries()
	refused := func(what string, res *http.Response, want string) *goquery.Document {
		t.Helper()
		d := sitetest.Expect(t, what, res, http.StatusUnprocessableEntity)
		if got := d.Find(`#lang-ru .publication .field-error`).Text(); !strings.Contains(got, want) {
			t.Errorf("%s: Russian status error %q, want %q", what, got, want)
		}
		if d.Find(`#lang-en .field-error`).Length() != 0 {
			t.Errorf("%s: an error on the English: %q", what, d.Find(`#lang-en .field-error`).Text())
		}
		return d
	}

	form := sitetest.NewsForm("published")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Del(k)
	}
	form.Set("title.en", "Typed, and not to be lost")
	d := refused("published, blank", c.Post("/admin/entries/new?kind=news", form), "nothing to publish in Russian")
	if sitetest.Attr(d.Find(`input[name="title.en"]`), "value") != "Typed, and not to be lost" ||
		sitetest.Attr(d.Find(`select[name="status.ru"] option[selected]`), "value") != "published" {
		t.Error("the typed title or the chosen status is lost")
	}
	form.Set("status.ru", "scheduled")
	form.Set("publish_at.ru", time.Now().Add(48*time.Hour).UTC().Format("2006-01-02T15:04"))
	d = refused("scheduled, blank", c.Post("/admin/entries/new?kind=news", form), "nothing to publish in Russian")
	if sitetest.Attr(d.Find(`input[name="publish_at.ru"]`), "value") != form.Get("publish_at.ru") {
		t.Error("the typed time is lost")
	}
	if n := entries(); n != before {
		t.Fatalf("a refused save created %d entries", n-before)
	}

	// A draft is what an empty language may be.
	form.Set("status.ru", "draft")
	id := sitetest.CreateEntry(t, c, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1`, id); n != 1 {
		t.Errorf("%d translations, want the English only", n)
	}

	// Editing: the same, and in Russian for a Russian editor.
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("status.ru", "published")
	refused("published, blank, editing", c.Post(path, f), "Публиковать на русском пока нечего")
	c.Post("/admin/account/lang", url.Values{"lang": {"en"}})

	// With its text, the Russian goes live.
	f.Set("title.ru", "Консультанты горячей линии встретились в Мары")
	f.Set("body.ru", "Первый абзац.")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish the Russian: %d", res.StatusCode)
	}
	e.Doc(ruPath, http.StatusOK)
	// Emptied, the live Russian comes off the site: no choice was made.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		f.Set(k, "")
	}
	if f.Get("status.ru") != "published" {
		t.Fatalf("the live Russian's status shows %q", f.Get("status.ru"))
	}
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("empty the live Russian: %d", res.StatusCode)
	}
	if e.Get(ruPath).StatusCode != http.StatusNotFound {
		t.Error("the emptied Russian is still live")
	}
}
