// Command vestnik is the whole site in one binary: `vestnik help` lists its
// subcommands (serve, the default; migrate; user; export; import; generate).
// Configuration comes from the environment; see internal/config and the
// README. This file is the command table; serve.go wires the server.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/auth"
	"vestnik/internal/config"
	"vestnik/internal/i18n"
	"vestnik/locales"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "vestnik:", sentence(err))
		os.Exit(1)
	}
}

// sentence is what an operator reads for err: errors whose text is a
// message ID (the services' validation errors) in English words.
func sentence(err error) string {
	if b, berr := i18n.New(locales.FS, []string{"en"}, time.UTC); berr == nil && b.Get("en").Has(err.Error()) {
		return b.Get("en").Tr(err.Error(), "Min", auth.MinPasswordLen, "Max", auth.MaxPasswordLen)
	}
	return err.Error()
}

// command is a subcommand of vestnik.
type command struct {
	name  string
	usage string // the arguments
	about string // one line
	run   func(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string) error
}

// commands are vestnik's subcommands, in the order help lists them.
var commands = []command{
	{"serve", "", "migrate the database and serve the site (the default)", func(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string) error {
		return serve(ctx, cfg, log)
	}},
	{"migrate", "", "apply pending migrations and exit", migrateCommand},
	{"user", userUsage,
		"list or manage editors' accounts (a new account is an editor unless --role says otherwise; a password is read from stdin, one line, when it is not a terminal, else generated and printed once; the last enabled admin cannot be disabled)",
		func(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string) error {
			return userCommand(ctx, cfg, log, args, os.Stdin, os.Stdout)
		}},
	{"export", "[-o FILE] [--gzip] [--no-subscribers]", "write content, media, accounts and settings to one archive", func(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string) error {
		return exportCommand(ctx, cfg, args)
	}},
	{"import", "FILE|-", "restore an archive into an empty database", func(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string) error {
		return importCommand(ctx, cfg, args)
	}},
	{"rerender", "", "render every stored text again with this version's Markdown renderer (after an upgrade that changed it)", func(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string) error {
		return rerenderCommand(ctx, cfg, log, os.Stdout)
	}},
	{"generate", "[--entries N]", "load the demo content into an empty database and add N generated news items in both languages (default 100000; for benchmark and test databases: refused where accounts exist)", func(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string) error {
		return generateCommand(ctx, cfg, log, args)
	}},
}

// usage prints every subcommand; it needs no configuration and no database.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: vestnik [command] [arguments]")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %s\n        %s\n", strings.TrimSpace("vestnik "+c.name+" "+c.usage), c.about)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "  vestnik help        this text; vestnik COMMAND --help: one command's flags")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Configuration comes from the environment (DATABASE_URL, BASE_URL, ADDR, …): see the README.")
}

func run(args []string, stdout io.Writer) error {
	name := "serve"
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	switch name {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return nil
	}
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		usage(os.Stderr)
		return fmt.Errorf("unknown command %q", name)
	}
	c := commands[i]
	// A command's own help needs no database either.
	if slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "-help" || a == "--help" }) {
		fmt.Fprintf(stdout, "usage: vestnik %s %s\n\n%s\n", c.name, c.usage, c.about)
		return nil
	}
	if c.usage == "" && len(args) > 0 {
		return fmt.Errorf("unexpected argument %q; usage: vestnik %s", args[0], c.name)
	}
	cfg, err := config.FromEnv(config.Getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	slog.SetDefault(log)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return c.run(ctx, cfg, log, args)
}

func openPool(ctx context.Context, cfg *config.Config) (*pgxpool.Pool, error) {
	pc, err := pgxpool.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	// A database that hangs must not hold a request long: a connection
	// is made within a few seconds (unless connect_timeout in the URL says
	// otherwise), an idle one must answer its liveness ping within two,
	// and the store bounds every round trip (internal/store/breaker.go).
	if pc.ConnConfig.ConnectTimeout == 0 {
		pc.ConnConfig.ConnectTimeout = 3 * time.Second
	}
	pc.PingTimeout = 2 * time.Second
	pc.ConnConfig.RuntimeParams["statement_timeout"] = "15000"
	pc.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	return pool, nil
}

// openMigrated opens the pool and brings the schema up to date: what every
// command that works with content does first. The caller closes the pool.
func openMigrated(ctx context.Context, cfg *config.Config, log *slog.Logger) (*pgxpool.Pool, error) {
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := migrate(ctx, pool, log); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}
