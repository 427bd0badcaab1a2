package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// translator logs in a translator for Russian only.
func translator(t *testing.T, e *sitetest.Env) (*sitetest.Client, store.User) {
	t.Helper()
	return translatorOf(t, e, "ru")
}

// translatorOf logs in tr@example.org, a translator of langs.
func translatorOf(t *testing.T, e *sitetest.Env, langs ...string) (*sitetest.Client, store.User) {
	t.Helper()
	c, u := e.Login("tr@example.org", store.RoleTranslator)
	if err := e.Store.SetUserLanguages(t.Context(), u.ID, langs, store.AuditEntry{Action: "user.languages", ObjectType: "user"}); err != nil {
		t.Fatal(err)
	}
	return c, u
}

// TestTranslatorRoutes: a translator reaches the dashboard, the board of
// their languages, an entry, preview, photos' texts and their account;
// every other admin route answers 403, route by route.
func TestTranslatorRoutes(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	id := strconv.FormatInt(sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published")), 10)
	photo := strconv.FormatInt(sitetest.Uploaded(ed, "hall.png", sitetest.PNG(t, 40, 30, 90)), 10)
	c, _ := translator(t, e)
	for _, p := range []string{"/admin/", "/admin/translations", "/admin/translations?lang=ru&state=missing",
		"/admin/entries/" + id, "/admin/account", "/admin/media/" + photo} {
		if res := c.Get(p); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
	}
	// No Image button without the photo picker it opens (editors' only).
	if d := c.Page("/admin/entries/"+id, http.StatusOK); d.Find(`.md-toolbar button[data-md=bold]`).Length() == 0 ||
		d.Find(`.md-toolbar button[data-md=image]`).Length() != 0 || d.Find("#image-picker").Length() != 0 {
		t.Error("a translator's toolbar offers a photo picker the page does not have")
	}
	if res := c.Get("/admin/translations?lang=en"); res.StatusCode != http.StatusNotFound {
		t.Errorf("another language's board: %d", res.StatusCode)
	}
	forbidden := []struct{ method, path string }{
		{"GET", "/admin/entries?kind=news"}, {"GET", "/admin/entries/new?kind=news"}, {"POST", "/admin/entries/new?kind=news"},
		{"POST", "/admin/entries/" + id + "/unpublish"}, {"POST", "/admin/entries/" + id + "/review/ru"},
		{"GET", "/admin/entries/" + id + "/revisions"}, {"GET", "/admin/entries/" + id + "/revisions/1"},
		{"POST", "/admin/entries/" + id + "/revisions/1/restore"}, {"GET", "/admin/entries/" + id + "/send"},
		{"POST", "/admin/entries/" + id + "/send"}, {"GET", "/admin/media"}, {"POST", "/admin/media"},
		{"POST", "/admin/media/" + photo + "/replace"}, {"POST", "/admin/media/" + photo + "/delete"},
		{"GET", "/admin/hotlines"}, {"GET", "/admin/hotlines/new"}, {"POST", "/admin/hotlines/new"}, {"GET", "/admin/hotlines/1"},
		{"POST", "/admin/hotlines/1"}, {"POST", "/admin/hotlines/1/move"}, {"POST", "/admin/hotlines/1/active"},
		{"GET", "/admin/users"}, {"GET", "/admin/audit"}, {"GET", "/admin/languages"}, {"GET", "/admin/subscribers"},
		{"GET", "/admin/outbox"}, {"GET", "/admin/trash"}, {"POST", "/admin/entries/" + id + "/trash"},
		{"POST", "/admin/entries/" + id + "/untrash"},
	}
	for _, f := range forbidden {
		var res *http.Response
		if f.method == "GET" {
			res = c.Get(f.path)
		} else {
			res = c.Post(f.path, url.Values{"version": {"1"}})
		}
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s: %d, want 403", f.method, f.path, res.StatusCode)
		}
	}
	// The photo's texts: only the Russian ones change, and the page says
	// so — the rest is read-only, and no link leads to the library.
	d := c.Page("/admin/media/"+photo, http.StatusOK)
	if d.Find(`input[name="alt.en"][readonly]`).Length() != 1 || d.Find(`input[name="alt.ru"][readonly]`).Length() != 0 ||
		d.Find(`input[name=focus_x][disabled]`).Length() != 1 || d.Find(`input[name=decorative][disabled]`).Length() != 1 ||
		d.Find(`a[href="/admin/media"]`).Length() != 0 {
		t.Error("a translator's photo page offers fields a save ignores, or a link to a page they may not open")
	}
	f := sitetest.FormOf(d, "#image-form")
	f.Set("alt.ru", "Зал ожидания")
	f.Set("alt.en", "Changed by the translator")
	f.Set("focus_x", "10")
	if res := c.Post("/admin/media/"+photo, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the photo's texts: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media_texts WHERE media_id = $1 AND lang = 'ru' AND alt = 'Зал ожидания'`, photo); n != 1 {
		t.Error("the Russian alt text was not saved")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media_texts WHERE media_id = $1 AND alt = 'Changed by the translator'`, photo); n != 0 {
		t.Error("a translator changed the English alt text")
	}
}

// TestTranslatorWorkflow: an editor publishes the English of a story; a
// translator for Russian starts from the English, drafts the Russian
// (nothing else they post changes anything), submits it; the editor sees
// it waiting, sends it back with a comment the translator then reads; the
// translator fixes and submits again; the editor approves and the Russian
// is live. Every step is in the audit log.
func TestTranslatorWorkflow(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	form := sitetest.NewsForm("published")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Del(k)
	}
	form.Set("status.ru", "draft") // nothing to publish in Russian
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, _ := translator(t, e)

	d := c.Page(path, http.StatusOK)
	if d.Find(`input[name="title.en"][readonly]`).Length() != 1 || d.Find(`input[name="title.ru"][readonly]`).Length() != 0 {
		t.Error("the English is not read-only, or the Russian is")
	}
	if d.Find(`select[name="status.ru"], form.danger-zone, button[value=publish]`).Length() != 0 {
		t.Error("a translator is offered publication controls")
	}
	// Submitting an empty Russian submits nothing, and says so.
	f := sitetest.FormOf(d, "#entry-form")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther ||
		!strings.Contains(c.Page(path, http.StatusOK).Find(".flash").Text(), "nothing was submitted") {
		t.Error("an empty translation reported as submitted")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d reviews of an empty translation", n)
	}
	// Start from the source: the English fills the empty Russian, unsaved.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	res := c.Post(path, withAction(f, "start.ru"))
	d = sitetest.Expect(t, "start from the source", res, http.StatusOK)
	if got := d.Find(`textarea[name="body.ru"]`).Text(); !strings.Contains(got, "First paragraph.") {
		t.Errorf("not started from the English: %q", got)
	}
	// Typed first, then started: the typed title stays, the rest fills.
	f.Set("title.ru", "Мой заголовок")
	d = sitetest.Expect(t, "start from the source after typing", c.Post(path, withAction(f, "start.ru")), http.StatusOK)
	if sitetest.Attr(d.Find(`input[name="title.ru"]`), "value") != "Мой заголовок" || !strings.Contains(d.Find(`textarea[name="body.ru"]`).Text(), "First paragraph.") {
		t.Errorf("start after typing: title %q, body %q", sitetest.Attr(d.Find(`input[name="title.ru"]`), "value"), d.Find(`textarea[name="body.ru"]`).Text())
	}
	f = sitetest.FormOf(d, "#entry-form")
	f.Set("title.ru", "Консультанты горячей линии встретились в Мары")
	f.Set("body.ru", "Первый абзац перевода.")
	f.Set("title.en", "Tampered by the translator")
	f.Set("status.ru", "published")
	// A button a translator is not shown is refused, not reported done.
	for _, action := range []string{"publish", "add_article", "start.en", "discard.en", "approve", "nonsense"} {
		if res := c.Post(path, withAction(f, action)); res.StatusCode != http.StatusForbidden {
			t.Errorf("a translator's %q: %d, want 403", action, res.StatusCode)
		}
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND lang = 'ru'`, id); n != 0 {
		t.Error("a refused post saved the Russian")
	}
	// Nor does a translator make an issue's cover: it adds to the media
	// library, which is editors' work.
	issue, err := e.Store.LatestNewsletter(t.Context(), "ru")
	if err != nil {
		t.Fatal(err)
	}
	issuePath := "/admin/entries/" + strconv.FormatInt(issue.ID, 10)
	if res := c.Post(issuePath, withAction(sitetest.FormOf(c.Page(issuePath, http.StatusOK), "#entry-form"), "cover.ru")); res.StatusCode != http.StatusForbidden {
		t.Errorf("a translator's cover.ru on an issue: %d, want 403", res.StatusCode)
	}
	if res := c.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("translator's save: %d", res.StatusCode)
	}
	if e.Get(ruPath).StatusCode != http.StatusNotFound {
		t.Error("a translator's save published the Russian")
	}
	if e.Doc(enPath, http.StatusOK).Find("h1").Text() != "Hotline trainers meet in Mary" ||
		sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1 AND lang = 'en'`, id) != 0 {
		t.Error("a translator changed the English")
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if e.Get(ruPath).StatusCode != http.StatusNotFound {
		t.Error("submitting published the Russian")
	}

	// The editor sees it waiting, and sends it back.
	if ed.Page("/admin/", http.StatusOK).Find(`.reviews li[data-review="`+strconv.FormatInt(id, 10)+`-ru"]`).Length() != 1 {
		t.Fatal("not on the editor's waiting-for-review list")
	}
	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("action", "return")
	if res := ed.Post(path+"/review/ru", ef); res.StatusCode != http.StatusSeeOther ||
		!strings.Contains(ed.Page(path, http.StatusOK).Find(".flash").Text(), "Write a comment") {
		t.Error("sent back without a comment")
	}
	ef.Set("review_comment.ru", "Please translate the second paragraph too.")
	if res := ed.Post(path+"/review/ru", ef); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send back: %d", res.StatusCode)
	}
	d = c.Page(path, http.StatusOK)
	if got := d.Find("#lang-ru .review-comment").Text(); got != "Please translate the second paragraph too." {
		t.Errorf("the translator sees the comment %q", got)
	}
	// Their dashboard lists it, with the comment, until they submit again.
	returned := `.returned li[data-returned="` + strconv.FormatInt(id, 10) + `-ru"]`
	if got := c.Page("/admin/", http.StatusOK).Find(returned + " .review-comment").Text(); got != "Please translate the second paragraph too." {
		t.Errorf("the translator's dashboard: sent back with %q", got)
	}
	if ed.Page("/admin/", http.StatusOK).Find(".returned").Length() != 0 {
		t.Error("the editor's dashboard lists the translator's returned text")
	}
	f = sitetest.FormOf(d, "#entry-form")
	f.Set("body.ru", "Первый абзац перевода.\n\nИ второй абзац.")
	c.Post(path, withAction(f, "submit"))
	if c.Page("/admin/", http.StatusOK).Find(returned).Length() != 0 {
		t.Error("submitted again, still listed as sent back")
	}

	// The editor corrects the Russian in the form and approves without
	// saving: asked to save first, nothing typed lost, nothing published.
	ef = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("body.ru", "Первый абзац перевода.\n\nИ второй абзац, исправленный редактором.")
	ef.Set("action", "approve")
	d = sitetest.Expect(t, "approve with unsaved edits", ed.Post(path+"/review/ru", ef), http.StatusConflict)
	if d.Find("#lang-ru [data-review] .field-error").Text() == "" || !strings.Contains(d.Find(`textarea[name="body.ru"]`).Text(), "исправленный редактором") {
		t.Error("approving unsaved edits: no message, or the edits are lost")
	}
	// The form's top says so too, not "correct the fields marked below":
	// nothing typed is wrong, and no field is marked.
	if got := d.Find("#entry-form > .form-error").Text(); !strings.Contains(got, "save them first") || strings.Contains(got, "correct the fields") {
		t.Errorf("approving unsaved edits: the form says %q", got)
	}
	if e.Get(ruPath).StatusCode != http.StatusNotFound {
		t.Error("approving unsaved edits published the Russian")
	}

	// Approved: the Russian is live.
	if res := approve(ed, path); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	if got := e.Doc(ruPath, http.StatusOK).Find(".body").Text(); !strings.Contains(got, "И второй абзац.") {
		t.Errorf("the approved Russian: %q", got)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d reviews left after approval", n)
	}
	for _, action := range []string{"entry.submit", "entry.return", "entry.approve"} {
		if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = $2`, id, action); n == 0 {
			t.Errorf("no %s in the audit log", action)
		}
	}
}

