package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestSnippetFromTheMatchingPassage: the snippet of a long text whose only
// match is deep in it shows that passage, the word highlighted, in whole
// words (it is cut from a window of the text around the first match).
func TestSnippetFromTheMatchingPassage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	filler := strings.Repeat("Сотрудники обсудили планы консультаций на следующий год. ", 60) // 3,420 characters
	body := filler + "Третий тренинг прошёл в Шымкенте для пограничников. " + filler
	if _, err := e.Store.CreateEntry(context.Background(), store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
		PublishedAt: time.Now().Add(-time.Minute), Translations: []content.Translation{{Lang: "ru", Title: "Длинный отчёт",
			Slug: "long-report", BodyMD: body, BodyHTML: "<p>" + body + "</p>"}}}); err != nil {
		t.Fatal(err)
	}
	d := e.Doc("/ru/search?q="+url.QueryEscape("шымкент"), http.StatusOK)
	hit := d.Find(`.result:has(a[href="/ru/news/long-report"])`)
	if hit.Length() != 1 {
		t.Fatalf("the long report is not found: %q", d.Find(".result h2").Text())
	}
	snippet := hit.Find(".snippet").Text()
	if hit.Find(".snippet mark").Text() != "Шымкенте" || !strings.Contains(snippet, "Третий тренинг прошёл в Шымкенте") {
		t.Fatalf("snippet %q", snippet)
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(body) {
		words[strings.Trim(w, ".")] = true
	}
	for _, w := range strings.Fields(snippet) {
		if w = strings.Trim(w, "."); w != "…" && !words[w] {
			t.Errorf("snippet %q holds %q, not a word of the text", snippet, w)
		}
	}
}

// TestSnippetEscaped: a snippet's text is escaped as the rest of the page
// is; only the marks around its matches are markup.
func TestSnippetEscaped(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	body := `Шымкент: 5 < 7 & "quotes" 'single' <b>bold</b> done`
	if _, err := e.Store.CreateEntry(context.Background(), store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
		PublishedAt: time.Now().Add(-time.Minute), Translations: []content.Translation{{Lang: "ru", Title: "Знаки",
			Slug: "signs", BodyMD: body, BodyHTML: "<p>" + html.EscapeString(body) + "</p>"}}}); err != nil {
		t.Fatal(err)
	}
	d := e.Doc("/ru/search?q="+url.QueryEscape("шымкент"), http.StatusOK)
	snippet := d.Find(`.result:has(a[href="/ru/news/signs"]) .snippet`)
	if got := snippet.Text(); got != body {
		t.Errorf("snippet text %q, want %q", got, body)
	}
	if marks := snippet.Find("mark"); marks.Length() != 1 || marks.Text() != "Шымкент" {
		t.Errorf("marks %d %q, want Шымкент alone", marks.Length(), marks.Text())
	}
	if n := snippet.Find("b").Length(); n != 0 {
		t.Errorf("the text's <b> became an element (%d)", n)
	}
}

// TestSnippetInlineMarkup: bold, italic and links in a text leave no
// space in its snippet where a reader sees none ("линию, она", not
// "линию , она"; "Hotline", not "Hot line").
func TestSnippetInlineMarkup(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	body := `<p>Звоните на <strong>горячую линию</strong>, она <em>бесплатна</em>. <a href="/ru/hotlines">Номера</a>: <em>Гор</em>ячая.</p><p>Дальше.</p>`
	if _, err := e.Store.CreateEntry(context.Background(), store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
		PublishedAt: time.Now().Add(-time.Minute), Translations: []content.Translation{{Lang: "ru", Title: "Разметка",
			Slug: "markup", BodyMD: "(the HTML is what counts)", BodyHTML: body}}}); err != nil {
		t.Fatal(err)
	}
	d := e.Doc("/ru/search?q="+url.QueryEscape("линия"), http.StatusOK)
	want := "Звоните на горячую линию, она бесплатна. Номера: Горячая. Дальше."
	if got := d.Find(`.result:has(a[href="/ru/news/markup"]) .snippet`).Text(); got != want {
		t.Errorf("snippet %q, want %q", got, want)
	}
}

