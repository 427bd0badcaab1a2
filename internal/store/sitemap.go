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

// sitemapEntriesSQL: an entry's lastmod is its newest visible text's
// publication or edit, or a later public change of the entry itself
// (public_at: a new lead image, a photo it shows edited), as its pages'
// Last-Modified.
const sitemapEntriesSQL = `SELECT e.id, e.kind, coalesce(e.system_key, ''),
	` + alternatesOf + `,
	greatest(` + entryPublicAt + `,
		(SELECT max(greatest(t.published_at, t.updated_at)) FROM translations t WHERE t.entry_id = e.id AND ` + visible + `))
	FROM entries e
	WHERE ` + visibleEntry + ` AND e.kind = $1 AND e.id >= $2 AND e.id < $3
	ORDER BY e.id`

// SitemapEntries lists the visible entries of a kind whose ids are in
// [from, to): sitemap files are id ranges, so each is a primary-key range
// scan however large the archive.
func (s *Store) SitemapEntries(ctx context.Context, kind content.Kind, from, to int64) ([]SitemapEntry, error) {
	rows, err := s.db.Query(ctx, sitemapEntriesSQL, kind, from, to)
	if err != nil {
		return nil, mapErr("sitemap", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SitemapEntry, error) {
		var e SitemapEntry
		err := row.Scan(&e.ID, &e.Kind, &e.SystemKey, slugsDest{&e.Slugs}, &e.LastMod)
		return e, err
	})
	return out, mapErr("sitemap", err)
}

// SitemapChunk is an id range [N*size, (N+1)*size) with visible entries.
type SitemapChunk struct {
	N       int64
	LastMod time.Time
}

// SitemapChunks lists the id ranges of a kind that hold visible entries,
// each dated by its entries and the removals of entries of its range
// (SitemapRemoved).
func (s *Store) SitemapChunks(ctx context.Context, kind content.Kind, size int64) ([]SitemapChunk, error) {
	// Each range read alone from entries_sitemap_live, in order:
	// grouping all entries by range sorted them all. The dates are what
	// the public saw: a save held back in a working copy moves none
	// (public_at), a language going live by its time alone does (it
	// writes nothing: its publication is read). The newest publication of
	// an entry's languages is on its row (last_published_at, migration
	// 00038; NULL on an older row whose languages went live together),
	// unless one of them is still to come: only for those entries, found
	// by translations_scheduled, are the languages read (waiting). A
	// subquery per row instead, run for those alone, was planned as if
	// for every row, and JIT compiling it took half a second.
	rows, err := s.db.Query(ctx, `WITH waiting AS MATERIALIZED (
			SELECT a.entry_id, max(a.published_at) AS at FROM translations a
			WHERE a.status = 'published' AND a.published_at <= now() AND a.entry_id IN
				(SELECT w.entry_id FROM translations w WHERE w.status = 'published' AND w.published_at > now() AND w.kind = $1)
			GROUP BY a.entry_id)
		SELECT c.n, greatest(r.last, (SELECT max(x.removed_at) FROM entry_removals x
				WHERE x.kind = $1 AND x.entry_id >= c.n * $2 AND x.entry_id < (c.n + 1) * $2))
		FROM generate_series(
			(SELECT min(e.id) FROM entries e WHERE `+visibleEntry+` AND e.kind = $1) / $2,
			(SELECT max(e.id) FROM entries e WHERE `+visibleEntry+` AND e.kind = $1) / $2) c(n),
		LATERAL (SELECT greatest(
				max(greatest(e.published_at, `+entryPublicAt+`, CASE WHEN e.last_published_at <= now() THEN e.last_published_at END)),
				(SELECT max(w.at) FROM waiting w WHERE w.entry_id >= c.n * $2 AND w.entry_id < (c.n + 1) * $2)) AS last
			FROM entries e
			WHERE `+visibleEntry+` AND e.kind = $1 AND e.id >= c.n * $2 AND e.id < (c.n + 1) * $2) r
		WHERE r.last IS NOT NULL ORDER BY c.n`, kind, size)
	if err != nil {
		return nil, mapErr("sitemap chunks", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SitemapChunk, error) {
		var c SitemapChunk
		err := row.Scan(&c.N, &c.LastMod)
		return c, err
	})
	return out, mapErr("sitemap chunks", err)
}

