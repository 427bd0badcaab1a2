package content

import (
	"net/url"
	"strconv"
)

// SystemKeyHotline marks the page whose text the hotline page shows.
const SystemKeyHotline = "hotline"

// EntryPath is the public path of an entry's translation.
func EntryPath(lang string, kind Kind, slug, systemKey string) string {
	switch {
	case kind == KindNews:
		return "/" + lang + "/news/" + slug
	case kind == KindNewsletter:
		return "/" + lang + "/newsletters/" + slug
	case systemKey == SystemKeyHotline:
		return "/" + lang + "/hotline"
	}
	return "/" + lang + "/" + slug
}

// SectionPath is the public path of a section of the site in lang: its
// home page for "", a list ("news", "newsletters") with a trailing
// slash, a page ("hotline", "sitemap", "subscribe", "search") without.
func SectionPath(lang, section string) string {
	switch section {
	case "":
		return "/" + lang + "/"
	case "news", "newsletters":
		return "/" + lang + "/" + section + "/"
	}
	return "/" + lang + "/" + section
}

// UntranslatedPath is the page saying an entry has no translation in lang.
func UntranslatedPath(lang string, id int64) string {
	return "/" + lang + "/unavailable/" + strconv.FormatInt(id, 10)
}

// MediaPath is the public path of an uploaded file.
func MediaPath(m Media) string {
	return "/media/" + m.SHA256 + "/" + url.PathEscape(m.Filename)
}

// reservedSlugs are the first path segments under /{lang}/ that the site
// uses itself; a page cannot take them.
var reservedSlugs = map[string]bool{
	"news": true, "newsletters": true, "hotline": true, "sitemap": true, "search": true,
	"unavailable": true, "feeds": true, "static": true, "media": true, "admin": true,
	"subscribe": true, "subscription": true, "opensearch.xml": true, "rss.xml": true, "atom.xml": true, "feed.json": true,
	"feed": true,
}

// ReservedPageSlug reports whether a page may not use slug.
func ReservedPageSlug(slug string) bool { return reservedSlugs[slug] }
