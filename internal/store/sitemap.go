package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

// SitemapEntry is a visible entry with the slug of each translation and
// when it last changed.
type SitemapEntry struct {
	ID        int64
	Kind      content.Kind
	SystemKey string
	Slugs     map[string]string
	LastMod   time.Time
}

const sitemapEntriesSQL = `SELECT e.id, e.kind, coalesce(e.system_key, ''),
	(SELECT jsonb_object_agg(t.lang, t.slug) FROM translations t WHERE t.entry_id = e.id),
	greatest(e.published_at, (SELECT max(t.updated_at) FROM translations t WHERE t.entry_id = e.id))
	FROM entries e
	WHERE ` + visible + ` AND e.kind = $1 AND EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = e.id)
	ORDER BY e.published_at DESC, e.id DESC
	LIMIT $2 OFFSET $3`

// SitemapEntries lists visible entries of a kind, newest first.
func (s *Store) SitemapEntries(ctx context.Context, kind content.Kind, limit, offset int) ([]SitemapEntry, error) {
	rows, err := s.db.Query(ctx, sitemapEntriesSQL, kind, limit, offset)
	if err != nil {
		return nil, mapErr("sitemap", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SitemapEntry, error) {
		var e SitemapEntry
		err := row.Scan(&e.ID, &e.Kind, &e.SystemKey, &e.Slugs, &e.LastMod)
		return e, err
	})
	return out, mapErr("sitemap", err)
}

// SitemapStats counts the visible entries of a kind and when the newest
// change among them was.
func (s *Store) SitemapStats(ctx context.Context, kind content.Kind) (int, time.Time, error) {
	var n int
	var last *time.Time
	err := s.db.QueryRow(ctx, `SELECT count(*), max(greatest(e.published_at, e.updated_at)) FROM entries e
		WHERE `+visible+` AND e.kind = $1`, kind).Scan(&n, &last)
	if last == nil {
		return n, time.Time{}, mapErr("sitemap stats", err)
	}
	return n, *last, mapErr("sitemap stats", err)
}
