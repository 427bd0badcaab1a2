// Package testdb gives tests a real, migrated PostgreSQL database of their
// own: a fresh clone of a template database, dropped when the test ends.
// New clones the migrated schema; NewDemo clones it with the demo content
// loaded, which saves each test the load. Without DATABASE_URL it starts
// the checkout's private cluster (internal/devdb), so tests never skip for
// want of a database.
package testdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/demo"
	"vestnik/internal/devdb"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
	"vestnik/migrations"
)

var (
	once    sync.Once
	baseURL string
	onceErr error
)

// URL returns the server's connection URL, starting the private cluster
// when DATABASE_URL is not set.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if baseURL = os.Getenv("DATABASE_URL"); baseURL != "" {
			return
		}
		root, err := CheckoutRoot()
		if err != nil {
			onceErr = err
			return
		}
		c, err := devdb.New(root, os.Stderr)
		if err != nil {
			onceErr = err
			return
		}
		if _, err := c.Start(); err != nil {
			onceErr = err
			return
		}
		baseURL = c.URL()
	})
	if onceErr != nil {
		t.Fatalf("testdb: %v", onceErr)
	}
	return baseURL
}

// CheckoutRoot is the directory of go.mod above the working directory
// (a test's package directory).
func CheckoutRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("testdb: no go.mod above the working directory")
		}
		dir = parent
	}
}

// withDB returns url with its database name replaced, and a generous
// connect_timeout: the binaries a test runs connect within 3 s by
// default (a hung database must not hold a request), which a busy
// machine running the race detector's suite beside another has missed.
func withDB(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Set("connect_timeout", "60")
	u.RawQuery = q.Encode()
	return u.String()
}

// templateName names the template after the migrations' contents, so a
// changed migration gets a new template.
func templateName() (string, error) {
	h := sha256.New()
	err := hashFS(h, migrations.FS, ".", "")
	return "vestnik_tmpl_" + hex.EncodeToString(h.Sum(nil))[:16], err
}

// demoTemplateName names the demo template after the migrations and every
// Go file of the code that loads the demo content (internal/, without
// tests), so any change to what the demo database would hold gets a new
// template.
func demoTemplateName() (string, error) {
	root, err := CheckoutRoot()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if err := hashFS(h, migrations.FS, ".", ""); err != nil {
		return "", err
	}
	if err := hashFS(h, os.DirFS(root), "internal", ".go"); err != nil {
		return "", err
	}
	return demoPrefix + hex.EncodeToString(h.Sum(nil))[:16], nil
}

const demoPrefix = "vestnik_demo_"

// hashFS writes the paths and contents of the files under dir into h;
// with suffix set, only the files that end with it, tests excepted.
func hashFS(h hash.Hash, fsys fs.FS, dir, suffix string) error {
	return fs.WalkDir(fsys, dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if suffix != "" && (!strings.HasSuffix(path, suffix) || strings.HasSuffix(path, "_test.go")) {
			return nil
		}
		b, err := fs.ReadFile(fsys, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
}

// New returns a pool on a new database with the current schema and no
// content but the languages. The database is dropped when the test ends.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, _ := NewWithURL(t)
	return pool
}

// NewWithURL is New, also returning the new database's URL (for tests that
// start a second server process on it).
func NewWithURL(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	return clone(t, false)
}

// NewDemo returns a pool on a new database with the current schema and the
// demo content (demo.Load), dropped when the test ends.
func NewDemo(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, _ := clone(t, true)
	return pool
}

// NewDemoWithURL is NewDemo, also returning the new database's URL.
func NewDemoWithURL(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	return clone(t, true)
}

func clone(t testing.TB, withDemo bool) (*pgxpool.Pool, string) {
	t.Helper()
	ctx := context.Background()
	server := URL(t)
	tmpl, err := ready(server, withDemo)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	admin, err := adminPool()
	if err != nil {
		t.Fatalf("testdb: connect: %v", err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "vestnik_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tmpl+strategy()); err != nil {
		t.Fatalf("testdb: create: %v", err)
	}
	dbURL := withDB(server, name)
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatalf("testdb: pool: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		if _, err := admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("testdb: drop %s: %v", name, err)
		}
	})
	return pool, dbURL
}

// A test process creates and drops its databases over one small pool of
// connections to the server (URL's, the same for the whole process), kept
// for the process's life: a connection costs the server more than the
// CREATE DATABASE it is made for.
var adminPool = sync.OnceValues(func() (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(baseURL)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 2
	return pgxpool.NewWithConfig(context.Background(), cfg)
})

