package admin_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// listRow is an entry's row in an admin list.
func listRow(d *goquery.Document, id int64) *goquery.Selection {
	return d.Find(`table.list tbody tr[data-entry="` + strconv.FormatInt(id, 10) + `"]`)
}

// listIDs are the entries an admin list shows, in its order.
func listIDs(d *goquery.Document) []int64 {
	var ids []int64
	d.Find("table.list tbody tr[data-entry]").Each(func(_ int, s *goquery.Selection) {
		id, _ := strconv.ParseInt(s.AttrOr("data-entry", ""), 10, 64)
		ids = append(ids, id)
	})
	return ids
}

// TestListMarksUnpublishedChanges: in the News list, a live entry with
// unpublished changes, or with changes scheduled for later, says so beside
// the language they are in (beside the entry's state when it has one
// language), in the admin's language; one without says nothing; the
// state filter "With unpublished changes" lists those with either, and
// the dashboard's lists mark them too.
func TestListMarksUnpublishedChanges(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts`); n != 0 {
		t.Fatalf("the demo has %d working copies: this test needs none", n)
	}
	c, _ := e.Login("ed@example.org", store.RoleEditor)
	edit := func(id int64, action string, set func(url.Values)) {
		t.Helper()
		path := "/admin/entries/" + strconv.FormatInt(id, 10)
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		set(f)
		if res := c.Post(path, withAction(f, action)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s entry %d: %d", action, id, res.StatusCode)
		}
	}
	plain := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Working copy story")
	form.Set("title.ru", "История с рабочей копией")
	pending := sitetest.CreateEntry(t, c, "news", form)
	edit(pending, "save", func(f url.Values) { f.Set("body.en", "A new first paragraph, not published yet.") })
	form = sitetest.NewsForm("published")
	form.Set("title.en", "Scheduled changes story")
	form.Set("title.ru", "История с запланированной правкой")
	scheduled := sitetest.CreateEntry(t, c, "news", form)
	soon := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Minute)
	edit(scheduled, "publish", func(f url.Values) {
		f.Set("summary.ru", "Новое описание, с послезавтрашнего дня.")
		f.Set("status.ru", "scheduled")
		f.Set("publish_at.ru", soon.Format("2006-01-02T15:04"))
	})
	single := sitetest.CreateEntry(t, c, "news", englishOnly("Only in English, changed", "only-in-english-changed"))
	edit(single, "save", func(f url.Values) { f.Set("summary.en", "A summary not published yet.") })

	d := c.Page("/admin/entries?kind=news", http.StatusOK)
	if n := listRow(d, plain).Find("[data-changes]").Length(); n != 0 {
		t.Errorf("an entry without changes shows %d markers", n)
	}
	row := listRow(d, pending)
	if got := row.Find(`.lang-state[data-lang="en"] [data-changes="pending"]`).Text(); got != "Unpublished changes" {
		t.Errorf("the English working copy: %q", got)
	}
	if row.Find(`.lang-state[data-lang="ru"] [data-changes]`).Length() != 0 {
		t.Error("the Russian, unchanged, is marked as changed")
	}
	row = listRow(d, scheduled)
	want := "Changes scheduled for " + soon.Format("January 2, 2006, 15:04")
	if got := row.Find(`.lang-state[data-lang="ru"] [data-changes="scheduled"]`).Text(); got != want {
		t.Errorf("the Russian's scheduled changes: %q, want %q", got, want)
	}
	if row.Find(`.lang-state[data-lang="en"] [data-changes]`).Length() != 0 {
		t.Error("the English, unchanged, is marked as changed")
	}
	if got := listRow(d, single).Find(`td > [data-changes="pending"]`).Text(); got != "Unpublished changes" {
		t.Errorf("an entry in one language: %q beside its state", got)
	}

	got := listIDs(c.Page("/admin/entries?kind=news&status=changes", http.StatusOK))
	slices.Sort(got)
	if want := []int64{pending, scheduled, single}; !slices.Equal(got, want) {
		t.Errorf("with unpublished changes: %v, want %v", got, want)
	}
	if got := c.Page("/admin/entries?kind=news&status=changes", http.StatusOK).Find(`select[name=status] option[selected]`).AttrOr("value", ""); got != "changes" {
		t.Errorf("the filter shows %q chosen", got)
	}
	// Published, the changes leave the list.
	edit(pending, "publish", func(url.Values) {})
	if got := listIDs(c.Page("/admin/entries?kind=news&status=changes", http.StatusOK)); slices.Contains(got, pending) {
		t.Error("published changes are still listed as unpublished")
	}
	if n := listRow(c.Page("/admin/entries?kind=news", http.StatusOK), pending).Find("[data-changes]").Length(); n != 0 {
		t.Errorf("published changes: %d markers left", n)
	}

	dash := c.Page("/admin/", http.StatusOK).Find(".dash-grid .panel").Eq(2)
	if got := dash.Find(`li[data-entry="` + strconv.FormatInt(scheduled, 10) + `"] [data-changes="scheduled"]`).Text(); got != want {
		t.Errorf("the dashboard's recent list: %q", got)
	}

	c.Post("/admin/account/lang", url.Values{"lang": {"ru"}})
	d = c.Page("/admin/entries?kind=news", http.StatusOK)
	if got := listRow(d, single).Find(`[data-changes="pending"]`).Text(); got != "Есть неопубликованные изменения" {
		t.Errorf("in Russian: %q", got)
	}
	if got := listRow(d, scheduled).Find(`[data-changes="scheduled"]`).Text(); !strings.HasPrefix(got, "Изменения запланированы на ") || !strings.Contains(got, " г., ") {
		t.Errorf("in Russian: %q", got)
	}
	if got := d.Find(`select[name=status] option[value=changes]`).Text(); got != "С неопубликованными изменениями" {
		t.Errorf("the filter in Russian: %q", got)
	}
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