// TestAdminMakesATranslator: an admin gives an account the translator
// role and its languages from the account's page.
func TestAdminMakesATranslator(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("chief@example.org", store.RoleAdmin)
	u := e.User("new@example.org", store.RoleEditor)
	page := "/admin/users/" + strconv.FormatInt(u.ID, 10)
	if res := a.Post(page+"/role", url.Values{"role": {"translator"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("role: %d", res.StatusCode)
	}
	d := a.Page(page, http.StatusOK)
	if d.Find(`#languages input[name=lang]`).Length() != 2 {
		t.Fatal("no languages form for a translator")
	}
	// Without languages, the admin is told what that means, and so is
	// the translator (not "not allowed").
	if got := d.Find(`#languages .form-error`).Text(); !strings.Contains(got, "can edit nothing") {
		t.Errorf("no warning of a translator without languages: %q", got)
	}
	if got := d.Find(`#languages span[lang=ru]`).Text(); got != "Русский" {
		t.Errorf("a language named %q, not by its own name", got)
	}
	tr := e.Client()
	if res := tr.Post("/admin/login", url.Values{"email": {"new@example.org"}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the translator's login: %d", res.StatusCode)
	}
	if got := tr.Page("/admin/translations", http.StatusOK).Find(".form-error").Text(); !strings.Contains(got, "No languages are assigned to you yet") {
		t.Errorf("the translator's board: %q", got)
	}
	if res := a.Post(page+"/languages", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("no languages: %d", res.StatusCode)
	}
	if got := a.Page(page, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "no languages") {
		t.Errorf("saving none: %q", got)
	}
	// A language the site does not have is refused, not dropped: the
	// page says so, with the ticks as posted, and saves nothing.
	d = sitetest.Expect(t, "an unknown language", a.Post(page+"/languages", url.Values{"lang": {"ru", "xx"}}), http.StatusUnprocessableEntity)
	if d.Find(`#languages .field-error`).Text() == "" || d.Find(`#languages input[name=lang][value=ru][checked]`).Length() != 1 {
		t.Error("refused without a message, or without the ticks as posted")
	}
	if got, err := e.Store.UserByID(t.Context(), u.ID); err != nil || len(got.Langs) != 0 {
		t.Errorf("the refused languages were saved: %v (%v)", got.Langs, err)
	}
	if res := a.Post(page+"/languages", url.Values{"lang": {"ru", "ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("languages: %d", res.StatusCode)
	}
	got, err := e.Store.UserByID(t.Context(), u.ID)
	if err != nil || got.Role != store.RoleTranslator || strings.Join(got.Langs, ",") != "ru" {
		t.Errorf("role %q, languages %v (%v)", got.Role, got.Langs, err)
	}
}

// TestTranslatorKeepsTurnedOffLanguage: a translator's language that the
// site turned off since is shown on their account's page, ticked and
// marked, and saving the page as shown keeps it; unticked, it goes. A
// language turned off is given to no one new.
func TestTranslatorKeepsTurnedOffLanguage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("chief@example.org", store.RoleAdmin)
	u := e.User("tk-tr@example.org", store.RoleTranslator)
	if err := e.Store.SetUserLanguages(t.Context(), u.ID, []string{"ru", "tk"}, store.AuditEntry{Action: "user.languages", ObjectType: "user"}); err != nil {
		t.Fatal(err)
	}
	page := "/admin/users/" + strconv.FormatInt(u.ID, 10)
	langs := func(id int64) string {
		got, err := e.Store.UserByID(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(got.Langs, ",")
	}
	d := a.Page(page, http.StatusOK)
	tk := d.Find(`#languages input[name=lang][value=tk]`)
	if tk.Length() != 1 || tk.AttrOr("checked", "no") == "no" || tk.Parent().Find(`[data-state=off]`).Length() != 1 {
		t.Fatalf("the turned-off Turkmen is not shown ticked and marked: %q", d.Find("#languages").Text())
	}
	if res := a.Post(page+"/languages", sitetest.FormOf(d, "#languages form")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save as shown: %d", res.StatusCode)
	}
	if got := langs(u.ID); got != "ru,tk" {
		t.Errorf("saved as shown: %q, want ru,tk", got)
	}
	if res := a.Post(page+"/languages", url.Values{"lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("untick Turkmen: %d", res.StatusCode)
	}
	if got := langs(u.ID); got != "ru" {
		t.Errorf("unticked: %q, want ru", got)
	}
	sitetest.Expect(t, "Turkmen again, while off", a.Post(page+"/languages", url.Values{"lang": {"ru", "tk"}}), http.StatusUnprocessableEntity)
	if got := langs(u.ID); got != "ru" {
		t.Errorf("a turned-off language given anew: %q", got)
	}
}

// russianSubmitted has an editor publish a news item in both languages
// and a translator change its Russian (edit) and submit it for review.
func russianSubmitted(t *testing.T, e *sitetest.Env, edit func(url.Values)) (ed *sitetest.Client, id int64, path string) {
	t.Helper()
	ed, _ = e.Login("ed@example.org", store.RoleEditor)
	id = sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	path = "/admin/entries/" + strconv.FormatInt(id, 10)
	c, _ := translator(t, e)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	edit(f)
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	return ed, id, path
}

// approve posts the entry's form, as it stands, to approve its Russian.
func approve(ed *sitetest.Client, path string) *http.Response {
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("action", "approve")
	return ed.Post(path+"/review/ru", f)
}

// TestApproveWhenSlugTaken: a translator's changes to a live text move it
// to a new address; another entry takes that address before the editor
// approves. Approving then says why it cannot, and the text waits on.
func TestApproveWhenSlugTaken(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, id, path := russianSubmitted(t, e, func(f url.Values) {
		f.Set("title.ru", "Консультанты встретились снова")
		f.Set("slug.ru", "konsultanty-vstretilis-snova")
	})
	other := sitetest.NewsForm("published")
	other.Set("title.en", "Another story")
	other.Set("slug.en", "another-story")
	other.Set("slug.ru", "konsultanty-vstretilis-snova")
	sitetest.CreateEntry(t, ed, "news", other)

	if res := approve(ed, path); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d, want a redirect with a message", res.StatusCode)
	}
	if got := ed.Page(path, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "now used by another entry") {
		t.Errorf("flash %q", got)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1 AND lang = 'ru' AND state = 'waiting'`, id); n != 1 {
		t.Errorf("%d reviews waiting, want 1", n)
	}
	if got := e.Doc(ruPath, http.StatusOK).Find("h1").Text(); got != "Консультанты горячей линии встретились в Мары" {
		t.Errorf("the live Russian changed: %q", got)
	}
}

// TestApproveAfterUnpublish: a translator's changes to a live text wait
// for review; the entry is taken down meanwhile. Approving publishes the
// reviewed changes, not the old text.
func TestApproveAfterUnpublish(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _, path := russianSubmitted(t, e, func(f url.Values) { f.Set("body.ru", "Исправленный перевод.") })
	sitetest.EntryAction(t, ed, path, "unpublish")
	if res := approve(ed, path); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	if got := e.Doc(ruPath, http.StatusOK).Find(".body").Text(); !strings.Contains(got, "Исправленный перевод.") {
		t.Errorf("the approved Russian: %q", got)
	}
}

// TestApproveKeepsArticleEdits: an issue's articles edited in the form
// and not saved are not lost by approving a review either.
func TestApproveKeepsArticleEdits(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	issue, err := e.Store.LatestNewsletter(t.Context(), "ru")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/entries/" + strconv.FormatInt(issue.ID, 10)
	c, _ := translator(t, e)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.ru", "Исправленное краткое содержание.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	if ef.Get("article.0.body.en") == "" {
		t.Fatal("the issue's form has no first article")
	}
	ef.Set("article.0.body.en", ef.Get("article.0.body.en")+"\n\nA sentence the editor added.")
	ef.Set("action", "approve")
	d := sitetest.Expect(t, "approve with an article edited", ed.Post(path+"/review/ru", ef), http.StatusConflict)
	if !strings.Contains(d.Find(`textarea[name="article.0.body.en"]`).Text(), "A sentence the editor added.") {
		t.Error("the article's edit is lost")
	}
}

// TestTranslatorAndTrash: an entry in the trash is out of a translator's
// reach, to open or to submit.
func TestTranslatorAndTrash(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, _ := translator(t, e)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	if res := ed.Post(path+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	if res := c.Get(path); res.StatusCode != http.StatusNotFound {
		t.Errorf("a translator opens a trashed entry: %d", res.StatusCode)
	}
	f.Set("title.ru", "Перевод в корзине")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusNotFound {
		t.Errorf("a translator submits a trashed entry: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d reviews of a trashed entry", n)
	}
	if res := ed.Get(path); res.StatusCode != http.StatusOK {
		t.Errorf("an editor opens a trashed entry: %d", res.StatusCode)
	}
}

// TestReturnedSettledByPublishing: a text sent back to its translator
// leaves their list once an editor publishes that language themselves,
// and the translator is told.
func TestReturnedSettledByPublishing(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, id, path := russianSubmitted(t, e, func(f url.Values) { f.Set("summary.ru", "Итог от переводчика") })
	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("action", "return")
	ef.Set("review_comment.ru", "Слишком коротко.")
	if res := ed.Post(path+"/review/ru", ef); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send back: %d", res.StatusCode)
	}
	tr, ok := loginAs(e, "tr@example.org", sitetest.Password, "192.0.2.44:1") // russianSubmitted's translator
	if !ok {
		t.Fatal("the translator cannot log in")
	}
	returned := `.returned li[data-returned="` + strconv.FormatInt(id, 10) + `-ru"]`
	if tr.Page("/admin/", http.StatusOK).Find(returned).Length() != 1 {
		t.Fatal("not on the translator's list")
	}
	// The editor mends the Russian and publishes it.
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.ru", "Итог, исправленный редактором")
	if res := ed.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if tr.Page("/admin/", http.StatusOK).Find(returned).Length() != 0 {
		t.Error("published by the editor, still on the translator's list to mend")
	}
	// The translator, who may be mending it still, is told.
	if n := sitetest.Count(e, `SELECT count(*) FROM mail_queue q JOIN users u ON u.id = q.review_user_id
		WHERE q.kind = 'review' AND q.review_event = 'published' AND q.review_entry_id = $1 AND q.review_lang = 'ru'
			AND u.email = 'tr@example.org' AND q.requested_by = (SELECT id FROM users WHERE email = 'ed@example.org')`, id); n != 1 {
		t.Errorf("%d notices to the translator that the text went live without them, want 1", n)
	}
}

// TestTranslationFollowsSource: a translator's edits to a draft
// translation never mark the source as needing an update, so the
// editor's next change to the source does mark the translation.
func TestTranslationFollowsSource(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	f := sitetest.NewsForm("published")
	for _, k := range []string{"title.ru", "summary.ru", "body.ru"} {
		f.Set(k, "")
	}
	f.Set("status.ru", "draft") // nothing to publish in Russian
	id := sitetest.CreateEntry(t, ed, "news", f)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	tr, _ := translator(t, e)
	state := func(c *sitetest.Client, lang string) string {
		return c.Page(path, http.StatusOK).Find("#lang-"+lang+" .tstate").AttrOr("class", "")
	}
	for i, body := range []string{"Первый абзац перевода.", "Первый абзац перевода.\n\nИ совсем другой второй абзац, длинный."} {
		tf := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
		tf.Set("title.ru", "Консультанты встретились")
		tf.Set("body.ru", body)
		if res := tr.Post(path, tf); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("translator's save %d: %d", i, res.StatusCode)
		}
		if msg := tr.Page(path, http.StatusOK).Find(".flash").Text(); strings.Contains(msg, "needing an update") {
			t.Errorf("translator's save %d: %q", i, msg)
		}
	}
	if got := state(ed, "en"); got != "tstate current" {
		t.Errorf("the English source after the translator's edits: %q", got)
	}
	// The editor changes the meaning of the English: the Russian is behind.
	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("body.en", "The hotline now answers on Saturdays and Sundays, from 8:00 to 22:00.")
	if res := ed.Post(path, withAction(ef, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor's save: %d", res.StatusCode)
	}
	if got := state(ed, "ru"); got != "tstate outdated" {
		t.Errorf("the Russian after the English changed: %q", got)
	}
}

// TestApproveNeedsAltText: approving publishes, so it asks what
// publishing asks — a photo the text shows needs an alt text in its
// language. Refused, it says which photo and where to describe it,
// publishes nothing and leaves the text waiting; described, it goes live.
func TestApproveNeedsAltText(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	photo := sitetest.Uploaded(ed, "hall.png", sitetest.PNG(t, 40, 30, 90))
	page := "/admin/media/" + strconv.FormatInt(photo, 10)
	if res := ed.Post(page, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"The waiting hall"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe in English: %d", res.StatusCode)
	}
	form := sitetest.NewsForm("published")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Del(k)
	}
	form.Set("status.ru", "draft") // nothing to publish in Russian
	form.Set("lead_image", strconv.FormatInt(photo, 10))
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, _ := translator(t, e)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Консультанты горячей линии встретились в Мары")
	f.Set("body.ru", "Первый абзац перевода.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}

	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("action", "approve")
	ef.Set("review_comment.ru", "A comment typed before approving")
	d := sitetest.Expect(t, "approve without a Russian alt text", ed.Post(path+"/review/ru", ef), http.StatusUnprocessableEntity)
	box := d.Find("#lang-ru [data-review]")
	if msg := box.Find(".field-error").Text(); !strings.Contains(msg, "without an alt text in Russian") {
		t.Errorf("the refusal says %q", msg)
	}
	if a := box.Find(`.alt-missing a[href="` + page + `"]`); a.Text() != "hall.png" {
		t.Errorf("the photo is not named with a link to its page: %q", box.Find(".alt-missing").Text())
	}
	if d.Find(`textarea[name="review_comment.ru"]`).Text() != "A comment typed before approving" ||
		sitetest.Attr(d.Find(`input[name="title.ru"]`), "value") != "Консультанты горячей линии встретились в Мары" {
		t.Error("the refused form lost what was in it")
	}
	if e.Get(ruPath).StatusCode != http.StatusNotFound {
		t.Error("the Russian went live without its alt text")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1 AND lang = 'ru' AND state = 'waiting'`, id); n != 1 {
		t.Errorf("%d reviews waiting, want 1", n)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = 'entry.approve'`, id); n != 0 {
		t.Error("a refused approval is in the audit log")
	}

	// Described in Russian: approved, live, and the entry saves as before.
	if res := ed.Post(page, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"The waiting hall"}, "alt.ru": {"Зал ожидания"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe in Russian: %d", res.StatusCode)
	}
	if res := approve(ed, path); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	if got := sitetest.Attr(e.Doc(ruPath, http.StatusOK).Find("img").First(), "alt"); got != "Зал ожидания" {
		t.Errorf("the live Russian's photo: alt %q", got)
	}
	if res := ed.Post(path, sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the editor's next save: %d", res.StatusCode)
	}
}

// TestApprovalIsARevision: an approval changes what the entry holds, so
// it is a revision like any save: the newest revision is the entry's
// version, the compare page counts the same, the list says what it was,
// and saving the form unchanged afterwards saves nothing.
func TestApprovalIsARevision(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, id, path := russianSubmitted(t, e, func(f url.Values) { f.Set("body.ru", "Исправленный перевод.") })
	if res := approve(ed, path); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	version := sitetest.Count(e, `SELECT version FROM entries WHERE id = $1`, id)
	d := ed.Page(path+"/revisions", http.StatusOK)
	current := d.Find("tbody tr").First()
	if got := strings.Fields(current.Find("td.version").Text()); len(got) == 0 || got[0] != strconv.Itoa(version) || current.Find(".status").Length() != 1 {
		t.Errorf("the list's current revision is %q, the entry's version %d", current.Find("td.version").Text(), version)
	}
	if got := current.Text(); !strings.Contains(got, "in Russian approved") {
		t.Errorf("the approval's revision reads %q", got)
	}
	cmp := ed.Page(path+"/revisions/1", http.StatusOK).Find(".hint").First().Text()
	if !strings.Contains(cmp, "current version "+strconv.Itoa(version)) {
		t.Errorf("the compare page says %q, the entry is at version %d", cmp, version)
	}
	if res := ed.Post(path, withAction(sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form"), "save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if got := ed.Page(path, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "Nothing to save") {
		t.Errorf("saving the approved entry unchanged: %q", got)
	}
}

// TestWaitingNotADraft: a live story whose new translation waits for
// review is on the dashboard's review list, not among the drafts; sent
// back, it is a draft again.
func TestWaitingNotADraft(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	form := sitetest.NewsForm("published")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Del(k)
	}
	form.Set("status.ru", "draft") // nothing to publish in Russian
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, _ := translator(t, e)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Консультанты горячей линии встретились в Мары")
	f.Set("body.ru", "Первый абзац перевода.")
	if res := c.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	drafts := func() bool {
		return ed.Page("/admin/", http.StatusOK).Find(`.dash-grid .panel`).First().Find(`a[href="`+path+`"]`).Length() == 1
	}
	if !drafts() {
		t.Fatal("a draft translation not yet submitted is not among the drafts")
	}
	if res := c.Post(path, withAction(sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form"), "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if drafts() {
		t.Error("a translation waiting for review is listed among the drafts")
	}
	if ed.Page("/admin/", http.StatusOK).Find(`.reviews li[data-review="`+strconv.FormatInt(id, 10)+`-ru"]`).Length() != 1 {
		t.Error("not on the review list")
	}
	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("action", "return")
	ef.Set("review_comment.ru", "Переведите второй абзац.")
	if res := ed.Post(path+"/review/ru", ef); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send back: %d", res.StatusCode)
	}
	if !drafts() {
		t.Error("a translation sent back is not among the drafts")
	}
}

// TestBoardOpensOnWork: the translation board opened without a filter
// shows what there is to do: missing translations when none is behind its
// source, the texts behind their source once one is.
func TestBoardOpensOnWork(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE outdated_since IS NOT NULL`); n != 0 {
		t.Fatalf("the demo has %d outdated texts: this test needs none", n)
	}
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	form := sitetest.NewsForm("published")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Del(k)
	}
	form.Set("status.ru", "draft") // nothing to publish in Russian
	id := sitetest.CreateEntry(t, ed, "news", form)
	c, _ := translator(t, e)
	d := c.Page("/admin/translations", http.StatusOK)
	if got := d.Find(`select[name=state] option[selected]`).AttrOr("value", ""); got != "missing" {
		t.Errorf("with only a missing translation, the board opens on %q", got)
	}
	if d.Find(`tr[data-entry="`+strconv.FormatInt(id, 10)+`"]`).Length() != 1 {
		t.Error("the missing translation is not listed")
	}
	// A Russian falls behind its English: that comes first.
	behind := sitetest.CreateEntry(t, ed, "news", func() url.Values {
		f := sitetest.NewsForm("published")
		f.Set("title.en", "Another story")
		f.Set("title.ru", "Другая история")
		return f
	}())
	path := "/admin/entries/" + strconv.FormatInt(behind, 10)
	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("body.en", "The hotline now answers on Saturdays and Sundays, from 8:00 to 22:00.")
	if res := ed.Post(path, withAction(ef, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor's save: %d", res.StatusCode)
	}
	d = c.Page("/admin/translations", http.StatusOK)
	if got := d.Find(`select[name=state] option[selected]`).AttrOr("value", ""); got != "outdated" {
		t.Errorf("with a text behind its source, the board opens on %q", got)
	}
	// Asked for, a state stays as asked.
	if got := c.Page("/admin/translations?lang=ru&state=current", http.StatusOK).Find(`select[name=state] option[selected]`).AttrOr("value", ""); got != "current" {
		t.Errorf("asked for the texts in line, the board shows %q", got)
	}
}

// TestBoardOpensOnListedWork: the board opened without a state counts
// what it lists: a Russian behind its source in an entry in the trash is
// no work (the board would open on an empty list), and with ?kind= only
// that kind's work counts.
func TestBoardOpensOnListedWork(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE outdated_since IS NOT NULL OR status = 'draft'`); n != 0 {
		t.Fatalf("the demo has %d outdated or draft texts: this test needs none", n)
	}
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	// In the trash: a Russian behind its English.
	trashed := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(trashed, 10)
	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("body.en", "The hotline now answers on Saturdays and Sundays, from 8:00 to 22:00.")
	if res := ed.Post(path, withAction(ef, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor's save: %d", res.StatusCode)
	}
	if res := ed.Post(path+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	// A news item without its Russian, and a page with a Russian draft.
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Only in English")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Del(k)
	}
	form.Set("status.ru", "draft") // nothing to publish in Russian
	missing := sitetest.CreateEntry(t, ed, "news", form)
	form = sitetest.NewsForm("published")
	form.Set("kind", "page")
	form.Set("title.en", "About the hotline")
	form.Set("title.ru", "О горячей линии")
	form.Set("status.ru", "draft")
	page := sitetest.CreateEntry(t, ed, "page", form)

	c, _ := translator(t, e)
	for _, tc := range []struct {
		path, state string
		entry       int64
	}{
		{"/admin/translations", store.BoardMissing, missing},
		{"/admin/translations?kind=page", store.BoardDraft, page},
	} {
		d := c.Page(tc.path, http.StatusOK)
		if got := d.Find(`select[name=state] option[selected]`).AttrOr("value", ""); got != tc.state {
			t.Errorf("%s opens on %q, want %q", tc.path, got, tc.state)
		}
		if d.Find(`tr[data-entry="`+strconv.FormatInt(tc.entry, 10)+`"]`).Length() != 1 {
			t.Errorf("%s does not list entry %d", tc.path, tc.entry)
		}
	}
	// The dashboard's counts are the board's: the trashed text is not behind.
	if got := c.Page("/admin/", http.StatusOK).Find(`.board-counts tr[data-lang="ru"] td.outdated`).Text(); strings.TrimSpace(got) != "0" {
		t.Errorf("the dashboard counts %q Russian texts behind, want 0", got)
	}
}

// TestTranslatorNotAskedToFlag: "do the other languages need updating?"
// is the source's editor's question; a translator's saves never flag the
// others, so their form does not ask it.
func TestTranslatorNotAskedToFlag(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	path := "/admin/entries/" + strconv.FormatInt(sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published")), 10)
	if ed.Page(path, http.StatusOK).Find(`input[name="update.ru"]`).Length() == 0 {
		t.Fatal("the editor is not asked whether the other languages need updating")
	}
	c, _ := translator(t, e)
	if n := c.Page(path, http.StatusOK).Find(`.update-choice, input[name^="update."]`).Length(); n != 0 {
		t.Errorf("the translator is asked whether the other languages need updating (%d fields)", n)
	}
}

// TestNewTranslatorWithLanguages: the new-user form takes a translator's
// languages, saved with the account in one step; a language the site
// does not serve is refused with everything typed still in the form; an
// editor's ticks mean nothing and are not saved.
func TestNewTranslatorWithLanguages(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("chief@example.org", store.RoleAdmin)
	d := a.Page("/admin/users", http.StatusOK)
	if n := d.Find(`#new-user input[type=checkbox][name=langs]`).Length(); n != 2 {
		t.Fatalf("the new-user form offers %d languages, want 2", n)
	}
	form := url.Values{"email": {"new-tr@example.org"}, "name": {"Нина"}, "role": {"translator"}, "lang": {"ru"}, "langs": {"ru", "tk"}}
	d = sitetest.Expect(t, "a language turned off", a.Post("/admin/users/new", form), http.StatusUnprocessableEntity)
	if d.Find("#new-user .field-error").Text() == "" || sitetest.Attr(d.Find(`#new-user input[name=email]`), "value") != "new-tr@example.org" ||
		d.Find(`#new-user input[name=langs][value=ru][checked]`).Length() != 1 {
		t.Error("refused without a message, or without what was typed")
	}
	if _, err := e.Store.UserByEmail(t.Context(), "new-tr@example.org"); err == nil {
		t.Error("the refused account was created")
	}
	form.Set("langs", "ru")
	d = sitetest.Expect(t, "create a translator", a.Post("/admin/users/new", form), http.StatusOK)
	if d.Find(`#languages input[name=lang][value=ru][checked]`).Length() != 1 || d.Find(`#languages .form-error`).Length() != 0 {
		t.Error("the new translator's page does not show their language")
	}
	u, err := e.Store.UserByEmail(t.Context(), "new-tr@example.org")
	if err != nil || u.Role != store.RoleTranslator || strings.Join(u.Langs, ",") != "ru" {
		t.Fatalf("role %q, languages %v (%v)", u.Role, u.Langs, err)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE object_type = 'user' AND object_id = $1 AND action IN ('user.create', 'user.languages')`, u.ID); n != 2 {
		t.Errorf("%d audit lines, want the creation and the languages", n)
	}
	// An editor edits every language: ticks are not saved.
	ed := url.Values{"email": {"new-ed@example.org"}, "role": {"editor"}, "lang": {"en"}, "langs": {"ru"}}
	sitetest.Expect(t, "create an editor", a.Post("/admin/users/new", ed), http.StatusOK)
	if u, err := e.Store.UserByEmail(t.Context(), "new-ed@example.org"); err != nil || len(u.Langs) != 0 {
		t.Errorf("an editor's languages %v (%v)", u.Langs, err)
	}
}

// TestApproveAsksToSaveEveryField: approving (or sending back) reads the
// stored entry, so whatever the form changed and did not save would be
// lost — not only a text, but the lead image, another language's
// publication, an "in line" tick, an issue's PDF editions, period and
// article order. Each asks for a save first, keeps the form as posted
// and approves nothing; the form as loaded approves.
func TestApproveAsksToSaveEveryField(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	photo := strconv.FormatInt(sitetest.Uploaded(ed, "lead.jpg", sitetest.JPEG(t)), 10)
	if res := ed.Post("/admin/media/"+photo, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"A hall"}, "alt.ru": {"Зал"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("photo details: %d", res.StatusCode)
	}
	var pdf string
	e.Pool.QueryRow(t.Context(), `SELECT id::text FROM media WHERE filename LIKE '%-ru.pdf'`).Scan(&pdf)

	f := sitetest.FormOf(ed.Page("/admin/entries/new?kind=newsletter", http.StatusOK), "#entry-form")
	f.Set("period", "2012-03")
	f.Set("status.en", "published")
	f.Set("title.en", "Newsletter March 2012")
	f.Set("title.ru", "")
	f.Set("article.0.title.en", "First")
	res := ed.Post("/admin/entries/new?kind=newsletter", withAction(f, "add_article"))
	f = sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	f.Set("article.1.title.en", "Second")
	id := sitetest.CreateEntry(t, ed, "newsletter", f)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	// The translator writes the Russian and submits it.
	f = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Бюллетень, март 2012")
	f.Set("article.0.title.ru", "Первая")
	f.Set("article.1.title.ru", "Вторая")
	if res := tr.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}

	for _, c := range []struct {
		what  string
		edit  func(f url.Values)
		field string // what the form shows back as posted
		value string
	}{
		{"a lead image chosen", func(f url.Values) { f.Set("lead_image", photo) }, `select[name=lead_image] option[selected]`, photo},
		{"a PDF edition chosen", func(f url.Values) { f.Set("edition.ru", pdf) }, `select[name="edition.ru"] option[selected]`, pdf},
		{"the period", func(f url.Values) { f.Set("period", "2012-04") }, `input[name=period]`, "2012-04"},
		{"the English unpublished", func(f url.Values) { f.Set("status.en", "unpublished") }, `select[name="status.en"] option[selected]`, "unpublished"},
		{"the articles reordered", func(f url.Values) { f.Set("article.1.position", "0") }, `input[name="article.0.title.en"]`, "Second"},
	} {
		f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
		c.edit(f)
		for _, action := range []string{"approve", "return"} {
			f.Set("action", action)
			f.Set("review_comment.ru", "Please check the titles.")
			d := sitetest.Expect(t, c.what+", "+action, ed.Post(path+"/review/ru", f), http.StatusConflict)
			if d.Find("#lang-ru [data-review] .field-error").Text() == "" {
				t.Errorf("%s, %s: no message", c.what, action)
			}
			if got := d.Find(c.field).AttrOr("value", ""); got != c.value {
				t.Errorf("%s, %s: the form shows %q, not what was posted", c.what, action, got)
			}
		}
		if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1 AND lang = 'ru' AND state = 'waiting'`, id); n != 1 {
			t.Fatalf("%s: the review was acted on", c.what)
		}
	}
	// The form as loaded approves.
	if res := approve(ed, path); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND lang = 'ru' AND status = 'published'`, id); n != 1 {
		t.Error("the unchanged form's approval did not publish the Russian")
	}
}

// TestTranslatorSeesIssueMonthAndOrder: an issue's month and its
// articles' order are the editors'. A translator's form shows them as
// text, not as fields a save would ignore, and sends them only for the
// preview; a translator's post that changes them changes neither.
func TestTranslatorSeesIssueMonthAndOrder(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	f := sitetest.FormOf(ed.Page("/admin/entries/new?kind=newsletter", http.StatusOK), "#entry-form")
	f.Set("period", "2012-03")
	f.Set("title.en", "Newsletter March 2012")
	f.Set("article.0.title.en", "First")
	f = sitetest.FormOf(sitetest.Expect(t, "add an article", ed.Post("/admin/entries/new?kind=newsletter", withAction(f, "add_article")), http.StatusOK), "#entry-form")
	f.Set("article.1.title.en", "Second")
	id := sitetest.CreateEntry(t, ed, "newsletter", f)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)

	d := ed.Page(path, http.StatusOK)
	if d.Find(`input[type=month][name=period]`).Length() != 1 || d.Find(`input[type=number][name$=".position"]`).Length() != 2 {
		t.Fatal("the editor's form lost its month or order fields")
	}
	d = tr.Page(path, http.StatusOK)
	if n := d.Find(`#entry-form [name=period]:not([type=hidden]), #entry-form [name$=".position"]:not([type=hidden])`).Length(); n != 0 {
		t.Errorf("a translator's form has %d month or order fields a save ignores", n)
	}
	if got := d.Find(`[data-period]`).Text(); got != "March 2012" {
		t.Errorf("the month shows as %q", got)
	}
	var order []string
	d.Find(`[data-position]`).Each(func(_ int, s *goquery.Selection) { order = append(order, s.Text()) })
	if strings.Join(order, " | ") != "Number: 1 | Number: 2" {
		t.Errorf("the order shows as %v", order)
	}
	// Their preview shows the issue's month.
	f = sitetest.FormOf(d, "#entry-form")
	if got := sitetest.ParseDoc(t, tr.Post("/admin/preview?lang=ru", f)).Find(".period").Text(); got != "Март 2012" {
		t.Errorf("the translator's preview shows the month as %q", got)
	}

	// A post that changes them anyway: the Russian is saved, nothing else.
	f.Set("title.ru", "Бюллетень, март 2012")
	f.Set("article.0.title.ru", "Первая")
	f.Set("article.1.title.ru", "Вторая")
	f.Set("period", "2012-07")
	f.Set("article.1.position", "0")
	if res := tr.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("translator's save: %d", res.StatusCode)
	}
	g := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	if g.Get("period") != "2012-03" {
		t.Errorf("a translator's post moved the issue to %q", g.Get("period"))
	}
	if g.Get("article.0.title.en") != "First" || g.Get("article.0.title.ru") != "Первая" || g.Get("article.1.title.ru") != "Вторая" {
		t.Errorf("after a translator's post the articles are %q/%q, %q/%q", g.Get("article.0.title.en"), g.Get("article.0.title.ru"),
			g.Get("article.1.title.en"), g.Get("article.1.title.ru"))
	}
	if g.Get("title.ru") != "Бюллетень, март 2012" {
		t.Errorf("the Russian title was not saved: %q", g.Get("title.ru"))
	}
}

// TestEditorPolishesTranslationInReview: an editor's change to a text in
// review (waiting, or sent back) is a correction unless they say the
// meaning changed: finishing the translation leaves the English, its
// source, up to date. The form says so beside the choice, and the message
// after saving. Once approved, the Russian is a text like any other.
func TestEditorPolishesTranslationInReview(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	form := sitetest.NewsForm("published")
	form.Set("status.ru", "draft") // its saves are not held back, and the message says what they did
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, _ := translator(t, e)
	submit := func(body string) {
		t.Helper()
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		f.Set("body.ru", body)
		if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d", res.StatusCode)
		}
	}
	// save posts the editor's form with the Russian body changed and the
	// choice for the Russian as given ("": unanswered); it returns the
	// message after saving and the English column's state.
	save := func(body, update string) (flash, en string) {
		t.Helper()
		f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
		f.Set("body.ru", body)
		f.Set("update.ru", update)
		if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		d := ed.Page(path, http.StatusOK)
		return strings.TrimSpace(d.Find(".flash").Text()), d.Find("#lang-en .tstate").AttrOr("class", "")
	}

	submit("Первый абзац перевода.\r\n\r\nВторой абзац перевода.")
	auto := ed.Page(path, http.StatusOK).Find(`#lang-ru input[name="update.ru"][value=""]`).Parent().Text()
	if !strings.Contains(auto, "for a translation in review, no") {
		t.Errorf("the Russian's default, in review: %q", auto)
	}
	// A sentence added: Substantive would say the meaning changed.
	flash, en := save("Первый абзац перевода.\r\n\r\nВторой абзац перевода, дополненный редактором.", "")
	if en != "tstate current" || !strings.Contains(flash, "counts as a correction") {
		t.Errorf("an editor's polish of a waiting translation: English %q, %q", en, flash)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1 AND state = 'waiting'`, id); n != 1 {
		t.Errorf("%d reviews waiting after the editor's save, want 1", n)
	}

	// Sent back: still a translation being finished.
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("review_comment.ru", "Переведите и третий абзац.")
	if res := ed.Post(path+"/review/ru", withAction(f, "return")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send back: %d", res.StatusCode)
	}
	if _, en := save("Первый абзац перевода.\r\n\r\nВторой абзац, дополненный редактором ещё раз.", ""); en != "tstate current" {
		t.Errorf("an editor's polish of a returned translation: English %q", en)
	}
	// An editor who does change the meaning says so.
	if _, en := save("Совсем другой текст о новых часах работы горячей линии.", "yes"); en != "tstate outdated" {
		t.Errorf("a change said to matter: English %q", en)
	}

	// Approved, the Russian is a text like any other: a sentence added
	// flags the English by default.
	submit("Первый абзац перевода.\r\n\r\nВторой абзац.\r\n\r\nТретий абзац.")
	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("inline.en", "1")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("English marked in line: %d", res.StatusCode)
	}
	if res := approve(ed, path); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	if auto := ed.Page(path, http.StatusOK).Find(`#lang-ru input[name="update.ru"][value=""]`).Parent().Text(); strings.Contains(auto, "in review") {
		t.Errorf("the Russian's default, approved: %q", auto)
	}
	if flash, en := save("Первый абзац перевода.\r\n\r\nВторой абзац.\r\n\r\nТретий абзац.\r\n\r\nЧетвёртый абзац.", ""); en != "tstate outdated" {
		t.Errorf("a sentence added to the approved Russian: English %q, %q", en, flash)
	}
}
