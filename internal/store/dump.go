package store

// What the portable archive (internal/archive) needs of the database: which
// tables it carries and in what order, a consistent read of each as JSON
// rows, and a restore of them in one transaction. Rows travel as Postgres'
// own JSON of the row (to_jsonb) and come back through
// jsonb_populate_recordset, so every column is carried without a hand-kept
// column list, identity ids included (URLs, guids and revision references
// contain them).

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DumpTable is a table the archive carries.
type DumpTable struct {
	Name string
	// Personal: subscribers' data, which an archive may leave out.
	Personal bool

	order string // the primary key: rows are written in a stable order
	// where limits the rows carried (mail_queue: only finished deliveries).
	where string
	// omit are columns left out: recomputed on insert (translations.search
	// by its trigger) or carried as files (media.data).
	omit []string
	// replace: the table is not content but has rows in a freshly migrated
	// database (the languages a migration inserts, the secret key a first
	// start generates); a restore replaces them with the archive's.
	replace bool
}

// MediaTable is the table whose rows' bytes travel as files of their own.
const MediaTable = "media"

// dumpTables lists what an archive carries, in an order in which every
// row's references are already restored.
var dumpTables = []DumpTable{
	{Name: "languages", order: "code", replace: true},
	{Name: "settings", order: "key", replace: true},
	{Name: "users", order: "id"}, // with password hashes and TOTP secrets
	{Name: "user_languages", order: "user_id, lang"},
	// Without them, an editor whose authenticator is lost could not log in.
	{Name: "recovery_codes", order: "id"},
	{Name: MediaTable, order: "id", omit: []string{"data"}},
	{Name: "media_texts", order: "media_id, lang"},
	{Name: "media_originals", order: "media_id"},
	{Name: "media_aliases", order: "sha256"},
	{Name: "entries", order: "id"},
	{Name: "translations", order: "entry_id, lang", omit: []string{"search", "title_search", "body_text"}},
	{Name: "translation_versions", order: "entry_id, lang, revision"},
	{Name: "translation_drafts", order: "entry_id, lang"},
	{Name: "reviews", order: "entry_id, lang"},
	{Name: "slug_history", order: "lang, kind, slug"},
	{Name: "newsletter_issues", order: "entry_id"},
	{Name: "newsletter_articles", order: "id"},
	{Name: "newsletter_article_translations", order: "article_id, lang", omit: []string{"search", "title_search", "body_text"}},
	{Name: "newsletter_article_drafts", order: "article_id, lang"},
	{Name: "newsletter_editions", order: "entry_id, lang"},
	{Name: "issue_mailings", order: "entry_id, lang"},
	{Name: "hotlines", order: "id"},
	{Name: "hotline_translations", order: "hotline_id, lang"},
	// The site menu: a migrated database has the built-in sections.
	{Name: "menu_items", order: "position, id", replace: true},
	{Name: "menu_labels", order: "item_id, lang", replace: true},
	{Name: "revisions", order: "id"},
	{Name: "audit_log", order: "id"},
	{Name: "subscribers", order: "id", Personal: true},
	// Which subscriber already received which issue: without it, sending
	// an issue again from the new installation would reach everyone twice.
	// Messages still pending belong to the installation that queued them.
	{Name: "mail_queue", order: "id", where: "kind = 'issue' AND status <> 'pending'", Personal: true},
}

// dumpExcluded are the tables an archive leaves out on purpose: logins
// (everyone logs in again), throttling records, mail that is not an issue
// delivery, the development outbox, goose's own bookkeeping, and image
// renditions (made again from their masters when first asked for).
var dumpExcluded = []string{"sessions", "login_failures", "subscribe_requests", "mail_outbox", "goose_db_version",
	"renditions",       // made again from the masters on first request
	"content_removals", // dates for HTTP caches of this installation
	"entry_removals",   // the same, by entry
	"translation_gaps", // derived: triggers rebuild it as entries and texts are restored
	"entry_presence"}   // who has an entry open now, on this installation

// DumpTables lists the tables an archive carries, in the order a restore
// needs them; without personal, the subscribers' tables are left out.
func DumpTables(personal bool) []DumpTable {
	var ts []DumpTable
	for _, t := range dumpTables {
		if t.Personal && !personal {
			continue
		}
		ts = append(ts, t)
	}
	return ts
}

func (t DumpTable) ident() string { return pgx.Identifier{t.Name}.Sanitize() }

func (t DumpTable) from() string {
	if t.where == "" {
		return t.ident()
	}
	return t.ident() + " WHERE " + t.where
}

