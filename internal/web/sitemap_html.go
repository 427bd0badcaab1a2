package web

import (
	"net/http"

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
	pages, _, err := s.store.ListItems(ctx, lang, content.KindPage, 1000, 0)
	if err != nil {
		return err
	}
	issues, err := s.store.Newsletters(ctx, lang)
	if err != nil {
		return err
	}
	recent, err := s.store.ItemsPage(ctx, lang, content.KindNews, nil, nil, sitemapRecentNews)
	if err != nil {
		return err
	}
	news := recent.Items
	total, err := s.countItems(ctx, lang, content.KindNews)
	if err != nil {
		return err
	}
	shown := latest(latest(newestOf(pages), newestOf(news)), issuesDate(issues))
	if err := s.touchList(ctx, &b, shown, content.KindNews, content.KindNewsletter, content.KindPage); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageSitemap, view.NewSitemap(b, pages, issues, news, total))
}
