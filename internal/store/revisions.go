package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
	"vestnik/internal/content"

	"github.com/jackc/pgx/v5"
)

// snapshotOf is what a revision keeps of a draft: its content, without
// the one-time choices of a save and without the blank languages a form
// carries, so that the snapshot of a form and that of the stored entry
// compare equal when they say the same.
func snapshotOf(d content.Draft) content.Draft {
	snap := d
	snap.Texts, snap.Live, snap.LiveImages = map[string]content.Text{}, nil, nil
	for lang, t := range d.Texts {
		if t.Empty() {
			continue
		}
		t.InLine, t.Update, t.Publish = false, content.UpdateAuto, false
		snap.Texts[lang] = t
	}
	snap.Articles = nil
	for _, a := range d.Articles {
		b := content.ArticleDraft{ID: a.ID, Title: map[string]string{}, Body: map[string]string{}}
		for lang, title := range a.Title {
			if title != "" || a.Body[lang] != "" {
				b.Title[lang], b.Body[lang] = title, a.Body[lang]
			}
		}
		snap.Articles = append(snap.Articles, b)
	}
	return snap
}

// newRevision raises an entry's version for a change made outside a
// save (an approval, trash and restore) and records the entry as it now
// stands as that version's revision, as a save does: the revisions list,
// the compare page, the conflict page's three-way merge and "nothing to
// save" all read the revision at the entry's version.
func (s *Store) newRevision(ctx context.Context, id int64, author *int64, note string) error {
	if _, err := s.db.Exec(ctx, `UPDATE entries SET version = version + 1, updated_at = now() WHERE id = $1`, id); err != nil {
		return mapErr("new version", err)
	}
	d, _, err := s.EntryForEdit(ctx, id)
	if err != nil {
		return err
	}
	snap := snapshotOf(d)
	snap.Live, snap.LiveImages = d.Live, d.LiveImages
	snapshot, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `INSERT INTO revisions (entry_id, version, author_id, snapshot, note) VALUES ($1, $2, $3, $4, $5)`,
		id, d.Version, author, snapshot, note)
	return mapErr("revision", err)
}

// firstRevision records an imported or generated entry as it stands as
// its revision 1, so its original can always be restored.
func (s *Store) firstRevision(ctx context.Context, id int64) error {
	d, _, err := s.EntryForEdit(ctx, id)
	if err != nil {
		return err
	}
	d.Live = nil
	snap := snapshotOf(d)
	snapshot, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `INSERT INTO revisions (entry_id, version, snapshot, note) VALUES ($1, 1, $2, 'imported')
		ON CONFLICT (entry_id, version) DO UPDATE SET snapshot = EXCLUDED.snapshot`, id, snapshot)
	return mapErr("first revision", err)
}

// Revision is a saved version of an entry.
type Revision struct {
	Version   int
	Author    Person // no one for a revision the command line made
	Note      string
	CreatedAt time.Time
	Draft     content.Draft
}

// Revisions lists an entry's revisions, newest first, without snapshots.
func (s *Store) Revisions(ctx context.Context, entryID int64) ([]Revision, error) {
	rows, err := s.db.Query(ctx, `SELECT r.version, coalesce(u.name, ''), coalesce(u.email, ''), r.note, r.created_at
		FROM revisions r LEFT JOIN users u ON u.id = r.author_id WHERE r.entry_id = $1 ORDER BY r.version DESC`, entryID)
	if err != nil {
		return nil, mapErr("revisions", err)
	}
	revs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Revision, error) {
		var r Revision
		err := row.Scan(&r.Version, &r.Author.Name, &r.Author.Email, &r.Note, &r.CreatedAt)
		return r, err
	})
	return revs, mapErr("revisions", err)
}

// RevisionAt returns one revision with the entry as it was then.
func (s *Store) RevisionAt(ctx context.Context, entryID int64, version int) (Revision, error) {
	var r Revision
	var snap []byte
	err := s.db.QueryRow(ctx, `SELECT r.version, coalesce(u.name, ''), coalesce(u.email, ''), r.note, r.created_at, r.snapshot
		FROM revisions r LEFT JOIN users u ON u.id = r.author_id WHERE r.entry_id = $1 AND r.version = $2`,
		entryID, version).Scan(&r.Version, &r.Author.Name, &r.Author.Email, &r.Note, &r.CreatedAt, &snap)
	if err != nil {
		return r, mapErr(fmt.Sprintf("revision %d/%d", entryID, version), err)
	}
	if err := json.Unmarshal(snap, &r.Draft); err != nil {
		return r, fmt.Errorf("store: revision %d/%d: %w", entryID, version, err)
	}
	// Revisions from before each language had its own publication kept
	// the entry's: every language had it.
	var entryWide struct {
		Status    content.Status
		PublishAt time.Time
	}
	if err := json.Unmarshal(snap, &entryWide); err == nil && entryWide.Status != "" {
		for lang, t := range r.Draft.Texts {
			if t.Status == "" {
				t.Status, t.PublishAt = entryWide.Status, entryWide.PublishAt
				r.Draft.Texts[lang] = t
			}
		}
	}
	return r, nil
}
