// Package store owns all SQL. Every method takes ctx first; "not found" is
// ErrNotFound and unique violations are ErrConflict; writes that touch more
// than one row run in InTx.
package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Sentinel errors callers test with errors.Is.
var (
	ErrNotFound = errors.New("store: not found")
	ErrConflict = errors.New("store: conflict")
	// ErrUnavailable: the database did not answer (down, unreachable,
	// shutting down, out of connections, or too slow). Worth a 503 and a
	// retry rather than a 500.
	ErrUnavailable = errors.New("store: database unavailable")
)

// db is what both a pool and a transaction offer.
type db interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Store runs queries on a pool, or on a transaction inside InTx.
type Store struct {
	pool *pgxpool.Pool
	db   db
	brk  *breaker // shared by the stores of one pool

	// quiet is how long ListenContent waits for a notification before
	// its heartbeat (0: listenQuiet; shorter in tests), heartbeats how
	// many it has sent.
	quiet      time.Duration
	heartbeats atomic.Int64
}

// New returns a store on the pool, behind a circuit breaker (breaker.go).
func New(pool *pgxpool.Pool) *Store {
	brk := &breaker{connect: &pool.Config().ConnConfig.Config}
	return &Store{pool: pool, db: guarded{pool, brk}, brk: brk}
}

// InTx runs fn with a store bound to one transaction, committing when fn
// returns nil and rolling back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(*Store) error) error {
	return markUnavailable(pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		return fn(&Store{pool: s.pool, db: tx, brk: s.brk})
	}))
}

// oneConn returns a db bound to one pooled connection, for a sequence of
// round trips, and its release. A round trip on the pool takes a
// connection and gives it back: under load each taking queues behind
// other requests and wakes goroutines, so a request of several round
// trips takes one connection once. In a transaction the store already has
// one.
func (s *Store) oneConn(ctx context.Context) (db, func(), error) {
	g, ok := s.db.(guarded)
	if !ok {
		return s.db, func() {}, nil
	}
	if err := g.brk.allow(); err != nil {
		return nil, nil, err
	}
	bd := g.brk.bound(ctx)
	c, err := s.pool.Acquire(bd.ctx)
	err = bd.err(err)
	bd.done()
	if err != nil {
		g.brk.result(err) // a connection refused; a taken one proves nothing yet
		return nil, nil, err
	}
	return guarded{c, g.brk}, c.Release, nil
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.pool.Ping(ctx)
}

// mapErr turns driver errors into the store's sentinels, keeping the chain.
func mapErr(what string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	if unavailable(err) {
		return fmt.Errorf("store: %s: %w: %w", what, ErrUnavailable, err)
	}
	var pgErr *pgconn.PgError
	// 23505 unique violation; 23503: a row another change still refers to,
	// or one it removed meanwhile.
	if errors.As(err, &pgErr) && (pgErr.Code == "23505" || pgErr.Code == "23503") {
		return fmt.Errorf("store: %s: %w (%s)", what, ErrConflict, pgErr.ConstraintName)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// markUnavailable marks an error that means the database is not answering
// with ErrUnavailable, once.
func markUnavailable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !unavailable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// unavailable reports whether a driver error means the database is not
// answering, rather than that the query was wrong.
func unavailable(err error) bool {
	if errors.Is(err, ErrUnavailable) {
		return true
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	if errors.As(err, &connErr) {
		// No connection, whatever the server said: not accepting
		// connections (55000), no such database (3D000), a password
		// changed (28P01) — the database is away for every request.
		return true
	}
	if errors.As(err, &pgErr) {
		// 08: connection exception; 57: operator intervention (shutdown,
		// terminated backend, statement timeout 57014); 53: insufficient
		// resources.
		switch pgErr.Code[:2] {
		case "08", "57", "53":
			return true
		}
		return false
	}
	return errors.As(err, &netErr) ||
		errors.Is(err, context.DeadlineExceeded) || pgconn.SafeToRetry(err)
}
