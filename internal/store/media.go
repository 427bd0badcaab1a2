package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

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
