// Command bench measures Vestnik on a large generated archive (make bench):
// it fills a database with generated news in both languages, shows the
// query plans of the list queries, measures p50/p95 latency of every kind
// of public URL with the page cache off, and throughput with wrk at 50
// connections against the cached and uncached server and a bare
// http.ServeContent ceiling serving the same bytes. It prints a table and
// the servers' peak RSS. Loopback only; every step is bounded in time.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/content"
	"vestnik/internal/store"
)

var (
	entries  = flag.Int("entries", 100000, "generated news items in the bench database")
	duration = flag.Duration("duration", 15*time.Second, "wrk time of each throughput case, split into its rounds")
	rounds   = flag.Int("rounds", 5, "rounds of the throughput cases, one after another: each case's median round is shown")
	conns    = flag.Int("connections", 50, "wrk connections")
	samples  = flag.Int("samples", 60, "requests per URL for the latency table")
	bin      = flag.String("vestnik", "bin/vestnik", "the vestnik binary")
	only     = flag.String("only", "", "one section: photos, plans, search, statements, throughput, memory")
	// One photo pipeline in a process of its own (photos.go).
	photoChild = flag.String("photo-child", "", "internal: run a photo pipeline (vips, go, none)")
	bareChild  = flag.String("bare-child", "", "internal: serve this file's bytes as the bare handler")
	photoFile  = flag.String("photo-file", "", "internal: the photo for -photo-child")
)

