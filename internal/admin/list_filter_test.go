package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// TestEntryListSearchAndFilters: the News list finds by words of a title
// in either language, by state and by month; bad filters are a 404.
func TestEntryListSearchAndFilters(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	titles := func(query string) string {
		return c.Page("/admin/entries?kind=news&"+query, http.StatusOK).Find("table.list tbody").Text()
	}
	if got := titles("q=" + url.QueryEscape("встретились")); !strings.Contains(got, "Hotline trainers meet in Mary") || strings.Count(got, "\n") > 8 {
		t.Errorf("search by a Russian word: %q", got)
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
	if got := titles("q=" + url.QueryEscape("100%_")); strings.Contains(got, "Hotline") {
		t.Error("% and _ are not taken literally")
	}
	for _, bad := range []string{"status=lost", "month=2011-13", "month=x"} {
		if res := c.Get("/admin/entries?kind=news&" + bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
}
