package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
	"vestnik/internal/snippet"
)

// SearchHit is a visible entry, or an article of a visible newsletter
// issue, matching a search, with a snippet.
type SearchHit struct {
	content.Item         // the entry, as a teaser (no BodyHTML, no Alternates); for an article, its issue
	Article      Article // the article matched, if one did (Position > 0)
	Snippet      string  // plain text with snippet.MarkStart/MarkStop around matches
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
	// OnlyExcluded: the query asks for no word, only leaves some out
	// ("-word", "word OR -other"), so it is not run: it would match
	// nearly every text, and no index could find them.
	OnlyExcluded bool
	// NoWords: nothing in the query can be looked for (only words too
	// common to index, such as "the" or "и", or signs), so it is not run.
	NoWords bool
	Others  []OtherCount // the other languages asked that have matches
}

// OtherCount is the matches of a search in another language, counted up
// to SearchCountCap.
type OtherCount struct {
	Lang   string
	Total  int
	Capped bool
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
//     article with the words in its title is among the candidates unless
//     SearchCandidates newer titles have them too; one with them only in
//     its body, older than the newest SearchCandidates matches, is found
//     further on.
//
// The count goes to 100 ("more than 100"); 30 candidates are three pages
// of results ranked exactly, which is as far as most readers page. Both
// numbers are what one uncached search may cost the database: each
// ranked candidate is a text's row looked up and its whole vector scored
// (about 6 µs), each title match found a walk of the titles by date (at
// a word in 4% of the titles, 25 titles read); each counted match one
// read and matched while walking by date. At 500 candidates and a count
// to 1,000, a search for words found in most of 100,000 texts cost about
// 15 ms of Postgres time; at 100 candidates, about 3 ms; at 30, with the
// rest noted here, about 2.5 ms.
//
// How a set is read depends on how common the words are, which a probe of
// the language's newest texts tells (probeSize, probeSizeCount): a word in
// most texts is found at once by walking texts newest first; a rarer one
// through the GIN index, which then returns few rows.
//
// A search is two or three batches of statements, each one round trip
// and one transaction, each statement under the settings that steer it.
// The first: the probe of the page's language, which returns the matches
// it saw, and the title matches when they are common enough to walk; its
// matching articles; and each other language's count, one statement each
// (countOther). Then, when the probe did not see enough matches to count
// them (all the texts, or as many matches as needed), or the title
// matches are wanted and were not walked, a batch reads them (when the
// matches number no more than the cap they are all the matches, all
// ranked). The last: the rank of the candidates and the page with its
// texts, in one statement. When the probe was wrong, or ordering needs
// more than the count read, a batch reads the cheap order between. A
// search for common words is two round trips. (As a transaction with
// statements one by one, the same search took 22 round trips, each
// costing both processes a wake-up.)
const (
	SearchCandidates = 30
	SearchCountCap   = 100

	// The probe reads the newest probeSize texts of the page's language,
	// or fewer: it stops at the matches the page needs (the count's, and
	// as deep as the page). Its matches serve as the count and the newest
	// matches when they are enough, and a walk by date goes on from the
	// last text it read. A language whose matches are only counted is
	// probed less deep: its share only chooses how to count (a 30-text
	// probe that sees no match leaves a word found in a few percent of
	// its texts to the index, which collects a few thousand matches at
	// 0.3 µs). (A probe's row costs what a walked one does, about 2.5 µs;
	// a word rare enough to be looked up in the index pays for the
	// probe's rows.)
	probeSize      = 200
	probeSizeCount = 30
	// Shares of the probed texts (percent) from which walking by date is
	// cheaper than the GIN index. Measured at 100,000 texts: a GIN bitmap
	// costs about 0.3 µs per match, a heap row 2 µs, a row read and
	// matched while walking 6 µs. Counting stops at SearchCountCap+1
	// matches: walking reads 101/share rows (6 µs each), the index
	// collects every match (0.3 µs each) and reads 101 rows, equal at 14%.
	// Ordering needs the newest SearchCandidates: the index reads and
	// sorts every match (2.3 µs each), equal at 5% for 100 candidates (3%
	// for 30; kept at 5: the probe's newest texts overstate a word of
	// recent news, and a walk is only cut at its cap).
	walkCountShare = 14
	walkOrderShare = 5
	// Texts whose title matches are walked by date in an index that holds
	// the title's vector (translations_title_walk), reading no table row:
	// about 0.5 µs a text walked against 3.8 µs a match collected through
	// the GIN index, so walking pays from about 1.1% (0.6% for 30
	// candidates; kept at 2: at 1%, "counter-trafficking", in a few of
	// the bench's newest titles and rare before, walked to its cap, 5.5
	// ms against 0.8).
	walkTitleShare = 2
	// walkCapFactor: a walk by date for want matches of a set found in at
	// least from percent of the probed texts (from which the walk was
	// chosen) reads at most want × walkCapFactor / from texts, twice what
	// it reads at that share (walkCap).
	walkCapFactor = 200

	// searchTimeout bounds each statement of a search, searchDeadline
	// the whole of it: a page deep in a very common word's matches is the
	// dearest.
	searchTimeout  = "3s"
	searchDeadline = 5 * time.Second
)

// searchQuery is a query in a language, with what the probe learned.
type searchQuery struct {
	lang       string
	found      bool     // the language exists
	parsed     string   // the query's text as a tsquery
	sought     string   // its words to find (querytree: without the excluded ones)
	cfg        string   // the language's text-search configuration
	negated    bool     // the query excludes words ("-word")
	broad      bool     // an empty text matches: the query asks for no word
	size       int      // newest texts to probe
	need       int      // matches the probe stops at (it reads one row more)
	probed     int      // newest texts probed
	exhausted  bool     // the probe read every text of the language (it has fewer than size)
	share      int      // percent of them that match
	titleShare int      // percent whose title matches
	newest     []docRef // the probed texts that match, newest first
	last       docRef   // the oldest text probed
	folded     bool     // the probe walked the title matches too:
	titles     []docRef // the first depth of them, newest first
	// A walk by date of the title matches, or of the matches, reached its
	// cap short of what it wanted (see walkCap): the set is rarer than the
	// probe's texts foretold, and what is read of it next goes through
	// the index.
	titlesCut, matchesCut bool
}

// docRef is a search document: an entry's translation, or one of its
// newsletter articles (article > 0).
type docRef struct {
	entry, article int64
	at             time.Time
	title          bool // the query matches its title
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
// returns the page of limit results after offset, best first, with the
// matches counted in each of the other languages asked.
func (s *Store) Search(ctx context.Context, lang, query string, others []string, limit, offset int) (SearchResult, error) {
	ctx, cancel := context.WithTimeout(ctx, searchDeadline)
	defer cancel()
	return s.search(ctx, lang, query, others, limit, offset, nil)
}

// ExplainSearch runs a search and returns each statement it ran with its
// plan (EXPLAIN ANALYZE) and the round trip it went in, for make bench.
func (s *Store) ExplainSearch(ctx context.Context, lang, query string, others []string, limit, offset int) ([]string, error) {
	var plans []string
	_, err := s.search(ctx, lang, query, others, limit, offset, &plans)
	return plans, err
}

func (s *Store) search(ctx context.Context, lang, text string, others []string, limit, offset int, explain *[]string) (res SearchResult, err error) {
	conn, release, err := s.oneConn(ctx)
	if err != nil {
		return res, mapErr("search", err)
	}
	defer release()
	r := &searchRun{db: conn, explain: explain}
	// The matches are read as deep as the page needs, and at least as
	// deep as the candidates ranked. The counted matches themselves come
	// back: when there are no more, they are all the matches, all ranked.
	depth := max(SearchCandidates, offset+limit+1)
	// The first round trip: the probe of the page's language (with its
	// title matches when they are common enough to walk), its matching
	// articles, which are few and do not depend on what the probe finds,
	// and each other language's count, one statement each.
	q := &searchQuery{lang: lang, size: probeSize, need: max(SearchCountCap+1, depth)}
	m := &matches{}
	first := []step{q.probe(text, depth), q.articleMatches(text, q.need, &m.articles)}
	counts := make([]otherCount, len(others))
	for i, o := range others {
		first = append(first, countOther(o, text, &counts[i]))
	}
	if err := r.run(ctx, first...); err != nil {
		return res, err
	}
	if !q.found {
		return res, fmt.Errorf("store: language %s: %w", lang, ErrNotFound)
	}
	if res.OnlyExcluded = q.broad; q.broad {
		return res, nil
	}
	if res.NoWords = q.parsed == ""; res.NoWords {
		return res, nil
	}
	for i, c := range counts {
		if n, capped := c.total(); n > 0 {
			res.Others = append(res.Others, OtherCount{Lang: others[i], Total: n, Capped: capped})
		}
	}
	// The page's language: the count, unless the probe saw it, and the
	// title matches, unless the probe walked them, when the probe saw
	// matches (they foretell many).
	steps := q.countEntries(m)
	titles, haveTitles := q.titles, q.folded
	if !haveTitles && q.share > 0 {
		steps, haveTitles = append(steps, q.titleMatches(depth, &titles)), true
	}
	if len(steps) > 0 {
		if err := r.run(ctx, steps...); err != nil {
			return res, err
		}
	}
	if res.Total, res.Capped = m.total(); res.Total == 0 || !res.Capped && offset >= res.Total {
		return res, nil // past the matches there is no page
	}
	docs := m.entries
	if res.Capped { // the cheap order: the title matches, then the others
		if !haveTitles {
			if err := r.run(ctx, q.titleMatches(depth, &titles)); err != nil {
				return res, err
			}
		}
		docs = titles
		if len(titles) < depth { // every title match is in docs
			rest := m.entries // the newest, when walked by date
			if !m.newest {
				if err := r.run(ctx, q.otherMatches(depth, &rest)); err != nil {
					return res, err
				}
			}
			inTitle := make(map[int64]bool, len(titles))
			for _, d := range titles {
				inTitle[d.entry] = true
			}
			for _, d := range rest {
				if !inTitle[d.entry] {
					docs = append(docs, d)
				}
			}
		}
	}
	docs = append(docs, m.articles...)
	slices.SortFunc(docs, cheapOrder)
	ranked := len(docs) // all the matches, on every page
	if res.Capped {     // the head of the cheap order, as deep as the page
		docs, ranked = docs[:min(depth, len(docs))], SearchCandidates
	}
	if offset >= len(docs) {
		return res, nil
	}
	res.More = len(docs) > offset+limit
	err = r.run(ctx, q.page(docs, ranked, limit, offset, &res.Hits))
	return res, err
}

// probe is the step that learns the language's configuration, parses the
// query in it, and probes the language's newest texts: up to size of
// them, newest first, stopping once it has need matches (it asks for one
// row more than that: the size-th text may take one). The texts are
// numbered as they are read (row_number over the walk by date, which
// reads no further than it is asked; a text's matches are computed below
// it, once each, so only narrow rows pass it: the vectors passed through
// it, and the text's match computed twice), and only the matches come back,
// with the size-th text: it tells that the probe read all it was to. A
// probe that returns neither it nor enough matches read every text of
// the language.
//
// The probe also says whether the parsed query excludes anything (a "!"
// in its text; one inside a lexeme only costs a stricter check) and
// whether it asks for any word at all. A title match counts when the text
// matches too: with an excluded word, a title without it is no match if
// the body has it (counting those titles, "горячая -линия" walked 100,000
// texts for 2 matches). The language is a literal in the walk of its
// texts, as in every walk (see steer): a generic plan with the language as
// a parameter walked every language's texts by date. (c is materialized:
// pulled up into the join, its query would be parsed again for each row
// filtered.) The probe's rows are aggregated into one, without grouping
// by c (which sorted them once more), and the last text it read is the
// size-th when it read that far, else its last match: taken from arrays
// ordered newest last, it cost two sorts more (the statement's three
// sorts took a sixth of its time).
//
// When the probe finds the title matches common enough to walk by date
// (walkTitleShare), the same statement walks them, the first depth of
// them (w; a query that excludes words does not: its title matches need
// the text's vector, which the walk's index does not hold): a round trip
// fewer. The walk is a one-time filter away from reading nothing when it
// is not wanted, and reads at most walkCap texts: cut short, the title
// matches are read through the index.
func (q *searchQuery) probe(text string, depth int) step {
	newest := func(col string) string {
		return `array_agg(` + col + ` ORDER BY p.n) FILTER (WHERE p.hit)`
	}
	walked := func(col string) string {
		return `(SELECT array_agg(` + col + ` ORDER BY w.published_at DESC, w.entry_id DESC) FILTER (WHERE w.hit) FROM w)`
	}
	return step{name: "probe", a: byDate, sql: `WITH c AS MATERIALIZED (SELECT ts_config, search_query(ts_config, $2) AS q
			FROM languages WHERE code = $1),
		a AS MATERIALIZED (SELECT c.ts_config::text AS cfg, c.q::text AS parsed, querytree(c.q) AS sought,
			g.probed, g.matches, g.titles,
			position('!' in c.q::text) > 0 AS negated, ''::tsvector @@ c.q AS broad,
			g.ids, g.ats, g.in_title, coalesce(g.size_id, g.ids[g.matches::int]), coalesce(g.size_at, g.ats[g.matches::int])
			FROM c CROSS JOIN LATERAL (SELECT coalesce(max(p.n), 0)::int AS probed, count(*) FILTER (WHERE p.hit) AS matches,
				count(*) FILTER (WHERE p.title) AS titles,
				` + newest("p.entry_id") + ` AS ids, ` + newest("p.published_at") + ` AS ats, ` + newest("p.title") + ` AS in_title,
				max(p.entry_id) FILTER (WHERE p.n = $3) AS size_id, max(p.published_at) FILTER (WHERE p.n = $3) AS size_at
				FROM (SELECT s.entry_id, s.published_at, s.hit, s.hit AND s.in_title AS title, s.n FROM (
					SELECT r.*, row_number() OVER (ORDER BY r.published_at DESC, r.entry_id DESC) AS n FROM (
						SELECT t.entry_id, t.published_at, t.search @@ c.q AS hit, t.title_search @@ c.q AS in_title
						FROM translations t WHERE ` + q.in() + ` AND ` + visible + `
						ORDER BY t.published_at DESC, t.entry_id DESC LIMIT $3) r) s
				WHERE s.hit OR s.n = $3 LIMIT $4) p) g),
		f AS (SELECT NOT a.negated AND NOT a.broad AND (a.probed >= $3 OR a.matches >= $5)
			AND a.titles * 100 >= ` + strconv.Itoa(walkTitleShare) + ` * a.probed AND a.titles > 0 AS fold FROM a),
		w AS (SELECT x.* FROM c CROSS JOIN LATERAL (` +
		cappedWalk("true", "t.title_search @@ c.q", "(SELECT fold FROM f) AND "+q.in(), "$6", "$7") + `) x)
		SELECT a.*, (SELECT fold FROM f), ` + walked("w.entry_id") + `, ` + walked("w.published_at") + `,
			coalesce((SELECT bool_or(w.last) FROM w), false) FROM a`,
		args: []any{q.lang, text, q.size, q.need + 1, q.need, depth, walkCap(depth, walkTitleShare)},
		read: func(rows pgx.Rows) error {
			for rows.Next() {
				var matches, titles int
				var ids, titleIDs []int64
				var ats, titleAts []time.Time
				var inTitle []bool
				var lastID *int64
				var lastAt *time.Time
				var atCap bool
				if err := scanRow(rows, &q.cfg, &q.parsed, &q.sought, &q.probed, &matches, &titles, &q.negated, &q.broad,
					&ids, &ats, &inTitle, &lastID, &lastAt, &q.folded, &titleIDs, &titleAts, &atCap); err != nil {
					return err
				}
				if len(titleIDs) != len(titleAts) {
					return fmt.Errorf("probe: %d title matches, %d dates", len(titleIDs), len(titleAts))
				}
				q.titles = make([]docRef, len(titleIDs))
				for i := range titleIDs {
					q.titles[i] = docRef{entry: titleIDs[i], at: titleAts[i], title: true}
				}
				if q.titlesCut = cutShort(atCap, len(q.titles), depth); q.titlesCut {
					q.folded, q.titles = false, nil
				}
				q.found = true
				q.exhausted = q.probed < q.size && matches < q.need
				if q.probed > 0 {
					q.share, q.titleShare = matches*100/q.probed, titles*100/q.probed
				}
				if len(ids) != len(ats) || len(ids) != len(inTitle) {
					return fmt.Errorf("probe: %d ids, %d dates, %d title flags", len(ids), len(ats), len(inTitle))
				}
				q.newest = make([]docRef, len(ids))
				for i := range ids {
					q.newest[i] = docRef{entry: ids[i], at: ats[i], title: inTitle[i]}
				}
				if lastID != nil {
					q.last = docRef{entry: *lastID, at: *lastAt}
				}
			}
			return rows.Err()
		}}
}

// seen returns the newest n matching entries, newest first, or all the
// matches when there are fewer, when the probe saw them: it probed every
// text, or found n among those it probed.
func (q *searchQuery) seen(n int) ([]docRef, bool) {
	if q.exhausted || len(q.newest) >= n {
		return q.newest[:min(n, len(q.newest))], true
	}
	return nil, false
}

// tsq is the query parsed by the probe (search_query, migration 00033:
// websearch_to_tsquery, which understands "quoted phrases", -exclusion
// and OR, in the language's configuration, with both stems of a Russian
// word whose vowel drops when inflected) in the statements after it that take the language as $1
// (the walks of entries, byDateSQL, take the query as $1). It comes in as
// a parameter, so it is parsed once: parsing it in each statement, as a
// function of the text, cost a parse per row ranked or filtered whenever
// a plan was generic.
const tsq = `$2::tsquery`

// How a statement reads the matches.
type access int

const (
	byIndex access = iota // collect the GIN index's matches (bitmap scan)
	byDate                // walk texts newest first (index scan in date order)
	byKey                 // fetch given rows (any index; a cached plan will do)
)

// steer is the statement before each of a search's: a time limit; no
// sequential scans (the indexes answer every search); no parallel workers
// (starting them costs more than the few rows a search reads); and how the
// next statement reads: the planner's statistics of the search column mix
// languages (a word frequent in one may look frequent in another), so the
// search chooses from what its probe saw. A random page read costs
// about what a sequential one does (the pages a search reads are in
// memory): at the default cost, the planner took a language's index by
// date for random reads (its first column, the language, has no
// correlation with the table's order), so the probe walked both
// languages' texts by date through the index on the date alone and
// sorted them. The settings last until the end
// of the batch's transaction; the time limit applies to each statement.
//
// A statement's text names how it reads (a comment) and, in the walks
// and the probe, the language (a literal: each language's texts have
// their own partial indexes, and a walk by date of every language's texts
// finds few of one), so a statement prepared once per connection
// keeps a generic plan, made under its own settings: planning the walks
// for each search cost more than running them, and the plans of a way of
// reading do not depend on the words (the planner, left to choose, kept
// planning them anew).
const steer = `SELECT set_config('statement_timeout', '` + searchTimeout + `', true), set_config('enable_seqscan', 'off', true),
	set_config('max_parallel_workers_per_gather', '0', true), set_config('random_page_cost', '1.1', true),
	set_config('enable_indexscan', $1, true), set_config('enable_bitmapscan', $2, true), set_config('plan_cache_mode', $3, true)`

func steerArgs(st step) []any {
	switch st.a {
	case byIndex:
		return []any{"off", "on", "force_generic_plan"}
	case byDate:
		return []any{"on", "off", "force_generic_plan"}
	}
	return []any{"on", "on", "auto"}
}

func (a access) String() string {
	return [...]string{byIndex: "by index", byDate: "by date", byKey: "by key"}[a]
}

// step is one statement of a search: how it reads, and what takes its
// rows.
type step struct {
	name string
	a    access
	sql  string
	args []any
	read func(pgx.Rows) error
	// again, when set, is called once the batch is read: the steps to
	// run next in its place (a walk cut short, read through the index).
	again func() []step
}

// searchRun sends a search's statements.
type searchRun struct {
	db      db
	explain *[]string // when explaining, each statement's plan
	trips   int       // round trips so far
}

// run sends steps in one batch, one round trip and one transaction, each
// after the settings that steer it; steps steered alike go together, and
// their settings are set once (they last to the end of the transaction).
// When explaining, each step is first run alone under EXPLAIN ANALYZE.
// The steps to run again (a walk cut short) follow in another batch.
func (r *searchRun) run(ctx context.Context, steps ...step) error {
	for len(steps) > 0 {
		if err := r.batch(ctx, steps); err != nil {
			return err
		}
		var again []step
		for _, st := range steps {
			if st.again != nil {
				again = append(again, st.again()...)
			}
		}
		steps = again
	}
	return nil
}

// batch sends steps in one round trip (run).
func (r *searchRun) batch(ctx context.Context, steps []step) error {
	r.trips++
	b := &pgx.Batch{}
	steps = slices.Clone(steps)
	slices.SortStableFunc(steps, func(a, b step) int { return cmp.Compare(a.a, b.a) })
	for i, st := range steps {
		if r.explain != nil {
			if err := r.plan(ctx, st); err != nil {
				return err
			}
		}
		if i == 0 || st.a != steps[i-1].a { // the settings follow from how it reads
			b.Queue(steer, steerArgs(st)...)
		}
		read := st.read
		b.Queue("/* "+st.a.String()+" */ "+st.sql, st.args...).Query(func(rows pgx.Rows) error {
			if err := read(rows); err != nil {
				return fmt.Errorf("%s: %w", st.name, err)
			}
			return nil
		})
	}
	return mapErr("search", r.db.SendBatch(ctx, b).Close())
}

// plan records a step's plan: the plan its prepared statement runs under
// its settings (EXPLAIN EXECUTE; EXPLAIN of the statement with its
// arguments would show a custom plan, where the walks run a generic one).
func (r *searchRun) plan(ctx context.Context, st step) error {
	args := make([]string, len(st.args))
	for i, a := range st.args {
		var err error
		if args[i], err = literal(a); err != nil {
			return fmt.Errorf("store: explain %s: %w", st.name, err)
		}
	}
	tx, err := r.db.Begin(ctx)
	if err != nil {
		return mapErr("search "+st.name, err)
	}
	defer tx.Rollback(ctx) // the settings and the statement end with it
	// A prepared statement outlives the transaction: its own name, and
	// DEALLOCATE after it.
	name := "vestnik_explain_" + strconv.FormatUint(explained.Add(1), 10)
	var lines []string
	if _, err = tx.Exec(ctx, steer, steerArgs(st)...); err == nil {
		_, err = tx.Exec(ctx, "PREPARE "+name+" AS /* "+st.a.String()+" */ "+st.sql)
	}
	if err == nil {
		var rows pgx.Rows
		if rows, err = tx.Query(ctx, "EXPLAIN (ANALYZE, COSTS OFF) EXECUTE "+name+"("+strings.Join(args, ", ")+")"); err == nil {
			lines, err = pgx.CollectRows(rows, pgx.RowTo[string])
		}
	}
	if err == nil {
		_, err = tx.Exec(ctx, "DEALLOCATE "+name)
	}
	if err != nil {
		return mapErr("search "+st.name, err)
	}
	*r.explain = append(*r.explain, fmt.Sprintf("-- %s (round trip %d)\n%s", st.name, r.trips, strings.Join(lines, "\n")))
	return nil
}

var explained atomic.Uint64

// literal is a search statement's argument as an SQL literal, for
// EXPLAIN EXECUTE.
func literal(v any) (string, error) {
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" } // untyped: EXECUTE casts it
	switch v := v.(type) {
	case string:
		return quote(v), nil
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case time.Time:
		return quote(v.Format(time.RFC3339Nano)), nil
	case []int64:
		var b strings.Builder
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatInt(x, 10))
		}
		return quote("{" + b.String() + "}"), nil
	case []time.Time:
		var b strings.Builder
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + x.Format(time.RFC3339Nano) + `"`)
		}
		return quote("{" + b.String() + "}"), nil
	}
	return "", fmt.Errorf("no literal for %T", v)
}

