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

// sentMail is a message the development outbox kept.
type sentMail struct{ Subject, Text, HTML string }

// mailTo lists the messages kept for an address, oldest first.
func mailTo(t *testing.T, e *sitetest.Env, to string) []sentMail {
	t.Helper()
	rows, err := e.Pool.Query(t.Context(), `SELECT subject, text_body, html_body FROM mail_outbox WHERE to_addr = $1 ORDER BY id`, to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []sentMail
	for rows.Next() {
		var m sentMail
		if err := rows.Scan(&m.Subject, &m.Text, &m.HTML); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReviewMail: submitting a text for review e-mails every enabled
// editor and admin who wants it, in their admin language, naming the
// entry and linking to it — not the translator, a disabled editor or one
// who turned the notices off on their account page, and only once while
// the text waits. Sending the text back
// tells the translator the comment; approving it tells them it is live,
// with its public address. Finished notices are purged like
// confirmations.
func TestReviewMail(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)

	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	chief := e.User("chief@example.org", store.RoleAdmin)
	if err := e.Store.SetUserLang(ctx, chief.ID, "ru"); err != nil {
		t.Fatal(err)
	}
	gone := e.User("gone@example.org", store.RoleEditor)
	if _, err := e.Pool.Exec(ctx, `UPDATE users SET disabled_at = now() WHERE id = $1`, gone.ID); err != nil {
		t.Fatal(err)
	}
	// An editor turns the notices off on their account page.
	quiet, _ := e.Login("quiet@example.org", store.RoleEditor)
	box := `#notifications input[name="review_mail"]`
	if quiet.Page("/admin/account", http.StatusOK).Find(box+`[checked]`).Length() != 1 {
		t.Fatal("review notices are not on by default")
	}
	if res := quiet.Post("/admin/account/review-mail", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("turn off: %d", res.StatusCode)
	}
	if d := quiet.Page("/admin/account", http.StatusOK); d.Find(box).Length() != 1 || d.Find(box+`[checked]`).Length() != 0 {
		t.Fatal("turned off, the box is still ticked")
	}

	form := sitetest.NewsForm("published")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Del(k)
	}
	form.Set("status.ru", "draft")
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	link := sitetest.BaseURL + path
	c, _ := translator(t, e)
	const title = "Консультанты горячей линии встретились в Мары"
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", title)
	f.Set("body.ru", "Первый абзац перевода.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	// Saved and submitted again while it waits: not announced twice.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit twice: %d", res.StatusCode)
	}
	delivered := func(what string) {
		t.Helper()
		sitetest.Eventually(t, time.Minute, what, func() bool {
			return sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review' AND status = 'pending'`) == 0
		})
		if n := sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review' AND status <> 'sent'`); n != 0 {
			t.Fatalf("%s: %d review notices not sent", what, n)
		}
	}
	delivered("the notices of the submission")

	got := mailTo(t, e, "ed@example.org")
	if len(got) != 1 {
		t.Fatalf("the editor got %d messages", len(got))
	}
	if m := got[0]; m.Subject != "For review: "+title+" (Russian)" || !strings.Contains(m.Text, link) ||
		!strings.Contains(m.Text, "tr@example.org") || !strings.Contains(m.HTML, `href="`+link+`#lang-ru"`) {
		t.Errorf("the editor's notice: %q\n%s", m.Subject, m.Text)
	}
	got = mailTo(t, e, "chief@example.org")
	if len(got) != 1 || got[0].Subject != "На проверку: "+title+" (русский)" || !strings.Contains(got[0].Text, "Текст ждёт вашей проверки") ||
		!strings.Contains(got[0].Text, link) {
		t.Errorf("the Russian-speaking admin's notice: %+v", got)
	}
	for _, to := range []string{"tr@example.org", "gone@example.org", "quiet@example.org"} {
		if n := len(mailTo(t, e, to)); n != 0 {
			t.Errorf("%s got %d messages", to, n)
		}
	}

	// Sent back: the translator reads the comment.
	const comment = "Please translate the second paragraph <too>."
	ef := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	ef.Set("action", "return")
	ef.Set("review_comment.ru", comment)
	if res := ed.Post(path+"/review/ru", ef); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send back: %d", res.StatusCode)
	}
	delivered("the notice of the return")
	got = mailTo(t, e, "tr@example.org")
	if len(got) != 1 {
		t.Fatalf("the translator got %d messages", len(got))
	}
	if m := got[0]; m.Subject != "Sent back: "+title+" (Russian)" || !strings.Contains(m.Text, comment) ||
		!strings.Contains(m.HTML, "Please translate the second paragraph &lt;too&gt;.") || !strings.Contains(m.Text, link) ||
		!strings.Contains(m.Text, "ed@example.org") {
		t.Errorf("the translator's notice of the return: %q\n%s", m.Subject, m.Text)
	}

	// Submitted again and approved: the translator is told it is live.
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Первый абзац перевода.\n\nИ второй абзац.")
	if res := c.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit again: %d", res.StatusCode)
	}
	if res := approve(ed, path); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	delivered("the notice of the approval")
	got = mailTo(t, e, "tr@example.org")
	if len(got) != 2 {
		t.Fatalf("the translator got %d messages", len(got))
	}
	if m := got[1]; m.Subject != "Approved: "+title+" (Russian)" || !strings.Contains(m.Text, sitetest.BaseURL+ruPath) {
		t.Errorf("the translator's notice of the approval: %q\n%s", m.Subject, m.Text)
	}
	if n := len(mailTo(t, e, "ed@example.org")); n != 2 {
		t.Errorf("the editor got %d messages, want 2 (two submissions; none of their own approval)", n)
	}

	// Finished notices are forgotten after the purge period.
	if err := e.Store.PurgeMail(ctx, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'review'`); n != 0 {
		t.Errorf("%d review notices left after the purge", n)
	}
}
