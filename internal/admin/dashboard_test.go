package admin_test

import (
	"maps"
	"net/http"
	"net/url"
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

// dashList is what one of the dashboard's lists (drafts, scheduled,
// recent: its panels in that order) shows, as "id/lang" ("id" for a row
// that is a whole entry).
func dashList(d *goquery.Document, panel int) []string {
	var out []string
	d.Find(".dash-grid .panel").Eq(panel).Find("li[data-entry]").Each(func(_ int, s *goquery.Selection) {
		item := s.AttrOr("data-entry", "")
		if lang, ok := s.Attr("data-lang"); ok {
			item += "/" + lang
		}
		out = append(out, item)
	})
	return out
}

// TestTranslatorDashboardByLanguage: a translator's dashboard lists the
// texts of their languages, not entries: a story published in English
// only is not "recently published" to the Russian translator, its
// Russian draft is among their drafts (not once submitted), a Russian
// scheduled is among the scheduled; each row is the Russian text, titled
// in Russian and leading to it. The board on it has their languages'
// columns only.
func TestTranslatorDashboardByLanguage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	englishOnlyID := sitetest.CreateEntry(t, ed, "news", englishOnly("Published in English only", "published-in-english-only"))
	both := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	form := sitetest.NewsForm("published")
	form.Set("title.en", "English live, Russian draft")
	form.Set("title.ru", "Английский опубликован, русский — черновик")
	form.Set("status.ru", "draft")
	ruDraft := sitetest.CreateEntry(t, ed, "news", form)
	form = sitetest.NewsForm("published")
	form.Set("title.en", "Russian later")
	form.Set("title.ru", "Русский позже")
	form.Set("status.ru", "scheduled")
	form.Set("publish_at.ru", time.Now().Add(72*time.Hour).UTC().Format("2006-01-02T15:04"))
	ruLater := sitetest.CreateEntry(t, ed, "news", form)
	submitted := sitetest.CreateEntry(t, ed, "news", englishOnly("Russian submitted", "russian-submitted"))
	tr, _ := translator(t, e)
	path := "/admin/entries/" + strconv.FormatInt(submitted, 10)
	f := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Русский на проверке")
	f.Set("body.ru", "Перевод.")
	if res := tr.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }

	d := tr.Page("/admin/", http.StatusOK)
	drafts, scheduled, recent := dashList(d, 0), dashList(d, 1), dashList(d, 2)
	if slices.Contains(recent, id(englishOnlyID)+"/ru") || slices.Contains(recent, id(englishOnlyID)) ||
		slices.Contains(recent, id(ruDraft)+"/ru") || slices.Contains(recent, id(ruLater)+"/ru") {
		t.Errorf("recently published to the Russian translator: %v", recent)
	}
	if len(recent) == 0 || recent[0] != id(both)+"/ru" {
		t.Errorf("the latest Russian published is not first: %v", recent)
	}
	if !slices.Contains(drafts, id(ruDraft)+"/ru") || slices.Contains(drafts, id(submitted)+"/ru") {
		t.Errorf("the translator's drafts: %v", drafts)
	}
	if !slices.Equal(scheduled, []string{id(ruLater) + "/ru"}) {
		t.Errorf("the translator's scheduled: %v", scheduled)
	}
	for _, l := range [][]string{drafts, scheduled, recent} {
		for _, item := range l {
			if !strings.HasSuffix(item, "/ru") {
				t.Errorf("a row not of a Russian text: %s", item)
			}
		}
	}
	row := d.Find(`.dash-grid li[data-entry="` + id(ruDraft) + `"][data-lang="ru"]`)
	if a := row.Find("a"); a.Text() != "Английский опубликован, русский — черновик" || a.AttrOr("href", "") != "/admin/entries/"+id(ruDraft)+"#lang-ru" ||
		a.AttrOr("lang", "") != "ru" || !strings.Contains(row.Text(), "Русский") {
		t.Errorf("the Russian draft's row: %q → %q", row.Text(), a.AttrOr("href", ""))
	}
	if got := d.Find("table.board thead th").Length(); got != 3 {
		t.Errorf("the board on the dashboard has %d columns, want title, kind and Russian", got)
	}

	// The editor's lists are of entries, as before.
	d = ed.Page("/admin/", http.StatusOK)
	if recent := dashList(d, 2); !slices.Contains(recent, id(englishOnlyID)) {
		t.Errorf("the editor's recently published: %v", recent)
	}
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

