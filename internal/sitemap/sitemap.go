// Package sitemap writes sitemaps.org XML: a sitemap index and URL sets
// whose URLs carry xhtml:link alternates for every translation (itself
// included) plus x-default, as search engines want for multilingual sites.
package sitemap

import (
	"bytes"
	"encoding/xml"
	"time"
)

// MaxURLs is the sitemaps.org limit of URLs per file.
const MaxURLs = 50000

// Alternate is one language version of a URL.
type Alternate struct {
	Lang string // hreflang: "en", "ru" or "x-default"
	Href string // absolute
}

// URL is one page in a URL set.
type URL struct {
	Loc        string
	LastMod    time.Time
	Alternates []Alternate
}

type xmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type xmlURL struct {
	Loc     string    `xml:"loc"`
	LastMod string    `xml:"lastmod,omitempty"`
	Links   []xmlLink `xml:"xhtml:link"`
}

type xmlURLSet struct {
	XMLName xml.Name `xml:"urlset"`
	NS      string   `xml:"xmlns,attr"`
	XHTML   string   `xml:"xmlns:xhtml,attr"`
	URLs    []xmlURL `xml:"url"`
}

const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsXHTML   = "http://www.w3.org/1999/xhtml"
)

func lastmod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// URLSet renders a sitemap of up to MaxURLs URLs.
func URLSet(urls []URL) ([]byte, error) {
	set := xmlURLSet{NS: nsSitemap, XHTML: nsXHTML}
	for _, u := range urls {
		x := xmlURL{Loc: u.Loc, LastMod: lastmod(u.LastMod)}
		for _, a := range u.Alternates {
			x.Links = append(x.Links, xmlLink{Rel: "alternate", Hreflang: a.Lang, Href: a.Href})
		}
		set.URLs = append(set.URLs, x)
	}
	return marshal(set)
}

// Ref is a sitemap listed in an index.
type Ref struct {
	Loc     string
	LastMod time.Time
}

type xmlIndex struct {
	XMLName  xml.Name `xml:"sitemapindex"`
	NS       string   `xml:"xmlns,attr"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	} `xml:"sitemap"`
}

// Index renders a sitemap index.
func Index(refs []Ref) ([]byte, error) {
	idx := xmlIndex{NS: nsSitemap}
	for _, r := range refs {
		idx.Sitemaps = append(idx.Sitemaps, struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod,omitempty"`
		}{r.Loc, lastmod(r.LastMod)})
	}
	return marshal(idx)
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
