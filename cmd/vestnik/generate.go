package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"vestnik/internal/config"
	"vestnik/internal/demo"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
)

// generateCommand fills a database for benchmarks and tests: the demo
// content (when empty) and N generated news items in both languages (0:
// the demo alone). A database with accounts of its own is a real site's,
// and is left alone.
func generateCommand(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	n := fs.Int("entries", 100000, "news items to add")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 0 || fs.NArg() > 0 {
		return errors.New("usage: vestnik generate [--entries N], N ≥ 0")
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	accounts := 0
	for _, u := range users {
		if !strings.EqualFold(u.Email, demo.DevAdminEmail) {
			accounts++
		}
	}
	if accounts > 0 {
		return fmt.Errorf("this database has accounts of its own (%d): generate adds the demo content and fake news items, for benchmark and test databases only", accounts)
	}
	if _, err := demo.Load(ctx, st, markdown.New()); err != nil {
		return err
	}
	return demo.Generate(ctx, pool, *n, func(done int) {
		fmt.Fprintf(os.Stderr, "\rgenerated %d/%d", done, *n)
		if done == *n {
			fmt.Fprintln(os.Stderr)
		}
	})
}
