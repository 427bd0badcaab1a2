package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

const putMediaSQL = `WITH ins AS (
		INSERT INTO media (sha256, filename, content_type, size, data)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (sha256) DO NOTHING
		RETURNING id, sha256, filename, content_type, size, created_at)
	SELECT * FROM ins
	UNION ALL
	SELECT id, sha256, filename, content_type, size, created_at FROM media WHERE sha256 = $1
	LIMIT 1`

// PutMedia stores a file by its SHA-256; the same bytes twice are stored once.
func (s *Store) PutMedia(ctx context.Context, filename, contentType string, data []byte) (content.Media, error) {
	sum := sha256.Sum256(data)
	rows, err := s.db.Query(ctx, putMediaSQL, hex.EncodeToString(sum[:]), filename, contentType, len(data), data)
	if err != nil {
		return content.Media{}, mapErr("put media "+filename, err)
	}
	m, err := pgx.CollectExactlyOneRow(rows, scanMedia)
	return m, mapErr("put media "+filename, err)
}

func scanMedia(row pgx.CollectableRow) (content.Media, error) {
	var m content.Media
	err := row.Scan(&m.ID, &m.SHA256, &m.Filename, &m.ContentType, &m.Size, &m.CreatedAt)
	return m, err
}

const mediaByHashSQL = `SELECT id, sha256, filename, content_type, size, created_at, data FROM media WHERE sha256 = $1`

// MediaByHash returns a file and its bytes.
func (s *Store) MediaByHash(ctx context.Context, hash string) (content.Media, []byte, error) {
	var m content.Media
	var data []byte
	err := s.db.QueryRow(ctx, mediaByHashSQL, hash).Scan(&m.ID, &m.SHA256, &m.Filename, &m.ContentType, &m.Size, &m.CreatedAt, &data)
	return m, data, mapErr("media "+hash, err)
}

