package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

// MenuItem is an item of the site's main menu (after "Home"), for the
// admin: a built-in section, or a page, with the editors' labels and the
// page's titles by language (a title only while the page is live).
type MenuItem struct {
	ID             int64
	Section        string // "news", "newsletters" or "hotline"; "" for a page
	EntryID        int64  // the page
	Labels, Titles map[string]string
	// Drafts are the page's titles in every language, live or not: what
	// the admin calls a page that is live in no language.
	Drafts map[string]string
}

// menuChanged moves the menu's date on: every page shows the menu.
const menuChanged = `INSERT INTO settings (key, value) VALUES ('menu.changed', now()::text)
	ON CONFLICT (key) DO UPDATE SET value = excluded.value`

// Menu returns the menu in a language (pages only where they are live)
// and when it last changed: moved, labelled, added to or taken from, or a
// page of it edited or gone live.
func (s *Store) Menu(ctx context.Context, lang string) ([]content.MenuLink, time.Time, error) {
	// A handful of items, each looked up by key: scalar subqueries keep the
	// planner from joining every entry (the menu's tables are small and
	// may not have statistics yet).
	rows, err := s.db.Query(ctx, `SELECT coalesce(m.section, ''),
			coalesce((SELECT l.label FROM menu_labels l WHERE l.item_id = m.id AND l.lang = $1), t.title, ''),
			coalesce(t.slug, ''), coalesce((SELECT e.system_key FROM entries e WHERE e.id = m.entry_id), '')
		FROM menu_items m
		LEFT JOIN LATERAL (SELECT t.title, t.slug, t.entry_id FROM translations t
			WHERE t.entry_id = m.entry_id AND t.lang = $1 AND `+visible+`) t ON true
		WHERE m.section IS NOT NULL OR t.entry_id IS NOT NULL
		ORDER BY m.position, m.id`, lang)
	if err != nil {
		return nil, time.Time{}, mapErr("menu", err)
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (content.MenuLink, error) {
		var m content.MenuLink
		return m, row.Scan(&m.Section, &m.Label, &m.Slug, &m.SystemKey)
	})
	if err != nil {
		return nil, time.Time{}, mapErr("menu", err)
	}
	var changed *time.Time
	err = s.db.QueryRow(ctx, `SELECT greatest(
			(SELECT value::timestamptz FROM settings WHERE key = 'menu.changed'),
			(SELECT max(greatest(t.updated_at, CASE WHEN t.published_at <= now() THEN t.published_at END))
				FROM menu_items m JOIN translations t ON t.entry_id = m.entry_id AND t.lang = $1))`, lang).Scan(&changed)
	if err != nil || changed == nil {
		return items, time.Time{}, mapErr("menu changed", err)
	}
	return items, *changed, nil
}