// args are a statement's arguments: the query's, then more.
func (q *searchQuery) args(more ...any) []any {
	return append([]any{q.lang, q.parsed}, more...)
}

// walk chooses how to read a set found in share percent of the probed
// texts, given the share from which walking is cheaper: not by date once
// a walk of it came up short (cut).
func (q *searchQuery) walk(share, from int, cut bool) access {
	if !q.exhausted && !cut && share >= from {
		return byDate
	}
	return byIndex
}

// walkCap is how many texts a walk by date reads at most for want
// matches of a set it was chosen for from percent of the probed texts.
// The probe sees only the newest texts: a word common in them and rare
// before would have a walk read the whole archive ("МОМ", in 17 of the
// bench's newest 200 texts and 16 of 100,000, had the title walk read
// 100,000 titles: 54 ms of Postgres time for one search). A walk cut
// short of want is read again through the index (searchRun's again),
// which then returns few rows.
func walkCap(want, from int) int { return want * walkCapFactor / from }

// matches are the matching entries and articles, read up to
// SearchCountCap+1 (to count them) or deeper.
type matches struct {
	entries, articles []docRef
	newest            bool // entries are the newest matches, newest first
}

func (m matches) total() (n int, capped bool) { return counted(len(m.entries), len(m.articles)) }