func main() {
	flag.Parse()
	if *bareChild != "" {
		if err := runBareChild(*bareChild); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *photoChild != "" {
		if err := runPhotoChild(*photoChild, *photoFile); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	admin := os.Getenv("DATABASE_URL")
	if admin == "" {
		return errors.New("DATABASE_URL is not set (run through make bench)")
	}
	if *only == "" || *only == "photos" {
		if err := photos(ctx, admin); err != nil || *only == "photos" {
			return err
		}
	}
	benchURL, err := ensureDatabase(ctx, admin)
	if err != nil {
		return err
	}
	if err := ensureWrk(); err != nil {
		return err
	}
	if *only == "" || *only == "plans" {
		section("Query plans (EXPLAIN ANALYZE on the generated archive)")
		if err := explain(ctx, benchURL); err != nil || *only == "plans" {
			return err
		}
	}
	if *only == "" || *only == "search" {
		section("Search: each statement of a search, with its plan (internal/store/search.go)")
		if err := explainSearches(ctx, benchURL); err != nil {
			return err
		}
	}
	if *only == "" || *only == "statements" {
		section("Statements: what an uncached page's reads cost, call by call")
		if err := statements(ctx, benchURL); err != nil || *only == "statements" {
			return err
		}
	}

	cached, err := startServer(benchURL, "32")
	if err != nil {
		return err
	}
	defer cached.stop()
	if *only == "memory" {
		return memory(ctx, benchURL, cached, nil)
	}
	uncached, err := startServer(benchURL, "0")
	if err != nil {
		return err
	}
	defer uncached.stop()
	fmt.Printf("\nfirst byte after start (warm binary): cached server %v, uncached server %v\n", cached.firstByte.Round(time.Millisecond), uncached.firstByte.Round(time.Millisecond))

	paths, err := benchPaths(ctx, benchURL)
	if err != nil {
		return err
	}
	if *only == "search" {
		paths = slices.DeleteFunc(paths, func(p benchPath) bool { return !strings.HasPrefix(p.name, "search") })
	}
	if *only != "throughput" {
		if err := latencyTable(paths, uncached); err != nil || *only == "search" {
			return err
		}
	}

	article := paths[2].path
	body, err := get(cached.base + article)
	if err != nil {
		return err
	}
	if err := throughput(ctx, benchURL, body, article, cached, uncached); err != nil {
		return err
	}
	return memory(ctx, benchURL, cached, uncached)
}

// latencyTable prints p50 and p95 of sequential requests to each path with
// the page cache off.
func latencyTable(paths []benchPath, uncached *server) error {
	section(fmt.Sprintf("Latency with the page cache off (%d sequential requests each; target p95 < 50 ms)", *samples))
	fmt.Printf("%-58s %9s %9s %9s  %s\n", "URL", "p50", "p95", "bytes", "")
	for _, p := range paths {
		lat, size, err := latency(uncached.base+p.path, *samples)
		if err != nil {
			return err
		}
		mark := "ok"
		if lat[95] > 50*time.Millisecond {
			mark = "OVER"
		}
		fmt.Printf("%-58s %9s %9s %9d  %s\n", p.name, ms(lat[50]), ms(lat[95]), size, mark)
	}
	return nil
}

func section(title string) {
	fmt.Printf("\n== %s\n", title)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

// ensureDatabase creates vestnik_bench beside the given database and fills
// it (once) with the demo content and the generated archive.
func ensureDatabase(ctx context.Context, admin string) (string, error) {
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	var exists bool
	conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'vestnik_bench')`).Scan(&exists)
	if !exists {
		if _, err := conn.Exec(ctx, `CREATE DATABASE vestnik_bench`); err != nil {
			return "", err
		}
	}
	u.Path = "/vestnik_bench"
	benchURL := u.String()
	// A bench database from an earlier run gets this version's schema.
	migrate := exec.Command(*bin, "migrate")
	migrate.Env = append(os.Environ(), "DATABASE_URL="+benchURL, "PGOPTIONS=-c synchronous_commit=on")
	if out, err := migrate.CombinedOutput(); err != nil {
		return "", fmt.Errorf("migrate: %w\n%s", err, out)
	}
	have := 0
	if c, err := pgx.Connect(ctx, benchURL); err == nil {
		c.QueryRow(ctx, `SELECT count(*) FROM entries WHERE kind = 'news'`).Scan(&have)
		c.Close(ctx)
	}
	if have < *entries {
		fmt.Printf("generating %d news items in English and Russian (once; about a minute per 100,000)…\n", *entries-have)
		cmd := exec.Command(*bin, "generate", "--entries", strconv.Itoa(*entries-have))
		cmd.Env = append(os.Environ(), "DATABASE_URL="+benchURL)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("generate: %w", err)
		}
		// generate vacuums and analyzes what it wrote.
	} else if err := vacuum(ctx, benchURL); err != nil {
		return "", err
	}
	fmt.Printf("bench database: %d+ news items (%s)\n", *entries, "vestnik_bench")
	return benchURL, nil
}

// vacuum vacuums and analyzes a kept bench database (a second of work
// when nothing changed): a migration that rewrote a table since it was
// generated leaves its pages not marked all-visible, and the planner then
// walks the table where it would read an index alone (the Russian
// search's database time doubled on a database in that state).
// (Migrations commit with synchronous_commit on: a commit not yet flushed
// cannot be marked.) A migration that filled a column (00038's backfill
// of entries) leaves the planner's statistics behind until autovacuum
// comes by: the uncached Russian search measured 99× the bare handler,
// not 85×.
func vacuum(ctx context.Context, url string) error {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, `VACUUM (ANALYZE) entries, translations, translation_gaps`); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	return nil
}

func ensureWrk() error {
	if _, err := exec.LookPath("wrk"); err == nil {
		return nil
	}
	if os.Geteuid() != 0 {
		return errors.New("wrk not found: install it (Debian/Ubuntu: sudo apt-get install wrk)")
	}
	fmt.Println("installing wrk (Debian's package)…")
	for _, args := range [][]string{{"update", "-q"}, {"install", "-y", "-q", "wrk"}} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return err
		}
	}
	return nil
}

// explain prints the plans of the list queries, so an index that stops
// being used shows.
func explain(ctx context.Context, dbURL string) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var cursorAt time.Time
	var cursorID int64
	conn.QueryRow(ctx, `SELECT published_at, entry_id FROM translations WHERE kind = 'news' AND lang = 'en' AND status = 'published'
		ORDER BY published_at DESC, entry_id DESC OFFSET 90000 LIMIT 1`).Scan(&cursorAt, &cursorID)
	var boardAt time.Time
	var boardID int64
	conn.QueryRow(ctx, `SELECT updated_at, entry_id FROM translations WHERE lang = 'ru' AND outdated_since IS NULL
		ORDER BY updated_at, entry_id OFFSET 50000 LIMIT 1`).Scan(&boardAt, &boardID)
	// Each language is published on its own: t is the translation shown.
	visible := `t.status = 'published' AND t.published_at <= now()`
	// Lists read their items' lead images with them.
	leadImage := ` LEFT JOIN media im ON im.id = e.lead_image_id AND im.width IS NOT NULL`
	queries := []struct {
		name string
		sql  string
		args []any
	}{
		{"news list, first page", `SELECT e.id, im.id FROM entries e JOIN translations t ON t.entry_id = e.id` + leadImage + ` WHERE ` + visible + ` AND t.kind = 'news' AND t.lang = 'en' ORDER BY t.published_at DESC, t.entry_id DESC LIMIT 11`, nil},
		{"news list, 90,000 items deep (keyset)", `SELECT e.id, im.id FROM entries e JOIN translations t ON t.entry_id = e.id` + leadImage + ` WHERE ` + visible + ` AND t.kind = 'news' AND t.lang = 'en' AND (t.published_at, t.entry_id) < ($1, $2) ORDER BY t.published_at DESC, t.entry_id DESC LIMIT 11`, []any{cursorAt, cursorID}},
		{"article by slug", `SELECT e.id FROM entries e JOIN translations t ON t.entry_id = e.id WHERE ` + visible + ` AND t.kind = 'news' AND t.lang = 'en' AND t.slug = 'item-50000-en'`, nil},
		{"sitemap file (id range)", `SELECT e.id FROM entries e WHERE e.status = 'published' AND e.published_at <= now() AND e.kind = 'news' AND e.id >= 50000 AND e.id < 51000 ORDER BY e.id`, nil},
		// The translation board (internal/store/board.go): one state in
		// one language, oldest first, by keyset.
		{"board: missing in Russian, first page", `SELECT e.entry_id, e.since FROM translation_gaps e WHERE e.lang = 'ru' ORDER BY e.since, e.entry_id LIMIT 51`, nil},
		{"board: outdated in Russian, first page", `SELECT e.entry_id, e.outdated_since FROM translations e WHERE e.lang = 'ru' AND e.outdated_since IS NOT NULL ORDER BY e.outdated_since, e.entry_id LIMIT 51`, nil},
		{"board: in line in Russian, 50,000 deep (keyset)", `SELECT e.entry_id, e.updated_at FROM translations e WHERE e.lang = 'ru' AND e.outdated_since IS NULL AND (e.updated_at, e.entry_id) > ($1, $2) ORDER BY e.updated_at, e.entry_id LIMIT 51`, []any{boardAt, boardID}},
	}
	for _, q := range queries {
		rows, err := conn.Query(ctx, "EXPLAIN (ANALYZE, COSTS OFF) "+q.sql, q.args...)
		if err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
		fmt.Printf("\n-- %s\n", q.name)
		for rows.Next() {
			var line string
			rows.Scan(&line)
			fmt.Println("   " + line)
		}
		rows.Close()
	}
	// The board's counts as the store counts them (BoardCounts), in the
	// languages turned on: on the dashboard (every kind), and for the
	// board opened without a state (here of news).
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	langs, _, err := st.EnabledLanguages(ctx)
	if err != nil {
		return err
	}
	for _, kind := range []content.Kind{"", content.KindNews} {
		plan, err := st.ExplainBoardCounts(ctx, kind, langs)
		if err != nil {
			return fmt.Errorf("board counts: %w", err)
		}
		fmt.Printf("\n-- board: counts per language (BoardCounts, kind %q: the dashboard's, the board's default)\n", kind)
		fmt.Println("   " + strings.ReplaceAll(plan, "\n", "\n   "))
	}
	return nil
}

// benchSearches are the searches whose every statement make bench
// explains: a common and a rare query in each language.
var benchSearches = []struct{ lang, query string }{
	{"ru", "горячая линия"}, {"ru", "Шымкент"}, {"en", "trafficking"}, {"en", "counter-trafficking"},
}

// explainSearches prints the plan of every statement of the first page of
// each bench search, as the store runs them.
func explainSearches(ctx context.Context, dbURL string) error {
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	for _, q := range benchSearches {
		others, err := otherLanguages(ctx, st, q.lang) // counted, as on the site
		if err != nil {
			return err
		}
		plans, err := st.ExplainSearch(ctx, q.lang, q.query, others, 10, 0)
		if err != nil {
			return fmt.Errorf("search %q: %w", q.query, err)
		}
		fmt.Printf("\n== search /%s/ %q\n", q.lang, q.query)
		for _, p := range plans {
			fmt.Println("   " + strings.ReplaceAll(p, "\n", "\n   "))
		}
	}
	return nil
}

// otherLanguages are the site's languages but lang: a search's counted
// ones.
func otherLanguages(ctx context.Context, st *store.Store, lang string) ([]string, error) {
	langs, err := st.Languages(ctx)
	var others []string
	for _, l := range langs {
		if l.Code != lang {
			others = append(others, l.Code)
		}
	}
	return others, err
}

type server struct {
	cmd       *exec.Cmd
	base      string
	firstByte time.Duration
	log       *os.File // the access log, when written to a file
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// startServer starts a bench server that writes its access log, as in
// production (to a file, removed when it stops).
func startServer(dbURL, cacheMB string) (*server, error) {
	log, err := os.CreateTemp("", "vestnik-bench-access-*.log")
	if err != nil {
		return nil, err
	}
	// The bench measures what searches cost: the highest client limit,
	// and wrk's search runs come from many clients (manyClients).
	s, err := startServerLog(dbURL, cacheMB, log, "LOG_LEVEL=info", "SEARCH_PER_MINUTE=10000", "TRUSTED_PROXIES=127.0.0.1")
	if err != nil {
		log.Close()
		os.Remove(log.Name())
	}
	return s, err
}

// startServerEnv starts a server with more environment (DEMO=true).
func startServerEnv(dbURL, cacheMB string, env ...string) (*server, error) {
	return startServerLog(dbURL, cacheMB, nil, env...)
}

// startServerLog starts a server logging to log (nil: the bench's stderr).
func startServerLog(dbURL, cacheMB string, log *os.File, env ...string) (*server, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{base: "http://" + addr, log: log}
	s.cmd = exec.Command(*bin, "serve")
	s.cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "CACHE_MB="+cacheMB, "LOG_LEVEL=error",
		"BASE_URL=http://"+addr, "GOMAXPROCS=2")
	s.cmd.Env = append(s.cmd.Env, env...)
	s.cmd.Stderr = os.Stderr
	if log != nil {
		s.cmd.Stderr = log
	}
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	for time.Since(start) < 30*time.Second {
		if res, err := http.Get(s.base + "/en/"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				s.firstByte = time.Since(start)
				return s, nil
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.stop()
	return nil, errors.New("server did not start")
}

func (s *server) stop() {
	if s.log != nil {
		defer os.Remove(s.log.Name())
		defer s.log.Close()
	}
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
		}
	}
}

// manyClients writes a wrk script that sends each request as from one of
// 200 clients behind a trusted proxy (X-Forwarded-For; the bench's
// servers trust 127.0.0.1): searches the page cache does not answer are
// limited per client, and a run of a few seconds asks more than one
// client may. It returns the script's path.
func manyClients() (string, error) {
	f, err := os.CreateTemp("", "vestnik-bench-*.lua")
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(`local n = 0
request = function()
  n = n + 1
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["X-Forwarded-For"] = "10.9." .. (n % 200) .. ".1"
  return wrk.format(nil, nil, h)
end
`)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// peakRSS reads the process's high-water mark of resident memory.
func (s *server) peakRSS() string { return s.status("VmHWM") }

// status reads one memory line of the process's /proc status, in MB.
func (s *server) status(field string) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return "?"
	}
	m := regexp.MustCompile(field + `:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		return "?"
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return fmt.Sprintf("%.1f MB", float64(kb)/1024)
}

type benchPath struct{ name, path string }

func benchPaths(ctx context.Context, dbURL string) ([]benchPath, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var deep string
	if err := conn.QueryRow(ctx, `SELECT (extract(epoch FROM published_at) * 1000000)::bigint || '-' || id FROM entries
		WHERE kind = 'news' ORDER BY published_at DESC, id DESC OFFSET 90000 LIMIT 1`).Scan(&deep); err != nil {
		return nil, err
	}
	var article, issue string
	conn.QueryRow(ctx, `SELECT slug FROM translations WHERE lang = 'en' AND kind = 'news' ORDER BY entry_id DESC OFFSET 50000 LIMIT 1`).Scan(&article)
	conn.QueryRow(ctx, `SELECT slug FROM translations WHERE lang = 'ru' AND kind = 'newsletter' LIMIT 1`).Scan(&issue)
	var chunk int
	conn.QueryRow(ctx, `SELECT (max(id) / 1000 / 2) + 1 FROM entries`).Scan(&chunk)
	paths := []benchPath{
		{"home /en/", "/en/"},
		{"news list, 90,000 items deep", "/en/news/?before=" + deep},
		{"article", "/en/news/" + article},
		{"newsletter issue", "/ru/newsletters/" + issue},
		{"search (ru, common words)", "/ru/search?q=" + url.QueryEscape("горячая линия")},
		{"search (ru, common words, page 60: past the ranked 30)", "/ru/search?page=60&q=" + url.QueryEscape("горячая линия")},
		{"search (ru, rare word)", "/ru/search?q=" + url.QueryEscape("Шымкент")},
		{"search (en, common word)", "/en/search?q=trafficking"},
		{"search (en, rare word)", "/en/search?q=counter-trafficking"},
		{"news list, first page (with count)", "/ru/news/"},
		{"sitemap index", "/sitemap.xml"},
		{"sitemap pages.xml", "/sitemaps/pages.xml"},
		{"sitemap news-" + strconv.Itoa(chunk) + ".xml", "/sitemaps/news-" + strconv.Itoa(chunk) + ".xml"},
	}
	for _, lang := range []string{"en", "ru"} {
		for _, sec := range []string{"", "news/", "newsletters/"} {
			for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
				paths = append(paths, benchPath{"feed /" + lang + "/" + sec + f, "/" + lang + "/" + sec + f})
			}
		}
	}
	return paths, nil
}

func get(u string) ([]byte, error) {
	res, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d", u, res.StatusCode)
	}
	return io.ReadAll(res.Body)
}

