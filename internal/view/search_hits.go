package view

import (
	"html/template"
	"strings"
)

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