// counted is the count shown for entries and articles read up to
// SearchCountCap+1 each: at most SearchCountCap, and whether there are
// more.
func counted(entries, articles int) (n int, capped bool) {
	if n = min(entries, SearchCountCap+1) + min(articles, SearchCountCap+1); n > SearchCountCap {
		return SearchCountCap, true
	}
	return n, false
}

// countEntries is the step that reads matching entries, enough to count
// them (none when the probe saw the newest): walked by date, on from the
// probe's texts, the newest q.need (the count's, or as deep as the page)
// in order; through the index, any SearchCountCap+1 of them (ordering
// would read every match).
func (q *searchQuery) countEntries(m *matches) []step {
	if m.entries, m.newest = q.seen(q.need); m.newest {
		return nil
	}
	if q.walk(q.share, walkCountShare, q.matchesCut) == byIndex {
		return []step{{name: "entries matching", a: byIndex, sql: `SELECT t.entry_id, t.published_at, t.title_search @@ $1::tsquery
			FROM translations t WHERE ` + q.in() + ` AND ` + visible + ` AND t.search @@ $1::tsquery LIMIT $2`,
			args: []any{q.parsed, SearchCountCap + 1}, read: collect(&m.entries, scanEntry)}}
	}
	// Walked by date, on from the oldest text the probe read: its matches
	// are the newest. Cut short, the count is read through the index.
	m.newest = true
	want := q.need - len(q.newest)
	var more []docRef
	read := walked(&more, want, &q.matchesCut)
	return []step{{name: "entries matching after the probe's", a: byDate,
		sql:  cappedWalk(titleHit, `t.search @@ $1::tsquery`, q.in()+` AND (t.published_at, t.entry_id) < ($4, $5)`, "$2", "$3"),
		args: []any{q.parsed, want, walkCap(want, walkCountShare), q.last.at, q.last.entry},
		read: func(rows pgx.Rows) error {
			err := read(rows)
			m.entries = append(slices.Clip(q.newest), more...)
			return err
		},
		again: func() []step {
			if !q.matchesCut {
				return nil
			}
			return q.countEntries(m)
		}}}
}

