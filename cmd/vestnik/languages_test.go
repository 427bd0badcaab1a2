package main

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/sitetest"
	"vestnik/internal/testdb"
)

// TestLanguageFollowsEverywhere: turning a language on or off (here by
// another instance's write to the languages table) reaches a running
// server through the content notification, without a restart.
func TestLanguageFollowsEverywhere(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	bin := binary(t)
	addr := freeAddr(t)
	env := append(append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "DEMO=true", "LOG_LEVEL=error"), publicSite...)
	startServer(t, bin, addr, env, nil)
	status := func(path string) int { return statusAt(addr, path) }
	if got := status("/tk/hotline"); got != http.StatusNotFound {
		t.Fatalf("Turkmen served while off: %d", got)
	}
	// Wait on the condition, as long as a busy machine may take.
	follow := func(what, path string, want int) {
		t.Helper()
		sitetest.Eventually(t, time.Minute, what+": "+path+" answers "+strconv.Itoa(want), func() bool { return status(path) == want })
	}
	if _, err := pool.Exec(t.Context(), `UPDATE languages SET enabled = true WHERE code = 'tk'`); err != nil {
		t.Fatal(err)
	}
	follow("turned on", "/tk/hotline", http.StatusOK)
	if _, err := pool.Exec(t.Context(), `UPDATE languages SET enabled = false WHERE code = 'tk'`); err != nil {
		t.Fatal(err)
	}
	follow("turned off", "/tk/hotline", http.StatusNotFound)
}

// TestLanguageFollowsAfterOutage: a language turned on by another
// instance while this one had lost the database (its listener heard
// nothing) is served once the database is back. The pages were purged
// then, but the languages served stayed as they were: /tk/ answered 404
// on this instance until some other change happened to notify.
func TestLanguageFollowsAfterOutage(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewWithURL(t)
	bin := binary(t)
	addr := freeAddr(t)
	var logs syncBuffer
	env := append(append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "DEMO=true", "LOG_LEVEL=info"), publicSite...)
	startServer(t, bin, addr, env, &logs)
	status := func(path string) int { return statusAt(addr, path) }
	if got := status("/tk/hotline"); got != http.StatusNotFound {
		t.Fatalf("Turkmen served while off: %d", got)
	}
	ctx := t.Context()
	// The other instance, and the operator who cuts this one off: on a
	// connection to another database, which stays up.
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	other, err := pgx.ConnectConfig(ctx, cfg) // the other instance's, kept
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(context.Background())
	db := cfg.Database
	cfg.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	// The outage, for the server alone: its connections end, new ones
	// are refused.
	if _, err := conn.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{db}.Sanitize()+` ALLOW_CONNECTIONS false`); err != nil {
		t.Fatal(err)
	}
	allow := func() {
		conn.Exec(context.Background(), `ALTER DATABASE `+pgx.Identifier{db}.Sanitize()+` ALLOW_CONNECTIONS true`)
	}
	defer allow()
	sitetest.Eventually(t, time.Minute, "the server's connections end", func() bool {
		var n int
		err := conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = $1 AND pid <> $2`, db, other.PgConn().PID()).Scan(&n)
		return err == nil && n == 0
	})
	sitetest.Eventually(t, time.Minute, "the listener finds its connection lost", func() bool {
		return strings.Contains(logs.String(), `"msg":"content listener lost its connection`)
	})
	// Another instance turns Turkmen on meanwhile (its notification
	// reaches nobody here).
	if _, err := other.Exec(ctx, `UPDATE languages SET enabled = true WHERE code = 'tk'`); err != nil {
		t.Fatal(err)
	}
	allow()
	sitetest.Eventually(t, time.Minute, "the listener is back", func() bool {
		return strings.Contains(logs.String(), `"msg":"content listener is back`)
	})
	sitetest.Eventually(t, time.Minute, "Turkmen served after the outage", func() bool { return status("/tk/hotline") == http.StatusOK })
}

// statusAt is the status a server at addr answers path with (0: none).
func statusAt(addr, path string) int {
	res, err := http.Get("http://" + addr + path)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}
