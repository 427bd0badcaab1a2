package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/feeds"

	"vestnik/internal/content"
)

// feedLength is how many items a feed carries.
const feedLength = 20

// rss is the site's RSS 2.0 feed in one language: news and newsletter
// issues, newest first, with each issue's PDF edition as an enclosure.
func (s *Server) rss(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	ctx := r.Context()
	t := s.bundle.Get(lang)
	news, _, err := s.store.ListItems(ctx, lang, content.KindNews, feedLength, 0)
	if err != nil {
		return err
	}
	issues, err := s.store.Newsletters(ctx, lang)
	if err != nil {
		return err
	}
	var items []*feeds.Item
	for _, it := range news {
		items = append(items, feedItem(s, it, nil))
	}
	for _, n := range issues {
		items = append(items, feedItem(s, n.Item, n.Edition))
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Created.After(items[j].Created) })
	if len(items) > feedLength {
		items = items[:feedLength]
	}
	f := &feeds.Feed{
		Title:       t.Tr("site.name"),
		Link:        &feeds.Link{Href: s.abs("/" + lang + "/")},
		Description: t.Tr("site.description"),
		Items:       items,
	}
	if len(items) > 0 {
		f.Updated = items[0].Updated
	}
	rf := (&feeds.Rss{Feed: f}).RssFeed()
	rf.Language = lang
	body, err := feeds.ToXML(rf)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	_, err = w.Write([]byte(body))
	if err != nil {
		return nil
	}
	return nil
}

func feedItem(s *Server, it content.Item, pdf *content.Media) *feeds.Item {
	fi := &feeds.Item{
		Title:       it.Title,
		Link:        &feeds.Link{Href: s.abs(content.EntryPath(it.Lang, it.Entry.Kind, it.Slug, it.SystemKey))},
		Description: it.Summary,
		Content:     it.BodyHTML,
		// The guid names the entry and language, not the slug, so it
		// survives edits and renames.
		Id:          s.abs("/" + it.Lang + "/entry/" + strconv.FormatInt(it.ID, 10)),
		IsPermaLink: "false",
		Created:     it.PublishedAt,
		Updated:     latest(it.PublishedAt, it.Translation.UpdatedAt),
	}
	if pdf != nil {
		fi.Enclosure = &feeds.Enclosure{Url: s.abs(mediaPath(*pdf)), Length: strconv.FormatInt(pdf.Size, 10), Type: pdf.ContentType}
	}
	return fi
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
