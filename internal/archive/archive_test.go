package archive_test

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/archive"
	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
	"vestnik/migrations"
)

// archiveSource is a database with the demo content and a row in every
// table an archive carries, plus rows of the tables it leaves out.
func archiveSource(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	pool := testdb.NewDemo(t)
	st := store.New(pool)
	u, err := st.CreateUser(ctx, "Ed@Example.org", "Ed", "admin", "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA", "ru")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutMedia(ctx, "photo one.png", "image/png", []byte("\x89PNG\r\n\x1a\n not really")); err != nil {
		t.Fatal(err)
	}
	sub, err := st.Subscribe(ctx, "reader@example.org", "ru", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ip := netip.MustParseAddr("192.0.2.7")
	if err := st.Audit(ctx, store.AuditEntry{UserID: &u.ID, Action: "entry.update", ObjectType: "entry", ObjectID: 1, Summary: "«заголовок»", IP: &ip}); err != nil {
		t.Fatal(err)
	}
	var issue int64
	if err := pool.QueryRow(ctx, `SELECT entry_id FROM newsletter_issues LIMIT 1`).Scan(&issue); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO revisions (entry_id, version, author_id, snapshot, note) VALUES (1, 2, $1, '{"title": "Старое", "n": [1, 2.5, null]}', 'first')`,
		`INSERT INTO slug_history (lang, kind, slug, entry_id) SELECT lang, kind, 'old-' || slug, entry_id FROM translations WHERE entry_id = 1`,
		`UPDATE translations SET synced = '{"ru": 2}' WHERE entry_id = 1 AND lang = 'en'`,
		// A language's own lead image (an issue's Russian cover).
		`UPDATE translations SET lead_image_id = (SELECT max(id) FROM media) WHERE entry_id = 1 AND lang = 'ru'`,
		`INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES ($1, '\x00ff10', now())`,
		`INSERT INTO settings (key, value) VALUES ('secret_key', 'k3y')`,
		// Left out: a session, a failed login, a sign-up request, a pending
		// confirmation and the outbox.
		`INSERT INTO sessions (token, data, expiry) VALUES ('t', '\x01', now() + interval '1 hour')`,
		`INSERT INTO login_failures (email, ip) VALUES ('x@example.org', '198.51.100.1')`,
		`INSERT INTO subscribe_requests (email_hash, ip) VALUES ('h', '198.51.100.1')`,
		`INSERT INTO mail_queue (kind, to_addr, lang) VALUES ('confirm', 'new@example.org', 'en')`,
		`INSERT INTO mail_outbox (message_id, to_addr, subject, text_body, html_body, raw) VALUES ('m', 'a@example.org', 's', 't', 'h', '\x00')`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = append(args, u.ID)
		}
		if _, err := pool.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// An issue delivered to the subscriber: carried, so that sending the
	// issue again from the new installation does not reach them twice.
	if _, err := st.EnqueueIssue(ctx, issue, []string{"ru"}, u.ID, store.AuditEntry{UserID: &u.ID, Action: "newsletter.send", ObjectType: "entry", ObjectID: issue}); err != nil {
		t.Fatal(err)
	}
	for {
		found, err := st.DeliverNext(ctx, func(j store.MailJob) store.MailOutcome {
			return store.MailOutcome{Sent: j.SubscriberID == sub.ID, MessageID: "<1@example.org>"}
		})
		if err != nil {
			t.Fatal(err)
		}
		if !found {
			break
		}
	}
	return pool
}

func export(t *testing.T, pool *pgxpool.Pool, opts archive.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := archive.Export(context.Background(), pool, migrations.FS, &buf, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tableJSON returns a table's rows, every column, in a stable order.
func tableJSON(t *testing.T, pool *pgxpool.Pool, table string) string {
	t.Helper()
	var s string
	err := pool.QueryRow(context.Background(),
		`SELECT coalesce(jsonb_agg(j ORDER BY j::text), '[]')::text FROM (SELECT to_jsonb(t) AS j FROM `+table+` t) s`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func count(t *testing.T, pool *pgxpool.Pool, table string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestArchiveRoundTrip: every archived table comes back identical, every
// column (the search vectors recomputed, the media bytes from their files,
// the ids kept); what is left out stays out; new rows get new ids.
func TestArchiveRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := archiveSource(t)
	for _, gz := range []bool{false, true} {
		arc := export(t, src, archive.Options{Gzip: gz})
		if gz != (arc[0] == 0x1f) {
			t.Fatalf("gzip %v: starts with %x", gz, arc[:2])
		}
		dst := testdb.New(t)
		m, err := archive.Import(ctx, dst, migrations.FS, bytes.NewReader(arc))
		if err != nil {
			t.Fatal(err)
		}
		if !m.Subscribers || m.Rows("subscribers") != 1 || m.Rows("mail_queue") != 1 || m.MediaFiles < 3 {
			t.Errorf("manifest %+v", m)
		}
		for _, dt := range store.DumpTables(true) {
			table := dt.Name
			if table == "mail_queue" {
				continue // compared below: only the delivery is carried
			}
			if got, want := tableJSON(t, dst, table), tableJSON(t, src, table); got != want {
				t.Errorf("%s differs:\n got %.600s\nwant %.600s", table, got, want)
			}
		}
		const delivered = `(SELECT * FROM mail_queue WHERE kind = 'issue')`
		if got, want := tableJSON(t, dst, "mail_queue"), tableJSON(t, src, delivered); got != want || count(t, dst, "mail_queue") != 1 {
			t.Errorf("mail_queue:\n got %s\nwant %s", got, want)
		}
		for _, table := range []string{"sessions", "login_failures", "subscribe_requests", "mail_outbox"} {
			if n := count(t, dst, table); n != 0 {
				t.Errorf("%s: %d rows carried", table, n)
			}
		}
		// Identity sequences moved past the restored ids.
		st := store.New(dst)
		id, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusDraft,
			Translations: []content.Translation{{Lang: "en", Title: "After the import", Slug: "after-the-import", Summary: "s", BodyMD: "b", BodyHTML: "<p>b</p>"}}})
		if err != nil {
			t.Fatal(err)
		}
		var maxID int64
		src.QueryRow(ctx, `SELECT max(id) FROM entries`).Scan(&maxID)
		if id <= maxID {
			t.Errorf("new entry id %d, source max %d", id, maxID)
		}
		if _, err := st.PutMedia(ctx, "new.txt", "text/plain", []byte("new")); err != nil {
			t.Errorf("new media: %v", err)
		}
	}
}

func TestArchiveWithoutSubscribers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := archiveSource(t)
	arc := export(t, src, archive.Options{NoSubscribers: true})
	if bytes.Contains(arc, []byte("reader@example.org")) {
		t.Error("the subscriber's address is in the archive")
	}
	dst := testdb.New(t)
	m, err := archive.Import(ctx, dst, migrations.FS, bytes.NewReader(arc))
	if err != nil {
		t.Fatal(err)
	}
	if m.Subscribers || count(t, dst, "subscribers") != 0 || count(t, dst, "mail_queue") != 0 || count(t, dst, "entries") != count(t, src, "entries") {
		t.Errorf("manifest %+v", m)
	}
}

// rewrite returns the archive with each file passed through edit (which
// may return nil to drop it).
func rewrite(t *testing.T, arc []byte, edit func(name string, data []byte) []byte) []byte {
	t.Helper()
	tr := tar.NewReader(bytes.NewReader(arc))
	var out bytes.Buffer
	tw := tar.NewWriter(&out)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if data = edit(h.Name, data); data == nil {
			continue
		}
		h.Size = int64(len(data))
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write(data)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestImportRefusesBadArchives: a damaged, altered, truncated or foreign
// archive fails with a message saying what is wrong, and the database
// stays empty: never half a site.
func TestImportRefusesBadArchives(t *testing.T) {
	t.Parallel()
	src := archiveSource(t)
	arc := export(t, src, archive.Options{})
	var tampered bool
	cases := []struct {
		name string
		arc  []byte
		want string
	}{
		{"tampered media", rewrite(t, arc, func(name string, data []byte) []byte {
			if strings.HasPrefix(name, "media/") && !tampered {
				tampered = true
				data = bytes.Clone(data)
				data[len(data)-1] ^= 1
			}
			return data
		}), "do not match their hash"},
		{"missing media file", rewrite(t, arc, func(name string, data []byte) []byte {
			if strings.HasPrefix(name, "media/") {
				return nil
			}
			return data
		}), "media files are missing"},
		{"a row fewer", rewrite(t, arc, func(name string, data []byte) []byte {
			if name == "audit_log.jsonl" {
				return data[:bytes.LastIndexByte(data[:len(data)-1], '\n')+1]
			}
			return data
		}), "the manifest says"},
		{"altered row", rewrite(t, arc, func(name string, data []byte) []byte {
			if name == "translations.jsonl" {
				return bytes.Replace(data, []byte(`"lang": "ru"`), []byte(`"lang": "xx"`), 1)
			}
			return data
		}), "translations"},
		{"not JSON", rewrite(t, arc, func(name string, data []byte) []byte {
			if name == "hotlines.jsonl" {
				return append([]byte("{oops\n"), data...)
			}
			return data
		}), "not a JSON object"},
		{"missing table", rewrite(t, arc, func(name string, data []byte) []byte {
			if name == "revisions.jsonl" {
				return nil
			}
			return data
		}), `where revisions.jsonl was expected`},
		{"other schema version", rewrite(t, arc, func(name string, data []byte) []byte {
			if name == "manifest.json" {
				return bytes.Replace(data, []byte(`"schema_version": `), []byte(`"schema_version": 9`), 1)
			}
			return data
		}), "import it with the Vestnik version that made it"},
		{"other format version", rewrite(t, arc, func(name string, data []byte) []byte {
			if name == "manifest.json" {
				return bytes.Replace(data, []byte(`"format_version": 1`), []byte(`"format_version": 2`), 1)
			}
			return data
		}), "archive format version 2"},
		{"truncated", arc[:len(arc)*2/3], "unexpected EOF"},
		{"not an archive", []byte("pg_dump output, perhaps"), "not a Vestnik archive"},
		{"empty", nil, "not a Vestnik archive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dst := testdb.New(t)
			// A migrated database has only what migrations put there
			// (languages, the menu's sections, a setting).
			before := map[string]int{}
			for _, dt := range store.DumpTables(true) {
				before[dt.Name] = count(t, dst, dt.Name)
			}
			_, err := archive.Import(context.Background(), dst, migrations.FS, bytes.NewReader(c.arc))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want %q", err, c.want)
			}
			for _, dt := range store.DumpTables(true) {
				if n := count(t, dst, dt.Name); n != before[dt.Name] {
					t.Errorf("%s: %d rows after a failed import, %d before", dt.Name, n, before[dt.Name])
				}
			}
			if n := count(t, dst, "languages"); n != 3 { // en, ru, and tk (turned off)
				t.Errorf("%d languages after a failed import", n)
			}
			if n := count(t, dst, "entries"); n != 0 {
				t.Errorf("%d entries after a failed import", n)
			}
		})
	}
}

// TestImportRefusesContent: an archive restores a site; it does not merge
// into one that has content, or accounts.
func TestImportRefusesContent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	arc := export(t, archiveSource(t), archive.Options{})
	for _, setup := range []string{
		`INSERT INTO users (email) VALUES ('first@example.org')`,
		`INSERT INTO hotlines (e164, display, position) VALUES ('+99312000000', '12 00 00', 1)`,
	} {
		dst := testdb.New(t)
		if _, err := dst.Exec(ctx, setup); err != nil {
			t.Fatal(err)
		}
		_, err := archive.Import(ctx, dst, migrations.FS, bytes.NewReader(arc))
		if !errors.Is(err, archive.ErrNotEmpty) {
			t.Fatalf("%s: err %v", setup, err)
		}
		if count(t, dst, "users")+count(t, dst, "hotlines") != 1 || count(t, dst, "entries") != 0 {
			t.Errorf("%s: the database changed", setup)
		}
	}
}

// TestExportRefusesOtherSchema: an archive records the schema it was made
// from, so it is made only from a database at this Vestnik's schema.
func TestExportRefusesOtherSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	if _, err := pool.Exec(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)`); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, err := archive.Export(ctx, pool, migrations.FS, &buf, archive.Options{})
	if err == nil || !strings.Contains(err.Error(), "newer than this Vestnik's") || buf.Len() != 0 {
		t.Errorf("err %v, %d bytes written", err, buf.Len())
	}
}
