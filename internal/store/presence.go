package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// presenceWindow is how long an open editor page counts as open without
// a word from it (it says so every minute).
const presenceWindow = 3 * time.Minute

// Presence is another user who has an entry open, or saved it since the
// version the asking page holds.
type Presence struct {
	Who     Person
	Seen    time.Time // last sign of the open page; zero: not open
	SavedAt *time.Time
}

// Present records that userID has entry id open, in a page that holds
// the entry at version, and returns the others who have it open or saved
// it after that version, most recent first. A save the page already
// holds is not news, however recent; one it does not hold is, however
// old: the page is behind until it is reloaded. Versions, not times,
// decide, so the clocks of browser and database never meet.
func (s *Store) Present(ctx context.Context, id, userID int64, version int) ([]Presence, error) {
	// Of an entry that exists: no such entry is ErrNotFound, not a
	// foreign-key conflict.
	tag, err := s.db.Exec(ctx, `INSERT INTO entry_presence (entry_id, user_id)
		SELECT id, $2 FROM entries WHERE id = $1
		ON CONFLICT (entry_id, user_id) DO UPDATE SET seen_at = now()`, id, userID)
	if err != nil {
		return nil, mapErr("presence", err)
	}
	if tag.RowsAffected() == 0 {
		return nil, fmt.Errorf("store: presence: entry %d: %w", id, ErrNotFound)
	}
	rows, err := s.db.Query(ctx, `SELECT u.name, u.email, p.seen_at,
		(SELECT max(r.created_at) FROM revisions r WHERE r.entry_id = $1 AND r.author_id = u.id AND r.version > $4)
		FROM users u LEFT JOIN entry_presence p ON p.user_id = u.id AND p.entry_id = $1 AND p.seen_at > now() - $3 * interval '1 second'
		WHERE u.id <> $2 AND (p.user_id IS NOT NULL OR EXISTS (SELECT 1 FROM revisions r WHERE r.entry_id = $1
		      AND r.author_id = u.id AND r.version > $4))
		ORDER BY 3 DESC NULLS LAST, u.email`, id, userID, int(presenceWindow.Seconds()), version)
	if err != nil {
		return nil, mapErr("presence", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Presence, error) {
		var p Presence
		var seen *time.Time
		err := row.Scan(&p.Who.Name, &p.Who.Email, &seen, &p.SavedAt)
		if seen != nil {
			p.Seen = *seen
		}
		return p, err
	})
	return out, mapErr("presence", err)
}

// Leave forgets the entries userID has open: they logged out, and others
// should not be told for minutes more that they have them open.
func (s *Store) Leave(ctx context.Context, userID int64) error {
	_, err := s.db.Exec(ctx, `DELETE FROM entry_presence WHERE user_id = $1`, userID)
	return mapErr("presence", err)
}
