package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// breaker is the store's circuit breaker: once a query finds the database
// unreachable, the next ones fail at once with ErrUnavailable instead of
// each waiting for a connection timeout, while one query a second probes
// whether it is back (so is the content listener's reconnection). A slow
// or wrong query never opens it: only a lost or refused connection does.
type breaker struct {
	mu        sync.Mutex
	open      bool
	nextProbe time.Time
	openedAt  time.Time
	// refused counts the queries answered by the open breaker.
	refused atomic.Int64
	// log, when set, hears of each outage twice: when the breaker opens
	// and when it closes (LogOutages), rather than once per request.
	log atomic.Pointer[slog.Logger]
}

// probeEvery is how often a query may try the database while the breaker
// is open.
const probeEvery = time.Second

var errOpen = fmt.Errorf("store: circuit open: %w", ErrUnavailable)

// allow reports whether a query may go to the database.
func (b *breaker) allow() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return nil
	}
	if now := time.Now(); now.After(b.nextProbe) {
		b.nextProbe = now.Add(probeEvery) // this query is the probe
		return nil
	}
	b.refused.Add(1)
	return errOpen
}

// result records how a query went: a lost connection opens the breaker,
// an answer from the database closes it.
func (b *breaker) result(err error) {
	lost := connectionLost(err)
	if !lost && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return // the caller gave up or ran out of time: nothing learned
	}
	b.mu.Lock()
	var opened, closed bool
	var down time.Duration
	switch {
	case lost && !b.open:
		opened = true
		b.open, b.openedAt = true, time.Now()
		b.nextProbe = b.openedAt.Add(probeEvery)
	case !lost && b.open:
		closed, down = true, time.Since(b.openedAt)
		b.open = false
	}
	refused := b.refused.Load()
	b.mu.Unlock()
	if log := b.log.Load(); log != nil {
		switch {
		case opened:
			log.Warn("database unreachable: requests that need it answer 503 until it is back", "err", err)
		case closed:
			log.Info("database reachable again", "down_for", down.Round(time.Millisecond).String(), "refused_total", refused)
		}
	}
}

// LogOutages logs each outage the store finds when it begins (the first
// connection lost or refused) and when it ends (the first answer since):
// two lines, however many requests it fails meanwhile.
func (s *Store) LogOutages(log *slog.Logger) { s.brk.log.Store(log) }

// Down reports whether the store has found the database unreachable and
// not yet back, and how many queries it has answered without trying.
func (s *Store) Down() (down bool, refused int64) {
	s.brk.mu.Lock()
	defer s.brk.mu.Unlock()
	return s.brk.open, s.brk.refused.Load()
}

// connectionLost reports whether err means the connection to the database
// failed or was refused, as opposed to a query that was slow or wrong.
func connectionLost(err error) bool {
	if err == nil || errors.Is(err, errOpen) {
		return false
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// 08: connection exception; 57P01..57P03: the server is shutting
		// down, crashed, or cannot accept connections yet.
		return pgErr.Code[:2] == "08" || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	if errors.As(err, &connErr) {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// The caller gave up or ran out of time (pgx calls a query sent
		// on a canceled context safe to retry, as it does a refused one).
		return false
	}
	return errors.As(err, &netErr) && !netErr.Timeout() ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || pgconn.SafeToRetry(err)
}

// guarded is a db behind the breaker.
type guarded struct {
	db  db
	brk *breaker
}

func (g guarded) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if err := g.brk.allow(); err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := g.db.Exec(ctx, sql, args...)
	g.brk.result(err)
	return tag, err
}

func (g guarded) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if err := g.brk.allow(); err != nil {
		return nil, err
	}
	rows, err := g.db.Query(ctx, sql, args...)
	g.brk.result(err)
	return rows, err
}

func (g guarded) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if err := g.brk.allow(); err != nil {
		return errRow{err}
	}
	return guardedRow{g.db.QueryRow(ctx, sql, args...), g.brk}
}

// SendBatch sends queries in one round trip; how it went is learned when
// the results are closed.
func (g guarded) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if err := g.brk.allow(); err != nil {
		return errBatch{err}
	}
	return guardedBatch{g.db.SendBatch(ctx, b), g.brk}
}

type guardedBatch struct {
	pgx.BatchResults
	brk *breaker
}

func (b guardedBatch) Close() error {
	err := b.BatchResults.Close()
	b.brk.result(err)
	return err
}

// errBatch is the results of a batch the open breaker refused.
type errBatch struct{ err error }

func (b errBatch) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, b.err }
func (b errBatch) Query() (pgx.Rows, error)         { return nil, b.err }
func (b errBatch) QueryRow() pgx.Row                { return errRow(b) }
func (b errBatch) Close() error                     { return b.err }
func (b errBatch) Tx() pgx.Tx                       { return nil }

func (g guarded) Begin(ctx context.Context) (pgx.Tx, error) {
	if err := g.brk.allow(); err != nil {
		return nil, err
	}
	tx, err := g.db.Begin(ctx)
	g.brk.result(err)
	return tx, err
}

type guardedRow struct {
	row pgx.Row
	brk *breaker
}

func (r guardedRow) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	if !errors.Is(err, pgx.ErrNoRows) {
		r.brk.result(err)
	}
	return err
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
