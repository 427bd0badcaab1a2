// Package web owns Vestnik's HTTP surface: the route table (routes.go),
// middleware, the error adapter, and one file per page or action. Handlers
// return errors to one adapter (errors.go); they never write SQL.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"golang.org/x/sync/singleflight"

	"vestnik/internal/assets"
	"vestnik/internal/content"
	"vestnik/internal/i18n"
	"vestnik/internal/mail"
	"vestnik/internal/markdown"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// Config is what the server is built from; main wires it.
type Config struct {
	Store   *store.Store
	Bundle  *i18n.Bundle
	Views   *view.Renderer
	Assets  *assets.Assets
	BaseURL *url.URL // absolute URLs come only from here
	Logger  *slog.Logger
	// Ready reports whether the server can serve: database reachable and
	// schema current (/readyz).
	Ready func(context.Context) error
	// Sessions holds editors' sessions (loaded only under /admin).
	Sessions *scs.SessionManager
	// Markdown renders editors' text for saving and preview.
	Markdown *markdown.Renderer
	// TrustedProxies are the addresses whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// UploadLimit caps an uploaded file, in bytes.
	UploadLimit int64
	// Cache keeps rendered public pages (nil: a disabled cache).
	Cache *pagecache.Cache
	// CacheControl is the Cache-Control of public pages.
	CacheControl string
	// Signer signs and checks the links of subscription mail (nil: a key
	// generated once and kept in the database).
	Signer *mail.Signer
	// MailQueued wakes the mail sender when a message is queued (optional).
	MailQueued func()
	// MailServer names the SMTP server mail goes through, for the admin
	// ("": the development outbox); MailRate is the sender's messages per
	// minute (0: not shown).
	MailServer string
	MailRate   int
}

// Server handles every request of the site.
type Server struct {
	store  *store.Store
	bundle *i18n.Bundle
	views  *view.Renderer
	assets *assets.Assets
	base   string // BASE_URL without trailing slash
	secure bool   // BASE_URL is https
	log    *slog.Logger
	ready  func(context.Context) error
	router *chi.Mux

	sessions    *scs.SessionManager
	md          *markdown.Renderer
	proxies     []netip.Prefix
	uploadLimit int64

	cache              *pagecache.Cache
	cacheControl       string
	cacheControlHeader []string
	flight             singleflight.Group // one render per page at a time
	handler            http.Handler       // logging and headers around serveCached, then the router
	purged             chan struct{}      // wakes WatchSchedule
	counts             sync.Map           // countKey → countMemo

	// lastHotlines keeps the last hotline numbers read per language, so
	// the banner stays on error pages when the database does not answer.
	hotMu        sync.RWMutex
	lastHotlines map[string][]content.Hotline

	mail *mailSetup // subscription links and the sender (subscribe.go)
}

// New builds the server and its routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Bundle == nil || cfg.Views == nil || cfg.Assets == nil || cfg.BaseURL == nil ||
		cfg.Sessions == nil || cfg.Markdown == nil {
		return nil, errors.New("web: incomplete config")
	}
	if cfg.UploadLimit <= 0 {
		cfg.UploadLimit = 20 << 20
	}
	if cfg.Cache == nil {
		cfg.Cache = pagecache.New(0)
	}
	if cfg.CacheControl == "" {
		cfg.CacheControl = DefaultCacheControl
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Ready == nil {
		cfg.Ready = cfg.Store.Ping
	}
	s := &Server{
		store:        cfg.Store,
		bundle:       cfg.Bundle,
		views:        cfg.Views,
		assets:       cfg.Assets,
		base:         cfg.BaseURL.String(),
		secure:       cfg.BaseURL.Scheme == "https",
		log:          cfg.Logger,
		ready:        cfg.Ready,
		lastHotlines: map[string][]content.Hotline{},
		sessions:     cfg.Sessions,
		md:           cfg.Markdown,
		proxies:      cfg.TrustedProxies,
		uploadLimit:  cfg.UploadLimit,
		cache:        cfg.Cache,
		cacheControl: cfg.CacheControl,
		purged:       make(chan struct{}, 1),
		mail:         newMailSetup(cfg),
	}
	s.cacheControlHeader = []string{s.cacheControl}
	s.router = s.routes()
	// Every response is logged and carries the security headers; a cached
	// public page is answered before routing, which is most of the traffic.
	s.handler = s.logRequests(securityHeaders(s.secure)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.serveCached(w, r) {
			s.router.ServeHTTP(w, r)
		}
	})))
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// DefaultCacheControl lets browsers reuse a public page for a minute and a
// CDN for five, serving it stale for ten more while it fetches a new one.
const DefaultCacheControl = "public, max-age=60, s-maxage=300, stale-while-revalidate=600"

// startTime stands for Last-Modified of what changes only with a release.
var startTime = time.Now()

// Routes exposes the route table, so tests can walk every route.
func (s *Server) Routes() chi.Routes { return s.router }

// abs makes an absolute URL from a path, from BASE_URL only.
func (s *Server) abs(path string) string { return s.base + path }
