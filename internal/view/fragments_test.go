package view_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/view"
	"vestnik/templates"
)

// TestFragmentsFollowTheirValues: teasers and article trails, rendered
// once per value and reused (fragments.go), show every change to their
// values at once — a title, a thumbnail, a label — and never another
// page's; more teasers than the memo keeps still render right. Dev mode,
// which reads templates anew, renders the same.
func TestFragmentsFollowTheirValues(t *testing.T) {
	t.Parallel()
	bundle, r := setup(t)
	dev, err := view.New(templates.FS, true, func(name string) (string, error) { return "/static/" + name, nil })
	if err != nil {
		t.Fatal(err)
	}
	tr := bundle.Get("en")
	teaser := func(title string) view.Teaser {
		it := content.Item{Entry: content.Entry{ID: 1, Kind: content.KindNews, PublishedAt: time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)},
			Translation: content.Translation{Lang: "en", Kind: content.KindNews, Title: title, Slug: "s", Summary: "Summary"}}
		return view.NewTeaser(tr, it, "")
	}
	list := func(r *view.Renderer, items ...view.Teaser) string {
		t.Helper()
		page, err := r.Render(view.PageNewsList, view.NewsList{Base: view.NewBase(tr, "news"), Words: view.NewListWords(tr), Items: items})
		if err != nil {
			t.Fatal(err)
		}
		return string(page)
	}
	first := list(r, teaser("Old <title>"))
	if !strings.Contains(first, "Old &lt;title&gt;") {
		t.Fatalf("teaser not shown, escaped:\n%s", first)
	}
	if again := list(r, teaser("Old <title>")); again != first {
		t.Errorf("the same list renders differently the second time:\n%s\n----\n%s", first, again)
	}
	if got := list(dev, teaser("Old <title>")); got != first {
		t.Errorf("dev mode renders the list differently:\n%s\n----\n%s", got, first)
	}
	changed := list(r, teaser("New title"))
	if strings.Contains(changed, "Old") || !strings.Contains(changed, "New title") {
		t.Errorf("a retitled teaser shows its old title:\n%s", changed)
	}
	withThumb := teaser("New title")
	withThumb.Thumb = `<picture class="thumb">x</picture>`
	if page := list(r, withThumb); !strings.Contains(page, `with-thumb`) || !strings.Contains(page, `<picture class="thumb">x</picture>`) {
		t.Errorf("a teaser given a thumbnail shows none:\n%s", page)
	}

	// Many more teasers than are kept: each list shows its own.
	for i := range 600 {
		title := "Teaser " + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strconv.Itoa(i)
		if page := list(r, teaser(title)); !strings.Contains(page, ">"+title+"<") {
			t.Fatalf("teaser %d: %q not in its list", i, title)
		}
	}

	// The trail above an article follows its labels.
	article := func(section string) string {
		t.Helper()
		b := view.NewBase(tr, "news")
		page, err := r.Render(view.PageNewsItem, view.NewArticlePage(b, content.Item{}, "",
			view.Link{Label: "Home", Href: "/en/"}, view.Link{Label: section, Href: "/en/news/"}))
		if err != nil {
			t.Fatal(err)
		}
		return string(page)
	}
	if page := article("News"); !strings.Contains(page, `<a href="/en/">Home</a> › <a href="/en/news/">News</a></nav>`) ||
		!strings.Contains(page, `aria-label="`+tr.Tr("nav.breadcrumbs")+`"`) {
		t.Errorf("no trail above the article:\n%s", page)
	}
	if page := article("Latest & greatest"); !strings.Contains(page, ">Latest &amp; greatest</a>") {
		t.Errorf("the trail keeps an old label:\n%s", page)
	}
}
