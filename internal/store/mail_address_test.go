package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"vestnik/internal/store"
	"vestnik/internal/testdb"
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
