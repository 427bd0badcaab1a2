package picture

import (
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"vestnik/internal/content"
)

// Options shape a <picture>.
type Options struct {
	// Sizes is the sizes attribute: how wide the image is shown.
	Sizes string
	// Lead marks the page's lead image: fetched first, never lazily.
	Lead bool
	// Class of the <img>.
	Class string
	// Base is put before every URL: BASE_URL in feeds, "" on pages.
	Base string
}

// ArticleSizes is how wide an article's images are shown.
const ArticleSizes = "(max-width: 46rem) calc(100vw - 2rem), 44rem"

// Alt is an image's alt text in lang: "" for a decorative image (or one
// without a text in lang yet).
func Alt(im content.Image, lang string) string {
	if im.Decorative {
		return ""
	}
	return im.Texts[lang].Alt
}

// srcset lists the ladder's renditions no wider than the image, and the
// image itself when it is narrower than the widest of them.
func srcset(im content.Image, f Format, base string) (set string, fallback Spec) {
	var b strings.Builder
	last := 0
	for _, w := range Widths {
		if w > im.Width {
			break
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(base + URL(im, WidthSpec(w, f)) + " " + strconv.Itoa(w) + "w")
		last = w
	}
	if last < im.Width && last < Widths[len(Widths)-1] {
		w := im.Width
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		// The next width of the ladder, which never upscales: the image
		// at its own size.
		next := Widths[len(Widths)-1]
		for _, lw := range Widths {
			if lw > last {
				next = lw
				break
			}
		}
		b.WriteString(base + URL(im, WidthSpec(next, f)) + " " + strconv.Itoa(w) + "w")
		last = next
	}
	fallback = WidthSpec(Widths[min(2, len(Widths)-1)], f) // 960
	if fallback.Width > last {
		fallback.Width = last
	}
	return b.String(), fallback
}

// Picture is an image as a <picture>: WebP with a JPEG fallback, a width
// ladder in srcset, its size in width and height so nothing moves while
// it loads, and lazy loading unless it is the page's lead image.
func Picture(im content.Image, lang string, o Options) template.HTML {
	webp, _ := srcset(im, WebP, o.Base)
	jpeg, fb := srcset(im, JPEG, o.Base)
	var b strings.Builder
	b.WriteString(`<picture><source type="image/webp" srcset="`)
	b.WriteString(template.HTMLEscapeString(webp))
	b.WriteString(`" sizes="` + template.HTMLEscapeString(o.Sizes) + `"><img src="`)
	b.WriteString(template.HTMLEscapeString(o.Base + URL(im, fb)))
	b.WriteString(`" srcset="` + template.HTMLEscapeString(jpeg) + `" sizes="` + template.HTMLEscapeString(o.Sizes) + `"`)
	b.WriteString(` width="` + strconv.Itoa(im.Width) + `" height="` + strconv.Itoa(im.Height) + `"`)
	b.WriteString(` alt="` + template.HTMLEscapeString(Alt(im, lang)) + `"`)
	if o.Class != "" {
		b.WriteString(` class="` + template.HTMLEscapeString(o.Class) + `"`)
	}
	if o.Lead {
		b.WriteString(` fetchpriority="high" decoding="async"`)
	} else {
		b.WriteString(` loading="lazy" decoding="async"`)
	}
	b.WriteString(`></picture>`)
	return template.HTML(b.String()) //nolint:gosec // every value above is escaped
}

// Thumbnail is an image cut to the list thumbnail's 4:3, shown at half its
// pixels (sharp on a phone's 2× screen), lazily loaded.
func Thumbnail(im content.Image, lang string) template.HTML {
	w, h := CropSpec(im, Thumb, WebP).Size(im.Width, im.Height)
	var b strings.Builder
	b.Grow(512) // the markup with its two URLs: written once, not grown
	b.WriteString(`<picture class="thumb"><source type="image/webp" srcset="`)
	b.WriteString(template.HTMLEscapeString(URL(im, CropSpec(im, Thumb, WebP))))
	b.WriteString(`"><img src="` + template.HTMLEscapeString(URL(im, CropSpec(im, Thumb, JPEG))) + `"`)
	b.WriteString(` width="` + strconv.Itoa(w/2) + `" height="` + strconv.Itoa(h/2) + `"`)
	b.WriteString(` alt="` + template.HTMLEscapeString(Alt(im, lang)) + `" loading="lazy" decoding="async"></picture>`)
	return template.HTML(b.String()) //nolint:gosec // every value above is escaped
}

// Figure is an image with its caption and credit in lang.
func Figure(im content.Image, lang string, o Options) template.HTML {
	var b strings.Builder
	b.WriteString(`<figure class="image">`)
	b.WriteString(string(Picture(im, lang, o)))
	t := im.Texts[lang]
	if t.Caption != "" || t.Credit != "" {
		b.WriteString(`<figcaption>`)
		b.WriteString(template.HTMLEscapeString(t.Caption))
		if t.Credit != "" {
			if t.Caption != "" {
				b.WriteString(" ")
			}
			b.WriteString(`<span class="credit">` + template.HTMLEscapeString(t.Credit) + `</span>`)
		}
		b.WriteString(`</figcaption>`)
	}
	b.WriteString(`</figure>`)
	return template.HTML(b.String()) //nolint:gosec // every value above is escaped
}

// An editor places a figure in a text with a line of its own holding
// ![…](media:ID) (the image button writes it); the rendered text keeps a
// marker the page turns into the figure, in the page's language and with
// the image's texts as they are now.
var (
	markdownRef = regexp.MustCompile(`(?m)^[ \t]*!\[[^\]\n]*\]\(media:(\d{1,18})\)[ \t]*$`)
	marker      = regexp.MustCompile(`<p>⟦figure:(\d{1,18})⟧</p>`)
)

// Prepare turns a text's figure lines into markers, before Markdown.
func Prepare(md string) string {
	if !strings.Contains(md, "](media:") {
		return md
	}
	return markdownRef.ReplaceAllString(md, "⟦figure:$1⟧")
}

// StrayRef reports a media:ID reference that is no figure line: a link
// [text](media:ID), or an image inside a paragraph. Markdown would drop
// it, so the text would lose it without a word.
func StrayRef(md string) bool {
	return strings.Contains(md, "](media:") && strings.Contains(markdownRef.ReplaceAllString(md, ""), "](media:")
}

// altUnsafe are the characters an alt text in a figure line cannot hold
// (the line would no longer be one).
var altUnsafe = strings.NewReplacer("[", "", "]", "", "\r", " ", "\n", " ")

// Relabel writes each figure line of a Markdown text with the alt text
// alt gives its image (none: "![](media:ID)"). The alt in the line is not
// the one the page shows — the photo's own in the page's language is —
// but it is what a translator reads.
func Relabel(md string, alt func(id int64) string) string {
	if !strings.Contains(md, "](media:") {
		return md
	}
	return markdownRef.ReplaceAllStringFunc(md, func(line string) string {
		m := markdownRef.FindStringSubmatch(line)
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			return line
		}
		return "![" + strings.TrimSpace(altUnsafe.Replace(alt(id))) + "](media:" + m[1] + ")"
	})
}

