package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// The kinds of queued message.
const (
	MailConfirm = "confirm" // the double opt-in link
	MailIssue   = "issue"   // a newsletter issue to a subscriber
	MailTest    = "test"    // an issue to the editor who asked for a test
	MailReview  = "review"  // a review notice to an editor or a translator (reviewmail.go)
)

// MailJob is a queued message as the sender sees it.
type MailJob struct {
	ID           int64
	Kind         string
	EntryID      int64
	SubscriberID int64
	To           string // the address: the subscriber's, or the row's own
	Lang         string
	Attempts     int // earlier attempts
	// Active: the recipient still wants the message. For an issue, the
	// subscriber has not left; for a review notice, the account (found by
	// the address) is enabled, has the notices on and, for a notice to
	// the reviewers, is still an editor or an admin: read when the
	// message is sent, not only when it was queued.
	Active    bool
	MessageID string // an earlier attempt's, kept so retries are recognizable
	Review    ReviewNotice
}

// ReviewNotice is what a review notice's job says: which entry's text in
// which language, what happened to it (NoticeSubmitted …), who did it
// and, sent back, their comment.
type ReviewNotice struct {
	EntryID int64
	// Langs are the texts' languages, in the site's order (one event of
	// several languages is one message); MailJob.Lang is the message's.
	Langs   []string
	Event   string
	Actor   string // the name of who acted, else their e-mail; "" if unknown
	Comment string
	Title   string // the first text's title when queued ("" before 00044)
}

// MailOutcome is what became of one attempt to deliver a job.
type MailOutcome struct {
	Sent      bool
	Skipped   bool // not sent on purpose (the subscriber left)
	MessageID string
	// Retry, when positive, puts the job back for another attempt after
	// that long; otherwise a job neither sent nor skipped has failed.
	Retry time.Duration
	// Held puts the job back for Retry without counting the attempt: the
	// way out failed (the server refused the login), not the message.
	Held  bool
	Error string
}

// claimMailSQL claims the next due message with what its sending needs,
// the recipient's wishes and address as they are now among them
// (MailJob.Active, MailJob.To).
const claimMailSQL = `SELECT q.id, q.kind, coalesce(q.entry_id, 0), coalesce(q.subscriber_id, 0),
		coalesce(s.email, u.email, q.to_addr), q.lang, q.attempts,
		CASE WHEN q.kind = 'review' THEN coalesce(u.disabled_at IS NULL AND u.review_mail
				AND (q.review_event <> 'submitted' OR u.role IN ('editor', 'admin')), false)
			ELSE coalesce(s.status = 'active', true) END,
		q.message_id,
		coalesce(q.review_entry_id, 0), CASE WHEN q.kind = 'review' THEN coalesce(q.review_langs, ARRAY[q.review_lang]) ELSE '{}' END, coalesce(q.review_event, ''),
		coalesce(nullif(a.name, ''), a.email, ''), q.review_comment, q.review_title
	FROM mail_queue q LEFT JOIN subscribers s ON s.id = q.subscriber_id
		LEFT JOIN users a ON q.kind = 'review' AND a.id = q.requested_by
		LEFT JOIN users u ON q.kind = 'review' AND (u.id = q.review_user_id
			OR q.review_user_id IS NULL AND lower(u.email) = lower(q.to_addr)) -- queued before 00047
	WHERE q.status = 'pending' AND q.next_attempt_at <= now()
	ORDER BY q.priority, q.next_attempt_at, q.id
	LIMIT 1
	FOR UPDATE OF q SKIP LOCKED`

const finishMailSQL = `UPDATE mail_queue SET
		status = $2,
		attempts = attempts + $3,
		next_attempt_at = now() + $4::float8 * interval '1 millisecond',
		last_error = $5,
		message_id = CASE WHEN $6 = '' THEN message_id ELSE $6 END,
		sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
		updated_at = now()
	WHERE id = $1`

