package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"

	"github.com/PuerkitoBio/goquery"
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

// TestPreviewHotlineAsItsPage: the hotline page's text previews as the
// public /hotline page shows it — the page's own heading and
// introduction, the numbers, then the text — not as a page under the
// entry's title and summary, which the public never sees; both the live
// preview of the form and the stored text's preview.
func TestPreviewHotlineAsItsPage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	var id int64
	if err := e.Pool.QueryRow(t.Context(), `SELECT id FROM entries WHERE system_key = 'hotline'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Internal title of the advice")
	f.Set("body.en", "Check the offer before you go.")
	public := e.Doc("/en/hotline", http.StatusOK)
	for what, d := range map[string]*goquery.Document{
		"live preview":   sitetest.Expect(t, "preview", c.Post("/admin/preview?lang=en", f), http.StatusOK),
		"stored preview": c.Page(path+"/preview/en", http.StatusOK),
	} {
		if got, want := d.Find("main h1").Text(), public.Find("main h1").Text(); got != want {
			t.Errorf("%s: heading %q, want the hotline page's %q", what, got, want)
		}
		if n := d.Find("main a[href^='tel:']").Length(); n == 0 || n != public.Find("main a[href^='tel:']").Length() {
			t.Errorf("%s: %d numbers, the hotline page lists %d", what, n, public.Find("main a[href^='tel:']").Length())
		}
		if d.Find("main .advice").Length() != 1 {
			t.Errorf("%s: no advice section", what)
		}
	}
	live := sitetest.ParseDoc(t, c.Post("/admin/preview?lang=en", f))
	if text := live.Find("main").Text(); strings.Contains(text, "Internal title of the advice") || !strings.Contains(text, "Check the offer before you go.") {
		t.Errorf("the live preview shows the entry's title, or not its text:\n%s", text)
	}
}
