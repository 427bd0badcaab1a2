package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// TestSearchNewsletterArticles: words that appear only in the demo's
// December 2011 newsletter articles are found in both languages, Russian
// by an inflected form; a result names its issue and leads to the
// article's anchor on the issue page; phrases and exclusion work on
// articles as on news.
func TestSearchNewsletterArticles(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	anchor := regexp.MustCompile(`^/(en|ru)/newsletters/[a-z0-9-]+#article-(\d+)$`)
	articleHits := func(lang, q string) []*goquery.Selection {
		t.Helper()
		d := e.Doc("/"+lang+"/search?q="+url.QueryEscape(q), http.StatusOK)
		var out []*goquery.Selection
		d.Find(".result").Each(func(_ int, s *goquery.Selection) {
			if anchor.MatchString(s.Find("h2 a").AttrOr("href", "")) {
				out = append(out, s)
			}
		})
		return out
	}
	for _, tc := range []struct{ lang, q, word, issueWord string }{
		{"en", "Shymkent", "Shymkent", "Article in the newsletter"},
		{"en", "Batken", "Batken", "Article in the newsletter"},
		{"en", `"Almaty and Shymkent"`, "Shymkent", "Article in the newsletter"},
		{"ru", "Шымкент", "Шымкенте", "Статья в бюллетене"},              // the text says «в Шымкенте»
		{"ru", "Баткенская область", "Баткенской", "Статья в бюллетене"}, // «Баткенской областей»
	} {
		hits := articleHits(tc.lang, tc.q)
		if len(hits) == 0 {
			t.Errorf("%s %q: no article found", tc.lang, tc.q)
			continue
		}
		h := hits[0]
		if meta := h.Find(".meta").Text(); !strings.Contains(meta, tc.issueWord) {
			t.Errorf("%s %q: the result does not name its issue: %q", tc.lang, tc.q, meta)
		}
		if !strings.Contains(h.Find(".snippet mark").Text(), tc.word[:len(tc.word)-2]) {
			t.Errorf("%s %q: snippet %q", tc.lang, tc.q, h.Find(".snippet").Text())
		}
		// The anchor exists on the issue page and holds that article.
		href := h.Find("h2 a").AttrOr("href", "")
		path, frag, _ := strings.Cut(href, "#")
		page := e.Doc(path, http.StatusOK)
		section := page.Find("#" + frag)
		if section.Length() == 0 || !strings.Contains(section.Text(), tc.word) {
			t.Errorf("%s %q: %s does not hold the article", tc.lang, tc.q, href)
		}
		if title := h.Find("h2 a").Text(); section.Find("h2, h3").First().Text() != title {
			t.Errorf("%s %q: result titled %q, article %q", tc.lang, tc.q, title, section.Find("h2, h3").First().Text())
		}
	}
	if hits := articleHits("en", "Shymkent -Almaty"); len(hits) != 0 {
		t.Errorf("exclusion: %d article hits", len(hits))
	}
}

// TestSnippetsAreText: snippets come from the rendered text, so Markdown
// marks and link addresses never show, and stay escaped.
func TestSnippetsAreText(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Report from the delta")
	form.Set("body.en", "The **Karakalpak** office [published the report](https://example.org/report) on the rule 3 < 5 & <b>more</b>.")
	sitetest.CreateEntry(t, c, "news", form)
	d := e.Doc("/en/search?q=Karakalpak", http.StatusOK)
	s := d.Find(".result .snippet")
	text := s.Text()
	if s.Find("mark").Text() != "Karakalpak" {
		t.Errorf("highlight %q in %q", s.Find("mark").Text(), text)
	}
	for _, bad := range []string{"**", "](", "example.org", "&lt;", "&amp;"} {
		if strings.Contains(text, bad) {
			t.Errorf("snippet shows %q: %q", bad, text)
		}
	}
	if !strings.Contains(text, "published the report") || !strings.Contains(text, "3 < 5 &") {
		t.Errorf("snippet %q", text)
	}
	if s.Find("*").Not("mark").Length() != 0 {
		html, _ := s.Html()
		t.Errorf("snippet holds markup: %s", html)
	}
}
