package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// flashLinks is what the message on an admin page links to: each link
// as "label text|href".
func flashLinks(d *goquery.Document) []string {
	var out []string
	d.Find(".flash a").Each(func(_ int, a *goquery.Selection) {
		out = append(out, a.Text()+"|"+a.AttrOr("href", ""))
	})
	return out
}

// TestPublishedMessageLinks: after a save that puts an entry live, the
// message links each language's public page, named in the editor's
// language (English and Russian admins alike), and the links answer.
// A language scheduled for later is said to go live at its time and
// links its preview instead, never its page (a 404 until then).
func TestPublishedMessageLinks(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	d := c.Page(path, http.StatusOK)
	want := []string{"English|" + enPath, "Russian|" + ruPath}
	if got := flashLinks(d); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("published: links %q, want %q", got, want)
	}
	if got := d.Find(".flash").Text(); !strings.Contains(got, "View on the site: English, Russian.") {
		t.Errorf("published: message %q", got)
	}
	for _, p := range []string{enPath, ruPath} {
		if res := e.Get(p); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	if got := flashLinks(c.Page(path, http.StatusOK)); len(got) != 0 {
		t.Errorf("the links stay after the message: %q", got)
	}

	// A plain save that changes only the lead image: it is live at once,
	// and the pages showing it are linked.
	photo := sitetest.Uploaded(c, "hall.png", sitetest.PNG(t, 40, 30, 90))
	if res := c.Post("/admin/media/"+strconv.FormatInt(photo, 10), url.Values{"focus_x": {"50"}, "focus_y": {"50"},
		"alt.en": {"The hall"}, "alt.ru": {"Зал"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe the photo: %d", res.StatusCode)
	}
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("lead_image", strconv.FormatInt(photo, 10))
	if res := c.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the lead image: %d", res.StatusCode)
	}
	if got := flashLinks(c.Page(path, http.StatusOK)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("a new lead image: links %q, want %q", got, want)
	}
	// A plain save that gives English a lead image of its own: it is live
	// at once on the English page only, and only that page is linked.
	own := sitetest.Uploaded(c, "own.png", sitetest.PNG(t, 40, 30, 160))
	if res := c.Post("/admin/media/"+strconv.FormatInt(own, 10), url.Values{"focus_x": {"50"}, "focus_y": {"50"},
		"alt.en": {"The English hall"}, "alt.ru": {"Зал"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe the English photo: %d", res.StatusCode)
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("lead_image.en", strconv.FormatInt(own, 10))
	if res := c.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the English lead image: %d", res.StatusCode)
	}
	if got, want := flashLinks(c.Page(path, http.StatusOK)), "English|"+enPath; strings.Join(got, " ") != want {
		t.Errorf("English's own lead image: links %q, want %q", got, want)
	}

	// "Publish changes" in Russian, by an editor reading the admin in
	// Russian: the language changed is linked, named in Russian.
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("language: %d", res.StatusCode)
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.ru", "Исправленное описание.")
	if res := c.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if got := flashLinks(c.Page(path, http.StatusOK)); len(got) != 0 {
		t.Errorf("changes saved, not published, link %q", got)
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	if res := c.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish changes: %d", res.StatusCode)
	}
	d = c.Page(path, http.StatusOK)
	if got, want := flashLinks(d), "русский|"+ruPath; strings.Join(got, " ") != want {
		t.Errorf("changes published: links %q, want %q", got, want)
	}
	if got := d.Find(".flash").Text(); !strings.Contains(got, "Посмотреть на сайте: русский.") {
		t.Errorf("changes published: message %q", got)
	}

	// Scheduled: the Russian of a new entry goes live tomorrow.
	soon := time.Now().Add(24 * time.Hour).In(mustZone(t))
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Scheduled in Russian")
	form.Set("title.ru", "Запланировано на русском")
	form.Set("status.ru", "scheduled")
	form.Set("publish_at.ru", soon.Format("2006-01-02T15:04"))
	later := sitetest.CreateEntry(t, c, "news", withAction(form, "publish"))
	path = "/admin/entries/" + strconv.FormatInt(later, 10)
	d = c.Page(path, http.StatusOK)
	preview := path + "/preview/ru"
	want = []string{"английский|/en/news/scheduled-in-russian", "русский|" + preview}
	if got := flashLinks(d); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("scheduled: links %q, want %q", got, want)
	}
	msg := d.Find(".flash").Text()
	if !strings.Contains(msg, soon.Format("15:04")) || !strings.Contains(msg, "Предпросмотр: русский.") {
		t.Errorf("scheduled: message %q", msg)
	}
	if e.Get("/ru/news/zaplanirovano-na-russkom").StatusCode != http.StatusNotFound {
		t.Error("the scheduled Russian is live")
	}
	if got := c.Page(preview, http.StatusOK).Find("h1").Text(); !strings.Contains(got, "Запланировано на русском") {
		t.Errorf("the preview shows %q", got)
	}
	for _, p := range []string{path + "/preview/xx", path + "/preview/tk", "/admin/entries/999999/preview/ru", "/admin/entries/x/preview/ru"} {
		if res := c.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
}

// TestRepublishedMessageLinks: Publish again links the pages it put back.
func TestRepublishedMessageLinks(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	for _, action := range []string{"unpublish", "publish"} {
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "form[action$=\"/"+action+"\"]")
		if res := c.Post(path+"/"+action, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", action, res.StatusCode)
		}
	}
	want := []string{"English|" + enPath, "Russian|" + ruPath}
	if got := flashLinks(c.Page(path, http.StatusOK)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("published again: links %q, want %q", got, want)
	}
}

// TestReviewMessageLinks: a translator's save and "submitted for review"
// link no page (their text is not public) and no preview (the editors'
// page), even with another language waiting for its time; the editor's
// approval links the page it published.
func TestReviewMessageLinks(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", "editor")
	form := englishOnly("Russian submitted", "russian-submitted")
	form.Set("status.en", "scheduled")
	form.Set("publish_at.en", time.Now().Add(48*time.Hour).In(mustZone(t)).Format("2006-01-02T15:04"))
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	ed.Page(path, http.StatusOK) // the creation's message, read
	tr, _ := translator(t, e)
	for _, action := range []string{"save", "submit"} {
		f := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
		f.Set("title.ru", "Русский на проверке")
		f.Set("slug.ru", "russkiy-na-proverke")
		f.Set("body.ru", "Перевод, "+action+".")
		if res := tr.Post(path, withAction(f, action)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", action, res.StatusCode)
		}
		d := tr.Page(path, http.StatusOK)
		if d.Find(".flash").Length() == 0 {
			t.Fatalf("%s: no message", action)
		}
		if got := flashLinks(d); len(got) != 0 {
			t.Errorf("a translator's %s: links %q in the message", action, got)
		}
	}
	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("action", "approve")
	if res := ed.Post(path+"/review/ru", ef); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	want := "Russian|/ru/news/russkiy-na-proverke"
	if got := flashLinks(ed.Page(path, http.StatusOK)); strings.Join(got, " ") != want {
		t.Errorf("approved: links %q, want %q", got, want)
	}
	if res := e.Get("/ru/news/russkiy-na-proverke"); res.StatusCode != http.StatusOK {
		t.Errorf("the approved page: %d", res.StatusCode)
	}
}

// TestRestoreMessageLinks: a revision restored onto a live text waits as
// its unpublished changes: the message links the live page and the
// preview of what was restored.
func TestRestoreMessageLinks(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	form := englishOnly("Restored title", "restored-title")
	id := sitetest.CreateEntry(t, c, "news", withAction(form, "publish"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.en", "A summary changed and published.")
	if res := c.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	c.Page(path, http.StatusOK)
	if res := c.Post(path+"/revisions/1/restore", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	want := []string{"English|/en/news/restored-title", "English|" + path + "/preview/en"}
	if got := flashLinks(c.Page(path, http.StatusOK)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("restored: links %q, want %q", got, want)
	}
}

// TestBulkPublishMessageLinks: a bulk Publish of one entry links its
// pages as the entry's own Publish does; of several, it links each
// entry's page in the editor's language, named by its title there (or,
// for an entry without that language, its page in the first language it
// has), five at most and the rest counted; an entry only scheduled gets
// no link. The links answer.
func TestBulkPublishMessageLinks(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("bulk@example.org", "editor")
	list := "/admin/entries?kind=news"
	bulk := func(ids ...int64) *goquery.Document {
		t.Helper()
		form := url.Values{"do": {"publish"}, "back": {list}}
		for _, id := range ids {
			form.Add("id", strconv.FormatInt(id, 10))
		}
		if res := c.Post("/admin/entries/bulk", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("bulk publish: %d", res.StatusCode)
		}
		return c.Page(list, http.StatusOK)
	}
	draft := func(en, ru, slug string) int64 {
		t.Helper()
		f := sitetest.NewsForm("draft")
		f.Set("title.en", en)
		f.Set("slug.en", slug)
		f.Set("title.ru", ru)
		f.Set("slug.ru", slug+"-ru")
		return sitetest.CreateEntry(t, c, "news", f)
	}
	answer := func(links []string) {
		t.Helper()
		for _, l := range links {
			p := l[strings.LastIndex(l, "|")+1:]
			if res := e.Get(p); res.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", p, res.StatusCode)
			}
		}
	}

	// One entry: its languages, as its own Publish.
	one := draft("Bulk one", "Массовая одна", "bulk-one")
	want := []string{"English|/en/news/bulk-one", "Russian|/ru/news/bulk-one-ru"}
	d := bulk(one)
	if got := flashLinks(d); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("one entry: links %q, want %q", got, want)
	}
	if got := d.Find(".flash").Text(); !strings.Contains(got, "Published 1 entry") || !strings.Contains(got, "View on the site: English, Russian.") {
		t.Errorf("one entry: message %q", got)
	}
	answer(want)

	// Seven: one in Russian only, one scheduled, six more in both.
	ruOnly := sitetest.NewsForm("draft")
	for _, k := range []string{"title.en", "slug.en", "summary.en", "body.en"} {
		ruOnly.Del(k)
	}
	ruOnly.Set("title.ru", "Только по-русски")
	ruOnly.Set("slug.ru", "tolko-po-russki")
	ids := []int64{sitetest.CreateEntry(t, c, "news", ruOnly)}
	later := sitetest.NewsForm("draft")
	later.Set("title.en", "Bulk later")
	later.Set("slug.en", "bulk-later")
	later.Set("title.ru", "Массовая поздняя")
	later.Set("slug.ru", "bulk-later-ru")
	sitetest.SetEach(later, "publish_at", time.Now().AddDate(1, 0, 0).In(mustZone(t)).Format("2006-01-02T15:04"))
	ids = append(ids, sitetest.CreateEntry(t, c, "news", later))
	for i := 1; i <= 6; i++ {
		n := strconv.Itoa(i)
		ids = append(ids, draft("Bulk "+n, "Массовая "+n, "bulk-"+n))
	}
	d = bulk(ids...)
	want = []string{"Только по-русски|/ru/news/tolko-po-russki", "Bulk 1|/en/news/bulk-1", "Bulk 2|/en/news/bulk-2",
		"Bulk 3|/en/news/bulk-3", "Bulk 4|/en/news/bulk-4"}
	got := flashLinks(d)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("several entries: links %q, want %q", got, want)
	}
	if msg := d.Find(".flash").Text(); !strings.Contains(msg, "Published 8 entries") ||
		!strings.Contains(msg, "View on the site: Только по-русски, Bulk 1, Bulk 2, Bulk 3, Bulk 4 and 2 more.") {
		t.Errorf("several entries: message %q", msg)
	}
	if lang := sitetest.Attr(d.Find(".flash a").First(), "hreflang"); lang != "ru" {
		t.Errorf("the Russian page's link has hreflang %q", lang)
	}
	answer(got)

	// Read in Russian, the links are the Russian pages, by their titles.
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("language: %d", res.StatusCode)
	}
	a, b := draft("Bulk A", "Массовая А", "bulk-a"), draft("Bulk B", "Массовая Б", "bulk-b")
	d = bulk(a, b)
	want = []string{"Массовая А|/ru/news/bulk-a-ru", "Массовая Б|/ru/news/bulk-b-ru"}
	if got := flashLinks(d); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("in Russian: links %q, want %q", got, want)
	}
	if msg := d.Find(".flash").Text(); !strings.Contains(msg, "Посмотреть на сайте: Массовая А, Массовая Б.") {
		t.Errorf("in Russian: message %q", msg)
	}
	answer(want)
}

// TestNewestMessageWins: a message whose page was never loaded (the
// editor saved, then acted again from another tab) gives way to the next
// one, with its links. A text message left unshown won over a newer
// message, so the page after a name change said the entry was published,
// and linked its pages.
func TestNewestMessageWins(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published")) // its message is not loaded
	if res := c.Post("/admin/account/name", url.Values{"name": {"Anna Petrova"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("name: %d", res.StatusCode)
	}
	page := c.Page("/admin/account", http.StatusOK)
	if got := strings.TrimSpace(page.Find(".flash").Text()); got != "Your name was saved." {
		t.Errorf("after a save, then a name change: the message says %q", got)
	}
}
