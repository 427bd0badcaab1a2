package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/assets"
)

// routes is the one route table of the site.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.logRequests, securityHeaders(s.secure))
	r.NotFound(s.handle(s.notFound))
	r.MethodNotAllowed(s.handle(s.methodNotAllowed))

	r.Get("/", s.handle(s.negotiate))
	r.Get("/lang/{lang}", s.handle(s.switchLanguage))
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Handle(assets.Prefix+"*", s.assets)
	r.Get("/media/{hash}/{filename}", s.handle(s.media))

	r.Route("/{lang}", func(r chi.Router) {
		r.Use(s.requireLanguage)
		r.Get("/", s.handle(s.home))
		r.Get("/news", redirectSlash)
		r.Get("/news/", s.handle(s.newsList))
		r.Get("/news/{slug}", s.handle(s.newsItem))
		r.Get("/newsletters", redirectSlash)
		r.Get("/newsletters/", s.handle(s.newsletterList))
		r.Get("/newsletters/{slug}", s.handle(s.newsletterItem))
		r.Get("/hotline", s.handle(s.hotline))
		r.Get("/sitemap", s.handle(s.sitemapHTML))
		r.Get("/rss.xml", s.handle(s.rss))
		r.Get("/unavailable/{id}", s.handle(s.untranslated))
		r.Get("/{slug}", s.handle(s.pageBySlug))
	})
	return r
}

// redirectSlash sends /en/news to /en/news/ and /en to /en/.
func redirectSlash(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
}
