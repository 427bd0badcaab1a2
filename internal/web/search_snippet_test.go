package web_test

import (
	"context"
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

// TestSearchOnlyExcluded: a query that only leaves words out ("-word",
// "word OR -other") matches nearly everything and no index finds it: it is
// not run, and the page says why, in the page's language.
func TestSearchOnlyExcluded(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, c := range []struct{ lang, q, want string }{
		{"en", "-hotline", "«-hotline» only leaves words out: add a word to look for."},
		{"ru", "-линия", "Запрос «-линия» только исключает слова: добавьте слово, которое нужно найти."},
		{"ru", "линия or -горячая", "Запрос «линия or -горячая» только исключает слова"},
	} {
		d := e.Doc("/"+c.lang+"/search?q="+url.QueryEscape(c.q), http.StatusOK)
		if got := d.Find(".count").Text(); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %q: count line %q, want %q", c.lang, c.q, got, c.want)
		}
		if n := d.Find(".result").Length() + d.Find(".other-lang").Length(); n != 0 || d.Find(".no-results li").Length() == 0 {
			t.Errorf("%s %q: %d results, tips %d", c.lang, c.q, n, d.Find(".no-results li").Length())
		}
	}
	// A query with a word to find still excludes.
	if d := e.Doc("/ru/search?q="+url.QueryEscape("линия -горячая"), http.StatusOK); strings.Contains(d.Find(".count").Text(), "исключает") {
		t.Errorf("a query with a word is refused: %q", d.Find(".count").Text())
	}
}