// latency measures sequential requests after a few warm-ups; it returns
// the 50th and 95th percentiles.
func latency(u string, n int) (map[int]time.Duration, int, error) {
	size := 0
	for i := 0; i < 3; i++ {
		b, err := get(u)
		if err != nil {
			return nil, 0, err
		}
		size = len(b)
	}
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		if _, err := get(u); err != nil {
			return nil, 0, err
		}
		ds[i] = time.Since(start)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return map[int]time.Duration{50: ds[n/2], 95: ds[n*95/100]}, size, nil
}

type wrkResult struct {
	rps      float64
	requests int
	failed   int // answers other than 2xx and 3xx
	p50, p99 string
}

var (
	rpsRe = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	reqRe = regexp.MustCompile(`(\d+) requests in`)
	badRe = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	p50Re = regexp.MustCompile(`\s50%\s+([\d.]+\w+)`)
	p99Re = regexp.MustCompile(`\s99%\s+([\d.]+\w+)`)
)

func wrk(u string, d time.Duration, clients bool) (wrkResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d+30*time.Second)
	defer cancel()
	args := []string{"-t2", "-c" + strconv.Itoa(*conns), "-d" + strconv.Itoa(int(d/time.Second)) + "s", "--latency"}
	if clients {
		script, err := manyClients()
		if err != nil {
			return wrkResult{}, err
		}
		defer os.Remove(script)
		args = append(args, "-s", script)
	}
	out, err := exec.CommandContext(ctx, "wrk", append(args, u)...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %w\n%s", u, err, out)
	}
	s := string(out)
	m := rpsRe.FindStringSubmatch(s)
	n := reqRe.FindStringSubmatch(s)
	p50 := p50Re.FindStringSubmatch(s)
	p99 := p99Re.FindStringSubmatch(s)
	if m == nil || n == nil || p50 == nil || p99 == nil {
		return wrkResult{}, fmt.Errorf("wrk output:\n%s", s)
	}
	rps, _ := strconv.ParseFloat(m[1], 64)
	requests, _ := strconv.Atoi(n[1])
	res := wrkResult{rps: rps, requests: requests, p50: p50[1], p99: p99[1]}
	if bad := badRe.FindStringSubmatch(s); bad != nil {
		res.failed, _ = strconv.Atoi(bad[1])
	}
	return res, nil
}