// MediaPublic reports whether the public may fetch a file: the PDF edition
// of a newsletter issue only once an issue it belongs to is visible (a
// scheduled issue's PDF stays private until its time); every other file
// of the library is public by its address.
func (s *Store) MediaPublic(ctx context.Context, id int64) (bool, error) {
	var public bool
	err := s.db.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM newsletter_editions ed WHERE ed.media_id = $1)
		OR EXISTS (SELECT 1 FROM newsletter_editions ed JOIN translations t ON t.entry_id = ed.entry_id AND t.lang = ed.lang
		           WHERE ed.media_id = $1 AND `+visible+`)`, id).Scan(&public)
	return public, mapErr("media public", err)
}

// MediaFilter narrows the media library.
type MediaFilter struct {
	ContentType string // exact type, or "" for all
	Images      bool   // photos only
	Query       string // part of the file name, or of a photo's alt text in any language
	Limit       int
}

// MediaList lists files, newest first, photos with their size and texts.
func (s *Store) MediaList(ctx context.Context, f MediaFilter) ([]content.Image, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	rows, err := s.db.Query(ctx, `SELECT `+imageColumns+` FROM media im
		WHERE ($1 = '' OR im.content_type = $1) AND (NOT $2 OR im.width IS NOT NULL)
		AND ($3 = '%%' /* no query */ OR `+foldYo("im.filename")+` ILIKE $3
			OR EXISTS (SELECT 1 FROM media_texts x WHERE x.media_id = im.id AND `+foldYo("x.alt")+` ILIKE $3))
		ORDER BY im.created_at DESC, im.id DESC LIMIT $4`, f.ContentType, f.Images, containsPattern(f.Query), f.Limit)
	if err != nil {
		return nil, mapErr("media list", err)
	}
	ms, err := pgx.CollectRows(rows, scanImage)
	return ms, mapErr("media list", err)
}

// containsPattern is a LIKE pattern for text containing q, literally
// (% and _ included), with ё read as е: Russian writers often type е for
// ё. Match it against foldYo of the column.
func containsPattern(q string) string {
	return "%" + likeEscaper.Replace(yoFolder.Replace(q)) + "%"
}

var (
	likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	yoFolder    = strings.NewReplacer("ё", "е", "Ё", "Е")
)

// foldYo is a text column with ё read as е, for containsPattern.
func foldYo(column string) string { return "translate(" + column + ", 'Ёё', 'Ее')" }

// MediaByID returns a file without its bytes.
func (s *Store) MediaByID(ctx context.Context, id int64) (content.Media, error) {
	rows, err := s.db.Query(ctx, `SELECT id, sha256, filename, content_type, size, created_at FROM media WHERE id = $1`, id)
	if err != nil {
		return content.Media{}, mapErr("media", err)
	}
	m, err := pgx.CollectExactlyOneRow(rows, scanMedia)
	return m, mapErr(fmt.Sprintf("media %d", id), err)
}

// MediaUse is a place a file is used.
type MediaUse struct {
	EntryID int64
	Lang    string
	Title   string
	// Published: the text is published (or scheduled), its entry out of
	// the trash. Shown: a photo there is shown (a figure, ![…](media:ID),
	// or the lead image), not only linked; shown in a published text, it
	// needs its alt text in Lang.
	Published, Shown bool
}

// MediaUsage lists where a file is used: as a newsletter edition or an
// entry's lead image (shared, or a language's own, live or in its
// working copy: shown in the languages that show it, listed in all), or linked or placed as a
// figure (media:ID) in a translation's Markdown, its unpublished
// changes', an article's or its unpublished changes'.
func (s *Store) MediaUsage(ctx context.Context, id int64) ([]MediaUse, error) {
	rows, err := s.db.Query(ctx, `
		WITH m AS (SELECT id, '/media/' || sha256 AS path, '\]\(media:' || id || '\)' AS ref,
				'!\[[^]]*\]\(media:' || id || '\)' AS figure FROM media WHERE id = $1),
		uses AS (
			SELECT ed.entry_id, ed.lang, false AS shown FROM newsletter_editions ed WHERE ed.media_id = $1
			UNION ALL
			SELECT t.entry_id, t.lang, coalesce(t.lead_image_id, e.lead_image_id) = $1 FROM entries e JOIN translations t ON t.entry_id = e.id
			WHERE e.lead_image_id = $1 OR t.lead_image_id = $1
			UNION ALL
			-- A working copy's own image: shown once the copy goes live.
			SELECT w.entry_id, w.lang, true FROM translation_drafts w WHERE w.lead_image_id = $1
			UNION ALL
			SELECT t.entry_id, t.lang, t.body_md ~ m.figure FROM translations t, m
			WHERE strpos(t.body_md, m.path) > 0 OR t.body_md ~ m.ref
			UNION ALL
			SELECT w.entry_id, w.lang, w.body_md ~ m.figure FROM translation_drafts w, m
			WHERE strpos(w.body_md, m.path) > 0 OR w.body_md ~ m.ref
			UNION ALL
			SELECT a.entry_id, at.lang, at.body_md ~ m.figure FROM newsletter_article_translations at
			JOIN newsletter_articles a ON a.id = at.article_id, m
			WHERE strpos(at.body_md, m.path) > 0 OR at.body_md ~ m.ref
			UNION ALL
			SELECT a.entry_id, aw.lang, aw.body_md ~ m.figure FROM newsletter_article_drafts aw
			JOIN newsletter_articles a ON a.id = aw.article_id, m
			WHERE strpos(aw.body_md, m.path) > 0 OR aw.body_md ~ m.ref)
		SELECT u.entry_id, u.lang, coalesce(t.title, ''), coalesce(t.status = 'published' AND e.deleted_at IS NULL, false), bool_or(u.shown)
		FROM uses u JOIN entries e ON e.id = u.entry_id
		LEFT JOIN translations t ON t.entry_id = u.entry_id AND t.lang = u.lang
		GROUP BY 1, 2, 3, 4
		ORDER BY 1, 2`, id)
	if err != nil {
		return nil, mapErr("media usage", err)
	}
	us, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (MediaUse, error) {
		var u MediaUse
		err := row.Scan(&u.EntryID, &u.Lang, &u.Title, &u.Published, &u.Shown)
		return u, err
	})
	return us, mapErr("media usage", err)
}

// DeleteMedia removes an unused file (ErrConflict while it is used), with
// its audit line, in one transaction.
func (s *Store) DeleteMedia(ctx context.Context, id int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, `SELECT 1 FROM media WHERE id = $1 FOR UPDATE`, id); err != nil {
			return mapErr("lock media", err)
		}
		used, err := tx.MediaUsage(ctx, id)
		if err != nil {
			return err
		}
		if len(used) > 0 {
			return fmt.Errorf("store: media %d is used: %w", id, ErrConflict)
		}
		tag, err := tx.db.Exec(ctx, `DELETE FROM media WHERE id = $1`, id)
		if err != nil {
			return mapErr("delete media", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: media %d: %w", id, ErrNotFound)
		}
		return tx.Audit(ctx, a)
	})
}

// MediaDims returns an image's pixel size by its SHA-256, when known.
func (s *Store) MediaDims(ctx context.Context, hash string) (width, height int, ok bool) {
	var w, h *int
	if err := s.db.QueryRow(ctx, `SELECT width, height FROM media WHERE sha256 = $1`, hash).Scan(&w, &h); err != nil || w == nil || h == nil {
		return 0, 0, false
	}
	return *w, *h, true
}

// MediaUpload is a file to add to the media library.
type MediaUpload struct {
	Filename    string // already made safe by the caller
	ContentType string
	Data        []byte
	Width       int // images only; 0 when unknown
	Height      int
	UploadedBy  int64 // 0 when unknown
	// Original is an image's file as uploaded, when it is kept (nil: not).
	Original *MediaOriginal
}

// MediaOriginal is an image's file as it was uploaded.
type MediaOriginal struct {
	Filename, ContentType string
	Data                  []byte
}

// Uploads of the same bytes take turns (a lock on the hash until commit),
// so each sees whether another one stored them first.
const mediaLockHashSQL = `SELECT pg_advisory_xact_lock(hashtextextended('media:' || $1, 0))`

const mediaExistsSQL = `SELECT EXISTS (SELECT 1 FROM media WHERE sha256 = $1)`

const mediaSetDetailsSQL = `UPDATE media SET width = nullif($2, 0), height = nullif($3, 0),
	uploaded_by = nullif($4, 0::bigint) WHERE id = $1`

// UploadMedia stores a file, with its dimensions, its uploader and its
// audit line, in one transaction. The same bytes twice are stored once:
// then stored is false, m is the file already there (under the name it
// was first uploaded with), and nothing is written.
func (s *Store) UploadMedia(ctx context.Context, u MediaUpload, a AuditEntry) (m content.Media, stored bool, err error) {
	sum := sha256.Sum256(u.Data)
	hash := hex.EncodeToString(sum[:])
	err = s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, mediaLockHashSQL, hash); err != nil {
			return mapErr("lock media hash", err)
		}
		var exists bool
		if err := tx.db.QueryRow(ctx, mediaExistsSQL, hash).Scan(&exists); err != nil {
			return mapErr("media exists", err)
		}
		var err error
		m, err = tx.PutMedia(ctx, u.Filename, u.ContentType, u.Data)
		if errors.Is(err, ErrNotFound) {
			// A writer that does not take the lock (PutMedia alone) stored
			// the same bytes while this insert waited on the unique index:
			// a new statement sees its row.
			m, _, err = tx.MediaByHash(ctx, hash)
			exists = true
		}
		if err != nil || exists {
			return err
		}
		stored = true
		if _, err := tx.db.Exec(ctx, mediaSetDetailsSQL, m.ID, u.Width, u.Height, u.UploadedBy); err != nil {
			return mapErr(fmt.Sprintf("media %d details", m.ID), err)
		}
		if o := u.Original; o != nil {
			if _, err := tx.db.Exec(ctx, `INSERT INTO media_originals (media_id, filename, content_type, data) VALUES ($1, $2, $3, $4)`,
				m.ID, o.Filename, o.ContentType, o.Data); err != nil {
				return mapErr("keep original", err)
			}
		}
		a.ObjectType, a.ObjectID = "media", m.ID
		return tx.Audit(ctx, a)
	})
	if err != nil {
		return content.Media{}, false, err
	}
	return m, stored, nil
}

// ReplaceMedia puts new bytes (u) under an existing file, keeping its id,
// so every use of it (a lead image, a figure, an edition) shows the new
// one; its texts and focal point stay, its renditions go, and its old
// address leads to the new file (media_aliases). Bytes that are already
// another file of the library are ErrConflict, with that file as m.
func (s *Store) ReplaceMedia(ctx context.Context, id int64, u MediaUpload, a AuditEntry) (m content.Media, err error) {
	sum := sha256.Sum256(u.Data)
	hash := hex.EncodeToString(sum[:])
	err = s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, mediaLockHashSQL, hash); err != nil {
			return mapErr("lock media hash", err)
		}
		var old string
		if err := tx.db.QueryRow(ctx, `SELECT sha256 FROM media WHERE id = $1 FOR UPDATE`, id).Scan(&old); err != nil {
			return mapErr(fmt.Sprintf("media %d", id), err)
		}
		if old == hash {
			var err error
			m, err = tx.MediaByID(ctx, id)
			return err
		}
		var other int64
		err := tx.db.QueryRow(ctx, `SELECT id FROM media WHERE sha256 = $1`, hash).Scan(&other)
		if err == nil {
			m, err = tx.MediaByID(ctx, other)
			if err == nil {
				err = ErrConflict
			}
			return err
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return mapErr("media exists", err)
		}
		if _, err := tx.db.Exec(ctx, `UPDATE media SET sha256 = $2, filename = $3, content_type = $4, size = $5, data = $6,
			width = nullif($7, 0), height = nullif($8, 0) WHERE id = $1`,
			id, hash, u.Filename, u.ContentType, len(u.Data), u.Data, u.Width, u.Height); err != nil {
			return mapErr("replace media", err)
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`DELETE FROM renditions WHERE media_id = $1`, []any{id}},
			{`DELETE FROM media_originals WHERE media_id = $1`, []any{id}},
			// The new bytes may be an earlier file of this photo's.
			{`DELETE FROM media_aliases WHERE sha256 = $1`, []any{hash}},
			{`INSERT INTO media_aliases (sha256, media_id) VALUES ($1, $2)`, []any{old, id}},
		} {
			if _, err := tx.db.Exec(ctx, q.sql, q.args...); err != nil {
				return mapErr("replace media", err)
			}
		}
		if o := u.Original; o != nil {
			if _, err := tx.db.Exec(ctx, `INSERT INTO media_originals (media_id, filename, content_type, data) VALUES ($1, $2, $3, $4)`,
				id, o.Filename, o.ContentType, o.Data); err != nil {
				return mapErr("keep original", err)
			}
		}
		a.ObjectType, a.ObjectID = "media", id
		if err := tx.Audit(ctx, a); err != nil {
			return err
		}
		m, err = tx.MediaByID(ctx, id)
		return err
	})
	return m, err
}

// MediaAlias returns the file an old content hash now leads to (a
// replaced file's former bytes).
func (s *Store) MediaAlias(ctx context.Context, hash string) (content.Media, error) {
	var id int64
	if err := s.db.QueryRow(ctx, `SELECT media_id FROM media_aliases WHERE sha256 = $1`, hash).Scan(&id); err != nil {
		return content.Media{}, mapErr("media alias "+hash, err)
	}
	return s.MediaByID(ctx, id)
}

// MediaDetail is a file as the media library's page of one file shows it.
type MediaDetail struct {
	content.Media
	Width, Height *int   // nil when not an image or unknown
	UploadedBy    string // the uploader's e-mail; "" when unknown
}

const mediaDetailSQL = `SELECT m.id, m.sha256, m.filename, m.content_type, m.size, m.created_at,
	m.width, m.height, coalesce(u.email, '')
	FROM media m LEFT JOIN users u ON u.id = m.uploaded_by WHERE m.id = $1`

// MediaDetail returns a file's details, without its bytes.
func (s *Store) MediaDetail(ctx context.Context, id int64) (MediaDetail, error) {
	var d MediaDetail
	err := s.db.QueryRow(ctx, mediaDetailSQL, id).Scan(&d.ID, &d.SHA256, &d.Filename, &d.ContentType, &d.Size,
		&d.CreatedAt, &d.Width, &d.Height, &d.UploadedBy)
	return d, mapErr(fmt.Sprintf("media %d", id), err)
}

// EditionLangs says, for each PDF that is a newsletter edition, the
// languages it is an edition in.
func (s *Store) EditionLangs(ctx context.Context) (map[int64][]string, error) {
	rows, err := s.db.Query(ctx, `SELECT media_id, array_agg(DISTINCT lang) FROM newsletter_editions GROUP BY media_id`)
	if err != nil {
		return nil, mapErr("edition languages", err)
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var langs []string
		if err := rows.Scan(&id, &langs); err != nil {
			return nil, mapErr("edition languages", err)
		}
		out[id] = langs
	}
	return out, mapErr("edition languages", rows.Err())
}
