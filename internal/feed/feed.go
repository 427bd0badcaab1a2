// Package feed builds the site's syndication feeds — RSS 2.0, Atom 1.0 and
// JSON Feed 1.1 — from published items, with gorilla/feeds. It knows no
// SQL and no HTTP: the web handler gives it the channel and the items.
package feed

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"time"
	"vestnik/internal/content"

	"github.com/gorilla/feeds"
)

// Format is a feed format.
type Format string

// The formats, named by their file names.
const (
	RSS  Format = "rss.xml"
	Atom Format = "atom.xml"
	JSON Format = "feed.json"
)

// ContentType returns the format's media type with its charset.
func (f Format) ContentType() string {
	switch f {
	case RSS:
		return "application/rss+xml; charset=utf-8"
	case Atom:
		return "application/atom+xml; charset=utf-8"
	}
	return "application/feed+json; charset=utf-8"
}

// ParseFormat recognizes a feed file name.
func ParseFormat(name string) (Format, bool) {
	switch f := Format(name); f {
	case RSS, Atom, JSON:
		return f, true
	}
	return "", false
}

// Channel describes a feed as a whole. URLs are absolute.
type Channel struct {
	Title       string
	Description string
	Link        string // the HTML page the feed follows
	FeedURL     string // the feed itself
	Language    string
	Author      string
	// Changed is when the feed last changed other than by its items' own
	// dates (an item taken down); when later than theirs, it is the
	// feed's date (zero: the items' alone).
	Changed time.Time
}

// Enclosure is a file attached to an item (a newsletter's PDF edition).
type Enclosure struct {
	URL    string
	Length int64
	Type   string
}

// Image is an item's picture (its lead image): Media RSS media:content in
// RSS and Atom, "image" in JSON Feed.
type Image struct {
	URL           string
	Type          string
	Width, Height int
	Alt           string
}

// Item is one published entry in one language.
type Item struct {
	ID        string // stable across edits and renames
	Title     string
	Link      string
	Summary   string
	HTML      string // full content, already sanitized
	Category  string
	Published time.Time
	Updated   time.Time
	Enclosure *Enclosure
	Image     *Image
}

// mediaNS is the Media RSS namespace.
const mediaNS = "http://search.yahoo.com/mrss/"

// mediaContent is <media:content> with its <media:description> (the alt
// text).
type mediaContent struct {
	XMLName     xml.Name          `xml:"media:content"`
	URL         string            `xml:"url,attr"`
	Type        string            `xml:"type,attr"`
	Medium      string            `xml:"medium,attr"`
	Width       int               `xml:"width,attr,omitempty"`
	Height      int               `xml:"height,attr,omitempty"`
	Description *mediaDescription `xml:"media:description,omitempty"`
}

type mediaDescription struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

func mediaOf(im *Image) *mediaContent {
	if im == nil {
		return nil
	}
	m := &mediaContent{URL: im.URL, Type: im.Type, Medium: "image", Width: im.Width, Height: im.Height}
	if im.Alt != "" {
		m.Description = &mediaDescription{Type: "plain", Text: im.Alt}
	}
	return m
}

// neverUpdated is the date of a feed without items (a new site, a new
// language): Atom requires one, and no date is truer than the epoch.
var neverUpdated = time.Unix(0, 0).UTC()

// Build renders a feed. Items are expected newest first.
func Build(f Format, ch Channel, items []Item) ([]byte, error) {
	updated := Updated(items)
	if ch.Changed.After(updated) {
		updated = ch.Changed.UTC()
	}
	if updated.IsZero() {
		updated = neverUpdated
	}
	gf := &feeds.Feed{
		Title:       ch.Title,
		Link:        &feeds.Link{Href: ch.Link},
		Description: ch.Description,
		Id:          ch.FeedURL,
		Author:      &feeds.Author{Name: ch.Author},
		Updated:     updated,
		Created:     updated,
	}
	origin := originOf(ch.FeedURL)
	for _, it := range items {
		// Texts saved before content.CleanText could still hold a
		// character XML forbids: written raw into CDATA, it would break
		// the whole feed.
		fi := &feeds.Item{
			Id:          it.ID,
			IsPermaLink: "false",
			Title:       content.CleanLine(it.Title),
			Link:        &feeds.Link{Href: it.Link},
			Description: content.CleanLine(it.Summary),
			Content:     absoluteLinks(content.CleanText(it.HTML), origin),
			Created:     it.Published,
			Updated:     it.Updated,
		}
		if e := it.Enclosure; e != nil {
			fi.Enclosure = &feeds.Enclosure{Url: e.URL, Length: strconv.FormatInt(e.Length, 10), Type: e.Type}
		}
		gf.Items = append(gf.Items, fi)
	}
	var out string
	var err error
	switch f {
	case RSS:
		rf := (&feeds.Rss{Feed: gf}).RssFeed()
		rf.Language = ch.Language
		rf.Generator = "Vestnik"
		rf.ManagingEditor = "" // RSS wants an e-mail address there, and the site gives none
		if len(items) == 0 {
			rf.PubDate, rf.LastBuildDate = "", "" // optional in RSS: no date rather than 1970
		}
		x := &rssXML{Version: "2.0", ContentNS: "http://purl.org/rss/1.0/modules/content/", MediaNS: mediaNS, AtomNS: atomNS,
			Channel: &rssChannel{RssFeed: rf, Self: &rssSelf{Href: ch.FeedURL, Rel: "self", Type: "application/rss+xml"}}}
		for i, it := range items {
			rf.Items[i].Category = it.Category
			x.Channel.Items = append(x.Channel.Items, &rssItem{RssItem: rf.Items[i], Media: mediaOf(it.Image)})
		}
		out, err = feeds.ToXML(x)
	case Atom:
		af := (&feeds.Atom{Feed: gf}).AtomFeed()
		af.Link = nil // both links go in Links
		x := &atomFeed{AtomFeed: af, Lang: ch.Language, MediaNS: mediaNS, Links: []*feeds.AtomLink{
			{Href: ch.Link, Rel: "alternate", Type: "text/html"},
			{Href: ch.FeedURL, Rel: "self", Type: "application/atom+xml"}}}
		for i, it := range items {
			e := &atomEntry{AtomEntry: af.Entries[i], Media: mediaOf(it.Image)}
			e.Published = it.Published.UTC().Format(time.RFC3339)
			if it.Category != "" {
				e.Category = &atomCategory{Term: it.Category}
			}
			x.Entries = append(x.Entries, e)
		}
		out, err = feeds.ToXML(x)
	case JSON:
		jf := (&feeds.JSON{Feed: gf}).JSONFeed()
		jf.Language = ch.Language
		jf.FeedUrl = ch.FeedURL
		x := &jsonFeed{JSONFeed: jf, Items: []*jsonItem{}} // [] when empty: JSON Feed requires the array
		for i, it := range items {
			if it.Category != "" {
				jf.Items[i].Tags = []string{it.Category}
			}
			ji := &jsonItem{JSONItem: jf.Items[i]}
			if it.Image != nil {
				ji.Image = it.Image.URL
			}
			if e := it.Enclosure; e != nil {
				ji.Attachments = []jsonAttachment{{URL: e.URL, MIMEType: e.Type, Size: e.Length}}
			}
			x.Items = append(x.Items, ji)
		}
		var b []byte
		b, err = json.MarshalIndent(x, "", "  ")
		out = string(b)
	default:
		err = errors.New("feed: unknown format")
	}
	if err != nil {
		return nil, err
	}
	return []byte(out), nil
}

