package web

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/assets"
	"vestnik/internal/content"
	"vestnik/internal/feed"
	"vestnik/internal/httpx"
)

// routes is the one route table of the site.
func (s *Server) routes() *chi.Mux {
	r := chi.NewRouter() // logging and security headers wrap the router: see New
	r.NotFound(s.handle(httpx.NotFound))
	s.allowed, s.ownPaths = httpx.Allowed(r, ""), httpx.Allowed(r, "", "/{lang}")
	r.MethodNotAllowed(s.handle(httpx.MethodNotAllowed(s.allowed)))
	// The CMS has its own sessions, protection against cross-site posts and
	// error pages.
	r.Mount("/admin", s.admin)

	r.Group(func(r chi.Router) {
		r.Use(s.errs.CrossOriginProtection(s.base))

		r.Get("/", s.handle(s.negotiate))
		r.Get("/lang/{lang}", s.handle(s.switchLanguage))
		r.Get("/healthz", s.healthz)
		r.Get("/readyz", s.readyz)
		if s.metrics != nil {
			r.Method(http.MethodGet, "/metrics", s.metrics)
		}
		r.Handle(assets.Prefix+"*", s.assets)
		r.Get("/media/{hash}/{filename}", s.handle(s.media))
		r.Get("/img/{hash}/{spec}/{name}", s.handle(s.image))
		r.With(s.cache.Middleware).Get("/sitemap.xml", s.handle(s.sitemapIndex))
		r.With(s.cache.Middleware).Get("/sitemaps/{name}", s.handle(s.sitemapFile))
		r.With(s.cache.Middleware).Get("/robots.txt", s.robots)
		for path, f := range feedGuesses {
			r.Get(path, s.handle(s.feedGuess(f)))
		}

		r.Route("/{lang}", func(r chi.Router) {
			r.Use(s.requireLanguage, s.cache.Middleware)
			r.Get("/", s.handle(s.home))
			r.Get("/news", redirectSlash)
			r.Get("/news/", s.handle(s.newsList))
			r.Get("/news/{slug}", s.handle(s.newsItem))
			r.Get("/news/{slug}/", s.dropSlash(content.KindNews))
			r.Get("/newsletters", redirectSlash)
			r.Get("/newsletters/", s.handle(s.newsletterList))
			r.Get("/newsletters/{slug}", s.handle(s.newsletterItem))
			r.Get("/newsletters/{slug}/", s.dropSlash(content.KindNewsletter))
			r.Get("/hotline", s.handle(s.hotline))
			r.Get("/sitemap", s.handle(s.sitemapHTML))
			for _, f := range []feed.Format{feed.RSS, feed.Atom, feed.JSON} {
				r.Get("/"+string(f), s.handle(s.feed("", f)))
				r.Get("/news/"+string(f), s.handle(s.feed("news", f)))
				r.Get("/newsletters/"+string(f), s.handle(s.feed("newsletters", f)))
			}
			r.Get("/feeds", s.handle(s.feedsPage))
			r.Get("/feed", langFeedGuess)
			r.Get("/search", s.handle(s.search))
			r.Get("/opensearch.xml", s.handle(s.openSearch))
			r.Get("/unavailable/{id}", s.handle(s.untranslated))
			// Email subscriptions. Every GET page here is the same for
			// everyone (the page cache keeps it, keyed without the query): a
			// page reached by a signed link shows one form, without an
			// action, so it posts to its own address, link included, and
			// only the answer to that POST is personal. Mail scanners that
			// open links therefore neither change nor learn anything.
			r.Get("/subscribe", s.handle(s.subscribeForm))
			r.Post("/subscribe", s.handle(s.subscribe))
			r.Get("/subscribe/sent", s.handle(s.subscribeSent))
			r.Get("/subscribe/confirm", s.handle(s.subscribeConfirmForm))
			r.Post("/subscribe/confirm", s.handle(s.subscribeConfirm))
			r.Get("/subscription", s.handle(s.subscriptionForm))
			r.Post("/subscription", s.handle(s.subscriptionUpdate))
			r.Get("/subscription/unsubscribe", s.handle(s.unsubscribeForm))
			r.Post("/subscription/unsubscribe", s.handle(s.unsubscribeOneClick))
			r.Get("/{slug}", s.handle(s.pageBySlug))
			r.Get("/{slug}/", s.dropSlash(content.KindPage))
		})
	})
	return r
}

// redirectSlash sends /en/news to /en/news/ and /en to /en/.
func redirectSlash(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
}

// dropSlash sends an entry's address with a slash at its end to the
// address itself, built from its language and slug (never from the path,
// whose escapes could make it another site's), lower-cased; anything that
// is no slug is not found.
func (s *Server) dropSlash(kind content.Kind) http.HandlerFunc {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		slug := strings.ToLower(chi.URLParam(r, "slug"))
		if !content.ValidSlug(slug) {
			return httpx.ErrNotFound
		}
		http.Redirect(w, r, withQuery(content.EntryPath(chi.URLParam(r, "lang"), kind, slug, ""), r), http.StatusMovedPermanently)
		return nil
	})
}
