package store

import (
	"context"
	"errors"
	"time"

	"vestnik/internal/content"

	"github.com/jackc/pgx/v5"
)

// Review is one language's text submitted for review ("waiting"), or sent
// back with a comment ("returned").
type Review struct {
	EntryID     int64
	Lang        string
	State       string
	SubmittedBy Person
	SubmittedAt time.Time
	Comment     string
	CommentedBy Person // who sent it back
	CommentedAt *time.Time
}

// The states of a review.
const (
	ReviewWaiting  = "waiting"
	ReviewReturned = "returned"
)

// Submit puts languages of an entry up for review, with an audit line,
// and queues the editors' notices of those not waiting already (a text
// saved and submitted again while it waits is not announced twice).
func (s *Store) Submit(ctx context.Context, entryID int64, langs []string, userID int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		rows, err := tx.db.Query(ctx, `SELECT l FROM unnest($2::text[]) AS l
			WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.entry_id = $1 AND r.lang = l AND r.state = 'waiting')`, entryID, langs)
		if err != nil {
			return mapErr("submit", err)
		}
		fresh, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return mapErr("submit", err)
		}
		if _, err := tx.db.Exec(ctx, `INSERT INTO reviews (entry_id, lang, state, submitted_by)
			SELECT $1, l, 'waiting', $3 FROM unnest($2::text[]) AS l
			ON CONFLICT (entry_id, lang) DO UPDATE SET state = 'waiting', submitted_by = $3, submitted_at = now()`,
			entryID, langs, userID); err != nil {
			return mapErr("submit", err)
		}
		if len(fresh) > 0 {
			if err := tx.queueSubmitted(ctx, entryID, fresh, userID); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a)
	})
}

const reviewColumns = `r.entry_id, r.lang, r.state, coalesce(su.name, ''), coalesce(su.email, ''), r.submitted_at, r.comment,
	coalesce(cu.name, ''), coalesce(cu.email, ''), r.commented_at`

const reviewFrom = ` FROM reviews r LEFT JOIN users su ON su.id = r.submitted_by LEFT JOIN users cu ON cu.id = r.commented_by`

func scanReview(row pgx.CollectableRow) (Review, error) {
	var r Review
	err := row.Scan(&r.EntryID, &r.Lang, &r.State, &r.SubmittedBy.Name, &r.SubmittedBy.Email, &r.SubmittedAt, &r.Comment,
		&r.CommentedBy.Name, &r.CommentedBy.Email, &r.CommentedAt)
	return r, err
}

// ReviewsOf returns an entry's reviews by language.
func (s *Store) ReviewsOf(ctx context.Context, entryID int64) (map[string]Review, error) {
	rows, err := s.db.Query(ctx, `SELECT `+reviewColumns+reviewFrom+` WHERE r.entry_id = $1`, entryID)
	if err != nil {
		return nil, mapErr("reviews", err)
	}
	list, err := pgx.CollectRows(rows, scanReview)
	if err != nil {
		return nil, mapErr("reviews", err)
	}
	out := map[string]Review{}
	for _, r := range list {
		out[r.Lang] = r
	}
	return out, nil
}

// ListedReview is a review in a list, with the text's title.
type ListedReview struct {
	Review
	Title string
}

// WaitingReviews lists the texts waiting for review, oldest first.
func (s *Store) WaitingReviews(ctx context.Context, limit int) ([]ListedReview, error) {
	return s.listReviews(ctx, `r.state = 'waiting' ORDER BY r.submitted_at, r.entry_id LIMIT $1`, limit)
}

// ReturnedReviews lists the texts a user submitted that were sent back
// to them, the latest first: their to-do list.
func (s *Store) ReturnedReviews(ctx context.Context, userID int64, limit int) ([]ListedReview, error) {
	return s.listReviews(ctx, `r.state = 'returned' AND r.submitted_by = $2
		ORDER BY r.commented_at DESC, r.entry_id LIMIT $1`, limit, userID)
}

// listReviews lists reviews of entries not in the trash; where is the
// condition, order and limit ($1), args the values.
func (s *Store) listReviews(ctx context.Context, where string, args ...any) ([]ListedReview, error) {
	rows, err := s.db.Query(ctx, `SELECT `+reviewColumns+`, t.title`+reviewFrom+`
		JOIN translations t ON t.entry_id = r.entry_id AND t.lang = r.lang
		JOIN entries e ON e.id = r.entry_id AND e.deleted_at IS NULL
		WHERE `+where, args...)
	if err != nil {
		return nil, mapErr("reviews", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ListedReview, error) {
		var w ListedReview
		err := row.Scan(&w.EntryID, &w.Lang, &w.State, &w.SubmittedBy.Name, &w.SubmittedBy.Email, &w.SubmittedAt, &w.Comment,
			&w.CommentedBy.Name, &w.CommentedBy.Email, &w.CommentedAt, &w.Title)
		return w, err
	})
	return out, mapErr("reviews", err)
}

