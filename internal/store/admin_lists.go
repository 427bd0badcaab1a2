package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

// EntryRow is an entry in an admin list: its title in the asked-for
// language (or any other it has).
type EntryRow struct {
	ID          int64
	Kind        content.Kind
	Status      content.Status
	Title       string
	PublishedAt *time.Time
	UpdatedAt   time.Time
	Langs       map[string]TextState
}

// Scheduled reports whether the entry is published with a future time.
func (r EntryRow) Scheduled() bool {
	return r.Status == content.StatusPublished && r.PublishedAt != nil && r.PublishedAt.After(time.Now())
}

const entryRowColumns = `e.id, e.kind, e.status,
	coalesce((SELECT t.title FROM translations t WHERE t.entry_id = e.id AND t.lang = $1),
	         (SELECT t.title FROM translations t JOIN languages l ON l.code = t.lang WHERE t.entry_id = e.id
	          ORDER BY l.is_default DESC, l.position LIMIT 1), ''),
	e.published_at, e.updated_at,
	(SELECT jsonb_object_agg(t.lang, jsonb_build_object('Revision', t.revision, 'Synced', t.synced, 'UpdatedAt', t.updated_at))
	 FROM translations t WHERE t.entry_id = e.id)`

func scanEntryRow(row pgx.CollectableRow) (EntryRow, error) {
	var r EntryRow
	err := row.Scan(&r.ID, &r.Kind, &r.Status, &r.Title, &r.PublishedAt, &r.UpdatedAt, &r.Langs)
	if r.Langs == nil {
		r.Langs = map[string]TextState{}
	}
	return r, err
}

// EntryFilter picks entries for an admin list.
type EntryFilter struct {
	Kind  content.Kind // "" for all
	Which string       // "drafts", "scheduled", "recent" or "" for all
	Limit int
}

// EntryRows lists entries for the admin, titles in lang.
func (s *Store) EntryRows(ctx context.Context, lang string, f EntryFilter) ([]EntryRow, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	where, order := "true", "e.updated_at DESC, e.id DESC"
	switch f.Which {
	case "drafts":
		where = "e.status = 'draft'"
	case "scheduled":
		where, order = "e.status = 'published' AND e.published_at > now()", "e.published_at, e.id"
	case "recent":
		where, order = visible, "e.published_at DESC, e.id DESC"
	}
	rows, err := s.db.Query(ctx, `SELECT `+entryRowColumns+` FROM entries e
		WHERE ($2 = '' OR e.kind = $2) AND `+where+` ORDER BY `+order+` LIMIT $3`, lang, string(f.Kind), f.Limit)
	if err != nil {
		return nil, mapErr("entry rows", err)
	}
	out, err := pgx.CollectRows(rows, scanEntryRow)
	return out, mapErr("entry rows", err)
}
