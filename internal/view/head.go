package view

import (
	"html/template"
	"strconv"
	"strings"
)

// The head's tags for search engines and link previews and the header's
// language switcher: markup written in Go (markup.go says why).

// headLinks writes the canonical link and the page's alternates in every
// language it exists in, each on its own line.
func headLinks(b Base) template.HTML {
	var w strings.Builder
	size := 2*len(b.Canonical) + 2*len(b.XDefault) + 100
	for _, a := range b.Alternates {
		size += 2*len(a.Href) + len(a.Lang) + 50
	}
	w.Grow(size)
	if b.Canonical != "" {
		w.WriteString("\n<link rel=\"canonical\" href=\"")
		writeURLAttr(&w, b.Canonical)
		w.WriteString("\">")
	}
	for _, a := range b.Alternates {
		w.WriteString("\n<link rel=\"alternate\" hreflang=\"")
		writeAttr(&w, a.Lang)
		w.WriteString("\" href=\"")
		writeURLAttr(&w, a.Href)
		w.WriteString("\">")
	}
	if b.XDefault != "" {
		w.WriteString("\n<link rel=\"alternate\" hreflang=\"x-default\" href=\"")
		writeURLAttr(&w, b.XDefault)
		w.WriteString("\">")
	}
	return template.HTML(w.String()) //nolint:gosec // every value escaped above
}

// headMeta writes the page's Open Graph and Twitter card tags, when it
// has a Meta.Type (error pages have none).
func headMeta(b Base) template.HTML {
	m := b.Meta
	if m.Type == "" {
		return ""
	}
	var w strings.Builder
	w.Grow(2*len(b.SiteName) + len(b.Title) + len(b.Description) + len(b.Canonical) + 2*len(m.Image) +
		2*len(m.ImageAlt) + 30*len(m.AltLocales) + 700)
	meta := func(attr, name, content string) {
		w.WriteString("\n<meta ")
		w.WriteString(attr)
		w.WriteString("=\"")
		w.WriteString(name)
		w.WriteString("\" content=\"")
		writeAttr(&w, content)
		w.WriteString("\">")
	}
	meta("property", "og:site_name", b.SiteName)
	title := b.Title
	if title == "" {
		title = b.SiteName
	}
	meta("property", "og:title", title)
	if b.Description != "" {
		meta("property", "og:description", b.Description)
	}
	if b.Canonical != "" {
		meta("property", "og:url", b.Canonical)
	}
	meta("property", "og:type", m.Type)
	meta("property", "og:locale", m.Locale)
	for _, l := range m.AltLocales {
		meta("property", "og:locale:alternate", l)
	}
	if m.Image != "" {
		meta("property", "og:image", m.Image)
		meta("name", "twitter:image", m.Image)
	}
	if m.ImageWidth != 0 {
		meta("property", "og:image:width", strconv.Itoa(m.ImageWidth))
		meta("property", "og:image:height", strconv.Itoa(m.ImageHeight))
	}
	if m.ImageAlt != "" {
		meta("property", "og:image:alt", m.ImageAlt)
		meta("name", "twitter:image:alt", m.ImageAlt)
	}
	if m.Published != "" {
		meta("property", "article:published_time", m.Published)
	}
	if m.Modified != "" {
		meta("property", "article:modified_time", m.Modified)
	}
	card := "summary"
	if m.Image != "" {
		card = "summary_large_image"
	}
	meta("name", "twitter:card", card)
	return template.HTML(w.String()) //nolint:gosec // every value escaped above
}

// langSwitch writes the header's language switcher: a link to the page
// in each other language (partials/header.html prints it).
func langSwitch(b Base) template.HTML {
	if len(b.Switch) == 0 {
		return ""
	}
	var w strings.Builder
	size := len(b.SwitchLabel) + 80
	for _, l := range b.Switch {
		size += 2*len(l.Href) + 2*len(l.Lang) + len(l.Name) + 80
	}
	w.Grow(size)
	w.WriteString("\n    <nav class=\"langs\" aria-label=\"")
	writeAttr(&w, b.SwitchLabel)
	w.WriteString("\">")
	for _, l := range b.Switch {
		w.WriteString("\n      <a href=\"")
		writeURLAttr(&w, l.Href)
		w.WriteString("\" hreflang=\"")
		writeAttr(&w, l.Lang)
		w.WriteString("\" lang=\"")
		writeAttr(&w, l.Lang)
		w.WriteString("\" rel=\"alternate\">")
		writeAttr(&w, l.Name) // (text escapes as an attribute value does)
		w.WriteString("</a>")
	}
	w.WriteString("\n    </nav>")
	return template.HTML(w.String()) //nolint:gosec // every value escaped above
}
