// Command vestnik is the whole site in one binary.
//
//	vestnik [serve]   migrate the database and serve the site (the default)
//	vestnik migrate   apply pending migrations and exit
//	vestnik generate --entries N   add N generated news items in both languages (for benchmarks)
//	vestnik user create|disable|enable|reset-password|reset-2fa --email E [--role admin|editor]
//	                  manage editors' accounts (a password is read from stdin
//	                  when it is not a terminal, else generated and printed once)
//	vestnik export [-o FILE] [--gzip] [--no-subscribers]
//	                  write content, media, accounts and settings to one archive
//	vestnik import FILE   restore an archive into an empty database
//
// Configuration comes from the environment; see internal/config and the README.
package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/admin"
	"vestnik/internal/assets"
	"vestnik/internal/config"
	"vestnik/internal/demo"
	"vestnik/internal/i18n"
	"vestnik/internal/markdown"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/internal/view"
	"vestnik/internal/web"
	"vestnik/locales"
	"vestnik/migrations"
	"vestnik/static"
	"vestnik/templates"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "vestnik:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	cfg, err := config.FromEnv(config.Getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	slog.SetDefault(log)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate":
		pool, err := openPool(ctx, cfg)
		if err != nil {
			return err
		}
		defer pool.Close()
		applied, err := store.Migrate(ctx, pool, migrations.FS)
		if err != nil {
			return err
		}
		log.Info("migrated", "applied", applied)
		return nil
	case "user":
		pool, err := openPool(ctx, cfg)
		if err != nil {
			return err
		}
		defer pool.Close()
		if _, err := store.Migrate(ctx, pool, migrations.FS); err != nil {
			return err
		}
		return userCommand(ctx, store.New(pool), args[1:], os.Stdin, os.Stdout)
	case "generate":
		return generateCommand(ctx, cfg, args[1:])
	case "export":
		return exportCommand(ctx, cfg, args[1:])
	case "import":
		return importCommand(ctx, cfg, args[1:])
	case "help", "-h", "--help":
		fmt.Println("usage: vestnik [serve|migrate|user create|disable|enable|reset-password --email E|export [-o FILE]|import FILE]")
		return nil
	}
	return fmt.Errorf("unknown command %q (try: serve, migrate, user)", cmd)
}

func openPool(ctx context.Context, cfg *config.Config) (*pgxpool.Pool, error) {
	pc, err := pgxpool.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	pc.ConnConfig.ConnectTimeout = 5 * time.Second
	pc.ConnConfig.RuntimeParams["statement_timeout"] = "15000"
	pc.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	return pool, nil
}

func serve(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	log.Info("starting", "config", cfg)
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := store.Migrate(ctx, pool, migrations.FS); err != nil {
		return err
	}
	st := store.New(pool)
	md := markdown.New()
	if cfg.Demo {
		loaded, err := demo.Load(ctx, st, md)
		if err != nil {
			return err
		}
		if loaded {
			log.Info("demo content loaded into the empty database")
		}
		email, password, err := demo.DevAdmin(ctx, st)
		if err != nil {
			return err
		}
		if password != "" {
			fmt.Fprintf(os.Stderr, "\n  Development admin created: log in at %s/admin/login\n  e-mail:   %s\n  password: %s\n  (shown once)\n\n",
				cfg.BaseURL, email, password)
		}
	}
	langs, err := st.Languages(ctx)
	if err != nil {
		return err
	}
	codes := make([]string, len(langs))
	for i, l := range langs {
		codes[i] = l.Code
	}
	var tmplFS, staticFS, localeFS fs.FS = templates.FS, static.FS, locales.FS
	if cfg.Dev {
		tmplFS, staticFS, localeFS = os.DirFS("templates"), os.DirFS("static"), os.DirFS("locales")
	}
	bundle, err := i18n.New(localeFS, codes, cfg.Location)
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
	cache.SetCacheControl(cfg.CacheControl)
	cms, err := admin.New(admin.Config{
		Store: st, Bundle: bundle, Views: views, BaseURL: cfg.BaseURL, Logger: log,
		Sessions: admin.NewSessions(pool, cfg.BaseURL.Scheme == "https", 10*time.Minute),
		Markdown: md, TrustedProxies: cfg.TrustedProxies, UploadLimit: cfg.UploadLimit,
		Purge: cache.Purge, MailQueued: mailer.sender.Wake, MailServer: mailer.server, MailRate: cfg.MailRate,
	})
	if err != nil {
		return err
	}
	srv, err := web.New(web.Config{
		Store: st, Bundle: bundle, Views: views, Assets: as, BaseURL: cfg.BaseURL, Logger: log,
		Admin: cms, TrustedProxies: cfg.TrustedProxies, Cache: cache,
		Signer: mailer.signer, MailQueued: mailer.sender.Wake,
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
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Caches stay correct: every change to content, from this instance or
	// another, notifies; scheduled entries appear on time.
	go store.ListenContent(ctx, pool, log, cache.Purge)
	go cache.WatchSchedule(ctx, st.NextPublication)
	go mailer.run(ctx)

	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
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
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	mailer.wait(sctx) // the sender finishes the message it is sending
	log.Info("stopped")
	return nil
}
