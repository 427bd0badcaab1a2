package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"vestnik/internal/content"
)

// MediaUpload is a file to add to the media library.
type MediaUpload struct {
	Filename    string // already made safe by the caller
	ContentType string
	Data        []byte
	Width       int // images only; 0 when unknown
	Height      int
	UploadedBy  int64 // 0 when unknown
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
		a.ObjectType, a.ObjectID = "media", m.ID
		return tx.Audit(ctx, a)
	})
	if err != nil {
		return content.Media{}, false, err
	}
	return m, stored, nil
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
