package store

import (
	"context"
	"errors"

	"vestnik/internal/content"

	"github.com/jackc/pgx/v5"
)

// The events a review notice tells of (mail_queue.review_event).
const (
	NoticeSubmitted = "submitted" // to the editors and admins
	NoticeReturned  = "returned"  // to the translator, with the comment
	NoticeApproved  = "approved"  // to the translator: the text is live
	// NoticePublished tells the translator that a text waiting for
	// review went live without it: an editor's Save and publish changes,
	// or the scheduled time they set.
	NoticePublished = "published"
	// NoticeWithdrawn tells the translator that a text waiting for
	// review left it unpublished: an editor gave up the submitted
	// changes (the live text put back) or removed the text.
	NoticeWithdrawn = "withdrawn"
	// NoticeDeleted tells the translator that the entry of a text
	// waiting for review was deleted for good, from the trash. Its
	// notice names no entry (mail_queue.review_entry_id is NULL: a
	// reference would take the notice with the entry), only the title
	// the text had.
	NoticeDeleted = "deleted"
)

// inSiteOrder is SQL for the languages of the text array $2 in the
// site's order, each once.
const inSiteOrder = `(SELECT array_agg(g.code ORDER BY g.position) FROM languages g WHERE g.code = ANY($2::text[]))`

// queueSubmittedSQL queues one notice naming every submitted language
// ($2) to every enabled editor and admin who wants them, the submitter
// ($3) aside, in their admin language.
const queueSubmittedSQL = `INSERT INTO mail_queue (kind, priority, to_addr, review_user_id, lang, requested_by, review_entry_id, review_lang, review_langs,
		review_event)
	SELECT 'review', 0, u.email, u.id, u.lang, $3, $1, ls[1], ls, 'submitted'
	FROM users u CROSS JOIN ` + inSiteOrder + ` AS o(ls)
	WHERE u.role IN ('editor', 'admin') AND u.disabled_at IS NULL AND u.review_mail AND u.id <> $3 AND ls IS NOT NULL
	ORDER BY u.id`

// queueSubmitted tells the editors and admins that userID submitted
// langs of an entry for review, one message each. It runs in the
// submission's transaction.
func (s *Store) queueSubmitted(ctx context.Context, entryID int64, langs []string, userID int64) error {
	_, err := s.db.Exec(ctx, queueSubmittedSQL, entryID, langs, userID)
	return mapErr("queue review notices", err)
}

// queueToSubmitterSQL queues a notice naming the languages $2 to the
// translator ($4) who submitted them, if they are enabled, want notices
// and are not the one who acted ($3); its title is that of the first, in
// the site's order, of the languages $7 with their titles $8. A notice
// of the entry's deletion ($5) names no entry.
const queueToSubmitterSQL = `INSERT INTO mail_queue (kind, priority, to_addr, review_user_id, lang, requested_by, review_entry_id, review_lang,
		review_langs, review_event, review_comment, review_title)
	SELECT 'review', 0, u.email, u.id, u.lang, $3, CASE WHEN $5::text = '` + NoticeDeleted + `' THEN NULL ELSE $1::bigint END, ls[1], ls, $5, $6,
		coalesce((SELECT x.t FROM unnest($7::text[], $8::text[]) AS x(l, t) JOIN languages g ON g.code = x.l ORDER BY g.position LIMIT 1), '')
	FROM users u CROSS JOIN ` + inSiteOrder + ` AS o(ls)
	WHERE u.id = $4 AND u.disabled_at IS NULL AND u.review_mail AND u.id IS DISTINCT FROM $3 AND ls IS NOT NULL`

