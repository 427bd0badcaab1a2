package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// memory prints the servers' peak RSS through the runs before it (none
// with -only memory: uncached is nil), then fills the cached server's page
// cache and prints its peak RSS and what is resident now: the binary's
// mapped pages (RssFile) and the process's own memory (RssAnon).
func memory(ctx context.Context, dbURL string, cached, uncached *server) error {
	section("Memory")
	if uncached != nil {
		fmt.Printf("peak RSS through the runs above: cached server (CACHE_MB=32) %s, uncached server (CACHE_MB=0) %s\n",
			cached.peakRSS(), uncached.peakRSS())
	} else {
		fmt.Printf("after start: cached server (CACHE_MB=32) %s (binary %s, own %s)\n",
			cached.peakRSS(), cached.status("RssFile"), cached.status("RssAnon"))
	}
	entries, bytes, err := fillCache(ctx, dbURL, cached)
	if err != nil {
		return err
	}
	fmt.Printf("peak RSS with the cache full (%.0f pages, %.1f MB) and 2,000 pages more: cached server %s (goal: under 32 MB + CACHE_MB = 64 MB)\n",
		entries, bytes/(1<<20), cached.peakRSS())
	fmt.Printf("resident now: binary %s, own %s\n", cached.status("RssFile"), cached.status("RssAnon"))
	return nil
}

// fillCache asks the cached server for distinct articles, four at a
// time, until its page cache evicts (it is full) and then 2,000 more, or
// until the articles run out: the server's peak RSS then includes a full
// cache turning over, as a site's does once crawlers have been through
// it. It returns the pages and bytes the cache holds.
func fillCache(ctx context.Context, dbURL string, s *server) (entries, bytes float64, err error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, 0, err
	}
	rows, err := conn.Query(ctx, `SELECT '/' || lang || '/news/' || slug FROM translations
		WHERE kind = 'news' ORDER BY entry_id DESC LIMIT 12000`)
	if err != nil {
		conn.Close(ctx)
		return 0, 0, err
	}
	paths, err := pgx.CollectRows(rows, pgx.RowTo[string])
	conn.Close(ctx)
	if err != nil {
		return 0, 0, err
	}
	work := make(chan string)
	full := atomic.Int64{} // the index at which the cache was found full, plus one
	var wg sync.WaitGroup
	var firstErr error
	var once sync.Once
	for range 4 {
		wg.Go(func() {
			for p := range work {
				if _, err := get(s.base + p); err != nil {
					once.Do(func() { firstErr = err })
				}
			}
		})
	}
	for i, p := range paths {
		if f := full.Load(); f > 0 && i >= int(f)+2000 || firstErr != nil {
			break
		}
		work <- p
		if i%100 == 99 {
			m, err := cacheMetrics(s)
			if err != nil {
				close(work)
				wg.Wait()
				return 0, 0, err
			}
			if full.Load() == 0 && m["vestnik_cache_evictions_total"] > 0 {
				full.Store(int64(i) + 1)
			}
		}
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return 0, 0, firstErr
	}
	m, err := cacheMetrics(s)
	return m["vestnik_cache_entries"], m["vestnik_cache_bytes"], err
}

// cacheMetrics reads the vestnik_cache_ series of the server's /metrics.
func cacheMetrics(s *server) (map[string]float64, error) {
	res, err := http.Get(s.base + "/metrics")
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	m := map[string]float64{}
	for line := range strings.Lines(string(b)) {
		name, value, ok := strings.Cut(strings.TrimSpace(line), " ")
		if ok && strings.HasPrefix(name, "vestnik_cache_") {
			if v, err := strconv.ParseFloat(value, 64); err == nil {
				m[name] = v
			}
		}
	}
	if _, ok := m["vestnik_cache_bytes"]; !ok {
		return nil, fmt.Errorf("%s/metrics: no vestnik_cache_bytes", s.base)
	}
	return m, nil
}
