package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"vestnik/internal/config"
	"vestnik/internal/demo"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
)

// generateCommand fills a database for benchmarks: the demo content (when
// empty) and N generated news items in both languages.
func generateCommand(ctx context.Context, cfg *config.Config, args []string) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	n := fs.Int("entries", 100000, "news items to add")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pool, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := demo.Load(ctx, store.New(pool), markdown.New()); err != nil {
		return err
	}
	return demo.Generate(ctx, pool, *n, func(done int) {
		fmt.Fprintf(os.Stderr, "\rgenerated %d/%d", done, *n)
		if done == *n {
			fmt.Fprintln(os.Stderr)
		}
	})
}
