package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

// bannerSQL reads the active numbers with their texts in a language, and
// on every row when any number last changed (added, edited, moved, turned
// off or on); the one row with NULLs when none is active.
const bannerSQL = `SELECT c.changed, h.id, h.e164, h.display, h.label, h.hours
	FROM (SELECT max(updated_at) AS changed FROM hotlines) c
	LEFT JOIN LATERAL (
		SELECT h.id, h.e164, h.display, coalesce(t.label, '') AS label, coalesce(t.hours, '') AS hours, h.position
		FROM hotlines h LEFT JOIN hotline_translations t ON t.hotline_id = h.id AND t.lang = $1
		WHERE h.active) h ON true
	ORDER BY h.position, h.id`

// Banner returns the active hotline numbers with their labels in a
// language, and when any number last changed: every public page shows
// them, so that date bounds every page's Last-Modified.
func (s *Store) Banner(ctx context.Context, lang string) ([]content.Hotline, time.Time, error) {
	rows, err := s.db.Query(ctx, bannerSQL, lang)
	if err != nil {
		return nil, time.Time{}, mapErr("hotlines", err)
	}
	defer rows.Close()
	var hs []content.Hotline
	var changed time.Time
	for rows.Next() {
		var at *time.Time
		var id *int64
		var e164, display, label, hours *string
		if err := rows.Scan(&at, &id, &e164, &display, &label, &hours); err != nil {
			return nil, time.Time{}, mapErr("hotlines", err)
		}
		if at != nil {
			changed = *at
		}
		if id != nil {
			hs = append(hs, content.Hotline{ID: *id, E164: *e164, Display: *display, Label: *label, Hours: *hours})
		}
	}
	return hs, changed, mapErr("hotlines", rows.Err())
}