// DeliverNext claims the next message that is due, with FOR UPDATE SKIP
// LOCKED so that senders in several instances never take the same one,
// and calls deliver while the row stays locked; the outcome is recorded
// in the same transaction. If the process dies while delivering, the
// transaction dies with it and the message is due again: a message is
// marked sent only once the server accepted it. It reports whether there
// was a message to deliver.
//
// ctx should outlive a shutdown request: the caller decides when to stop
// claiming, and a claimed message is finished, not abandoned.
func (s *Store) DeliverNext(ctx context.Context, deliver func(MailJob) MailOutcome) (bool, error) {
	found := false
	err := s.InTx(ctx, func(tx *Store) error {
		var j MailJob
		err := tx.db.QueryRow(ctx, claimMailSQL).Scan(&j.ID, &j.Kind, &j.EntryID, &j.SubscriberID, &j.To, &j.Lang, &j.Attempts, &j.Active, &j.MessageID,
			&j.Review.EntryID, &j.Review.Langs, &j.Review.Event, &j.Review.Actor, &j.Review.Comment, &j.Review.Title)
		if err == pgx.ErrNoRows {
			return nil
		}
		if err != nil {
			return mapErr("claim mail", err)
		}
		found = true
		o := deliver(j)
		status, tried := "failed", 1
		switch {
		case o.Sent:
			status = "sent"
		case o.Skipped:
			status, tried = "skipped", 0
		case o.Held && o.Retry > 0:
			status, tried = "pending", 0
		case o.Retry > 0:
			status = "pending"
		}
		_, err = tx.db.Exec(ctx, finishMailSQL, j.ID, status, tried, o.Retry.Milliseconds(), o.Error, o.MessageID)
		return mapErr(fmt.Sprintf("finish mail %d", j.ID), err)
	})
	return found, err
}

// EnqueueTest queues an issue in lang for the editor who asked for a test.
func (s *Store) EnqueueTest(ctx context.Context, entryID int64, lang, to string, userID int64) error {
	_, err := s.db.Exec(ctx, `INSERT INTO mail_queue (kind, priority, entry_id, to_addr, lang, requested_by)
		VALUES ('test', 0, $1, $2, $3, $4)`, entryID, to, lang, nullID(userID))
	return mapErr("queue test", err)
}

// EnqueueIssue queues an issue for every active subscriber of each of
// langs, in one transaction with its audit line. A subscriber who already
// has the issue queued or sent is left alone, so sending twice reaches
// only those who subscribed in between. It returns how many messages it
// queued per language; the audit line says so too.
func (s *Store) EnqueueIssue(ctx context.Context, entryID int64, langs []string, userID int64, a AuditEntry) (map[string]int, error) {
	queued := map[string]int{}
	err := s.InTx(ctx, func(tx *Store) error {
		for _, lang := range langs {
			tag, err := tx.db.Exec(ctx, `INSERT INTO mail_queue (kind, entry_id, subscriber_id, lang, requested_by)
				SELECT 'issue', $1, s.id, s.lang, $3 FROM subscribers s
				WHERE s.status = 'active' AND s.lang = $2
				ORDER BY s.id
				ON CONFLICT (entry_id, subscriber_id) DO NOTHING`, entryID, lang, nullID(userID))
			if err != nil {
				return mapErr("queue issue "+lang, err)
			}
			queued[lang] = int(tag.RowsAffected())
			if a.Summary != "" {
				a.Summary += ", "
			}
			a.Summary += fmt.Sprintf("%s: %d", lang, tag.RowsAffected())
		}
		a.ObjectType, a.ObjectID = "entry", entryID
		return tx.Audit(ctx, a)
	})
	return queued, err
}

// SendProgress is where an issue's mail in one language stands.
type SendProgress struct {
	Pending, Sent, Failed, Skipped int
}

// Total is every message of the issue in that language.
func (p SendProgress) Total() int { return p.Pending + p.Sent + p.Failed + p.Skipped }

