package view

import (
	"html"
	"strings"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
)

// HotlinesPlaceholder, on a line of its own in an entry's Markdown, shows
// the hotline numbers as they stand in "Hotline numbers": one source of
// truth for numbers and hours, instead of copies typed into texts.
const HotlinesPlaceholder = "{{hotlines}}"

// placeholderHTML is the placeholder as Markdown renders it.
const placeholderHTML = "<p>" + HotlinesPlaceholder + "</p>"

// HotlinesInto puts the active hotline numbers, with their labels and
// hours in the page's language, where the entry's HTML holds the
// placeholder.
func HotlinesInto(body string, hs []content.Hotline, t *i18n.Localizer) string {
	if !strings.Contains(body, placeholderHTML) {
		return body
	}
	return strings.ReplaceAll(body, placeholderHTML, hotlineList(hs, t))
}

// hotlineList is the list of hotline numbers, escaped: the hotline page
// shows it (NewHotline) and HotlinesInto splices it into
// stored HTML, so it is built once, here.
func hotlineList(hs []content.Hotline, t *i18n.Localizer) string {
	var b strings.Builder
	b.WriteString(`<ul class="hotline-list">`)
	for _, h := range hs {
		b.WriteString(`<li><a class="number" href="tel:` + html.EscapeString(h.E164) + `">` + html.EscapeString(h.Display) + `</a>`)
		if h.Label != "" {
			b.WriteString(` <span class="label">` + html.EscapeString(h.Label) + `</span>`)
		}
		if h.Hours != "" {
			b.WriteString(`<br><span class="hours">` + html.EscapeString(t.Tr("hotline.hours")) + `: ` + html.EscapeString(h.Hours) + `</span>`)
		}
		b.WriteString(`</li>`)
	}
	if len(hs) == 0 {
		b.WriteString(`<li>` + html.EscapeString(t.Tr("hotline.none")) + `</li>`)
	}
	b.WriteString(`</ul>`)
	return b.String()
}
