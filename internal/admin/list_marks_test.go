package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// listRow is an entry's row in an admin list.
func listRow(d *goquery.Document, id int64) *goquery.Selection {
	return d.Find(`table.list tbody tr[data-entry="` + strconv.FormatInt(id, 10) + `"]`)
}

// TestListMarksTranslationStates: each row of the News list shows every
// language's translation as missing, outdated, draft, waiting for review
// or up to date — by its code, its state as a class, and in words on
// hover and for screen readers, in the admin's language.
func TestListMarksTranslationStates(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	current := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	missing := sitetest.CreateEntry(t, ed, "news", englishOnly("Missing in Russian", "missing-in-russian"))
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Russian draft")
	form.Set("title.ru", "Русский черновик")
	form.Set("status.ru", "draft")
	draft := sitetest.CreateEntry(t, ed, "news", form)
	form = sitetest.NewsForm("published")
	form.Set("title.en", "Russian behind")
	form.Set("title.ru", "Русский отстал")
	outdated := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(outdated, 10)
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "A different text about the hotline's new hours, from January.")
	if res := ed.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	review := sitetest.CreateEntry(t, ed, "news", englishOnly("Russian in review", "russian-in-review"))
	tr, _ := translator(t, e)
	path = "/admin/entries/" + strconv.FormatInt(review, 10)
	f = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Русский на проверке")
	f.Set("body.ru", "Перевод.")
	if res := tr.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}

	d := ed.Page("/admin/entries?kind=news", http.StatusOK)
	for _, tc := range []struct {
		id          int64
		state, text string
	}{
		{current, "current", "up to date"}, {missing, "missing", "missing"}, {draft, "draft", "draft"},
		{outdated, "outdated", "outdated"}, {review, "review", "waiting for review"},
	} {
		mark := listRow(d, tc.id).Find(`.text-marks li[data-lang="ru"]`)
		if !mark.HasClass(tc.state) || mark.AttrOr("title", "") != "Russian: "+tc.text ||
			mark.Find(".visually-hidden").Text() != " — "+tc.text || !strings.HasPrefix(mark.Text(), "ru") {
			class, _ := mark.Attr("class")
			t.Errorf("entry %d: Russian marked %q, %q, %q; want %s", tc.id, class, mark.AttrOr("title", ""), mark.Text(), tc.state)
		}
		if en := listRow(d, tc.id).Find(`.text-marks li[data-lang="en"]`); !en.HasClass("current") {
			t.Errorf("entry %d: the English is not up to date", tc.id)
		}
		if n := listRow(d, tc.id).Find(".text-marks li").Length(); n != len(e.Langs) {
			t.Errorf("entry %d: %d languages marked, want %d", tc.id, n, len(e.Langs))
		}
	}

	ed.Post("/admin/account/lang", url.Values{"lang": {"ru"}})
	d = ed.Page("/admin/entries?kind=news", http.StatusOK)
	if got := listRow(d, outdated).Find(`.text-marks li[data-lang="ru"]`).AttrOr("title", ""); got != "русский: устарел" {
		t.Errorf("in Russian: %q", got)
	}
	if got := listRow(d, review).Find(`.text-marks li[data-lang="ru"]`).AttrOr("title", ""); got != "русский: ждёт проверки" {
		t.Errorf("in Russian: %q", got)
	}
}
