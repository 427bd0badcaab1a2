package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// changedFields lists the headings of the fields a compare page shows.
func changedFields(d *goquery.Document) []string {
	var out []string
	d.Find("section.diff h2").Each(func(_ int, h *goquery.Selection) { out = append(out, strings.TrimSpace(h.Text())) })
	return out
}

// TestCompareAnyTwoRevisions: the revisions page's form picks any two
// revisions (the last change by default) and the compare page shows what
// changed between them, field by field and word by word, the older on
// the left whichever order they were asked in; a revision compared with
// itself shows no difference.
func TestCompareAnyTwoRevisions(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	edit := func(field, v string) {
		t.Helper()
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		f.Set(field, v)
		if res := c.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save %s: %d", field, res.StatusCode)
		}
	}
	edit("summary.ru", "Консультанты горячей линии обменялись новым опытом.") // revision 2
	edit("title.en", "Hotline trainers meet in Ashgabat")                     // revision 3

	list := c.Page(path+"/revisions", http.StatusOK)
	form := sitetest.FormOf(list, `form[action$="/revisions/compare"]`)
	if form.Get("from") != "2" || form.Get("to") != "3" {
		t.Errorf("the form starts at %s and %s, not the last change", form.Get("from"), form.Get("to"))
	}
	if n := list.Find(`input[type=radio][name=from]`).Length(); n != 3 {
		t.Errorf("%d revisions to pick from, want 3", n)
	}
	d := c.Page(path+"/revisions/compare?"+form.Encode(), http.StatusOK)
	if got := changedFields(d); len(got) != 1 || got[0] != "Title · English" {
		t.Errorf("2 → 3 shows %q", got)
	}

	for _, q := range []string{"from=1&to=3", "from=3&to=1"} {
		d := c.Page(path+"/revisions/compare?"+q, http.StatusOK)
		if got := changedFields(d); strings.Join(got, "; ") != "Title · English; Summary · Русский" {
			t.Errorf("%s shows %q", q, got)
		}
		title := d.Find("section.diff").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Find("h2").Text(), "Title · English")
		})
		if del, ins := title.Find(".diff-old del").Text(), title.Find(".diff-new ins").Text(); del != "Mary" || ins != "Ashgabat" {
			t.Errorf("%s: words %q → %q, want Mary → Ashgabat", q, del, ins)
		}
		if got := d.Find("p.hint").First().Text(); !strings.Contains(got, "Left: revision 1") {
			t.Errorf("%s: the left side is %q", q, got)
		}
		// Back to the list, the pair stays chosen.
		back := c.Page(d.Find(`a[href*="/revisions?"]`).AttrOr("href", ""), http.StatusOK)
		if f := sitetest.FormOf(back, `form[action$="/revisions/compare"]`); f.Get("from") != "1" || f.Get("to") != "3" {
			t.Errorf("%s: back to the list, %s and %s are chosen", q, f.Get("from"), f.Get("to"))
		}
	}
	d = c.Page(path+"/revisions/compare?from=2&to=2", http.StatusOK)
	if len(changedFields(d)) != 0 || !strings.Contains(d.Find(".compare-same").Text(), "No difference") {
		t.Error("a revision compared with itself shows differences")
	}
}

// TestCompareRefusesBadRevisions: a version that is not a number, or
// none, is a 400; one the entry does not have (another entry's) a 404;
// each a page in the editor's language, never a 500.
func TestCompareRefusesBadRevisions(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	one := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	form := sitetest.NewsForm("draft")
	form.Set("title.en", "Another entry")
	form.Set("title.ru", "Другая запись")
	other := sitetest.CreateEntry(t, c, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(other, 10)
	for range 2 { // the other entry has revisions 1 to 3
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		f.Set("summary.en", f.Get("summary.en")+" More.")
		if res := c.Post(path, withAction(f, "save")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
	}
	base := "/admin/entries/" + strconv.FormatInt(one, 10) + "/revisions/compare"
	for _, tc := range []struct {
		path string
		want int
	}{
		{base + "?from=1&to=3", http.StatusNotFound}, // 3 is the other entry's
		{base + "?from=4&to=1", http.StatusNotFound},
		{base + "?from=a&to=1", http.StatusBadRequest},
		{base + "?from=1", http.StatusBadRequest},
		{base, http.StatusBadRequest},
		{base + "?from=-1&to=1", http.StatusBadRequest},
		{base + "?from=1&to=99999999999999999999", http.StatusBadRequest},
		{base + "?from=1&to=2147483648", http.StatusBadRequest}, // past the column's int
		{strings.TrimSuffix(base, "/compare") + "/2147483648", http.StatusNotFound},
		{"/admin/entries/999999/revisions/compare?from=1&to=1", http.StatusNotFound},
		{"/admin/entries/x/revisions/compare?from=1&to=1", http.StatusNotFound},
		{path + "/revisions/compare?from=1&to=3", http.StatusOK},
	} {
		d := c.Page(tc.path, tc.want)
		if tc.want != http.StatusOK && d.Find("h1").Length() == 0 {
			t.Errorf("%s: no error page", tc.path)
		}
	}
	if res := c.Post("/admin/account/lang", map[string][]string{"lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("language: %d", res.StatusCode)
	}
	if got := c.Page(base+"?from=1&to=3", http.StatusNotFound).Find("html").AttrOr("lang", ""); got != "ru" {
		t.Errorf("the 404 page is in %q, not Russian", got)
	}
}
