package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

// The states of one language of an entry on the translation board. Each
// text is in one of the first five (EntryRow.State), so the board's counts
// add up to the entries; BoardPhotos is about the entry's photos, not its
// text, and lists entries that are in one of the others as well.
const (
	BoardMissing  = "missing"  // no text in the language
	BoardOutdated = "outdated" // another language moved on since it was last in line
	BoardDraft    = "draft"    // a text not published yet, in line, not waiting for review
	BoardReview   = "review"   // in line, waiting for review
	BoardCurrent  = "current"  // in line, published or taken down, not waiting for review
	// BoardPhotos: the entry is live and shows a photo without an alt text
	// in the language (photoEntries).
	BoardPhotos = "photos"
)

// BoardStates are the board's states, in the order its filter offers them.
var BoardStates = []string{BoardMissing, BoardOutdated, BoardDraft, BoardReview, BoardCurrent, BoardPhotos}

// State is the board's state of the entry's text in lang (one of the
// first five of BoardStates): what boardSources' conditions say of it,
// read from the row.
func (r EntryRow) State(lang string) string {
	st, ok := r.Langs[lang]
	switch {
	case !ok:
		return BoardMissing
	case st.Behind:
		return BoardOutdated
	case st.Review:
		return BoardReview
	case st.Status == content.StatusDraft:
		return BoardDraft
	}
	return BoardCurrent
}

// BoardFilter picks one page of the board: the entries of a kind ("" for
// all) in one state in one language, the oldest problem first (or the
// newest, with Newest), after a cursor.
type BoardFilter struct {
	Lang, State string
	Kind        content.Kind
	Newest      bool
	After       *Cursor
	Limit       int
}

// BoardItem is an entry on the board with the date its state dates from:
// the entry's creation (missing), when the other language moved on
// (outdated), the draft's creation, or the text's last change (current).
type BoardItem struct {
	EntryRow
	Since time.Time
}

// waitingReview is the condition that the text e (translations) waits
// for review.
const waitingReview = `EXISTS (SELECT 1 FROM reviews r WHERE r.entry_id = e.entry_id AND r.lang = e.lang AND r.state = 'waiting')`

// boardSources are, per state, the rows the board pages through and the
// date each is sorted by; every one but BoardPhotos's (boardRows) is an
// index range (migration 00015), and the texts' states exclude one
// another: a text behind is outdated whatever else it is, one waiting for
// review is no draft and not in line yet.
var boardSources = map[string]struct{ from, at, id, where string }{
	BoardMissing:  {"translation_gaps e", "e.since", "e.entry_id", ""},
	BoardOutdated: {"translations e", "e.outdated_since", "e.entry_id", " AND e.outdated_since IS NOT NULL"},
	BoardDraft: {"translations e", "e.created_at", "e.entry_id",
		" AND e.status = 'draft' AND e.outdated_since IS NULL AND NOT " + waitingReview},
	BoardReview: {"translations e JOIN reviews r ON r.entry_id = e.entry_id AND r.lang = e.lang AND r.state = 'waiting'",
		"r.submitted_at", "e.entry_id", " AND e.outdated_since IS NULL"},
	BoardCurrent: {"translations e", "e.updated_at", "e.entry_id",
		" AND e.outdated_since IS NULL AND e.status <> 'draft' AND NOT " + waitingReview},
	BoardPhotos: {"", "e.since", "e.entry_id", ""},
}

// boardRows is the query of a state's rows on the board: in the language
// lang, of the kind kind (empty for all; both SQL expressions, a parameter
// or a column), of an entry not in the trash. Board pages through it and
// BoardCounts counts it, so a count never promises a row the board does
// not list.
func boardRows(state, lang, kind, columns string) string {
	src := boardSources[state]
	from := src.from
	if state == BoardPhotos {
		// Live entries, since they went live.
		from = `(SELECT x.id AS entry_id, x.kind, (` + lang + `)::text AS lang, x.published_at AS since FROM entries x
			WHERE x.status = 'published' AND x.published_at <= now() AND x.id IN (` + photoEntries(lang) + `)) e`
	}
	return `SELECT ` + columns + ` FROM ` + from + ` WHERE e.lang = ` + lang + src.where +
		` AND (` + kind + ` = '' OR e.kind = ` + kind + `) AND NOT EXISTS (SELECT 1 FROM entries x WHERE x.id = ` + src.id + ` AND x.deleted_at IS NOT NULL)`
}

