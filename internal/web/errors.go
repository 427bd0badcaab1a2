package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/view"
)

// handle adapts a handler that returns an error.
func (s *Server) handle(fn httpx.HandlerFunc) http.HandlerFunc { return s.errs.Handle(fn) }

// errorPage is the public error page: localized in the language of the
// path, with the hotline banner and the menu. When the database is the
// problem, the numbers and menu last read will do.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	lang := s.langOf(w, r)
	key := view.ErrorKey(status)
	if status == http.StatusTooManyRequests {
		key = "search.busy" // the public site's only limit
	}
	b := s.basePage(r, lang, "", "")
	// The switcher leads to the other languages' home pages: the same
	// address there is no more likely to exist.
	for _, code := range s.bundle.Codes() {
		if code != lang {
			b.Switch = append(b.Switch, view.Link{Lang: code, Name: s.bundle.Get(code).Tr("language.self"), Href: switchHref(code, "/"+code+"/")})
		}
	}
	data := view.NewError(b, status, key)
	if status == http.StatusTooManyRequests && strings.HasSuffix(r.URL.Path, "/search") {
		data.Query = r.URL.Query().Get("q") // what was typed, to search again
	}
	c := s.cachedChrome(lang)
	// The database is away (503), or the client asks too often (429):
	// the banner and menu last read will do.
	if status != http.StatusServiceUnavailable && status != http.StatusTooManyRequests {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), time.Second)
		if fresh, _, err := s.chrome(ctx, lang); err == nil {
			c = fresh
		}
		cancel()
	}
	read := c.menu != nil
	if !read {
		// Never read since this process started: the built-in sections.
		c.menu = []content.MenuLink{{Section: "news"}, {Section: "newsletters"}, {Section: "hotline"}}
	}
	withChrome(&data.Base, r, c)
	if read {
		// Rendered once per generation, as other pages' chrome: a bot's
		// run of 404s or 429s costs little more than the page's own
		// lines. Should it fail, the page renders its chrome itself.
		data.Chrome, _ = s.chromeHTML(c.gen, data.Base)
	}
	httpx.WriteErrorPage(w, r, s.log, s.views, status, view.PageError, data)
}

// langOf is the site language of the request's path; for a path outside
// every language (/foo), the visitor's as "/" would choose it: the cookie,
// then Accept-Language (and the answer varies by them).
func (s *Server) langOf(w http.ResponseWriter, r *http.Request) string {
	lang := chi.URLParam(r, "lang")
	if lang == "" {
		seg := strings.TrimPrefix(r.URL.Path, "/")
		if i := strings.IndexByte(seg, '/'); i >= 0 {
			seg = seg[:i]
		}
		lang = seg
	}
	if s.bundle.Get(lang) == nil {
		return s.visitorLang(w, r)
	}
	return lang
}