// InMenu reports whether any of the entries is in the site menu.
func (s *Store) InMenu(ctx context.Context, ids []int64) (bool, error) {
	var in bool
	err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM menu_items WHERE entry_id = ANY($1))`, ids).Scan(&in)
	return in, mapErr("in menu", err)
}

// MenuItems returns every item of the menu, for the admin.
func (s *Store) MenuItems(ctx context.Context) ([]MenuItem, error) {
	rows, err := s.db.Query(ctx, `SELECT m.id, coalesce(m.section, ''), coalesce(m.entry_id, 0),
			coalesce((SELECT jsonb_object_agg(l.lang, l.label) FROM menu_labels l WHERE l.item_id = m.id), '{}'),
			coalesce((SELECT jsonb_object_agg(t.lang, t.title) FROM translations t WHERE t.entry_id = m.entry_id AND `+visible+`), '{}'),
			coalesce((SELECT jsonb_object_agg(t.lang, t.title) FROM translations t WHERE t.entry_id = m.entry_id AND t.title <> ''), '{}')
		FROM menu_items m ORDER BY m.position, m.id`)
	if err != nil {
		return nil, mapErr("menu items", err)
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (MenuItem, error) {
		var m MenuItem
		return m, row.Scan(&m.ID, &m.Section, &m.EntryID, &m.Labels, &m.Titles, &m.Drafts)
	})
	return items, mapErr("menu items", err)
}

// AddMenuItem puts a section (one that was removed) or a page at the end
// of the menu; ErrConflict when it is in the menu already.
func (s *Store) AddMenuItem(ctx context.Context, section string, entryID int64, a AuditEntry) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		var sec *string
		var entry *int64
		if section != "" {
			sec = &section
		} else {
			var kind string
			if err := tx.db.QueryRow(ctx, `SELECT kind FROM entries WHERE id = $1 AND deleted_at IS NULL`, entryID).Scan(&kind); err != nil {
				return mapErr("menu page", err)
			}
			if kind != "page" {
				return fmt.Errorf("store: menu: entry %d is a %s: %w", entryID, kind, ErrNotFound)
			}
			entry = &entryID
		}
		if err := tx.db.QueryRow(ctx, `INSERT INTO menu_items (position, section, entry_id)
			VALUES (coalesce((SELECT max(position) FROM menu_items), 0) + 1, $1, $2) RETURNING id`, sec, entry).Scan(&id); err != nil {
			return mapErr("add menu item", err)
		}
		return tx.menuSaved(ctx, id, a)
	})
	return id, err
}

// SetMenuLabels replaces an item's labels in the languages given; an
// empty label leaves the default.
func (s *Store) SetMenuLabels(ctx context.Context, id int64, labels map[string]string, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.menuItemExists(ctx, id); err != nil {
			return err
		}
		// The languages given are replaced (empty: the default); one not
		// given (turned off, so not in the form) keeps its label.
		if _, err := tx.db.Exec(ctx, `DELETE FROM menu_labels WHERE item_id = $1 AND lang = ANY($2)`,
			id, slices.Collect(maps.Keys(labels))); err != nil {
			return mapErr("menu labels", err)
		}
		for lang, label := range labels {
			if label == "" {
				continue
			}
			if _, err := tx.db.Exec(ctx, `INSERT INTO menu_labels (item_id, lang, label) VALUES ($1, $2, $3)`, id, lang, label); err != nil {
				return mapErr("menu labels", err)
			}
		}
		return tx.menuSaved(ctx, id, a)
	})
}

// MoveMenuItem moves an item one place up (by -1) or down (by 1).
func (s *Store) MoveMenuItem(ctx context.Context, id int64, by int, a AuditEntry) (moved bool, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		if moved, err = tx.moveInOrder(ctx, "menu_items", id, by); err != nil || !moved {
			return err
		}
		return tx.menuSaved(ctx, id, a)
	})
	return moved, err
}

// RemoveMenuItem takes an item out of the menu (the page stays).
func (s *Store) RemoveMenuItem(ctx context.Context, id int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `DELETE FROM menu_items WHERE id = $1`, id)
		if err != nil {
			return mapErr("remove menu item", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: menu item %d: %w", id, ErrNotFound)
		}
		return tx.menuSaved(ctx, id, a)
	})
}

func (s *Store) menuItemExists(ctx context.Context, id int64) error {
	var ok bool
	if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM menu_items WHERE id = $1)`, id).Scan(&ok); err != nil {
		return mapErr("menu item", err)
	}
	if !ok {
		return fmt.Errorf("store: menu item %d: %w", id, ErrNotFound)
	}
	return nil
}

// menuSaved dates the change and writes its audit line.
func (s *Store) menuSaved(ctx context.Context, id int64, a AuditEntry) error {
	if _, err := s.db.Exec(ctx, menuChanged); err != nil {
		return mapErr("menu changed", err)
	}
	a.ObjectType, a.ObjectID = "menu", id
	return s.Audit(ctx, a)
}
