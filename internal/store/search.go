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

// SearchHit is a visible entry, or an article of a visible newsletter
// issue, matching a search, with a snippet.
type SearchHit struct {
	content.Item         // the entry; for an article, its issue
	Article      Article // the article matched, if one did (Position > 0)
	Snippet      string  // plain text with MarkStart/MarkStop around matches
}

// Article names a newsletter article in its issue.
type Article struct {
	Title    string
	Position int // from 1; its anchor on the issue page is #article-Position
}

// SearchCandidates bounds the matches a search ranks: the most recent
// ones. A query that matches much of a large archive then costs what a
// rare one does; pages past SearchCandidates/limit do not exist.
const SearchCandidates = 500

// searchCountCap bounds the count of matches shown ("more than 1000").
const searchCountCap = 1000

// Search documents are entry translations and newsletter articles (of a
// visible issue that has a translation in the language: its page exists).
// Both carry a search column weighted title > summary > body, built from
// the rendered text (body_text) in the language's own configuration.
//
// %[1]s is the query's configuration parameter, %[2]s what each branch
// selects.
const (
	entryMatches = `SELECT %[2]s FROM entries e JOIN translations t ON t.entry_id = e.id
		WHERE ` + visible + ` AND t.lang = $1 AND t.search @@ websearch_to_tsquery(%[1]s::regconfig, $2)`
	articleMatches = `SELECT %[2]s FROM newsletter_article_translations at
		JOIN newsletter_articles a ON a.id = at.article_id JOIN entries e ON e.id = a.entry_id
		JOIN translations t ON t.entry_id = e.id AND t.lang = $1
		WHERE ` + visible + ` AND at.lang = $1 AND at.search @@ websearch_to_tsquery(%[1]s::regconfig, $2)`
	entryDoc   = `e.id AS entry_id, 0::bigint AS article_id, t.published_at, t.search`
	articleDoc = `e.id AS entry_id, a.id AS article_id, t.published_at, at.search`
)

// searchSQL ranks the candidates (%s) and makes snippets for one page:
// websearch_to_tsquery understands "quoted phrases", -exclusion and OR.
//
// The configuration comes in as a parameter ($5), not from a join with
// languages: then the planner sees the query as a constant, estimates how
// many rows match, and walks recent entries by date for common words
// instead of fetching every match.
const searchSQL = `WITH m AS (%s),
	page AS (
		SELECT m.entry_id, m.article_id, m.published_at, ts_rank(m.search, websearch_to_tsquery($5::regconfig, $2)) AS rank
		FROM m ORDER BY rank DESC, m.published_at DESC, m.entry_id DESC, m.article_id
		LIMIT $3 OFFSET $4)
	SELECT` + itemColumns + `, coalesce(at.title, ''), coalesce(a.position, 0),
	ts_headline($5::regconfig, CASE WHEN page.article_id = 0 THEN t.summary || E'\n' || t.body_text ELSE at.body_text END,
		websearch_to_tsquery($5::regconfig, $2),
		'StartSel=` + MarkStart + `, StopSel=` + MarkStop + `, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
	FROM page JOIN entries e ON e.id = page.entry_id JOIN translations t ON t.entry_id = e.id AND t.lang = $1
	LEFT JOIN newsletter_articles a ON a.id = page.article_id
	LEFT JOIN newsletter_article_translations at ON at.article_id = a.id AND at.lang = $1
	ORDER BY page.rank DESC, page.published_at DESC, page.entry_id DESC, page.article_id`

var (
	// allMatches: every match, when there are few (the GIN indexes find them).
	allMatches = fmt.Sprintf(entryMatches, "$5", entryDoc) + "\n\tUNION ALL\n\t" + fmt.Sprintf(articleMatches, "$5", articleDoc)
	// recentMatches: the most recent, when there are many (walking
	// entries by date finds them at once).
	recentMatches = `SELECT * FROM (
		(` + fmt.Sprintf(entryMatches, "$5", entryDoc) + ` ORDER BY t.published_at DESC, e.id DESC LIMIT 500)
		UNION ALL
		(` + fmt.Sprintf(articleMatches, "$5", articleDoc) + ` ORDER BY t.published_at DESC, a.id LIMIT 500)) r
		ORDER BY published_at DESC, entry_id DESC, article_id LIMIT 500`
)

// Search finds visible entries and newsletter articles in a language.
// total counts the matches up to a cap; capped says there are more.
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
			err := row.Scan(itemDest(it, &h.Article.Title, &h.Article.Position, &h.Snippet)...)
			itemScanned(it)
			return h, err
		})
		return mapErr("search", err)
	})
	return hits, total, capped, err
}

// searchCountSQL counts matches up to a cap ($3); without an order, the
// GIN indexes answer at once whether the words are rare or common.
var searchCountSQL = `SELECT count(*) FROM (
	(` + fmt.Sprintf(entryMatches, "$4", "1") + ` LIMIT $3)
	UNION ALL
	(` + fmt.Sprintf(articleMatches, "$4", "1") + ` LIMIT $3)) c`

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