// collect reads documents into dest.
func collect(dest *[]docRef, scan pgx.RowToFunc[docRef]) func(pgx.Rows) error {
	return func(rows pgx.Rows) error {
		var err error
		*dest, err = pgx.CollectRows(rows, scan)
		return err
	}
}

// cutShort tells whether a walk by date (cappedWalk) that found got of
// the want matches it was for was cut: it read its last text (atCap)
// short of them. One that read every text of the language was not.
func cutShort(atCap bool, got, want int) bool { return atCap && got < want }

// walked reads the rows of a walk by date (cappedWalk) for want matches:
// the matches into dest, and whether the walk was cut (cutShort).
func walked(dest *[]docRef, want int, cut *bool) func(pgx.Rows) error {
	return func(rows pgx.Rows) error {
		*dest, *cut = nil, false
		atCap := false
		for rows.Next() {
			var d docRef
			var hit, last bool
			if err := rows.Scan(&d.entry, &d.at, &d.title, &hit, &last); err != nil {
				return err
			}
			if hit {
				*dest = append(*dest, d)
			}
			atCap = atCap || last
		}
		*cut = cutShort(atCap, len(*dest), want)
		return rows.Err()
	}
}

// scanEntry reads an entry's id, date and whether its title matches.
func scanEntry(row pgx.CollectableRow) (docRef, error) {
	var d docRef
	return d, scanRow(row, &d.entry, &d.at, &d.title)
}

