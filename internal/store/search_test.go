package store_test

import (
	"cmp"
	"context"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/snippet"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestSearchPagesToTheLastMatch: a query matching 2,000 documents pages to
// its last result, in relevance order: the first SearchCandidates of the
// cheap order (title matches, then newest) ranked exactly, the rest in the
// cheap order; the best document is first although it is the oldest, its
// title being among the candidates. The same holds when the newest texts
// do not match, so the probe foresees no matches (the cheap order is then
// read after the count), and when texts are published together (newest
// first is then highest id first). When more titles match than are
// ranked, the newest of them are; when the matches are no more than the
// count's cap, they are all ranked, on every page alike.
func TestSearchPagesToTheLastMatch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name                              string
		n, newestWithout, together, every int
	}{
		{"probe sees matches", 2000, 0, 1, 80},
		{"probe sees none", 720, 400, 1, 80},
		{"published in threes", 1200, 0, 3, 80},
		{"more titles than candidates", 2000, 0, 1, 20},
		{"fewer than the count's cap: all ranked", 80, 0, 1, 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			pagesToTheLastMatch(t, c.n, c.newestWithout, c.together, c.every)
		})
	}
}

// englishTexts publishes n English news texts: text g (1 the newest) is
// k = g/together (rounded up) hours old, so texts published together are
// alike; its title and body are SQL expressions of g and k, where $1 is
// n, $2 together and $3… more. The table is then analyzed, as autovacuum
// would do, so the searches' plans are those of a database with texts.
func englishTexts(t *testing.T, pool *pgxpool.Pool, n, together int, title, body string, more ...any) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), `
		WITH e AS (
			INSERT INTO entries (kind, status, published_at)
			SELECT 'news', 'published', now() - ((g + $2 - 1) / $2) * interval '1 hour' FROM generate_series(1, $1::int) g
			RETURNING id, published_at)
		INSERT INTO translations (entry_id, kind, lang, title, slug, body_md, body_html)
		SELECT id, 'news', 'en', `+title+`, 'report-' || g, body, '<p>' || body || '</p>'
		FROM (SELECT id, g, (g + $2 - 1) / $2 AS k FROM (SELECT id, row_number() OVER (ORDER BY published_at DESC, id DESC) AS g FROM e) n) x,
			LATERAL (SELECT `+body+` AS body) b`, append([]any{n, together}, more...)...); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(context.Background(), `ANALYZE translations`); err != nil {
		t.Fatal(err)
	}
}

