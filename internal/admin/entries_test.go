package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/demo"
	"vestnik/internal/sitetest"
	"vestnik/internal/web"
)

func TestCreateAndPublishNews(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	d := c.Page("/admin/entries/"+strconv.FormatInt(id, 10), http.StatusOK)
	if d.Find(".flash").Text() == "" {
		t.Error("no saved message")
	}
	slugRU, _ := d.Find(`input[name="slug.ru"]`).Attr("value")
	if slugRU != "konsultanty-goryachey-linii-vstretilis-v-mary" {
		t.Errorf("transliterated slug %q", slugRU)
	}
	if v, _ := d.Find(`textarea[name="body.en"]`).Html(); !strings.Contains(v, "First paragraph.\n\n") {
		t.Errorf("body not kept: %q", v)
	}
	en := e.Doc("/en/news/hotline-trainers-meet-in-mary", http.StatusOK)
	if en.Find(".body strong").Text() != "Bold" {
		t.Error("markdown not rendered")
	}
	if href, _ := en.Find(`link[hreflang=ru]`).Attr("href"); href != sitetest.BaseURL+"/ru/news/"+slugRU {
		t.Errorf("hreflang ru %q", href)
	}
	e.Doc("/ru/news/"+slugRU, http.StatusOK)
	// The revision and the audit line were written with it.
	var revs, audits int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM revisions WHERE entry_id = $1`, id).Scan(&revs)
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE object_type = 'entry' AND object_id = $1 AND action = 'entry.create'`, id).Scan(&audits)
	if revs != 1 || audits != 1 {
		t.Errorf("%d revisions, %d audit lines", revs, audits)
	}
}

