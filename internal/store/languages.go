package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

const languagesSQL = `SELECT code, name, ts_config::text, is_default FROM languages ORDER BY is_default DESC, position, code`

// Languages returns the site's languages, the default first.
func (s *Store) Languages(ctx context.Context) ([]content.Language, error) {
	rows, err := s.db.Query(ctx, languagesSQL)
	if err != nil {
		return nil, mapErr("languages", err)
	}
	langs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (content.Language, error) {
		var l content.Language
		err := row.Scan(&l.Code, &l.Name, &l.TSConfig, &l.Default)
		return l, err
	})
	return langs, mapErr("languages", err)
}
