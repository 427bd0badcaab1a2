package store_test

import (
	"context"
	"testing"
	"time"

	"vestnik/internal/poll"
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

// TestSlowQueryIsNotAnOutage: a query that waits long on a database that
// answers (here for a lock) has the breaker check whether the database
// answers at all, as it would if the database hung; it does, and the
// breaker stays closed.
func TestSlowQueryIsNotAnOutage(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	st := store.New(pool)
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "LOCK TABLE hotlines IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := st.Hotlines(ctx, "en")
		done <- err
	}()
	if !poll.Until(time.Minute, func() bool { return store.Checks(st) > 0 }) {
		t.Fatal("a query waiting on a lock never had the breaker check the database")
	}
	tx.Rollback(ctx)
	<-done // it may have run out of time on a slow machine: no matter
	if down, _ := st.Down(); down {
		t.Error("a slow query on a database that answers opened the breaker")
	}
}
