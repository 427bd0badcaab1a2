package admin_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// TestAdminHTML: the admin's pages are valid HTML with one h1 and no
// skipped heading level, as TestPublicHTML asks of the public pages. An
// admin and a translator walk the admin's links (see walk) from the
// dashboard and an edit page of each kind, in English and Russian; the
// login page, a form sent back with its errors and a revision comparison
// are added by hand, as no link leads to them.
func TestAdminHTML(t *testing.T) {
	t.Parallel()
	check := sitetest.NewHTMLCheck(t)
	e := sitetest.New(t)
	add := func(name string, res *http.Response) {
		t.Helper()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		check.Add(name, body)
	}
	add("/admin/login", e.Get("/admin/login"))

	c, _ := e.Login("admin@example.org", "admin")
	// An entry with two revisions, for the comparison.
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	edit := "/admin/entries/" + strconv.FormatInt(id, 10)
	form := sitetest.FormOf(c.Page(edit, http.StatusOK), "#entry-form")
	form.Set("title.en", "A second title")
	if res := c.Post(edit, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second save: %d", res.StatusCode)
	}
	bad := sitetest.NewsForm("draft")
	bad.Set("title.en", "")
	bad.Set("slug.ru", "Плохой адрес")
	if res := c.Post("/admin/entries/new?kind=news", bad); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad form: %d", res.StatusCode)
	} else {
		add("the new entry form sent back", res)
	}

	// An editor's edit page of each kind, with what only an issue has.
	var seeds []string
	for _, kind := range []string{"news", "newsletter", "page"} {
		var other int64
		if err := e.Pool.QueryRow(t.Context(), `SELECT id FROM entries WHERE kind = $1 AND id <> $2 ORDER BY id LIMIT 1`, kind, id).Scan(&other); err != nil {
			t.Fatalf("a demo %s: %v", kind, err)
		}
		seeds = append(seeds, "/admin/entries/"+strconv.FormatInt(other, 10))
	}
	tr, _ := translator(t, e)
	for _, lang := range []string{"en", "ru"} {
		for _, who := range []struct {
			name  string
			c     *sitetest.Client
			seeds []string
			min   int // pages a walk must find, so that it walked
		}{
			{"admin", c, append([]string{"/admin/", edit + "/revisions"}, seeds...), 30},
			{"translator", tr, []string{"/admin/", seeds[0]}, 5},
		} {
			who.c.Post("/admin/account/lang", url.Values{"lang": {lang}})
			walk(t, check, who.c, lang+" "+who.name, who.seeds, who.min)
		}
		compare := edit + "/revisions/compare?from=1&to=2"
		if res := c.Get(compare); res.StatusCode == http.StatusOK {
			add(lang+" "+compare, res)
		} else {
			t.Errorf("%s: %d", compare, res.StatusCode)
		}
	}
	check.Validate()
}

// walk adds to check the HTML pages linked from seeds (and the seeds),
// three links deep, one page for each address shape, digits standing for
// any id and a list's kind telling lists apart; a walk finding fewer
// than min pages fails, so a broken walk does not pass for a clean one.
func walk(t *testing.T, check *sitetest.HTMLCheck, c *sitetest.Client, who string, seeds []string, min int) {
	t.Helper()
	shape := regexp.MustCompile(`[0-9]+`)
	seen := map[string]bool{}
	pages := 0
	queue := seeds
	for depth := 0; depth < 3 && len(queue) > 0; depth++ {
		var next []string
		for _, page := range queue {
			res := c.Get(page)
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				res.Body.Close()
				continue
			}
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			check.Add(who+" "+page, body)
			pages++
			d, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			d.Find(`a[href^="/admin"]`).Each(func(_ int, a *goquery.Selection) {
				href := a.AttrOr("href", "")
				// A sent mail's own HTML is an e-mail, not a page.
				if strings.HasSuffix(href, "/html") {
					return
				}
				u, err := url.Parse(href)
				if err != nil {
					t.Errorf("%s: link %q: %v", page, href, err)
					return
				}
				key := shape.ReplaceAllString(u.Path, "N") + " " + u.Query().Get("kind")
				if !seen[key] {
					seen[key] = true
					next = append(next, href)
				}
			})
		}
		queue = next
	}
	if pages < min {
		t.Errorf("%s: only %d admin pages walked", who, pages)
	}
}
