package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// LockActiveAdmins returns the IDs of the enabled admins and, inside InTx,
// locks their rows until the transaction ends. Always in ID order, so two
// admins demoting each other at the same moment wait in turn instead of
// deadlocking, and the second sees the first one's change: the site keeps
// an admin.
func (s *Store) LockActiveAdmins(ctx context.Context) ([]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM users WHERE role = $1 AND disabled_at IS NULL
		ORDER BY id FOR NO KEY UPDATE`, RoleAdmin)
	if err != nil {
		return nil, mapErr("lock admins", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, mapErr("lock admins", err)
}
