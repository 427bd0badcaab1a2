package view

import (
	"html/template"
	"strconv"
	"strings"
)

// The tags of a public page's head that search engines and link previews
// read — its canonical URL and alternates (headLinks), its Open Graph and
// Twitter card metadata (headMeta) — are written here rather than by the
// layout: there they were some thirty actions, each value passed through
// one to three escapers, each escaper a function called through
// reflection, which made them a tenth of an uncached article's render.
// The layout prints each set with one call. They escape as html/template
// escaped those actions (attrEscaper, and urlFilter and urlNormalizer
// before it for a URL attribute), byte for byte: head_test.go renders the
// layout's former actions beside them.

// headLinks writes the canonical link and the page's alternates in every
// language it exists in, each on its own line.
func headLinks(b Base) template.HTML {
	var w strings.Builder
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

// attrEscapes are what html/template's attribute escaper replaces.
var attrEscapes = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// writeAttr writes s escaped for a quoted attribute value, as
// html/template's attrEscaper does for a string. It goes byte by byte:
// every byte attrEscapes replaces is ASCII, and no byte of a multi-byte
// rune (or of invalid UTF-8, which the escaper leaves) is.
func writeAttr(w *strings.Builder, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) >= len(attrEscapes) || attrEscapes[c] == "" {
			continue
		}
		w.WriteString(s[written:i])
		w.WriteString(attrEscapes[c])
		written = i + 1
	}
	w.WriteString(s[written:])
}

// writeURLAttr writes the URL s for a quoted URL attribute, as
// html/template does: a scheme other than http, https or mailto is
// refused (urlFilter), bytes a URL may not hold are percent-encoded
// (urlNormalizer), and the result is escaped as an attribute value.
func writeURLAttr(w *strings.Builder, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		w.WriteString("#ZgotmplZ")
		return
	}
	var n strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		n.WriteString(s[written:i])
		n.WriteByte('%')
		n.WriteByte(hexDigits[c>>4])
		n.WriteByte(hexDigits[c&0xF])
		written = i + 1
	}
	if written > 0 {
		n.WriteString(s[written:])
		s = n.String()
	}
	writeAttr(w, s)
}

const hexDigits = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
