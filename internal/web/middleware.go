package web

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/httpx"
)

// requireLanguage answers 404 for a first path segment that is not a site
// language.
func (s *Server) requireLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := chi.URLParam(r, "lang")
		// A language code in capitals (/EN/…, typed from print or
		// upper-cased by a mail client) leads to the page, as a slug in
		// capitals does.
		if lower := strings.ToLower(lang); lower != lang && s.bundle.Get(lower) != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			if rest, ok := strings.CutPrefix(httpx.EscapedPath(r), "/"+lang); ok {
				http.Redirect(w, r, withQuery("/"+lower+rest, r), http.StatusMovedPermanently)
				return
			}
		}
		if s.bundle.Get(lang) == nil {
			// A language turned off still has subscribers holding its
			// signed links (unsubscribe, manage, confirm): they go on,
			// with their token and method (307), in the default language.
			if rest, ok := strings.CutPrefix(r.URL.Path, "/"+lang+"/"); ok && s.bundle.Known(lang) != nil &&
				(strings.HasPrefix(rest, "subscription") || strings.HasPrefix(rest, "subscribe/confirm")) {
				http.Redirect(w, r, withQuery("/"+s.bundle.Default()+"/"+rest, r), http.StatusTemporaryRedirect)
				return
			}
			// Not a language: a path of its own ("/sitemap.xml") asked
			// with another method is a 405, as the router answers it.
			if allow := s.ownPaths(httpx.EscapedPath(r)); len(allow) > 0 && r.Method != http.MethodGet && r.Method != http.MethodHead {
				w.Header().Set("Allow", strings.Join(allow, ", "))
				s.errs.Error(w, r, httpx.ErrMethodNotAllowed)
				return
			}
			s.errs.Error(w, r, httpx.ErrNotFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}
