package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/content"
	"vestnik/internal/sitetest"
)

// TestMarkdownBudget: a save or preview carries every text of every
// language and article; past content.MaxMarkdown in all it is refused
// with a message, and every character typed is still in the form.
func TestMarkdownBudget(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	// Four articles in two languages, each within the limit of one text
	// and of the worst kind known ("[](" repeated).
	body := strings.Repeat("[](", content.MaxBody/3/2)
	f := url.Values{"kind": {"newsletter"}, "version": {"0"}, "status.en": {"draft"}, "period": {"2012-01"},
		"title.en": {"January 2012"}, "title.ru": {"Январь 2012"}}
	for i := range 4 {
		p := "article." + strconv.Itoa(i) + "."
		f.Set(p+"position", strconv.Itoa(i+1))
		for _, lang := range []string{"en", "ru"} {
			f.Set(p+"title."+lang, "Article "+strconv.Itoa(i)+" "+lang)
			f.Set(p+"body."+lang, body)
		}
	}
	res := c.Post("/admin/entries/new?kind=newsletter", f)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("%d characters of Markdown in one save: %d", 8*len(body), res.StatusCode)
	}
	d := sitetest.ParseDoc(t, res)
	if msg := d.Find(".form-error").Text(); !strings.Contains(msg, "400,000") { // (content.MaxMarkdown, as English writes it)
		t.Errorf("message %q", msg)
	}
	got := sitetest.FormOf(d, "#entry-form")
	for i := range 4 {
		for _, lang := range []string{"en", "ru"} {
			if k := "article." + strconv.Itoa(i) + ".body." + lang; got.Get(k) != body {
				t.Errorf("%s lost: %d characters back", k, len(got.Get(k)))
			}
		}
	}
	// The preview of one language holds half: within the budget.
	f.Set("preview_lang", "ru")
	if res := c.Post("/admin/preview", f); res.StatusCode != http.StatusOK {
		t.Errorf("preview of one language: %d", res.StatusCode)
	}
	// One more article of the same size in Russian is past it.
	f.Set("article.4.position", "5")
	f.Set("article.4.title.ru", "Ещё одна")
	f.Set("article.4.body.ru", body)
	f.Set("article.5.position", "6")
	f.Set("article.5.title.ru", "И ещё")
	f.Set("article.5.body.ru", body)
	if res := c.Post("/admin/preview", f); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("preview past the budget: %d", res.StatusCode)
	}
}