// TestValidationKeepsInput: a bad form comes back with localized messages
// next to the fields and every typed character intact.
func TestValidationKeepsInput(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	c.Post("/admin/account/lang", url.Values{"lang": {"ru"}})
	form := sitetest.NewsForm("scheduled")
	form.Set("title.en", "")
	form.Set("body.en", "Text without a title — «кавычки», emoji 🙂, <script>x</script>\n\nline 2")
	form.Set("slug.ru", "Плохой адрес")
	sitetest.SetEach(form, "publish_at", "2001-01-01T10:00")
	res := c.Post("/admin/entries/new?kind=news", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := sitetest.ParseDoc(t, res)
	for _, f := range []string{"title.en", "slug.ru", "publish_at.ru"} {
		msg := d.Find(`[name="` + f + `"]`).Closest("label").Next()
		if !msg.Is(".field-error") || msg.Text() == "" {
			t.Errorf("no message beside %s", f)
		}
	}
	if !strings.Contains(d.Find(".field-error").Text(), "Нужен заголовок") {
		t.Errorf("messages not in Russian: %q", d.Find(".field-error").Text())
	}
	got := sitetest.FormOf(d, "#entry-form")
	for _, k := range []string{"body.en", "title.ru", "slug.ru", "summary.ru", "publish_at.en", "status.en", "publish_at.ru", "status.ru"} {
		if got.Get(k) != strings.ReplaceAll(form.Get(k), "\r\n", "\n") {
			t.Errorf("%s: got %q, typed %q", k, got.Get(k), form.Get(k))
		}
	}
	var n int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM entries WHERE kind = 'news' AND status = 'published' AND published_at > now()`).Scan(&n)
	if n != 0 {
		t.Error("an invalid entry was saved")
	}
}

func TestBadFormBytes(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	// (A NUL in a value is dropped: TestEntryTextWithNUL; in a name, 400.)
	for _, raw := range []string{"title%00.en=ab&status.en=draft", "title.en=%ff%fe&status.en=draft", "%zz=1"} {
		res := c.Do(http.MethodPost, "/admin/entries/new?kind=news", strings.NewReader(raw), "application/x-www-form-urlencoded")
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("%q: %d", raw, res.StatusCode)
		}
	}
	big := "title.en=" + strings.Repeat("a", 5<<20)
	if res := c.Do(http.MethodPost, "/admin/entries/new?kind=news", strings.NewReader(big), "application/x-www-form-urlencoded"); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized form: %d", res.StatusCode)
	}
	for _, p := range []string{"/admin/entries/abc", "/admin/entries/0", "/admin/entries/999999", "/admin/entries?kind=evil", "/admin/entries/new?kind=x", "/admin/entries/1/revisions/abc"} {
		if res := c.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

// TestConflict: two editors open the same entry; the second save gets the
// conflict page with both versions, and nothing is overwritten.
func TestConflict(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("a@example.org", "editor")
	b, _ := e.Login("b@example.org", "editor")
	id := sitetest.CreateEntry(t, a, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	formA := sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
	formB := sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	formA.Set("title.en", "A's title")
	formA.Set("summary.en", "A's summary, which B never touched")
	if res := a.Post(path, formA); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save %d", res.StatusCode)
	}
	formB.Set("title.en", "B's title")
	formB.Set("body.ru", "Текст Б, который нельзя терять")
	res := b.Post(path, formB)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second save %d", res.StatusCode)
	}
	d := sitetest.ParseDoc(t, res)
	if !strings.Contains(d.Find(".theirs").Text(), "A's title") {
		t.Error("their version not shown")
	}
	if n := strings.Count(d.Find("main").Text(), "another editor saved this entry"); n != 1 {
		t.Errorf("the conflict is explained %d times", n)
	}
	mine := sitetest.FormOf(d, "#entry-form")
	if mine.Get("title.en") != "B's title" || mine.Get("body.ru") != "Текст Б, который нельзя терять" {
		t.Errorf("my text lost: %v", mine)
	}
	// Only the field both changed waits for a choice; A's change to a
	// field B left alone is taken into B's version.
	if keys := mine.Get("conflicts"); keys != "title.en" || d.Find(`.conflict-field[data-field="title.en"] .diff-cols`).Length() != 1 {
		t.Errorf("fields to decide %q", keys)
	}
	if mine.Get("summary.en") != "A's summary, which B never touched" {
		t.Errorf("their one-sided change was not merged: %q", mine.Get("summary.en"))
	}
	var title string
	e.Pool.QueryRow(context.Background(), `SELECT title FROM translations WHERE entry_id = $1 AND lang = 'en'`, id).Scan(&title)
	if title != "A's title" {
		t.Errorf("overwritten: %q", title)
	}
	// Saving without choosing overwrites nothing: the page asks again.
	res = b.Post(path, mine)
	if res.StatusCode != http.StatusConflict || !strings.Contains(sitetest.ParseDoc(t, res).Find(".conflict-fields .form-error").Text(), "Choose") {
		t.Fatalf("save without a choice: %d", res.StatusCode)
	}
	// Keep theirs for the title: the rest is B's, the summary A's.
	mine.Set("choose.title.en", "theirs")
	if res := b.Post(path, mine); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save after conflict: %d", res.StatusCode)
	}
	var summary, body string
	e.Pool.QueryRow(context.Background(), `SELECT title, summary FROM translations WHERE entry_id = $1 AND lang = 'en'`, id).Scan(&title, &summary)
	e.Pool.QueryRow(context.Background(), `SELECT body_md FROM translations WHERE entry_id = $1 AND lang = 'ru'`, id).Scan(&body)
	if title != "A's title" || summary != "A's summary, which B never touched" || body != "Текст Б, который нельзя терять" {
		t.Errorf("merged result: %q, %q, %q", title, summary, body)
	}
}

func TestSlugChangeRedirectsAndRevisions(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("slug.en", "new-address")
	f.Set("title.en", "New title")
	f.Set("summary.en", "Consultants of the free hotline shared their experience.")
	if res := c.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save %d", res.StatusCode)
	}
	res := e.Get("/en/news/hotline-trainers-meet-in-mary")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/en/news/new-address" {
		t.Errorf("old slug: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	d := c.Page(path+"/revisions", http.StatusOK)
	if n := d.Find("tbody tr").Length(); n != 2 {
		t.Fatalf("%d revisions", n)
	}
	d = c.Page(path+"/revisions/1", http.StatusOK)
	if !strings.Contains(d.Find(".diff-old .del").Text(), "Hotline trainers meet in Mary") || !strings.Contains(d.Find(".diff-new .add").Text(), "New title") {
		t.Error("diff does not show the change")
	}
	// A word added to a line is marked as the word, not the line.
	if got := d.Find(".diff-new .add ins").Text(); got != "free " {
		t.Errorf("the summary's added word: %q", got)
	}
	if res := c.Post(path+"/revisions/1/restore", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore %d", res.StatusCode)
	}
	// The live page is restored only when the changes are published.
	d = c.Page(path, http.StatusOK)
	if !strings.Contains(d.Find(".flash").Text(), "unpublished changes") {
		t.Errorf("restore flash: %q", d.Find(".flash").Text())
	}
	e.Doc("/en/news/new-address", http.StatusOK)
	if res := c.Post(path, withAction(sitetest.FormOf(d, "#entry-form"), "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish the restored text: %d", res.StatusCode)
	}
	e.Doc("/en/news/hotline-trainers-meet-in-mary", http.StatusOK)
	if res := e.Get("/en/news/new-address"); res.StatusCode != http.StatusMovedPermanently {
		t.Errorf("the slug restored from: %d", res.StatusCode)
	}
	if n := c.Page(path+"/revisions", http.StatusOK).Find("tbody tr").Length(); n != 4 {
		t.Errorf("restore is a new revision: %d", n)
	}
}

// TestRestoreSaysTheLeadImageIsLive: restoring a revision of a live item
// that had another lead image changes the photo on the public page at
// once (the lead image is not held back with the text, which waits as
// unpublished changes); the message says so, as a save's does, instead
// of only that the restored revision waits to be published.
func TestRestoreSaysTheLeadImageIsLive(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", withAction(englishOnly("Photo restored", "photo-restored"), "publish"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	photo := describedPhoto(t, c, "desk", 90)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("lead_image", strconv.FormatInt(photo, 10))
	f.Set("summary.en", "A summary published with the photo.")
	if res := c.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish with a photo: %d", res.StatusCode)
	}
	c.Page(path, http.StatusOK)
	if res := c.Post(path+"/revisions/1/restore", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	if e.Doc("/en/news/photo-restored", http.StatusOK).Find(`img[alt="desk (en)"]`).Length() != 0 {
		t.Fatal("the photo is still on the live page: the test's premise is gone")
	}
	if got := c.Page(path, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "unpublished changes") || !strings.Contains(got, "live already") {
		t.Errorf("the restore's message does not say the lead image changed on the site: %q", got)
	}
}

func TestPreviewNeverPublishes(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	form := sitetest.NewsForm("draft")
	id := sitetest.CreateEntry(t, c, "news", form)
	form.Set("body.ru", "Черновик с **жирным**")
	res := c.Post("/admin/preview?lang=ru", form)
	if res.StatusCode != http.StatusOK || res.Header.Get("X-Robots-Tag") != "noindex" {
		t.Fatalf("preview %d", res.StatusCode)
	}
	d := sitetest.ParseDoc(t, res)
	if d.Find(".preview-bar").Length() != 1 || d.Find(".body strong").Text() != "жирным" || d.Find("html").AttrOr("lang", "") != "ru" {
		t.Error("preview is not the public template with the draft")
	}
	if r := e.Get("/ru/news/konsultanty-goryachey-linii-vstretilis-v-mary"); r.StatusCode != http.StatusNotFound {
		t.Errorf("draft is public: %d", r.StatusCode)
	}
	if r := e.Client().Post("/admin/preview?lang=ru", form); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("preview without login: %d", r.StatusCode)
	}
	_ = id
}

func TestScheduleAndUnpublish(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	form := sitetest.NewsForm("scheduled")
	at := time.Now().Add(2 * time.Hour).In(mustZone(t)).Format("2006-01-02T15:04")
	sitetest.SetEach(form, "publish_at", at)
	id := sitetest.CreateEntry(t, c, "news", form)
	if r := e.Get("/en/news/hotline-trainers-meet-in-mary"); r.StatusCode != http.StatusNotFound {
		t.Errorf("scheduled item public early: %d", r.StatusCode)
	}
	d := c.Page("/admin/", http.StatusOK)
	if !strings.Contains(d.Find(".panel").Eq(1).Text(), "Hotline trainers meet in Mary") {
		t.Error("not on the dashboard's scheduled list")
	}
	e.Pool.Exec(context.Background(), `UPDATE translations SET published_at = now() - interval '1 minute' WHERE entry_id = $1`, id)
	e.Doc("/en/news/hotline-trainers-meet-in-mary", http.StatusOK)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	sitetest.EntryAction(t, c, path, "unpublish")
	for _, p := range []string{"/en/news/hotline-trainers-meet-in-mary", "/ru/news/konsultanty-goryachey-linii-vstretilis-v-mary"} {
		if r := e.Get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s after unpublish: %d", p, r.StatusCode)
		}
	}
}

func mustZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("UTC")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestTranslationBoard(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	row := func() (string, string) {
		d := c.Page("/admin/", http.StatusOK)
		var en, ru string
		d.Find("table.board tbody tr").Each(func(_ int, s *goquery.Selection) {
			if s.Find("th a").AttrOr("href", "") == path {
				en = strings.TrimSpace(s.Find("td.tstate").Eq(0).AttrOr("class", ""))
				ru = strings.TrimSpace(s.Find("td.tstate").Eq(1).AttrOr("class", ""))
			}
		})
		return en, ru
	}
	// A draft in line is a draft: each text is in one state.
	if en, ru := row(); en != "tstate draft" || ru != "tstate draft" {
		t.Fatalf("new entry: %q %q", en, ru)
	}
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "Changed English text.")
	c.Post(path, f)
	if en, ru := row(); en != "tstate draft" || ru != "tstate outdated" {
		t.Fatalf("after English change: %q %q", en, ru)
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("inline.ru", "1")
	c.Post(path, f)
	if en, ru := row(); en != "tstate draft" || ru != "tstate draft" {
		t.Fatalf("after marking Russian in line: %q %q", en, ru)
	}
	// Removing a language's text removes that translation.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		f.Set(k, "")
	}
	c.Post(path, f)
	if _, ru := row(); ru != "tstate missing" {
		t.Errorf("after removing Russian: %q", ru)
	}
}

func TestSlugTakenRollsBack(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	var before int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM entries`).Scan(&before)
	form := sitetest.NewsForm("draft")
	form.Set("title.en", "Something else entirely")
	form.Set("slug.ru", content.Slugify("ru", form.Get("title.ru"))) // typed, and taken
	res := c.Post("/admin/entries/new?kind=news", form)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := sitetest.ParseDoc(t, res)
	if d.Find(`[name="slug.ru"]`).Closest("label").Next().Text() == "" {
		t.Error("no message beside slug.ru")
	}
	var after int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM entries`).Scan(&after)
	if after != before {
		t.Errorf("half-saved entry left behind: %d → %d", before, after)
	}
}

func TestNewsletterEditing(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	d := c.Page("/admin/entries/new?kind=newsletter", http.StatusOK)
	f := sitetest.FormOf(d, "#entry-form")
	sitetest.SetEach(f, "status", "published")
	f.Set("period", "2012-01")
	f.Set("title.en", "Newsletter January 2012")
	f.Set("title.ru", "Бюллетень, январь 2012")
	f.Set("article.0.title.en", "First")
	f.Set("article.0.title.ru", "Первая")
	// Add a second article without JavaScript: the form comes back longer.
	res := c.Post("/admin/entries/new?kind=newsletter", withAction(f, "add_article"))
	f = sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	if f.Get("article.1.position") != "2" || f.Get("title.ru") != "Бюллетень, январь 2012" {
		t.Fatalf("add article: %v", f)
	}
	f.Set("article.1.title.en", "Second")
	f.Set("article.1.title.ru", "Вторая")
	f.Set("article.1.position", "0") // move it first
	// A third, left blank: not an article, not saved.
	res = c.Post("/admin/entries/new?kind=newsletter", withAction(f, "add_article"))
	f = sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	if _, ok := f["article.2.title.en"]; !ok || f.Get("article.0.title.ru") != "Вторая" {
		t.Fatalf("add a third article: %v", f)
	}
	var pdf string
	e.Pool.QueryRow(context.Background(), `SELECT id::text FROM media WHERE filename LIKE '%-ru.pdf'`).Scan(&pdf)
	f.Set("edition.ru", pdf)
	id := sitetest.CreateEntry(t, c, "newsletter", f)
	pub := e.Doc("/ru/newsletters/byulleten-yanvar-2012", http.StatusOK)
	if got := pub.Find("section.article h2").Map(func(_ int, s *goquery.Selection) string { return s.Text() }); strings.Join(got, ",") != "Вторая,Первая" {
		t.Errorf("article order %v", got)
	}
	if pub.Find(".period").First().Text() != "Январь 2012" || pub.Find(".editions a.pdf").Length() != 1 {
		t.Error("period or edition missing")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM newsletter_articles WHERE entry_id = $1`, id); n != 2 {
		t.Errorf("%d articles stored, want 2 (the blank one left out)", n)
	}
	// Remove an article.
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("article.0.remove", "1")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save %d", res.StatusCode)
	}
	pub = e.Doc("/ru/newsletters/byulleten-yanvar-2012", http.StatusOK)
	if n := pub.Find("section.article").Length(); n != 1 {
		t.Errorf("%d articles after removing one", n)
	}
}