// photoEntries is the query of the entries (their IDs) that show a photo
// without an alt text in the language lang (an SQL expression): a photo
// in the library, not decorative, that is their lead image in lang (the
// language's own, else the shared one; or the own one its working copy
// will show), or a figure
// in their text in lang — its live text, its working copy, an issue's
// articles' — or, while they have none in lang, in a text in another
// language (the translation will show it). Each text is found through
// the index of the photos it places (migration 00042), so the query reads
// the texts with such photos, not every text.
func photoEntries(lang string) string {
	undescribed := undescribedPhotos(lang)
	places := func(body string) string {
		return `strpos(` + body + `, '](media:') > 0 AND media_figures(` + body + `) && ` + undescribed
	}
	inLang := func(text, entry string) string { return shownIn(lang, text, entry) }
	return `SELECT y.id FROM entries y WHERE y.lead_image_id = ANY(` + undescribed + `::bigint[])
			AND NOT EXISTS (SELECT 1 FROM translations o WHERE o.entry_id = y.id AND o.lang = ` + lang + ` AND o.lead_image_id IS NOT NULL)
		UNION ALL SELECT tl.entry_id FROM translations tl WHERE tl.lead_image_id = ANY(` + undescribed + `::bigint[]) AND tl.lang = ` + lang + `
		UNION ALL SELECT wl.entry_id FROM translation_drafts wl WHERE wl.lead_image_id = ANY(` + undescribed + `::bigint[]) AND wl.lang = ` + lang + `
		UNION ALL SELECT t.entry_id FROM translations t WHERE ` + places("t.body_md") + ` AND ` + inLang("t", "t.entry_id") + `
		UNION ALL SELECT w.entry_id FROM translation_drafts w WHERE ` + places("w.body_md") + ` AND ` + inLang("w", "w.entry_id") + `
		UNION ALL SELECT a.entry_id FROM newsletter_article_translations m JOIN newsletter_articles a ON a.id = m.article_id
			WHERE ` + places("m.body_md") + ` AND ` + inLang("m", "a.entry_id") + `
		UNION ALL SELECT a.entry_id FROM newsletter_article_drafts m JOIN newsletter_articles a ON a.id = m.article_id
			WHERE ` + places("m.body_md") + ` AND ` + inLang("m", "a.entry_id")
}

// undescribedPhotos is the query of the photos (an array of their IDs)
// without an alt text in the language lang (an SQL expression): photos
// in the library, not decorative.
func undescribedPhotos(lang string) string {
	return `(SELECT coalesce(array_agg(im.id), '{}') FROM media im WHERE im.width IS NOT NULL AND NOT im.decorative
		AND NOT EXISTS (SELECT 1 FROM media_texts d WHERE d.media_id = im.id AND d.lang = ` + lang + ` AND d.alt <> ''))`
}

// leadShown is the lead image entry (an alias of entries) shows in lang
// (an SQL expression): the language's own, else the shared one.
func leadShown(lang, entry string) string {
	return `coalesce((SELECT o.lead_image_id FROM translations o WHERE o.entry_id = ` + entry + `.id AND o.lang = ` + lang + `), ` +
		entry + `.lead_image_id)`
}

// shownIn is the condition that the text (an alias with a lang column)
// of entry (an SQL expression) shows in lang: it is lang's, or the entry
// has none in lang yet (the translation will show what it places).
func shownIn(lang, text, entry string) string {
	return `(` + text + `.lang = ` + lang + ` OR NOT EXISTS (SELECT 1 FROM translations o WHERE o.entry_id = ` + entry + ` AND o.lang = ` + lang + `))`
}

