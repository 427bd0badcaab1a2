package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"vestnik/internal/sitetest"
)

// TestIssueMailedOnPublication: an issue marked "send when it goes live"
// is queued for each language's subscribers when that language goes live
// — once, even when several instances look at the same moment — and not
// for a language still in draft; a later subscriber gets no old issue.
func TestIssueMailedOnPublication(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	subscribers(t, e, "en", "en", "ru")
	c, _ := e.Login("ed@example.org", "editor")
	f := englishIssue(t, c, "2012-02")
	f.Set("send_on_publish", "1")
	id := sitetest.CreateEntry(t, c, "newsletter", f)
	queued := func(lang string) int {
		return sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'issue' AND entry_id = $1 AND lang = $2`, id, lang)
	}
	// Two instances' schedule watchers at the same moment.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.Store.Schedule(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if queued("en") != 2 || queued("ru") != 0 {
		t.Fatalf("queued en %d, ru %d", queued("en"), queued("ru"))
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'newsletter.send_auto' AND object_id = $1`, id); n != 1 {
		t.Errorf("%d audit lines: mailed more than once", n)
	}
	// The Russian goes live later: its subscribers are mailed then; a
	// reader who signs up in English afterwards gets no old issue.
	if _, err := e.Pool.Exec(ctx, `INSERT INTO subscribers (email, lang) VALUES ('late@example.org', 'en')`); err != nil {
		t.Fatal(err)
	}
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	if f.Get("send_on_publish") != "1" {
		t.Error("the choice is not kept")
	}
	f.Set("status.ru", "published")
	c.Post(path, f)
	if _, err := e.Store.Schedule(ctx); err != nil {
		t.Fatal(err)
	}
	if queued("en") != 2 || queued("ru") != 1 {
		t.Errorf("after the Russian went live: en %d, ru %d", queued("en"), queued("ru"))
	}
}

// TestSendOnPublishTickedWhenLive: ticking "send when it goes live" on an
// issue already live in English mails no English subscriber (it went
// live before: the Send page, with its test and confirmation, is for
// that); the Russian, going live afterwards, is mailed.
func TestSendOnPublishTickedWhenLive(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	subscribers(t, e, "en", "ru")
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "newsletter", englishIssue(t, c, "2012-03"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	queued := func(lang string) int {
		return sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE kind = 'issue' AND entry_id = $1 AND lang = $2`, id, lang)
	}
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("send_on_publish", "1")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("tick: %d", res.StatusCode)
	}
	if _, err := e.Store.Schedule(ctx); err != nil {
		t.Fatal(err)
	}
	if queued("en") != 0 {
		t.Errorf("ticking the box on a live issue mailed %d English subscribers", queued("en"))
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("status.ru", "published")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish the Russian: %d", res.StatusCode)
	}
	if _, err := e.Store.Schedule(ctx); err != nil {
		t.Fatal(err)
	}
	if queued("en") != 0 || queued("ru") != 1 {
		t.Errorf("after the Russian went live: en %d, ru %d", queued("en"), queued("ru"))
	}
}

// subscribers adds an active subscriber in each language given.
func subscribers(t *testing.T, e *sitetest.Env, langs ...string) {
	t.Helper()
	for i, lang := range langs {
		if _, err := e.Pool.Exec(t.Context(), `INSERT INTO subscribers (email, lang) VALUES ($1, $2)`, "reader"+strconv.Itoa(i)+"@example.org", lang); err != nil {
			t.Fatal(err)
		}
	}
}

// englishIssue is the form of a new issue of period, published in
// English, a draft in Russian.
func englishIssue(t *testing.T, c *sitetest.Client, period string) url.Values {
	t.Helper()
	f := sitetest.FormOf(c.Page("/admin/entries/new?kind=newsletter", http.StatusOK), "#entry-form")
	f.Set("period", period)
	f.Set("title.en", "Newsletter "+period)
	f.Set("title.ru", "Бюллетень "+period)
	f.Set("status.en", "published")
	f.Set("status.ru", "draft")
	return f
}
