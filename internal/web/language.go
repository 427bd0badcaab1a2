package web

import (
	"net/http"
	"strings"

	"vestnik/internal/httpx"
	"vestnik/internal/i18n"

	"github.com/go-chi/chi/v5"
)

// negotiate answers "/" with a redirect to a language's home: the cookie
// first, then Accept-Language. Only "/" negotiates; deep links never move.
func (s *Server) negotiate(w http.ResponseWriter, r *http.Request) error {
	lang := s.visitorLang(w, r)
	w.Header().Set("Cache-Control", "private, no-cache")
	http.Redirect(w, r, "/"+lang+"/", http.StatusFound)
	return nil
}

// visitorLang is the language the visitor prefers among the site's: the
// switcher's cookie, then Accept-Language, then the default. The answer
// varies by both, and says so.
func (s *Server) visitorLang(w http.ResponseWriter, r *http.Request) string {
	cookie := ""
	if c, err := r.Cookie(i18n.Cookie); err == nil {
		cookie = c.Value
	}
	w.Header().Add("Vary", "Accept-Language, Cookie")
	return s.bundle.Negotiate(cookie, r.Header.Get("Accept-Language"))
}

// withQuery is a local path with the request's query string, as a
// redirect that keeps a link's parameters (a token, tracking) needs it.
func withQuery(path string, r *http.Request) string {
	if r.URL.RawQuery == "" {
		return path
	}
	return path + "?" + r.URL.RawQuery
}

// switchLanguage is the language switcher's link: it remembers the choice
// in a cookie and goes on to the page in that language (a local path in
// that language only, so it cannot be used as an open redirect).
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	if s.bundle.Get(lang) == nil {
		return httpx.ErrNotFound
	}
	next := r.URL.Query().Get("next")
	if !localPathIn(lang, next) {
		next = "/" + lang + "/"
	}
	http.SetCookie(w, &http.Cookie{
		Name: i18n.Cookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, next, http.StatusFound)
	return nil
}

// localPathIn reports whether p is a plain local path under /{lang}/.
func localPathIn(lang, p string) bool {
	return strings.HasPrefix(p, "/"+lang+"/") && !strings.Contains(p, "//") &&
		!strings.ContainsAny(p, "\\\r\n\t") && !strings.Contains(p, "/../") && !strings.HasSuffix(p, "/..")
}
