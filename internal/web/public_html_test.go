package web_test

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"vestnik/internal/sitetest"
)

// TestPublicHTML: every public page, in every language, is valid HTML
// (html-validate's "standard" preset: the HTML standard's content models,
// attributes and nesting, plus the heading order) and has one h1 and never
// skips a heading level on the way down (h1 → h3 is what HTML checkers and
// Lighthouse flag).
func TestPublicHTML(t *testing.T) {
	t.Parallel()
	check := sitetest.NewHTMLCheck(t)
	e := sitetest.New(t)
	// A text with what editors may type that the demo lacks: headings at
	// any level, a table and a code block.
	c, _ := e.Login("ed@example.org", "editor")
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Everything Markdown can hold")
	form.Set("body.en", "# A top heading\r\n\r\nText.\r\n\r\n#### Too deep\r\n\r\n| City | Number |\r\n|---|---:|\r\n| Ashgabat | +993 12 46-35-14 |\r\n\r\n```\r\ncode\r\n```")
	sitetest.CreateEntry(t, c, "news", form)
	for _, lang := range e.Langs {
		paths := append(e.PublicPaths(lang), "/"+lang+"/feeds", "/"+lang+"/subscribe",
			"/"+lang+"/search?q="+url.QueryEscape("hotline OR линия"), "/"+lang+"/search", "/"+lang+"/no-such-page")
		for _, path := range paths {
			res := e.Get(path)
			if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", path, res.StatusCode)
				continue
			}
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			check.Add(path, body)
		}
	}
	check.Validate()
}
