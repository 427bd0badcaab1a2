package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

const hotlinesSQL = `SELECT h.id, h.e164, h.display, coalesce(t.label, ''), coalesce(t.hours, '')
	FROM hotlines h LEFT JOIN hotline_translations t ON t.hotline_id = h.id AND t.lang = $1
	WHERE h.active ORDER BY h.position, h.id`

// Hotlines returns the active hotline numbers with their labels in a language.
func (s *Store) Hotlines(ctx context.Context, lang string) ([]content.Hotline, error) {
	rows, err := s.db.Query(ctx, hotlinesSQL, lang)
	if err != nil {
		return nil, mapErr("hotlines", err)
	}
	hs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (content.Hotline, error) {
		var h content.Hotline
		err := row.Scan(&h.ID, &h.E164, &h.Display, &h.Label, &h.Hours)
		return h, err
	})
	return hs, mapErr("hotlines", err)
}

// NewHotline is a hotline number to create, with label and hours by language.
type NewHotline struct {
	E164, Display string
	Label, Hours  map[string]string
}

const insertHotlineSQL = `INSERT INTO hotlines (e164, display, position)
	VALUES ($1, $2, coalesce((SELECT max(position) FROM hotlines), 0) + 1) RETURNING id`

const insertHotlineTrSQL = `INSERT INTO hotline_translations (hotline_id, lang, label, hours) VALUES ($1, $2, $3, $4)`

// CreateHotline adds a hotline number at the end of the list.
func (s *Store) CreateHotline(ctx context.Context, h NewHotline) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.db.QueryRow(ctx, insertHotlineSQL, h.E164, h.Display).Scan(&id); err != nil {
			return mapErr("insert hotline", err)
		}
		for lang, label := range h.Label {
			if _, err := tx.db.Exec(ctx, insertHotlineTrSQL, id, lang, label, h.Hours[lang]); err != nil {
				return mapErr("insert hotline "+lang, err)
			}
		}
		return nil
	})
	return id, err
}