// in is the condition on a text's language, as a literal: the partial
// indexes of the language's texts serve the statement's plan whatever its
// parameters. (The code is one of the languages table's, which the probe
// found.)
func (q *searchQuery) in() string { return langIs(q.lang) }

// langIs is the condition that a text t is in language lang, as a
// literal (searchQuery.in).
func langIs(lang string) string { return `t.lang = ` + sqlString(lang) }

// cappedWalk walks the texts of where (a condition on t) newest first,
// reading at most capN of them, and returns the first want that match
// (hit, an expression of t) with their title flag (title). When fewer
// match and where has capN texts or more, a last row follows, flagged
// last (and no hit): the walk reached its cap (cutShort; a language of
// exactly capN texts looks cut too, and costs a read through the index
// more). want and capN are parameters ("$2") or numbers.
//
// The walk's rows pass no window function: numbering them (to flag the
// capN-th) made each row walked cost twice as much (a search's title
// walk, 690 titles, 0.45 ms of its probe's 1.2). Whether the cap was
// reached is asked only when the matches fell short: the walk is an
// Append's first part, the question (a count of the texts, capN index
// entries read) its second, which the LIMIT reaches only then.
func cappedWalk(title, hit, where, want, capN string) string {
	return `(SELECT y.entry_id, y.published_at, y.title, true AS hit, false AS last FROM (
			SELECT t.entry_id, t.published_at, ` + title + ` AS title, ` + hit + ` AS hit
			FROM translations t
			WHERE ` + where + ` AND ` + visible + `
			ORDER BY t.published_at DESC, t.entry_id DESC LIMIT ` + capN + `) y
		WHERE y.hit ORDER BY y.published_at DESC, y.entry_id DESC LIMIT ` + want + `)
		UNION ALL
		(SELECT 0, now(), false, false, true WHERE EXISTS (SELECT FROM translations t WHERE ` + where + ` AND ` + visible + `
			ORDER BY t.published_at DESC, t.entry_id DESC OFFSET ` + capN + ` - 1 LIMIT 1))
		LIMIT ` + want
}