// queueToSubmitter tells the submitter of langs' texts what became of
// them, in one message; actorID is who did it (nil: nobody named), titles
// the texts' as they were, by language (kept for a text that is gone by
// the time the notice is sent; nil: read when it is). It runs in the
// review change's transaction.
func (s *Store) queueToSubmitter(ctx context.Context, entryID int64, langs []string, actorID *int64, submitterID int64, event, comment string,
	titles map[string]string) error {
	codes, texts := make([]string, 0, len(titles)), make([]string, 0, len(titles))
	for l, t := range titles {
		codes, texts = append(codes, l), append(texts, t)
	}
	_, err := s.db.Exec(ctx, queueToSubmitterSQL, entryID, langs, actorID, submitterID, event, comment, codes, texts)
	return mapErr("queue review notice", err)
}

// pendingReview is a text waiting for review as a save found it.
type pendingReview struct {
	submitter *int64
	title     string
}

// waitingReviews locks and reads an entry's texts waiting for review, by
// language, before a save decides what becomes of them.
func (s *Store) waitingReviews(ctx context.Context, entryID int64) (map[string]pendingReview, error) {
	return s.reviewsIn(ctx, entryID, "waiting")
}

// reviewsIn locks and reads an entry's reviews in the states given, by
// language.
func (s *Store) reviewsIn(ctx context.Context, entryID int64, states ...string) (map[string]pendingReview, error) {
	rows, err := s.db.Query(ctx, `SELECT r.lang, r.submitted_by, coalesce(nullif(w.title, ''), t.title)
		FROM reviews r JOIN translations t USING (entry_id, lang) LEFT JOIN translation_drafts w USING (entry_id, lang)
		WHERE r.entry_id = $1 AND r.state = ANY($2) FOR UPDATE OF r`, entryID, states)
	if err != nil {
		return nil, mapErr("waiting reviews", err)
	}
	out := map[string]pendingReview{}
	var lang string
	var w pendingReview
	_, err = pgx.ForEachRow(rows, []any{&lang, &w.submitter, &w.title}, func() error {
		out[lang] = w
		return nil
	})
	return out, mapErr("waiting reviews", err)
}

