// Package web is the public site: the route table (routes.go), its error
// page (errors.go) and one file per page. It mounts the CMS (internal/admin)
// at /admin as a plain http.Handler and shares only internal/httpx with it,
// so no public page can touch editors' sessions. Handlers return errors to
// one adapter; they never write SQL.
package web

import (
	"cmp"
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/assets"
	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/mail"
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
	// Admin serves everything under /admin (internal/admin; nil: 404).
	Admin http.Handler
	// TrustedProxies are the addresses whose X-Forwarded-For is believed.
	TrustedProxies httpx.Proxies
	// Cache keeps rendered public pages (nil: a disabled cache) and gives
	// them their Cache-Control.
	Cache *pagecache.Cache
	// Signer signs and checks the links of subscription mail (nil: a key
	// generated once and kept in the database).
	Signer *mail.Signer
	// MailQueued wakes the mail sender when a message is queued (optional).
	MailQueued func()
	// FeedItems is how many of the newest items a feed carries (0: 30).
	FeedItems int
	// SearchPerMinute limits the searches one client may ask for a minute
	// that the page cache does not answer (0: 30).
	SearchPerMinute int
	// Metrics, when set, answers GET /metrics (internal/metrics).
	Metrics http.Handler
}

// Server handles every request of the site.
type Server struct {
	store  *store.Store
	bundle *i18n.Bundle
	views  *view.Renderer
	assets *assets.Assets
	base   string // BASE_URL without trailing slash
	// allowed is the methods the site's routes answer on a path (405s);
	// ownPaths the same for the routes outside the languages'.
	allowed, ownPaths func(path string) []string
	secure            bool // BASE_URL is https
	log               *slog.Logger
	ready             func(context.Context) error
	router            *chi.Mux
	errs              *httpx.Adapter

	admin   http.Handler
	proxies httpx.Proxies
	cache   *pagecache.Cache
	handler http.Handler // logging and headers around the cache, then the router
	feedLen int          // items per feed
	// searchLimit limits each client's uncached searches (search.go).
	searchLimit *httpx.ClientLimiter
	metrics     http.Handler
	counts      memo[countKey, int]     // counts.go
	removals    memo[string, time.Time] // by kinds (counts.go)

	// The chrome as read by language and as rendered by kind of page;
	// lastChrome keeps the last hotline numbers and menu read per
	// language beyond their generation, so error pages keep them while
	// the database is away (chrome.go).
	chromeRead memo[string, chrome]
	chromeDone memo[chromeKey, *view.Chrome]
	// The home page's hotline box and its JSON-LD by language (home.go).
	hotlineBoxes memo[string, template.HTML]
	websites     memo[string, template.JS]
	chromeMu     sync.Mutex
	lastChrome   map[string]chrome

	mail *mailSetup // subscription links and the sender (subscribe.go)
}

// New builds the server and its routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Bundle == nil || cfg.Views == nil || cfg.Assets == nil || cfg.BaseURL == nil {
		return nil, errors.New("web: incomplete config")
	}
	if cfg.Cache == nil {
		cfg.Cache = pagecache.New(0)
	}
	if cfg.Admin == nil {
		cfg.Admin = http.NotFoundHandler()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Ready == nil {
		cfg.Ready = cfg.Store.Ping
	}
	s := &Server{
		store:       cfg.Store,
		bundle:      cfg.Bundle,
		views:       cfg.Views,
		assets:      cfg.Assets,
		base:        cfg.BaseURL.String(),
		secure:      cfg.BaseURL.Scheme == "https",
		log:         cfg.Logger,
		ready:       cfg.Ready,
		lastChrome:  map[string]chrome{},
		admin:       cfg.Admin,
		proxies:     cfg.TrustedProxies,
		cache:       cfg.Cache,
		mail:        newMailSetup(cfg),
		feedLen:     cmp.Or(cfg.FeedItems, 30),
		metrics:     cfg.Metrics,
		searchLimit: httpx.NewClientLimiter(cmp.Or(cfg.SearchPerMinute, 30), max(cmp.Or(cfg.SearchPerMinute, 30)/2, 1)),
	}
	s.errs = &httpx.Adapter{Log: s.log, Page: s.errorPage}
	s.router = s.routes()
	s.cache.SetWarmer(s.warm)
	// Every response is logged and carries the security headers; a cached
	// public page is answered before routing, which is most of the traffic.
	s.handler = httpx.LogRequests(s.log, s.errs, s.proxies)(httpx.SecurityHeaders(s.secure)(httpx.HeadAsGet(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.cache.ServeCached(w, r) {
			s.router.ServeHTTP(w, r)
		}
	}))))
	return s, nil
}

// RateLimited counts the requests refused by a per-client limit.
func (s *Server) RateLimited() uint64 { return s.searchLimit.Refused() }

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// startTime stands for Last-Modified of what changes only with a release.
var startTime = time.Now()

// Routes exposes the route table, so tests can walk every route.
func (s *Server) Routes() chi.Routes { return s.router }

// abs makes an absolute URL from a path, from BASE_URL only.
func (s *Server) abs(path string) string { return s.base + path }

// warm renders a public page again after a purge (pagecache.SetWarmer):
// a GET of its key through the router, as a visitor's would be, into the
// cache.
func (s *Server) warm(key string) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, key, nil)
	if err != nil {
		return
	}
	req.RemoteAddr = "127.0.0.1:0"
	s.router.ServeHTTP(discard{header: http.Header{}}, req)
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
