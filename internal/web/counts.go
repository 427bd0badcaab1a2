package web

import (
	"context"
	"fmt"
	"time"

	"vestnik/internal/content"
)

// countKey names a count of visible items.
type countKey struct {
	lang string
	kind content.Kind
}

// countItems counts the visible items of a kind in a language, remembering
// the answer until content changes (memo). Counting a large archive takes
// tens of milliseconds; the count is asked on every list page.
func (s *Server) countItems(ctx context.Context, lang string, kind content.Kind) (int, error) {
	return s.counts.get(s.cache.Generation(), countKey{lang, kind}, func() (int, error) {
		return s.store.CountItems(ctx, lang, kind)
	})
}

// removed is when an item of the kinds last left the public lists (every
// list page and the home page ask), remembered until content changes.
func (s *Server) removed(ctx context.Context, kinds ...content.Kind) (time.Time, error) {
	return s.removals.get(s.cache.Generation(), fmt.Sprint(kinds), func() (time.Time, error) {
		return s.store.Removed(ctx, kinds...)
	})
}
