package web

import (
	"regexp"
	"strings"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/picture"
	"vestnik/internal/view"
)

// JSON-LD is built as Go values and marshalled by html/template (which
// escapes it for a <script type="application/ld+json"> block): never by
// string concatenation.
type ld = map[string]any

// organization is the publisher of everything on the site.
func (s *Server) organization(lang string) ld {
	t := s.bundle.Get(lang)
	return ld{"@type": "Organization", "name": t.Tr("site.org"), "url": s.abs("/" + lang + "/")}
}

// setMeta fills the Open Graph basics from the page's links.
func (s *Server) setMeta(b *view.Base) {
	b.Meta.Type = "website"
	b.Meta.Locale = b.T.Tr("og.locale")
	b.Meta.AltLocales = nil
	for _, a := range b.Alternates {
		if a.Lang != b.Lang {
			b.Meta.AltLocales = append(b.Meta.AltLocales, s.bundle.Get(a.Lang).Tr("og.locale"))
		}
	}
}

// crumbs adds a BreadcrumbList; each link's Href is a local path.
func (s *Server) crumbs(b *view.Base, links ...view.Link) {
	b.Meta.Breadcrumbs = links
	var items []ld
	for i, l := range links {
		items = append(items, ld{"@type": "ListItem", "position": i + 1, "name": l.Label, "item": s.abs(l.Href)})
	}
	b.Meta.JSONLD = append(b.Meta.JSONLD, ld{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
}

var firstImage = regexp.MustCompile(`<img[^>]+src="([^"]+)"`)

// articleMeta marks an entry's page as an article: Open Graph times, its
// picture when shared (its lead image, else the first image of its text),
// and a NewsArticle.
func (s *Server) articleMeta(b *view.Base, it content.Item, headline string, set picture.Set) {
	b.Meta.Type = "article"
	b.Meta.Published = it.PublishedAt.UTC().Format(time.RFC3339)
	modified := latest(it.PublishedAt, it.Translation.UpdatedAt)
	b.Meta.Modified = modified.UTC().Format(time.RFC3339)
	lead, hasLead := set[it.LeadImageID]
	if hasLead && b.Meta.Image == "" {
		s.imageMeta(b, lead)
	}
	if m := firstImage.FindStringSubmatch(it.BodyHTML); m != nil && b.Meta.Image == "" {
		src := strings.ReplaceAll(m[1], "&amp;", "&")
		if strings.HasPrefix(src, "/") && !strings.HasPrefix(src, "//") {
			src = s.abs(src)
		}
		if strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://") {
			b.Meta.Image = src
		}
	}
	a := ld{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         headline,
		"datePublished":    b.Meta.Published,
		"dateModified":     b.Meta.Modified,
		"inLanguage":       it.Lang,
		"mainEntityOfPage": b.Canonical,
		"publisher":        s.organization(it.Lang),
		"author":           s.organization(it.Lang),
	}
	if it.Summary != "" {
		a["description"] = it.Summary
	}
	switch {
	case hasLead:
		a["image"] = s.ldImages(lead)
	case b.Meta.Image != "":
		a["image"] = b.Meta.Image
	}
	b.Meta.JSONLD = append(b.Meta.JSONLD, a)
}

// hotlineMeta describes the organization and its hotline numbers.
func (s *Server) hotlineMeta(b *view.Base) {
	org := s.organization(b.Lang)
	org["@context"] = "https://schema.org"
	var points []ld
	for _, h := range b.Hotlines {
		p := ld{"@type": "ContactPoint", "telephone": h.E164, "contactType": "hotline",
			"availableLanguage": s.bundle.Codes(), "areaServed": "TM"}
		if h.Hours != "" {
			p["hoursAvailable"] = h.Hours
		}
		if h.Label != "" {
			p["name"] = h.Label
		}
		points = append(points, p)
	}
	org["contactPoint"] = points
	b.Meta.JSONLD = append(b.Meta.JSONLD, org)
}
