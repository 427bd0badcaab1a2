package store

import (
	"context"
	"fmt"

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

// SearchCandidates bounds the matches a search ranks: the most recent
// ones. A query that matches much of a large archive then costs what a
// rare one does; pages past SearchCandidates/limit do not exist.
const SearchCandidates = 500

// searchCountCap bounds the count of matches shown ("more than 1000").
const searchCountCap = 1000

// searchSQL matches in the language's own text-search configuration:
// websearch_to_tsquery understands "quoted phrases", -exclusion and OR;
// ranking weighs title > summary > body (the weights of the search column)
// among the most recent candidates; snippets are made for the page only.
//
// The configuration comes in as a parameter ($5), not from a join with
// languages: then the planner sees the query as a constant, estimates how
// many rows match, and walks recent entries by date for common words
// instead of fetching every match.
//
// %s picks the candidates: all matches when there are few (the GIN index
// finds them), the most recent when there are many (walking entries by
// date finds them at once).
const searchSQL = `WITH m AS (%s),
	page AS (
		SELECT e.id FROM m JOIN entries e ON e.id = m.id JOIN translations t ON t.entry_id = e.id AND t.lang = $1
		ORDER BY ts_rank(t.search, websearch_to_tsquery($5::regconfig, $2)) DESC, e.published_at DESC, e.id DESC
		LIMIT $3 OFFSET $4)
	SELECT` + itemColumns + `,
	ts_headline($5::regconfig, t.summary || E'\n' || t.body_md, websearch_to_tsquery($5::regconfig, $2),
		'StartSel=` + MarkStart + `, StopSel=` + MarkStop + `, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
	FROM page JOIN entries e ON e.id = page.id JOIN translations t ON t.entry_id = e.id AND t.lang = $1
	ORDER BY ts_rank(t.search, websearch_to_tsquery($5::regconfig, $2)) DESC, e.published_at DESC, e.id DESC`

const (
	allMatches = `SELECT e.id FROM entries e JOIN translations t ON t.entry_id = e.id
		WHERE ` + visible + ` AND t.lang = $1 AND t.search @@ websearch_to_tsquery($5::regconfig, $2)`
	recentMatches = allMatches + ` ORDER BY e.published_at DESC, e.id DESC LIMIT 500`
)

// Search finds visible entries in a language. total counts the matches up
// to a cap; capped says there are more.
//
// Counting and ranking a few matches run with only bitmap scans allowed:
// the statistics of the search column mix languages, so the planner may
// think a word frequent in one language is frequent in another and read
// every translation, where the (lang, search) GIN index answers at once.
// Many matches are taken newest first by walking entries by date.
func (s *Store) Search(ctx context.Context, lang, query string, limit, offset int) (hits []SearchHit, total int, capped bool, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, bitmapOnly); err != nil {
			return mapErr("search", err)
		}
		if total, capped, err = tx.searchCount(ctx, lang, query); err != nil || total == 0 {
			return err
		}
		if capped {
			if _, err := tx.db.Exec(ctx, `SET LOCAL enable_indexscan = on`); err != nil {
				return mapErr("search", err)
			}
		}
		cfg, err := tx.tsConfig(ctx, lang)
		if err != nil {
			return err
		}
		candidates := allMatches
		if capped {
			candidates = recentMatches
		}
		rows, err := tx.db.Query(ctx, fmt.Sprintf(searchSQL, candidates), lang, query, limit, offset, cfg)
		if err != nil {
			return mapErr("search", err)
		}
		hits, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (SearchHit, error) {
			var h SearchHit
			it := &h.Item
			err := row.Scan(itemDest(it, &h.Snippet)...)
			itemScanned(it)
			return h, err
		})
		return mapErr("search", err)
	})
	return hits, total, capped, err
}

// searchCountSQL counts matches up to a cap; without an order, the GIN
// index answers at once whether the words are rare or common.
const searchCountSQL = `SELECT count(*) FROM (
	SELECT 1 FROM entries e JOIN translations t ON t.entry_id = e.id
	WHERE ` + visible + ` AND t.lang = $1 AND t.search @@ websearch_to_tsquery($4::regconfig, $2)
	LIMIT $3) c`

// bitmapOnly leaves the planner bitmap scans (the GIN index) only.
const bitmapOnly = `SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off`

// tsConfig is a language's text-search configuration.
func (s *Store) tsConfig(ctx context.Context, lang string) (string, error) {
	var cfg string
	err := s.db.QueryRow(ctx, `SELECT ts_config::text FROM languages WHERE code = $1`, lang).Scan(&cfg)
	return cfg, mapErr("language "+lang, err)
}

// SearchCount counts the matches of a query in a language, up to a cap.
func (s *Store) SearchCount(ctx context.Context, lang, query string) (n int, capped bool, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, bitmapOnly); err != nil {
			return mapErr("search count", err)
		}
		n, capped, err = tx.searchCount(ctx, lang, query)
		return err
	})
	return n, capped, err
}

func (s *Store) searchCount(ctx context.Context, lang, query string) (n int, capped bool, err error) {
	cfg, err := s.tsConfig(ctx, lang)
	if err != nil {
		return 0, false, err
	}
	err = s.db.QueryRow(ctx, searchCountSQL, lang, query, searchCountCap+1, cfg).Scan(&n)
	if n > searchCountCap {
		return searchCountCap, true, mapErr("search count", err)
	}
	return n, false, mapErr("search count", err)
}
