package store_test

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/poll"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// listen runs st's content listener until the test ends, counting its
// losses and sending what it reports changed on the returned channel,
// and returns once it is listening.
func listen(t *testing.T, st *store.Store) (changed <-chan int64, lost *atomic.Int64) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	ch := make(chan int64, 100)
	lost = new(atomic.Int64)
	go func() {
		defer close(done)
		st.ListenContent(ctx, discard, store.ContentEvents{
			Changed: func(entry int64) {
				select {
				case ch <- entry:
				default:
				}
			},
			Lost: func(_ error, attempts int) { lost.Add(1) },
		})
	}()
	select {
	case <-ch: // listening: anything may have changed before
	case <-time.After(time.Minute):
		t.Fatal("the listener never listened")
	}
	return ch, lost
}

// TestListenerHeartbeatKeepsAQuietConnection: on a database that answers
// but has nothing to tell, the listener's heartbeats (a ping each time it
// has waited its quiet time for a notification) lose nothing: the
// connection is not taken for lost, and a notification after them still
// arrives.
func TestListenerHeartbeatKeepsAQuietConnection(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	st := store.New(pool)
	store.SetListenQuiet(st, 5*time.Millisecond)
	changed, lost := listen(t, st)
	if !poll.Until(time.Minute, func() bool { return store.Heartbeats(st) >= 5 }) {
		t.Fatal("the listener sent no heartbeats")
	}
	if _, err := pool.Exec(context.Background(), "SELECT pg_notify($1, 'entry:42')", store.ContentChannel); err != nil {
		t.Fatal(err)
	}
	select {
	case entry := <-changed:
		if entry != 42 {
			t.Errorf("changed %d, want 42", entry)
		}
	case <-time.After(time.Minute):
		t.Fatal("a notification after the heartbeats never arrived")
	}
	if n := lost.Load(); n != 0 {
		t.Errorf("the connection was taken for lost %d times on a database that answers", n)
	}
	if down, _ := st.Down(); down {
		t.Error("heartbeats on a database that answers opened the breaker")
	}
}

// TestListenerNoticesAHungDatabase: a database that hangs (it accepts
// connections and never answers) sends the listening connection nothing,
// as a quiet one does. The listener used to wait for a notification
// forever, never reported the connection lost, and so the page cache's
// outage limit (CACHE_OUTAGE_MAX) never started counting. Its heartbeat
// gets no answer now: the connection is lost, as a dropped one is, and the
// breaker, asked to check, finds the database unreachable.
func TestListenerNoticesAHungDatabase(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewWithURL(t)
	proxy := testdb.NewHangingProxy(t, dbURL)
	cfg, err := pgxpool.ParseConfig(proxy.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last first: the listener stops, the proxy closes its
	// connections (a hung one's cancel request would keep pool.Close
	// waiting 15 s), then the pool closes.
	t.Cleanup(pool.Close)
	t.Cleanup(proxy.Close)
	st := store.New(pool)
	store.SetListenQuiet(st, 50*time.Millisecond)
	_, lost := listen(t, st)
	if !poll.Until(time.Minute, func() bool { return store.Heartbeats(st) >= 1 }) {
		t.Fatal("the listener sent no heartbeat")
	}
	if n := lost.Load(); n != 0 {
		t.Fatalf("lost %d times before the database hung", n)
	}

	proxy.Hang()
	if !poll.Until(time.Minute, func() bool { return lost.Load() > 0 }) {
		t.Fatal("the listener never noticed the database hung")
	}
	if !poll.Until(time.Minute, func() bool { down, _ := st.Down(); return down }) {
		t.Error("the breaker never found the hung database unreachable")
	}
}
