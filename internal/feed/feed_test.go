package feed

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func TestBuildParsesBack(t *testing.T) {
	t.Parallel()
	pub := time.Date(2011, 12, 15, 9, 0, 0, 0, time.UTC)
	ch := Channel{Title: "IOM <Turkmenistan> & co", Description: "d", Link: "https://x.org/ru/", FeedURL: "https://x.org/ru/rss.xml", Language: "ru", Author: "IOM"}
	xss := `<script>alert("x")</script> & 'q' ]]>`
	items := []Item{
		{ID: "https://x.org/ru/entry/7", Title: "Бюллетень " + xss, Link: "https://x.org/ru/newsletters/a?x=1&y=2", Summary: "Итог " + xss,
			HTML: "<p>Текст &amp; <b>жирный</b></p>", Category: "Бюллетени", Published: pub, Updated: pub.Add(time.Hour),
			Enclosure: &Enclosure{URL: "https://x.org/media/abc/a.pdf", Length: 1234, Type: "application/pdf"},
			Image:     &Image{URL: "https://x.org/img/abc/c1200x630-f50x50.jpeg/a.jpg", Type: "image/jpeg", Width: 1200, Height: 630, Alt: "Обложка " + xss}},
		{ID: "https://x.org/ru/entry/3", Title: "Новость", Link: "https://x.org/ru/news/b", Summary: "s", HTML: "<p>x</p>", Category: "Новости", Published: pub.Add(-time.Hour), Updated: pub.Add(-time.Hour)},
	}
	for _, f := range []Format{RSS, Atom, JSON} {
		b, err := Build(f, ch, items)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if bytes.Contains(b, []byte("<script>")) {
			t.Errorf("%s: raw <script> in the feed", f)
		}
		parsed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v\n%s", f, err, b)
		}
		if parsed.Language != "ru" {
			t.Errorf("%s: language %q", f, parsed.Language)
		}
		if parsed.FeedLink != ch.FeedURL || parsed.Link != ch.Link {
			t.Errorf("%s: feed link %q, link %q", f, parsed.FeedLink, parsed.Link)
		}
		if parsed.Title != ch.Title || len(parsed.Items) != 2 {
			t.Fatalf("%s: title %q, %d items", f, parsed.Title, len(parsed.Items))
		}
		it := parsed.Items[0]
		if it.Title != items[0].Title || it.Link != items[0].Link || it.GUID != items[0].ID {
			t.Errorf("%s: item %q %q %q", f, it.Title, it.Link, it.GUID)
		}
		if !strings.Contains(it.Content, "<b>жирный</b>") || !strings.Contains(it.Description, "Итог") {
			t.Errorf("%s: content %q description %q", f, it.Content, it.Description)
		}
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(pub) {
			t.Errorf("%s: published %v", f, it.PublishedParsed)
		}
		if f != RSS && (it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(pub.Add(time.Hour))) {
			t.Errorf("%s: updated %v", f, it.UpdatedParsed)
		}
		if len(it.Categories) != 1 || it.Categories[0] != "Бюллетени" {
			t.Errorf("%s: categories %v", f, it.Categories)
		}
		if len(it.Enclosures) != 1 || it.Enclosures[0].URL != "https://x.org/media/abc/a.pdf" || it.Enclosures[0].Length != "1234" || it.Enclosures[0].Type != "application/pdf" {
			t.Errorf("%s: enclosures %+v", f, *it.Enclosures[0])
		}
		// The lead image: Media RSS in RSS and Atom (beside the PDF
		// enclosure), "image" in JSON Feed; none on the item without.
		img := items[0].Image
		if f == JSON {
			if it.Image == nil || it.Image.URL != img.URL {
				t.Errorf("%s: image %+v", f, it.Image)
			}
		} else {
			mc := it.Extensions["media"]["content"]
			if len(mc) != 1 || mc[0].Attrs["url"] != img.URL || mc[0].Attrs["medium"] != "image" || mc[0].Attrs["width"] != "1200" ||
				mc[0].Attrs["height"] != "630" || mc[0].Attrs["type"] != "image/jpeg" || len(mc[0].Children["description"]) != 1 ||
				mc[0].Children["description"][0].Value != img.Alt {
				t.Errorf("%s: media:content %+v", f, mc)
			}
		}
		if second := parsed.Items[1]; second.Image != nil || len(second.Extensions["media"]) != 0 {
			t.Errorf("%s: image on an item without one: %+v %+v", f, second.Image, second.Extensions)
		}
	}
}

func TestFormats(t *testing.T) {
	t.Parallel()
	for name, ct := range map[string]string{"rss.xml": "application/rss+xml; charset=utf-8", "atom.xml": "application/atom+xml; charset=utf-8", "feed.json": "application/feed+json; charset=utf-8"} {
		f, ok := ParseFormat(name)
		if !ok || f.ContentType() != ct {
			t.Errorf("%s: %v %q", name, ok, f.ContentType())
		}
	}
	if _, ok := ParseFormat("feed.xml"); ok {
		t.Error("feed.xml accepted")
	}
}