// atomFeed is gorilla's Atom feed with xml:lang, proper categories
// (Atom wants <category term="…"/>, gorilla writes element text) and a
// link to itself beside the site's (gorilla writes one link; feed
// validators want rel="self", by which readers follow a moved feed).
type atomFeed struct {
	*feeds.AtomFeed
	Lang    string            `xml:"xml:lang,attr,omitempty"`
	MediaNS string            `xml:"xmlns:media,attr"`
	Links   []*feeds.AtomLink `xml:"link"`
	Entries []*atomEntry      `xml:"entry"`
}

// FeedXml lets feeds.ToXML marshal it as it is.
func (a *atomFeed) FeedXml() interface{} {
	a.AtomFeed.Xmlns = atomNS
	return a
}

type atomEntry struct {
	*feeds.AtomEntry
	Category *atomCategory `xml:"category,omitempty"`
	Media    *mediaContent
}

// rssXML is gorilla's <rss> with the Media RSS namespace, and items that
// may carry a media:content (beside a newsletter's PDF enclosure).
type rssXML struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	ContentNS string   `xml:"xmlns:content,attr"`
	MediaNS   string   `xml:"xmlns:media,attr"`
	AtomNS    string   `xml:"xmlns:atom,attr"`
	Channel   *rssChannel
}

// FeedXml lets feeds.ToXML marshal it as it is.
func (r *rssXML) FeedXml() interface{} { return r }

type rssChannel struct {
	*feeds.RssFeed
	Self  *rssSelf   `xml:"atom:link"` // the feed's own address, as the RSS Advisory Board recommends
	Items []*rssItem `xml:"item"`
}

// atomNS is the Atom namespace, whose link element RSS borrows for rel="self".
const atomNS = "http://www.w3.org/2005/Atom"

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	*feeds.RssItem
	Media *mediaContent
}

// jsonFeed is gorilla's JSON Feed with attachments as the JSON Feed 1.1
// spec names them (gorilla writes "size" for "size_in_bytes").
type jsonFeed struct {
	*feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

type jsonItem struct {
	*feeds.JSONItem
	Attachments []jsonAttachment `json:"attachments,omitempty"`
}

type jsonAttachment struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	Size     int64  `json:"size_in_bytes,omitempty"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// originOf is the scheme and host of an absolute URL ("https://x.org").
func originOf(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	return scheme + "://" + host
}

// absoluteLinks makes the site-relative links and sources of an item's
// HTML ("/media/…", "/ru/news/…") absolute: a feed is read away from the
// site, and RSS has no base address. The HTML was sanitized when saved,
// so attributes are double-quoted.
func absoluteLinks(html, origin string) string {
	if origin == "" {
		return html
	}
	var b strings.Builder
	for {
		i := strings.Index(html, `="/`)
		if i < 0 {
			break
		}
		attr := html[:i]
		rel := strings.HasSuffix(attr, " href") || strings.HasSuffix(attr, " src")
		b.WriteString(html[:i+2])
		html = html[i+2:]
		if rel && !strings.HasPrefix(html, "//") {
			b.WriteString(origin)
		}
	}
	b.WriteString(html)
	return b.String()
}

// Updated is the newest update time among items (zero when none).
func Updated(items []Item) time.Time {
	var t time.Time
	for _, it := range items {
		if it.Updated.After(t) {
			t = it.Updated
		}
		if it.Published.After(t) {
			t = it.Published
		}
	}
	return t
}