// TestSnippetWhereTheStemDoesNotBeginTheWord: the window is found by a
// word beginning with the query's stem; where the stem begins no word
// ("policy" is "polici"; "ёлка" is "елк"), or where an excluded word
// would have placed it, the snippet still shows the match.
func TestSnippetWhereTheStemDoesNotBeginTheWord(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	mk := func(lang, slug, body string) {
		t.Helper()
		if _, err := e.Store.CreateEntry(context.Background(), store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
			PublishedAt: time.Now().Add(-time.Minute), Translations: []content.Translation{{Lang: lang, Title: "Report " + slug,
				Slug: slug, BodyMD: body, BodyHTML: "<p>" + body + "</p>"}}}); err != nil {
			t.Fatal(err)
		}
	}
	enFiller := strings.Repeat("Officers discussed the plans for the coming year. ", 40)
	ruFiller := strings.Repeat("Сотрудники обсудили планы на следующий год. ", 40)
	mk("en", "policy-report", enFiller+"The new migration policy was adopted in spring. "+enFiller)
	mk("ru", "tree-report", ruFiller+"У здания поставили ёлку для детей. "+ruFiller)
	mk("ru", "ruler-report", "Линейка и карандаш лежат на столе. "+ruFiller+"Звонок на горячую связь бесплатен. "+ruFiller)
	for _, c := range []struct{ lang, q, slug, mark string }{
		{"en", "policy", "policy-report", "policy"},
		{"ru", "ёлка", "tree-report", "ёлку"},
		{"ru", "елка", "tree-report", "ёлку"},
		{"ru", "горячая -линия", "ruler-report", "горячую"},
	} {
		d := e.Doc("/"+c.lang+"/search?q="+url.QueryEscape(c.q), http.StatusOK)
		hit := d.Find(`.result:has(a[href="/` + c.lang + `/news/` + c.slug + `"])`)
		if hit.Length() != 1 {
			t.Errorf("%q: %s not found", c.q, c.slug)
			continue
		}
		if got := hit.Find(".snippet mark").First().Text(); got != c.mark {
			t.Errorf("%q: snippet %q marks %q, want %q", c.q, hit.Find(".snippet").Text(), got, c.mark)
		}
	}
}

// TestSearchOtherLanguages: the page says how many matches each other
// language has, and links to that search.
func TestSearchOtherLanguages(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, lang := range []string{"en", "ru"} {
		if _, err := e.Store.CreateEntry(context.Background(), store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
			PublishedAt: time.Now().Add(-time.Minute), Translations: []content.Translation{{Lang: lang, Title: "Zyxqwv " + lang,
				Slug: "zyxqwv-" + lang, BodyMD: "Zyxqwv.", BodyHTML: "<p>Zyxqwv.</p>"}}}); err != nil {
			t.Fatal(err)
		}
	}
	d := e.Doc("/ru/search?q=zyxqwv", http.StatusOK)
	other := d.Find(".other-lang a")
	if other.Length() != 1 || other.AttrOr("href", "") != "/en/search?q=zyxqwv" || !strings.HasPrefix(other.Text(), "1 ") {
		t.Errorf("other languages: %d links, %q → %q", other.Length(), other.Text(), other.AttrOr("href", ""))
	}
	if d.Find(".result").Length() != 1 {
		t.Errorf("%d results", d.Find(".result").Length())
	}
}

// TestSearchOnlyExcluded: a query that only leaves words out ("-word",
// "word OR -other") matches nearly everything and no index finds it: it is
// not run, and the page says why, in the page's language.
func TestSearchOnlyExcluded(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, c := range []struct{ lang, q, want string }{
		{"en", "-hotline", "“-hotline” only leaves words out: add a word to look for."},
		{"ru", "-линия", "Запрос «-линия» только исключает слова: добавьте слово, которое нужно найти."},
		{"ru", "линия or -горячая", "Запрос «линия or -горячая» только исключает слова"},
		// Nothing to look for: words too common to index, or signs.
		{"en", "the", "Nothing in “the” can be looked for"},
		{"ru", "и", "В запросе «и» нечего искать"},
		{"en", "?!", "Nothing in “?!” can be looked for"},
	} {
		d := e.Doc("/"+c.lang+"/search?q="+url.QueryEscape(c.q), http.StatusOK)
		if got := d.Find(".count").Text(); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %q: count line %q, want %q", c.lang, c.q, got, c.want)
		}
		if n := d.Find(".result").Length() + d.Find(".other-lang").Length(); n != 0 || d.Find(".no-results li").Length() == 0 {
			t.Errorf("%s %q: %d results, tips %d", c.lang, c.q, n, d.Find(".no-results li").Length())
		}
	}
	// Nothing to look for: "use fewer words" is no advice.
	if d := e.Doc("/en/search?q=the", http.StatusOK); d.Find(".no-results li").Length() != 2 {
		t.Errorf("tips for a query of common words: %q", d.Find(".no-results li").Text())
	}
	// A query with a word to find still excludes.
	if d := e.Doc("/ru/search?q="+url.QueryEscape("линия -горячая"), http.StatusOK); strings.Contains(d.Find(".count").Text(), "исключает") {
		t.Errorf("a query with a word is refused: %q", d.Find(".count").Text())
	}
}
