package store_test

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"

	"vestnik/internal/poll"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestEraseDuringConfirmation: an admin erases an address while its
// confirmation link is being taken (Confirm holds the message's lock and
// is about to write the subscriber). The erasure waits for it and then
// erases what it wrote; before, the two took their locks in opposite
// orders and Postgres broke the deadlock by undoing the erasure.
func TestEraseDuringConfirmation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	const email = "Waiting@Example.org"
	sub, err := st.Subscribe(ctx, email, "en", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RecordSubscribeRequest(ctx, email, "en", netip.MustParseAddr("192.0.2.7"), true); err != nil {
		t.Fatal(err)
	}

	// A confirmation half way: its message locked as Confirm locks it.
	confirm, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { confirm.Rollback(context.Background()) })
	var pid int
	if err := confirm.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := confirm.Exec(ctx, `SELECT id FROM mail_queue WHERE kind = 'confirm' AND lower(to_addr) = lower($1) FOR SHARE`, email); err != nil {
		t.Fatal(err)
	}

	erased := make(chan error, 1)
	go func() { erased <- st.EraseSubscriber(ctx, sub.ID, store.AuditEntry{Action: "subscriber.erase"}) }()
	// The erasure waits on the confirmation's lock.
	if !poll.Until(time.Minute, func() bool {
		var n int
		err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE NOT granted AND $1 = ANY(pg_blocking_pids(pid))`, pid).Scan(&n)
		return err == nil && n > 0
	}) {
		t.Fatal("the erasure never waited on the confirmation under way")
	}
	// The confirmation writes the subscriber, as Subscribe does, and ends.
	if _, err := confirm.Exec(ctx, `UPDATE subscribers SET status = 'active', updated_at = now() WHERE lower(email) = lower($1)`, email); err != nil {
		t.Fatalf("the confirmation could not write the subscriber: %v", err)
	}
	if err := confirm.Commit(ctx); err != nil {
		t.Fatalf("the confirmation could not end: %v", err)
	}
	if err := <-erased; err != nil {
		t.Fatalf("the erasure failed: %v", err)
	}
	if _, err := st.SubscriberByID(ctx, sub.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the subscriber is still there after the erasure: %v", err)
	}
	var queued int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM mail_queue WHERE lower(to_addr) = lower($1)`, email).Scan(&queued); err != nil || queued != 0 {
		t.Errorf("%d queued messages to the erased address (%v)", queued, err)
	}
}