// titleHit is whether a walked text's title matches the query ($1).
const titleHit = `t.title_search @@ $1::tsquery`

// byIndexSQL is the entries matching (the second %s: in the title, or
// anywhere) among the texts of the first %s, newest first, collected
// through the index and sorted: $1 is the query, $2 the number wanted.
const byIndexSQL = `SELECT t.entry_id, t.published_at, t.title_search @@ $1::tsquery FROM translations t
	WHERE %s AND ` + visible + ` AND %s
	ORDER BY t.published_at DESC, t.entry_id DESC LIMIT $2`

// newestMatches is the step that reads the first depth entries matching
// (match), newest first, as a set found in share percent of the probed
// texts is best read (walking by date from the share from); a walk cut
// short is read again through the index.
func (q *searchQuery) newestMatches(name, match string, share, from int, cut *bool, depth int, dest *[]docRef) step {
	if q.walk(share, from, *cut) == byIndex {
		return step{name: name, a: byIndex, sql: fmt.Sprintf(byIndexSQL, q.in(), match),
			args: []any{q.parsed, depth}, read: collect(dest, scanEntry)}
	}
	return step{name: name, a: byDate, sql: cappedWalk(titleHit, match, q.in(), "$2", "$3"),
		args: []any{q.parsed, depth, walkCap(depth, from)}, read: walked(dest, depth, cut),
		again: func() []step {
			if !*cut {
				return nil
			}
			return []step{q.newestMatches(name, match, share, from, cut, depth, dest)}
		}}
}

