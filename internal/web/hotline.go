package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// hotline lists the numbers with their hours and the advice page's text.
func (s *Server) hotline(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	b, err := s.pageBase(r, lang, "hotline", "")
	if err != nil {
		return err
	}
	b.Title, b.Description = b.T.Tr("hotline.title"), b.T.Tr("hotline.intro")
	s.hotlineMeta(&b)
	var found *content.Item
	advice, err := s.store.ItemByKey(r.Context(), lang, content.SystemKeyHotline)
	switch {
	case err == nil:
		// Its figures and {{hotlines}}, as on any page (and its preview).
		set, err := s.photos(r.Context(), nil, advice.BodyHTML)
		if err != nil {
			return err
		}
		advice.BodyHTML = view.HotlinesInto(expand(set, advice.BodyHTML, lang), b.Hotlines, b.T)
		found = &advice
		pagecache.Tag(r.Context(), advice.ID)
		b.Touch(view.ItemDate(advice))
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	return s.render(w, http.StatusOK, view.PageHotline, view.NewHotline(b, found))
}
