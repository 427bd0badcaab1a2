package store

import (
	"context"

	"vestnik/internal/content"
)

// The events a review notice tells of (mail_queue.review_event).
const (
	NoticeSubmitted = "submitted" // to the editors and admins
	NoticeReturned  = "returned"  // to the translator, with the comment
	NoticeApproved  = "approved"  // to the translator: the text is live
)

// queueSubmittedSQL queues a notice of each submitted language ($2) to
// every enabled editor and admin who wants them, the submitter ($3)
// aside, in their admin language.
const queueSubmittedSQL = `INSERT INTO mail_queue (kind, priority, to_addr, lang, requested_by, review_entry_id, review_lang, review_event)
	SELECT 'review', 0, u.email, u.lang, $3, $1, l, 'submitted'
	FROM users u CROSS JOIN unnest($2::text[]) AS l
	WHERE u.role IN ('editor', 'admin') AND u.disabled_at IS NULL AND u.review_mail AND u.id <> $3
	ORDER BY u.id, l`

// queueSubmitted tells the editors and admins that userID submitted
// langs of an entry for review. It runs in the submission's transaction.
func (s *Store) queueSubmitted(ctx context.Context, entryID int64, langs []string, userID int64) error {
	_, err := s.db.Exec(ctx, queueSubmittedSQL, entryID, langs, userID)
	return mapErr("queue review notices", err)
}

// queueToSubmitterSQL queues a notice to the translator ($4) who
// submitted a text, if they are enabled, want notices and are not the
// one who acted ($3).
const queueToSubmitterSQL = `INSERT INTO mail_queue (kind, priority, to_addr, lang, requested_by, review_entry_id, review_lang, review_event, review_comment)
	SELECT 'review', 0, u.email, u.lang, $3, $1, $2, $5, $6
	FROM users u
	WHERE u.id = $4 AND u.disabled_at IS NULL AND u.review_mail AND u.id IS DISTINCT FROM $3`

// queueToSubmitter tells the submitter of lang's text what became of it;
// actorID is who did it (nil: nobody named). It runs in the review
// change's transaction.
func (s *Store) queueToSubmitter(ctx context.Context, entryID int64, lang string, actorID *int64, submitterID int64, event, comment string) error {
	_, err := s.db.Exec(ctx, queueToSubmitterSQL, entryID, lang, actorID, submitterID, event, comment)
	return mapErr("queue review notice", err)
}

// ReviewSubject is what a review notice says of its entry's text.
type ReviewSubject struct {
	Title string // the text under review: its working copy's, else its own
	// Path is the text's public path when it is live now, else "".
	Path string
}

const reviewSubjectSQL = `SELECT coalesce(nullif(w.title, ''), t.title), e.kind, coalesce(e.system_key, ''), t.slug,
		t.status = 'published' AND t.published_at <= now()
	FROM translations t JOIN entries e ON e.id = t.entry_id
	LEFT JOIN translation_drafts w USING (entry_id, lang)
	WHERE t.entry_id = $1 AND t.lang = $2`

// ReviewSubjectOf reads an entry's text in lang as a review notice names
// it; ErrNotFound when the entry has no text in lang any more.
func (s *Store) ReviewSubjectOf(ctx context.Context, entryID int64, lang string) (ReviewSubject, error) {
	var r ReviewSubject
	var kind, key, slug string
	var live bool
	if err := s.db.QueryRow(ctx, reviewSubjectSQL, entryID, lang).Scan(&r.Title, &kind, &key, &slug, &live); err != nil {
		return r, mapErr("review subject", err)
	}
	if live {
		r.Path = content.EntryPath(lang, content.Kind(kind), slug, key)
	}
	return r, nil
}

// SetReviewMail turns a user's review notices on or off.
func (s *Store) SetReviewMail(ctx context.Context, id int64, on bool) error {
	tag, err := s.db.Exec(ctx, `UPDATE users SET review_mail = $2, updated_at = now() WHERE id = $1`, id, on)
	if err != nil {
		return mapErr("set review mail", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}
