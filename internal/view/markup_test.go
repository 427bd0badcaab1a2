package view

import (
	"html/template"
	"strings"
	"testing"
)

// layoutHead is the layout's actions that headLinks and headMeta replaced,
// as they were: html/template escapes each value as it sees fit there.
const layoutHead = `{{- if .Canonical}}
<link rel="canonical" href="{{.Canonical}}">
{{- end}}
{{- range .Alternates}}
<link rel="alternate" hreflang="{{.Lang}}" href="{{.Href}}">
{{- end}}
{{- if .XDefault}}
<link rel="alternate" hreflang="x-default" href="{{.XDefault}}">
{{- end}}
{{- if .Meta.Type}}
<meta property="og:site_name" content="{{.SiteName}}">
<meta property="og:title" content="{{if .Title}}{{.Title}}{{else}}{{.SiteName}}{{end}}">
{{- if .Description}}
<meta property="og:description" content="{{.Description}}">
{{- end}}
{{- if .Canonical}}
<meta property="og:url" content="{{.Canonical}}">
{{- end}}
<meta property="og:type" content="{{.Meta.Type}}">
<meta property="og:locale" content="{{.Meta.Locale}}">
{{- range .Meta.AltLocales}}
<meta property="og:locale:alternate" content="{{.}}">
{{- end}}
{{- with .Meta.Image}}
<meta property="og:image" content="{{.}}">
<meta name="twitter:image" content="{{.}}">
{{- end}}
{{- if .Meta.ImageWidth}}
<meta property="og:image:width" content="{{.Meta.ImageWidth}}">
<meta property="og:image:height" content="{{.Meta.ImageHeight}}">
{{- end}}
{{- with .Meta.ImageAlt}}
<meta property="og:image:alt" content="{{.}}">
<meta name="twitter:image:alt" content="{{.}}">
{{- end}}
{{- with .Meta.Published}}
<meta property="article:published_time" content="{{.}}">
{{- end}}
{{- with .Meta.Modified}}
<meta property="article:modified_time" content="{{.}}">
{{- end}}
<meta name="twitter:card" content="{{if .Meta.Image}}summary_large_image{{else}}summary{{end}}">
{{- end}}
`

// headerSwitch is the header's actions that langSwitch replaced.
const headerSwitch = `
    {{- if .Switch}}
    <nav class="langs" aria-label="{{.SwitchLabel}}">
      {{- range .Switch}}
      <a href="{{.Href}}" hreflang="{{.Lang}}" lang="{{.Lang}}" rel="alternate">{{.Name}}</a>
      {{- end}}
    </nav>
    {{- end}}`

// searchResults is the search page's actions that searchHits replaced.
const searchResults = `
  {{- range .}}
  <article class="teaser result">
    <h2><a href="{{.URL}}">{{.Title}}</a></h2>
    <p class="meta">{{.Kind}} · <time datetime="{{.ISO}}">{{.Date}}</time></p>
    {{- if .Snippet}}<p class="snippet">{{.Snippet}}</p>{{end}}
  </article>
  {{- end}}`

// TestSearchHitsAsThePageWroteThem: searchHits writes what the search
// page's actions wrote for the same results.
func TestSearchHitsAsThePageWroteThem(t *testing.T) {
	old := template.Must(template.New("hits").Parse(searchResults))
	odd := "Tom's \"bold\" <b>&</b> a+b=c `x` \x00 \xff\xfe ёжик"
	for i, hits := range [][]SearchHit{
		nil,
		{{Title: "Горячая линия", URL: "/ru/news/горячая-линия", Kind: "Новости", Date: "6 марта 2012", ISO: "2012-03-06T14:15:00Z",
			Snippet: "… звоните на <mark>горячую</mark> <mark>линию</mark> …"},
			{Title: odd, URL: "/en/newsletters/2012-03/#article-2", Kind: "Article in the issue “" + odd + "”", Date: odd, ISO: odd}},
		{{Title: odd, URL: "javascript:alert(1)", Kind: odd, Date: odd, ISO: odd, Snippet: template.HTML(odd)}},
	} {
		var want strings.Builder
		if err := old.Execute(&want, hits); err != nil {
			t.Fatal(err)
		}
		if got := string(searchHits(hits)); got != want.String() {
			t.Errorf("results %d: wrote\n%s\nthe page wrote\n%s", i, got, want.String())
		}
	}
}