// titleMatches is the step that reads the first depth entries whose title
// matches, newest first.
func (q *searchQuery) titleMatches(depth int, dest *[]docRef) step {
	match := `t.title_search @@ $1::tsquery`
	if q.negated { // the title has none of the excluded words; the body may
		match += ` AND t.search @@ $1::tsquery`
	}
	return q.newestMatches("entries matching in the title", match, q.titleShare, walkTitleShare, &q.titlesCut, depth, dest)
}

// otherMatches is the step that reads the first depth matching entries,
// newest first.
func (q *searchQuery) otherMatches(depth int, dest *[]docRef) step {
	return q.newestMatches("entries matching, newest first", `t.search @@ $1::tsquery`, q.share, walkOrderShare, &q.matchesCut, depth, dest)
}

// articleMatches is the step that reads the first depth matching
// articles in the cheap order: visible ones, of a visible issue with a
// page in the language; none when the query only excludes words there
// (see probe). It parses the query itself, so it goes with the probe.
// It is steered byKey, as the other languages' counts are (their settings
// are set once for both): the index of the articles' vectors, and index
// scans for the issue and its text (by index alone, each was a bitmap).
func (q *searchQuery) articleMatches(text string, depth int, dest *[]docRef) step {
	// The query, parsed once (c) and taken as an InitPlan: a value the
	// index on the articles' vectors can take, as a parameter. (Each of
	// the three InitPlans parsing it anew, search_query ran three times,
	// about 40 µs each.)
	const parsed = `(SELECT q FROM c)`
	return step{name: "articles matching", a: byKey, sql: `WITH c AS MATERIALIZED (SELECT search_query(ts_config, $2) AS q FROM languages WHERE code = $1)
		SELECT a.entry_id, a.id, t.published_at, at.title_search @@ ` + parsed + ` AS title
		FROM newsletter_article_translations at
		JOIN newsletter_articles a ON a.id = at.article_id
		JOIN translations t ON t.entry_id = a.entry_id AND t.lang = $1
		WHERE ` + visible + ` AND at.lang = $1 AND at.search @@ ` + parsed + ` AND NOT ''::tsvector @@ ` + parsed + `
		ORDER BY title DESC, t.published_at DESC, a.entry_id DESC, a.id LIMIT $3`,
		args: []any{q.lang, text, depth},
		read: collect(dest, func(row pgx.CollectableRow) (docRef, error) {
			var d docRef
			return d, scanRow(row, &d.entry, &d.article, &d.at, &d.title)
		})}
}

// otherCount is a language's matches when they are only counted (the
// line of each other language on a results page).
type otherCount struct {
	entries, articles int // up to SearchCountCap+1 each
}

func (c otherCount) total() (n int, capped bool) { return counted(c.entries, c.articles) }

// countOther is the step that counts a query's matches in a language
// whose matches are only counted, up to SearchCountCap+1 entries and as
// many articles, in one statement: the probe of the language's newest
// probeSizeCount texts, and from what it saw, the count — the probe's
// own when it read every text; walked by date (cappedWalk, from the
// newest) when the word is in walkCountShare percent of them or more,
// through the index when the walk was cut short or the word is rarer —
// and the articles, through their index. Which count runs is decided as
// the statement runs (the others are a filter that is false, or a CASE
// branch not taken), so its plan, made once, holds both the walks by
// date and the indexes: it is steered byKey, and its limits are numbers,
// which the planner reads (a walk of 30 texts in date order, not a
// bitmap of a language's texts sorted). Its probe aggregates without
// grouping by the query, as the page language's does (a GROUP BY sorted
// the 30 rows by the query). A language whose query asks for no word
// (only excludes some) is not counted.
//
// (It was a probe and an articles statement in the first round trip and
// a count in the next, per language: their fixed costs were 10% of a
// Russian search's time. Going with the page language's probe, it also
// runs when that probe then finds nothing to look for — a query of
// stop words, or only excluded ones — and its count is not shown: a
// probe of 30 texts.)
func countOther(lang, text string, dest *otherCount) step {
	in := langIs(lang)
	probed, want := strconv.Itoa(probeSizeCount), strconv.Itoa(SearchCountCap+1)
	walkFrom := strconv.Itoa(walkCountShare)
	const parsed = `(SELECT q FROM c)` // an InitPlan: a value an index can take
	return step{name: "count in " + lang, a: byKey, sql: `WITH c AS MATERIALIZED (SELECT search_query(ts_config, $2) AS q FROM languages WHERE code = $1),
		p AS MATERIALIZED (SELECT NOT ''::tsvector @@ c.q AS counted, g.probed, g.hits
			FROM c CROSS JOIN LATERAL (SELECT count(s.hit) AS probed, count(*) FILTER (WHERE s.hit) AS hits
				FROM (SELECT t.search @@ c.q AS hit FROM translations t WHERE ` + in + ` AND ` + visible + `
				ORDER BY t.published_at DESC, t.entry_id DESC LIMIT ` + probed + `) s) g),
		w AS MATERIALIZED (SELECT x.* FROM c CROSS JOIN LATERAL (` +
		cappedWalk("false", "t.search @@ c.q", `(SELECT counted AND probed = `+probed+` AND hits * 100 >= `+walkFrom+` * probed FROM p) AND `+in,
			want, strconv.Itoa(walkCap(SearchCountCap+1, walkCountShare))) + `) x)
		SELECT CASE WHEN NOT p.counted THEN 0
				WHEN p.probed < ` + probed + ` THEN p.hits
				WHEN EXISTS (SELECT FROM w WHERE w.hit) AND NOT EXISTS (SELECT FROM w WHERE w.last) THEN (SELECT count(*) FROM w)
				ELSE (SELECT count(*) FROM (SELECT FROM translations t WHERE ` + in + ` AND ` + visible + ` AND t.search @@ ` + parsed + `
					LIMIT ` + want + `) i) END,
			CASE WHEN p.counted THEN (SELECT count(*) FROM (SELECT FROM newsletter_article_translations at
				JOIN newsletter_articles a ON a.id = at.article_id
				JOIN translations t ON t.entry_id = a.entry_id AND t.lang = $1
				WHERE ` + visible + ` AND at.lang = $1 AND at.search @@ ` + parsed + ` LIMIT ` + want + `) x) ELSE 0 END
		FROM p`,
		args: []any{lang, text},
		read: func(rows pgx.Rows) error {
			for rows.Next() {
				if err := rows.Scan(&dest.entries, &dest.articles); err != nil {
					return err
				}
			}
			return rows.Err()
		}}
}