// ErrNoReview means the language is not waiting for review.
var ErrNoReview = errors.New("store: not waiting for review")

// ReturnReview sends a text back to its translator with a comment.
func (s *Store) ReturnReview(ctx context.Context, entryID int64, lang, comment string, userID int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		var submitter *int64
		err := tx.db.QueryRow(ctx, `UPDATE reviews SET state = 'returned', comment = $3, commented_by = $4, commented_at = now()
			WHERE entry_id = $1 AND lang = $2 AND state = 'waiting' RETURNING submitted_by`, entryID, lang, comment, userID).Scan(&submitter)
		if err == pgx.ErrNoRows {
			return ErrNoReview
		}
		if err != nil {
			return mapErr("return review", err)
		}
		if submitter != nil {
			if err := tx.queueToSubmitter(ctx, entryID, []string{lang}, nullID(userID), *submitter, NoticeReturned, comment, nil); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a)
	})
}

// ApproveReview publishes a text waiting for review: a draft language
// goes live now; a live language's working copy becomes its live text.
func (s *Store) ApproveReview(ctx context.Context, entryID int64, lang string, version int, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		// The text approved is the one the editor read: a save since
		// (the translator's, a moment before) is ErrConflict, and a save
		// after waits for this one and finds the version moved on.
		now, err := tx.lockedVersion(ctx, entryID)
		if err != nil {
			return err
		}
		if now != version {
			return ErrConflict
		}
		var submitter *int64
		err = tx.db.QueryRow(ctx, `DELETE FROM reviews WHERE entry_id = $1 AND lang = $2 AND state = 'waiting' RETURNING submitted_by`,
			entryID, lang).Scan(&submitter)
		if err == pgx.ErrNoRows {
			return ErrNoReview
		}
		if err != nil {
			return mapErr("approve", err)
		}
		var kind, slug string
		var live, hasCopy bool
		var w struct{ title, slug, summary, body, html string }
		if err := tx.db.QueryRow(ctx, `SELECT t.kind, t.slug, t.status = 'published' AND t.published_at <= now(), w.entry_id IS NOT NULL,
			coalesce(w.title, ''), coalesce(w.slug, ''), coalesce(w.summary, ''), coalesce(w.body_md, ''), coalesce(w.body_html, '')
			FROM translations t LEFT JOIN translation_drafts w USING (entry_id, lang)
			WHERE t.entry_id = $1 AND t.lang = $2 FOR UPDATE OF t`, entryID, lang).Scan(&kind, &slug, &live, &hasCopy,
			&w.title, &w.slug, &w.summary, &w.body, &w.html); err != nil {
			return mapErr("approve", err)
		}
		switch {
		case live && hasCopy:
			if err := tx.publishCopy(ctx, entryID, lang, kind, slug,
				textOf(w.title, w.slug, w.summary, w.body), w.html, nil); err != nil {
				return err
			}
		case !live:
			// A text taken down with its changes waiting (Unpublish
			// keeps them): the reviewed changes are what goes live.
			if hasCopy {
				if err := tx.publishCopy(ctx, entryID, lang, kind, slug,
					textOf(w.title, w.slug, w.summary, w.body), w.html, nil); err != nil {
					return err
				}
			}
			// To the minute, as a save publishes: the form shows
			// minutes, and saving it unchanged must change nothing.
			if _, err := tx.db.Exec(ctx, `UPDATE translations SET status = 'published', published_at = date_trunc('minute', now())
				WHERE entry_id = $1 AND lang = $2`, entryID, lang); err != nil {
				return mapErr("approve", err)
			}
		}
		if err := tx.newRevision(ctx, entryID, a.UserID, NoteApproved+lang); err != nil {
			return err
		}
		if submitter != nil {
			if err := tx.queueToSubmitter(ctx, entryID, []string{lang}, a.UserID, *submitter, NoticeApproved, "", nil); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a)
	})
}

// NoteApproved, followed by a language's code, is the note of the
// revision an approval of that language's text makes.
const NoteApproved = "approved "

func textOf(title, slug, summary, body string) content.Text {
	return content.Text{Title: title, Slug: slug, Summary: summary, Body: body}
}
