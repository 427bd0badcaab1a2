// Package feed builds the site's syndication feeds — RSS 2.0, Atom 1.0 and
// JSON Feed 1.1 — from published items, with gorilla/feeds. It knows no
// SQL and no HTTP: the web handler gives it the channel and the items.
package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"time"

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
}

// Enclosure is a file attached to an item (a newsletter's PDF edition).
type Enclosure struct {
	URL    string
	Length int64
	Type   string
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
}

// Build renders a feed. Items are expected newest first.
func Build(f Format, ch Channel, items []Item) ([]byte, error) {
	gf := &feeds.Feed{
		Title:       ch.Title,
		Link:        &feeds.Link{Href: ch.Link},
		Description: ch.Description,
		Id:          ch.FeedURL,
		Author:      &feeds.Author{Name: ch.Author},
		Updated:     Updated(items),
		Created:     Updated(items),
	}
	for _, it := range items {
		fi := &feeds.Item{
			Id:          it.ID,
			IsPermaLink: "false",
			Title:       it.Title,
			Link:        &feeds.Link{Href: it.Link},
			Description: it.Summary,
			Content:     it.HTML,
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
		for i, it := range items {
			rf.Items[i].Category = it.Category
		}
		out, err = feeds.ToXML(rf)
	case Atom:
		af := (&feeds.Atom{Feed: gf}).AtomFeed()
		af.Link = &feeds.AtomLink{Href: ch.Link, Rel: "alternate", Type: "text/html"}
		x := &atomFeed{AtomFeed: af, Lang: ch.Language}
		for i, it := range items {
			e := &atomEntry{AtomEntry: af.Entries[i]}
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
		x := &jsonFeed{JSONFeed: jf}
		for i, it := range items {
			if it.Category != "" {
				jf.Items[i].Tags = []string{it.Category}
			}
			ji := &jsonItem{JSONItem: jf.Items[i]}
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

// atomFeed is gorilla's Atom feed with xml:lang and proper categories
// (Atom wants <category term="…"/>, gorilla writes element text).
type atomFeed struct {
	*feeds.AtomFeed
	Lang    string       `xml:"xml:lang,attr,omitempty"`
	Entries []*atomEntry `xml:"entry"`
}

// FeedXml lets feeds.ToXML marshal it as it is.
func (a *atomFeed) FeedXml() interface{} {
	a.AtomFeed.Xmlns = "http://www.w3.org/2005/Atom"
	return a
}

type atomEntry struct {
	*feeds.AtomEntry
	Category *atomCategory `xml:"category,omitempty"`
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

// ETag is a strong validator of a feed's bytes.
func ETag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}
