package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone without the system's database

	"vestnik/internal/sitetest"
)

// TestEntryListSearchAndFilters: the News list finds by words of a title
// in either language, by state and by month; bad filters are a 404, a
// month typed badly is told beside its field.
func TestEntryListSearchAndFilters(t *testing.T) {
	t.Parallel()
	ashgabat, err := time.LoadLocation("Asia/Ashgabat")
	if err != nil {
		t.Fatal(err)
	}
	e := sitetest.NewWith(t, sitetest.Options{Zone: ashgabat})
	c, _ := e.Login("ed@example.org", "editor")
	sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	if res := c.Get("/admin/entries"); res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/admin/entries?kind=news" {
		t.Errorf("the bare list address: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	titles := func(query string) string {
		return c.Page("/admin/entries?kind=news&"+query, http.StatusOK).Find("table.list tbody").Text()
	}
	if got := titles("q=" + url.QueryEscape("встретились")); !strings.Contains(got, "Hotline trainers meet in Mary") ||
		c.Page("/admin/entries?kind=news&q="+url.QueryEscape("встретились"), http.StatusOK).Find("table.list tbody tr").Length() != 1 {
		t.Errorf("search by a Russian word: %q", got)
	}
	// Typed with е for ё, as Russian writers often do.
	if got := titles("q=" + url.QueryEscape("прошел первый")); !strings.Contains(got, "First training of trainers") {
		t.Errorf("search with е for ё: %q", got)
	}
	if got := titles("status=draft"); !strings.Contains(got, "Hotline trainers meet in Mary") {
		t.Errorf("drafts: %q", got)
	}
	if got := titles("status=published"); strings.Contains(got, "Hotline trainers meet in Mary") {
		t.Error("a draft listed as published")
	}
	all := c.Page("/admin/entries?kind=news", http.StatusOK).Find("table.list tbody tr").Length()
	dec := c.Page("/admin/entries?kind=news&month=2011-12", http.StatusOK).Find("table.list tbody tr").Length()
	if dec == 0 || dec >= all {
		t.Errorf("December 2011: %d of %d", dec, all)
	}
	// Months are the site's, as the list shows dates: half an hour into
	// January in Ashgabat is still December in UTC.
	f := sitetest.NewsForm("published")
	f.Set("title.en", "New Year story")
	f.Set("slug.en", "new-year-story")
	f.Set("slug.ru", "novogodnyaya-istoriya")
	sitetest.SetEach(f, "publish_at", "2012-01-01T00:30")
	sitetest.CreateEntry(t, c, "news", f)
	if got := titles("month=2012-01"); !strings.Contains(got, "New Year story") {
		t.Errorf("January 2012 in the site's zone: %q", got)
	}
	if got := titles("month=2011-12"); strings.Contains(got, "New Year story") {
		t.Error("an entry of 1 January (site's zone) listed in December")
	}
	if got := titles("q=" + url.QueryEscape("100%_")); strings.Contains(got, "Hotline") {
		t.Error("% and _ are not taken literally")
	}
	for _, bad := range []string{"status=lost", "author=x"} {
		if res := c.Get("/admin/entries?kind=news&" + bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
	// A month typed by hand (Firefox and Safari show the month field as a
	// text box) that is not one: the list says how to write it beside the
	// field, with what was typed, rather than "page not found".
	c.Post("/admin/account/lang", url.Values{"lang": {"ru"}})
	for _, bad := range []string{"2011-13", "December 2011", "12.2011"} {
		d := sitetest.Expect(t, bad, c.Get("/admin/entries?kind=news&month="+url.QueryEscape(bad)), http.StatusUnprocessableEntity)
		if got := d.Find(`input[name="month"]`).AttrOr("value", ""); got != bad {
			t.Errorf("month %q came back as %q", bad, got)
		}
		if msg := d.Find(`input[name="month"]`).Closest("label").Next(); !msg.Is(".field-error") || !strings.Contains(msg.Text(), "2011-12") {
			t.Errorf("month %q: no message beside the field: %q", bad, msg.Text())
		}
		if d.Find("table.list tbody tr").Length() != all+1 {
			t.Errorf("month %q: the list is not shown unfiltered", bad)
		}
	}
}