// endReviews closes the reviews of the languages in ended (event each)
// that were waiting (waiting, as read before the change), and tells
// their translators what happened, one message per translator and event
// naming all their languages. actorID is who did it (nil: the schedule).
func (s *Store) endReviews(ctx context.Context, entryID int64, waiting map[string]pendingReview, ended map[string]string, actorID *int64) error {
	type key struct {
		submitter int64
		event     string
	}
	langs := map[key][]string{}
	var closed []string
	for lang, event := range ended {
		w, ok := waiting[lang]
		if !ok {
			continue
		}
		closed = append(closed, lang)
		if w.submitter == nil {
			continue
		}
		k := key{*w.submitter, event}
		langs[k] = append(langs[k], lang)
	}
	if len(closed) == 0 {
		return nil
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM reviews WHERE entry_id = $1 AND lang = ANY($2) AND state = 'waiting'`, entryID, closed); err != nil {
		return mapErr("end reviews", err)
	}
	for k, ls := range langs {
		titles := make(map[string]string, len(ls))
		for _, l := range ls {
			titles[l] = waiting[l].title
		}
		if err := s.queueToSubmitter(ctx, entryID, ls, actorID, k.submitter, k.event, "", titles); err != nil {
			return err
		}
	}
	return nil
}

// wentLiveWaiting is the condition that the text t waiting for review
// (its review r) went live by its scheduled time after it was submitted:
// a draft an editor scheduled, whose time came with no write to say so.
// A text whose submitted changes are a working copy is not one: what went
// live is the text before them, and they wait on.
const wentLiveWaiting = `r.state = 'waiting' AND t.status = 'published' AND t.published_at <= now() AND t.published_at > r.submitted_at
	AND NOT EXISTS (SELECT 1 FROM translation_drafts w WHERE w.entry_id = r.entry_id AND w.lang = r.lang)`

// EndReviewsGoneLive ends the reviews of the texts that went live by
// their scheduled time while they waited (a scheduled language goes live
// by the clock alone, with no save to end its review), and tells their
// translators that the texts were published without the review, as a
// save that publishes does; nobody is named as having done it. Each
// entry is one transaction; run by every instance (Schedule), the row
// locks taken with SKIP LOCKED make each notice happen once. It returns
// how many languages it ended.
func (s *Store) EndReviewsGoneLive(ctx context.Context) (int, error) {
	n := 0
	for {
		done := false
		err := s.InTx(ctx, func(tx *Store) error {
			var entryID int64
			err := tx.db.QueryRow(ctx, `SELECT r.entry_id FROM reviews r JOIN translations t USING (entry_id, lang)
				WHERE `+wentLiveWaiting+` ORDER BY t.published_at, r.entry_id LIMIT 1
				FOR UPDATE OF r SKIP LOCKED`).Scan(&entryID)
			if errors.Is(err, pgx.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return mapErr("reviews gone live", err)
			}
			// The entry's other languages that went live with it, in the
			// same message to their translator; one another instance
			// holds is its to end.
			rows, err := tx.db.Query(ctx, `SELECT r.lang, r.submitted_by, t.title FROM reviews r JOIN translations t USING (entry_id, lang)
				WHERE r.entry_id = $1 AND `+wentLiveWaiting+` FOR UPDATE OF r SKIP LOCKED`, entryID)
			if err != nil {
				return mapErr("reviews gone live", err)
			}
			waiting, ended := map[string]pendingReview{}, map[string]string{}
			var lang string
			var w pendingReview
			if _, err := pgx.ForEachRow(rows, []any{&lang, &w.submitter, &w.title}, func() error {
				waiting[lang], ended[lang] = w, NoticePublished
				return nil
			}); err != nil {
				return mapErr("reviews gone live", err)
			}
			n += len(ended)
			return tx.endReviews(ctx, entryID, waiting, ended, nil)
		})
		if err != nil || done {
			return n, err
		}
	}
}

// ReviewSubject is what a review notice says of its entry's texts.
type ReviewSubject struct {
	// Title is the first named text's (its working copy's, else its own),
	// or "" when none of them is left.
	Title string
	// Paths are the public paths of the named texts live now, by
	// language, in the order named; not of those in a language turned
	// off, which no visitor can open.
	Paths []LangPath
	// Off lists the languages, in the order named, of the named texts
	// live now in a language turned off: visitors see them once it is on.
	Off []string
}

// LangPath is a language's public path.
type LangPath struct {
	Lang, Path string
}

const reviewSubjectSQL = `SELECT t.lang, coalesce(nullif(w.title, ''), t.title), e.kind, coalesce(e.system_key, ''), t.slug,
		t.status = 'published' AND t.published_at <= now(), coalesce(l.enabled, false)
	FROM translations t JOIN entries e ON e.id = t.entry_id
	LEFT JOIN languages l ON l.code = t.lang
	LEFT JOIN translation_drafts w USING (entry_id, lang)
	WHERE t.entry_id = $1 AND t.lang = ANY($2::text[])
	ORDER BY array_position($2::text[], t.lang)`

// ReviewSubjectOf reads an entry's texts in langs as a review notice
// names them; ErrNotFound when the entry has none of them any more.
func (s *Store) ReviewSubjectOf(ctx context.Context, entryID int64, langs []string) (ReviewSubject, error) {
	var r ReviewSubject
	rows, err := s.db.Query(ctx, reviewSubjectSQL, entryID, langs)
	if err != nil {
		return r, mapErr("review subject", err)
	}
	var lang, title, kind, key, slug string
	var live, enabled bool
	found := false
	_, err = pgx.ForEachRow(rows, []any{&lang, &title, &kind, &key, &slug, &live, &enabled}, func() error {
		if !found {
			r.Title, found = title, true
		}
		switch {
		case live && enabled:
			r.Paths = append(r.Paths, LangPath{lang, content.EntryPath(lang, content.Kind(kind), slug, key)})
		case live:
			r.Off = append(r.Off, lang)
		}
		return nil
	})
	if err != nil {
		return r, mapErr("review subject", err)
	}
	if !found {
		return r, ErrNotFound
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
