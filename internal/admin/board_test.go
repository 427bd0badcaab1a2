package admin_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/content"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// boardIDs follows the board's pages from path to the end and returns the
// entry IDs in the order shown.
func boardIDs(t *testing.T, c *sitetest.Client, path string) []int64 {
	t.Helper()
	var ids []int64
	for pages := 0; path != ""; pages++ {
		if pages > 100 {
			t.Fatal("the board's pages never end")
		}
		d := c.Page(path, http.StatusOK)
		for _, v := range d.Find("table.board-list tbody tr[data-entry]").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("data-entry", "") }) {
			id, _ := strconv.ParseInt(v, 10, 64)
			ids = append(ids, id)
		}
		path = d.Find(`.pager a[rel=next]`).AttrOr("href", "")
	}
	return ids
}

// TestBoardPagesFiltersAndCounts: the translation board lists every entry
// in a state, page after page with nothing lost or repeated, oldest
// problem first; it filters by language, state and kind; the dashboard
// counts each state per language; outdated and draft follow the saves.
func TestBoardPagesFiltersAndCounts(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 130 {
		if _, err := e.Store.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
			PublishedAt:  start.Add(time.Duration(i) * time.Hour),
			Translations: []content.Translation{{Lang: "en", Title: fmt.Sprintf("Only English %d", i), Slug: fmt.Sprintf("only-english-%d", i)}}}); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := e.Login("ed@example.org", "editor")
	var want []int64
	rows, err := e.Pool.Query(ctx, `SELECT id FROM entries e WHERE NOT EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = e.id AND t.lang = 'ru')
		ORDER BY created_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		want = append(want, id)
	}
	rows.Close()
	got := boardIDs(t, c, "/admin/translations?lang=ru&state=missing")
	if !slices.Equal(got, want) {
		t.Errorf("missing in Russian: the board shows %d entries, want %d (in order of creation)", len(got), len(want))
	}
	newest := boardIDs(t, c, "/admin/translations?lang=ru&state=missing&order=newest")
	slices.Reverse(newest)
	if !slices.Equal(newest, want) {
		t.Error("newest first is not the reverse")
	}
	if len(boardIDs(t, c, "/admin/translations?lang=ru&state=missing&kind=page")) != 0 {
		t.Error("the kind filter lets news through")
	}
	dash := c.Page("/admin/", http.StatusOK)
	if n := dash.Find(`.board-counts tr[data-lang="ru"] td.missing`).Text(); n != strconv.Itoa(len(want)) {
		t.Errorf("dashboard: %s missing in Russian, want %d", n, len(want))
	}

	// Outdated follows the saves: a substantive English change flags the
	// Russian; bringing it in line clears it.
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	outdated := func() bool {
		return slices.Contains(boardIDs(t, c, "/admin/translations?lang=ru&state=outdated"), id)
	}
	if outdated() {
		t.Fatal("outdated before any change")
	}
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "A different text about the hotline's new hours, from January.")
	c.Post(path, withAction(f, "publish"))
	if !outdated() {
		t.Fatal("the Russian is not on the outdated list after a substantive English change")
	}
	if !strings.Contains(c.Page("/admin/", http.StatusOK).Find(`.board-counts tr[data-lang="ru"] td.outdated`).Text(), "1") {
		t.Error("the dashboard does not count the outdated text")
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("inline.ru", "1")
	c.Post(path, f)
	if outdated() {
		t.Error("still outdated once brought in line")
	}
	if !slices.Contains(boardIDs(t, c, "/admin/translations?lang=ru&state=current"), id) {
		t.Error("not listed as in line")
	}

	// A Russian draft of a live English entry is on the draft list.
	form := sitetest.NewsForm("published")
	form.Set("status.ru", "draft")
	form.Set("title.en", "Second item")
	form.Set("title.ru", "Вторая новость")
	draft := sitetest.CreateEntry(t, c, "news", form)
	if !slices.Contains(boardIDs(t, c, "/admin/translations?lang=ru&state=draft"), draft) ||
		slices.Contains(boardIDs(t, c, "/admin/translations?lang=en&state=draft"), draft) {
		t.Error("the draft list does not follow each language's state")
	}

	for _, bad := range []string{"?lang=xx", "?state=lost", "?kind=poem", "?after=nonsense", "?lang=tk"} {
		if res := c.Get("/admin/translations" + bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
}
