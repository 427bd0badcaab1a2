package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// TestHeadingOrder: every public page has one h1 and never skips a
// heading level on the way down (h1 → h3 is what HTML checkers and
// Lighthouse flag), in every language.
func TestHeadingOrder(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, lang := range e.Langs {
		paths := append(e.PublicPaths(lang), "/"+lang+"/feeds", "/"+lang+"/subscribe",
			"/"+lang+"/search?q="+url.QueryEscape("hotline OR линия"), "/"+lang+"/search", "/"+lang+"/no-such-page")
		for _, path := range paths {
			res := e.Get(path)
			if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", path, res.StatusCode)
				continue
			}
			d := sitetest.ParseDoc(t, res)
			if n := d.Find("h1").Length(); n != 1 {
				t.Errorf("%s: %d h1", path, n)
			}
			prev := 0
			d.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, s *goquery.Selection) {
				level := int(goquery.NodeName(s)[1] - '0')
				if level > prev+1 {
					t.Errorf("%s: %s %q follows h%d", path, goquery.NodeName(s), s.Text(), prev)
				}
				prev = level
			})
		}
	}
}
