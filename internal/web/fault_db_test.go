package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/devdb"
	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

const hotlineTel = `href="tel:&#43;99312463514"`

// TestPostgresDownAndBack stops the database under a running server and
// load: through the whole outage — after the listener has noticed and
// retried several times — every page, feed and sitemap cached before
// answers 200 with the hotline banner; the rest answer the localized 503
// with Retry-After, at once (the circuit breaker answers without trying
// the database); readiness says not ready. When the database is back, the
// first request sees a change whose notification was lost.
func TestPostgresDownAndBack(t *testing.T) {
	t.Parallel()
	c, err := devdb.New(t.TempDir(), io.Discard) // a cluster of its own, to stop
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Stop()
		os.RemoveAll(filepath.Dir(c.DataDir))
		os.RemoveAll(c.SockDir)
	})
	if _, err := c.Start(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(c.URL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := testdb.LoadDemo(ctx, pool, c.URL()); err != nil { // its own cluster: no template
		t.Fatal(err)
	}
	cache := pagecache.New(8 << 20)
	var logs lockedBuffer
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache, Pool: pool, Log: &logs})

	// The listener as serve wires it, reporting to the test.
	var lostAttempts atomic.Int64
	back := make(chan struct{}, 1)
	listening := make(chan struct{})
	var once sync.Once
	lctx, stop := context.WithCancel(ctx)
	t.Cleanup(stop)
	go e.Store.ListenContent(lctx, sitetest.Discard, store.ContentEvents{
		Changed: func(entry int64) {
			cache.Changed(entry)
			once.Do(func() { close(listening) })
		},
		Lost: func(_ error, attempts int) {
			cache.DatabaseLost(time.Now())
			lostAttempts.Store(int64(attempts))
		},
		Back: func() {
			cache.DatabaseBack()
			back <- struct{}{}
		},
	})

	// Listening (its first purge done) before anything is cached.
	select {
	case <-listening:
	case <-time.After(time.Minute):
		t.Fatal("the listener never listened")
	}
	cached := []string{"/ru/", "/en/news/", "/ru/hotline", "/en/rss.xml", "/ru/atom.xml", "/sitemap.xml", "/sitemaps/news-1.xml"}
	for _, p := range cached {
		if res := e.Get(p); res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", p, res.StatusCode)
		}
	}

	// Load throughout: nothing but 200 and 503 may ever come back.
	var loadMu sync.Mutex
	seen := map[int]int{}
	loadCtx, stopLoad := context.WithCancel(ctx)
	loadDone := make(chan struct{})
	go func() {
		defer close(loadDone)
		for i := 0; loadCtx.Err() == nil; i++ {
			// Cached pages, and a search never asked before (never cached).
			for _, p := range []string{"/ru/", "/en/hotline", "/en/search?q=load" + strconv.Itoa(i)} {
				code := e.Get(p).StatusCode
				loadMu.Lock()
				seen[code]++
				loadMu.Unlock()
			}
		}
	}()

	// A change whose notification is lost: after the outage, the listener
	// cannot know what it missed, so its return must purge.
	if _, err := pool.Exec(ctx, `BEGIN; SET LOCAL session_replication_role = replica;
		UPDATE hotlines SET display = 'NEW NUMBER' WHERE position = 1; COMMIT`); err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(e.Get("/ru/").Body); strings.Contains(string(b), "NEW NUMBER") {
		t.Fatal("the change was notified: the test proves nothing")
	}

	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	// The listener has noticed and retried a few times: from now on the
	// old code had purged the cache.
	sitetest.Eventually(t, time.Minute, "the listener retried three times", func() bool { return lostAttempts.Load() >= 3 })

	for _, p := range cached {
		res := e.Get(p)
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && !strings.Contains(string(b), hotlineTel) {
			t.Errorf("cached %s with the database down: %d", p, res.StatusCode)
		}
	}
	if down, _ := e.Store.Down(); !down {
		t.Error("the store has not noticed the database is down")
	}
	_, refusedBefore := e.Store.Down()
	for _, p := range []string{"/ru/newsletters/", "/en/sitemap", "/ru/search?q=test"} {
		res := e.Get(p)
		b, _ := io.ReadAll(res.Body)
		page := string(b)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s with the database down: %d, Retry-After %q", p, res.StatusCode, res.Header.Get("Retry-After"))
		}
		if p == "/ru/newsletters/" && (!strings.Contains(page, "Временно недоступно") || !strings.Contains(page, hotlineTel)) {
			t.Errorf("503 page is not the localized page with the hotline:\n%.1500s", page)
		}
	}
	if _, refused := e.Store.Down(); refused <= refusedBefore {
		t.Error("uncached pages tried the database instead of the circuit breaker answering")
	}
	if res := e.Get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database down: %d", res.StatusCode)
	}
	if res := e.Get("/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("healthz with the database down: %d", res.StatusCode)
	}

	// Back: the first request after the listener is back sees the change
	// it was never told of.
	if _, err := c.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-back:
	case <-time.After(time.Minute):
		t.Fatal("the listener never came back")
	}
	if b, _ := io.ReadAll(e.Get("/ru/").Body); !strings.Contains(string(b), "NEW NUMBER") {
		t.Error("the first request after the database returned is stale")
	}
	if res := e.Get("/readyz"); res.StatusCode != http.StatusOK {
		t.Errorf("readyz after: %d", res.StatusCode)
	}
	stopLoad()
	<-loadDone
	for status, n := range seen {
		if status != http.StatusOK && status != http.StatusServiceUnavailable {
			t.Errorf("%d responses with status %d under load", n, status)
		}
	}
	if seen[http.StatusServiceUnavailable] == 0 {
		t.Error("the load never saw the database down")
	}
	t.Logf("statuses under load: %v", seen)

	// One log line per request, a 503 with its cause; the outage itself
	// is logged when it begins and when it ends.
	logs.mu.Lock()
	defer logs.mu.Unlock()
	perRequest := map[string]int{}
	var unavailable, began, ended int
	sc := bufio.NewScanner(&logs.b)
	sc.Buffer(nil, 1<<20) // (a line longer than the default 64 KiB ended the scan unnoticed)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %q", sc.Text())
		}
		if id, ok := rec["request_id"].(string); ok {
			perRequest[id]++
		}
		switch {
		case rec["msg"] == "request" && rec["status"] == float64(http.StatusServiceUnavailable) && rec["path"] != "/readyz":
			unavailable++
			if rec["err"] == nil {
				t.Errorf("a 503 without its cause: %s", sc.Text())
			}
		case strings.HasPrefix(rec["msg"].(string), "database unreachable"):
			began++
		case rec["msg"] == "database reachable again":
			ended++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading the log: %v", err)
	}
	for id, n := range perRequest {
		if n != 1 {
			t.Errorf("request %s logged on %d lines", id, n)
		}
	}
	t.Logf("%d lines for 503s; the outage's start logged %d times, its end %d times", unavailable, began, ended)
	if unavailable == 0 || began == 0 || ended == 0 {
		t.Errorf("%d 503s logged, the outage's start logged %d times, its end %d times", unavailable, began, ended)
	}
}

