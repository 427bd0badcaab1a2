package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

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

// SearchResult is one page of a search.
type SearchResult struct {
	Hits   []SearchHit
	Total  int  // the matches, counted up to SearchCountCap
	Capped bool // more than SearchCountCap documents match
	More   bool // there is a next page
}

// Search documents are entry translations and newsletter articles (of a
// visible issue that has a translation in the language: its page exists).
// Both carry a search column weighted title > summary > body, built from
// the rendered text (body_text) in the language's own configuration.
//
// Every match is ranked, however many there are:
//
//   - When at most SearchCountCap documents match, all of them are ranked
//     exactly (ts_rank), newest first among equals.
//   - When more match, exact ranking of every match would read every
//     matching row (about a second for a word found in each of 100,000
//     texts). The matches are then put in a cheap order first — documents
//     whose title matches, then the others, each newest first — which two
//     indexes give without reading the rest (a GIN index on the title's
//     own vector, title_search, and a language's texts by date). The
//     first SearchCandidates of that order are ranked exactly; the rest
//     follow in the cheap order, so paging reaches the last match. An old
//     article with the words in its title is among the candidates; one
//     with them only in its body, older than the newest SearchCandidates
//     matches, is found further on.
//
// How a set is read depends on how common the words are, which a probe of
// the language's newest texts tells (probeSize): a word in most texts is
// found at once by walking texts newest first; a rarer one through the
// GIN index, which then returns few rows.
const (
	SearchCandidates = 500
	SearchCountCap   = 1000

	probeSize = 300
	// Shares of the probed texts (percent) from which walking by date is
	// cheaper than the GIN index: counting stops at SearchCountCap+1
	// matches; ordering needs the newest SearchCandidates. (Measured at
	// 100,000 texts: a GIN bitmap costs about 0.3 µs per match, a heap
	// row 2 µs, a row read and matched while walking 6 µs.)
	walkCountShare = 35
	walkOrderShare = 12
	// Texts whose title matches are walked by date in an index that holds
	// the title's vector (translations_title_walk), reading no table row:
	// about 0.5 µs a text walked against 3.8 µs a match collected through
	// the GIN index, so walking pays from a few percent.
	walkTitleShare = 4

	// searchTimeout bounds each statement of a search, searchDeadline
	// the whole of it: a page deep in a very common word's matches is the
	// dearest.
	searchTimeout  = "3s"
	searchDeadline = 5 * time.Second
)

// searchQuery is a query in a language, with what the probe learned.
type searchQuery struct {
	tx         *Store
	lang, text string
	cfg        string // the language's text-search configuration
	negated    bool   // the query excludes words ("-word")
	probed     int    // newest texts probed
	share      int    // percent of them that match
	titleShare int    // percent whose title matches
	explain    *[]string
}

// docRef is a search document: an entry's translation, or one of its
// newsletter articles (article > 0).
type docRef struct {
	entry, article int64
	at             time.Time
	title          bool // the query matches its title
	rank           float32
}

// cheapOrder is the order of many matches: title matches first, then
// newest first.
func cheapOrder(a, b docRef) int {
	if a.title != b.title {
		if a.title {
			return -1
		}
		return 1
	}
	return cmpNewest(a, b)
}

func cmpNewest(a, b docRef) int {
	if c := b.at.Compare(a.at); c != 0 {
		return c
	}
	if c := cmp.Compare(b.entry, a.entry); c != 0 {
		return c
	}
	return cmp.Compare(a.article, b.article)
}

// Search finds visible entries and newsletter articles in a language and
// returns the page of limit results after offset, best first.
func (s *Store) Search(ctx context.Context, lang, query string, limit, offset int) (SearchResult, error) {
	var res SearchResult
	ctx, cancel := context.WithTimeout(ctx, searchDeadline)
	defer cancel()
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		res, err = tx.search(ctx, lang, query, limit, offset, nil)
		return err
	})
	return res, err
}

// ExplainSearch runs a search and returns each statement it ran with its
// plan (EXPLAIN ANALYZE), for make bench.
func (s *Store) ExplainSearch(ctx context.Context, lang, query string, limit, offset int) ([]string, error) {
	var plans []string
	err := s.InTx(ctx, func(tx *Store) error {
		_, err := tx.search(ctx, lang, query, limit, offset, &plans)
		return err
	})
	return plans, err
}

