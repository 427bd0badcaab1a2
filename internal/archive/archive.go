// Package archive reads and writes Vestnik's portable archive: everything
// an operator needs to rebuild the site elsewhere, in one tar file
// (gzip-compressed or not):
//
//	manifest.json          format, schema version, creation time, row counts
//	<table>.jsonl          one JSON object per row, tables in dependency order
//	media/<sha256>         each uploaded file's bytes, right after media.jsonl
//
// The store decides which tables travel and reads and restores their rows
// (internal/store/dump.go); this package owns the file format and its
// checks. An archive imports only into the schema version that wrote it:
// restore with the Vestnik that made it, then upgrade.
package archive

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
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/store"
)

// Format names the archive format in its manifest; Version is the version
// of that format this code reads and writes.
const (
	Format  = "vestnik-archive"
	Version = 1
)

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

// Options chooses what Export writes.
type Options struct {
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

// ErrNotEmpty is returned by Import for a database that already has
// content: an archive restores a site, it does not merge two.
var ErrNotEmpty = store.ErrNotEmpty

// Export writes the whole site to w as an archive, read as one consistent
// snapshot while editors keep working. Media bytes stream one file at a
// time; each table's rows are spooled to a temporary file, since a tar
// header needs the size. The database's schema must be the current one.
func Export(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS, w io.Writer, opts Options) (Manifest, error) {
	dbVersion, latest, err := store.SchemaVersions(ctx, pool, migrations)
	if err != nil {
		return Manifest{}, err
	}
	switch {
	case dbVersion < latest:
		return Manifest{}, fmt.Errorf("archive: export: the database is at schema version %d, this Vestnik at %d: "+
			"run \"vestnik migrate\" first, or export with the Vestnik that runs this database", dbVersion, latest)
	case dbVersion > latest:
		return Manifest{}, fmt.Errorf("archive: export: the database is at schema version %d, newer than this Vestnik's %d: "+
			"export with the Vestnik that runs this database", dbVersion, latest)
	}
	tables := store.DumpTables(!opts.NoSubscribers)
	m := Manifest{Format: Format, FormatVersion: Version, SchemaVersion: dbVersion, Subscribers: !opts.NoSubscribers}

	spool, err := os.CreateTemp("", "vestnik-export-*.jsonl")
	if err != nil {
		return Manifest{}, fmt.Errorf("archive: export: %w", err)
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

	err = store.New(pool).ReadSnapshot(ctx, func(sn *store.Snapshot) error {
		m.CreatedAt = sn.Now()
		for _, t := range tables {
			n, err := sn.Count(ctx, t.Name)
			if err != nil {
				return err
			}
			m.Tables = append(m.Tables, TableCount{Table: t.Name, Rows: n})
		}
		var err error
		if m.MediaFiles, m.MediaBytes, err = sn.MediaTotals(ctx); err != nil {
			return err
		}
		manifest, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return err
		}
		if err := writeFile(tw, manifestName, int64(len(manifest)), m.CreatedAt, bytes.NewReader(manifest)); err != nil {
			return err
		}
		for i, t := range tables {
			if err := exportTable(ctx, sn, tw, spool, t.Name, m.Tables[i].Rows, m.CreatedAt); err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
			if t.Name == store.MediaTable {
				if err := exportMediaFiles(ctx, sn, tw, m.CreatedAt); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return Manifest{}, fmt.Errorf("archive: export: %w", err)
	}
	if err := tw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("archive: export: %w", err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return Manifest{}, fmt.Errorf("archive: export: %w", err)
		}
	}
	return m, nil
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
func exportTable(ctx context.Context, sn *store.Snapshot, tw *tar.Writer, spool *os.File, table string, want int64, mod time.Time) error {
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := spool.Truncate(0); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(spool, 1<<16)
	var n int64
	err := sn.EachRow(ctx, table, func(row []byte) error {
		bw.Write(row) // copied into the spool before the next row
		bw.WriteByte('\n')
		n++
		return nil
	})
	if err != nil {
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
	return writeFile(tw, table+".jsonl", size, mod, spool)
}

// exportMediaFiles adds each uploaded file's bytes, checking them against
// their hash: an archive that would not import is refused when it is made,
// not when it is needed.
func exportMediaFiles(ctx context.Context, sn *store.Snapshot, tw *tar.Writer, mod time.Time) error {
	return sn.EachMediaFile(ctx, func(hash string, data []byte) error {
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != hash {
			return fmt.Errorf("media %s: its bytes do not match its hash", hash)
		}
		return writeFile(tw, mediaDir+hash, int64(len(data)), mod, bytes.NewReader(data))
	})
}

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
			return Manifest{}, fmt.Errorf("archive: import: %w", err)
		}
		defer zr.Close()
		r = zr
	} else {
		r = br
	}
	tr := tar.NewReader(r)
	m, err := readManifest(tr)
	if err != nil {
		return Manifest{}, fmt.Errorf("archive: import: %w", err)
	}
	if _, err := store.Migrate(ctx, pool, migrations); err != nil {
		return Manifest{}, err
	}
	_, latest, err := store.SchemaVersions(ctx, pool, migrations)
	if err != nil {
		return Manifest{}, err
	}
	if m.SchemaVersion != latest {
		return Manifest{}, fmt.Errorf("archive: import: the archive is of schema version %d, this Vestnik's is %d: "+
			"import it with the Vestnik version that made it, then upgrade", m.SchemaVersion, latest)
	}
	tables := store.DumpTables(m.Subscribers)
	if len(m.Tables) != len(tables) {
		return Manifest{}, fmt.Errorf("archive: import: the manifest lists %d tables, want %d", len(m.Tables), len(tables))
	}
	for i, t := range tables {
		if m.Tables[i].Table != t.Name || m.Tables[i].Rows < 0 {
			return Manifest{}, fmt.Errorf("archive: import: the manifest's table %d is %q, want %q", i+1, m.Tables[i].Table, t.Name)
		}
	}
	err = store.New(pool).Restore(ctx, func(rs *store.Restorer) error {
		im := importer{ctx: ctx, rs: rs, tr: tr, m: m}
		return im.run(tables)
	})
	if err != nil {
		if errors.Is(err, ErrNotEmpty) {
			return Manifest{}, err
		}
		return Manifest{}, fmt.Errorf("archive: import: %w", err)
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
	if m.Format != Format {
		return m, fmt.Errorf("not a Vestnik archive: format %q", m.Format)
	}
	if m.FormatVersion != Version {
		return m, fmt.Errorf("archive format version %d: this Vestnik reads version %d", m.FormatVersion, Version)
	}
	return m, nil
}

// importer restores the files of one archive, in the order the manifest
// lists them, inside one transaction.
type importer struct {
	ctx context.Context
	rs  *store.Restorer
	tr  *tar.Reader
	m   Manifest
	// pending are the media rows whose bytes are still to come, by hash.
	pending map[string]mediaRow
}

type mediaRow struct {
	json []byte
	size int64
}

func (im *importer) run(tables []store.DumpTable) error {
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
			if next == 0 || tables[next-1].Name != store.MediaTable {
				return fmt.Errorf("archive: %s is not right after media.jsonl", h.Name)
			}
			if err := im.mediaFile(hash, h.Size); err != nil {
				return err
			}
			continue
		}
		if next == len(tables) || h.Name != tables[next].Name+".jsonl" {
			want := "the end"
			if next < len(tables) {
				want = tables[next].Name + ".jsonl"
			}
			return fmt.Errorf("archive: found %q where %s was expected", h.Name, want)
		}
		if next > 0 && tables[next-1].Name == store.MediaTable && len(im.pending) > 0 {
			return fmt.Errorf("archive: %d media files are missing", len(im.pending))
		}
		t := tables[next]
		next++
		if err := im.table(t); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	if next != len(tables) {
		return fmt.Errorf("archive: truncated: %s.jsonl is missing", tables[next].Name)
	}
	if len(im.pending) > 0 {
		return fmt.Errorf("archive: %d media files are missing", len(im.pending))
	}
	return im.rs.ResetIdentities(im.ctx, tables)
}

// table restores one table's JSON Lines in batches.
func (im *importer) table(t store.DumpTable) error {
	if err := im.rs.Start(im.ctx, t.Name); err != nil {
		return err
	}
	want := im.m.Rows(t.Name)
	if t.Name == store.MediaTable {
		im.pending = map[string]mediaRow{}
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
		if err := im.rs.Insert(im.ctx, t.Name, batch.String(), inBatch); err != nil {
			return err
		}
		batch.Reset()
		inBatch = 0
		return nil
	}
	err := im.eachLine(func(line []byte) error {
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
	if err := im.rs.InsertMedia(im.ctx, row.json, data); err != nil {
		return fmt.Errorf("media %s: %w", hash, err)
	}
	delete(im.pending, hash)
	return nil
}
