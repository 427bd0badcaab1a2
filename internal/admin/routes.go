package admin

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/httpx"
)

// routes is the one route table of the admin. The public site mounts it at
// /admin: the patterns here are relative to that, while r.URL.Path (and so
// every redirect) keeps the whole path.
func (s *server) routes(origin string) chi.Router {
	r := chi.NewRouter()
	// Sessions are loaded here only: the public site never touches them.
	r.Use(noStore, s.errs.Recover, s.errs.CrossOriginProtection(origin), slashAdmin, s.loadSession)
	r.NotFound(s.handle(httpx.NotFound))
	r.MethodNotAllowed(s.handle(httpx.MethodNotAllowed(httpx.Allowed(r, "/admin"))))
	r.Get("/login", s.handle(s.loginForm))
	r.Post("/login", s.handle(s.login))
	r.Get("/login/totp", s.handle(s.loginTOTPForm))
	r.Post("/login/totp", s.handle(s.loginTOTP))

	r.Group(func(r chi.Router) {
		r.Use(s.requireUser, s.requireTwoFactor)
		// Posts that change nothing public: the live preview (sent as the
		// editor types) and the "who has this open" heartbeat. They must
		// not empty the page cache.
		r.Post("/preview", s.handle(s.preview))
		r.Post("/entries/{id}/presence", s.handle(s.entryPresence))
		r.Group(s.people)

		// Everything else: a logged-in user's successful write purges the
		// page cache; nobody else's request can (a login POST must not
		// empty it).
		r.Group(s.writes)
	})
	return r
}

// people are the routes about accounts and subscribers, not pages: their
// posts change nothing public and leave the page cache as it is.
func (s *server) people(r chi.Router) {
	r.Post("/logout", s.handle(s.logout))
	r.Get("/session", sessionAlive)

	// The account: name, password, language, review notices, two-factor login.
	r.Get("/account", s.handle(s.account))
	r.Post("/account/name", s.handle(s.accountName))
	r.Post("/account/password", s.handle(s.accountPassword))
	r.Post("/account/lang", s.handle(s.accountLang))
	r.Post("/account/review-mail", s.handle(s.accountReviewMail))
	r.Get("/account/totp", s.handle(s.totpSettings))
	r.Post("/account/totp", s.handle(s.totpConfirm))
	r.Post("/account/totp/setup", s.handle(s.totpSetup))
	r.Get("/account/totp/qr.png", s.handle(s.totpQR))
	r.Post("/account/totp/disable", s.handle(s.totpDisable))
	r.Post("/account/totp/recovery", s.handle(s.totpRecovery))

	// Editors: mailing an issue to its subscribers.
	r.With(s.requireEditor).Get("/entries/{id}/send", s.handle(s.newsletterSend))
	r.With(s.requireEditor).Post("/entries/{id}/send", s.handle(s.newsletterSendPost))

	// Admins only: accounts, the audit log, subscribers, the outbox.
	r.Group(func(r chi.Router) {
		r.Use(s.requireAdmin)
		r.Get("/users", s.handle(s.users))
		r.Post("/users/new", s.handle(s.userCreate))
		r.Get("/users/{id}", s.handle(s.user))
		r.Post("/users/{id}/role", s.handle(s.userRole))
		r.Post("/users/{id}/languages", s.handle(s.userLanguages))
		r.Post("/users/{id}/disable", s.handle(s.userDisable))
		r.Post("/users/{id}/enable", s.handle(s.userEnable))
		r.Post("/users/{id}/delete", s.handle(s.userDelete))
		r.Post("/users/{id}/password", s.handle(s.userPassword))
		r.Post("/users/{id}/unlock", s.handle(s.userUnlock))
		r.Post("/users/{id}/totp", s.handle(s.userTOTPRequired))
		r.Post("/users/{id}/identity", s.handle(s.userIdentity))
		r.Post("/users/{id}/totp/reset", s.handle(s.userTOTPReset))
		r.Get("/audit", s.handle(s.audit))
		r.Get("/subscribers", s.handle(s.subscribers))
		r.Post("/subscribers.csv", s.handle(s.subscribersCSV)) // a POST: it is recorded
		r.Get("/subscribers/{id}", s.handle(s.subscriber))
		r.Post("/subscribers/{id}/erase", s.handle(s.subscriberErase))
		r.Post("/subscribers/{id}/unsubscribe", s.handle(s.subscriberUnsubscribe))
		r.Get("/outbox", s.handle(s.outbox))
		r.Get("/outbox/{id}", s.handle(s.outboxItem))
		r.Get("/outbox/{id}/html", s.handle(s.outboxHTML))
	})
}