// Hotlines returns the active hotline numbers with their labels in a language.
func (s *Store) Hotlines(ctx context.Context, lang string) ([]content.Hotline, error) {
	hs, _, err := s.Banner(ctx, lang)
	return hs, err
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
		if err := tx.claimNumber(ctx, h.E164, 0); err != nil {
			return err
		}
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

// claimNumber locks the hotline list against other writers until the
// transaction ends, and refuses (ErrConflict) a number another hotline
// than id has (ErrNotFound: there is no hotline id): the admin's check before a save cannot see a number added
// at the same moment, and a new number's position follows the list's
// last. Hotlines are written rarely; readers are not blocked.
func (s *Store) claimNumber(ctx context.Context, e164 string, id int64) error {
	if _, err := s.db.Exec(ctx, `LOCK TABLE hotlines IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return mapErr("lock hotlines", err)
	}
	var exists, taken bool
	if err := s.db.QueryRow(ctx, `SELECT $2 = 0 OR EXISTS (SELECT 1 FROM hotlines WHERE id = $2),
		EXISTS (SELECT 1 FROM hotlines WHERE e164 = $1 AND id <> $2)`, e164, id).Scan(&exists, &taken); err != nil {
		return mapErr("hotline number taken", err)
	}
	if !exists {
		return fmt.Errorf("store: hotline %d: %w", id, ErrNotFound)
	}
	if taken {
		return fmt.Errorf("store: hotline %s: %w", e164, ErrConflict)
	}
	return nil
}

// HotlineEntry is a hotline number as the admin edits it: active or not,
// with its label and hours in every language.
type HotlineEntry struct {
	ID        int64
	E164      string
	Display   string
	Position  int
	Active    bool
	Label     map[string]string // language → label
	Hours     map[string]string // language → opening hours
	UpdatedAt time.Time
}

const hotlineEntriesSQL = `SELECT h.id, h.e164, h.display, h.position, h.active, h.updated_at,
		coalesce(jsonb_object_agg(t.lang, t.label) FILTER (WHERE t.lang IS NOT NULL), '{}'),
		coalesce(jsonb_object_agg(t.lang, t.hours) FILTER (WHERE t.lang IS NOT NULL), '{}')
	FROM hotlines h LEFT JOIN hotline_translations t ON t.hotline_id = h.id
	WHERE $1 = 0 OR h.id = $1
	GROUP BY h.id ORDER BY h.position, h.id`

func (s *Store) hotlineEntries(ctx context.Context, id int64) ([]HotlineEntry, error) {
	rows, err := s.db.Query(ctx, hotlineEntriesSQL, id)
	if err != nil {
		return nil, mapErr("hotline entries", err)
	}
	hs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (HotlineEntry, error) {
		var h HotlineEntry
		err := row.Scan(&h.ID, &h.E164, &h.Display, &h.Position, &h.Active, &h.UpdatedAt, &h.Label, &h.Hours)
		return h, err
	})
	return hs, mapErr("hotline entries", err)
}

// HotlineEntries returns every hotline number, active or not, in the
// order the site shows them.
func (s *Store) HotlineEntries(ctx context.Context) ([]HotlineEntry, error) {
	return s.hotlineEntries(ctx, 0)
}

// HotlineForEdit returns one hotline number with all its languages.
func (s *Store) HotlineForEdit(ctx context.Context, id int64) (HotlineEntry, error) {
	if id <= 0 {
		return HotlineEntry{}, fmt.Errorf("store: hotline %d: %w", id, ErrNotFound)
	}
	hs, err := s.hotlineEntries(ctx, id)
	if err != nil {
		return HotlineEntry{}, err
	}
	if len(hs) == 0 {
		return HotlineEntry{}, fmt.Errorf("store: hotline %d: %w", id, ErrNotFound)
	}
	return hs[0], nil
}

// langsOf lists the languages h has a label or hours for, in order.
func (h HotlineEntry) langsOf() []string {
	var langs []string
	for lang := range h.Label {
		langs = append(langs, lang)
	}
	for lang := range h.Hours {
		if _, ok := h.Label[lang]; !ok {
			langs = append(langs, lang)
		}
	}
	slices.Sort(langs)
	return langs
}

// AddHotline adds a hotline number at the end of the list, with its audit
// line, in one transaction.
func (s *Store) AddHotline(ctx context.Context, h HotlineEntry, a AuditEntry) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		nh := NewHotline{E164: h.E164, Display: h.Display, Label: map[string]string{}, Hours: map[string]string{}}
		for _, lang := range h.langsOf() {
			nh.Label[lang], nh.Hours[lang] = h.Label[lang], h.Hours[lang]
		}
		var err error
		if id, err = tx.CreateHotline(ctx, nh); err != nil {
			return err
		}
		if !h.Active {
			if _, err := tx.db.Exec(ctx, `UPDATE hotlines SET active = false WHERE id = $1`, id); err != nil {
				return mapErr("hotline active", err)
			}
		}
		a.ObjectType, a.ObjectID = "hotline", id
		return tx.Audit(ctx, a)
	})
	return id, err
}

const updateHotlineSQL = `UPDATE hotlines SET e164 = $2, display = $3, active = $4, updated_at = now() WHERE id = $1`

const upsertHotlineTrSQL = `INSERT INTO hotline_translations (hotline_id, lang, label, hours) VALUES ($1, $2, $3, $4)
	ON CONFLICT (hotline_id, lang) DO UPDATE SET label = excluded.label, hours = excluded.hours`

// UpdateHotline saves a hotline number's fields and the languages given in
// its Label and Hours, with its audit line, in one transaction.
func (s *Store) UpdateHotline(ctx context.Context, h HotlineEntry, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.claimNumber(ctx, h.E164, h.ID); err != nil {
			return err
		}
		tag, err := tx.db.Exec(ctx, updateHotlineSQL, h.ID, h.E164, h.Display, h.Active)
		if err != nil {
			return mapErr(fmt.Sprintf("update hotline %d", h.ID), err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: hotline %d: %w", h.ID, ErrNotFound)
		}
		for _, lang := range h.langsOf() {
			if _, err := tx.db.Exec(ctx, upsertHotlineTrSQL, h.ID, lang, h.Label[lang], h.Hours[lang]); err != nil {
				return mapErr(fmt.Sprintf("hotline %d %s", h.ID, lang), err)
			}
		}
		a.ObjectType, a.ObjectID = "hotline", h.ID
		return tx.Audit(ctx, a)
	})
}

// MoveHotline moves a hotline number by places (-1 up, +1 down) in the
// list, renumbering the list 1…n, with its audit line, in one transaction.
// moved is false, and nothing is written, when it is already at that end.
func (s *Store) MoveHotline(ctx context.Context, id int64, by int, a AuditEntry) (moved bool, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		if moved, err = tx.moveInOrder(ctx, "hotlines", id, by); err != nil || !moved {
			return err
		}
		a.ObjectType, a.ObjectID = "hotline", id
		return tx.Audit(ctx, a)
	})
	return moved, err
}

// SetHotlineActive shows (active) or hides a hotline number on the site,
// with its audit line, in one transaction. changed is false, and nothing
// is written, when it already was so.
func (s *Store) SetHotlineActive(ctx context.Context, id int64, active bool, a AuditEntry) (changed bool, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		var was bool
		if err := tx.db.QueryRow(ctx, `SELECT active FROM hotlines WHERE id = $1 FOR UPDATE`, id).Scan(&was); err != nil {
			return mapErr(fmt.Sprintf("hotline %d", id), err)
		}
		if was == active {
			return nil
		}
		if _, err := tx.db.Exec(ctx, `UPDATE hotlines SET active = $2, updated_at = now() WHERE id = $1`, id, active); err != nil {
			return mapErr(fmt.Sprintf("hotline %d active", id), err)
		}
		changed = true
		a.ObjectType, a.ObjectID = "hotline", id
		return tx.Audit(ctx, a)
	})
	return changed, err
}

// DeleteHotline deletes a hidden hotline number, with its audit line, and
// closes the gap in the order; ErrConflict when it is on show, ErrNotFound
// when it is gone already.
func (s *Store) DeleteHotline(ctx context.Context, id int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `DELETE FROM hotlines WHERE id = $1 AND NOT active`, id)
		if err != nil {
			return mapErr(fmt.Sprintf("delete hotline %d", id), err)
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM hotlines WHERE id = $1)`, id).Scan(&exists); err != nil {
				return mapErr(fmt.Sprintf("hotline %d", id), err)
			}
			if !exists {
				return fmt.Errorf("store: hotline %d: %w", id, ErrNotFound)
			}
			return fmt.Errorf("store: hotline %d is on show: %w", id, ErrConflict)
		}
		if _, err := tx.db.Exec(ctx, `UPDATE hotlines h SET position = o.n
			FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS n FROM hotlines) o
			WHERE h.id = o.id AND h.position <> o.n`); err != nil {
			return mapErr("renumber hotlines", err)
		}
		a.ObjectType, a.ObjectID = "hotline", id
		return tx.Audit(ctx, a)
	})
}

