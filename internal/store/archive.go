package store

// The portable archive: everything an operator needs to rebuild the site
// elsewhere, in one tar file (gzip-compressed or not):
//
//	manifest.json          format, schema version, creation time, row counts
//	<table>.jsonl          one JSON object per row, tables in dependency order
//	media/<sha256>         each uploaded file's bytes, right after media.jsonl
//
// Rows travel as Postgres' own JSON of the row (to_jsonb) and come back
// through jsonb_populate_recordset, so every column of the archived tables
// is carried without a hand-kept column list, identity ids included (URLs,
// guids and revision references contain them). An archive imports only into
// the schema version that wrote it: restore with the Vestnik that made it,
// then upgrade.

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ArchiveFormat names the archive format in its manifest; ArchiveVersion is
// the version of that format this code reads and writes.
const (
	ArchiveFormat  = "vestnik-archive"
	ArchiveVersion = 1
)

// archiveTable is a table the archive carries.
type archiveTable struct {
	name  string
	order string // the primary key: rows are written in a stable order
	// where limits the rows exported (mail_queue: only finished deliveries).
	where string
	// omit are columns left out: recomputed on insert (translations.search
	// by its trigger) or carried as files (media.data).
	omit []string
	// replace: the table is not content but has rows in a freshly migrated
	// database (the languages a migration inserts, the secret key a first
	// start generates); import replaces them with the archive's.
	replace bool
	// personal: subscribers' data, left out by ExportOptions.NoSubscribers.
	personal bool
}

// archiveTables lists what the archive carries, in an order in which
// every row's references are already restored.
var archiveTables = []archiveTable{
	{name: "languages", order: "code", replace: true},
	{name: "settings", order: "key", replace: true},
	{name: "users", order: "id"}, // with password hashes and TOTP secrets
	// Without them, an editor whose authenticator is lost could not log in.
	{name: "recovery_codes", order: "id"},
	{name: "media", order: "id", omit: []string{"data"}},
	{name: "entries", order: "id"},
	{name: "translations", order: "entry_id, lang", omit: []string{"search"}},
	{name: "slug_history", order: "lang, kind, slug"},
	{name: "newsletter_issues", order: "entry_id"},
	{name: "newsletter_articles", order: "id"},
	{name: "newsletter_article_translations", order: "article_id, lang"},
	{name: "newsletter_editions", order: "entry_id, lang"},
	{name: "hotlines", order: "id"},
	{name: "hotline_translations", order: "hotline_id, lang"},
	{name: "revisions", order: "id"},
	{name: "audit_log", order: "id"},
	{name: "subscribers", order: "id", personal: true},
	// Which subscriber already received which issue: without it, sending
	// an issue again from the new installation would reach everyone twice.
	// Messages still pending belong to the installation that queued them.
	{name: "mail_queue", order: "id", where: "kind = 'issue' AND status <> 'pending'", personal: true},
}

// archiveExcluded are the tables an archive leaves out on purpose: logins
// (everyone logs in again), throttling records, mail that is not an issue
// delivery, the development outbox, and goose's own bookkeeping.
var archiveExcluded = []string{"sessions", "login_failures", "subscribe_requests", "mail_outbox", "goose_db_version"}

// TableCount is how many rows of a table an archive holds.
type TableCount struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
}

// Manifest describes an archive; it is its first file.
type Manifest struct {
	Format        string       `json:"format"`
	FormatVersion int          `json:"format_version"`
	SchemaVersion int64        `json:"schema_version"` // goose's version of the database exported
	CreatedAt     time.Time    `json:"created_at"`
	Subscribers   bool         `json:"subscribers"` // subscribers and their deliveries are included
	Tables        []TableCount `json:"tables"`      // in the order their files follow
	MediaFiles    int64        `json:"media_files"`
	MediaBytes    int64        `json:"media_bytes"`
}

// Rows returns the row count of a table in the archive.
func (m Manifest) Rows(table string) int64 {
	for _, t := range m.Tables {
		if t.Table == table {
			return t.Rows
		}
	}
	return 0
}

// ExportOptions chooses what Export writes.
type ExportOptions struct {
	Gzip          bool // compress the tar stream
	NoSubscribers bool // leave out subscribers (personal data) and their deliveries
}

