package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/mail"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// reviewsDone waits until the sender has worked through every review
// notice, and returns how many it sent and skipped.
func reviewsDone(t *testing.T, e *sitetest.Env, what string) (sent, skipped int) {
	t.Helper()
	sitetest.Eventually(t, time.Minute, what, func() bool {
		return sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review' AND status = 'pending'`) == 0
	})
	return sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review' AND status = 'sent'`),
		sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review' AND status = 'skipped'`)
}

// bothLanguages makes a translator of English and Russian whose admin
// speaks lang, and a live entry in both; it returns the translator's
// client, the entry's admin path and its ID.
func bothLanguages(t *testing.T, e *sitetest.Env, ed *sitetest.Client, lang string) (*sitetest.Client, string, int64) {
	t.Helper()
	c, u := e.Login("tr@example.org", store.RoleTranslator)
	if err := e.Store.SetUserLanguages(t.Context(), u.ID, []string{"en", "ru"}, store.AuditEntry{Action: "user.languages", ObjectType: "user"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Store.SetUserLang(t.Context(), u.ID, lang); err != nil {
		t.Fatal(err)
	}
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	return c, "/admin/entries/" + strconv.FormatInt(id, 10), id
}

// submitBoth posts the translator's changes to both texts for review.
func submitBoth(t *testing.T, c *sitetest.Client, path string) {
	t.Helper()
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "First paragraph, as the translator put it.")
	f.Set("body.ru", "Первый абзац в переводе переводчика.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
}

// TestReviewNoticeOnePerSubmission: a translator who submits two
// languages at once sends each editor one message naming both, in the
// editor's admin language, not one per language.
func TestReviewNoticeOnePerSubmission(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	chief := e.User("chief@example.org", store.RoleAdmin)
	if err := e.Store.SetUserLang(t.Context(), chief.ID, "ru"); err != nil {
		t.Fatal(err)
	}
	c, path, _ := bothLanguages(t, e, ed, "en")
	submitBoth(t, c, path)
	if sent, skipped := reviewsDone(t, e, "the notices of the submission"); sent != 2 || skipped != 0 {
		t.Fatalf("%d notices sent, %d skipped; want one to each of the two", sent, skipped)
	}
	got := mailTo(t, e, "ed@example.org")
	if len(got) != 1 || got[0].Subject != "For review: Hotline trainers meet in Mary (English, Russian)" ||
		!strings.Contains(got[0].Text, "Languages: English, Russian") || !strings.Contains(got[0].Text, sitetest.BaseURL+path+"#lang-en") {
		t.Errorf("the editor's notices: %+v", got)
	}
	got = mailTo(t, e, "chief@example.org")
	if len(got) != 1 || got[0].Subject != "На проверку: Hotline trainers meet in Mary (английский, русский)" ||
		!strings.Contains(got[0].Text, "Языки: английский, русский") || !strings.Contains(got[0].HTML, "английский, русский") {
		t.Errorf("the Russian-speaking admin's notices: %+v", got)
	}
}

// TestReviewNoticeCheckedWhenSent: a notice queued for someone who, before
// it went out, turned the notices off, was disabled or stopped being an
// editor is not sent; the others' are.
func TestReviewNoticeCheckedWhenSent(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	quiet, _ := e.Login("quiet@example.org", store.RoleEditor)
	gone := e.User("gone@example.org", store.RoleEditor)
	demoted := e.User("demoted@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, _ := translator(t, e)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Исправленный перевод.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review' AND status = 'pending'`); n != 4 {
		t.Fatalf("%d notices queued, want 4", n)
	}
	// Between queueing and sending: one says no, one is disabled, one
	// is a translator now.
	if res := quiet.Post("/admin/account/review-mail", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("turn off: %d", res.StatusCode)
	}
	if _, err := e.Pool.Exec(ctx, `UPDATE users SET disabled_at = now() WHERE id = $1`, gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Pool.Exec(ctx, `UPDATE users SET role = 'translator' WHERE id = $1`, demoted.ID); err != nil {
		t.Fatal(err)
	}
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	if sent, skipped := reviewsDone(t, e, "the notices"); sent != 1 || skipped != 3 {
		t.Errorf("%d sent, %d skipped; want 1 and 3", sent, skipped)
	}
	if n := len(mailTo(t, e, "ed@example.org")); n != 1 {
		t.Errorf("the editor got %d messages", n)
	}
	for _, to := range []string{"quiet@example.org", "gone@example.org", "demoted@example.org"} {
		if n := len(mailTo(t, e, to)); n != 0 {
			t.Errorf("%s got %d messages", to, n)
		}
	}
}

// TestReviewNoticeFollowsAccount: a notice goes to its recipient's
// address as it is when sent, never to another account that took the old
// one meanwhile, and a deleted account's notices go with it.
func TestReviewNoticeFollowsAccount(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	moved := e.User("moved@example.org", store.RoleEditor)
	leaving := e.User("leaving@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, _ := translator(t, e)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Исправленный перевод.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review' AND status = 'pending'`); n != 3 {
		t.Fatalf("%d notices queued, want 3", n)
	}
	if _, err := e.Pool.Exec(ctx, `UPDATE users SET email = 'new@example.org' WHERE id = $1`, moved.ID); err != nil {
		t.Fatal(err)
	}
	e.User("moved@example.org", store.RoleEditor) // someone else, after the notice was queued
	if _, err := e.Pool.Exec(ctx, `UPDATE users SET disabled_at = now() WHERE id = $1`, leaving.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.DeleteUser(ctx, leaving.ID); err != nil {
		t.Fatal(err)
	}
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	if sent, skipped := reviewsDone(t, e, "the notices"); sent != 2 || skipped != 0 {
		t.Errorf("%d sent, %d skipped; want 2 and none", sent, skipped)
	}
	for to, want := range map[string]int{"ed@example.org": 1, "new@example.org": 1, "moved@example.org": 0, "leaving@example.org": 0} {
		if n := len(mailTo(t, e, to)); n != want {
			t.Errorf("%s got %d messages, want %d", to, n, want)
		}
	}
}

// TestReviewNoticePublishedDirectly: an editor who changes both texts
// a translator submitted and uses Save and publish changes ends their
// review; the translator is told once, in their language, that both went
// live without the review, with a link to each.
func TestReviewNoticePublishedDirectly(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	c, path, id := bothLanguages(t, e, ed, "ru")
	submitBoth(t, c, path)
	reviewsDone(t, e, "the notices of the submission")

	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "First paragraph, as the editor put it.")
	f.Set("body.ru", "Первый абзац в правке редактора.")
	if res := ed.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d reviews left after publishing", n)
	}
	reviewsDone(t, e, "the notice of the publication")
	got := mailTo(t, e, "tr@example.org")
	if len(got) != 1 {
		t.Fatalf("the translator got %d messages", len(got))
	}
	m := got[0]
	if m.Subject != "Опубликовано без проверки: Hotline trainers meet in Mary (английский, русский)" ||
		!strings.Contains(m.Text, "Редактор опубликовал ваш текст напрямую") || !strings.Contains(m.Text, "Редактор: ed@example.org") ||
		!strings.Contains(m.Text, "Посмотреть на сайте (русский):\n"+sitetest.BaseURL+ruPath) ||
		!strings.Contains(m.Text, "Посмотреть на сайте (английский):\n"+sitetest.BaseURL+"/en/news/") {
		t.Errorf("the translator's notice: %q\n%s", m.Subject, m.Text)
	}
}

// TestReviewNoticeWithdrawn: the translator hears, in their language,
// when an editor gives up their submitted changes to a live text (the
// live text put back), or removes a draft they submitted — by the
// title it had, though the text is gone by the time the notice is sent.
func TestReviewNoticeWithdrawn(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, _ := translator(t, e)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Перевод, от которого откажутся.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	reviewsDone(t, e, "the notice of the submission")

	// The editor puts the live Russian back and saves.
	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f = sitetest.FormOf(sitetest.Expect(t, "put back the live text", ed.Post(path, withAction(f, "discard.ru")), http.StatusOK), "#entry-form")
	if res := ed.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d reviews left after the changes were given up", n)
	}
	reviewsDone(t, e, "the notice of the withdrawal")
	got := mailTo(t, e, "tr@example.org")
	if len(got) != 1 || got[0].Subject != "Withdrawn from review: Консультанты горячей линии встретились в Мары (Russian)" ||
		!strings.Contains(got[0].Text, "An editor discarded the changes you submitted") || !strings.Contains(got[0].Text, "Editor: ed@example.org") ||
		strings.Contains(got[0].Text, "See it on the website") {
		t.Fatalf("the translator's notice of the withdrawal: %+v", got)
	}

	// A draft submitted, then removed by the editor emptying it.
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Second story")
	form.Set("slug.en", "second-story")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Del(k)
	}
	form.Set("status.ru", "draft")
	id = sitetest.CreateEntry(t, ed, "news", form)
	path = "/admin/entries/" + strconv.FormatInt(id, 10)
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Вторая история")
	f.Set("body.ru", "Черновик перевода.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit the draft: %d", res.StatusCode)
	}
	reviewsDone(t, e, "the notice of the second submission")
	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		f.Set(k, "")
	}
	if res := ed.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove the Russian: %d", res.StatusCode)
	}
	reviewsDone(t, e, "the notice of the removal")
	got = mailTo(t, e, "tr@example.org")
	if len(got) != 2 || got[1].Subject != "Withdrawn from review: Вторая история (Russian)" {
		t.Errorf("the translator's notice of the removal: %+v", got)
	}
}

