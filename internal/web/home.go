package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// homeNewsCount is how many news items the home page shows.
const homeNewsCount = 5

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	if r.URL.Path != "/"+lang+"/" {
		redirectSlash(w, r)
		return nil
	}
	b, err := s.pageBase(r, lang, "home", "")
	if err != nil {
		return err
	}
	data := view.Home{Base: b}
	ctx := r.Context()
	news, _, err := s.store.ItemsPage(ctx, lang, content.KindNews, nil, nil, homeNewsCount)
	if err != nil {
		return err
	}
	nl, err := s.store.LatestNewsletter(ctx, lang)
	switch {
	case err == nil:
		data.Newsletter = &nl
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	// One query for the thumbnails of the news and the cover.
	leads := make([]int64, 0, len(news)+1)
	for _, it := range news {
		leads = append(leads, it.LeadImageID)
	}
	if data.Newsletter != nil {
		leads = append(leads, nl.LeadImageID)
	}
	set, err := s.photos(ctx, leads)
	if err != nil {
		return err
	}
	data.News = s.teasersOf(set, lang, news)
	if data.Newsletter != nil {
		data.Cover = set.Thumb(nl.LeadImageID, lang)
	}
	about, err := s.store.ItemByKey(ctx, lang, "about")
	switch {
	case err == nil:
		data.About = &about
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	shown := slices.Clone(news)
	if data.Newsletter != nil {
		shown = append(shown, data.Newsletter.Item)
	}
	if data.About != nil {
		shown = append(shown, *data.About)
	}
	if err := s.touchList(ctx, &data.Base, shown, content.KindNews, content.KindNewsletter, content.KindPage); err != nil {
		return err
	}
	data.Description = b.T.Tr("site.description")
	addLD(&data.Base, ldWebSite{
		Context: schemaOrg, Type: "WebSite", Name: b.SiteName, URL: s.abs("/" + lang + "/"),
		InLanguage: lang, Publisher: s.organization(lang),
		PotentialAction: ldSearchAction{Type: "SearchAction", Target: s.abs("/"+lang+"/search") + "?q={search_term_string}",
			QueryInput: "required name=search_term_string"},
	})
	return s.render(w, http.StatusOK, view.PageHome, data)
}
