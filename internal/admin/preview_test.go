package admin_test

import (
	"net/http"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// TestPreviewIssueWithoutMonth: the preview of a new issue whose month is
// not chosen yet says so, in the page's language, instead of showing the
// zero date ("January 1"); once chosen, the month shows.
func TestPreviewIssueWithoutMonth(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	f := sitetest.FormOf(c.Page("/admin/entries/new?kind=newsletter", http.StatusOK), "#entry-form")
	f.Set("title.en", "Newsletter")
	f.Set("title.ru", "Бюллетень")
	if f.Get("period") != "" {
		t.Fatalf("a new issue's form has the month %q", f.Get("period"))
	}
	for lang, want := range map[string]string{"en": "Month not set", "ru": "Месяц не выбран"} {
		d := sitetest.Expect(t, "preview "+lang, c.Post("/admin/preview?lang="+lang, f), http.StatusOK)
		if got := d.Find("main .period").Text(); got != want {
			t.Errorf("%s: the month shows as %q, want %q", lang, got, want)
		}
		if text := d.Find("main").Text(); strings.Contains(text, "January 1") || strings.Contains(text, "Январь 1") {
			t.Errorf("%s: the preview shows a zero date: %q", lang, text)
		}
	}
	f.Set("period", "2011-12")
	for lang, want := range map[string]string{"en": "December 2011", "ru": "Декабрь 2011"} {
		if got := sitetest.ParseDoc(t, c.Post("/admin/preview?lang="+lang, f)).Find("main .period").Text(); got != want {
			t.Errorf("%s: the month shows as %q, want %q", lang, got, want)
		}
	}
}
