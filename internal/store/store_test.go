package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/content"
	"vestnik/internal/demo"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

func newStore(t *testing.T) *store.Store {
	t.Helper()
	return store.New(testdb.New(t))
}

func tr(lang, title string) content.Translation {
	return content.Translation{Lang: lang, Title: title, Slug: content.Slugify(lang, title), Summary: "s", BodyMD: "b", BodyHTML: "<p>b</p>"}
}

func TestLanguages(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	langs, err := st.Languages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(langs) != 3 || langs[0].Code != "en" || !langs[0].Default || !langs[0].Enabled || langs[1].Code != "ru" ||
		langs[1].TSConfig != "russian" || !langs[1].Enabled || langs[2].Code != "tk" || langs[2].Enabled || langs[2].TSConfig != "simple" {
		t.Fatalf("languages: %+v", langs)
	}
}

// TestVisibility: drafts, unpublished and scheduled entries never show.
func TestVisibility(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	past := time.Now().Add(-time.Hour)
	mk := func(status content.Status, at time.Time, title string) {
		t.Helper()
		if _, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: status, PublishedAt: at,
			Translations: []content.Translation{tr("en", title), tr("ru", title+" ру")}}); err != nil {
			t.Fatal(err)
		}
	}
	mk(content.StatusPublished, past, "Visible")
	mk(content.StatusDraft, time.Time{}, "Draft")
	mk(content.StatusUnpublished, past, "Withdrawn")
	mk(content.StatusPublished, time.Now().Add(time.Hour), "Scheduled")

	items, total, err := st.ListItems(ctx, "en", content.KindNews, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(items) != 1 || items[0].Title != "Visible" {
		t.Fatalf("visible: total %d, %+v", total, items)
	}
	if got := items[0].Alternates; got["en"] != "visible" || got["ru"] != "visible-ru" {
		t.Errorf("alternates %v", got)
	}
	for _, slug := range []string{"draft", "withdrawn", "scheduled"} {
		if _, _, err := st.ItemBySlug(ctx, "en", content.KindNews, slug); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: got %v, want ErrNotFound", slug, err)
		}
	}
	if _, _, err := st.ItemBySlug(ctx, "en", content.KindPage, "visible"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("kind must match: %v", err)
	}
}

func TestSlugUniquePerLanguageAndKind(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ne := store.NewEntry{Kind: content.KindNews, Status: content.StatusDraft, Translations: []content.Translation{tr("en", "Same")}}
	if _, err := st.CreateEntry(ctx, ne); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateEntry(ctx, ne); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate slug: got %v, want ErrConflict", err)
	}
	// The failed insert left nothing behind: one transaction.
	if _, total, _ := st.ListItems(ctx, "en", content.KindNews, 10, 0); total != 0 {
		t.Errorf("drafts listed: %d", total)
	}
	// The same slug in another language or kind is fine.
	if _, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusDraft, Translations: []content.Translation{tr("ru", "Same")}}); err != nil {
		t.Error(err)
	}
	if _, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindPage, Status: content.StatusDraft, Translations: []content.Translation{tr("en", "Same")}}); err != nil {
		t.Error(err)
	}
}

func TestMediaStoredOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	a, err := st.PutMedia(ctx, "a.pdf", "application/pdf", []byte("%PDF-1.4 x"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.PutMedia(ctx, "b.pdf", "application/pdf", []byte("%PDF-1.4 x"))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != b.ID || len(a.SHA256) != 64 {
		t.Fatalf("same bytes stored twice: %+v %+v", a, b)
	}
	m, data, err := st.MediaByHash(ctx, a.SHA256)
	if err != nil || string(data) != "%PDF-1.4 x" || m.Filename != "a.pdf" || m.Size != 10 {
		t.Fatalf("MediaByHash: %+v %q %v", m, data, err)
	}
	if _, _, err := st.MediaByHash(ctx, "00"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing media: %v", err)
	}
}

func TestSearchVectorPerLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	_, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusDraft, Translations: []content.Translation{
		{Lang: "ru", Title: "Противодействие торговле людьми", Slug: "a", BodyMD: "тренинг"},
		{Lang: "en", Title: "Trafficking trainings", Slug: "a", BodyMD: "x"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	// Russian morphology: «торговля» finds «торговле».
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM translations WHERE lang = 'ru' AND search @@ websearch_to_tsquery('russian', 'торговля')`).Scan(&n); err != nil || n != 1 {
		t.Errorf("russian stemming: %d %v", n, err)
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM translations WHERE lang = 'en' AND search @@ websearch_to_tsquery('english', 'training')`).Scan(&n); err != nil || n != 1 {
		t.Errorf("english stemming: %d %v", n, err)
	}
}

// TestFrontEmpty: a site without content has a front page with nothing
// on it, not an error.
func TestFrontEmpty(t *testing.T) {
	t.Parallel()
	f, err := newStore(t).Front(context.Background(), "en", 5)
	if err != nil || len(f.News) != 0 || f.Issue != nil || f.About != nil {
		t.Fatalf("%+v %v", f, err)
	}
}

// TestDemoLoad: the demo fills an empty database once and never touches one
// that has content.
func TestDemoLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	md := markdown.New()
	loaded, err := demo.Load(ctx, st, md)
	if err != nil || !loaded {
		t.Fatalf("first load: %v %v", loaded, err)
	}
	loaded, err = demo.Load(ctx, st, md)
	if err != nil || loaded {
		t.Fatalf("second load: %v %v", loaded, err)
	}
	en, enTotal, _ := st.ListItems(ctx, "en", content.KindNews, 100, 0)
	_, ruTotal, _ := st.ListItems(ctx, "ru", content.KindNews, 100, 0)
	if enTotal < 12 || ruTotal > enTotal-2 || ruTotal < enTotal/2 {
		t.Errorf("news: %d en, %d ru", enTotal, ruTotal)
	}
	months := map[string]bool{}
	for _, it := range en {
		months[it.PublishedAt.Format("2006-01")] = true
	}
	if len(months) < 3 {
		t.Errorf("news in %d months", len(months))
	}
	for _, lang := range []string{"en", "ru"} {
		n, err := st.LatestNewsletter(ctx, lang)
		if err != nil {
			t.Fatalf("%s newsletter: %v", lang, err)
		}
		full, err := st.NewsletterBySlug(ctx, lang, n.Slug)
		if err != nil || len(full.Articles) < 2 || full.Edition == nil || full.Period.Format("2006-01-02") != "2011-12-01" {
			t.Fatalf("%s issue: %+v %v", lang, full, err)
		}
		_, pdf, err := st.MediaByHash(ctx, full.Edition.SHA256)
		if err != nil || string(pdf[:5]) != "%PDF-" {
			t.Errorf("%s edition: %v", lang, err)
		}
		for _, key := range []string{"hotline", "about"} {
			if _, err := st.ItemByKey(ctx, lang, key); err != nil {
				t.Errorf("%s page %s: %v", lang, key, err)
			}
		}
		f, err := st.Front(ctx, lang, 3)
		page, _ := st.ItemsPage(ctx, lang, content.KindNews, nil, nil, 3)
		newest := page.Items
		if err != nil || len(f.News) != 3 || len(newest) != 3 || f.News[2].ID != newest[2].ID ||
			f.Issue == nil || f.Issue.ID != n.ID || f.Issue.Edition == nil || f.About == nil || f.About.SystemKey != "about" {
			t.Errorf("%s front page: %+v %v", lang, f, err)
		}
		// The news' and the issue's lead images, read with them.
		if f.Issue == nil {
			t.Fatalf("%s front page: no issue", lang)
		}
		want := map[int64]bool{}
		for _, it := range append(f.News, f.Issue.Item) {
			if it.LeadImageID != 0 {
				want[it.LeadImageID] = true
			}
		}
		if len(want) < 2 || len(f.Images) != len(want) {
			t.Errorf("%s front page: images %v for lead images %v", lang, f.Images, want)
		}
		for id := range want {
			if im := f.Images[id]; im.ID != id || im.Width == 0 || im.SHA256 == "" || im.Texts[lang].Alt == "" {
				t.Errorf("%s front page: image %d is %+v", lang, id, im)
			}
		}
		hs, err := st.Hotlines(ctx, lang)
		if err != nil || len(hs) != 2 || hs[0].E164 != "+99312463514" || hs[1].E164 != "+99342232229" || hs[0].Label == "" {
			t.Errorf("%s hotlines: %+v %v", lang, hs, err)
		}
	}
}

// TestCreatedTextsAreInLine: texts written together are not "outdated".
func TestCreatedTextsAreInLine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusDraft,
		Translations: []content.Translation{tr("en", "Both"), tr("ru", "Оба")}})
	if err != nil {
		t.Fatal(err)
	}
	_, meta, err := st.EntryForEdit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Outdated("en") || meta.Outdated("ru") {
		t.Errorf("new texts outdated: %+v", meta.Texts)
	}
}

// TestUnavailableWhenTheServerRefuses: a connection the server itself
// refuses (here: no such database, as when connections to it are not
// allowed or its password changed) is the database being away
// (ErrUnavailable: a 503 and the circuit breaker), not an error of the
// request.
func TestUnavailableWhenTheServerRefuses(t *testing.T) {
	t.Parallel()
	cfg, err := pgxpool.ParseConfig(testdb.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Database = "vestnik_no_such_database"
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := store.New(pool).Languages(context.Background()); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("refused connection: %v, want ErrUnavailable", err)
	}
}
