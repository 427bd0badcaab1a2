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
	c, _ := e.Login("ed@example.org", "editor")
	seen := map[string]bool{}
	queue := []string{"/admin/"}
	for depth := 0; depth < 2 && len(queue) > 0; depth++ {
		var next []string
		for _, page := range queue {
			res := c.Get(page)
			if res.StatusCode == http.StatusForbidden {
				t.Errorf("%s: 403 for an editor", page)
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
		if res := c.Get(href); res.StatusCode == http.StatusForbidden {
			t.Errorf("%s: 403 for an editor", href)
		}
	}
	if len(seen) < 20 {
		t.Errorf("only %d links followed", len(seen))
	}
}
