package web

import (
	"context"
	"strings"
	"time"

	"vestnik/internal/content"
)

// countKey names a count of visible items.
type countKey struct {
	lang string
	kind content.Kind
}

type countMemo struct {
	gen uint64
	n   int
}

// countItems counts the visible items of a kind in a language, remembering
// the answer until content changes (the cache generation moves on every
// change and when a scheduled entry goes public). Counting a large archive
// takes tens of milliseconds; the count is asked on every list page.
func (s *Server) countItems(ctx context.Context, lang string, kind content.Kind) (int, error) {
	gen := s.cache.Generation()
	k := countKey{lang, kind}
	if v, ok := s.counts.Load(k); ok && v.(countMemo).gen == gen {
		return v.(countMemo).n, nil
	}
	n, err := s.store.CountItems(ctx, lang, kind)
	if err != nil {
		return 0, err
	}
	s.counts.Store(k, countMemo{gen, n})
	return n, nil
}

type removedMemo struct {
	gen uint64
	at  time.Time
}

// removed is when an item of the kinds last left the public lists (every
// list page and the home page ask), remembered like countItems.
func (s *Server) removed(ctx context.Context, kinds ...content.Kind) (time.Time, error) {
	gen := s.cache.Generation()
	var k strings.Builder
	for _, kind := range kinds {
		k.WriteString(string(kind) + " ")
	}
	if v, ok := s.removals.Load(k.String()); ok && v.(removedMemo).gen == gen {
		return v.(removedMemo).at, nil
	}
	at, err := s.store.Removed(ctx, kinds...)
	if err != nil {
		return at, err
	}
	s.removals.Store(k.String(), removedMemo{gen, at})
	return at, nil
}
