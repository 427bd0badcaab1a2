package admin_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// TestNoLinkLeadsToForbidden: an editor follows every admin link on the
// admin's pages (two levels deep) and never meets a 403.
func TestNoLinkLeadsToForbidden(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", "editor")
	tr, _ := translator(t, e)
	for _, who := range []struct {
		role string
		c    *sitetest.Client
		min  int // links a walk must find, so that it walked
	}{{"editor", ed, 20}, {"translator", tr, 8}} {
		seen := map[string]bool{}
		queue := []string{"/admin/"}
		for depth := 0; depth < 2 && len(queue) > 0; depth++ {
			var next []string
			for _, page := range queue {
				res := who.c.Get(page)
				if res.StatusCode == http.StatusForbidden {
					t.Errorf("%s: 403 for a %s", page, who.role)
					continue
				}
				if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
					continue
				}
				d := sitetest.ParseDoc(t, res)
				d.Find(`a[href^="/admin"]`).Each(func(_ int, a *goquery.Selection) {
					href := a.AttrOr("href", "")
					if !seen[href] {
						seen[href] = true
						next = append(next, href)
					}
				})
			}
			queue = next
		}
		for _, href := range queue {
			if res := who.c.Get(href); res.StatusCode == http.StatusForbidden {
				t.Errorf("%s: 403 for a %s", href, who.role)
			}
		}
		if len(seen) < who.min {
			t.Errorf("%s: only %d links followed", who.role, len(seen))
		}
	}
}
