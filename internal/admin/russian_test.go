package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// adminID matches a message ID shown instead of its text.
var adminID = regexp.MustCompile(`\badmin\.[a-z_]+\.[a-z_.]+\b`)

// TestRussianAdminSpeaksRussian: an editor whose admin is in Russian
// reads Russian on every page, the error page included: no message IDs,
// no database names of time zones, no English notes of the system.
func TestRussianAdminSpeaksRussian(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	c.Post("/admin/account/lang", url.Values{"lang": {"ru"}})
	id := strconv.FormatInt(sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published")), 10)
	path := "/admin/entries/" + id
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Changed once")
	c.Post(path, withAction(f, "publish"))
	if res := c.Post(path+"/revisions/1/restore", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	pages := []struct {
		path   string
		status int
	}{{"/admin/", 200}, {"/admin/entries?kind=news", 200}, {path, 200}, {path + "/revisions", 200},
		{"/admin/entries/new?kind=page", 200}, {"/admin/media", 200}, {"/admin/hotlines", 200},
		{"/admin/translations", 200}, {"/admin/account", 200}, {"/admin/no-such-page", 404}}
	for _, p := range pages {
		d := c.Page(p.path, p.status)
		if lang := d.Find("html").AttrOr("lang", ""); lang != "ru" {
			t.Errorf("%s: html lang %q", p.path, lang)
		}
		text := d.Find("body").Text()
		if m := adminID.FindString(text); m != "" {
			t.Errorf("%s shows the message ID %s", p.path, m)
		}
		for _, english := range []string{"Asia/", "restored ", "Page not found", "Save"} {
			if strings.Contains(text, english) {
				t.Errorf("%s: %q in the Russian admin", p.path, english)
			}
		}
	}
	d := c.Page(path+"/revisions", http.StatusOK)
	if !strings.Contains(d.Find("tbody").Text(), "восстановлено из редакции 1") {
		t.Errorf("the restore note is not in Russian: %q", d.Find("tbody").Text())
	}
	d = c.Page(path, http.StatusOK)
	if got := d.Find(`.md-toolbar button[data-md=bold]`).First().Text(); got != "Ж" {
		t.Errorf("bold button %q", got)
	}
}

// TestCoverAndLeadImage: in the Russian admin a news item's image is its
// «Главный снимок» and an issue's its «Обложка», in the form and on the
// picker's button alike (the words themselves: i18n's TestImageTerms).
func TestCoverAndLeadImage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	c.Post("/admin/account/lang", url.Values{"lang": {"ru"}})
	news := "/admin/entries/" + strconv.FormatInt(sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft")), 10)
	issue, err := e.Store.LatestNewsletter(t.Context(), "ru")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ path, legend, use string }{
		{news, "Главный снимок", "Сделать главным снимком"},
		{"/admin/entries/" + strconv.FormatInt(issue.ID, 10), "Обложка", "Сделать обложкой"},
	} {
		d := c.Page(p.path, http.StatusOK)
		legend, use := d.Find("#lead-image legend").Text(), d.Find(`#image-picker [data-picker-use=lead]`).Text()
		if legend != p.legend || use != p.use {
			t.Errorf("%s: the image is called %q, its picker's button %q; want %q, %q", p.path, legend, use, p.legend, p.use)
		}
	}
}
