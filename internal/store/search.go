package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

// Highlight markers ts_headline puts around matches; the web layer escapes
// the text and turns them into <mark> (the text is editors' Markdown, so it
// may hold anything, including "<").
const (
	MarkStart = "\x02"
	MarkStop  = "\x03"
)

// SearchHit is a visible entry matching a search, with a snippet.
type SearchHit struct {
	content.Item
	Snippet string // plain text with MarkStart/MarkStop around matches
}

// searchSQL matches in the language's own text-search configuration:
// websearch_to_tsquery understands "quoted phrases", -exclusion and OR;
// ranking weighs title > summary > body (the weights of the search column).
const searchSQL = `WITH q AS (
		SELECT websearch_to_tsquery(l.ts_config, $2) AS query, l.ts_config AS cfg FROM languages l WHERE l.code = $1)
	SELECT` + itemColumns + `,
	ts_headline(q.cfg, t.summary || E'\n' || t.body_md, q.query,
		'StartSel=` + MarkStart + `, StopSel=` + MarkStop + `, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'),
	count(*) OVER ()
	FROM q, entries e JOIN translations t ON t.entry_id = e.id
	WHERE ` + visible + ` AND t.lang = $1 AND t.search @@ q.query
	ORDER BY ts_rank(t.search, q.query) DESC, e.published_at DESC, e.id DESC
	LIMIT $3 OFFSET $4`

// Search finds visible entries in a language; total counts every match.
func (s *Store) Search(ctx context.Context, lang, query string, limit, offset int) ([]SearchHit, int, error) {
	rows, err := s.db.Query(ctx, searchSQL, lang, query, limit, offset)
	if err != nil {
		return nil, 0, mapErr("search", err)
	}
	total := 0
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SearchHit, error) {
		var h SearchHit
		it := &h.Item
		err := row.Scan(&it.ID, &it.Entry.Kind, &it.Status, &it.PublishedAt, &it.SystemKey, &it.Version,
			&it.CreatedAt, &it.Entry.UpdatedAt,
			&it.Lang, &it.Title, &it.Slug, &it.Summary, &it.BodyHTML, &it.Revision, &it.Translation.UpdatedAt,
			&it.Alternates, &h.Snippet, &total)
		it.EntryID = it.ID
		it.Translation.Kind = it.Entry.Kind
		return h, err
	})
	return hits, total, mapErr("search", err)
}

const searchCountSQL = `SELECT count(*) FROM entries e JOIN translations t ON t.entry_id = e.id,
	(SELECT websearch_to_tsquery(l.ts_config, $2) AS query FROM languages l WHERE l.code = $1) q
	WHERE ` + visible + ` AND t.lang = $1 AND t.search @@ q.query`

// SearchCount counts the matches of a query in a language.
func (s *Store) SearchCount(ctx context.Context, lang, query string) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, searchCountSQL, lang, query).Scan(&n)
	return n, mapErr("search count", err)
}