// ContentDates says when each part of the site last changed: per language
// and kind, the newest publication or edit of a visible entry; and the
// newest change of a hotline number (shown on every page).
type ContentDates struct {
	Entries  map[string]map[content.Kind]time.Time
	Hotlines time.Time
}

// Newest is the newest date of the kinds in lang, and of the hotlines.
func (d ContentDates) Newest(lang string, kinds ...content.Kind) time.Time {
	t := d.Hotlines
	for _, k := range kinds {
		if e := d.Entries[lang][k]; e.After(t) {
			t = e
		}
	}
	return t
}

// ContentDates reads when each part of the site last changed.
func (s *Store) ContentDates(ctx context.Context) (ContentDates, error) {
	d := ContentDates{Entries: map[string]map[content.Kind]time.Time{}}
	// Two index lookups per language and kind (translations_public,
	// translations_updated) rather than an aggregate over every text.
	rows, err := s.db.Query(ctx, `SELECT l.code, k.kind, greatest(
			(SELECT t.published_at FROM translations t WHERE t.kind = k.kind AND t.lang = l.code AND `+visible+`
				ORDER BY t.published_at DESC LIMIT 1),
			(SELECT t.updated_at FROM translations t WHERE t.kind = k.kind AND t.lang = l.code AND `+visible+`
				ORDER BY t.updated_at DESC LIMIT 1)) AS at
		FROM languages l CROSS JOIN unnest($1::text[]) k(kind)`, content.Kinds)
	if err != nil {
		return d, mapErr("content dates", err)
	}
	defer rows.Close()
	for rows.Next() {
		var lang string
		var kind content.Kind
		var t *time.Time // none: no visible text of the kind
		if err := rows.Scan(&lang, &kind, &t); err != nil {
			return d, mapErr("content dates", err)
		}
		if t == nil {
			continue
		}
		if d.Entries[lang] == nil {
			d.Entries[lang] = map[content.Kind]time.Time{}
		}
		d.Entries[lang][kind] = *t
	}
	if err := rows.Err(); err != nil {
		return d, mapErr("content dates", err)
	}
	var hot *time.Time
	err = s.db.QueryRow(ctx, `SELECT max(updated_at) FROM hotlines`).Scan(&hot)
	if hot != nil {
		d.Hotlines = *hot
	}
	return d, mapErr("content dates", err)
}

// SitemapRemoved is when an entry of a kind whose id is in [from, to)
// last left the public site (migration 00053; zero when none has).
func (s *Store) SitemapRemoved(ctx context.Context, kind content.Kind, from, to int64) (time.Time, error) {
	return s.removedAt(ctx, `SELECT max(removed_at) FROM entry_removals WHERE kind = $1 AND entry_id >= $2 AND entry_id < $3`, kind, from, to)
}

// Removed is when an entry of one of the kinds last left the public lists.
func (s *Store) Removed(ctx context.Context, kinds ...content.Kind) (time.Time, error) {
	ks := make([]string, len(kinds))
	for i, k := range kinds {
		ks[i] = string(k)
	}
	return s.removedAt(ctx, `SELECT max(removed_at) FROM content_removals WHERE kind = ANY($1)`, ks)
}

// removedAt runs a query for the newest removal date (zero for none).
func (s *Store) removedAt(ctx context.Context, sql string, args ...any) (time.Time, error) {
	var t *time.Time
	err := s.db.QueryRow(ctx, sql, args...).Scan(&t)
	if t == nil {
		return time.Time{}, mapErr("removals", err)
	}
	return *t, mapErr("removals", err)
}
