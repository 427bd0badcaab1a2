package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/assets"
)

// routes is the one route table of the site.
func (s *Server) routes() *chi.Mux {
	r := chi.NewRouter()
	r.Use(s.crossOriginProtection()) // logging and security headers wrap the router: see New
	r.NotFound(s.handle(s.notFound))
	r.MethodNotAllowed(s.handle(s.methodNotAllowed))

	r.Get("/", s.handle(s.negotiate))
	r.Get("/lang/{lang}", s.handle(s.switchLanguage))
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Handle(assets.Prefix+"*", s.assets)
	r.Get("/media/{hash}/{filename}", s.handle(s.media))
	r.With(s.cachePage).Get("/sitemap.xml", s.handle(s.sitemapIndex))
	r.With(s.cachePage).Get("/sitemaps/{name}", s.handle(s.sitemapFile))
	r.With(s.cachePage).Get("/robots.txt", s.robots)

	r.Get("/admin", redirectSlash)
	r.Route("/admin", func(r chi.Router) {
		// Sessions are loaded here only: public pages never touch them.
		r.Use(noStore, s.sessions.LoadAndSave)
		r.Get("/login", s.handle(s.adminLoginForm))
		r.Post("/login", s.handle(s.adminLogin))
		r.Get("/login/totp", s.handle(s.adminLoginTOTPForm))
		r.Post("/login/totp", s.handle(s.adminLoginTOTP))
		r.Group(func(r chi.Router) {
			// A logged-in user's successful write purges the page cache; nobody
			// else's request can (a login POST must not empty it).
			r.Use(s.requireUser, s.requireTwoFactor, s.purgeAfterWrites)
			r.Post("/logout", s.handle(s.adminLogout))
			r.Get("/", s.handle(s.adminDashboard))
			r.Get("/account", s.handle(s.adminAccount))
			r.Post("/account/password", s.handle(s.adminAccountPassword))
			r.Post("/account/lang", s.handle(s.adminAccountLang))
			s.totpRoutes(r)

			r.Get("/entries", s.handle(s.adminEntries))
			r.Get("/entries/new", s.handle(s.adminEntryNew))
			r.Post("/entries/new", s.handle(s.adminEntryCreate))
			r.Get("/entries/{id}", s.handle(s.adminEntryEdit))
			r.Post("/entries/{id}", s.handle(s.adminEntryUpdate))
			r.Post("/entries/{id}/unpublish", s.handle(s.adminEntryUnpublish))
			r.Get("/entries/{id}/revisions", s.handle(s.adminRevisions))
			r.Get("/entries/{id}/revisions/{version}", s.handle(s.adminRevision))
			r.Post("/entries/{id}/revisions/{version}/restore", s.handle(s.adminRevisionRestore))
			r.Post("/preview", s.handle(s.adminPreview))

			s.mediaRoutes(r)
			s.newsletterSendRoutes(r)
			s.hotlineRoutes(r)
			r.Group(func(r chi.Router) {
				r.Use(s.requireAdmin)
				s.userRoutes(r)
				r.Post("/users/{id}/totp", s.handle(s.adminUserTOTPRequired))
				r.Post("/users/{id}/totp/reset", s.handle(s.adminUserTOTPReset))
			})
		})
	})

	r.Route("/{lang}", func(r chi.Router) {
		r.Use(s.requireLanguage, s.cachePage)
		r.Get("/", s.handle(s.home))
		r.Get("/news", redirectSlash)
		r.Get("/news/", s.handle(s.newsList))
		r.Get("/news/{slug}", s.handle(s.newsItem))
		r.Get("/newsletters", redirectSlash)
		r.Get("/newsletters/", s.handle(s.newsletterList))
		r.Get("/newsletters/{slug}", s.handle(s.newsletterItem))
		r.Get("/hotline", s.handle(s.hotline))
		r.Get("/sitemap", s.handle(s.sitemapHTML))
		s.feedRoutes(r)
		r.Get("/feeds", s.handle(s.feedsPage))
		r.Get("/search", s.handle(s.search))
		r.Get("/opensearch.xml", s.handle(s.openSearch))
		r.Get("/unavailable/{id}", s.handle(s.untranslated))
		s.subscriptionRoutes(r)
		r.Get("/{slug}", s.handle(s.pageBySlug))
	})
	return r
}

// crossOriginProtection refuses state-changing requests from other
// origins (Go's CrossOriginProtection: Sec-Fetch-Site, else Origin against
// Host), with the localized 403 page. BASE_URL's origin is trusted, for
// proxies that rewrite Host.
func (s *Server) crossOriginProtection() func(http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	if err := cop.AddTrustedOrigin(s.base); err != nil {
		s.log.Warn("BASE_URL is not a trusted origin", "err", err)
	}
	cop.SetDenyHandler(s.handle(func(w http.ResponseWriter, r *http.Request) error {
		s.log.WarnContext(r.Context(), "cross-origin request refused", "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		return errForbidden
	}))
	return cop.Handler
}

// redirectSlash sends /en/news to /en/news/ and /en to /en/.
func redirectSlash(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
}
