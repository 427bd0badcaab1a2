// Package admin is the CMS under /admin: editors' sessions and their
// middleware, roles, the admin's error page, one route table (routes.go)
// and one file per page or action. The public site mounts it as an
// http.Handler; it shares only internal/httpx with it.
package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"vestnik/internal/auth"
	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// Config is what the admin is built from; main wires it.
type Config struct {
	Store   *store.Store
	Bundle  *i18n.Bundle
	Views   *view.Renderer
	BaseURL *url.URL // the site's origin, trusted for form posts
	Logger  *slog.Logger
	// Sessions holds editors' sessions (NewSessions).
	Sessions *scs.SessionManager
	// Markdown renders editors' text for saving and preview.
	Markdown *markdown.Renderer
	// TrustedProxies are the addresses whose X-Forwarded-For is believed.
	TrustedProxies httpx.Proxies
	// UploadLimit caps an uploaded file, in bytes.
	UploadLimit int64
	// Purge is called when a logged-in user's write succeeded, before the
	// answer is sent, so the editor sees the public site fresh (optional);
	// PurgeEntries instead when the write was to these entries only
	// (optional: Purge).
	Purge        func()
	PurgeEntries func(ids ...int64)
	// MailQueued wakes the mail sender when a message is queued (optional).
	MailQueued func()
	// MailServer names the SMTP server mail goes through ("": the
	// development outbox); MailRate is the sender's messages per minute
	// (0: not shown).
	MailServer string
	MailRate   int
	// TrashDays is how long an entry stays in the trash before it is
	// deleted for good (0: until someone deletes it; see EmptyTrashEvery).
	TrashDays int
	// Now is the clock of two-factor codes and login throttling (nil:
	// time.Now); tests set it to step through time without waiting.
	Now func() time.Time
}

// server holds what the CMS's handlers share.
type server struct {
	store        *store.Store
	bundle       *i18n.Bundle
	views        *view.Renderer
	log          *slog.Logger
	sessions     *scs.SessionManager
	md           *markdown.Renderer
	proxies      httpx.Proxies
	uploadLimit  int64
	purge        func()
	purgeEntries func(ids ...int64)
	mailQueued   func()
	mailServer   string
	mailRate     int
	trashDays    int
	now          func() time.Time

	errs *httpx.Adapter
}

// New builds the CMS: the router of the paths under /admin, where the
// public site mounts it.
func New(cfg Config) (chi.Router, error) {
	if cfg.Store == nil || cfg.Bundle == nil || cfg.Views == nil || cfg.BaseURL == nil ||
		cfg.Sessions == nil || cfg.Markdown == nil {
		return nil, errors.New("admin: incomplete config")
	}
	if cfg.UploadLimit <= 0 {
		cfg.UploadLimit = 20 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	nothing := func() {}
	if cfg.Purge == nil {
		cfg.Purge = nothing
	}
	if cfg.PurgeEntries == nil {
		cfg.PurgeEntries = func(...int64) { cfg.Purge() }
	}
	if cfg.MailQueued == nil {
		cfg.MailQueued = nothing
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &server{
		store: cfg.Store, bundle: cfg.Bundle, views: cfg.Views, log: cfg.Logger,
		sessions: cfg.Sessions, md: cfg.Markdown, proxies: cfg.TrustedProxies, uploadLimit: cfg.UploadLimit,
		purge: cfg.Purge, purgeEntries: cfg.PurgeEntries, mailQueued: cfg.MailQueued, mailServer: cfg.MailServer, mailRate: cfg.MailRate,
		trashDays: cfg.TrashDays, now: cfg.Now,
	}
	s.errs = &httpx.Adapter{Log: cfg.Logger, Page: s.errorPage}
	return s.routes(cfg.BaseURL.String()), nil
}

// handle adapts a handler that returns an error.
func (s *server) handle(fn httpx.HandlerFunc) http.HandlerFunc { return s.errs.Handle(fn) }

// errorPage is the admin's error page, in the user's language.
func (s *server) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	b := s.base(r, "")
	if currentUser(r.Context()) == nil {
		// Outside the logged-in routes (an unknown address), the page
		// still speaks the language of the user the session belongs to.
		if uid := s.sessionUserID(r.Context()); uid != 0 {
			if u, err := s.store.UserByID(r.Context(), uid); err == nil && s.bundle.Get(u.Lang) != nil {
				b.T, b.Lang = s.bundle.Get(u.Lang), u.Lang
			}
		}
	}
	key := view.ErrorKey(status)
	data := view.AdminError{AdminBase: b, Status: status, Heading: b.T.Tr(key + ".title"), Message: b.T.Tr(key + ".text")}
	if secs, err := strconv.Atoi(w.Header().Get("Retry-After")); err == nil && status == http.StatusTooManyRequests {
		data.Message = b.T.Plural("admin.login.throttled", (secs+59)/60) // how long, as the login form says
	}
	if status == http.StatusUnauthorized {
		// Back to the page the refused form was on, once logged in.
		next := "/admin/"
		if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
			next = auth.LocalRedirect(ref.RequestURI())
		}
		data.LoginHref = "/admin/login?next=" + url.QueryEscape(next)
	}
	data.Title = data.Heading
	httpx.WriteErrorPage(w, r, s.log, s.views, status, view.PageAdminError, data)
}

// sessionUserID is the user of the request's session, or 0 — also where
// the session is not loaded yet (a request refused before that, such as a
// cross-origin post: scs panics when asked there).
func (s *server) sessionUserID(ctx context.Context) (id int64) {
	defer func() {
		if recover() != nil {
			id = 0
		}
	}()
	return s.sessions.GetInt64(ctx, sessUserID)
}
