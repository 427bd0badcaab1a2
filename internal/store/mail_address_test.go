package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"vestnik/internal/store"
	"vestnik/internal/testdb"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// TestMailFoundByAddress: the statements that find mail by its address —
// a confirmation link's lookup, and an erasure's deletes of the queued
// and the development outbox's mail — read it through an index, not every
// row of a queue where each issue sent left a row per subscriber.
func TestMailFoundByAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	if _, err := pool.Exec(ctx, `
		WITH e AS (INSERT INTO entries (kind) VALUES ('newsletter') RETURNING id),
		i AS (INSERT INTO newsletter_issues (entry_id, period) SELECT id, date '2030-01-01' FROM e RETURNING entry_id),
		s AS (INSERT INTO subscribers (email, lang) SELECT 'reader' || g || '@example.org', 'en' FROM generate_series(1, 4000) g RETURNING id)
		INSERT INTO mail_queue (kind, entry_id, subscriber_id, lang, status) SELECT 'issue', i.entry_id, s.id, 'en', 'sent' FROM i, s`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO mail_queue (kind, to_addr, lang, status) SELECT 'confirm', 'signup' || g || '@example.org', 'en', 'sent' FROM generate_series(1, 2000) g;
		INSERT INTO mail_outbox (message_id, to_addr, subject, text_body, html_body, raw)
			SELECT g::text, 'signup' || g || '@example.org', 's', 't', 'h', '\x00' FROM generate_series(1, 2000) g;
		ANALYZE mail_queue, mail_outbox`); err != nil {
		t.Fatal(err)
	}
	for name, sql := range store.MailByAddressSQL {
		plan := genericPlan(t, pool, sql, "Signup7@example.org", time.Now().Format(time.RFC3339))
		if strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s reads the whole table:\n%s", name, plan)
		}
	}
}

// genericPlan is the plan of sql as a prepared statement runs it once its
// plan is generic, for the parameters it takes of args ($1, $2, … in it),
// given as literals (EXECUTE takes no parameters of its own).
func genericPlan(t *testing.T, pool *pgxpool.Pool, sql string, args ...string) string {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `PREPARE p AS `+sql); err != nil {
		t.Fatal(err)
	}
	// A prepared statement outlives the transaction, on a connection the
	// pool keeps.
	defer tx.Exec(ctx, `DEALLOCATE p`)
	n := 0
	for n < len(args) && strings.Contains(sql, fmt.Sprintf("$%d", n+1)) {
		n++
	}
	marks := make([]string, n)
	for i := range marks {
		marks[i] = "'" + strings.ReplaceAll(args[i], "'", "''") + "'"
	}
	rows, err := tx.Query(ctx, `EXPLAIN (COSTS OFF) EXECUTE p(`+strings.Join(marks, ", ")+`)`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
