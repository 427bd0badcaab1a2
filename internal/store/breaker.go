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
// each waiting for a connection timeout, while the breaker checks once a
// second, on a connection of its own, whether it is back (so does the
// content listener's reconnection): no request waits on a database that
// may hang. A slow or wrong query never opens it: only a lost or refused
// connection does, or a database that takes no new connection (check).
type breaker struct {
	mu       sync.Mutex
	open     bool
	openedAt time.Time
	// checking: a check is under way; checked: when the last began.
	checking bool
	checked  time.Time
	checks   atomic.Int64 // made, for the tests
	// connect is the pool's connection configuration, for the checks.
	connect *pgconn.Config
	// refused counts the queries answered by the open breaker.
	refused atomic.Int64
	// log, when set, hears of each outage twice: when the breaker opens
	// and when it closes (LogOutages), rather than once per request.
	log atomic.Pointer[slog.Logger]
}

// probeEvery is how often the breaker checks the database while it is
// open (or, closed, while round trips wait long).
const probeEvery = time.Second

var errOpen = fmt.Errorf("store: circuit open: %w", ErrUnavailable)

// allow reports whether a query may go to the database; while the breaker
// is open, none may, and the breaker checks whether it is back.
func (b *breaker) allow() error {
	b.mu.Lock()
	open := b.open
	b.mu.Unlock()
	if !open {
		return nil
	}
	b.refused.Add(1)
	b.check()
	return errOpen
}

// A database that hangs (it accepts connections and never answers, or a
// network drops its packets) refuses nothing: a query on it waits for its
// caller's deadline (30 s for a page), and a wait that ends so says
// nothing the breaker can trust (a slow query ends the same way). So each
// round trip on the pool waits at most roundTrip for the database to
// start answering, and one still waiting after suspectAfter has the
// breaker check, on a new connection of its own, whether the database
// answers at all (check): one that does not within checkTimeout opens the
// breaker, as a refused connection does; a slow query on a database that
// answers opens nothing.
const (
	// roundTrip bounds taking a connection (with its liveness ping, or a
	// new connection), sending a statement and reading its first answer:
	// public pages' statements answer in milliseconds, a search's are cut
	// at 3 s by the database itself.
	roundTrip    = 5 * time.Second
	suspectAfter = time.Second
	checkTimeout = 3 * time.Second
)

// errNoAnswer: a round trip ran out of roundTrip.
var errNoAnswer = fmt.Errorf("store: no answer from the database within %s: %w", roundTrip, ErrUnavailable)

// bounds are one round trip's: its context, canceled with errNoAnswer
// once roundTrip has passed without an answer.
type bounds struct {
	ctx            context.Context
	cancel         context.CancelCauseFunc
	limit, suspect *time.Timer
}

// bound starts the clocks of a round trip on ctx.
func (b *breaker) bound(ctx context.Context) *bounds {
	ctx, cancel := context.WithCancelCause(ctx)
	return &bounds{
		ctx: ctx, cancel: cancel,
		limit:   time.AfterFunc(roundTrip, func() { cancel(errNoAnswer) }),
		suspect: time.AfterFunc(suspectAfter, b.check),
	}
}

// answered stops the clocks: the database has answered, and a query's
// rows are read at the caller's pace.
func (bd *bounds) answered() {
	bd.limit.Stop()
	bd.suspect.Stop()
}

// done ends the round trip, after its error was taken (err).
func (bd *bounds) done() {
	bd.answered()
	bd.cancel(nil)
}

// err says that a round trip's failure was the database's silence.
func (bd *bounds) err(err error) error {
	if err != nil && context.Cause(bd.ctx) == errNoAnswer {
		return fmt.Errorf("%w (%w)", errNoAnswer, err)
	}
	return err
}

// check finds out, on a new connection, whether the database answers at
// all, when a round trip has waited suspiciously long or while the breaker
// is open: one check at a time, at most one a probeEvery. Its outcome is a
// result: a connection that fails opens the breaker, one made closes it.
func (b *breaker) check() {
	b.mu.Lock()
	if b.connect == nil || b.checking || time.Since(b.checked) < probeEvery {
		b.mu.Unlock()
		return
	}
	b.checking, b.checked = true, time.Now()
	b.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
		defer cancel()
		conn, err := pgconn.ConnectConfig(ctx, b.connect)
		if err == nil {
			conn.Close(ctx)
		}
		b.result(err)
		b.mu.Lock()
		b.checking = false
		b.mu.Unlock()
		b.checks.Add(1)
	}()
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
// two lines, however many requests it fails meanwhile; and the failures
// of side work no caller handles (Schedule's notices and issue mail).
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
	bd := g.brk.bound(ctx)
	tag, err := g.db.Exec(bd.ctx, sql, args...)
	err = bd.err(err)
	bd.done()
	g.brk.result(err)
	return tag, err
}

// Query's round trip ends with the first answer; the rows are read at the
// caller's pace (rerender renders each before it reads the next).
func (g guarded) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if err := g.brk.allow(); err != nil {
		return nil, err
	}
	bd := g.brk.bound(ctx)
	rows, err := g.db.Query(bd.ctx, sql, args...)
	bd.answered()
	if err != nil {
		err = bd.err(err)
		bd.done()
		g.brk.result(err)
		return rows, err
	}
	g.brk.result(nil)
	return guardedRows{rows, bd}, nil
}

// guardedRows release their round trip's context when closed.
type guardedRows struct {
	pgx.Rows
	bd *bounds
}

func (r guardedRows) Close() {
	r.Rows.Close()
	r.bd.done()
}

func (r guardedRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.bd.done() // pgx closes rows read to the end
	return false
}

func (g guarded) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if err := g.brk.allow(); err != nil {
		return errRow{err}
	}
	bd := g.brk.bound(ctx)
	return guardedRow{g.db.QueryRow(bd.ctx, sql, args...), g.brk, bd}
}

// SendBatch sends queries in one round trip; how it went is learned when
// the results are closed.
func (g guarded) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if err := g.brk.allow(); err != nil {
		return errBatch{err}
	}
	bd := g.brk.bound(ctx)
	return guardedBatch{g.db.SendBatch(bd.ctx, b), g.brk, bd}
}

type guardedBatch struct {
	pgx.BatchResults
	brk *breaker
	bd  *bounds
}

func (b guardedBatch) Close() error {
	err := b.bd.err(b.BatchResults.Close())
	b.bd.done()
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
	// The transaction's statements are not bounded: a save's or an
	// export's take what they take, up to the statement timeout.
	bd := g.brk.bound(ctx)
	tx, err := g.db.Begin(bd.ctx)
	err = bd.err(err)
	bd.done()
	g.brk.result(err)
	return tx, err
}

type guardedRow struct {
	row pgx.Row
	brk *breaker
	bd  *bounds
}

func (r guardedRow) Scan(dest ...any) error {
	err := r.bd.err(r.row.Scan(dest...))
	r.bd.done()
	if !errors.Is(err, pgx.ErrNoRows) {
		r.brk.result(err)
	}
	return err
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
