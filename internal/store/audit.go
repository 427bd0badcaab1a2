package store

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// AuditEntry is one line of the audit log: who did what to which object.
type AuditEntry struct {
	ID     int64
	UserID *int64
	User   Person // read back with the line: who UserID is

	Action     string // "entry.update", "user.disable", …
	ObjectType string // "entry", "user", "media", "hotline"
	ObjectID   int64
	Summary    string
	IP         *netip.Addr
	CreatedAt  time.Time
	// ObjectGone: the entry or account the line is about was since
	// deleted for good; UserGone, the account that acted (read back with
	// the line: the log keeps a deleted account's number).
	ObjectGone, UserGone bool
}

// Audit appends to the audit log. Call it inside the transaction of the
// change it records.
func (s *Store) Audit(ctx context.Context, a AuditEntry) error {
	var objectID *int64
	if a.ObjectID != 0 {
		objectID = &a.ObjectID
	}
	_, err := s.db.Exec(ctx, `INSERT INTO audit_log (user_id, action, object_type, object_id, summary, ip)
		VALUES ($1, $2, $3, $4, $5, $6)`, a.UserID, a.Action, a.ObjectType, objectID, a.Summary, a.IP)
	return mapErr("audit", err)
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	UserID     int64
	ObjectType string
	ObjectID   int64
	Action     string // "user.login": that action only
	Before     int64  // lines older than this one (the next page)
	Limit      int
}

// AuditLog returns the newest audit lines matching the filter.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	// Only the filters given are in the query, so each can use its index
	// (a generic "$1 = 0 OR …" plan would walk the whole log).
	where, args := []string{"true"}, []any{f.Limit}
	for _, c := range []struct {
		set  bool
		cond string
		arg  any
	}{
		{f.UserID != 0, "a.user_id = $%d", f.UserID},
		{f.ObjectType != "", "a.object_type = $%d", f.ObjectType},
		{f.ObjectID != 0, "a.object_id = $%d", f.ObjectID},
		{f.Action != "", "a.action = $%d", f.Action},
		{f.Before != 0, "a.id < $%d", f.Before},
	} {
		if c.set {
			args = append(args, c.arg)
			where = append(where, fmt.Sprintf(c.cond, len(args)))
		}
	}
	rows, err := s.db.Query(ctx, `SELECT a.id, a.user_id, coalesce(u.name, ''), coalesce(u.email, ''), a.action, a.object_type,
		coalesce(a.object_id, 0), a.summary, a.ip, a.created_at,
		CASE a.object_type WHEN 'entry' THEN NOT EXISTS (SELECT 1 FROM entries x WHERE x.id = a.object_id)
			WHEN 'user' THEN NOT EXISTS (SELECT 1 FROM users x WHERE x.id = a.object_id) ELSE false END,
		a.user_id IS NOT NULL AND u.id IS NULL
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY a.id DESC LIMIT $1`, args...) // #nosec G202 -- the conditions are constants; the values are parameters
	if err != nil {
		return nil, mapErr("audit log", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (AuditEntry, error) {
		var a AuditEntry
		err := row.Scan(&a.ID, &a.UserID, &a.User.Name, &a.User.Email, &a.Action, &a.ObjectType, &a.ObjectID, &a.Summary, &a.IP, &a.CreatedAt, &a.ObjectGone, &a.UserGone)
		return a, err
	})
	return out, mapErr("audit log", err)
}