// TestHeadTagsAsTheLayoutWroteThem: headLinks, headMeta and langSwitch
// write, byte for byte, what the templates' actions wrote for the same
// Base — with
// Cyrillic, quotes, ampersands, pluses, percent signs (valid escapes and
// not), a NUL, invalid UTF-8 and a scheme html/template refuses.
func TestHeadTagsAsTheLayoutWroteThem(t *testing.T) {
	old := template.Must(template.New("head").Parse(strings.TrimSuffix(layoutHead, "\n")))
	oldSwitch := template.Must(template.New("switch").Parse(headerSwitch))
	odd := "Tom's \"bold\" <b>&</b> a+b=c `x` \x00 \xff\xfe ёжик"
	bases := []Base{
		{}, // an error page: neither links nor metadata
		{SiteName: "IOM", Meta: Meta{Type: "website", Locale: "en_US"}},
		{
			SiteName: "МОМ", Title: "Горячая линия", Description: "Звоните: +993 12 « »",
			Canonical:   "https://example.org/ru/news/горячая-линия?q=a b&x=%zz%41",
			Alternates:  []Link{{Lang: "en", Href: "https://example.org/en/news/hotline"}, {Lang: "ru", Href: "/ru/news/горячая-линия"}, {Lang: "tk", Href: "javascript:alert(1)"}},
			SwitchLabel: "Языки",
			Switch:      []Link{{Lang: "en", Name: "English", Href: "/en/news/hotline"}, {Lang: "tk", Name: "Türkmen", Href: "/tk/untranslated?from=/ru/news/горячая-линия&x=1"}},
			XDefault:    "https://example.org/en/news/hotline#top",
			Meta: Meta{
				Type: "article", Locale: "ru_RU", AltLocales: []string{"en_US", "tk_TM"},
				Image: "https://example.org/media/1/a b.jpg?w=1200&h=630", ImageWidth: 1200, ImageHeight: 630,
				ImageAlt: odd, Published: "2026-12-04T05:00:00Z", Modified: "2026-12-04T06:00:00+05:00",
			},
		},
		{SiteName: odd, Title: odd, Description: odd, Canonical: "HTTP://Example.org/" + odd, XDefault: "mailto:a@b.c",
			Alternates:  []Link{{Lang: odd, Href: "vbscript:x"}, {Lang: "en", Href: "//example.org/a:b"}},
			SwitchLabel: odd, Switch: []Link{{Lang: odd, Name: odd, Href: odd}, {Lang: "ru", Name: "<b>", Href: "data:text/html,x"}},
			Meta: Meta{Type: odd, Locale: odd, Image: odd, ImageAlt: odd}},
	}
	for i, b := range bases {
		var want strings.Builder
		if err := old.Execute(&want, b); err != nil {
			t.Fatal(err)
		}
		if got := string(headLinks(b)) + string(headMeta(b)); got != want.String() {
			t.Errorf("base %d: wrote\n%s\nthe layout wrote\n%s", i, got, want.String())
		}
		want.Reset()
		if err := oldSwitch.Execute(&want, b); err != nil {
			t.Fatal(err)
		}
		if got := string(langSwitch(b)); got != want.String() {
			t.Errorf("base %d: switcher\n%s\nthe header wrote\n%s", i, got, want.String())
		}
	}
}

func BenchmarkHeadTags(b *testing.B) {
	base := Base{
		SiteName: "IOM Turkmenistan", Title: "Safe travel leaflets for women distributed ahead of International Women's Day",
		Description: strings.Repeat("Leaflets on safe travel abroad were handed out in Ashgabat, Mary and Dashoguz. ", 3),
		Canonical:   "https://example.org/en/news/safe-travel-leaflets-for-women-distributed-ahead-of-international-womens-day",
		Alternates: []Link{{Lang: "en", Href: "https://example.org/en/news/safe-travel-leaflets-for-women"},
			{Lang: "ru", Href: "https://example.org/ru/news/listovki-o-bezopasnom-vyezde"}},
		XDefault: "https://example.org/en/news/safe-travel-leaflets-for-women",
		Meta: Meta{Type: "article", Locale: "en_US", AltLocales: []string{"ru_RU"}, Image: "https://example.org/media/12/1200x630.jpg",
			ImageWidth: 1200, ImageHeight: 630, ImageAlt: "Leaflets", Published: "2012-03-06T14:15:00Z", Modified: "2012-03-06T14:15:00Z"},
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = headLinks(base), headMeta(base)
	}
}
