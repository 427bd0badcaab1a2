package web

import (
	"encoding/json"
	"html/template"
	"regexp"
	"strings"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/picture"
	"vestnik/internal/view"
)

// JSON-LD is built as Go values of the schema.org types below and
// marshalled by encoding/json (addLD), never by string concatenation.

const schemaOrg = "https://schema.org"

type ldOrganization struct {
	Context      string           `json:"@context,omitempty"`
	Type         string           `json:"@type"`
	Name         string           `json:"name"`
	URL          string           `json:"url"`
	ContactPoint []ldContactPoint `json:"contactPoint,omitempty"`
}

type ldContactPoint struct {
	Type              string   `json:"@type"`
	Telephone         string   `json:"telephone"`
	ContactType       string   `json:"contactType"`
	AvailableLanguage []string `json:"availableLanguage"`
	AreaServed        string   `json:"areaServed"`
	HoursAvailable    string   `json:"hoursAvailable,omitempty"`
	Name              string   `json:"name,omitempty"`
}

type ldBreadcrumbList struct {
	Context string       `json:"@context"`
	Type    string       `json:"@type"`
	Items   []ldListItem `json:"itemListElement"`
}

type ldListItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

type ldNewsArticle struct {
	Context          string         `json:"@context"`
	Type             string         `json:"@type"`
	Headline         string         `json:"headline"`
	Description      string         `json:"description,omitempty"`
	DatePublished    string         `json:"datePublished"`
	DateModified     string         `json:"dateModified"`
	InLanguage       string         `json:"inLanguage"`
	MainEntityOfPage string         `json:"mainEntityOfPage"`
	Image            any            `json:"image,omitempty"` // one URL, or the crops of the lead image
	Publisher        ldOrganization `json:"publisher"`
	Author           ldOrganization `json:"author"`
}

type ldWebSite struct {
	Context         string         `json:"@context"`
	Type            string         `json:"@type"`
	Name            string         `json:"name"`
	URL             string         `json:"url"`
	InLanguage      string         `json:"inLanguage"`
	Publisher       ldOrganization `json:"publisher"`
	PotentialAction ldSearchAction `json:"potentialAction"`
}

type ldSearchAction struct {
	Type       string `json:"@type"`
	Target     string `json:"target"`
	QueryInput string `json:"query-input"`
}

// addLD adds a JSON-LD block to the page. encoding/json escapes <, > and
// & in strings, so the text cannot close its <script> element, and the
// types above (strings, numbers, lists of them) always marshal.
func addLD(b *view.Base, v any) {
	b.Meta.JSONLD = append(b.Meta.JSONLD, ldJS(v))
}

// ldJS is v marshalled for a JSON-LD block (addLD).
func ldJS(v any) template.JS {
	data, err := json.Marshal(v)
	if err != nil {
		panic("web: JSON-LD of " + err.Error())
	}
	return template.JS(data) //nolint:gosec // marshalled by encoding/json
}

// organization is the publisher of everything on the site.
func (s *Server) organization(lang string) ldOrganization {
	t := s.bundle.Get(lang)
	return ldOrganization{Type: "Organization", Name: t.Tr("site.org"), URL: s.abs("/" + lang + "/")}
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
	list := ldBreadcrumbList{Context: schemaOrg, Type: "BreadcrumbList"}
	for i, l := range links {
		list.Items = append(list.Items, ldListItem{Type: "ListItem", Position: i + 1, Name: l.Label, Item: s.abs(l.Href)})
	}
	addLD(b, list)
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
	// Only the site's own images: another site's would be a broken
	// picture when shared (and on the page, where the CSP blocks it).
	if m := firstImage.FindStringSubmatch(it.BodyHTML); m != nil && b.Meta.Image == "" {
		if src := strings.ReplaceAll(m[1], "&amp;", "&"); strings.HasPrefix(src, "/") && !strings.HasPrefix(src, "//") {
			b.Meta.Image = s.abs(src)
		}
	}
	org := s.organization(it.Lang)
	a := ldNewsArticle{
		Context:          schemaOrg,
		Type:             "NewsArticle",
		Headline:         headline,
		Description:      it.Summary,
		DatePublished:    b.Meta.Published,
		DateModified:     b.Meta.Modified,
		InLanguage:       it.Lang,
		MainEntityOfPage: b.Canonical,
		Publisher:        org,
		Author:           org,
	}
	switch {
	case hasLead:
		a.Image = s.ldImages(lead)
	case b.Meta.Image != "":
		a.Image = b.Meta.Image
	}
	addLD(b, a)
}

// hotlineMeta describes the organization and its hotline numbers.
func (s *Server) hotlineMeta(b *view.Base) {
	org := s.organization(b.Lang)
	org.Context = schemaOrg
	for _, h := range b.Hotlines {
		org.ContactPoint = append(org.ContactPoint, ldContactPoint{Type: "ContactPoint", Telephone: h.E164, ContactType: "hotline",
			AvailableLanguage: s.bundle.Codes(), AreaServed: "TM", HoursAvailable: h.Hours, Name: h.Label})
	}
	addLD(b, org)
}
