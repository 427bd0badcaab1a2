package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/httpx"
)

// requireLanguage answers 404 for a first path segment that is not a site
// language.
func (s *Server) requireLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.bundle.Get(chi.URLParam(r, "lang")) == nil {
			s.errs.Error(w, r, httpx.ErrNotFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}
