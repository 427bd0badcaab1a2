package store_test

import (
	"context"
	"testing"

	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestCanceledIsNotAnOutage: a query whose caller has gone (its context
// canceled) on a connection the store holds — for the round trips of one
// search — fails, but says nothing of the database. pgx calls a query
// sent on a canceled context safe to retry, as it does a refused
// connection; taken for a lost database, it opened the breaker and made
// every page a 503 for a second whenever a client went away mid-search.
func TestCanceledIsNotAnOutage(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	conn, err := pool.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = conn.Exec(ctx, "SELECT 1")
	if err == nil {
		t.Fatal("a query on a canceled context succeeded")
	}
	if store.ConnectionLost(err) {
		t.Errorf("%v: taken for a lost connection", err)
	}
}
