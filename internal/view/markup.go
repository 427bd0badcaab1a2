package view

import "strings"

// Some markup is written in Go rather than by the templates: the tags of
// a public page's head that search engines and link previews read — its
// canonical URL and alternates (headLinks), its Open Graph and Twitter
// card metadata (headMeta) —, the header's language switcher (langSwitch,
// head.go) and a search page's results (searchHits, search_hits.go). As
// template actions they were some forty a page (eighty more for ten
// results), each value passed through one to three escapers, each
// escaper a function called through reflection: a seventh of an uncached
// article's render. A template prints each set with one call. They
// escape as html/template escaped those actions (htmlEscaper and
// attrEscaper, and urlFilter and urlNormalizer before it for a URL
// attribute), byte for byte: markup_test.go renders the former actions
// beside them. Markup elsewhere stays in the templates:
// these are the parts a page repeats most, in values that change from
// page to page (the chrome and the teasers are rendered once and kept).

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