// SearchCount counts the matches of a query in a language, up to
// SearchCountCap.
func (s *Store) SearchCount(ctx context.Context, lang, query string) (n int, capped bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, searchDeadline)
	defer cancel()
	err = s.InTx(ctx, func(tx *Store) error {
		q, err := tx.newSearchQuery(ctx, lang, query, nil)
		if err != nil {
			return err
		}
		n, capped, err = q.count(ctx)
		return err
	})
	return n, capped, err
}

func (s *Store) search(ctx context.Context, lang, query string, limit, offset int, explain *[]string) (SearchResult, error) {
	var res SearchResult
	q, err := s.newSearchQuery(ctx, lang, query, explain)
	if err != nil {
		return res, err
	}
	if res.Total, res.Capped, err = q.count(ctx); err != nil || res.Total == 0 {
		return res, err
	}
	if !res.Capped && offset >= res.Total {
		return res, nil
	}
	ranked := res.Total + 1 // every match
	depth := ranked
	if res.Capped {
		ranked, depth = SearchCandidates, max(SearchCandidates, offset+limit+1)
	}
	docs, err := q.cheapOrder(ctx, depth)
	if err != nil {
		return res, err
	}
	head := docs[:min(ranked, len(docs))]
	if err := q.rank(ctx, head); err != nil {
		return res, err
	}
	slices.SortFunc(head, func(a, b docRef) int {
		if c := cmp.Compare(b.rank, a.rank); c != 0 {
			return c
		}
		return cmpNewest(a, b)
	})
	if offset >= len(docs) {
		return res, nil
	}
	res.More = len(docs) > offset+limit
	res.Hits, err = q.hits(ctx, docs[offset:min(offset+limit, len(docs))])
	return res, err
}