// IssueProgress counts an issue's messages to subscribers by language and
// status.
func (s *Store) IssueProgress(ctx context.Context, entryID int64) (map[string]SendProgress, error) {
	rows, err := s.db.Query(ctx, `SELECT lang,
			count(*) FILTER (WHERE status = 'pending'),
			count(*) FILTER (WHERE status = 'sent'),
			count(*) FILTER (WHERE status = 'failed'),
			count(*) FILTER (WHERE status = 'skipped')
		FROM mail_queue WHERE entry_id = $1 AND kind = 'issue' GROUP BY lang`, entryID)
	if err != nil {
		return nil, mapErr("issue progress", err)
	}
	defer rows.Close()
	out := map[string]SendProgress{}
	for rows.Next() {
		var lang string
		var p SendProgress
		if err := rows.Scan(&lang, &p.Pending, &p.Sent, &p.Failed, &p.Skipped); err != nil {
			return nil, mapErr("issue progress", err)
		}
		out[lang] = p
	}
	return out, mapErr("issue progress", rows.Err())
}

// MailProblem is a message that failed for good, or is waiting for
// another attempt after a temporary error.
type MailProblem struct {
	ID        int64
	To        string
	Lang      string
	Status    string // failed, pending
	Attempts  int
	Error     string
	NextTry   time.Time
	UpdatedAt time.Time
}

// IssueProblems lists an issue's failed messages, and those waiting to be
// retried, newest first.
func (s *Store) IssueProblems(ctx context.Context, entryID int64, limit int) ([]MailProblem, error) {
	rows, err := s.db.Query(ctx, `SELECT q.id, s.email, q.lang, q.status, q.attempts, q.last_error, q.next_attempt_at, q.updated_at
		FROM mail_queue q JOIN subscribers s ON s.id = q.subscriber_id
		WHERE q.entry_id = $1 AND q.kind = 'issue' AND (q.status = 'failed' OR (q.status = 'pending' AND q.attempts > 0))
		ORDER BY q.updated_at DESC, q.id DESC LIMIT $2`, entryID, limit)
	if err != nil {
		return nil, mapErr("issue problems", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (MailProblem, error) {
		var p MailProblem
		err := row.Scan(&p.ID, &p.To, &p.Lang, &p.Status, &p.Attempts, &p.Error, &p.NextTry, &p.UpdatedAt)
		return p, err
	})
	return out, mapErr("issue problems", err)
}

// MailPending counts the messages waiting to be sent (the queue's depth).
func (s *Store) MailPending(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM mail_queue WHERE status = 'pending'`).Scan(&n)
	return n, mapErr("mail pending", err)
}

// PurgeMail forgets what is no longer needed: confirmation, test and
// review messages finished before before (they hold addresses that never
// became subscriptions, or notices read long ago), and sign-up requests
// older than that.
func (s *Store) PurgeMail(ctx context.Context, before time.Time) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, `DELETE FROM mail_queue WHERE kind <> 'issue' AND status <> 'pending' AND updated_at < $1`, before); err != nil {
			return mapErr("purge mail", err)
		}
		_, err := tx.db.Exec(ctx, `DELETE FROM subscribe_requests WHERE created_at < $1`, before)
		return mapErr("purge sign-up requests", err)
	})
}

// nullID is NULL for 0.
func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// MailDueIssues queues the mail of every issue marked "send when it goes
// live" in each language that is live and not yet mailed; issue_mailings
// makes each language happen once across instances (the insert that
// claims it is the lock). It returns the languages queued.
func (s *Store) MailDueIssues(ctx context.Context) (int, error) {
	n := 0
	err := s.InTx(ctx, func(tx *Store) error {
		rows, err := tx.db.Query(ctx, `INSERT INTO issue_mailings (entry_id, lang)
			SELECT n.entry_id, t.lang FROM newsletter_issues n JOIN translations t ON t.entry_id = n.entry_id
			WHERE n.send_on_publish AND t.status = 'published' AND t.published_at <= now()
			ON CONFLICT DO NOTHING RETURNING entry_id, lang`)
		if err != nil {
			return mapErr("due issue mail", err)
		}
		type due struct {
			id   int64
			lang string
		}
		list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (due, error) {
			var d due
			err := row.Scan(&d.id, &d.lang)
			return d, err
		})
		if err != nil {
			return mapErr("due issue mail", err)
		}
		for _, d := range list {
			if _, err := tx.EnqueueIssue(ctx, d.id, []string{d.lang}, 0, AuditEntry{Action: "newsletter.send_auto"}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