func dumpTable(name string) (DumpTable, error) {
	i := slices.IndexFunc(dumpTables, func(t DumpTable) bool { return t.Name == name })
	if i < 0 {
		return DumpTable{}, fmt.Errorf("store: %q is no archived table", name)
	}
	return dumpTables[i], nil
}

// SchemaVersions returns the database's schema version and the newest one
// the embedded migrations know.
func SchemaVersions(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS) (db, latest int64, err error) {
	p, sqldb, err := provider(pool, migrations)
	if err != nil {
		return 0, 0, err
	}
	defer sqldb.Close()
	if db, err = p.GetDBVersion(ctx); err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", markUnavailable(err))
	}
	for _, s := range p.ListSources() {
		latest = max(latest, s.Version)
	}
	return db, latest, nil
}

// Snapshot is a consistent, read-only view of the whole database.
type Snapshot struct {
	tx  pgx.Tx
	now time.Time
}

// ReadSnapshot runs fn on one repeatable-read, read-only transaction, so
// that what fn reads is one moment while editors keep working. It first
// fails when the schema has a table that the archive neither carries nor
// leaves out on purpose: a migration added it, and dumpTables must say what
// becomes of it, or restores would silently lose it.
func (s *Store) ReadSnapshot(ctx context.Context, fn func(*Snapshot) error) error {
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// A large site takes longer than a page's statement timeout.
		if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
		if err != nil {
			return err
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, n := range names {
			known := slices.Contains(dumpExcluded, n) || slices.ContainsFunc(dumpTables, func(t DumpTable) bool { return t.Name == n })
			if !known {
				return fmt.Errorf("table %q is neither archived nor excluded: say which in internal/store/dump.go", n)
			}
		}
		sn := &Snapshot{tx: tx}
		if err := tx.QueryRow(ctx, "SELECT now()").Scan(&sn.now); err != nil {
			return err
		}
		sn.now = sn.now.UTC()
		return fn(sn)
	})
	return mapErr("snapshot", err)
}

// Now is the moment of the snapshot.
func (sn *Snapshot) Now() time.Time { return sn.now }

// Count is the number of rows of a table the archive carries.
func (sn *Snapshot) Count(ctx context.Context, table string) (int64, error) {
	t, err := dumpTable(table)
	if err != nil {
		return 0, err
	}
	var n int64
	err = sn.tx.QueryRow(ctx, "SELECT count(*) FROM "+t.from()).Scan(&n) // #nosec G202 -- names from dumpTables
	return n, mapErr("count "+table, err)
}

// MediaTotals is the number of uploaded files and their bytes.
func (sn *Snapshot) MediaTotals(ctx context.Context) (files, bytes int64, err error) {
	err = sn.tx.QueryRow(ctx, "SELECT count(*), coalesce(sum(length(data)), 0) FROM media").Scan(&files, &bytes)
	return files, bytes, mapErr("media totals", err)
}

// EachRow calls fn with the JSON of each row of a table the archive
// carries, in a stable order; the slice is valid only during the call.
func (sn *Snapshot) EachRow(ctx context.Context, table string, fn func(row []byte) error) error {
	t, err := dumpTable(table)
	if err != nil {
		return err
	}
	omit := t.omit
	if omit == nil {
		omit = []string{}
	}
	q := "SELECT (to_jsonb(t) - $1::text[])::text FROM " + t.ident() + " t" // #nosec G202 -- names from dumpTables
	if t.where != "" {
		q += " WHERE " + t.where
	}
	q += " ORDER BY " + t.order
	rows, err := sn.tx.Query(ctx, q, omit)
	if err != nil {
		return mapErr("rows of "+table, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.RawValues()[0]); err != nil {
			return err
		}
	}
	return mapErr("rows of "+table, rows.Err())
}

// EachMediaFile calls fn with each uploaded file's hash and bytes, one
// file in memory at a time, in the order of EachRow(MediaTable).
func (sn *Snapshot) EachMediaFile(ctx context.Context, fn func(sha256 string, data []byte) error) error {
	rows, err := sn.tx.Query(ctx, `SELECT sha256, data FROM media ORDER BY id`)
	if err != nil {
		return mapErr("media files", err)
	}
	defer rows.Close()
	for rows.Next() {
		var hash string
		var data []byte
		if err := rows.Scan(&hash, &data); err != nil {
			return mapErr("media files", err)
		}
		if err := fn(hash, data); err != nil {
			return err
		}
	}
	return mapErr("media files", rows.Err())
}

// ErrNotEmpty is returned by a restore into a database that already has
// content: an archive restores a site, it does not merge two.
var ErrNotEmpty = errors.New("store: the database is not empty")