// unnested are documents' entry ids, article ids and dates, as arrays
// for unnest.
func unnested(docs []docRef) (entries, articles []int64, ats []time.Time) {
	for _, d := range docs {
		entries, articles, ats = append(entries, d.entry), append(articles, d.article), append(ats, d.at)
	}
	return entries, articles, ats
}

// lexemes are the words of a query's querytree ('горяч' <-> 'лин'),
// unquoted: the lexemes its snippets mark.
func lexemes(sought string) []string {
	var words []string
	for rest := sought; ; {
		i := strings.IndexByte(rest, '\'')
		if i < 0 {
			return words
		}
		rest = rest[i+1:]
		var w strings.Builder
		for len(rest) > 0 {
			c := rest[0]
			rest = rest[1:]
			if c == '\\' && len(rest) > 0 || c == '\'' && len(rest) > 0 && rest[0] == '\'' {
				c, rest = rest[0], rest[1:]
			} else if c == '\'' {
				break
			}
			w.WriteByte(c)
		}
		if w.Len() > 0 {
			words = append(words, w.String())
		}
	}
}

// page is the step that ranks the first ranked of docs (in the
// cheap order) exactly, puts them first, best first and newest first
// among equals, the rest after them in the cheap order, and loads the
// limit documents after offset as teasers (a result shows neither the
// rendered body nor the other languages) with their text, from which
// their snippets are cut here (package snippet: ts_headline, which parses
// the text it is given, and the regular expression that found it a window
// of 700 characters, were 60% of this statement's cost).
func (q *searchQuery) page(docs []docRef, ranked, limit, offset int, dest *[]SearchHit) step {
	entries, articles, ats := unnested(docs)
	// Past the ranked head every sort key but d.i is null. The keys are
	// columns of d, so the planner knows p's order holds through the joins
	// after it (a nested loop keeps its outer side's order) and does not
	// sort the page again, with its texts (about 5% of the statement's
	// time on the bench database).
	head := func(col string) string { return `CASE WHEN d.i <= $5 THEN ` + col + ` END` }
	const order = `d.tail, d.rank DESC, d.published DESC, d.entry DESC, d.article, d.i`
	// Only the head is ranked; a document gone meanwhile ranks 0 (and
	// leaves the page, one result short).
	sql := `WITH d AS (
			SELECT d.entry_id, d.article_id, d.i, d.i > $5 AS tail,
				` + head(`coalesce(CASE WHEN d.article_id = 0
					THEN (SELECT ts_rank(t.search, `+tsq+`) FROM translations t WHERE t.entry_id = d.entry_id AND t.lang = $1)
					ELSE (SELECT ts_rank(at.search, `+tsq+`) FROM newsletter_article_translations at WHERE at.article_id = d.article_id AND at.lang = $1)
					END, 0)`) + ` AS rank,
				` + head("d.published_at") + ` AS published, ` + head("d.entry_id") + ` AS entry, ` + head("d.article_id") + ` AS article
			FROM unnest($3::bigint[], $4::bigint[], $8::timestamptz[]) WITH ORDINALITY d(entry_id, article_id, published_at, i)
		), p AS (SELECT * FROM d ORDER BY ` + order + ` LIMIT $6 OFFSET $7)
		SELECT` + teaserColumns + `, coalesce(at.title, ''), coalesce(a.position, 0),
			CASE WHEN d.article_id = 0 THEN t.summary || E'\n' || t.body_text ELSE coalesce(at.body_text, '') END
		FROM p d JOIN entries e ON e.id = d.entry_id JOIN translations t ON t.entry_id = e.id AND t.lang = $1
		LEFT JOIN newsletter_articles a ON a.id = d.article_id
		LEFT JOIN newsletter_article_translations at ON at.article_id = a.id AND at.lang = $1
		WHERE d.article_id = 0 OR at.article_id IS NOT NULL
		ORDER BY ` + order
	snippets := snippet.New(q.cfg, lexemes(q.sought))
	return step{name: "rank and page", a: byKey, sql: sql,
		args: q.args(entries, articles, ranked, limit, offset, ats),
		read: func(rows pgx.Rows) error {
			// The rows are scanned into one place (as scanTeaser's).
			var h SearchHit
			var text string
			scan := itemDest(&h.Item, &h.Article.Title, &h.Article.Position, &text)
			var err error
			*dest, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (SearchHit, error) {
				h, text = SearchHit{}, ""
				err := scanRow(row, scan...)
				itemScanned(&h.Item)
				h.Snippet = snippets.Make(text)
				return h, err
			})
			return err
		}}
}
