package view

import (
	"html/template"
	"strconv"
	"strings"
)

// The tags of a public page's head that search engines and link previews
// read — its canonical URL and alternates (headLinks), its Open Graph and
// Twitter card metadata (headMeta) —, the header's language switcher
// (langSwitch) and a search page's results (searchHits) are written here
// rather than by the templates: there they were some forty actions a
// page (eighty more for ten results), each value passed through one to
// three escapers, each escaper a function called through reflection,
// which made them a seventh of an uncached article's render. A template
// prints each set with one call. They escape as html/template escaped those
// actions (htmlEscaper and attrEscaper, and urlFilter and urlNormalizer
// before it for a URL attribute), byte for byte: head_test.go renders the
// former actions beside them.

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

// searchHits writes the results of a search page (pages/search.html
// prints them): a dozen values each, a tenth of the page's render as
// template actions.
func searchHits(hits []SearchHit) template.HTML {
	var w strings.Builder
	size := 0
	for _, h := range hits {
		size += 2*len(h.URL) + 2*len(h.Title) + len(h.Kind) + len(h.ISO) + len(h.Date) + len(h.Snippet) + 200
	}
	w.Grow(size)
	for _, h := range hits {
		w.WriteString("\n  <article class=\"teaser result\">\n    <h2><a href=\"")
		writeURLAttr(&w, h.URL)
		w.WriteString("\">")
		writeAttr(&w, h.Title)
		w.WriteString("</a></h2>\n    <p class=\"meta\">")
		writeAttr(&w, h.Kind)
		w.WriteString(" · <time datetime=\"")
		writeAttr(&w, h.ISO)
		w.WriteString("\">")
		writeAttr(&w, h.Date)
		w.WriteString("</time></p>")
		if h.Snippet != "" {
			w.WriteString("<p class=\"snippet\">")
			w.WriteString(string(h.Snippet))
			w.WriteString("</p>")
		}
		w.WriteString("\n  </article>")
	}
	return template.HTML(w.String()) //nolint:gosec // every value escaped above; the snippets are HTML already
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
		if urlKeeps[c] || c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
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

// urlKeeps are the bytes urlNormalizer leaves as they are: letters,
// digits, and the reserved and unreserved marks of RFC 3986 but for "'",
// "(" and ")".
var urlKeeps = func() (keep [256]bool) {
	for c := range keep {
		keep[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$&*+,/:;=?@[]-._~", byte(c)) >= 0
	}
	return keep
}()

const hexDigits = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