// Restorer writes an archive's rows, inside one transaction.
type Restorer struct {
	tx          pgx.Tx
	inserts     map[string]string
	mediaInsert string
}

// Restore runs fn in one transaction, after checking that the database has
// no content (ErrNotEmpty): a restore that fails anywhere leaves the
// database as it was.
func (s *Store) Restore(ctx context.Context, fn func(*Restorer) error) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
			return err
		}
		// The rows carry their dates: restoring a text does not make its
		// entry newly public (keepingDates).
		if _, err := tx.Exec(ctx, "SET LOCAL vestnik.keep_dates = on"); err != nil {
			return err
		}
		for _, t := range dumpTables {
			if t.replace {
				continue
			}
			var has bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+t.ident()+")").Scan(&has); err != nil { // #nosec G202 -- names from dumpTables
				return err
			}
			if has {
				return fmt.Errorf("%w (%s has rows): import into a new, empty database", ErrNotEmpty, t.Name)
			}
		}
		return fn(&Restorer{tx: tx, inserts: map[string]string{}})
	})
	if errors.Is(err, ErrNotEmpty) {
		return err
	}
	return mapErr("restore", err)
}

// Start prepares a table for its rows: a table that a migrated database
// fills itself (languages, settings) is emptied first.
func (rs *Restorer) Start(ctx context.Context, table string) error {
	t, err := dumpTable(table)
	if err != nil {
		return err
	}
	if t.replace {
		if _, err := rs.tx.Exec(ctx, "DELETE FROM "+t.ident()); err != nil { // #nosec G202 -- names from dumpTables
			return err
		}
	}
	cols, err := rs.columns(ctx, t)
	if err != nil {
		return err
	}
	list := strings.Join(cols, ", ")
	rs.inserts[table] = "INSERT INTO " + t.ident() + " (" + list + ") OVERRIDING SYSTEM VALUE SELECT " + list + // #nosec G202 -- names from the catalog, quoted
		" FROM jsonb_populate_recordset(NULL::" + t.ident() + ", $1::jsonb)"
	if table == MediaTable {
		rs.mediaInsert = "INSERT INTO media (" + list + ", data) OVERRIDING SYSTEM VALUE SELECT " + list + // #nosec G202 -- names from the catalog, quoted
			", $2::bytea FROM jsonb_populate_record(NULL::media, $1::jsonb)"
	}
	return nil
}

// columns returns the table's columns that an insert gives values, minus
// those the archive omits.
func (rs *Restorer) columns(ctx context.Context, t DumpTable) ([]string, error) {
	rows, err := rs.tx.Query(ctx, `SELECT attname FROM pg_attribute
		WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
		ORDER BY attnum`, t.ident())
	if err != nil {
		return nil, err
	}
	all, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	var cols []string
	for _, c := range all {
		if !slices.Contains(t.omit, c) {
			cols = append(cols, pgx.Identifier{c}.Sanitize())
		}
	}
	return cols, nil
}

// Insert inserts rows, a JSON array of n row objects, into a table that
// Start prepared.
func (rs *Restorer) Insert(ctx context.Context, table, rows string, n int64) error {
	q, ok := rs.inserts[table]
	if !ok {
		return fmt.Errorf("store: restore: %s was not started", table)
	}
	tag, err := rs.tx.Exec(ctx, q, rows)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != n {
		return fmt.Errorf("inserted %d rows of %d", tag.RowsAffected(), n)
	}
	return nil
}

// InsertMedia inserts one media row (its JSON) with its bytes.
func (rs *Restorer) InsertMedia(ctx context.Context, row []byte, data []byte) error {
	if rs.mediaInsert == "" {
		return fmt.Errorf("store: restore: %s was not started", MediaTable)
	}
	_, err := rs.tx.Exec(ctx, rs.mediaInsert, string(row), data)
	return err
}

// ResetIdentities moves each identity sequence of the tables past the ids
// restored, so the next entry, upload or audit line gets a new one.
func (rs *Restorer) ResetIdentities(ctx context.Context, tables []DumpTable) error {
	for _, t := range tables {
		rows, err := rs.tx.Query(ctx, `SELECT attname FROM pg_attribute
			WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attidentity <> ''`, t.ident())
		if err != nil {
			return err
		}
		cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, c := range cols {
			col := pgx.Identifier{c}.Sanitize()
			q := "SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(" + col + "), 0) + 1, false) FROM " + t.ident() // #nosec G202 -- names from the catalog, quoted
			if _, err := rs.tx.Exec(ctx, q, t.ident(), c); err != nil {
				return fmt.Errorf("%s.%s: %w", t.Name, c, err)
			}
		}
	}
	return nil
}