// TestReviewNoticeScheduled: submitted changes an editor scheduled go
// live at their time without the review; the translator is told so, with
// the link, and nobody named as having done it.
func TestReviewNoticeScheduled(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	_, id, _ := russianSubmitted(t, e, func(f url.Values) { f.Set("body.ru", "Исправленный перевод.") })
	reviewsDone(t, e, "the notice of the submission")
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translation_drafts SET publish_at = now() - interval '1 minute'
		WHERE entry_id = $1 AND lang = 'ru'`, id); err != nil {
		t.Fatal(err)
	}
	if n, err := e.Store.PublishDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("publish due: %d, %v", n, err)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d reviews left after the scheduled publication", n)
	}
	reviewsDone(t, e, "the notice of the publication")
	got := mailTo(t, e, "tr@example.org")
	if len(got) != 1 || got[0].Subject != "Published without review: Консультанты горячей линии встретились в Мары (Russian)" ||
		!strings.Contains(got[0].Text, sitetest.BaseURL+ruPath) || strings.Contains(got[0].Text, "Editor:") {
		t.Errorf("the translator's notice: %+v", got)
	}
}

// TestReviewNoticeScheduledLanguageOff: submitted changes an editor
// scheduled go live at their time in a language an admin turned off
// meanwhile. The translator is told, with the link to the entry in the
// admin, that visitors will see the text once the language is on: not
// with a link to a page no visitor can open.
func TestReviewNoticeScheduledLanguageOff(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	_, id, path := russianSubmitted(t, e, func(f url.Values) { f.Set("body.ru", "Исправленный перевод.") })
	reviewsDone(t, e, "the notice of the submission")
	chief, _ := e.Login("chief@example.org", store.RoleAdmin)
	chief.TurnLanguage("ru", false)
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translation_drafts SET publish_at = now() - interval '1 minute'
		WHERE entry_id = $1 AND lang = 'ru'`, id); err != nil {
		t.Fatal(err)
	}
	if n, err := e.Store.PublishDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("publish due: %d, %v", n, err)
	}
	reviewsDone(t, e, "the notice of the publication")
	got := mailTo(t, e, "tr@example.org")
	if len(got) != 1 || got[0].Subject != "Published without review: Консультанты горячей линии встретились в Мары (Russian)" {
		t.Fatalf("the translator's notice: %+v", got)
	}
	for part, body := range map[string]string{"text": got[0].Text, "HTML": got[0].HTML} {
		if strings.Contains(body, ruPath) || strings.Contains(body, "See it on the website") ||
			!strings.Contains(body, sitetest.BaseURL+path+"#lang-ru") || !strings.Contains(body, "once an admin turns it on") {
			t.Errorf("the notice's %s part links the page visitors cannot open, or not the admin:\n%s", part, body)
		}
	}
	if res := e.Get(ruPath); res.StatusCode != http.StatusNotFound {
		t.Errorf("the Russian page with Russian off: %d", res.StatusCode)
	}
}

