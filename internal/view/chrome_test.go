package view_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
	"vestnik/internal/view"
	"vestnik/locales"
	"vestnik/templates"
)

// TestChromeSameAsLive: a page given its chrome rendered beforehand
// (Renderer.Chrome, as the public site shares it within a content
// generation) is byte for byte the page that renders it itself, in
// every language and for the cases the chrome varies by.
func TestChromeSameAsLive(t *testing.T) {
	bundle, r := setup(t)
	for _, lang := range []string{"en", "ru"} {
		for _, c := range []struct {
			section string
			preview bool
		}{{"news", false}, {"feeds", false}, {"subscribe", false}, {"news", true}} {
			tr := bundle.Get(lang)
			b := view.NewBase(tr, c.section)
			b.Preview = c.preview
			b.Languages = []view.Link{{Lang: "en", Name: "English"}, {Lang: "ru", Name: "Русский"}}
			b.Feeds = []view.Feed{{Type: "application/rss+xml", Title: "News & more", Href: "/" + lang + "/news/rss.xml"}}
			b.Hotlines = []content.Hotline{{E164: "+99312463514", Display: "+993 12 46-35-14", Label: "Ashgabat <free>"}}
			b.Nav = view.Nav(tr, lang, c.section, "/"+lang+"/news/", []content.MenuLink{{Section: "news"}, {Label: "About \"us\"", Slug: "about"}})
			b.Switch = []view.Link{{Lang: "ru", Name: "Русский", Href: "/lang/ru?next=%2Fru%2F"}}
			b.Title = "A <title>"
			page := view.NewArticlePage(b, content.Item{Translation: content.Translation{Title: "A <title>", BodyHTML: "<p>Body</p>"}}, "",
				view.Link{Label: "Home", Href: "/" + lang + "/"}, view.Link{Label: "News & more", Href: "/" + lang + "/news/"})
			live, err := r.Render(view.PageNewsItem, page)
			if err != nil {
				t.Fatal(err)
			}
			if page.Chrome, err = r.Chrome(b); err != nil {
				t.Fatal(err)
			}
			shared, err := r.Render(view.PageNewsItem, page)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(live, shared) {
				t.Errorf("%s %+v: page with its chrome rendered beforehand differs:\n%s\n----\n%s", lang, c, live, shared)
			}
			wants := []string{"Ashgabat &lt;free&gt;", "About &#34;us&#34;", "News &amp; more"}
			if c.section != "subscribe" {
				wants = append(wants, `aria-current="page"`) // news in the menu, feeds in the top links
			}
			for _, want := range wants {
				if !strings.Contains(string(shared), want) {
					t.Errorf("%s %+v: no %q in the page", lang, c, want)
				}
			}
		}
	}
}

// setup is the site's words in English and Russian and its templates, as
// serve loads them (assets at fixed URLs).
func setup(t *testing.T) (*i18n.Bundle, *view.Renderer) {
	t.Helper()
	bundle, err := i18n.New(locales.FS, []string{"en", "ru"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	r, err := view.New(templates.FS, false, func(name string) (string, error) { return "/static/" + name, nil })
	if err != nil {
		t.Fatal(err)
	}
	return bundle, r
}

// TestRenderKeepsItsBytes: the bytes Render returns are the caller's; the
// buffers RenderWith hands out serve the next renders (a page rendered
// in another language after it leaves them as they were).
func TestRenderKeepsItsBytes(t *testing.T) {
	bundle, r := setup(t)
	page := func(lang string) view.NewsList {
		return view.NewsList{Base: view.NewBase(bundle.Get(lang), "news"), Words: view.NewListWords(bundle.Get(lang))}
	}
	var seen []byte
	for range 3 { // buffers grown to the page's size wait in the pool
		if err := r.RenderWith(view.PageNewsList, page("ru"), func(b []byte) { seen = b }); err != nil {
			t.Fatal(err)
		}
	}
	first, err := r.Render(view.PageNewsList, page("en"))
	if err != nil {
		t.Fatal(err)
	}
	kept := bytes.Clone(first)
	for range 3 {
		if err := r.RenderWith(view.PageNewsList, page("ru"), func(b []byte) { seen = b }); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(first, kept) {
		t.Error("a later render changed the bytes Render returned")
	}
	if !bytes.Contains(seen, []byte(`lang="ru"`)) {
		t.Errorf("RenderWith handed %.80q", seen)
	}
}