// newSearchQuery prepares the transaction (a time limit; no sequential
// scans: the indexes answer every search; no parallel workers: starting
// them costs more than the few rows a search reads; a plan for each
// query's own words, never a generic plan of a cached statement), finds the language's
// configuration and probes its newest texts.
func (s *Store) newSearchQuery(ctx context.Context, lang, text string, explain *[]string) (*searchQuery, error) {
	q := &searchQuery{tx: s, lang: lang, text: text, explain: explain}
	if _, err := s.db.Exec(ctx, `SET LOCAL statement_timeout = '`+searchTimeout+`'; SET LOCAL enable_seqscan = off; SET LOCAL max_parallel_workers_per_gather = 0;
		SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
		return nil, mapErr("search", err)
	}
	var err error
	if q.cfg, err = s.tsConfig(ctx, lang); err != nil {
		return nil, err
	}
	var matches, titles int
	// The probe also says whether the parsed query excludes anything (a
	// "!" in its text; one inside a lexeme only costs a stricter check).
	err = q.row(ctx, "probe", byDate, `SELECT count(*), count(*) FILTER (WHERE p.search @@ `+tsq+`),
		count(*) FILTER (WHERE p.title_search @@ `+tsq+`), position('!' in `+tsq+`::text) > 0
		FROM (SELECT t.search, t.title_search FROM translations t WHERE t.lang = $1 AND `+visible+`
			ORDER BY t.published_at DESC, t.entry_id DESC LIMIT `+fmt.Sprint(probeSize)+`) p`,
		[]any{&q.probed, &matches, &titles, &q.negated})
	if err != nil {
		return nil, err
	}
	if q.probed > 0 {
		q.share, q.titleShare = matches*100/q.probed, titles*100/q.probed
	}
	return q, nil
}

// tsConfig is a language's text-search configuration.
func (s *Store) tsConfig(ctx context.Context, lang string) (string, error) {
	var cfg string
	err := s.db.QueryRow(ctx, `SELECT ts_config::text FROM languages WHERE code = $1`, lang).Scan(&cfg)
	return cfg, mapErr("language "+lang, err)
}

// tsq is the query, in every statement: $1 is the language, $2 the
// query, $3 its configuration. The configuration comes in as a parameter
// rather than from a join with languages, so the planner sees a
// constant. websearch_to_tsquery understands "quoted phrases",
// -exclusion and OR.
const tsq = `websearch_to_tsquery($3::regconfig, $2)`

// How a statement reads the matches.
type access int

const (
	byIndex access = iota // collect the GIN index's matches (bitmap scan)
	byDate                // walk texts newest first (index scan in date order)
	byKey                 // fetch given rows (any index)
)

// steer sets how the next statement reads: the planner's statistics of
// the search column mix languages (a word frequent in one may look
// frequent in another), so the search chooses from what its probe saw.
func (q *searchQuery) steer(ctx context.Context, a access) error {
	set := `SET LOCAL enable_indexscan = on; SET LOCAL enable_bitmapscan = on`
	switch a {
	case byIndex:
		set = `SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = on`
	case byDate:
		set = `SET LOCAL enable_indexscan = on; SET LOCAL enable_bitmapscan = off`
	}
	_, err := q.tx.db.Exec(ctx, set)
	return mapErr("search", err)
}

// args are a statement's arguments: the query's, then more.
func (q *searchQuery) args(more ...any) []any {
	return append([]any{q.lang, q.text, q.cfg}, more...)
}

// plan records a statement's plan when explaining.
func (q *searchQuery) plan(ctx context.Context, name, sql string, args []any) error {
	if q.explain == nil {
		return nil
	}
	rows, err := q.tx.db.Query(ctx, "EXPLAIN (ANALYZE, COSTS OFF) "+sql, args...)
	if err != nil {
		return mapErr("search "+name, err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return mapErr("search "+name, err)
	}
	*q.explain = append(*q.explain, "-- "+name+"\n"+strings.Join(lines, "\n"))
	return nil
}

// row runs a statement that returns one row.
func (q *searchQuery) row(ctx context.Context, name string, a access, sql string, dest []any, more ...any) error {
	if err := q.steer(ctx, a); err != nil {
		return err
	}
	args := q.args(more...)
	if err := q.plan(ctx, name, sql, args); err != nil {
		return err
	}
	return mapErr("search "+name, q.tx.db.QueryRow(ctx, sql, args...).Scan(dest...))
}

// rows runs a statement and collects its rows.
func (q *searchQuery) rows(ctx context.Context, name string, a access, sql string, scan func(pgx.CollectableRow) (docRef, error), more ...any) ([]docRef, error) {
	if err := q.steer(ctx, a); err != nil {
		return nil, err
	}
	args := q.args(more...)
	if err := q.plan(ctx, name, sql, args); err != nil {
		return nil, err
	}
	rows, err := q.tx.db.Query(ctx, sql, args...)
	if err != nil {
		return nil, mapErr("search "+name, err)
	}
	docs, err := pgx.CollectRows(rows, scan)
	return docs, mapErr("search "+name, err)
}

// walk chooses how to read a set found in share percent of the probed
// texts, given the share from which walking is cheaper.
func (q *searchQuery) walk(share, from int) access {
	if q.probed == probeSize && share >= from {
		return byDate
	}
	return byIndex
}

// Visible articles matching the query: of a visible issue with a page in
// the language.
const articleMatches = `FROM newsletter_article_translations at
	JOIN newsletter_articles a ON a.id = at.article_id
	JOIN translations t ON t.entry_id = a.entry_id AND t.lang = $1
	WHERE ` + visible + ` AND at.lang = $1 AND at.search @@ ` + tsq

// count counts matching entries and articles, up to SearchCountCap.
func (q *searchQuery) count(ctx context.Context) (n int, capped bool, err error) {
	a := q.walk(q.share, walkCountShare)
	order := ""
	if a == byDate {
		order = ` ORDER BY t.published_at DESC, t.entry_id DESC`
	}
	var entries, articles int
	if err := q.row(ctx, "count entries", a, `SELECT count(*) FROM (SELECT 1 FROM translations t
		WHERE t.lang = $1 AND `+visible+` AND t.search @@ `+tsq+order+` LIMIT $4) c`,
		[]any{&entries}, SearchCountCap+1); err != nil {
		return 0, false, err
	}
	if err := q.row(ctx, "count articles", byIndex, `SELECT count(*) FROM (SELECT 1 `+articleMatches+` LIMIT $4) c`,
		[]any{&articles}, SearchCountCap+1); err != nil {
		return 0, false, err
	}
	if n = entries + articles; n > SearchCountCap {
		return SearchCountCap, true, nil
	}
	return n, false, nil
}

// cheapOrder returns the first depth matches in the cheap order.
func (q *searchQuery) cheapOrder(ctx context.Context, depth int) ([]docRef, error) {
	scanEntry := func(title bool) func(pgx.CollectableRow) (docRef, error) {
		return func(row pgx.CollectableRow) (docRef, error) {
			d := docRef{title: title}
			return d, row.Scan(&d.entry, &d.at)
		}
	}
	byDateSQL := `SELECT t.entry_id, t.published_at FROM translations t WHERE t.lang = $1 AND ` + visible + ` AND %s
		ORDER BY t.published_at DESC, t.entry_id DESC LIMIT $4`
	titleMatch := `t.title_search @@ ` + tsq
	if q.negated { // the title has none of the excluded words; the body may
		titleMatch += ` AND t.search @@ ` + tsq
	}
	docs, err := q.rows(ctx, "entries matching in the title", q.walk(q.titleShare, walkTitleShare),
		fmt.Sprintf(byDateSQL, titleMatch), scanEntry(true), depth)
	if err != nil {
		return nil, err
	}
	if len(docs) < depth { // every title match is in docs: the others follow
		inTitle := make(map[int64]bool, len(docs))
		for _, d := range docs {
			inTitle[d.entry] = true
		}
		all, err := q.rows(ctx, "entries matching", q.walk(q.share, walkOrderShare),
			fmt.Sprintf(byDateSQL, `t.search @@ `+tsq), scanEntry(false), depth)
		if err != nil {
			return nil, err
		}
		for _, d := range all {
			if !inTitle[d.entry] {
				docs = append(docs, d)
			}
		}
	}
	articles, err := q.rows(ctx, "articles matching", byIndex, `SELECT a.entry_id, a.id, t.published_at,
		at.title_search @@ `+tsq+` AS title `+articleMatches+`
		ORDER BY title DESC, t.published_at DESC, a.entry_id DESC, a.id LIMIT $4`,
		func(row pgx.CollectableRow) (docRef, error) {
			var d docRef
			return d, row.Scan(&d.entry, &d.article, &d.at, &d.title)
		}, depth)
	if err != nil {
		return nil, err
	}
	docs = append(docs, articles...)
	slices.SortFunc(docs, cheapOrder)
	return docs[:min(depth, len(docs))], nil
}

// refs are documents' entry and article ids, for unnest.
func refs(docs []docRef) (entries, articles []int64) {
	for _, d := range docs {
		entries, articles = append(entries, d.entry), append(articles, d.article)
	}
	return entries, articles
}

// rank sets each document's exact rank.
func (q *searchQuery) rank(ctx context.Context, docs []docRef) error {
	if len(docs) == 0 {
		return nil
	}
	entries, articles := refs(docs)
	ranks, err := q.rows(ctx, "rank", byKey, `SELECT ts_rank(coalesce(at.search, t.search), `+tsq+`)
		FROM unnest($4::bigint[], $5::bigint[]) WITH ORDINALITY d(entry_id, article_id, i)
		LEFT JOIN translations t ON d.article_id = 0 AND t.entry_id = d.entry_id AND t.lang = $1
		LEFT JOIN newsletter_article_translations at ON at.article_id = d.article_id AND at.lang = $1
		ORDER BY d.i`,
		func(row pgx.CollectableRow) (docRef, error) {
			var d docRef
			return d, row.Scan(&d.rank)
		}, entries, articles)
	for i := range ranks {
		docs[i].rank = ranks[i].rank
	}
	return err
}

// hits loads one page of documents, in order, with snippets.
func (q *searchQuery) hits(ctx context.Context, docs []docRef) ([]SearchHit, error) {
	entries, articles := refs(docs)
	sql := `SELECT` + itemColumns + `, coalesce(at.title, ''), coalesce(a.position, 0),
		ts_headline($3::regconfig, CASE WHEN d.article_id = 0 THEN t.summary || E'\n' || t.body_text ELSE at.body_text END, ` + tsq + `,
			'StartSel=` + MarkStart + `, StopSel=` + MarkStop + `, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
		FROM unnest($4::bigint[], $5::bigint[]) WITH ORDINALITY d(entry_id, article_id, i)
		JOIN entries e ON e.id = d.entry_id JOIN translations t ON t.entry_id = e.id AND t.lang = $1
		LEFT JOIN newsletter_articles a ON a.id = d.article_id
		LEFT JOIN newsletter_article_translations at ON at.article_id = a.id AND at.lang = $1
		ORDER BY d.i`
	if err := q.steer(ctx, byKey); err != nil {
		return nil, err
	}
	args := q.args(entries, articles)
	if err := q.plan(ctx, "page", sql, args); err != nil {
		return nil, err
	}
	rows, err := q.tx.db.Query(ctx, sql, args...)
	if err != nil {
		return nil, mapErr("search page", err)
	}
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SearchHit, error) {
		var h SearchHit
		it := &h.Item
		err := row.Scan(itemDest(it, &h.Article.Title, &h.Article.Position, &h.Snippet)...)
		itemScanned(it)
		return h, err
	})
	return hits, mapErr("search page", err)
}