// ready returns the template to clone (schema, or schema and demo),
// building it once per process if the server lacks it.
func ready(server string, withDemo bool) (string, error) {
	readyMu.Lock()
	defer readyMu.Unlock()
	if name, ok := readyTemplates[withDemo]; ok {
		return name, nil
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", fmt.Errorf("connect: %w", err)
	}
	defer admin.Close(ctx)
	if err := admin.QueryRow(ctx, "SELECT current_setting('server_version_num')::int >= 150000").Scan(&fileCopy); err != nil {
		return "", err
	}
	tmpl, err := templateName()
	if err != nil {
		return "", err
	}
	if err := ensureTemplate(ctx, admin, server, tmpl); err != nil {
		return "", fmt.Errorf("template: %w", err)
	}
	if withDemo {
		schema := tmpl
		if tmpl, err = demoTemplateName(); err != nil {
			return "", err
		}
		if err := ensureDemoTemplate(ctx, admin, server, schema, tmpl); err != nil {
			return "", fmt.Errorf("demo template: %w", err)
		}
	}
	readyTemplates[withDemo] = tmpl
	return tmpl, nil
}

var (
	readyMu        sync.Mutex
	readyTemplates = map[bool]string{} // by whether it holds the demo
	fileCopy       bool                // the server is PostgreSQL 15 or later
)

// strategy asks PostgreSQL 15 and later to copy a template's files rather
// than write every block of it to the WAL (their default): for the small
// databases of tests that costs the server less than half the CPU, and
// the suite makes hundreds of them. Older servers only copy files.
func strategy() string {
	if fileCopy {
		return " STRATEGY FILE_COPY"
	}
	return ""
}

// LoadDemo migrates the database at url (pool) and loads the demo content.
// Under `make test` it runs the vestnik binary make has just built from
// the same sources (VESTNIK_TEST_BIN: `vestnik generate --entries 0`),
// which draws the demo photos without the race detector's cost — several
// seconds that every test otherwise waits for; without it, in process.
func LoadDemo(ctx context.Context, pool *pgxpool.Pool, url string) error {
	if bin := os.Getenv("VESTNIK_TEST_BIN"); bin != "" {
		cmd := exec.CommandContext(ctx, bin, "generate", "--entries", "0")
		cmd.Env = append(os.Environ(), "DATABASE_URL="+url)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("testdb: %s generate: %w\n%s", bin, err, out)
		}
		return nil
	}
	if _, err := store.Migrate(ctx, pool, migrations.FS); err != nil {
		return err
	}
	_, err := demo.Load(ctx, store.New(pool), markdown.New())
	return err
}

// ensureTemplate builds the schema template: the migrated, empty database.
func ensureTemplate(ctx context.Context, admin *pgx.Conn, server, tmpl string) error {
	return ensure(ctx, admin, server, tmpl, "", func(pool *pgxpool.Pool, _ string) error {
		_, err := store.Migrate(ctx, pool, migrations.FS)
		return err
	})
}

// ensureDemoTemplate builds the demo template from the schema template,
// then drops demo templates of older code, keeping a few for test runs of
// it that may still be going.
func ensureDemoTemplate(ctx context.Context, admin *pgx.Conn, server, schema, tmpl string) error {
	built := false
	err := ensure(ctx, admin, server, tmpl, schema, func(pool *pgxpool.Pool, url string) error {
		built = true
		return LoadDemo(ctx, pool, url)
	})
	if err != nil || !built {
		return err
	}
	// Keep the three newest demo templates (database OIDs grow).
	rows, err := admin.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname NOT LIKE '%\_new'
		ORDER BY oid DESC OFFSET 3`, demoPrefix+"%")
	if err != nil {
		return err
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, name := range old {
		admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	return nil
}

// ensure makes the template database tmpl unless it exists: a copy of from
// ("": a new, empty database) that fill completes, renamed into place only
// once whole. Test packages run in parallel processes: one builds it while
// the others wait on the lock, then find it.
func ensure(ctx context.Context, admin *pgx.Conn, server, tmpl, from string, fill func(pool *pgxpool.Pool, url string) error) error {
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock(4242)"); err != nil {
		return err
	}
	defer admin.Exec(ctx, "SELECT pg_advisory_unlock(4242)")
	var exists bool
	if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", tmpl).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	building := tmpl + "_new"
	admin.Exec(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
	create := "CREATE DATABASE " + building
	if from != "" {
		create += " TEMPLATE " + from + strategy()
	}
	if _, err := admin.Exec(ctx, create); err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, withDB(server, building))
	if err != nil {
		return err
	}
	err = fill(pool, withDB(server, building))
	pool.Close()
	if err != nil {
		return err
	}
	_, err = admin.Exec(ctx, "ALTER DATABASE "+building+" RENAME TO "+tmpl)
	return err
}
