package web

import (
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/view"
)

// sitemapRecentNews is how many news items the HTML site map lists.
const sitemapRecentNews = 20

// sitemapHTML is the human site map: sections, pages, issues, recent news
// and the feeds.
func (s *Server) sitemapHTML(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	ctx := r.Context()
	b, err := s.pageBase(r, lang, "sitemap", "")
	if err != nil {
		return err
	}
	b.Title = b.T.Tr("sitemap.title")
	data := view.Sitemap{Base: b}
	if data.Pages, _, err = s.store.ListItems(ctx, lang, content.KindPage, 1000, 0); err != nil {
		return err
	}
	if data.Newsletters, err = s.store.Newsletters(ctx, lang); err != nil {
		return err
	}
	if data.News, _, err = s.store.ItemsPage(ctx, lang, content.KindNews, nil, nil, sitemapRecentNews); err != nil {
		return err
	}
	if data.NewsTotal, err = s.countItems(ctx, lang, content.KindNews); err != nil {
		return err
	}
	shown := slices.Concat(data.Pages, data.News)
	for _, n := range data.Newsletters {
		shown = append(shown, n.Item)
	}
	if err := s.touchList(ctx, &data.Base, shown, content.KindNews, content.KindNewsletter, content.KindPage); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageSitemap, data)
}
