package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// vestnik runs the binary on a database and returns its standard output,
// its standard error and its exit error.
func vestnik(t *testing.T, bin, dbURL string, stdin []byte, args ...string) ([]byte, string, error) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "BASE_URL=http://127.0.0.1:8080")
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.Bytes(), stderr.String(), err
}

func rows(t *testing.T, pool *pgxpool.Pool, query string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestExportImport runs the real binary: export to a gzip file (complete,
// private), import into an empty database, refuse a database with
// content or a damaged archive, and pipe an archive from one to the other.
func TestExportImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bin := binary(t)
	srcPool, srcURL := testdb.NewDemoWithURL(t)
	st := store.New(srcPool)
	if _, err := st.Subscribe(ctx, "reader@example.org", "en", time.Now()); err != nil {
		t.Fatal(err)
	}
	const counts = `SELECT (SELECT count(*) FROM entries) * 1000000 + (SELECT count(*) FROM media) * 1000 + (SELECT count(*) FROM subscribers)`
	want := rows(t, srcPool, counts)

	dir := t.TempDir()
	archive := filepath.Join(dir, "site.tar.gz")
	if _, stderr, err := vestnik(t, bin, srcURL, nil, "export", "-o", archive); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	} else if !strings.Contains(stderr, "exported") {
		t.Errorf("export said %q", stderr)
	}
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(archive); len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b || fi.Mode().Perm() != 0o600 {
		t.Errorf("archive: %x…, mode %v", data[:2], fi.Mode())
	}
	if names, _ := filepath.Glob(filepath.Join(dir, ".site*")); len(names) != 0 {
		t.Errorf("temporary files left: %v", names)
	}

	dstPool, dstURL := testdb.NewWithURL(t)
	if _, stderr, err := vestnik(t, bin, dstURL, nil, "import", archive); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if got := rows(t, dstPool, counts); got != want {
		t.Errorf("imported %d, want %d", got, want)
	}
	// Twice: the database is no longer empty, and nothing changes.
	if _, stderr, err := vestnik(t, bin, dstURL, nil, "import", archive); err == nil || !strings.Contains(stderr, "not empty") {
		t.Errorf("second import: %v %q", err, stderr)
	}
	if got := rows(t, dstPool, counts); got != want {
		t.Errorf("after the refused import %d, want %d", got, want)
	}

	// A damaged archive: an error, and the database stays empty.
	damaged := bytes.Clone(data)
	damaged[len(damaged)/2] ^= 0xff
	emptyPool, emptyURL := testdb.NewWithURL(t)
	if _, stderr, err := vestnik(t, bin, emptyURL, damaged, "import", "-"); err == nil || !strings.Contains(stderr, "vestnik: archive: import:") {
		t.Errorf("damaged archive: %v %q", err, stderr)
	}
	if n := rows(t, emptyPool, `SELECT (SELECT count(*) FROM entries) + (SELECT count(*) FROM media) + (SELECT count(*) FROM users)`); n != 0 {
		t.Errorf("%d rows after a failed import", n)
	}

	// Standard output to standard input, without subscribers.
	tarball, stderr, err := vestnik(t, bin, srcURL, nil, "export", "--no-subscribers")
	if err != nil || len(tarball) < 512 || tarball[0] == 0x1f {
		t.Fatalf("export to stdout: %v, %d bytes\n%s", err, len(tarball), stderr)
	}
	if _, stderr, err := vestnik(t, bin, emptyURL, tarball, "import", "-"); err != nil {
		t.Fatalf("import from stdin: %v\n%s", err, stderr)
	}
	if got := rows(t, emptyPool, counts); got != want-1 {
		t.Errorf("imported %d, want %d (no subscribers)", got, want-1)
	}
}
