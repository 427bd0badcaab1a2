package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// EnsureSetting returns the value of a setting, storing generate's value
// first when there is none. Instances starting together agree on one
// value: the first insert wins and the others read it.
func (s *Store) EnsureSetting(ctx context.Context, key string, generate func() (string, error)) (string, error) {
	var value string
	err := s.db.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&value)
	if err == nil {
		return value, nil
	}
	if err := mapErr("setting "+key, err); !errors.Is(err, ErrNotFound) {
		return "", err
	}
	fresh, err := generate()
	if err != nil {
		return "", fmt.Errorf("store: setting %s: %w", key, err)
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, fresh); err != nil {
		return "", mapErr("setting "+key, err)
	}
	err = s.db.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&value)
	return value, mapErr("setting "+key, err)
}

// Setting returns a setting's value, "" when it has none.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var value string
	err := s.db.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&value)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return value, mapErr("setting "+key, err)
}

// SetSetting sets a setting, with its audit line, in one transaction.
func (s *Store) SetSetting(ctx context.Context, key, value string, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return mapErr("set setting "+key, err)
		}
		return tx.Audit(ctx, a)
	})
}