// TestReviewNoticeScheduledDraft: a draft language an editor scheduled
// goes live at its time by the clock alone, while the translator's text
// waits for review; the next scheduled run ends the review and tells the
// translator once, in their language, that it went live without the
// review — however many instances run it at once. A live text submitted
// as it stands waits on.
func TestReviewNoticeScheduledDraft(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	form := sitetest.NewsForm("published")
	form.Set("publish_at.ru", time.Now().Add(72*time.Hour).UTC().Format("2006-01-02T15:04"))
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, u := translator(t, e)
	if err := e.Store.SetUserLang(ctx, u.ID, "ru"); err != nil {
		t.Fatal(err)
	}
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Перевод, который выйдет по расписанию.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations t JOIN reviews r USING (entry_id, lang)
		WHERE t.entry_id = $1 AND t.lang = 'ru' AND t.status = 'published' AND t.published_at > now() AND r.state = 'waiting'`, id); n != 1 {
		t.Fatal("the Russian is not a scheduled draft waiting for review")
	}
	live := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	livePath := "/admin/entries/" + strconv.FormatInt(live, 10)
	if res := c.Post(livePath, withAction(sitetest.FormOf(c.Page(livePath, http.StatusOK), "#entry-form"), "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit the live text: %d", res.StatusCode)
	}
	reviewsDone(t, e, "the notices of the submissions")
	// Nothing is due before its time.
	if n, err := e.Store.EndReviewsGoneLive(ctx); err != nil || n != 0 {
		t.Fatalf("before its time: %d ended, %v", n, err)
	}

	// Three days pass: every time recorded so far moves that far back.
	for _, q := range []string{
		`UPDATE translations SET published_at = published_at - interval '73 hours' WHERE entry_id IN ($1, $2)`,
		`UPDATE reviews SET submitted_at = submitted_at - interval '73 hours' WHERE entry_id IN ($1, $2)`,
	} {
		if _, err := e.Pool.Exec(ctx, q, id, live); err != nil {
			t.Fatal(err)
		}
	}
	// Two instances wake for it at once.
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := e.Store.Schedule(ctx)
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d reviews left after the text went live", n)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1 AND state = 'waiting'`, live); n != 1 {
		t.Error("the live text submitted no longer waits for review")
	}
	if _, err := e.Store.Schedule(ctx); err != nil {
		t.Fatal(err)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review' AND review_event = 'published' AND review_entry_id = $1`, id); n != 1 {
		t.Errorf("%d notices of the publication queued, want 1", n)
	}
	reviewsDone(t, e, "the notice of the publication")
	got := mailTo(t, e, "tr@example.org")
	if len(got) != 1 || got[0].Subject != "Опубликовано без проверки: Консультанты горячей линии встретились в Мары (русский)" ||
		!strings.Contains(got[0].Text, "Язык: русский") || !strings.Contains(got[0].Text, sitetest.BaseURL+ruPath) ||
		strings.Contains(got[0].Text, "Редактор:") {
		t.Errorf("the translator's notice: %+v", got)
	}
}

