package store

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// ContentChannel is the channel the database notifies on every change to
// public content (migrations/00003_notify.sql).
const ContentChannel = "vestnik_content"

// ListenContent calls changed for every notification on ContentChannel
// until ctx ends. It holds one connection of the pool. When the connection
// is lost, notifications may have been missed: it calls changed once more
// after reconnecting, so caches never stay stale.
func ListenContent(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger, changed func()) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := listenOnce(ctx, pool, changed)
		if ctx.Err() != nil {
			return
		}
		log.Warn("content listener lost its connection; reconnecting", "err", err, "in", backoff)
		changed()
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func listenOnce(ctx context.Context, pool *pgxpool.Pool, changed func()) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+ContentChannel); err != nil {
		conn.Conn().Close(context.Background())
		return fmt.Errorf("store: listen: %w", err)
	}
	// Anything may have changed while we were not listening.
	changed()
	for {
		if _, err := conn.Conn().WaitForNotification(ctx); err != nil {
			// Do not give a connection in an unknown state back to the pool.
			conn.Conn().Close(context.Background())
			return fmt.Errorf("store: listen: %w", err)
		}
		changed()
	}
}

// NextPublication is when the next scheduled entry goes public (zero when
// none is scheduled).
func (s *Store) NextPublication(ctx context.Context) (time.Time, error) {
	var t *time.Time
	err := s.db.QueryRow(ctx, `SELECT min(published_at) FROM entries WHERE status = 'published' AND published_at > now()`).Scan(&t)
	if err != nil || t == nil {
		return time.Time{}, mapErr("next publication", err)
	}
	return *t, nil
}
