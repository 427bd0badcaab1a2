package main

import (
	"io"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"vestnik/internal/sitetest"
	"vestnik/internal/testdb"
)

// TestDatabaseHangs: a database that hangs — it accepts connections and
// answers nothing, on them or on those already open, as a stopped server
// or a network that drops packets does — refuses nothing the store could
// see. Each uncached page waited for its render's deadline (30 s), each
// search for its own (5 s), and the circuit breaker never opened, so they
// all kept waiting. Now an uncached page answers the localized 503 with
// Retry-After, the breaker opens (its one log line), and other pages are
// refused without waiting. (Cached pages keep being served through an
// outage: TestPostgresDownAndBack.) The content listener finds the hang
// too, by its heartbeat: it heard nothing, as from a quiet database, so
// cached pages were served for as long as the hang lasted, whatever
// CACHE_OUTAGE_MAX said.
func TestDatabaseHangs(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewDemoWithURL(t)
	proxy := testdb.NewHangingProxy(t, dbURL)
	bin := binary(t)
	addr := freeAddr(t)
	var logs syncBuffer
	env := append(os.Environ(), "DATABASE_URL="+proxy.URL, "CACHE_OUTAGE_MAX=1s", "ADDR="+addr, "BASE_URL=http://"+addr)
	srv := startServer(t, bin, addr, env, &logs)

	// Generous: a page answers within the store's 5-second bound, or at
	// once; only a request left to its render's 30 s deadline reaches it.
	client := &http.Client{Timeout: 20 * time.Second}
	get := func(path string) (int, http.Header, string) {
		t.Helper()
		res, err := client.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, logs.String())
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, string(b)
	}
	if code, _, _ := get("/en/"); code != http.StatusOK {
		t.Fatalf("GET /en/ before the hang: %d", code)
	}

	proxy.Hang()
	code, h, page := get("/ru/newsletters/")
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !strings.Contains(page, "Временно недоступно") {
		t.Errorf("an uncached page with the database hung: %d, Retry-After %q\n%.800s", code, h.Get("Retry-After"), page)
	}
	sitetest.Eventually(t, time.Minute, "the breaker opens", func() bool {
		return strings.Contains(logs.String(), `"msg":"database unreachable`)
	})
	for _, p := range []string{"/en/sitemap", "/ru/search?q=test", "/en/news/"} {
		if code, h, _ := get(p); code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
			t.Errorf("%s with the breaker open: %d, Retry-After %q", p, code, h.Get("Retry-After"))
		}
	}

	sitetest.Eventually(t, time.Minute, "the content listener finds its connection lost", func() bool {
		return strings.Contains(logs.String(), `"msg":"content listener lost its connection`)
	})
	sitetest.Eventually(t, time.Minute, "the page cached before the hang is no longer served past CACHE_OUTAGE_MAX", func() bool {
		code, _, _ := get("/en/")
		return code == http.StatusServiceUnavailable
	})

	// Stopping: pgx gives each connection 15 s to take its leave of a
	// database, one after another, and a hung one never answers; the
	// server waited that long per connection after it said "stopped".
	// It now leaves them to its exit.
	if err := srv.signal(t, syscall.SIGTERM); err != nil {
		t.Errorf("SIGTERM with the database hung: %v\n%s", err, logs.String())
	}
	if !strings.Contains(logs.String(), "its connections are left to close with the process") {
		t.Errorf("stopping with the database hung waited to close its connections:\n%s", logs.String())
	}
}