const (
	manifestName  = "manifest.json"
	mediaDir      = "media/"
	maxManifest   = 1 << 20
	importBatch   = 500     // rows per INSERT
	importBatchSz = 4 << 20 // or bytes of JSON per INSERT, whichever comes first
)

// SchemaVersions returns the database's schema version and the newest one
// the embedded migrations know.
func SchemaVersions(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS) (db, latest int64, err error) {
	p, sqldb, err := provider(pool, migrations)
	if err != nil {
		return 0, 0, err
	}
	defer sqldb.Close()
	if db, err = p.GetDBVersion(ctx); err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	for _, s := range p.ListSources() {
		latest = max(latest, s.Version)
	}
	return db, latest, nil
}

// Export writes the whole site to w as an archive, read in one
// repeatable-read transaction so that it is a consistent snapshot while
// editors keep working. Media bytes stream one file at a time; each table's
// rows are spooled to a temporary file, since a tar header needs the size.
// The database's schema must be the current one.
func Export(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS, w io.Writer, opts ExportOptions) (Manifest, error) {
	dbVersion, latest, err := SchemaVersions(ctx, pool, migrations)
	if err != nil {
		return Manifest{}, err
	}
	switch {
	case dbVersion < latest:
		return Manifest{}, fmt.Errorf("store: export: the database is at schema version %d, this Vestnik at %d: "+
			"run \"vestnik migrate\" first, or export with the Vestnik that runs this database", dbVersion, latest)
	case dbVersion > latest:
		return Manifest{}, fmt.Errorf("store: export: the database is at schema version %d, newer than this Vestnik's %d: "+
			"export with the Vestnik that runs this database", dbVersion, latest)
	}
	tables := archived(!opts.NoSubscribers)
	m := Manifest{Format: ArchiveFormat, FormatVersion: ArchiveVersion, SchemaVersion: dbVersion,
		Subscribers: !opts.NoSubscribers}

	spool, err := os.CreateTemp("", "vestnik-export-*.jsonl")
	if err != nil {
		return Manifest{}, fmt.Errorf("store: export: %w", err)
	}
	defer os.Remove(spool.Name())
	defer spool.Close()

	out := w
	var zw *gzip.Writer
	if opts.Gzip {
		zw = gzip.NewWriter(w)
		out = zw
	}
	tw := tar.NewWriter(out)

	err = pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// A large site takes longer than a page's statement timeout.
		if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
			return err
		}
		if err := checkCoverage(ctx, tx); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, "SELECT now()").Scan(&m.CreatedAt); err != nil {
			return err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		for _, t := range tables {
			var n int64
			if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+t.from()).Scan(&n); err != nil { // #nosec G202 -- names from archiveTables
				return fmt.Errorf("count %s: %w", t.name, err)
			}
			m.Tables = append(m.Tables, TableCount{Table: t.name, Rows: n})
		}
		if err := tx.QueryRow(ctx, "SELECT count(*), coalesce(sum(length(data)), 0) FROM media").Scan(&m.MediaFiles, &m.MediaBytes); err != nil {
			return fmt.Errorf("count media: %w", err)
		}
		manifest, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return err
		}
		if err := writeFile(tw, manifestName, int64(len(manifest)), m.CreatedAt, bytes.NewReader(manifest)); err != nil {
			return err
		}
		for i, t := range tables {
			if err := exportTable(ctx, tx, tw, spool, t, m.Tables[i].Rows, m.CreatedAt); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			if t.name == "media" {
				if err := exportMediaFiles(ctx, tx, tw, m.CreatedAt); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return Manifest{}, fmt.Errorf("store: export: %w", err)
	}
	if err := tw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("store: export: %w", err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return Manifest{}, fmt.Errorf("store: export: %w", err)
		}
	}
	return m, nil
}

// ArchivedTables lists the tables an archive carries, in the order Import
// restores them.
func ArchivedTables() []string {
	names := make([]string, len(archiveTables))
	for i, t := range archiveTables {
		names[i] = t.name
	}
	return names
}

// archived returns the tables an archive with or without subscribers holds.
func archived(subscribers bool) []archiveTable {
	var ts []archiveTable
	for _, t := range archiveTables {
		if t.personal && !subscribers {
			continue
		}
		ts = append(ts, t)
	}
	return ts
}

func (t archiveTable) ident() string { return pgx.Identifier{t.name}.Sanitize() }

