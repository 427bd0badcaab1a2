package web_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/demo"
	"vestnik/internal/devdb"
	"vestnik/internal/markdown"
	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
	"vestnik/migrations"
)

// TestPostgresDownAndBack stops the database under a running server:
// cached pages keep being served with the hotline banner, the rest answer
// 503 with Retry-After and a localized page, and everything recovers on
// its own once the database is back.
func TestPostgresDownAndBack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c, err := devdb.New(dir, io.Discard)
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
	if _, err := store.Migrate(ctx, pool, migrations.FS); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, store.New(pool), markdown.New()); err != nil { // its own cluster: no template
		t.Fatal(err)
	}
	e := sitetest.NewWith(t, sitetest.Options{Cache: pagecache.New(8 << 20), Pool: pool})
	cached := []string{"/ru/", "/en/news/", "/ru/hotline", "/en/rss.xml"}
	for _, p := range cached {
		doc2(e, p, http.StatusOK)
	}

	// Load throughout: nothing but 200 and 503 may ever come back.
	stopLoad := make(chan struct{})
	loadDone := make(chan map[int]int)
	loading := make(chan struct{})
	go func() {
		seen := map[int]int{}
		for i := 0; ; i++ {
			if i == 1 {
				close(loading)
			}
			select {
			case <-stopLoad:
				loadDone <- seen
				return
			default:
			}
			// Cached pages, and a search never asked before (never cached).
			for _, p := range []string{"/ru/", "/en/hotline", "/en/search?q=load" + strconv.Itoa(i)} {
				seen[e.Get(p).StatusCode]++
			}
		}
	}()
	<-loading
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, p := range cached {
		res := e.Get(p)
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || (strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && !strings.Contains(string(b), `href="tel:&#43;99312463514"`)) {
			t.Errorf("cached %s with the database down: %d", p, res.StatusCode)
		}
	}
	for _, p := range []string{"/ru/newsletters/", "/en/sitemap", "/ru/search?q=test"} {
		res := e.Get(p)
		b, _ := io.ReadAll(res.Body)
		page := string(b)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s with the database down: %d, Retry-After %q", p, res.StatusCode, res.Header.Get("Retry-After"))
		}
		if p == "/ru/newsletters/" && (!strings.Contains(page, "Временно недоступно") || !strings.Contains(page, `href="tel:&#43;99312463514"`)) {
			t.Errorf("503 page is not the localized page with the hotline:\n%.1500s", page)
		}
	}
	if res := e.Get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database down: %d", res.StatusCode)
	}

	if _, err := c.Start(); err != nil {
		t.Fatal(err)
	}
	back := time.Now()
	for {
		res := e.Get("/ru/newsletters/")
		if res.StatusCode == http.StatusOK {
			t.Logf("recovered %v after the database returned", time.Since(back).Round(time.Millisecond))
			close(stopLoad)
			seen := <-loadDone
			for status, n := range seen {
				if status != http.StatusOK && status != http.StatusServiceUnavailable {
					t.Errorf("%d responses with status %d under load", n, status)
				}
			}
			t.Logf("statuses under load: %v", seen)
			if seen[http.StatusServiceUnavailable] == 0 {
				t.Error("the load never saw the database down")
			}
			break
		}
		if time.Since(back) > time.Minute { // only a server that never recovers
			t.Fatalf("still %d a minute after the database returned", res.StatusCode)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// doc2 GETs a page and checks its status.
func doc2(e *sitetest.Env, path string, want int) {
	e.T.Helper()
	if res := e.Get(path); res.StatusCode != want {
		e.T.Fatalf("GET %s: %d, want %d", path, res.StatusCode, want)
	}
}
