package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/feed"
	"vestnik/internal/view"
)

// feedTypes are the formats in the order pages list them.
var feedTypes = []struct {
	format feed.Format
	mime   string
	name   string
}{
	{feed.RSS, "application/rss+xml", "RSS"},
	{feed.Atom, "application/atom+xml", "Atom"},
	{feed.JSON, "application/feed+json", "JSON Feed"},
}

// feedLinks lists a language's feeds, the section's first, for
// autodiscovery in the page head.
func (s *Server) feedLinks(lang string, first feedSection) []view.Feed {
	t := s.bundle.Get(lang)
	order := []feedSection{first}
	for _, sec := range []feedSection{"", "news", "newsletters"} {
		if sec != first {
			order = append(order, sec)
		}
	}
	var out []view.Feed
	for _, sec := range order {
		title := t.Tr("site.name")
		if sec != "" {
			title += " — " + t.Tr("nav."+string(sec))
		}
		for _, ft := range feedTypes {
			out = append(out, view.Feed{Type: ft.mime, Title: title + " (" + ft.name + ")", Href: sec.path(lang) + string(ft.format)})
		}
	}
	return out
}

// feedsPage explains the feeds of a language and lists them.
func (s *Server) feedsPage(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	b, err := s.pageBase(r, lang, "feeds", "")
	if err != nil {
		return err
	}
	b.Title, b.Description = b.T.Tr("feeds.title"), b.T.Tr("feeds.intro")
	data := view.FeedsPage{Base: b, Heading: b.Title, Intro: b.Description, HowTo: b.T.Tr("feeds.howto")}
	if len(s.bundle.Codes()) > 1 {
		data.OtherLanguage = b.T.Tr("feeds.other_language")
	}
	for _, sec := range []feedSection{"", "news", "newsletters"} {
		key := "feeds.section.all"
		if sec != "" {
			key = "feeds.section." + string(sec)
		}
		fs := view.FeedSection{Title: b.T.Tr(key)}
		for _, ft := range feedTypes {
			fs.Feeds = append(fs.Feeds, view.Feed{Type: ft.mime, Title: ft.name, Href: s.abs(sec.path(lang) + string(ft.format))})
		}
		data.Sections = append(data.Sections, fs)
	}
	return s.render(w, http.StatusOK, view.PageFeeds, data)
}