// PhotosToDescribe lists, for each of the entries, the photos that put
// it on the board's "photos" list in lang (photoEntries: its lead image
// or a figure its texts in lang place, without an alt text in lang), in
// the order of their IDs; an entry with none is left out.
func (s *Store) PhotosToDescribe(ctx context.Context, lang string, entries []int64) (map[int64][]content.Image, error) {
	out := map[int64][]content.Image{}
	if len(entries) == 0 {
		return out, nil
	}
	figures := func(table, body, entry, join string) string {
		return `SELECT ` + entry + `, unnest(media_figures(m.` + body + `)) FROM ` + table + ` m` + join +
			` WHERE ` + entry + ` = ANY($2) AND strpos(m.` + body + `, '](media:') > 0 AND ` + shownIn("$1", "m", entry)
	}
	const article = ` JOIN newsletter_articles a ON a.id = m.article_id`
	rows, err := s.db.Query(ctx, `SELECT DISTINCT p.entry_id, p.media_id FROM (
			SELECT y.id AS entry_id, `+leadShown("$1", "y")+` AS media_id FROM entries y WHERE y.id = ANY($2)
			UNION ALL SELECT wl.entry_id, wl.lead_image_id FROM translation_drafts wl WHERE wl.entry_id = ANY($2) AND wl.lang = $1
			UNION ALL `+figures("translations", "body_md", "m.entry_id", "")+`
			UNION ALL `+figures("translation_drafts", "body_md", "m.entry_id", "")+`
			UNION ALL `+figures("newsletter_article_translations", "body_md", "a.entry_id", article)+`
			UNION ALL `+figures("newsletter_article_drafts", "body_md", "a.entry_id", article)+`) p
		WHERE p.media_id = ANY(`+undescribedPhotos("$1")+`::bigint[]) ORDER BY 1, 2`, lang, entries)
	if err != nil {
		return nil, mapErr("photos to describe", err)
	}
	type pair struct{ entry, media int64 }
	pairs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (pair, error) {
		var p pair
		err := row.Scan(&p.entry, &p.media)
		return p, err
	})
	if err != nil {
		return nil, mapErr("photos to describe", err)
	}
	ids := make([]int64, len(pairs))
	for i, p := range pairs {
		ids[i] = p.media
	}
	ims, err := s.Images(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		if im, ok := ims[p.media]; ok {
			out[p.entry] = append(out[p.entry], im)
		}
	}
	return out, nil
}

// Board returns one page of the translation board, and whether more follow.
func (s *Store) Board(ctx context.Context, adminLang string, f BoardFilter) ([]BoardItem, bool, error) {
	src, ok := boardSources[f.State]
	if !ok {
		return nil, false, fmt.Errorf("store: board state %q: %w", f.State, ErrNotFound)
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	cmp, dir := ">", "ASC"
	if f.Newest {
		cmp, dir = "<", "DESC"
	}
	q := boardRows(f.State, "$1", "$2", src.id+`, `+src.at)
	args := []any{f.Lang, string(f.Kind)}
	if f.After != nil {
		q += fmt.Sprintf(` AND (%s, %s) %s ($3, $4)`, src.at, src.id, cmp)
		args = append(args, f.After.At, f.After.ID)
	}
	q += fmt.Sprintf(` ORDER BY %s %s, %s %s LIMIT %d`, src.at, dir, src.id, dir, f.Limit+1)
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, false, mapErr("board", err)
	}
	type hit struct {
		id    int64
		since time.Time
	}
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (hit, error) {
		var h hit
		err := row.Scan(&h.id, &h.since)
		return h, err
	})
	if err != nil {
		return nil, false, mapErr("board", err)
	}
	more := len(hits) > f.Limit
	if more {
		hits = hits[:f.Limit]
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	rows, err = s.db.Query(ctx, `SELECT `+entryRowColumns+` FROM entries e WHERE e.id = ANY($2)`, adminLang, ids)
	if err != nil {
		return nil, false, mapErr("board rows", err)
	}
	found, err := pgx.CollectRows(rows, scanEntryRow)
	if err != nil {
		return nil, false, mapErr("board rows", err)
	}
	out := make([]BoardItem, 0, len(hits))
	for _, h := range hits {
		if i := slices.IndexFunc(found, func(r EntryRow) bool { return r.ID == h.id }); i >= 0 {
			out = append(out, BoardItem{EntryRow: found[i], Since: h.since})
		}
	}
	return out, more, nil
}

// BoardCount is how many entries are in each state in one language: the
// texts' states (Missing to Current) add up to the entries, each text
// counted once; Photos counts the live ones showing a photo without an
// alt text in the language, whatever their text's state.
type BoardCount struct {
	Lang                                              string
	Missing, Outdated, Draft, Review, Current, Photos int
}