func withAction(f url.Values, action string) url.Values {
	g := url.Values{}
	for k, v := range f {
		g[k] = v
	}
	g.Set("action", action)
	return g
}

// TestAdminRoutesNeedLogin walks every route: under /admin, each answers a
// request without a session with 302 (to the login form) or 401, and the
// admins-only ones answer an editor with 403.
func TestAdminRoutesNeedLogin(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", "editor")
	adminOnly := []string{"/admin/users", "/admin/audit"}
	count := 0
	err := chi.Walk(e.Srv.(*web.Server).Routes(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if !strings.HasPrefix(route, "/admin/") || route == "/admin/login" {
			return nil
		}
		count++
		path := strings.NewReplacer("{id}", "1", "{version}", "1", "*", "x").Replace(route)
		anon := e.Client()
		res := anon.Do(method, path, strings.NewReader(""), "application/x-www-form-urlencoded")
		switch {
		case method == http.MethodGet && res.StatusCode == http.StatusFound && strings.HasPrefix(res.Header.Get("Location"), "/admin/login"):
		case method != http.MethodGet && res.StatusCode == http.StatusUnauthorized:
		default:
			t.Errorf("%s %s without a session: %d", method, route, res.StatusCode)
		}
		for _, p := range adminOnly {
			if strings.HasPrefix(route, p) {
				if res := ed.Do(method, path, strings.NewReader(""), "application/x-www-form-urlencoded"); res.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s as an editor: %d", method, route, res.StatusCode)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count < 15 {
		t.Errorf("walked only %d admin routes", count)
	}
}

// TestFilesGoneWhileEditing: a lead image or a PDF edition deleted from
// the library while the form was open, or a file that is no PDF posted as
// an edition, is said beside its field with everything typed kept —
// whatever the languages' states, for a new entry or a saved one.
func TestFilesGoneWhileEditing(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	photo := sitetest.Uploaded(c, "hall.png", sitetest.PNG(t, 40, 30, 90))
	sid := strconv.FormatInt(photo, 10)
	if res := c.Post("/admin/media/"+sid+"/delete", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	f := sitetest.NewsForm("draft")
	f.Set("lead_image", sid)
	d := sitetest.Expect(t, "a new draft with a deleted lead image", c.Post("/admin/entries/new?kind=news", f), http.StatusUnprocessableEntity)
	if d.Find("#lead-image .field-error").Text() == "" || sitetest.Attr(d.Find(`input[name="title.en"]`), "value") != f.Get("title.en") {
		t.Error("no message beside the lead image, or the title is lost")
	}

	// media:ID is a figure on a line of its own, of a photo: a link to it,
	// or a PDF placed as a photo, is said beside the text.
	var pdf string
	if err := e.Pool.QueryRow(t.Context(), `SELECT id::text FROM media WHERE content_type = 'application/pdf' LIMIT 1`).Scan(&pdf); err != nil {
		t.Fatal(err)
	}
	for body, want := range map[string]string{
		"See [the report](media:" + pdf + ").": "photo on a line of its own",
		"Before.\n\n![](media:" + pdf + ")":    "is not a photo",
	} {
		f := sitetest.NewsForm("published")
		f.Set("body.en", body)
		d := sitetest.Expect(t, body, c.Post("/admin/entries/new?kind=news", f), http.StatusUnprocessableEntity)
		if got := d.Find("#lang-en .field-error").Text(); !strings.Contains(got, want) {
			t.Errorf("%q: %q", body, got)
		}
	}

	issue, err := e.Store.LatestNewsletter(t.Context(), "en")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/entries/" + strconv.FormatInt(issue.ID, 10)
	jpeg := strconv.FormatInt(sitetest.Uploaded(c, "desk.jpg", sitetest.JPEG(t)), 10)
	for _, id := range []string{sid, jpeg} {
		f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		f.Set("edition.en", id)
		d = sitetest.Expect(t, "edition "+id, c.Post(path, f), http.StatusUnprocessableEntity)
		if d.Find(`[data-edition="en"] .field-error`).Text() == "" {
			t.Errorf("edition %s: no message beside it", id)
		}
	}
}

// TestExternalImagesRefused: an image from another site in a text is
// refused at save, beside the text, which is kept: the site's CSP would
// block it, and it would tell that site who reads the page.
func TestExternalImagesRefused(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	for _, src := range []string{"http://evil.example/x.png", "//evil.example/x.png", "HTTPS://evil.example/x.png"} {
		f := sitetest.NewsForm("published")
		f.Set("body.ru", "Текст.\n\n![x]("+src+")")
		d := sitetest.Expect(t, src, c.Post("/admin/entries/new?kind=news", f), http.StatusUnprocessableEntity)
		if d.Find("#lang-ru .field-error").Text() == "" || !strings.Contains(d.Find(`textarea[name="body.ru"]`).Text(), src) {
			t.Errorf("%s: no message beside the text, or the text is lost", src)
		}
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE body_md LIKE '%evil.example%'`); n != 0 {
		t.Errorf("%d texts saved with another site's image", n)
	}
}

// TestBrokenFiguresRefusedAtSave: a figure of a photo the library no
// longer has, or of a file that is no photo (a PDF), is refused when a
// draft is saved, not only when it is published; a text with several
// problems is told all of them at once, and keeps what was typed.
func TestBrokenFiguresRefusedAtSave(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("figures@example.org", "editor")
	pdf := strconv.FormatInt(sitetest.Uploaded(c, "leaflet.pdf", demo.PDF("Leaflet", []string{"One line."})), 10)
	gone, notPhoto, stray := "no longer in the media library", "is not a photo", "works only for a photo on a line of its own"
	for _, c2 := range []struct {
		body string
		want []string
	}{
		{"Text.\n\n![](media:987654321)", []string{gone}},
		{"Text.\n\n![](media:" + pdf + ")", []string{notPhoto}},
		{"See [the leaflet](media:" + pdf + ").\n\n![](media:987654321)", []string{stray, gone}},
	} {
		f := sitetest.NewsForm("draft")
		f.Set("body.en", c2.body)
		d := sitetest.Expect(t, c2.body, c.Post("/admin/entries/new?kind=news", f), http.StatusUnprocessableEntity)
		msg := d.Find("#lang-en .field-error").Text()
		for _, w := range c2.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q: message %q lacks %q", c2.body, msg, w)
			}
		}
		if got := d.Find(`textarea[name="body.en"]`).Text(); got != c2.body {
			t.Errorf("%q: the text came back as %q", c2.body, got)
		}
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE body_md LIKE '%media:987654321%' OR body_md LIKE '%media:`+pdf+`)%'`); n != 0 {
		t.Errorf("%d texts saved with a broken figure", n)
	}
}

// TestMediaCheckedWithEverything: a save is told every problem with its
// media at once, each beside the field that has it, once: a broken figure
// in a form that also lacks a title; an issue article's photo without an
// alt text, or gone, beside the article (not its language's body too); a
// gone figure and a photo without an alt text in the same text.
func TestMediaCheckedWithEverything(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("figures@example.org", "editor")
	noAlt := strconv.FormatInt(sitetest.Uploaded(c, "hall.png", sitetest.PNG(t, 40, 30, 90)), 10)
	const gone, altMissing = "no longer in the media library", "has no alt text in English"
	// The message beside a text field: the field-error after it (and its
	// hint), or after the label that holds it.
	beside := func(d *goquery.Document, name string) string {
		s := d.Find(`[name="` + name + `"]`).First()
		if s.Parent().Is("label") {
			s = s.Parent()
		}
		for s = s.Next(); s.Is("p.hint"); s = s.Next() {
		}
		return s.Filter("p.field-error").Text()
	}

	f := sitetest.NewsForm("published")
	f.Set("title.en", "")
	f.Set("slug.en", "")
	f.Set("body.en", "Text.\n\n![](media:987654321)\n\n![](media:"+noAlt+")")
	d := sitetest.Expect(t, "no title, broken figures", c.Post("/admin/entries/new?kind=news", f), http.StatusUnprocessableEntity)
	if beside(d, "title.en") == "" {
		t.Error("no message beside the missing title")
	}
	if got := beside(d, "body.en"); !strings.Contains(got, gone) || !strings.Contains(got, altMissing) {
		t.Errorf("beside the text, with the title missing: %q; want the gone photo and the missing alt text", got)
	}

	issue, err := e.Store.LatestNewsletter(t.Context(), "en")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/entries/" + strconv.FormatInt(issue.ID, 10)
	for _, tc := range []struct{ figure, want string }{
		{"![](media:" + noAlt + ")", altMissing},
		{"![](media:987654321)", gone},
	} {
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		if f.Get("status.en") != "published" {
			t.Fatalf("the demo issue is not live in English: %q", f.Get("status.en"))
		}
		f.Set("article.0.body.en", f.Get("article.0.body.en")+"\n\n"+tc.figure)
		d := sitetest.Expect(t, tc.figure, c.Post(path, f), http.StatusUnprocessableEntity)
		if got := beside(d, "article.0.body.en"); strings.Count(got, tc.want) != 1 {
			t.Errorf("%s: beside the article: %q; want %q once", tc.figure, got, tc.want)
		}
		if got := beside(d, "body.en"); got != "" {
			t.Errorf("%s: beside the issue's own text: %q", tc.figure, got)
		}
	}
}

// TestRevisionShowsSharedFields: comparing a revision of an issue shows
// what restoring it would bring back beyond the texts: articles' texts
// too, the PDF editions and the cover (an issue's lead image).
func TestRevisionShowsSharedFields(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("rev@example.org", "editor")
	issue, err := e.Store.LatestNewsletter(t.Context(), "en")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/entries/" + strconv.FormatInt(issue.ID, 10)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	version := f.Get("version")
	f.Set("article.0.body.en", f.Get("article.0.body.en")+"\n\nA paragraph added to the article.")
	f.Set("edition.en", "")
	if res := c.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	d := c.Page(path+"/revisions/"+version, http.StatusOK)
	section := func(label string) *goquery.Selection {
		return d.Find("section.diff").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.HasPrefix(s.Find("h2").Text(), label)
		})
	}
	if a := section("Articles"); a.HasClass("unchanged") || !strings.Contains(a.Find(".diff-new").Text(), "A paragraph added to the article.") {
		t.Errorf("articles: %q", a.Text())
	}
	if ed := section("PDF editions"); ed.Length() != 1 || ed.HasClass("unchanged") {
		t.Errorf("editions: %q", ed.Text())
	}
	if l := section("Cover image"); l.Length() != 1 || !l.HasClass("unchanged") {
		t.Errorf("cover: %q", l.Text())
	}
}

// TestIssuePreviewEditions: an issue's preview lists the PDF editions as
// its public page does, the page's language first.
func TestIssuePreviewEditions(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	issue, err := e.Store.LatestNewsletter(t.Context(), "ru")
	if err != nil {
		t.Fatal(err)
	}
	f := sitetest.FormOf(c.Page("/admin/entries/"+strconv.FormatInt(issue.ID, 10), http.StatusOK), "#entry-form")
	if f.Get("edition.en") == "" || f.Get("edition.ru") == "" {
		t.Fatalf("the demo issue lacks an edition: %v", f)
	}
	for _, lang := range []string{"ru", "en"} {
		res := c.Post("/admin/preview?lang="+lang, f)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("preview %s: %d", lang, res.StatusCode)
		}
		if first := sitetest.ParseDoc(t, res).Find(".editions a.pdf").First().AttrOr("hreflang", ""); first != lang {
			t.Errorf("the %s preview lists the %q edition first", lang, first)
		}
	}
}

// TestEntryTextWithNUL: a NUL character in pasted text (a PDF's copy can
// hold one) is dropped and the rest saved, not the whole form refused.
func TestEntryTextWithNUL(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("nul@example.org", "editor")
	form := sitetest.NewsForm("draft")
	form.Set("title.en", "Pasted\x00 from a PDF")
	form.Set("body.en", "One\x00 paragraph.")
	id := sitetest.CreateEntry(t, c, "news", form)
	d, _, err := e.Store.EntryForEdit(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Texts["en"].Title != "Pasted from a PDF" || d.Texts["en"].Body != "One paragraph." {
		t.Errorf("saved %q, %q", d.Texts["en"].Title, d.Texts["en"].Body)
	}
}

// TestSlugLeftToTheTitleIsFree: an entry whose slug is left to its title
// gets a free one when another entry has that slug (the same title; a
// long title cut at 80 characters before what tells them apart), instead
// of a refusal naming a slug the editor never typed.
func TestSlugLeftToTheTitleIsFree(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("slugs@example.org", "editor")
	long := "Бюллетень МОМ в Центральной Азии о программах по противодействию торговле людьми — "
	slugs := func(id int64) (string, string) {
		d, _, err := e.Store.EntryForEdit(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Texts["en"].Slug, d.Texts["ru"].Slug
	}
	var got [][2]string
	for _, month := range []string{"декабрь 2026", "январь 2027", "февраль 2027"} {
		form := sitetest.NewsForm("draft")
		form.Set("title.en", "Hotline calls up by a third")
		form.Set("title.ru", long+month)
		en, ru := slugs(sitetest.CreateEntry(t, c, "news", form))
		got = append(got, [2]string{en, ru})
	}
	if got[0][0] != "hotline-calls-up-by-a-third" || got[1][0] != "hotline-calls-up-by-a-third-2" || got[2][0] != "hotline-calls-up-by-a-third-3" {
		t.Errorf("English slugs %q", got)
	}
	for i, g := range got {
		if len(g[1]) > 80 || i > 0 && !strings.HasSuffix(g[1], "-"+strconv.Itoa(i+1)) || g[1] == got[0][1] && i > 0 {
			t.Errorf("Russian slug %d: %q", i, g[1])
		}
	}
	// A slug typed by the editor that is taken is still refused.
	form := sitetest.NewsForm("draft")
	form.Set("slug.en", "hotline-calls-up-by-a-third")
	if res := c.Post("/admin/entries/new?kind=news", form); res.StatusCode != http.StatusConflict {
		t.Errorf("a typed slug taken: %d", res.StatusCode)
	}
}

// TestPageSlugLeftToTheTitleAvoidsTheSite: a page titled "Search" or
// "Subscribe" with its address left to the title gets one the site does
// not use itself (search-2), not a refusal naming an address the editor
// never typed; an address typed by the editor that the site uses is
// still refused.
func TestPageSlugLeftToTheTitleAvoidsTheSite(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("pages@example.org", "editor")
	for title, want := range map[string]string{"Search": "search-2", "Subscribe": "subscribe-2", "Feed": "feed-2"} {
		form := sitetest.NewsForm("draft")
		form.Set("kind", "page")
		form.Set("title.en", title)
		id := sitetest.CreateEntry(t, c, "page", form)
		d, _, err := e.Store.EntryForEdit(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Texts["en"].Slug; got != want {
			t.Errorf("page %q: slug %q, want %q", title, got, want)
		}
	}
	form := sitetest.NewsForm("draft")
	form.Set("kind", "page")
	form.Set("title.en", "Search tips")
	form.Set("slug.en", "search")
	if res := c.Post("/admin/entries/new?kind=page", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a typed reserved slug: %d", res.StatusCode)
	}
}

// TestEditorActionsOffered: an editor's post of an action their form does
// not offer — submitting for review, which is a translator's, an issue's
// buttons on a news item, a language the site does not have, anything
// else — answers 403 and changes nothing.
func TestEditorActionsOffered(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	version := sitetest.Count(e, `SELECT version FROM entries WHERE id = $1`, id)
	for _, action := range []string{"submit", "add_article", "cover.en", "start.xx", "discard.xx", "approve", "frobnicate"} {
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		f.Set("title.en", "Tampered: "+action)
		if res := c.Post(path, withAction(f, action)); res.StatusCode != http.StatusForbidden {
			t.Errorf("an editor's %q: %d, want 403", action, res.StatusCode)
		}
	}
	if v := sitetest.Count(e, `SELECT version FROM entries WHERE id = $1`, id); v != version {
		t.Errorf("refused posts saved: version %d → %d", version, v)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("an editor's tampered post submitted %d languages for review", n)
	}
	// What the form offers still works.
	for _, action := range []string{"save", "publish", "start.ru"} {
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		if res := c.Post(path, withAction(f, action)); res.StatusCode == http.StatusForbidden {
			t.Errorf("an editor's %q: 403", action)
		}
	}
}
