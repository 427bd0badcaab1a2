package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/content"
	"vestnik/internal/store"
)

// statements measures what an uncached page's reads cost, one store call
// at a time on one connection: the backend's user+system time over many
// calls, divided by them, and this process's (the store's Go side: pgx,
// scanning, snippets). Nothing else shares the backend, so its rounds
// agree within about a tenth, where wrk's rounds of one binary moved by a
// third on this machine: compared within one run (two builds of the store
// in turn), it tells a change to a statement by what it costs (it caught a
// join that put a Memoize into the news list's plan, which wrk read as a
// trade between the processes). Between runs a busy machine moves it too.
func statements(ctx context.Context, benchURL string) error {
	cfg, err := pgxpool.ParseConfig(benchURL)
	if err != nil {
		return err
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	var backend int
	if err := pool.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		return err
	}
	news, _, err := st.ListItems(ctx, "en", content.KindNews, 1, 0)
	if err != nil || len(news) == 0 {
		return fmt.Errorf("statements: no news item to read: %v", err)
	}
	others, err := otherLanguages(ctx, st, "ru")
	if err != nil {
		return err
	}
	cases := []struct {
		name  string
		calls int
		call  func() error
	}{
		{"home (Front: news, latest issue, about)", 2000, func() error { _, err := st.Front(ctx, "en", 5); return err }},
		{"article (ItemBySlug)", 2000, func() error {
			_, _, err := st.ItemBySlug(ctx, "en", content.KindNews, news[0].Slug)
			return err
		}},
		{"news list (ItemsPage, first page)", 2000, func() error {
			_, err := st.ItemsPage(ctx, "en", content.KindNews, nil, nil, 10)
			return err
		}},
		{`search /ru/ "горячая линия", the others counted`, 300, func() error {
			_, err := st.Search(ctx, "ru", "горячая линия", others, 10, 0)
			return err
		}},
	}
	fmt.Println("CPU per call, one connection (median of three rounds): the Postgres backend's, and this process's")
	fmt.Printf("%-52s %12s %12s\n", "what", "Postgres µs", "Go µs")
	self := os.Getpid()
	for _, c := range cases {
		for range c.calls / 20 { // warm: plans cached, pages in memory
			if err := c.call(); err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
		}
		var pg, goSide []float64
		for range 3 {
			pg0, go0 := cpuTime(backend), cpuTime(self)
			for range c.calls {
				if err := c.call(); err != nil {
					return fmt.Errorf("%s: %w", c.name, err)
				}
			}
			per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(c.calls) }
			pg, goSide = append(pg, per(cpuTime(backend)-pg0)), append(goSide, per(cpuTime(self)-go0))
		}
		slices.Sort(pg)
		slices.Sort(goSide)
		fmt.Printf("%-52s %12.1f %12.1f\n", c.name, pg[1], goSide[1])
	}
	return nil
}
