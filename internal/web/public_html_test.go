package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// TestPublicHTML: every public page, in every language (Turkmen turned on
// for it), is valid HTML
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
	id := sitetest.CreateEntry(t, c, "news", form)
	// Turkmen too, which the demo has off: its pages hold the texts
	// still untranslated, in the other languages, marked as such.
	admin, _ := e.Login("chief@example.org", "admin")
	admin.TurnLanguage("tk", true)
	for _, lang := range append(e.Langs, "tk") {
		var paths []string
		if lang == "tk" { // no text of the demo's is in Turkmen
			paths = []string{"/tk/", "/tk/news/", "/tk/newsletters/", "/tk/hotline", "/tk/sitemap", "/tk/unavailable/" + strconv.FormatInt(id, 10)}
		} else {
			paths = e.PublicPaths(lang)
		}
		paths = append(paths, "/"+lang+"/feeds", "/"+lang+"/subscribe",
			"/"+lang+"/search?q="+url.QueryEscape("hotline OR линия"), "/"+lang+"/search", "/"+lang+"/no-such-page")
		for _, path := range paths {
			res := e.Get(path)
			if res.StatusCode != http.StatusOK && !(res.StatusCode == http.StatusNotFound && strings.HasSuffix(path, "/no-such-page")) {
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