// orderedTables are the tables whose rows editors put in order
// (position), and what moving one touches besides.
var orderedTables = map[string]string{
	"hotlines":   "position = o.n, updated_at = now()",
	"menu_items": "position = o.n",
}

// moveInOrder moves a row of an ordered table one place up (by -1) or down
// (by 1) and renumbers the rows, under a lock on them all; false when it
// is already at that end. ErrNotFound when there is no such row.
func (s *Store) moveInOrder(ctx context.Context, table string, id int64, by int) (bool, error) {
	set, ok := orderedTables[table]
	if !ok {
		return false, fmt.Errorf("store: %s is not ordered", table)
	}
	rows, err := s.db.Query(ctx, `SELECT id FROM `+table+` ORDER BY position, id FOR UPDATE`) // #nosec G202 -- a name from orderedTables
	if err != nil {
		return false, mapErr("lock "+table, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return false, mapErr("lock "+table, err)
	}
	i := slices.Index(ids, id)
	if i < 0 {
		return false, fmt.Errorf("store: %s %d: %w", table, id, ErrNotFound)
	}
	j := i + by
	if by == 0 || j < 0 || j >= len(ids) {
		return false, nil
	}
	ids = slices.Insert(slices.Delete(ids, i, i+1), j, id)
	_, err = s.db.Exec(ctx, `UPDATE `+table+` t SET `+set+`
		FROM unnest($1::bigint[]) WITH ORDINALITY o(id, n) WHERE t.id = o.id AND t.position <> o.n`, ids) // #nosec G202 -- names from orderedTables
	return true, mapErr("renumber "+table, err)
}
