package web

import (
	"bytes"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/feed"
	"vestnik/internal/httpx"
	"vestnik/internal/picture"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// feedSection is a part of the site with its own feeds: "" (everything),
// "news" or "newsletters".
type feedSection string

func (fs feedSection) kinds() []content.Kind {
	switch fs {
	case "news":
		return []content.Kind{content.KindNews}
	case "newsletters":
		return []content.Kind{content.KindNewsletter}
	}
	return []content.Kind{content.KindNews, content.KindNewsletter}
}

// path is the section's page, "/ru/news/" or "/ru/".
func (fs feedSection) path(lang string) string {
	if fs == "" {
		return "/" + lang + "/"
	}
	return "/" + lang + "/" + string(fs) + "/"
}

// feed serves one feed: published items only, absolute URLs from BASE_URL,
// a strong ETag and Last-Modified for 304s (never earlier than the last
// removal from its kinds).
func (s *Server) feed(sec feedSection, f feed.Format) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		lang := chi.URLParam(r, "lang")
		t := s.bundle.Get(lang)
		items, err := s.store.FeedItems(r.Context(), lang, sec.kinds(), s.feedLen)
		if err != nil {
			return err
		}
		ch := feed.Channel{
			Title:       t.Tr("site.name"),
			Description: t.Tr("site.description"),
			Link:        s.abs(sec.path(lang)),
			FeedURL:     s.abs(sec.path(lang) + string(f)),
			Language:    lang,
			Author:      t.Tr("site.org"),
		}
		if sec != "" {
			ch.Title = t.Tr("site.name") + " — " + t.Tr("nav."+string(sec))
		}
		leads := make([]int64, len(items))
		htmls := make([]string, len(items))
		for i, it := range items {
			leads[i], htmls[i] = it.LeadImageID, it.BodyHTML
			for _, a := range it.Articles {
				htmls = append(htmls, a.BodyHTML)
			}
		}
		set, err := s.photos(r.Context(), leads, htmls...)
		if err != nil {
			return err
		}
		// The hotline numbers, which a text may show ({{hotlines}}), as
		// every page has them (read once per content change).
		c, _, err := s.chrome(r.Context(), lang)
		if err != nil {
			return err
		}
		var out []feed.Item
		for _, it := range items {
			fi := s.feedItem(t.Tr("nav."+string(sectionOf(it.Entry.Kind))), it, set)
			fi.HTML = view.HotlinesInto(fi.HTML, c.hotlines, t)
			out = append(out, fi)
		}
		// An item taken down changes the feed: its date is the newest
		// removal's when that is later than every item left, as the
		// lists' are, or a reader revalidating by date gets 304 and keeps
		// the item; the feed's own date (Atom's updated, RSS's
		// lastBuildDate) says the same.
		removed, err := s.removed(r.Context(), sec.kinds()...)
		if err != nil {
			return err
		}
		// So does a change to what the items show that is no edit of
		// their texts — a photo's alt text or crop, a lead image, the
		// numbers in a text — as it moves their pages' dates (the
		// entry's public date, the banner's): the items keep their own.
		changed := latest(removed, c.changed)
		for i := range items {
			changed = latest(changed, items[i].PublicAt)
		}
		ch.Changed = changed
		body, err := feed.Build(f, ch, out)
		if err != nil {
			return err
		}
		serveBytes(w, r, f.ContentType(), body, latest(feed.Updated(out), changed))
		return nil
	}
}

func sectionOf(k content.Kind) feedSection {
	if k == content.KindNewsletter {
		return "newsletters"
	}
	return "news"
}

// feedItem is an entry in a feed: its figures with absolute URLs, and its
// lead image as the item's picture.
func (s *Server) feedItem(category string, it store.FeedItem, set picture.Set) feed.Item {
	fi := feed.Item{
		// The ID names the entry and language, never the slug: it
		// survives edits and renames.
		ID:        s.abs("/" + it.Lang + "/entry/" + strconv.FormatInt(it.ID, 10)),
		Title:     it.Title,
		Link:      s.abs(content.EntryPath(it.Lang, it.Entry.Kind, it.Slug, it.SystemKey)),
		Summary:   it.Summary,
		HTML:      picture.Expand(issueHTML(it), it.Lang, s.base, set),
		Category:  category,
		Published: it.PublishedAt,
		Updated:   latest(it.PublishedAt, it.Translation.UpdatedAt),
	}
	if m := it.Edition; m != nil {
		fi.Enclosure = &feed.Enclosure{URL: s.abs(content.MediaPath(*m)), Length: m.Size, Type: m.ContentType}
	}
	if im, ok := set[it.LeadImageID]; ok {
		sp := picture.CropSpec(im, picture.Social, picture.JPEG)
		w, h := sp.Size(im.Width, im.Height)
		fi.Image = &feed.Image{URL: s.abs(picture.URL(im, sp)), Type: sp.Format.ContentType(), Width: w, Height: h, Alt: picture.Alt(im, it.Lang)}
	}
	return fi
}

// issueHTML is an entry's HTML in a feed: a newsletter issue carries its
// introduction and then every article, each under its title, so that a
// feed reader shows the whole issue. The HTML was sanitized when saved;
// titles are escaped here.
func issueHTML(it store.FeedItem) string {
	if len(it.Articles) == 0 {
		return it.BodyHTML
	}
	var b strings.Builder
	b.WriteString(it.BodyHTML)
	for _, a := range it.Articles {
		b.WriteString("\n<h2>" + html.EscapeString(a.Title) + "</h2>\n")
		b.WriteString(a.BodyHTML)
	}
	return b.String()
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// serveBytes sends generated bytes with a strong ETag and Last-Modified,
// answering 304 to a client that has them.
func serveBytes(w http.ResponseWriter, r *http.Request, contentType string, body []byte, modified time.Time) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("ETag", httpx.ETag(body))
	h.Set("Cache-Control", "public, max-age=300")
	http.ServeContent(w, r, "", modified.UTC().Truncate(time.Second), bytes.NewReader(body))
}