// writes are the routes whose successful posts purge the page cache.
func (s *server) writes(r chi.Router) {
	r.Use(s.purgeAfterWrites)
	r.Get("/", s.handle(s.dashboard))
	r.Get("/translations", s.handle(s.board))

	// What translators do too (each handler limits them to their
	// languages): open an entry, edit and submit their texts, preview,
	// and the photos' texts in their languages.
	r.Get("/entries/{id}", s.handle(s.entryEdit))
	r.Post("/entries/{id}", s.handle(s.entryUpdate))
	r.Get("/media/photos", s.handle(s.mediaPhotos))
	r.Get("/media/{id}", s.handle(s.mediaItem))
	r.Get("/media/{id}/file", s.handle(s.mediaFile))
	r.Post("/media/{id}", s.handle(s.mediaImageSave))

	// Editors and admins: content, publication, the media library,
	// hotline numbers.
	r.Group(func(r chi.Router) {
		r.Use(s.requireEditor)
		r.Get("/entries", s.handle(s.entries))
		r.Get("/entries/new", s.handle(s.entryNew))
		r.Post("/entries/new", s.handle(s.entryCreate))
		r.Post("/entries/bulk", s.handle(s.entriesBulk))
		r.Post("/entries/{id}/unpublish", s.handle(s.entryUnpublish))
		r.Post("/entries/{id}/publish", s.handle(s.entryPublish))
		r.Post("/entries/{id}/trash", s.handle(s.entryTrash))
		r.Post("/entries/{id}/untrash", s.handle(s.entryUntrash))
		r.Post("/entries/{id}/delete", s.handle(s.entryDelete))
		r.Get("/trash", s.handle(s.trash))
		r.Post("/trash/empty", s.handle(s.trashEmpty))
		r.Post("/entries/{id}/review/{lang}", s.handle(s.entryReview))
		r.Get("/entries/{id}/preview/{lang}", s.handle(s.entryPreview))
		r.Get("/entries/{id}/revisions", s.handle(s.revisions))
		r.Get("/entries/{id}/revisions/compare", s.handle(s.revisionCompare))
		r.Get("/entries/{id}/revisions/{version}", s.handle(s.revision))
		r.Post("/entries/{id}/revisions/{version}/restore", s.handle(s.revisionRestore))

		r.Get("/media", s.handle(s.media))
		r.Post("/media", s.handle(s.mediaUpload))
		r.Post("/media/{id}/replace", s.handle(s.mediaReplace))
		r.Post("/media/{id}/delete", s.handle(s.mediaDelete))

		r.Get("/hotlines", s.handle(s.hotlines))
		r.Get("/hotlines/new", s.handle(s.hotlineNew))
		r.Post("/hotlines/new", s.handle(s.hotlineCreate))
		r.Get("/hotlines/{id}", s.handle(s.hotlineEdit))
		r.Post("/hotlines/{id}", s.handle(s.hotlineUpdate))
		r.Post("/hotlines/{id}/move", s.handle(s.hotlineMove))
		r.Post("/hotlines/{id}/active", s.handle(s.hotlineActive))
		r.Post("/hotlines/{id}/delete", s.handle(s.hotlineDelete))

		r.Get("/menu", s.handle(s.menu))
		r.Post("/menu", s.handle(s.menuAdd))
		r.Post("/menu/{id}", s.handle(s.menuLabels))
		r.Post("/menu/{id}/move", s.handle(s.menuMove))
		r.Post("/menu/{id}/remove", s.handle(s.menuRemove))
	})

	// Admins only: the site's languages and photo settings, which every
	// page may show.
	r.Group(func(r chi.Router) {
		r.Use(s.requireAdmin)
		r.Get("/languages", s.handle(s.languages))
		r.Post("/languages/{code}", s.handle(s.languageUpdate))
		r.Post("/media/settings", s.handle(s.mediaSettings))
	})
}

// slashAdmin sends /admin to /admin/.
func slashAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/admin" {
			http.Redirect(w, r, "/admin/", http.StatusMovedPermanently)
			return
		}
		next.ServeHTTP(w, r)
	})
}
