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

	"vestnik/internal/content"
	"vestnik/internal/mailtest"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// sendRow reads a language's row of the send page.
func sendRow(d *goquery.Document, lang string) map[string]string {
	row := d.Find(`table.send-progress tr[data-lang="` + lang + `"]`)
	out := map[string]string{}
	for _, k := range []string{"subscribers", "pending", "sent", "failed", "skipped", "no-translation", "not-sent"} {
		if s := row.Find("td." + k); s.Length() > 0 {
			out[k] = strings.TrimSpace(s.Text())
		}
	}
	return out
}

// TestSendIssue: an editor sends a test to themselves, then the December
// 2011 issue: each subscriber receives exactly one message, in their
// language; a second click sends nothing; progress shows on the page,
// which refreshes itself while messages wait; a language without a
// translation is skipped and the editor is told.
func TestSendIssue(t *testing.T) {
	t.Parallel()
	e := sitetest.NewMail(t, nil)
	ctx := context.Background()
	subs := map[string][]string{}
	for lang, n := range map[string]int{"en": 3, "ru": 2} {
		for i := range n {
			a := lang + strconv.Itoa(i) + "@example.org"
			if _, err := e.Store.Subscribe(ctx, a, lang, time.Now()); err != nil {
				t.Fatal(err)
			}
			subs[lang] = append(subs[lang], a)
		}
	}
	ed, _ := e.Login("ed@example.org", "editor")
	issue, _ := e.Store.LatestNewsletter(ctx, "en")
	ruIssue, _ := e.Store.LatestNewsletter(ctx, "ru")
	id := strconv.FormatInt(issue.ID, 10)
	sendPath := "/admin/entries/" + id + "/send"

	if d := ed.Page("/admin/entries/"+id, http.StatusOK); sitetest.Attr(d.Find("a.send-link"), "href") != sendPath {
		t.Fatal("no send link on the issue's page")
	}
	d := ed.Page(sendPath, http.StatusOK)
	if r := sendRow(d, "en"); r["subscribers"] != "3" || r["not-sent"] == "" {
		t.Errorf("en row %v", r)
	}
	if r := sendRow(d, "ru"); r["subscribers"] != "2" {
		t.Errorf("ru row %v", r)
	}
	if d.Find(`meta[http-equiv=refresh]`).Length() != 0 || d.Find("#send-test select[name=lang] option").Length() != 2 {
		t.Error("send page: refresh or test languages wrong")
	}
	// An editor sees no link to the subscribers (admins only).
	if d.Find(`a[href="/admin/subscribers"]`).Length() != 0 {
		t.Error("editor sees the subscribers link")
	}

	// A test, to the editor only, in Russian.
	res := ed.Post(sendPath, url.Values{"action": {"test"}, "lang": {"ru"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("test: %d", res.StatusCode)
	}
	test := e.SMTP.Wait(t, 1, time.Minute)[0]
	if test.Rcpt[0] != "ed@example.org" || test.Subject() != "[Тест] "+ruIssue.Title {
		t.Fatalf("test message: %v %q", test.Rcpt, test.Subject())
	}
	// Its footer tells the editor it is a test from the admin, not that
	// their address subscribed.
	if txt := test.Text(); strings.Contains(txt, "подписан на него") || !strings.Contains(txt, "редактор отправил его на адрес ed@example.org из админки") {
		t.Errorf("test message's footer:\n%s", txt)
	}
	sitetest.Expect(t, "test in a language that does not exist", ed.Post(sendPath, url.Values{"action": {"test"}, "lang": {"xx"}}), http.StatusBadRequest)
	if res := ed.Post(sendPath, url.Values{"action": {"send"}}); res.StatusCode != http.StatusSeeOther ||
		!strings.Contains(ed.Page(sendPath, http.StatusOK).Find(".flash").Text(), "Nothing was sent") {
		t.Errorf("send without the confirmation box: %d, or no message", res.StatusCode)
	}
	if n := sitetest.Count(e.Env, `SELECT count(*) FROM mail_queue WHERE kind = 'issue'`); n != 0 {
		t.Errorf("%d messages queued without the confirmation", n)
	}

	// Hold the server so the page can be seen mid-send.
	release := make(chan struct{})
	e.SMTP.OnData(func(string) error { <-release; return nil })
	res = ed.Post(sendPath, url.Values{"action": {"send"}, "confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != sendPath {
		t.Fatalf("send: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	d = ed.Page(sendPath, http.StatusOK)
	if d.Find(".flash").First().Text() != "The issue is on its way: the progress is below." {
		t.Errorf("flash %q", d.Find(".flash").Text())
	}
	if sitetest.Attr(d.Find(`meta[http-equiv=refresh]`), "content") != "5" {
		t.Error("no refresh while sending")
	}
	if en, ru := sendRow(d, "en"), sendRow(d, "ru"); en["pending"] == "0" || ru["pending"] != "2" {
		t.Errorf("mid-send: en %v ru %v", en, ru)
	}
	// The editor clicks again while it runs: nothing more is queued.
	ed.Post(sendPath, url.Values{"action": {"send"}, "confirm": {"yes"}})
	close(release)
	e.SMTP.Wait(t, 6, time.Minute)
	sitetest.Eventually(t, time.Minute, "3 sent in English, 2 in Russian", func() bool {
		d = ed.Page(sendPath, http.StatusOK)
		return sendRow(d, "en")["sent"] == "3" && sendRow(d, "ru")["sent"] == "2"
	})
	if d.Find(`meta[http-equiv=refresh]`).Length() != 0 {
		t.Error("still refreshing after the send")
	}
	titles := map[string]string{"en": issue.Title, "ru": ruIssue.Title}
	for lang, addrs := range subs {
		for _, a := range addrs {
			got := e.SMTP.To(a)
			if len(got) != 1 || got[0].Subject() != titles[lang] {
				t.Errorf("%s: %d messages", a, len(got))
				continue
			}
			// The article list links to the issue in the reader's language.
			if !strings.Contains(got[0].Text(), sitetest.BaseURL+"/"+lang+"/newsletters/") || !strings.Contains(got[0].Text(), "#article-1") {
				t.Errorf("%s: no article links", a)
			}
			if !strings.Contains(got[0].Text(), sitetest.BaseURL+"/media/") || got[0].Part("application/pdf") != nil {
				t.Errorf("%s: the PDF edition must be linked, not attached", a)
			}
		}
	}
	// Clicking again later: nobody new, nothing sent.
	ed.Post(sendPath, url.Values{"action": {"send"}, "confirm": {"yes"}})
	if f := ed.Page(sendPath, http.StatusOK).Find(".flash").First().Text(); !strings.HasPrefix(f, "Nobody new") {
		t.Errorf("flash %q", f)
	}
	e.QueueDone(t)
	if n := len(e.SMTP.Messages()); n != 6 {
		t.Errorf("%d messages, want 6", n)
	}
	lines, _ := e.Store.AuditLog(ctx, store.AuditFilter{ObjectType: "entry", ObjectID: issue.ID})
	var summaries []string
	for _, l := range lines {
		if l.Action == "newsletter.send" {
			summaries = append(summaries, l.Summary)
		}
	}
	if len(summaries) != 3 || summaries[len(summaries)-1] != "en: 3, ru: 2" || summaries[0] != "en: 0, ru: 0" {
		t.Errorf("audit: %v", summaries)
	}

	// An issue in English only: Russian is skipped, and the editor is told.
	nid, err := e.Store.CreateNewsletter(ctx, store.NewNewsletter{
		NewEntry: store.NewEntry{Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Hour),
			Translations: []content.Translation{{Lang: "en", Title: "January 2012", Slug: "january-2012", BodyHTML: "<p>New year.</p>"}}},
		Period: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	jan := "/admin/entries/" + strconv.FormatInt(nid, 10) + "/send"
	d = ed.Page(jan, http.StatusOK)
	if sendRow(d, "ru")["no-translation"] == "" || d.Find("#send-test select[name=lang] option").Length() != 1 {
		t.Errorf("ru row %v", sendRow(d, "ru"))
	}
	sitetest.Expect(t, "test in the missing language", ed.Post(jan, url.Values{"action": {"test"}, "lang": {"ru"}}), http.StatusBadRequest)
	ed.Post(jan, url.Values{"action": {"send"}, "confirm": {"yes"}})
	if f := ed.Page(jan, http.StatusOK).Find(".flash").First().Text(); !strings.Contains(f, "without a translation were skipped") {
		t.Errorf("flash %q", f)
	}
	e.SMTP.Wait(t, 9, time.Minute)
	e.QueueDone(t)
	for _, a := range subs["ru"] {
		if n := len(e.SMTP.To(a)); n != 1 {
			t.Errorf("%s got the English-only issue", a)
		}
	}
	for _, a := range subs["en"] {
		if got := e.SMTP.To(a); len(got) != 2 || got[1].Subject() != "January 2012" {
			t.Errorf("%s: %d messages", a, len(got))
		}
	}

	// A permanent failure shows on the page with the server's answer; the
	// address only to admins.
	if _, err := e.Store.Subscribe(ctx, "bounce@example.org", "en", time.Now()); err != nil {
		t.Fatal(err)
	}
	e.SMTP.OnRcpt(func(to string, _ int) error {
		if to == "bounce@example.org" {
			return mailtest.Permanent("mailbox unavailable")
		}
		return nil
	})
	ed.Post(jan, url.Values{"action": {"send"}, "confirm": {"yes"}})
	sitetest.Eventually(t, time.Minute, "the failure shows", func() bool {
		return sendRow(ed.Page(jan, http.StatusOK), "en")["failed"] == "1"
	})
	d = ed.Page(jan, http.StatusOK)
	problem := d.Find("#problems tr.failed")
	if problem.Length() != 1 || !strings.Contains(problem.Text(), "550") || strings.Contains(d.Find("#problems").Text(), "bounce@") {
		t.Errorf("editor's problems: %q", d.Find("#problems").Text())
	}
	adm, _ := e.Login("chief@example.org", "admin")
	if !strings.Contains(adm.Page(jan, http.StatusOK).Find("#problems").Text(), "bounce@example.org") {
		t.Error("the admin does not see the failed address")
	}

	// Only published issues, only issues.
	draft, _ := e.Store.CreateNewsletter(ctx, store.NewNewsletter{
		NewEntry: store.NewEntry{Status: content.StatusDraft, Translations: []content.Translation{{Lang: "en", Title: "Draft", Slug: "draft-issue"}}},
		Period:   time.Date(2012, 2, 1, 0, 0, 0, 0, time.UTC),
	})
	dp := "/admin/entries/" + strconv.FormatInt(draft, 10) + "/send"
	if d := ed.Page(dp, http.StatusOK); d.Find("#send-all, #send-test").Length() != 0 || d.Find(".form-error").Length() != 1 {
		t.Error("a draft can be sent")
	}
	if res := ed.Post(dp, url.Values{"action": {"send"}, "confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther ||
		!strings.Contains(ed.Page(dp, http.StatusOK).Find(".flash").Text(), "Only a published issue") {
		t.Errorf("sending a draft: %d, or no message", res.StatusCode)
	}
	news, _, _ := e.Store.ListItems(ctx, "en", content.KindNews, 1, 0)
	ed.Page("/admin/entries/"+strconv.FormatInt(news[0].ID, 10)+"/send", http.StatusNotFound)
}