// TestControlCharactersKeepFeedsWellFormed: a character XML forbids (a
// vertical tab pasted from Word, a stray U+0001) in a stored text does not
// make the XML feeds unreadable.
func TestControlCharactersKeepFeedsWellFormed(t *testing.T) {
	t.Parallel()
	pub := time.Date(2011, 12, 15, 9, 0, 0, 0, time.UTC)
	ch := Channel{Title: "IOM", Description: "d", Link: "https://x.org/en/", FeedURL: "https://x.org/en/rss.xml", Language: "en", Author: "IOM"}
	items := []Item{{ID: "https://x.org/en/entry/1", Title: "Line\x01 one", Link: "https://x.org/en/news/a", Summary: "A\x02 summary",
		HTML: "<p>Line one from Word\vline two\x01</p>", Published: pub, Updated: pub}}
	for _, f := range []Format{RSS, Atom} {
		b, err := Build(f, ch, items)
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v\n%s", f, err, b)
			}
		}
		if !bytes.Contains(b, []byte("Line one from Word\nline two")) && !bytes.Contains(b, []byte("Line one from Word&#xA;line two")) {
			t.Errorf("%s: the line break became %q", f, b)
		}
	}
}

// TestEmptyFeedsAreValid: a feed without items (a new site, a language
// just turned on) is still valid: JSON Feed's items an array, Atom's
// updated a date.
func TestEmptyFeedsAreValid(t *testing.T) {
	t.Parallel()
	ch := Channel{Title: "T", Description: "d", Link: "https://x.org/tk/", FeedURL: "https://x.org/tk/feed.json", Language: "tk", Author: "IOM"}
	for _, f := range []Format{RSS, Atom, JSON} {
		b, err := Build(f, ch, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		switch f {
		case RSS:
			if bytes.Contains(b, []byte("1970")) {
				t.Errorf("an empty RSS feed dated 1970:\n%s", b)
			}
		case JSON:
			if !bytes.Contains(b, []byte(`"items": []`)) {
				t.Errorf("JSON Feed without an items array:\n%s", b)
			}
		case Atom:
			var a struct {
				Updated string `xml:"updated"`
			}
			if err := xml.Unmarshal(b, &a); err != nil {
				t.Fatal(err)
			}
			if _, err := time.Parse(time.RFC3339, a.Updated); err != nil {
				t.Errorf("Atom updated %q: %v", a.Updated, err)
			}
		}
	}
}

// TestFeedLinksAbsolute: site-relative links and sources in an item's HTML
// become absolute (RSS has no base address); absolute, protocol-relative
// and fragment links stay; RSS gives no managingEditor without an address.
func TestFeedLinksAbsolute(t *testing.T) {
	t.Parallel()
	ch := Channel{Title: "T", Link: "https://x.org/en/", FeedURL: "https://x.org/en/rss.xml", Language: "en", Author: "IOM"}
	html := `<p><a href="/media/abc/report.pdf">report</a> <a href="https://other.org/x">x</a> <a href="#top">top</a> ` +
		`<a href="//cdn.org/y">y</a> <img src="/img/abc/w640.jpeg/a.jpg" alt="a"> <code>a="/not-a-link"</code></p>`
	items := []Item{{ID: "https://x.org/en/entry/1", Title: "t", Link: "https://x.org/en/news/t", HTML: html, Published: time.Unix(1e9, 0)}}
	b, err := Build(RSS, ch, items)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	got := parsed.Items[0].Content
	for _, want := range []string{`href="https://x.org/media/abc/report.pdf"`, `href="https://other.org/x"`, `href="#top"`,
		`href="//cdn.org/y"`, `src="https://x.org/img/abc/w640.jpeg/a.jpg"`, `a="/not-a-link"`} {
		if !strings.Contains(got, want) {
			t.Errorf("content lacks %s:\n%s", want, got)
		}
	}
	if bytes.Contains(b, []byte("managingEditor")) {
		t.Errorf("managingEditor without an address:\n%s", b)
	}
}

// TestChangedDatesTheFeed: a feed changed later than its items' dates
// (an item taken down) says so in its own date — Atom's updated, RSS's
// lastBuildDate — and an earlier change leaves the items' date.
func TestChangedDatesTheFeed(t *testing.T) {
	t.Parallel()
	pub := time.Date(2012, 3, 6, 9, 0, 0, 0, time.UTC)
	removed := time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)
	items := []Item{{ID: "https://x.org/en/entry/1", Title: "Left", Link: "https://x.org/en/news/left", Published: pub, Updated: pub}}
	for _, tt := range []struct {
		changed, want time.Time
	}{{removed, removed}, {pub.Add(-time.Hour), pub}, {time.Time{}, pub}} {
		ch := Channel{Title: "T", Link: "https://x.org/en/", FeedURL: "https://x.org/en/rss.xml", Language: "en", Changed: tt.changed}
		for _, f := range []Format{RSS, Atom} {
			b, err := Build(f, ch, items)
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if parsed.UpdatedParsed == nil || !parsed.UpdatedParsed.Equal(tt.want) {
				t.Errorf("%s changed %v: feed dated %v, want %v", f, tt.changed, parsed.UpdatedParsed, tt.want)
			}
		}
	}
}
