package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"vestnik/internal/admin"
	"vestnik/internal/assets"
	"vestnik/internal/config"
	"vestnik/internal/demo"
	"vestnik/internal/i18n"
	"vestnik/internal/images"
	"vestnik/internal/markdown"
	"vestnik/internal/metrics"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/internal/view"
	"vestnik/internal/web"
	"vestnik/locales"
	"vestnik/migrations"
	"vestnik/static"
	"vestnik/templates"

	"github.com/jackc/pgx/v5/pgxpool"
)

func serve(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	log.Info("starting", "config", cfg)
	if cfg.Dev {
		// Dev mode reads these from the checkout, so an edit shows on reload.
		for _, dir := range []string{"templates", "static", "locales"} {
			if _, err := os.Stat(dir); err != nil {
				return fmt.Errorf("DEV=true reads templates/, static/ and locales/ from the working directory: run it from the checkout, or without DEV (%w)", err)
			}
		}
	}
	// The address first: one that is taken fails the start at once,
	// before anything holds a database connection.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	// Photos are processed by the images worker: a site without it would
	// fail at an editor's first upload, so it does not start.
	worker, err := images.Check(ctx)
	if err != nil {
		return fmt.Errorf("%w (make build puts it in bin/; a deployment ships it beside vestnik)", err)
	}
	if !worker.Confined {
		log.Warn("the images worker runs without its seccomp filter (this kernel refused it): a decoder taken over by a crafted file could reach the network")
	}
	defer images.Stop()
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	st := store.New(pool)
	st.LogOutages(log)
	// The pool is closed by the shutdown's deadline, when there is one.
	closeBy := time.Time{}
	defer func() {
		if closeBy.IsZero() {
			closeBy = time.Now().Add(cfg.ShutdownTimeout)
		}
		closePool(pool, st, closeBy, log)
	}()
	// Whatever ends the server stops what reads the database first
	// (deferred after closePool, so run before it): the pool waits for
	// every connection to come back.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	md := markdown.New()
	if cfg.Demo {
		loaded, err := demo.Load(ctx, st, md)
		if err != nil {
			return err
		}
		if loaded {
			log.Info("demo content loaded into the empty database")
		}
		if err := demoAdmin(ctx, cfg, st, log); err != nil {
			return err
		}
	}
	langs, err := st.Languages(ctx)
	if err != nil {
		return err
	}
	var tmplFS, staticFS, localeFS fs.FS = templates.FS, static.FS, locales.FS
	if cfg.Dev {
		tmplFS, staticFS, localeFS = os.DirFS("templates"), os.DirFS("static"), os.DirFS("locales")
	}
	bundle, err := i18n.ForSite(localeFS, langs, cfg.Location)
	if err != nil {
		return err
	}
	as, err := assets.New(staticFS, cfg.Dev)
	if err != nil {
		return err
	}
	views, err := view.New(tmplFS, cfg.Dev, as.URL)
	if err != nil {
		return err
	}
	mailer, err := newMailer(ctx, cfg, st, bundle, log)
	if err != nil {
		return err
	}
	cache := pagecache.New(cfg.CacheBytes)
	keepUnder(ctx, cfg, cache, log)
	cache.SetCacheControl(cfg.CacheControl)
	cache.SetOutageLimit(cfg.CacheOutageMax)
	cms, err := admin.New(admin.Config{
		Store: st, Bundle: bundle, Views: views, BaseURL: cfg.BaseURL, Logger: log,
		Sessions: admin.NewSessions(st, pool, cfg.BaseURL.Scheme == "https", 10*time.Minute),
		Markdown: md, TrustedProxies: cfg.TrustedProxies, UploadLimit: cfg.UploadLimit,
		Purge: cache.Purge, PurgeEntries: cache.PurgeEntries, MailQueued: mailer.sender.Wake, MailServer: mailer.server, MailRate: cfg.MailRate,
		TrashDays: cfg.TrashDays,
	})
	if err != nil {
		return err
	}
	var srv *web.Server
	meter := metrics.New(metrics.Sources{Cache: cache, Pool: pool, MailPending: st.MailPending,
		Refused: func() uint64 { return srv.RateLimited() }})
	srv, err = web.New(web.Config{
		Store: st, Bundle: bundle, Views: views, Assets: as, BaseURL: cfg.BaseURL, Logger: log,
		Admin: cms, TrustedProxies: cfg.TrustedProxies, Cache: cache, FeedItems: cfg.FeedItems, SearchPerMinute: cfg.SearchPerMinute,
		Signer: mailer.signer, MailQueued: mailer.sender.Wake, Metrics: meter.Handler(cfg.MetricsToken),
		Ready: func(ctx context.Context) error {
			ok, err := store.SchemaCurrent(ctx, pool, migrations.FS)
			if err == nil && !ok {
				err = errors.New("schema is not current")
			}
			return err
		},
	})
	if err != nil {
		return err
	}
	hs := &http.Server{
		Addr:              cfg.Addr,
		Handler:           meter.Middleware(srv),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Caches stay correct: every change to content, from this instance or
	// another, notifies; scheduled entries appear on time. A change to one
	// entry drops only what may show it.
	// Through an outage cached pages stay up: nothing is purged while the
	// listener is away, everything once it is back.
	// A language turned on or off (or renamed) elsewhere is served here
	// too: read again at every change that is not one entry's, and when
	// the listener is back after a loss (changes meanwhile went unheard).
	languages := func() {
		if codes, names, err := st.EnabledLanguages(ctx); err == nil {
			if err := bundle.Enable(codes); err != nil {
				log.Error("languages", "err", err)
			}
			bundle.SetNames(names)
		}
	}
	go st.ListenContent(ctx, log, store.ContentEvents{
		Changed: func(entry int64) {
			if entry == 0 {
				languages()
			}
			cache.Changed(entry)
		},
		Lost: func(error, int) { cache.DatabaseLost(time.Now()) },
		Back: func() {
			languages()
			cache.DatabaseBack()
		},
	})
	go cache.WatchSchedule(ctx, st.Schedule)
	go mailer.run(ctx)
	go admin.EmptyTrashEvery(ctx, st, cfg.TrashDays, log)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("serving", "addr", cfg.Addr, "url", cfg.BaseURL.String()+"/", "cache_mb", cfg.CacheBytes>>20)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// SIGTERM: stop accepting, let requests in flight finish, then close the pool.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	closeBy, _ = sctx.Deadline()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	mailer.wait(sctx) // the sender finishes the message it is sending
	log.Info("stopped")
	return nil
}

// closePool takes leave of the database on each connection. pgx gives
// each connection 15 s to say goodbye, one after another: with the
// database hung, a server told to stop waited that long per connection
// after it had logged "stopped". It waits until by at most, and not at
// all when the store has found the database unreachable: the process's
// exit closes the connections all the same.
func closePool(pool *pgxpool.Pool, st *store.Store, by time.Time, log *slog.Logger) {
	closed := make(chan struct{})
	go func() {
		pool.Close()
		close(closed)
	}()
	if down, _ := st.Down(); down {
		log.Warn("database unreachable: its connections are left to close with the process")
		return
	}
	select {
	case <-closed:
	case <-time.After(time.Until(by)):
		log.Warn("database connections not closed in time: left to close with the process")
	}
}

// demoAdmin gives a demo on a laptop a development admin, its password
// printed once. A public site's logs carry no password: there, an empty
// database gets no account, and the log says how to make the first one
// with the CLI, which prints its password on the operator's terminal.
func demoAdmin(ctx context.Context, cfg *config.Config, st *store.Store, log *slog.Logger) error {
	if cfg.Public() {
		n, err := st.CountUsers(ctx)
		if err == nil && n == 0 {
			log.Warn("no account yet, and DEMO=true on a public site makes none (its password would be in the log)",
				"first_admin", "vestnik user create --email you@your.site --role admin (prints a generated password once)",
				"new_password", "vestnik user reset-password --email you@your.site")
		}
		return err
	}
	email, password, err := demo.DevAdmin(ctx, st)
	if err != nil {
		return err
	}
	if password != "" {
		fmt.Fprintf(os.Stderr, "\n  Development admin created: log in at %s/admin/login\n  e-mail:   %s\n  password: %s\n  (shown once)\n\n",
			cfg.BaseURL, email, password)
	}
	return nil
}

// keepUnder holds the server's resident memory under CACHE_MB + 32 MiB:
// the cache takes what the rest of the server leaves of that (about 18 MB
// of pages at CACHE_MB=32 on the bench database), where a cache of the
// full CACHE_MB made a process of about 80 MB (the binary's code, the
// rest of the heap and the collector's room come on top). With GOMEMLIMIT
// set, the cache takes three quarters of that limit less the rest of the
// heap instead. Without a cache there is nothing to hold.
func keepUnder(ctx context.Context, cfg *config.Config, cache *pagecache.Cache, log *slog.Logger) {
	if cfg.CacheBytes == 0 {
		return
	}
	bound := cfg.CacheBytes + 32<<20
	limit := cache.KeepUnder(ctx, bound, os.Getenv("GOMEMLIMIT") == "")
	log.Info("memory", "bound_mib", bound>>20, "go_limit_mib", limit>>20, "cache_room_mib", cache.Stats().Room>>20)
}
