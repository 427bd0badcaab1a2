package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

const languagesSQL = `SELECT code, name, ts_config::text, is_default, enabled, position FROM languages
	ORDER BY is_default DESC, position, code`

// Languages returns the site's languages, enabled or not, the default
// first, then in the site's order.
func (s *Store) Languages(ctx context.Context) ([]content.Language, error) {
	rows, err := s.db.Query(ctx, languagesSQL)
	if err != nil {
		return nil, mapErr("languages", err)
	}
	langs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (content.Language, error) {
		var l content.Language
		err := row.Scan(&l.Code, &l.Name, &l.TSConfig, &l.Default, &l.Enabled, &l.Position)
		return l, err
	})
	return langs, mapErr("languages", err)
}

// ErrDefaultLanguage: the default language must stay enabled, and there
// is always exactly one.
var ErrDefaultLanguage = errors.New("store: the default language must be enabled")

// UpdateLanguage saves an admin's changes to one language: its own name,
// order, search configuration, whether it is served, and whether it is
// the default (making one the default makes the others not). Every
// instance follows at once: the languages table notifies.
func (s *Store) UpdateLanguage(ctx context.Context, l content.Language, a AuditEntry) error {
	if l.Default && !l.Enabled {
		return ErrDefaultLanguage
	}
	return s.InTx(ctx, func(tx *Store) error {
		var wasDefault bool
		var cfg string
		if err := tx.db.QueryRow(ctx, `SELECT is_default, ts_config::text FROM languages WHERE code = $1 FOR UPDATE`, l.Code).Scan(&wasDefault, &cfg); err != nil {
			return mapErr("language "+l.Code, err)
		}
		if wasDefault && (!l.Default || !l.Enabled) {
			return ErrDefaultLanguage // choose another default first
		}
		if l.Default && !wasDefault {
			if _, err := tx.db.Exec(ctx, `UPDATE languages SET is_default = false WHERE is_default`); err != nil {
				return mapErr("default language", err)
			}
		}
		if _, err := tx.db.Exec(ctx, `UPDATE languages SET name = $2, position = $3, ts_config = $4::regconfig, is_default = $5, enabled = $6
			WHERE code = $1`, l.Code, l.Name, l.Position, l.TSConfig, l.Default, l.Enabled); err != nil {
			return mapErr("language "+l.Code, err)
		}
		if cfg != l.TSConfig {
			// Index the language's texts again in the new configuration
			// (the search triggers fire on an update of lang).
			for _, table := range []string{"translations", "newsletter_article_translations"} {
				if _, err := tx.db.Exec(ctx, `UPDATE `+table+` SET lang = lang WHERE lang = $1`, l.Code); err != nil {
					return mapErr("reindex "+table, err)
				}
			}
		}
		return tx.Audit(ctx, a)
	})
}

// TSConfigs lists the text-search configurations the database offers.
func (s *Store) TSConfigs(ctx context.Context) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT cfgname::text FROM pg_ts_config ORDER BY 1`)
	if err != nil {
		return nil, mapErr("text-search configurations", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, mapErr("text-search configurations", err)
}

// EnabledLanguages returns the codes of the languages turned on in site
// order, the default first (what the i18n bundle serves), and every
// language's own name by code.
func (s *Store) EnabledLanguages(ctx context.Context) (codes []string, names map[string]string, err error) {
	langs, err := s.Languages(ctx)
	if err != nil {
		return nil, nil, err
	}
	names = map[string]string{}
	for _, l := range langs {
		if l.Enabled {
			codes = append(codes, l.Code)
		}
		names[l.Code] = l.Name
	}
	return codes, names, nil
}
