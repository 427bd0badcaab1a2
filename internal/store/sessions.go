package store

import (
	"context"
	"time"
)

// UpdateSession writes a session's data and expiry back, only if the
// session still exists: one ended meanwhile (logged out, or ended by
// requireUser) stays ended. It reports whether the session was there.
func (s *Store) UpdateSession(ctx context.Context, token string, data []byte, expiry time.Time) (bool, error) {
	tag, err := s.db.Exec(ctx, `UPDATE sessions SET data = $2, expiry = $3 WHERE token = $1`, token, data, expiry)
	if err != nil {
		return false, mapErr("update session", err)
	}
	return tag.RowsAffected() > 0, nil
}
