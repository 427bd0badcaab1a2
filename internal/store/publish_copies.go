package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"vestnik/internal/content"
)

// PublishDue puts live the working copies whose time has come (of texts
// still published: a text taken down keeps its copy waiting), each in
// its own transaction step: the live text becomes the working copy's (the
// old URL answering 301 if the slug changed), with an audit line. Run by
// every instance; the row lock makes each happen once. A working copy
// that cannot go live (its new slug was taken since) loses its time and
// waits for an editor, with an audit line saying so. It returns how many
// went live.
func (s *Store) PublishDue(ctx context.Context) (int, error) {
	n := 0
	for {
		done := false
		err := s.InTx(ctx, func(tx *Store) error {
			var entryID int64
			var lang, kind, oldSlug string
			var w content.Text
			var html string
			err := tx.db.QueryRow(ctx, `SELECT w.entry_id, w.lang, t.kind, t.slug, w.title, w.slug, w.summary, w.body_md, w.body_html
				FROM translation_drafts w JOIN translations t USING (entry_id, lang)
				WHERE `+scheduledChanges+` AND w.publish_at <= now() ORDER BY w.publish_at LIMIT 1
				FOR UPDATE OF w SKIP LOCKED`).Scan(&entryID, &lang, &kind, &oldSlug, &w.Title, &w.Slug, &w.Summary, &w.Body, &html)
			if errors.Is(err, pgx.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return mapErr("due changes", err)
			}
			a := AuditEntry{Action: "entry.publish_scheduled", ObjectType: "entry", ObjectID: entryID, Summary: w.Title + " [" + lang + "]"}
			if err := tx.publishCopy(ctx, entryID, lang, kind, oldSlug, w, html, nil); err != nil {
				var taken *SlugTakenError
				if !errors.As(err, &taken) {
					return err
				}
				if _, err := tx.db.Exec(ctx, `UPDATE translation_drafts SET publish_at = NULL WHERE entry_id = $1 AND lang = $2`, entryID, lang); err != nil {
					return mapErr("due changes", err)
				}
				a.Action = "entry.publish_scheduled_failed"
				return tx.Audit(ctx, a)
			}
			n++
			// A text waiting for review whose changes an editor
			// scheduled: it went live without the review.
			waiting, err := tx.waitingReviews(ctx, entryID)
			if err != nil {
				return err
			}
			if err := tx.endReviews(ctx, entryID, waiting, map[string]string{lang: NoticePublished}, nil); err != nil {
				return err
			}
			return tx.Audit(ctx, a)
		})
		if err != nil || done {
			return n, err
		}
	}
}

// publishCopy makes a working copy the live text, with its articles'
// texts and the language's own lead image, in a savepoint so that a
// taken slug leaves the transaction usable.
func (s *Store) publishCopy(ctx context.Context, entryID int64, lang, kind, oldSlug string, w content.Text, html string, actorID *int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		_, err := tx.db.Exec(ctx, `UPDATE translations SET title = $3, slug = $4, summary = $5, body_md = $6, body_html = $7, updated_at = now()
			WHERE entry_id = $1 AND lang = $2`, entryID, lang, w.Title, w.Slug, w.Summary, w.Body, html)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return &SlugTakenError{Lang: lang}
		}
		if err != nil {
			return mapErr("publish changes", err)
		}
		if err := tx.moveSlug(ctx, entryID, lang, kind, oldSlug, w.Slug); err != nil {
			return err
		}
		if err := tx.publishArticleCopies(ctx, entryID, lang); err != nil {
			return err
		}
		// The language's own image goes live with its text (a change
		// moves the entry's public date: the trigger of migration 00043).
		if _, err = tx.db.Exec(ctx, `UPDATE translations t SET lead_image_id = w.lead_image_id FROM translation_drafts w
			WHERE w.entry_id = t.entry_id AND w.lang = t.lang AND t.entry_id = $1 AND t.lang = $2
				AND t.lead_image_id IS DISTINCT FROM w.lead_image_id`, entryID, lang); err != nil {
			return mapErr("publish changes", err)
		}
		if _, err = tx.db.Exec(ctx, `DELETE FROM translation_drafts WHERE entry_id = $1 AND lang = $2`, entryID, lang); err != nil {
			return mapErr("publish changes", err)
		}
		return tx.settleReturned(ctx, entryID, lang, actorID)
	})
}

// publishArticleCopies makes the working copies of an issue's article
// texts in a language live with the language's: a changed text replaces
// the live one, an emptied one takes it away, and a new one is in line
// with the article's other languages as they stand (and they with it),
// as a text added by a save is.
func (s *Store) publishArticleCopies(ctx context.Context, entryID int64, lang string) error {
	const copies = `FROM newsletter_article_drafts w JOIN newsletter_articles a ON a.id = w.article_id
		WHERE a.entry_id = $1 AND w.lang = $2`
	for _, sql := range []string{
		`DELETE FROM newsletter_article_translations m WHERE (m.article_id, m.lang) IN
			(SELECT w.article_id, w.lang ` + copies + ` AND w.title = '')`,
		`UPDATE newsletter_article_translations m SET title = c.title, body_md = c.body_md, body_html = c.body_html
			FROM (SELECT w.article_id, w.title, w.body_md, w.body_html ` + copies + ` AND w.title <> '') c
			WHERE m.article_id = c.article_id AND m.lang = $2`,
		`WITH added AS (
			INSERT INTO newsletter_article_translations (article_id, lang, title, body_md, body_html, synced)
			SELECT w.article_id, w.lang, w.title, w.body_md, w.body_html,
				(SELECT coalesce(jsonb_object_agg(o.lang, o.revision), '{}') FROM newsletter_article_translations o
				 WHERE o.article_id = w.article_id)
			` + copies + ` AND w.title <> ''
				AND NOT EXISTS (SELECT 1 FROM newsletter_article_translations m WHERE m.article_id = w.article_id AND m.lang = w.lang)
			RETURNING article_id)
		UPDATE newsletter_article_translations o SET synced = o.synced || jsonb_build_object($2::text, 0)
			FROM added WHERE o.article_id = added.article_id AND o.lang <> $2`,
		`DELETE FROM newsletter_article_drafts WHERE lang = $2
			AND article_id IN (SELECT id FROM newsletter_articles WHERE entry_id = $1)`,
	} {
		if _, err := s.db.Exec(ctx, sql, entryID, lang); err != nil {
			return mapErr("publish article changes", err)
		}
	}
	return nil
}

// settleReturned drops a language's review sent back to its translator
// once the text is published: the editor took it from there, and it is no
// longer on the translator's list of texts to mend. The translator, who
// may be mending it still, is told it went live without them (the
// "published" notice, by actorID: nil, the schedule).
func (s *Store) settleReturned(ctx context.Context, entryID int64, lang string, actorID *int64) error {
	var submitter *int64
	err := s.db.QueryRow(ctx, `DELETE FROM reviews WHERE entry_id = $1 AND lang = $2 AND state = 'returned' RETURNING submitted_by`,
		entryID, lang).Scan(&submitter)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && submitter == nil {
		return nil
	}
	if err != nil {
		return mapErr("settle review", err)
	}
	return s.queueToSubmitter(ctx, entryID, []string{lang}, actorID, *submitter, NoticePublished, "", nil)
}