// TestReviewNoticeDeleted: an entry deleted for good from the trash while
// a text of it waits for review tells the translator, in their language,
// by the title the text had and with no link to the entry that is gone —
// whether an editor deleted it or the trash emptied itself.
func TestReviewNoticeDeleted(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	ed, edUser := e.Login("ed@example.org", store.RoleEditor)
	c, u := translator(t, e)
	// The translator's changes to a live Russian (a working copy) and a
	// draft's Russian, each deleted with its entry.
	submitted := func(form url.Values, title, body string) (int64, string) {
		t.Helper()
		id := sitetest.CreateEntry(t, ed, "news", form)
		path := "/admin/entries/" + strconv.FormatInt(id, 10)
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		f.Set("title.ru", title)
		f.Set("body.ru", body)
		if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d", res.StatusCode)
		}
		return id, path
	}
	id, path := submitted(sitetest.NewsForm("published"), "Перевод, который удалят", "Исправленный перевод.")
	reviewsDone(t, e, "the notice of the submission")
	for _, p := range []string{path + "/trash", path + "/delete"} {
		if res := ed.Post(p, url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM entries WHERE id = $1`, id); n != 0 {
		t.Fatal("the entry was not deleted")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review' AND review_event = 'deleted'`); n != 1 {
		t.Fatalf("%d notices of the deletion queued, want 1", n)
	}
	reviewsDone(t, e, "the notice of the deletion")
	got := mailTo(t, e, "tr@example.org")
	if len(got) != 1 || got[0].Subject != "Deleted: Перевод, который удалят (Russian)" ||
		!strings.Contains(got[0].Text, "deleted for good from the trash") || !strings.Contains(got[0].Text, "Editor: ed@example.org") {
		t.Fatalf("the translator's notice of the deletion: %+v", got)
	}
	if m := got[0]; strings.Contains(m.Text, "/admin/entries/") || strings.Contains(m.HTML, "/admin/entries/") ||
		strings.Contains(m.Text, "Open the entry") || strings.Contains(m.Text, "See it on the website") {
		t.Errorf("the notice links to the deleted entry: %s", m.Text)
	}

	// A text sent back to its translator for more work: told too.
	id, path = submitted(sitetest.NewsForm("published"), "Перевод на доработке", "Перевод, который вернули.")
	if err := e.Store.ReturnReview(ctx, id, "ru", "Please check the dates.", edUser.ID, store.AuditEntry{Action: "review.return"}); err != nil {
		t.Fatal(err)
	}
	reviewsDone(t, e, "the notice of the return")
	before := len(mailTo(t, e, "tr@example.org"))
	for _, p := range []string{path + "/trash", path + "/delete"} {
		if res := ed.Post(p, url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
	}
	reviewsDone(t, e, "the notice of the returned text's deletion")
	got = mailTo(t, e, "tr@example.org")
	if len(got) != before+1 || got[len(got)-1].Subject != "Deleted: Перевод на доработке (Russian)" {
		t.Fatalf("the translator of a text sent back, told of its deletion: %+v", got[before:])
	}

	// The trash empties itself: nobody named.
	if err := e.Store.SetUserLang(ctx, u.ID, "ru"); err != nil {
		t.Fatal(err)
	}
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Second story")
	form.Set("slug.en", "second-story")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Del(k)
	}
	form.Set("status.ru", "draft")
	_, path = submitted(form, "Вторая история", "Черновик перевода.")
	if res := ed.Post(path+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	if n, err := e.Store.EmptyTrash(ctx, time.Now().Add(time.Hour), store.AuditEntry{Action: "entry.delete_expired"}); err != nil || n != 1 {
		t.Fatalf("empty the trash: %d, %v", n, err)
	}
	reviewsDone(t, e, "the notice of the second deletion")
	got = mailTo(t, e, "tr@example.org")
	if last := got[len(got)-1]; last.Subject != "Удалено: Вторая история (русский)" || !strings.Contains(last.Text, "удалили из корзины насовсем") ||
		strings.Contains(last.Text, "Редактор:") || strings.Contains(last.Text, "/admin/entries/") {
		t.Errorf("the translator's notice of the second deletion: %+v", got)
	}
}
