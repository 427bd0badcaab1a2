package demo_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/demo"
	"vestnik/internal/testdb"
)

// TestGenerate: the bench's generator adds published news in both
// languages, with search vectors, in batches, without the request
// statement timeout getting in its way (it is set here far below what a
// batch takes), and leaves the tables vacuumed (their pages all visible:
// the search's index-only walks depend on it).
func TestGenerate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// The pool's connections have a 5 ms statement timeout, as the
	// server's have 15 s.
	db := testdb.New(t)
	cfg := db.Config()
	cfg.ConnConfig.RuntimeParams["statement_timeout"] = "5"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	var last int
	if err := demo.Generate(ctx, pool, 120, func(done int) { last = done }); err != nil {
		t.Fatal(err)
	}
	// The checks take their time: on a busy machine even a BEGIN can
	// outlast 5 ms, so they use the database's own pool.
	var entries, texts, searchable, pages, visible int
	if err := db.QueryRow(ctx, `SELECT (SELECT count(*) FROM entries WHERE status = 'published'),
		(SELECT count(*) FROM translations), (SELECT count(*) FROM translations WHERE search @@ 'hotlin | горяч'::tsquery),
		relpages, relallvisible FROM pg_class WHERE oid = 'translations'::regclass`).Scan(&entries, &texts, &searchable, &pages, &visible); err != nil {
		t.Fatal(err)
	}
	if last != 120 || entries != 120 || texts != 240 || searchable == 0 {
		t.Errorf("progress %d; %d entries, %d texts, %d searchable", last, entries, texts, searchable)
	}
	if pages == 0 || visible != pages {
		t.Errorf("translations: %d of %d pages all visible, want every one (vacuumed)", visible, pages)
	}
}
