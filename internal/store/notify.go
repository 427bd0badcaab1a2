package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// ContentChannel is the channel the database notifies on every change to
// public content (migrations/00003_notify.sql).
const ContentChannel = "vestnik_content"

// ContentEvents are what ListenContent reports.
type ContentEvents struct {
	// Changed: content changed (a notification), or may have changed
	// before the listener first listened. entry is the one entry whose
	// content changed (only its pages and the pages that list entries need
	// rendering again), or 0: anything may have.
	Changed func(entry int64)
	// Lost: the listening connection is lost; the listener retries, at
	// most a second apart, until ctx ends (err: why, attempts so far).
	Lost func(err error, attempts int)
	// Back: listening again after a loss; content may have changed
	// unseen meanwhile.
	Back func()
}

// maxBackoff is the longest wait between reconnection attempts: the site
// is fresh again within about a second of the database's return.
const maxBackoff = time.Second

// ListenContent reports every notification on ContentChannel until ctx
// ends, holding one connection of the pool. While the connection is lost,
// nothing changes content, so nothing is reported as changed: caches keep
// serving through an outage. When it is listening again, notifications may
// have been missed: it reports Back, once. A loss opens the store's circuit
// breaker, a reconnection closes it.
func (s *Store) ListenContent(ctx context.Context, log *slog.Logger, ev ContentEvents) {
	nothing := func() {}
	if ev.Changed == nil {
		ev.Changed = func(int64) {}
	}
	if ev.Back == nil {
		ev.Back = nothing
	}
	if ev.Lost == nil {
		ev.Lost = func(error, int) {}
	}
	backoff := 50 * time.Millisecond
	attempts := 0 // failed since the connection was lost
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, func() {
			if attempts == 0 {
				ev.Changed(0) // anything may have changed before
				return
			}
			log.Info("content listener is back", "after_attempts", attempts)
			attempts, backoff = 0, 50*time.Millisecond
			s.brk.result(nil)
			ev.Back()
		}, ev.Changed)
		if ctx.Err() != nil {
			return
		}
		attempts++
		s.brk.result(err) // requests fail fast until the database is back
		if attempts == 1 || attempts%60 == 0 {
			log.Warn("content listener lost its connection; reconnecting", "err", err, "attempts", attempts)
		}
		ev.Lost(err, attempts)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// listenQuiet is how long the listener waits for a notification before
// it asks the database whether it still answers (a heartbeat). A listening
// connection to a database that hangs (it accepts connections and never
// answers, or a network drops its packets) hears nothing, exactly as one
// to a quiet database does: without the heartbeat the listener would wait
// forever, never report the connection lost, and the page cache's outage
// limit (CACHE_OUTAGE_MAX) would never start counting. One round trip on
// an idle connection every few seconds costs the database nothing.
const listenQuiet = 10 * time.Second

// listenOnce listens until the connection fails: listening calls when
// LISTEN is in place, changed at every notification. LISTEN, and each
// heartbeat (a ping after listenQuiet without a notification), get
// roundTrip for an answer; none is a lost connection. (Taking the
// connection waits as long as the pool makes it: a busy pool is no
// outage, and a new connection or an idle one's liveness ping has the
// pool's own bounds, cmd/vestnik's openPool.)
func (s *Store) listenOnce(ctx context.Context, listening func(), changed func(entry int64)) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	defer conn.Release()
	// Do not give a connection in an unknown state back to the pool.
	drop := func() { conn.Conn().Close(context.Background()) }
	lctx, cancel := context.WithTimeout(ctx, roundTrip)
	_, err = conn.Exec(lctx, "LISTEN "+ContentChannel)
	cancel()
	if err != nil {
		drop()
		return s.silence(ctx, fmt.Errorf("store: listen: %w", err))
	}
	listening()
	quiet := s.quiet
	if quiet <= 0 {
		quiet = listenQuiet
	}
	for {
		wctx, cancel := context.WithTimeout(ctx, quiet)
		n, err := conn.Conn().WaitForNotification(wctx)
		cancel()
		if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			// Quiet: does the database still answer? (A notification
			// arriving meanwhile is kept for the next wait.)
			pctx, cancel := context.WithTimeout(ctx, roundTrip)
			err = conn.Conn().Ping(pctx)
			cancel()
			s.heartbeats.Add(1)
			if err == nil {
				continue
			}
			err = fmt.Errorf("no answer to a heartbeat: %w", err)
		}
		if err != nil {
			drop()
			return s.silence(ctx, fmt.Errorf("store: listen: %w", err))
		}
		changed(notifiedEntry(n.Payload))
	}
}

// silence has the breaker check, on a connection of its own, whether the
// database answers at all when the listener's err is a wait that ran out
// (which tells the breaker nothing by itself: see breaker.result), as a
// request's round trip that waits long does.
func (s *Store) silence(ctx context.Context, err error) error {
	if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		s.brk.check()
	}
	return err
}

// notifiedEntry is the entry a notification names ("entry:ID",
// migrations/00025_entry_notifications.sql), or 0 for anything else (a
// table's name, "*"): everything may have changed.
func notifiedEntry(payload string) int64 {
	id, err := strconv.ParseInt(strings.TrimPrefix(payload, "entry:"), 10, 64)
	if err != nil || id <= 0 || !strings.HasPrefix(payload, "entry:") {
		return 0
	}
	return id
}

// Schedule puts live the scheduled changes that are due (PublishDue),
// ends the reviews of texts that went live by their time
// (EndReviewsGoneLive), queues the mail of issues that went live
// (MailDueIssues), and says when the next scheduled publication is: what
// the page cache's schedule watcher asks each time it wakes. An error
// from it means the schedule could not be read (the watcher asks again
// soon, and purges nothing meanwhile); the notices and the issues' mail
// are its side work: their failure is logged (to the logger LogOutages
// gave) and stops neither each other nor the schedule.
func (s *Store) Schedule(ctx context.Context) (time.Time, error) {
	if _, err := s.PublishDue(ctx); err != nil {
		return time.Time{}, err
	}
	if _, err := s.EndReviewsGoneLive(ctx); err != nil {
		s.logFailure(ctx, "ending the reviews of texts gone live", err)
	}
	if _, err := s.MailDueIssues(ctx); err != nil {
		s.logFailure(ctx, "queueing the mail of issues gone live", err)
	}
	return s.NextPublication(ctx)
}

// logFailure logs what failed in work whose failure is not the caller's
// to handle, to the logger LogOutages gave (none: not logged).
func (s *Store) logFailure(ctx context.Context, what string, err error) {
	if log := s.brk.log.Load(); log != nil {
		log.ErrorContext(ctx, what, "err", err)
	}
}

// NextPublication is when the next scheduled translation, or scheduled
// change to a live one, goes public (zero when none is scheduled).
func (s *Store) NextPublication(ctx context.Context) (time.Time, error) {
	var t *time.Time
	err := s.db.QueryRow(ctx, `SELECT least(
		(SELECT min(published_at) FROM translations WHERE status = 'published' AND published_at > now()),
		(SELECT min(w.publish_at) FROM translation_drafts w JOIN translations t USING (entry_id, lang)
		 WHERE w.publish_at IS NOT NULL AND t.status = 'published'))`).Scan(&t)
	if err != nil || t == nil {
		return time.Time{}, mapErr("next publication", err)
	}
	return *t, nil
}