func pagesToTheLastMatch(t *testing.T, n, newestWithout, together, every int) {
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	// Every every-th k has the word in its title; the word appears 1–7
	// times in a body, 30 times in the oldest one's; the newestWithout
	// newest have neither.
	englishTexts(t, pool, n, together,
		`CASE WHEN k % $4 = 0 AND g > $3 THEN 'Zephyr report ' ELSE 'Report ' END || g`,
		`CASE WHEN g <= $3 THEN 'calm weather' ELSE repeat('zephyr winds and weather ', CASE WHEN g = $1 THEN 30 ELSE 1 + k::int % 7 END) END`,
		newestWithout, every)

	// The expected order, from the database's own rank of each document.
	type doc struct {
		id    int64
		at    time.Time
		title bool
		rank  float32
	}
	rows, err := pool.Query(ctx, `SELECT entry_id, published_at, ts_filter(search, '{a}') @@ q, ts_rank(search, q)
		FROM translations, websearch_to_tsquery('english', 'zephyrs') q WHERE lang = 'en' AND search @@ q`)
	if err != nil {
		t.Fatal(err)
	}
	var docs []doc
	for rows.Next() {
		var d doc
		if err := rows.Scan(&d.id, &d.at, &d.title, &d.rank); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	n -= newestWithout // the matches
	if rows.Err() != nil || len(docs) != n {
		t.Fatalf("%d documents match: %v", len(docs), rows.Err())
	}
	newest := func(a, b doc) int {
		if c := b.at.Compare(a.at); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	}
	slices.SortFunc(docs, func(a, b doc) int {
		if a.title != b.title {
			if a.title {
				return -1
			}
			return 1
		}
		return newest(a, b)
	})
	capped := n > store.SearchCountCap
	head := docs // up to the cap, every match is ranked
	if capped {
		head = docs[:store.SearchCandidates]
	}
	slices.SortFunc(head, func(a, b doc) int {
		if c := cmp.Compare(b.rank, a.rank); c != 0 {
			return c
		}
		return newest(a, b)
	})

	var got []int64
	const per = 50
	for offset := 0; ; offset += per {
		res, err := st.Search(ctx, "en", "zephyrs", nil, per, offset)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != min(n, store.SearchCountCap) || res.Capped != capped {
			t.Fatalf("count %d capped %v", res.Total, res.Capped)
		}
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if !res.More {
			break
		}
		if offset > n {
			t.Fatal("paging does not end")
		}
	}
	if len(got) != n {
		t.Fatalf("paged through %d results, want %d", len(got), n)
	}
	for i, d := range docs {
		if got[i] != d.id {
			t.Fatalf("result %d is entry %d, want %d (rank %v, title %v)", i+1, got[i], d.id, d.rank, d.title)
		}
	}
	var oldest int64
	if err := pool.QueryRow(ctx, `SELECT id FROM entries ORDER BY published_at, id LIMIT 1`).Scan(&oldest); err != nil {
		t.Fatal(err)
	}
	titles := 0
	for _, d := range docs {
		if d.title {
			titles++
		}
	}
	if first := got[0] == oldest; first != (titles <= store.SearchCandidates || !capped) {
		t.Errorf("%d titles match: the oldest and best %d first %v, the first result %d", titles, oldest, first, got[0])
	}
	// Past the last result there is nothing.
	if res, err := st.Search(ctx, "en", "zephyrs", nil, per, n); err != nil || len(res.Hits) != 0 || res.More {
		t.Errorf("past the end: %d hits, more %v, %v", len(res.Hits), res.More, err)
	}
}

// TestSearchIndexesPerLanguage: every language has its own GIN indexes of
// the search and title vectors (a migration that adds a language adds
// them; make bench shows the searches reading them).
func TestSearchIndexesPerLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	rows, err := pool.Query(ctx, `SELECT l.code, i.kind FROM languages l CROSS JOIN (VALUES ('search'), ('title_search')) i(kind)
		WHERE NOT EXISTS (SELECT 1 FROM pg_indexes x WHERE x.tablename = 'translations'
			AND x.indexname = 'translations_' || i.kind || '_' || l.code
			AND x.indexdef LIKE '%USING gin (' || i.kind || ') WHERE (lang = ''' || l.code || '''::text)')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code, kind string
		if err := rows.Scan(&code, &kind); err != nil {
			t.Fatal(err)
		}
		t.Errorf("language %s has no GIN index of its %s vectors", code, kind)
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
}

// TestSearchCountsOtherLanguages: the other languages' line counts their
// matches up to SearchCountCap, whether the probe of their newest texts
// saw them all, saw many (the count walks on from the probe's last text)
// or saw none (the index counts the older ones).
func TestSearchCountsOtherLanguages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	// English texts g = 1 (newest) … 400: "nebula" in the 150 newest,
	// "comet" in the 20 oldest, "pulsar" in every fifth (the probe sees 6,
	// the walk goes on from there: 80).
	englishTexts(t, pool, 400, 1, `'Report ' || g`, `concat_ws(' ', 'weather',
		CASE WHEN g <= 150 THEN 'nebula' END, CASE WHEN g > 380 THEN 'comet' END, CASE WHEN g % 5 = 0 THEN 'pulsar' END)`)
	for q, want := range map[string][]store.OtherCount{
		"nebula":  {{Lang: "en", Total: store.SearchCountCap, Capped: true}},
		"comet":   {{Lang: "en", Total: 20}},
		"pulsar":  {{Lang: "en", Total: 80}},
		"weather": {{Lang: "en", Total: store.SearchCountCap, Capped: true}},
		"zyxwv":   nil,
	} {
		res, err := st.Search(ctx, "ru", q, []string{"en"}, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Others, want) {
			t.Errorf("%q: others %+v, want %+v", q, res.Others, want)
		}
	}
}

// TestSearchCountsOtherLanguagesAfterACutWalk: a word common in the
// newest texts of a language only counted, and rare before, is walked by
// date from what its probe saw, up to the walk's cap; cut short there, it
// is counted through the index, in the same statement: all of its
// matches, not the walk's.
func TestSearchCountsOtherLanguagesAfterACutWalk(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	// "nova" in 10 of the newest 30 of 2,000 texts (the probe's share: a
	// third), and in 5 older than the walk's cap (1,442 texts).
	englishTexts(t, pool, 2000, 1, `'Report ' || g`, `CASE WHEN g <= 30 AND g % 3 = 0 OR g BETWEEN 1901 AND 1905 THEN 'nova' ELSE 'calm' END`)
	res, err := st.Search(ctx, "ru", "nova", []string{"en"}, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []store.OtherCount{{Lang: "en", Total: 15}}; !slices.Equal(res.Others, want) {
		t.Errorf("others %+v, want %+v", res.Others, want)
	}
}

// TestExplainSearchShowsThePlansThatRun: make bench's search plans are
// the prepared statements' plans under their settings — generic ones,
// where the arguments stay parameters — not plans made for the arguments.
func TestExplainSearchShowsThePlansThatRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(testdb.New(t))
	plans, err := st.ExplainSearch(ctx, "en", "weather", nil, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) == 0 {
		t.Fatal("no plans")
	}
	for _, p := range plans {
		if !strings.HasPrefix(p, "-- ") || !strings.Contains(p, "Execution Time") {
			t.Errorf("plan:\n%s", p)
		}
	}
	if probe := planOf(t, plans, "probe"); !strings.Contains(probe, "code = $1") {
		t.Errorf("the probe's plan is not its generic plan:\n%s", probe)
	}
}

// TestSearchProbeStopsAtTheMatchesItNeeds: the probe of the page's
// language reads its newest texts only until it has the matches the page
// needs (the count's, SearchCountCap+1, for the first pages), not all the
// texts it may probe; a page deeper than those reads on, and both count
// and page right.
func TestSearchProbeStopsAtTheMatchesItNeeds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	// "weather" in every text but every tenth: the probe asks for one
	// match more than it needs, and the 102nd is the 113th text.
	englishTexts(t, pool, 400, 1, `'Report ' || g`, `CASE WHEN g % 10 = 0 THEN 'calm' ELSE 'weather' END`)
	// The texts the probe numbered, whichever index it read them by.
	read := regexp.MustCompile(`WindowAgg \(actual time=\S+ rows=(\d+)`)
	for _, c := range []struct {
		offset, texts int
	}{{0, 113}, {90, 113}, {250, 200}} {
		plans, err := st.ExplainSearch(ctx, "en", "weather", nil, 10, c.offset)
		if err != nil {
			t.Fatal(err)
		}
		probe := planOf(t, plans, "probe")
		m := read.FindStringSubmatch(probe)
		if m == nil {
			t.Fatalf("offset %d: the probe's plan numbers no texts:\n%s", c.offset, probe)
		}
		if n, _ := strconv.Atoi(m[1]); n != c.texts {
			t.Errorf("offset %d: the probe read %d texts, want %d", c.offset, n, c.texts)
		}
		res, err := st.Search(ctx, "en", "weather", nil, 10, c.offset)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != store.SearchCountCap || !res.Capped || len(res.Hits) != 10 {
			t.Errorf("offset %d: count %d capped %v, %d hits", c.offset, res.Total, res.Capped, len(res.Hits))
		}
	}
}

// TestSearchCountWalksOnFromTheProbedTexts: a word in a fifth of the
// texts, the probe's 200 newest holding 40 matches of the 101 the count
// needs: the count walks on by date from the probe's last text (the
// 200th), not from its last match (the 196th), and reads to its 61st
// match after it (the 501st text): 301 texts.
func TestSearchCountWalksOnFromTheProbedTexts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	englishTexts(t, pool, 1000, 1, `'Report ' || g`, `CASE WHEN g % 5 = 1 THEN 'weather' ELSE 'calm' END`)
	plans, err := st.ExplainSearch(ctx, "en", "weather", nil, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	walk := planOf(t, plans, "entries matching after the probe's")
	// The texts the walk read (its scan of them; the cap's question, on
	// t_1, is not asked when it finds its matches).
	read := regexp.MustCompile(`Scan using \S+ on translations t \(actual time=\S+ rows=(\d+)`)
	m := read.FindStringSubmatch(walk)
	if m == nil {
		t.Fatalf("no walk of texts in the plan:\n%s", walk)
	}
	if n, _ := strconv.Atoi(m[1]); n != 301 {
		t.Errorf("the count's walk read %d texts after the probe's, want 301:\n%s", n, walk)
	}
	res, err := st.Search(ctx, "en", "weather", nil, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != store.SearchCountCap || !res.Capped || len(res.Hits) != 10 {
		t.Errorf("count %d capped %v, %d hits", res.Total, res.Capped, len(res.Hits))
	}
}

// planOf is the plan of the search's step named name (the first).
func planOf(t *testing.T, plans []string, name string) string {
	t.Helper()
	for _, p := range plans {
		if strings.HasPrefix(p, "-- "+name+" (round trip ") {
			return p
		}
	}
	t.Fatalf("no plan of %q", name)
	return ""
}

// TestSearchRoundTrips: a search for common words is two round trips —
// the probe, which sees enough matches to count them and walks the title
// matches too, with the articles; then the page, with the other
// languages' counts — and a word the probe does not see, three (the
// count through the index between).
func TestSearchRoundTrips(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	// "weather" in every text, in every tenth title; "squall" in the
	// oldest ten.
	englishTexts(t, pool, 400, 1, `CASE WHEN g % 10 = 0 THEN 'Weather report ' ELSE 'Report ' END || g`,
		`CASE WHEN g > 390 THEN 'squall' ELSE 'weather' END`)
	trip := regexp.MustCompile(`^-- (.+) \(round trip (\d+)\)`)
	for q, want := range map[string]map[string]int{
		"weather": {"probe": 1, "articles matching": 1, "rank and page": 2},
		"squall":  {"probe": 1, "articles matching": 1, "entries matching": 2, "rank and page": 3},
	} {
		plans, err := st.ExplainSearch(ctx, "en", q, nil, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, p := range plans {
			if m := trip.FindStringSubmatch(p); m != nil {
				got[m[1]], _ = strconv.Atoi(m[2])
			}
		}
		if !maps.Equal(got, want) {
			t.Errorf("%q: steps by round trip %v, want %v", q, got, want)
		}
	}
}

// TestSearchOtherLanguagesOnlyCounted: a language whose matches are only
// counted is counted in one statement, in the first round trip, with the
// page's language's probe — no probe of its own, no title walk (a title
// match among its probed texts would start a walk for a page nobody asked
// for, through every title when the word is rare in them), no round trip
// more — and a query that in its configuration only excludes words ("и"
// is a Russian stop word: "и -линия" is "!'лин'") counts nothing there,
// articles included.
func TestSearchOtherLanguagesOnlyCounted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	englishTexts(t, pool, 400, 1, `CASE WHEN g % 10 = 0 THEN 'Weather report ' ELSE 'Report ' END || g`, `'weather'`)
	plans, err := st.ExplainSearch(ctx, "ru", "weather", []string{"en"}, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	var english []string
	for _, p := range plans {
		if strings.Contains(p, "lang = 'en'") || strings.Contains(p, "code = 'en'") {
			english = append(english, strings.SplitN(p, "\n", 2)[0])
		}
	}
	if want := []string{"-- count in en (round trip 1)"}; !slices.Equal(english, want) {
		t.Errorf("the statements on English texts: %q, want %q", english, want)
	}
	// A Russian issue with an article without "линия".
	if _, err := pool.Exec(ctx, `
		WITH e AS (INSERT INTO entries (kind, status, published_at) VALUES ('newsletter', 'published', now() - interval '1 day') RETURNING id),
		t AS (INSERT INTO translations (entry_id, kind, lang, title, slug, body_md, body_html)
			SELECT id, 'newsletter', 'ru', 'Выпуск', 'vypusk', 'текст', '<p>текст</p>' FROM e),
		i AS (INSERT INTO newsletter_issues (entry_id, period) SELECT id, '2020-01-01' FROM e RETURNING entry_id),
		a AS (INSERT INTO newsletter_articles (entry_id, position) SELECT entry_id, 1 FROM i RETURNING id)
		INSERT INTO newsletter_article_translations (article_id, lang, title, body_md, body_html)
		SELECT id, 'ru', 'Погода', 'солнце', '<p>солнце</p>' FROM a`); err != nil {
		t.Fatal(err)
	}
	res, err := st.Search(ctx, "en", "и -линия", []string{"ru"}, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Others) != 0 {
		t.Errorf("other languages %+v for a query that only excludes words in Russian", res.Others)
	}
}

// TestSearchRussianFleetingVowel: a Russian word whose vowel drops when it
// is inflected ("звонок", "звонков"; "отец", "отца") is found in either
// form, and marked in the snippet; a short word is not stretched ("сок"
// does not find "ск"), and an excluded word excludes every form.
func TestSearchRussianFleetingVowel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	texts := []string{
		"Звонок на горячую линию бесплатный.",
		"За месяц линия приняла сотни звонков.",
		"Паспорт отца и документы.",
		"Отец и сын уехали на заработки.",
		"Сок и вода для участников.",
		"Ск и вода для участников.",
	}
	for i, body := range texts {
		if _, err := pool.Exec(ctx, `WITH e AS (INSERT INTO entries (kind, status, published_at)
				VALUES ('news', 'published', now() - $1 * interval '1 hour') RETURNING id)
			INSERT INTO translations (entry_id, kind, lang, title, slug, body_md, body_html)
			SELECT id, 'news', 'ru', 'Новость ' || $1, 'novost-' || $1, $2::text, '<p>' || $2 || '</p>' FROM e`,
			i+1, body); err != nil {
			t.Fatal(err)
		}
	}
	for query, want := range map[string][]string{
		"звонок":          {"Звонок", "звонков"},
		"звонков":         {"Звонок", "звонков"},
		"звонки":          {"Звонок", "звонков"},
		"отец":            {"отца", "Отец"},
		"отца":            {"отца", "Отец"},
		"сок":             {"Сок"},
		"линия -звонками": nil,
	} {
		res, err := st.Search(ctx, "ru", query, nil, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		var marked []string
		for _, h := range res.Hits {
			for _, part := range strings.Split(h.Snippet, snippet.MarkStart)[1:] {
				w, _, _ := strings.Cut(part, snippet.MarkStop)
				marked = append(marked, w)
			}
		}
		slices.Sort(marked)
		slices.Sort(want)
		if !slices.Equal(marked, want) {
			t.Errorf("%q: marked %q, want %q", query, marked, want)
		}
	}
}

// TestSearchProbeWalksOneLanguage: the probe walks its language's texts
// by date in the index that holds them in that order, not every
// language's texts through the index on the date alone, filtered and
// sorted (the planner's choice at the default random_page_cost: twice
// the rows read, and a sort).
func TestSearchProbeWalksOneLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	englishTexts(t, pool, 2000, 1, `'Report ' || g`, `'weather and more weather'`)
	if _, err := pool.Exec(ctx, `
		INSERT INTO translations (entry_id, kind, lang, title, slug, body_md, body_html)
		SELECT entry_id, kind, 'ru', 'Отчёт ' || entry_id, 'otchet-' || entry_id, 'погода', '<p>погода</p>'
		FROM translations WHERE lang = 'en';
		ANALYZE translations`); err != nil {
		t.Fatal(err)
	}
	plans, err := st.ExplainSearch(ctx, "en", "weather", nil, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	probe := planOf(t, plans, "probe")
	if !strings.Contains(probe, "Index Cond: ((lang = 'en'::text) AND (published_at <= now()))") || strings.Contains(probe, "Sort Key: t.published_at") {
		t.Errorf("the probe does not walk the English texts by date:\n%s", probe)
	}
}

// TestSearchWalkCutShort: a word in the newest texts and in no older one
// looks common to the probe, which then walks texts by date: the title
// matches for the page's candidates (20 recent), and the matches after
// its own to count them (40 recent). Each walk stops at its cap (walkCap:
// the title walk read all 7,000 titles, 54 ms for such a word on the
// 100,000-text bench) and the set is read through the index instead.
// The results are the same: every match, ranked.
func TestSearchWalkCutShort(t *testing.T) {
	t.Parallel()
	for _, recent := range []int{20, 40} {
		t.Run(strconv.Itoa(recent), func(t *testing.T) {
			t.Parallel()
			walkCutShort(t, recent)
		})
	}
}

func walkCutShort(t *testing.T, recent int) {
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	const n = 7000
	englishTexts(t, pool, n, 1,
		`CASE WHEN g <= $3 THEN 'Zephyr report ' ELSE 'Report ' END || g`,
		`CASE WHEN g <= $3 THEN repeat('zephyr winds ', 1 + g::int % 5) ELSE 'calm weather' END`, recent)
	var got []int64
	for offset := 0; offset < recent; offset += 10 {
		res, err := st.Search(ctx, "en", "zephyrs", nil, 10, offset)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != recent || res.Capped {
			t.Fatalf("%d results (capped %v), want %d", res.Total, res.Capped, recent)
		}
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
	}
	if slices.Sort(got); len(slices.Compact(got)) != recent {
		t.Errorf("paged through %d distinct results, want %d", len(slices.Compact(got)), recent)
	}
	plans, err := st.ExplainSearch(ctx, "en", "zephyrs", nil, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A walk's rows read: those its scan returned and those it filtered
	// out.
	read := func(plan, alias string) int {
		t.Helper()
		m := regexp.MustCompile(`Index (?:Only )?Scan using \S+ on translations ` + alias + ` \(actual time=\S+ rows=(\d+)[^>]*`).FindStringSubmatch(plan)
		if m == nil {
			t.Fatalf("no walk of the texts (%s):\n%s", alias, plan)
		}
		returned, _ := strconv.Atoi(m[1])
		var removed int
		if r := regexp.MustCompile(`Rows Removed by Filter: (\d+)`).FindStringSubmatch(m[0]); r != nil {
			removed, _ = strconv.Atoi(r[1])
		}
		return returned + removed
	}
	if recent < store.SearchCandidates { // the probe's title walk (t_1) is cut
		if rows := read(planOf(t, plans, "probe"), "t_1"); rows >= n || rows < store.SearchCandidates {
			t.Errorf("the title walk read %d of %d titles", rows, n)
		}
		if titles := planOf(t, plans, "entries matching in the title"); !strings.Contains(titles, "Bitmap Index Scan") {
			t.Errorf("the title matches were not read through the index after the walk:\n%s", titles)
		}
		return
	}
	// The count's walk after the probe's texts is cut.
	if rows := read(planOf(t, plans, "entries matching after the probe's"), "t"); rows >= n-200 {
		t.Errorf("the count's walk read %d of %d texts", rows, n)
	}
	if count := planOf(t, plans, "entries matching"); !strings.Contains(count, "Bitmap Index Scan") {
		t.Errorf("the matches were not counted through the index after the walk:\n%s", count)
	}
}

// TestSearchWalkToTheEnd: a walk that reads every text of a language
// short of what it wanted was not cut: what it found is all there is, and
// no round trip reads it again (a site of a few hundred texts with fewer
// title matches than the candidates).
func TestSearchWalkToTheEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	englishTexts(t, pool, 300, 1,
		`CASE WHEN g <= 20 THEN 'Zephyr report ' ELSE 'Report ' END || g`, `'zephyr winds ' || g`)
	res, err := st.Search(ctx, "en", "zephyrs", nil, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != store.SearchCountCap || !res.Capped || len(res.Hits) != 10 {
		t.Fatalf("%d results (capped %v), %d shown", res.Total, res.Capped, len(res.Hits))
	}
	plans, err := st.ExplainSearch(ctx, "en", "zephyrs", nil, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plans {
		if strings.HasPrefix(p, "-- entries matching in the title") {
			t.Errorf("the title matches read again after the probe walked them all:\n%s", p)
		}
	}
}
