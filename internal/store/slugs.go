package store

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"vestnik/internal/content"

	"github.com/jackc/pgx/v5"
)

// SlugTakenError says which language's slug another entry already has.
type SlugTakenError struct{ Lang string }

func (e *SlugTakenError) Error() string { return "store: slug taken in " + e.Lang }

// Is makes a taken slug an ErrConflict.
func (e *SlugTakenError) Is(target error) bool { return target == ErrConflict }

// FreeSlug is base, or else base-2, base-3 …: the first slug of a
// language and kind that no entry but except has, as its address or as
// an old one that redirects. A suffixed slug is kept within maxLen by
// shortening base. (A slug the editor left to the title: two entries of
// one title, or monthly issues whose long titles are cut before their
// month, would otherwise be refused as taken.) The first freeSlugTries
// candidates are looked up at once; past them the slug is left taken,
// and the save says so. A candidate for which reserved (when not nil)
// reports true is skipped as taken: a page's slug that the site's own
// addresses use.
func (s *Store) FreeSlug(ctx context.Context, lang string, kind content.Kind, base string, except int64, maxLen int, reserved func(string) bool) (string, error) {
	candidates := []string{base}
	for n := 2; n <= freeSlugTries; n++ {
		suffix := "-" + strconv.Itoa(n)
		candidates = append(candidates, strings.TrimRight(base[:min(len(base), maxLen-len(suffix))], "-")+suffix)
	}
	rows, err := s.db.Query(ctx, `SELECT slug FROM translations WHERE lang = $1 AND kind = $2 AND slug = ANY($3) AND entry_id <> $4
		UNION SELECT slug FROM slug_history WHERE lang = $1 AND kind = $2 AND slug = ANY($3) AND entry_id <> $4`,
		lang, kind, candidates, except)
	if err != nil {
		return "", mapErr("free slug", err)
	}
	taken, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", mapErr("free slug", err)
	}
	for _, c := range candidates {
		if !slices.Contains(taken, c) && (reserved == nil || !reserved(c)) {
			return c, nil
		}
	}
	return base, nil
}

const freeSlugTries = 100

// SlugInTrash reports whether the entry other than except that holds a
// slug in a language is in the trash (which keeps its slugs, so that
// restoring it brings its addresses back).
func (s *Store) SlugInTrash(ctx context.Context, lang string, kind content.Kind, slug string, except int64) (bool, error) {
	var trashed bool
	err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM translations t JOIN entries e ON e.id = t.entry_id
		WHERE t.lang = $1 AND t.kind = $2 AND t.slug = $3 AND t.entry_id <> $4 AND e.deleted_at IS NOT NULL)`,
		lang, kind, slug, except).Scan(&trashed)
	return trashed, mapErr("slug in trash", err)
}

// moveSlug records that a live text's address went from old to slug: the
// old URL keeps answering with a 301, and the new one no longer
// redirects elsewhere.
func (s *Store) moveSlug(ctx context.Context, id int64, lang, kind, old, slug string) error {
	if old != slug {
		if _, err := s.db.Exec(ctx, `INSERT INTO slug_history (lang, kind, slug, entry_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT (lang, kind, slug) DO UPDATE SET entry_id = EXCLUDED.entry_id, created_at = now()`,
			lang, kind, old, id); err != nil {
			return mapErr("slug history", err)
		}
	}
	_, err := s.db.Exec(ctx, `DELETE FROM slug_history WHERE lang = $1 AND kind = $2 AND slug = $3`, lang, kind, slug)
	return mapErr("slug history", err)
}