// Refs lists the images a text (Markdown, or HTML with markers) places.
func Refs(text string) []int64 {
	var ids []int64
	for _, re := range []*regexp.Regexp{markdownRef, marker} {
		// Most texts place no image: a look for what each must hold spares
		// them the expression, which markdownRef (anchored at every line
		// start) makes cost an uncached article a tenth of its CPU.
		if re == markdownRef && !strings.Contains(text, "](media:") || re == marker && !strings.Contains(text, "⟦figure:") {
			continue
		}
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			if id, err := strconv.ParseInt(m[1], 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// Set is the images a page shows, by id.
type Set map[int64]content.Image

// Lead is the figure of a page's lead image (fetched first), "" when the
// page has none.
func (s Set) Lead(id int64, lang string) template.HTML {
	im, ok := s[id]
	if !ok {
		return ""
	}
	return Figure(im, lang, Options{Sizes: ArticleSizes, Lead: true})
}

// Thumb is the list thumbnail of an image, "" when there is none.
func (s Set) Thumb(id int64, lang string) template.HTML {
	im, ok := s[id]
	if !ok {
		return ""
	}
	return Thumbnail(im, lang)
}

// Expand turns the markers of rendered HTML into figures in lang, their
// URLs after base; a marker of an image that is gone (or not in ims: nil
// removes them all) disappears.
func Expand(html, lang, base string, ims Set) string {
	if !strings.Contains(html, "⟦figure:") {
		return html
	}
	return marker.ReplaceAllStringFunc(html, func(m string) string {
		id, _ := strconv.ParseInt(marker.FindStringSubmatch(m)[1], 10, 64)
		im, ok := ims[id]
		if !ok {
			return ""
		}
		return string(Figure(im, lang, Options{Sizes: ArticleSizes, Base: base}))
	})
}
