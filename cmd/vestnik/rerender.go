package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"vestnik/internal/config"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
)

// rerenderCommand renders every stored text again with this version's
// Markdown renderer: after an upgrade that changed what it makes (heading
// levels, tables), texts saved before show the same as those saved after.
// A running site purges its page cache on the change, as on any edit.
func rerenderCommand(ctx context.Context, cfg *config.Config, log *slog.Logger, out io.Writer) error {
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	md := markdown.New()
	dims := func(hash string) (int, int, bool) { return st.MediaDims(ctx, hash) }
	n, err := st.Rerender(ctx, func(src string, under int) (string, error) {
		return md.RenderImages(src, dims, markdown.Under(under))
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "rendered again; texts changed: %d\n", n)
	return nil
}
