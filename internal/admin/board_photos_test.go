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

	"vestnik/internal/content"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestBoardListsPhotosToDescribe: a live entry showing a photo without an
// alt text in Russian is work on the Russian translator's board, counted
// on their dashboard: its lead image, a figure in its Russian text (a
// draft too), in its English while it has no Russian, or in an issue's
// article; a Russian text taken live without one (an import) as well.
// A photo only linked, a decorative one, a figure the Russian leaves
// out, an entry not live or in the trash are no work. Described in
// Russian, the photo leaves the board.
func TestBoardListsPhotosToDescribe(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := t.Context()
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	describe := func(id int64, texts ...string) {
		t.Helper()
		f := url.Values{"focus_x": {"50"}, "focus_y": {"50"}}
		for i := 0; i+1 < len(texts); i += 2 {
			f.Set(texts[i], texts[i+1])
		}
		if res := ed.Post("/admin/media/"+strconv.FormatInt(id, 10), f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("describe photo %d: %d", id, res.StatusCode)
		}
	}
	photo := sitetest.Uploaded(ed, "hall.png", sitetest.PNG(t, 40, 30, 90))
	describe(photo, "alt.en", "The waiting hall")
	figure := "![](media:" + strconv.FormatInt(photo, 10) + ")"
	withBody := func(f url.Values, field, body string) url.Values { f.Set(field, body); return f }

	f := englishOnly("Lead photo", "lead-photo")
	f.Set("lead_image", strconv.FormatInt(photo, 10))
	lead := sitetest.CreateEntry(t, ed, "news", f)
	inEnglish := sitetest.CreateEntry(t, ed, "news", withBody(englishOnly("Figure in English", "figure-in-english"), "body.en", "First.\n\n"+figure+"\n\nSecond."))
	f = sitetest.NewsForm("published")
	f.Set("title.en", "Russian draft with the photo")
	f.Set("title.ru", "Черновик со снимком")
	f.Set("status.ru", "draft")
	f.Set("body.ru", "Первый.\n\n"+figure+"\n\nВторой.")
	ruDraft := sitetest.CreateEntry(t, ed, "news", f)
	issue, err := e.Store.CreateNewsletter(ctx, store.NewNewsletter{
		NewEntry: store.NewEntry{Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Hour),
			Translations: []content.Translation{{Lang: "en", Title: "Issue with a photo", Slug: "issue-with-a-photo"}}},
		Period:   time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC),
		Articles: []store.NewArticle{{Title: map[string]string{"en": "Turkmenistan"}, BodyMD: map[string]string{"en": figure}, BodyHTML: map[string]string{"en": ""}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Imported: live in both languages, the photo described in English only.
	imported, err := e.Store.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Hour),
		Translations: []content.Translation{{Lang: "en", Title: "Imported", Slug: "imported", BodyMD: figure},
			{Lang: "ru", Title: "Импорт", Slug: "import", BodyMD: figure}}})
	if err != nil {
		t.Fatal(err)
	}

	// A Russian draft with a lead image of its own (publishing it would
	// ask for the alt text first), the shared one described in Russian:
	// the Russian text shows its own.
	described := sitetest.Uploaded(ed, "described.png", sitetest.PNG(t, 40, 30, 140))
	describe(described, "alt.en", "A described photo", "alt.ru", "Описанный снимок")
	f = sitetest.NewsForm("published")
	f.Set("title.ru", "Своя обложка")
	f.Set("status.ru", "draft")
	f.Set("lead_image", strconv.FormatInt(described, 10))
	f.Set("lead_image.ru", strconv.FormatInt(photo, 10))
	ownLead := sitetest.CreateEntry(t, ed, "news", f)

	// No work: a photo only linked; one decorative; a figure only the
	// English shows; a draft; an entry in the trash.
	linked := sitetest.CreateEntry(t, ed, "news", withBody(englishOnly("Linked photo", "linked-photo"),
		"body.en", "See [the photo](/media/"+storedSHA(t, e, photo)+"/hall.png)."))
	decorative := sitetest.Uploaded(ed, "border.png", sitetest.PNG(t, 40, 30, 10))
	describe(decorative, "decorative", "1")
	f = englishOnly("Decorative lead", "decorative-lead")
	f.Set("lead_image", strconv.FormatInt(decorative, 10))
	withDecorative := sitetest.CreateEntry(t, ed, "news", f)
	f = sitetest.NewsForm("published")
	f.Set("title.en", "English figure only")
	f.Set("title.ru", "Снимок только в английском")
	f.Set("body.en", "First.\n\n"+figure)
	leftOut := sitetest.CreateEntry(t, ed, "news", f)
	f = englishOnly("Draft with a lead photo", "draft-with-lead")
	f.Set("status.en", "draft")
	f.Set("lead_image", strconv.FormatInt(photo, 10))
	draft := sitetest.CreateEntry(t, ed, "news", f)
	f = englishOnly("Trashed with a lead photo", "trashed-with-lead")
	f.Set("lead_image", strconv.FormatInt(photo, 10))
	trashed := sitetest.CreateEntry(t, ed, "news", f)
	if res := ed.Post("/admin/entries/"+strconv.FormatInt(trashed, 10)+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}

	tr, _ := translator(t, e)
	board := boardIDs(t, tr, "/admin/translations?lang=ru&state=photos")
	for name, id := range map[string]int64{"lead image": lead, "figure in the English": inEnglish, "figure in a Russian draft": ruDraft,
		"figure in an article": issue, "imported Russian": imported, "Russian lead image": ownLead} {
		if !slices.Contains(board, id) {
			t.Errorf("%s (entry %d) is not on the Russian board", name, id)
		}
	}
	for name, id := range map[string]int64{"linked": linked, "decorative": withDecorative, "left out of the Russian": leftOut,
		"draft": draft, "trashed": trashed} {
		if slices.Contains(board, id) {
			t.Errorf("%s (entry %d) is on the Russian board", name, id)
		}
	}
	dash := tr.Page("/admin/", http.StatusOK)
	if got := strings.TrimSpace(dash.Find(`.board-counts tr[data-lang="ru"] td.photos`).Text()); got != strconv.Itoa(len(board)) {
		t.Errorf("the dashboard counts %s photos to describe, the board lists %d", got, len(board))
	}
	if got := dash.Find(`.board-counts th.photos`).Text(); got != "photos without alt text" {
		t.Errorf("the count's heading: %q", got)
	}
	d := tr.Page("/admin/translations?lang=ru&state=photos", http.StatusOK)
	// The row leads to the photo's page, where its alt text is typed,
	// and names the entry that shows it.
	row := d.Find(`tr[data-entry="` + strconv.FormatInt(lead, 10) + `"] th`)
	if got := row.Find(`a.board-photo`); got.Length() != 1 || got.AttrOr("href", "") != "/admin/media/"+strconv.FormatInt(photo, 10) {
		t.Errorf("the row's photo links: %d, first to %q, want /admin/media/%d", got.Length(), got.AttrOr("href", ""), photo)
	}
	if got := row.Find(`.board-entry a`).AttrOr("href", ""); got != "/admin/entries/"+strconv.FormatInt(lead, 10)+"#entry-photos" {
		t.Errorf("the row's entry link: %q", got)
	}
	d.Find("tr[data-entry]").Each(func(_ int, r *goquery.Selection) {
		if r.Find("a.board-photo").Length() == 0 {
			t.Errorf("entry %s is on the board without a photo to describe", r.AttrOr("data-entry", ""))
		}
	})
	if got := d.Find(`tr[data-entry="` + strconv.FormatInt(ownLead, 10) + `"] th a.board-photo`); got.Length() != 1 ||
		got.AttrOr("href", "") != "/admin/media/"+strconv.FormatInt(photo, 10) {
		t.Errorf("the row of an entry with a Russian lead image links %d photos, first %q; want its Russian one", got.Length(), got.AttrOr("href", ""))
	}
	if got := d.Find(`tr[data-entry="` + strconv.FormatInt(issue, 10) + `"] th a.board-photo`).Length(); got != 1 {
		t.Errorf("the issue's row links %d photos, want the article's figure", got)
	}
	if slices.Contains(boardIDs(t, tr, "/admin/translations?lang=ru&state=photos&kind=page"), lead) {
		t.Error("the kind filter lets news through")
	}
	if slices.Contains(boardIDs(t, ed, "/admin/translations?lang=en&state=photos"), lead) {
		t.Error("a photo described in English is on the English board")
	}

	// The translator describes it in Russian, on the photo's page.
	page := "/admin/media/" + strconv.FormatInt(photo, 10)
	pf := sitetest.FormOf(tr.Page(page, http.StatusOK), "#image-form")
	pf.Set("alt.ru", "Зал ожидания")
	if res := tr.Post(page, pf); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the translator's alt text: %d", res.StatusCode)
	}
	board = boardIDs(t, tr, "/admin/translations?lang=ru&state=photos")
	for _, id := range []int64{lead, inEnglish, ruDraft, issue, imported} {
		if slices.Contains(board, id) {
			t.Errorf("entry %d is still on the board with its photo described", id)
		}
	}

	tr.Post("/admin/account/lang", url.Values{"lang": {"ru"}})
	if got := tr.Page("/admin/", http.StatusOK).Find(`.board-counts th.photos`).Text(); got != "снимки без описания" {
		t.Errorf("the count's heading in Russian: %q", got)
	}
}