// TestDashboardScheduledChanges: changes scheduled on a text already
// live (a working copy with a publish time) are on the dashboard's
// Scheduled list beside entries waiting to go live, soonest first, each
// marked as changes with its language and time, and without the
// entry's old publication time; an editor's list names the language by
// its code, a translator's row is the language's text. Published, they
// leave the list.
func TestDashboardScheduledChanges(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Live, Russian changes on Friday")
	form.Set("title.ru", "Опубликовано, правка в пятницу")
	changed := sitetest.CreateEntry(t, ed, "news", form)
	soon := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Minute)
	path := "/admin/entries/" + id(changed)
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.ru", "Новое описание, с завтрашнего дня.")
	f.Set("status.ru", "scheduled")
	f.Set("publish_at.ru", soon.Format("2006-01-02T15:04"))
	if res := ed.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule the changes: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = `+id(changed)+` AND lang = 'ru' AND publish_at IS NOT NULL`); n != 1 {
		t.Fatalf("%d scheduled working copies, want the Russian's", n)
	}
	form = sitetest.NewsForm("scheduled")
	form.Set("title.en", "Goes live later")
	form.Set("title.ru", "Выйдет позже")
	later := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	for _, l := range []string{"en", "ru"} {
		form.Set("status."+l, "scheduled")
		form.Set("publish_at."+l, later.Format("2006-01-02T15:04"))
	}
	scheduled := sitetest.CreateEntry(t, ed, "news", form)
	plain := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))

	d := ed.Page("/admin/", http.StatusOK)
	if got, want := dashList(d, 1), []string{id(changed), id(scheduled)}; !slices.Equal(got, want) {
		t.Fatalf("the editor's scheduled: %v, want %v (not %d, live without changes)", got, want, plain)
	}
	panel := d.Find(".dash-grid .panel").Eq(1)
	row := panel.Find(`li[data-entry="` + id(changed) + `"]`)
	mark := row.Find(`.lang-state[data-lang="ru"]`)
	if got, want := mark.Find(`[data-changes="scheduled"]`).Text(), "Changes scheduled for "+soon.Format("January 2, 2006, 15:04"); got != want {
		t.Errorf("the changes' marker: %q, want %q", got, want)
	}
	if got := mark.Find("abbr.lang-code").Text(); got != "ru" {
		t.Errorf("the changes' language: %q", got)
	}
	if row.Find(`.lang-state[data-lang="en"]`).Length() != 0 {
		t.Error("the English, unchanged, is marked")
	}
	if n := row.Children().Filter("time").Length(); n != 0 {
		t.Errorf("the changes' row shows %d times of its own, the entry's publication long past", n)
	}
	if got := panel.Find(`li[data-entry="`+id(scheduled)+`"] > time`).AttrOr("datetime", ""); !strings.HasPrefix(got, later.Format("2006-01-02")) {
		t.Errorf("the scheduled entry's time: %q, want %s", got, later)
	}

	tr, _ := translator(t, e)
	d = tr.Page("/admin/", http.StatusOK)
	if got, want := dashList(d, 1), []string{id(changed) + "/ru", id(scheduled) + "/ru"}; !slices.Equal(got, want) {
		t.Errorf("the translator's scheduled: %v, want %v", got, want)
	}
	row = d.Find(".dash-grid .panel").Eq(1).Find(`li[data-entry="` + id(changed) + `"][data-lang="ru"]`)
	if got := row.Find(`.lang-state[data-lang="ru"] [data-changes="scheduled"]`).Length(); got != 1 || !strings.Contains(row.Text(), "Русский") {
		t.Errorf("the translator's row of the changes: %q", row.Text())
	}

	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("status.ru", "published")
	f.Set("publish_at.ru", "")
	if res := ed.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish the changes now: %d", res.StatusCode)
	}
	if got := dashList(ed.Page("/admin/", http.StatusOK), 1); slices.Contains(got, id(changed)) {
		t.Errorf("published changes still scheduled: %v", got)
	}
}

// dashCounts is the dashboard's count of each state in each language it
// shows, as text.
func dashCounts(d *goquery.Document) map[string]map[string]string {
	out := map[string]map[string]string{}
	d.Find(`.board-counts tbody tr[data-lang]`).Each(func(_ int, row *goquery.Selection) {
		lang := row.AttrOr("data-lang", "")
		out[lang] = map[string]string{}
		for _, state := range store.BoardStates {
			out[lang][state] = strings.TrimSpace(row.Find("td." + state).Text())
		}
	})
	return out
}

// TestBoardCountsEveryLanguage: the dashboard counts each language's
// states apart, each its own: with a language turned off missing every
// entry, the others' counts are the lengths of their lists; turned on,
// it is counted too, every entry missing in it. Neither an entry in the
// trash nor one of another kind than the board's is counted, a
// scheduled one is; the board opened without a state chooses by the
// counts of its kind.
func TestBoardCountsEveryLanguage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	// A Russian behind its English (news).
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Behind in Russian")
	form.Set("title.ru", "Отстаёт по-русски")
	behind := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(behind, 10)
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "A different text about the hotline's new hours, from January.")
	if res := ed.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	// English only: a story and a page; Russian only, scheduled; a
	// Russian draft; one in the trash, missing in Russian.
	sitetest.CreateEntry(t, ed, "news", englishOnly("English only", "english-only"))
	page, err := e.Store.CreateEntry(ctx, store.NewEntry{Kind: content.KindPage, Status: content.StatusPublished, PublishedAt: time.Now(),
		Translations: []content.Translation{{Lang: "en", Title: "A page in English", Slug: "a-page-in-english"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: time.Now().Add(48 * time.Hour),
		Translations: []content.Translation{{Lang: "ru", Title: "Только по-русски, позже", Slug: "tolko-po-russki-pozzhe"}}}); err != nil {
		t.Fatal(err)
	}
	form = sitetest.NewsForm("published")
	form.Set("title.en", "Russian draft")
	form.Set("title.ru", "Русский черновик")
	form.Set("status.ru", "draft")
	sitetest.CreateEntry(t, ed, "news", form)
	trashed := sitetest.CreateEntry(t, ed, "news", englishOnly("In the trash", "in-the-trash"))
	if _, err := e.Pool.Exec(ctx, `UPDATE entries SET deleted_at = now() WHERE id = $1`, trashed); err != nil {
		t.Fatal(err)
	}
	live := sitetest.Count(e, `SELECT count(*) FROM entries WHERE deleted_at IS NULL`)

	// Each count is the length of its list, in each language shown.
	check := func(langs ...string) map[string]map[string]string {
		t.Helper()
		counts := dashCounts(ed.Page("/admin/", http.StatusOK))
		if len(counts) != len(langs) {
			t.Errorf("the dashboard counts %d languages, want %v", len(counts), langs)
		}
		for _, lang := range langs {
			sum := 0
			for _, state := range store.BoardStates {
				ids := boardIDs(t, ed, "/admin/translations?lang="+lang+"&state="+state)
				if slices.Contains(ids, trashed) {
					t.Errorf("%s %s lists the entry in the trash", lang, state)
				}
				if got := counts[lang][state]; got != strconv.Itoa(len(ids)) {
					t.Errorf("%s: the dashboard counts %s %s, the board lists %d", lang, got, state, len(ids))
				}
				if state != store.BoardPhotos {
					sum += len(ids)
				}
			}
			if sum != live {
				t.Errorf("%s: the states hold %d entries, there are %d", lang, sum, live)
			}
		}
		return counts
	}
	counts := check("en", "ru")
	if counts["ru"][store.BoardOutdated] != "1" || counts["ru"][store.BoardDraft] != "1" {
		t.Errorf("the counts: %v", counts)
	}
	// Opened without a state, the board shows the first with work in the
	// last language: of news, the Russian behind; of pages, the page
	// missing in Russian (none is behind).
	if got := boardIDs(t, ed, "/admin/translations"); !slices.Equal(got, []int64{behind}) {
		t.Errorf("the board's default lists %v, want the Russian behind (%d)", got, behind)
	}
	if got := boardIDs(t, ed, "/admin/translations?kind=page"); !slices.Equal(got, []int64{page}) {
		t.Errorf("the board's default for pages lists %v, want the page missing in Russian (%d)", got, page)
	}

	// Turkmen turned on: every entry is missing in it but the demo's
	// few in Turkmen.
	chief, _ := e.Login("chief@example.org", store.RoleAdmin)
	chief.TurnLanguage("tk", true)
	inTurkmen := sitetest.Count(e, `SELECT count(*) FROM translations t JOIN entries x ON x.id = t.entry_id WHERE t.lang = 'tk' AND x.deleted_at IS NULL`)
	if after := check("en", "ru", "tk"); after["tk"][store.BoardMissing] != strconv.Itoa(live-inTurkmen) || !maps.Equal(after["ru"], counts["ru"]) ||
		!maps.Equal(after["en"], counts["en"]) {
		t.Errorf("with Turkmen on: %v, before %v", after, counts)
	}
}
