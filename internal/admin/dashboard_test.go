package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// englishOnly is a news form published in English, with no Russian.
func englishOnly(title, slug string) url.Values {
	f := sitetest.NewsForm("published")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		f.Del(k)
	}
	f.Set("status.ru", "draft") // nothing to publish in Russian
	f.Set("title.en", title)
	f.Set("slug.en", slug)
	return f
}

// TestBoardCountsEachTextOnce: each language's text of every entry is in
// one state of the board — missing, outdated, draft, waiting for review,
// up to date — whatever else it is (a draft behind its source is
// outdated, not a draft as well; a text waiting for review is neither a
// draft nor up to date), so the board's lists never share an entry, they
// hold every entry, and the dashboard's counts are their lengths.
func TestBoardCountsEachTextOnce(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	// A Russian draft falls behind its English.
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Draft behind")
	form.Set("title.ru", "Отставший черновик")
	form.Set("status.ru", "draft")
	behind := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(behind, 10)
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "A different text about the hotline's new hours, from January.")
	if res := ed.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	// A Russian draft, and a Russian submitted for review.
	form = sitetest.NewsForm("published")
	form.Set("title.en", "Plain draft")
	form.Set("title.ru", "Просто черновик")
	form.Set("status.ru", "draft")
	draft := sitetest.CreateEntry(t, ed, "news", form)
	waiting := sitetest.CreateEntry(t, ed, "news", englishOnly("Waiting", "waiting"))
	tr, _ := translator(t, e)
	path = "/admin/entries/" + strconv.FormatInt(waiting, 10)
	f = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Ждёт проверки")
	f.Set("body.ru", "Перевод.")
	if res := tr.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	// A live Russian whose changes wait for review: waiting, not up to date.
	live := sitetest.CreateEntry(t, ed, "news", func() url.Values {
		f := sitetest.NewsForm("published")
		f.Set("title.en", "Live changes in review")
		f.Set("title.ru", "Правка на проверке")
		return f
	}())
	path = "/admin/entries/" + strconv.FormatInt(live, 10)
	f = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.ru", "Исправленное описание.")
	if res := tr.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit the changes: %d", res.StatusCode)
	}
	if _, err := e.Pool.Exec(t.Context(), `UPDATE entries SET deleted_at = now() WHERE id = (SELECT min(id) FROM entries)`); err != nil {
		t.Fatal(err) // one entry in the trash, counted nowhere
	}

	want := map[int64]string{behind: store.BoardOutdated, draft: store.BoardDraft, waiting: store.BoardReview, live: store.BoardReview}
	states := []string{store.BoardMissing, store.BoardOutdated, store.BoardDraft, store.BoardReview, store.BoardCurrent}
	seen := map[int64]string{}
	dash := tr.Page("/admin/", http.StatusOK).Find(`.board-counts tr[data-lang="ru"]`)
	for _, state := range states {
		ids := boardIDs(t, tr, "/admin/translations?lang=ru&state="+state)
		for _, id := range ids {
			if was, ok := seen[id]; ok {
				t.Errorf("entry %d is both %s and %s", id, was, state)
			}
			seen[id] = state
		}
		if got := strings.TrimSpace(dash.Find("td." + state).Text()); got != strconv.Itoa(len(ids)) {
			t.Errorf("the dashboard counts %s %s, the board lists %d", got, state, len(ids))
		}
	}
	for id, state := range want {
		if seen[id] != state {
			t.Errorf("entry %d is %q, want %q", id, seen[id], state)
		}
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM entries WHERE deleted_at IS NULL`); len(seen) != n {
		t.Errorf("the board's states hold %d entries, there are %d", len(seen), n)
	}
}
