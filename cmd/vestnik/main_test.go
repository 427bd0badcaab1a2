package main

import (
	"context"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/sitetest"
	"vestnik/internal/testdb"
	"vestnik/migrations"
)

// TestServeAndSIGTERM runs the real binary: it migrates an empty database,
// loads the demo, serves, and on SIGTERM finishes a request in flight and
// exits 0.
func TestServeAndSIGTERM(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewWithURL(t)
	bin := binary(t)
	addr := freeAddr(t)
	env := append(append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "DEMO=true"), publicSite...)

	// migrate on its own first: the subcommand exits 0.
	migrate := exec.Command(bin, "migrate")
	migrate.Env = env
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}

	var logs syncBuffer
	srv := startServer(t, bin, addr, env, &logs)
	res, err := http.Get("http://" + addr + "/ru/")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /ru/: %v %v", res, err)
	}
	res.Body.Close()

	// A request in flight: it waits on a table lock held by the test,
	// SIGTERM arrives, then the lock is released and the request must
	// still complete before the process exits.
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE hotlines IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	type result struct {
		status int
		err    error
	}
	inflight := make(chan result, 1)
	go func() {
		res, err := http.Get("http://" + addr + "/en/hotline")
		if err != nil {
			inflight <- result{0, err}
			return
		}
		res.Body.Close()
		inflight <- result{res.StatusCode, nil}
	}()
	// Wait until the request is blocked on the lock (on this table: other
	// tests' databases share the server's pg_locks).
	sitetest.Eventually(t, time.Minute, "the request reaches the database", func() bool {
		var waiting int
		pool.QueryRow(ctx, "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'hotlines'::regclass AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").Scan(&waiting)
		return waiting > 0
	})
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The server is shutting down once it logs so; only then does the
	// request in flight get its lock.
	sitetest.Eventually(t, time.Minute, "shutting down after SIGTERM", func() bool {
		return strings.Contains(logs.String(), `"msg":"shutting down"`)
	})
	tx.Rollback(ctx)
	if r := <-inflight; r.err != nil || r.status != http.StatusOK {
		t.Fatalf("request in flight during shutdown: %d %v\n%s", r.status, r.err, logs.String())
	}
	select {
	case err := <-srv.done:
		srv.done <- err
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, logs.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("did not exit after SIGTERM")
	}
	// New connections are refused once it has stopped.
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("still accepting after shutdown")
	}
	// One JSON log line per request, with a request ID and the client.
	var sawRequest bool
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, `"msg":"request"`) && strings.Contains(line, `"path":"/ru/"`) && strings.Contains(line, `"request_id":"`) &&
			strings.Contains(line, `"client_ip":"127.0.0.1"`) && strings.Contains(line, `"user_agent":"Go-http-client/`) {
			sawRequest = true
		}
	}
	if !sawRequest || !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("logs:\n%s", logs.String())
	}
}

// TestDemoOnPublicSite: DEMO=true on a public https site lifts none of
// its production checks (it started without SECRET_KEY and SMTP_URL), and
// its log carries no password: no account is made, and the log says how
// to make the first admin with the CLI.
func TestDemoOnPublicSite(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	bin := binary(t)
	addr := freeAddr(t)
	env := append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "DEMO=true")
	for _, missing := range []string{"SECRET_KEY", "SMTP_URL"} {
		// Generous: only a server that starts anyway reaches it.
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "serve")
		for _, kv := range publicSite {
			if !strings.HasPrefix(kv, missing+"=") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Env = append(cmd.Env, env...)
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), missing+" is required for a public https site") {
			t.Errorf("DEMO=true without %s: %v\n%s", missing, err, out)
		}
	}

	var logs syncBuffer
	srv := startServer(t, bin, addr, append(env, publicSite...), &logs)
	if err := srv.signal(t, syscall.SIGTERM); err != nil {
		t.Fatalf("exit: %v\n%s", err, logs.String())
	}
	var users int
	if err := pool.QueryRow(t.Context(), "SELECT count(*) FROM users").Scan(&users); err != nil {
		t.Fatal(err)
	}
	if users != 0 {
		t.Errorf("%d accounts made on a public site", users)
	}
	if strings.Contains(strings.ToLower(logs.String()), "password:") || strings.Contains(logs.String(), "Development admin") {
		t.Errorf("a public site logged an admin's password:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "vestnik user create --email") {
		t.Errorf("the log does not say how to make the first admin:\n%s", logs.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if !strings.HasPrefix(line, "{") {
			t.Errorf("a log line that is not JSON: %q", line)
		}
	}
}

// TestServeAddressTaken: a server whose address is taken exits with the
// error, having touched nothing (it used to hang at times, its pool
// waiting for the mail sender's connection).
func TestServeAddressTaken(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewWithURL(t)
	bin := binary(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for range 3 {
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+taken.Addr().String(), "DEMO=true")
		var stderr syncBuffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(stderr.String(), "address already in use") {
				t.Fatalf("exit %v\n%s", err, stderr.String())
			}
		case <-time.After(2 * time.Minute): // generous: only a hang reaches it
			cmd.Process.Kill()
			<-done
			t.Fatalf("still running with its address taken\n%s", stderr.String())
		}
	}
}

// TestServeLogsMigrations: serve names each migration it applies (it
// applied them silently).
func TestServeLogsMigrations(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	// An empty database: every migration is pending.
	if _, err := pool.Exec(t.Context(), "DROP SCHEMA public CASCADE; CREATE SCHEMA public"); err != nil {
		t.Fatal(err)
	}
	sqlFiles, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil || len(sqlFiles) == 0 {
		t.Fatalf("migrations: %v %v", sqlFiles, err)
	}
	bin := binary(t)
	addr := freeAddr(t)
	var logs syncBuffer
	srv := startServer(t, bin, addr, append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr), &logs)
	if err := srv.signal(t, syscall.SIGTERM); err != nil {
		t.Fatalf("exit: %v\n%s", err, logs.String())
	}
	for _, f := range sqlFiles {
		if !strings.Contains(logs.String(), `"msg":"migration applied","migration":"`+f+`"`) {
			t.Errorf("migration %s not logged:\n%s", f, logs.String())
		}
	}
}

// TestSchemaNewerThanBuild: a build started on a database a newer release
// has migrated serves (a rolling deploy, a rollback) but says so at start,
// naming both schema versions.
func TestSchemaNewerThanBuild(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	if _, err := pool.Exec(t.Context(), `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)`); err != nil {
		t.Fatal(err)
	}
	bin := binary(t)
	addr := freeAddr(t)
	var logs syncBuffer
	srv := startServer(t, bin, addr, append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr), &logs)
	if err := srv.signal(t, syscall.SIGTERM); err != nil {
		t.Fatalf("exit: %v\n%s", err, logs.String())
	}
	var warned bool
	for _, line := range strings.Split(logs.String(), "\n") {
		warned = warned || strings.Contains(line, `"level":"WARN"`) && strings.Contains(line, "schema is newer than this build") &&
			strings.Contains(line, `"database_schema_version":99999`) && strings.Contains(line, `"build_schema_version":`)
	}
	if !warned {
		t.Errorf("no warning of the newer schema:\n%s", logs.String())
	}
}