// BoardCounts counts the board's states in each of the languages langs,
// among the entries of kind ("" for all) as the board lists them (not
// those in the trash). Missing, outdated, draft and review are small index
// ranges; in line is what is left of the entries, counted on an index of
// them (migration 00050); the photos to describe are read through the
// indexes of lead images and figures (photoEntries).
func (s *Store) BoardCounts(ctx context.Context, kind content.Kind, langs []string) (map[string]BoardCount, error) {
	out := map[string]BoardCount{}
	if len(langs) == 0 {
		return out, nil
	}
	if err := literalsSafe(kind, langs); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, boardCountsSQL(kind, langs))
	if err != nil {
		return nil, mapErr("board counts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c BoardCount
		var entries int
		if err := rows.Scan(&c.Lang, &c.Missing, &c.Outdated, &c.Draft, &c.Review, &c.Photos, &entries); err != nil {
			return nil, mapErr("board counts", err)
		}
		c.Current = entries - c.Missing - c.Outdated - c.Draft - c.Review
		out[c.Lang] = c
	}
	return out, mapErr("board counts", rows.Err())
}

// boardCountsSQL is BoardCounts's statement: a row for each language,
// each with the number of entries, counted once. The language and the
// kind are literals, not parameters. The planner sees which language each
// count is of: given it as a parameter, it estimated every language's
// gaps alike, and a language turned off that every entry misses made the
// count of another's few gaps a scan of them all (and the statement's
// cost, so estimated, had it compiled by JIT, which took longer than
// counting). And a statement without parameters is planned once per
// connection (its plan cached with it), where one with the kind a
// parameter was planned at each run, which cost as much as running it.
// (A language's code is two or three letters, by the languages table's
// check; the kind one of content's; both quoted all the same.)
func boardCountsSQL(kind content.Kind, langs []string) string {
	k := sqlString(string(kind))
	var b strings.Builder
	b.WriteString(`WITH n AS MATERIALIZED (SELECT count(*) AS entries FROM entries e WHERE (` + k + ` = '' OR e.kind = ` + k + `) AND e.deleted_at IS NULL)`)
	for i, code := range langs {
		lang := sqlString(code)
		count := func(state string) string { return `(` + boardRows(state, lang, k, "count(*)") + `)` }
		if i > 0 {
			b.WriteString("\nUNION ALL")
		}
		b.WriteString(` SELECT ` + lang + `, ` + count(BoardMissing) + `, ` + count(BoardOutdated) + `, ` + count(BoardDraft) + `, ` +
			count(BoardReview) + `, ` + count(BoardPhotos) + `, n.entries FROM n`)
	}
	return b.String()
}

// literalsSafe refuses what boardCountsSQL would write into its
// statement unless it is a kind of entry ("" for all) and language codes
// of two or three lower-case letters, as the tables' checks allow: its
// callers pass those, and a future one cannot pass anything else.
func literalsSafe(kind content.Kind, langs []string) error {
	if kind != "" && !slices.Contains(content.Kinds, kind) {
		return fmt.Errorf("store: board counts of kind %q: %w", kind, ErrNotFound)
	}
	for _, l := range langs {
		if len(l) < 2 || len(l) > 3 || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz") != "" {
			return fmt.Errorf("store: board counts in language %q: %w", l, ErrNotFound)
		}
	}
	return nil
}

// sqlString is s as an SQL string literal (of type text).
func sqlString(s string) string {
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'::text`
}

// ExplainBoardCounts runs BoardCounts's statement under EXPLAIN ANALYZE
// and returns its plan, for make bench (on the pool: the breaker's bound
// on a round trip would cut a slow plan short). With its costs: only then
// does EXPLAIN say whether the statement was compiled by JIT.
func (s *Store) ExplainBoardCounts(ctx context.Context, kind content.Kind, langs []string) (string, error) {
	if err := literalsSafe(kind, langs); err != nil {
		return "", err
	}
	rows, err := s.pool.Query(ctx, `EXPLAIN (ANALYZE) `+boardCountsSQL(kind, langs))
	if err != nil {
		return "", mapErr("explain board counts", err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return strings.Join(lines, "\n"), mapErr("explain board counts", err)
}