func (t archiveTable) from() string {
	if t.where == "" {
		return t.ident()
	}
	return t.ident() + " WHERE " + t.where
}

// checkCoverage fails when the schema has a table the archive neither
// carries nor leaves out on purpose: a migration added it and this file
// must say what becomes of it, or restores would silently lose it.
func checkCoverage(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, n := range names {
		known := slices.Contains(archiveExcluded, n) || slices.ContainsFunc(archiveTables, func(t archiveTable) bool { return t.name == n })
		if !known {
			return fmt.Errorf("table %q is neither archived nor excluded: say which in internal/store/archive.go", n)
		}
	}
	return nil
}

func writeFile(tw *tar.Writer, name string, size int64, mod time.Time, r io.Reader) error {
	// 0600: the archive holds password hashes and personal data.
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: mod}); err != nil {
		return err
	}
	n, err := io.Copy(tw, r)
	if err == nil && n != size {
		err = fmt.Errorf("%s: wrote %d bytes of %d", name, n, size)
	}
	return err
}

// exportTable spools a table's rows as JSON Lines, then adds the file.
func exportTable(ctx context.Context, tx pgx.Tx, tw *tar.Writer, spool *os.File, t archiveTable, want int64, mod time.Time) error {
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := spool.Truncate(0); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(spool, 1<<16)
	omit := t.omit
	if omit == nil {
		omit = []string{}
	}
	q := "SELECT (to_jsonb(t) - $1::text[])::text FROM " + t.ident() + " t" // #nosec G202 -- names from archiveTables
	if t.where != "" {
		q += " WHERE " + t.where
	}
	q += " ORDER BY " + t.order
	rows, err := tx.Query(ctx, q, omit)
	if err != nil {
		return err
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		line := rows.RawValues()[0] // valid until Next: copied into the spool
		bw.Write(line)
		bw.WriteByte('\n')
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n != want {
		return fmt.Errorf("%d rows, counted %d", n, want)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	size, err := spool.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return writeFile(tw, t.name+".jsonl", size, mod, spool)
}

// exportMediaFiles adds each uploaded file's bytes, one row in memory at a
// time, checking them against their hash: an archive that would not import
// is refused when it is made, not when it is needed.
func exportMediaFiles(ctx context.Context, tx pgx.Tx, tw *tar.Writer, mod time.Time) error {
	rows, err := tx.Query(ctx, `SELECT sha256, data FROM media ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var hash string
		var data []byte
		if err := rows.Scan(&hash, &data); err != nil {
			return err
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != hash {
			return fmt.Errorf("media %s: its bytes do not match its hash", hash)
		}
		if err := writeFile(tw, mediaDir+hash, int64(len(data)), mod, bytes.NewReader(data)); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ErrNotEmpty is returned by Import for a database that already has
// content: an archive restores a site, it does not merge two.
var ErrNotEmpty = errors.New("store: import: the database is not empty")

// Import restores an archive (tar, gzip-compressed or not) into an empty
// database, migrating it first. Everything is restored in one transaction:
// a corrupt, truncated or tampered archive leaves the database as it was.
// The manifest is read before the database is touched, so an archive of
// another schema version is refused without side effects.
func Import(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS, r io.Reader) (Manifest, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return Manifest{}, fmt.Errorf("store: import: %w", err)
		}
		defer zr.Close()
		r = zr
	} else {
		r = br
	}
	tr := tar.NewReader(r)
	m, err := readManifest(tr)
	if err != nil {
		return Manifest{}, fmt.Errorf("store: import: %w", err)
	}
	if _, err := Migrate(ctx, pool, migrations); err != nil {
		return Manifest{}, err
	}
	_, latest, err := SchemaVersions(ctx, pool, migrations)
	if err != nil {
		return Manifest{}, err
	}
	if m.SchemaVersion != latest {
		return Manifest{}, fmt.Errorf("store: import: the archive is of schema version %d, this Vestnik's is %d: "+
			"import it with the Vestnik version that made it, then upgrade", m.SchemaVersion, latest)
	}
	tables := archived(m.Subscribers)
	if len(m.Tables) != len(tables) {
		return Manifest{}, fmt.Errorf("store: import: the manifest lists %d tables, want %d", len(m.Tables), len(tables))
	}
	for i, t := range tables {
		if m.Tables[i].Table != t.name || m.Tables[i].Rows < 0 {
			return Manifest{}, fmt.Errorf("store: import: the manifest's table %d is %q, want %q", i+1, m.Tables[i].Table, t.name)
		}
	}

	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
			return err
		}
		for _, t := range archiveTables {
			if t.replace {
				continue
			}
			var has bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+t.ident()+")").Scan(&has); err != nil { // #nosec G202 -- names from archiveTables
				return err
			}
			if has {
				return fmt.Errorf("%w (%s has rows): import into a new, empty database", ErrNotEmpty, t.name)
			}
		}
		im := importer{ctx: ctx, tx: tx, tr: tr, m: m}
		return im.run(tables)
	})
	if err != nil {
		if errors.Is(err, ErrNotEmpty) {
			return Manifest{}, err
		}
		return Manifest{}, fmt.Errorf("store: import: %w", err)
	}
	return m, nil
}

func readManifest(tr *tar.Reader) (Manifest, error) {
	var m Manifest
	h, err := tr.Next()
	if err != nil {
		return m, fmt.Errorf("not a Vestnik archive: %w", err)
	}
	if h.Name != manifestName || h.Typeflag != tar.TypeReg {
		return m, fmt.Errorf("not a Vestnik archive: it starts with %q, not %s", h.Name, manifestName)
	}
	if h.Size > maxManifest {
		return m, fmt.Errorf("%s: %d bytes is too large", manifestName, h.Size)
	}
	dec := json.NewDecoder(tr)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, fmt.Errorf("%s: %w", manifestName, err)
	}
	if m.Format != ArchiveFormat {
		return m, fmt.Errorf("not a Vestnik archive: format %q", m.Format)
	}
	if m.FormatVersion != ArchiveVersion {
		return m, fmt.Errorf("archive format version %d: this Vestnik reads version %d", m.FormatVersion, ArchiveVersion)
	}
	return m, nil
}

// importer restores the files of one archive, in the order the manifest
// lists them, inside one transaction.
type importer struct {
	ctx context.Context
	tx  pgx.Tx
	tr  *tar.Reader
	m   Manifest
	// pending are the media rows whose bytes are still to come, by hash;
	// mediaInsert inserts one with its bytes.
	pending     map[string]mediaRow
	mediaInsert string
}

type mediaRow struct {
	json []byte
	size int64
}

func (im *importer) run(tables []archiveTable) error {
	next := 0 // index of the next table file expected
	for {
		h, err := im.tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("archive: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			return fmt.Errorf("archive: %q is not a regular file", h.Name)
		}
		if hash, ok := strings.CutPrefix(h.Name, mediaDir); ok {
			if next == 0 || tables[next-1].name != "media" {
				return fmt.Errorf("archive: %s is not right after media.jsonl", h.Name)
			}
			if err := im.mediaFile(hash, h.Size); err != nil {
				return err
			}
			continue
		}
		if next == len(tables) || h.Name != tables[next].name+".jsonl" {
			want := "the end"
			if next < len(tables) {
				want = tables[next].name + ".jsonl"
			}
			return fmt.Errorf("archive: found %q where %s was expected", h.Name, want)
		}
		if next > 0 && tables[next-1].name == "media" && len(im.pending) > 0 {
			return fmt.Errorf("archive: %d media files are missing", len(im.pending))
		}
		t := tables[next]
		next++
		if err := im.table(t); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	if next != len(tables) {
		return fmt.Errorf("archive: truncated: %s.jsonl is missing", tables[next].name)
	}
	if len(im.pending) > 0 {
		return fmt.Errorf("archive: %d media files are missing", len(im.pending))
	}
	return im.resetIdentities(tables)
}

// columns returns the table's columns that an insert gives values, minus
// those the archive omits.
func (im *importer) columns(t archiveTable) ([]string, error) {
	rows, err := im.tx.Query(im.ctx, `SELECT attname FROM pg_attribute
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

// table restores one table's JSON Lines in batches.
func (im *importer) table(t archiveTable) error {
	if t.replace {
		if _, err := im.tx.Exec(im.ctx, "DELETE FROM "+t.ident()); err != nil { // #nosec G202 -- names from archiveTables
			return err
		}
	}
	cols, err := im.columns(t)
	if err != nil {
		return err
	}
	list := strings.Join(cols, ", ")
	insert := "INSERT INTO " + t.ident() + " (" + list + ") OVERRIDING SYSTEM VALUE SELECT " + list + // #nosec G202 -- names from the catalog, quoted
		" FROM jsonb_populate_recordset(NULL::" + t.ident() + ", $1::jsonb)"
	want := im.m.Rows(t.name)
	if t.name == "media" {
		im.pending = map[string]mediaRow{}
		im.mediaInsert = "INSERT INTO media (" + list + ", data) OVERRIDING SYSTEM VALUE SELECT " + list + // #nosec G202 -- names from the catalog, quoted
			", $2::bytea FROM jsonb_populate_record(NULL::media, $1::jsonb)"
		// The bytes follow as files; each row is inserted with its file.
		return im.eachLine(func(line []byte) error {
			var row struct {
				SHA256 string `json:"sha256"`
				Size   int64  `json:"size"`
			}
			if err := json.Unmarshal(line, &row); err != nil {
				return err
			}
			if _, dup := im.pending[row.SHA256]; dup {
				return fmt.Errorf("media %s twice", row.SHA256)
			}
			im.pending[row.SHA256] = mediaRow{json: bytes.Clone(line), size: row.Size}
			return nil
		}, want)
	}
	var batch bytes.Buffer
	var inBatch int64
	flush := func() error {
		if inBatch == 0 {
			return nil
		}
		batch.WriteByte(']')
		tag, err := im.tx.Exec(im.ctx, insert, batch.String())
		if err != nil {
			return err
		}
		if tag.RowsAffected() != inBatch {
			return fmt.Errorf("inserted %d rows of %d", tag.RowsAffected(), inBatch)
		}
		batch.Reset()
		inBatch = 0
		return nil
	}
	err = im.eachLine(func(line []byte) error {
		if inBatch == 0 {
			batch.WriteByte('[')
		} else {
			batch.WriteByte(',')
		}
		batch.Write(line)
		inBatch++
		if inBatch == importBatch || batch.Len() >= importBatchSz {
			return flush()
		}
		return nil
	}, want)
	if err != nil {
		return err
	}
	return flush()
}

// eachLine calls fn with each line of the current file, each a JSON
// object, and checks that there are as many as the manifest says.
func (im *importer) eachLine(fn func([]byte) error, want int64) error {
	br := bufio.NewReaderSize(im.tr, 1<<16)
	var n int64
	for {
		line, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err // a truncated archive: say so, not that its last line is cut
		}
		if len(line) > 0 {
			line = bytes.TrimSuffix(line, []byte{'\n'})
			if len(line) == 0 || line[0] != '{' || !json.Valid(line) {
				return fmt.Errorf("line %d is not a JSON object", n+1)
			}
			n++
			if n > want {
				return fmt.Errorf("more rows than the manifest's %d", want)
			}
			if err := fn(line); err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
		}
		if err != nil {
			break
		}
	}
	if n != want {
		return fmt.Errorf("%d rows, the manifest says %d", n, want)
	}
	return nil
}

// mediaFile inserts the media row whose bytes the current file holds,
// after checking them against the hash that names them.
func (im *importer) mediaFile(hash string, size int64) error {
	row, ok := im.pending[hash]
	if !ok {
		return fmt.Errorf("archive: %s%s belongs to no media row", mediaDir, hash)
	}
	if size != row.size {
		return fmt.Errorf("archive: %s%s: %d bytes, its row says %d", mediaDir, hash, size, row.size)
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(im.tr, data); err != nil {
		return fmt.Errorf("archive: %s%s: %w", mediaDir, hash, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != hash {
		return fmt.Errorf("archive: %s%s: the bytes do not match their hash: the archive is damaged or was altered", mediaDir, hash)
	}
	if _, err := im.tx.Exec(im.ctx, im.mediaInsert, string(row.json), data); err != nil {
		return fmt.Errorf("media %s: %w", hash, err)
	}
	delete(im.pending, hash)
	return nil
}

// resetIdentities moves each identity sequence past the ids restored, so
// the next entry, upload or audit line gets a new one.
func (im *importer) resetIdentities(tables []archiveTable) error {
	for _, t := range tables {
		rows, err := im.tx.Query(im.ctx, `SELECT attname FROM pg_attribute
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
			if _, err := im.tx.Exec(im.ctx, q, t.ident(), c); err != nil {
				return fmt.Errorf("%s.%s: %w", t.name, c, err)
			}
		}
	}
	return nil
}