// TestPartitionIsNotAnOutage: an instance cut off from a database that
// others still reach may serve pages stale, but no longer than the outage
// limit; after it, pages come fresh from the database again.
func TestPartitionIsNotAnOutage(t *testing.T) {
	t.Parallel()
	cache := pagecache.New(8 << 20)
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache})
	if b, _ := io.ReadAll(e.Get("/ru/").Body); !strings.Contains(string(b), hotlineTel) {
		t.Fatal("no banner")
	}
	// Another instance changes the hotline; this one hears nothing.
	if _, err := e.Pool.Exec(context.Background(), `UPDATE hotlines SET display = 'NEW NUMBER' WHERE position = 1`); err != nil {
		t.Fatal(err)
	}
	cache.DatabaseLost(time.Now().Add(-time.Minute))
	if b, _ := io.ReadAll(e.Get("/ru/").Body); strings.Contains(string(b), "NEW NUMBER") {
		t.Fatal("within the limit, the cached page should still be served")
	}
	cache.DatabaseBack()
	cache.DatabaseLost(time.Now().Add(-pagecache.DefaultOutageLimit - time.Second))
	if b, _ := io.ReadAll(e.Get("/ru/").Body); !strings.Contains(string(b), "NEW NUMBER") {
		t.Error("past the limit, the stale page is still served")
	}
}
