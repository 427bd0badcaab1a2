package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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

// MediaFilter narrows the media library.
type MediaFilter struct {
	ContentType string // exact type, or "" for all
	Query       string // part of the file name
	Limit       int
}

// MediaList lists files, newest first.
func (s *Store) MediaList(ctx context.Context, f MediaFilter) ([]content.Media, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	rows, err := s.db.Query(ctx, `SELECT id, sha256, filename, content_type, size, created_at FROM media
		WHERE ($1 = '' OR content_type = $1) AND ($2 = '' OR filename ILIKE '%' || $2 || '%')
		ORDER BY created_at DESC, id DESC LIMIT $3`, f.ContentType, escapeLike(f.Query), f.Limit)
	if err != nil {
		return nil, mapErr("media list", err)
	}
	ms, err := pgx.CollectRows(rows, scanMedia)
	return ms, mapErr("media list", err)
}

// escapeLike makes user text match literally in a LIKE pattern.
func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

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
}

// MediaUsage lists where a file is used: as a newsletter edition, or linked
// from a translation's or an article's Markdown.
func (s *Store) MediaUsage(ctx context.Context, id int64) ([]MediaUse, error) {
	rows, err := s.db.Query(ctx, `
		SELECT ed.entry_id, ed.lang, coalesce(t.title, '')
		FROM newsletter_editions ed LEFT JOIN translations t ON t.entry_id = ed.entry_id AND t.lang = ed.lang
		WHERE ed.media_id = $1
		UNION
		SELECT t.entry_id, t.lang, t.title FROM translations t, media m
		WHERE m.id = $1 AND strpos(t.body_md, '/media/' || m.sha256) > 0
		UNION
		SELECT a.entry_id, at.lang, at.title FROM newsletter_article_translations at
		JOIN newsletter_articles a ON a.id = at.article_id, media m
		WHERE m.id = $1 AND strpos(at.body_md, '/media/' || m.sha256) > 0
		ORDER BY 1, 2`, id)
	if err != nil {
		return nil, mapErr("media usage", err)
	}
	us, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (MediaUse, error) {
		var u MediaUse
		err := row.Scan(&u.EntryID, &u.Lang, &u.Title)
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
