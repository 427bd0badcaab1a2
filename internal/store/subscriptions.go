package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Subscriber statuses.
const (
	SubscriberActive       = "active"
	SubscriberUnsubscribed = "unsubscribed"
)

// ErrStaleConfirmation means a confirmation link was issued before its
// address last unsubscribed: it no longer subscribes anyone.
var ErrStaleConfirmation = errors.New("store: confirmation issued before the last unsubscribe")

// Subscriber is a confirmed address and the language it reads in.
type Subscriber struct {
	ID             int64
	Email          string
	Lang           string
	Status         string
	ConfirmedAt    time.Time
	UnsubscribedAt *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

const subscriberColumns = `id, email, lang, status, confirmed_at, unsubscribed_at, created_at, updated_at`

func scanSubscriber(row pgx.CollectableRow) (Subscriber, error) {
	var s Subscriber
	err := row.Scan(&s.ID, &s.Email, &s.Lang, &s.Status, &s.ConfirmedAt, &s.UnsubscribedAt, &s.CreatedAt, &s.UpdatedAt)
	return s, err
}

func (s *Store) oneSubscriber(ctx context.Context, what, sql string, args ...any) (Subscriber, error) {
	rows, err := s.db.Query(ctx, sql, args...)
	if err != nil {
		return Subscriber{}, mapErr(what, err)
	}
	sub, err := pgx.CollectExactlyOneRow(rows, scanSubscriber)
	return sub, mapErr(what, err)
}

// EmailHash is how sign-up throttling remembers an address: the SHA-256 of
// its lower-cased form, so the throttle table holds no addresses.
func EmailHash(email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(email)))
	return hex.EncodeToString(sum[:])
}

const subscribeSQL = `INSERT INTO subscribers (email, lang) VALUES ($1, $2)
	ON CONFLICT (lower(email)) DO UPDATE SET
		lang = EXCLUDED.lang,
		status = 'active',
		confirmed_at = CASE WHEN subscribers.status = 'active' THEN subscribers.confirmed_at ELSE now() END,
		unsubscribed_at = NULL,
		updated_at = now()
	WHERE subscribers.unsubscribed_at IS NULL OR subscribers.unsubscribed_at < $3
	RETURNING ` + subscriberColumns

// Subscribe records a confirmed subscription of email in lang: a new
// subscriber, or an existing one made active in lang. A confirmation
// issued before the address last unsubscribed is ErrStaleConfirmation.
func (s *Store) Subscribe(ctx context.Context, email, lang string, issued time.Time) (Subscriber, error) {
	sub, err := s.oneSubscriber(ctx, "subscribe", subscribeSQL, email, lang, issued)
	if errors.Is(err, ErrNotFound) {
		return sub, ErrStaleConfirmation
	}
	return sub, err
}

// The mail kept for an address, queued (sent or not) and in the
// development outbox, as an erasure deletes it: found by address through
// mail_queue_to and mail_outbox_to (migration 00058), not by reading every
// row of the queue, where each issue sent leaves one per subscriber.
const (
	eraseQueuedSQL = `DELETE FROM mail_queue WHERE lower(to_addr) = lower($1)`
	eraseOutboxSQL = `DELETE FROM mail_outbox WHERE lower(to_addr) = lower($1)`
	// A deleted account's: its review notices and test messages.
	eraseAccountMailSQL = `DELETE FROM mail_queue WHERE kind IN ('review', 'test') AND lower(to_addr) = lower($1)`
)

// confirmationSentSQL finds, and locks against an erasure meanwhile, the
// confirmation message that carried a link issued at $2: one queued for
// the address by then (a minute's leeway for the link's time, cut to the
// second and read from another clock).
const confirmationSentSQL = `SELECT id FROM mail_queue
	WHERE kind = 'confirm' AND lower(to_addr) = lower($1) AND created_at <= $2::timestamptz + interval '1 minute'
	LIMIT 1 FOR SHARE`

// Confirm records the subscription a confirmation link (issued at issued)
// asks for, as Subscribe does, only while the message that carried the
// link is on record: erasing the address deletes it, so a link mailed
// before the erasure is ErrStaleConfirmation, as one mailed before the
// address last unsubscribed. (Finished confirmations are kept for days,
// longer than a link works: mail.ConfirmTTL.)
func (s *Store) Confirm(ctx context.Context, email, lang string, issued time.Time) (Subscriber, error) {
	var sub Subscriber
	err := s.InTx(ctx, func(tx *Store) error {
		var id int64
		err := tx.db.QueryRow(ctx, confirmationSentSQL, email, issued).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrStaleConfirmation
		}
		if err != nil {
			return mapErr("confirmation sent", err)
		}
		sub, err = tx.Subscribe(ctx, email, lang, issued)
		return err
	})
	return sub, err
}

// SubscriberByID returns a subscriber.
func (s *Store) SubscriberByID(ctx context.Context, id int64) (Subscriber, error) {
	return s.oneSubscriber(ctx, fmt.Sprintf("subscriber %d", id),
		`SELECT `+subscriberColumns+` FROM subscribers WHERE id = $1`, id)
}

// SetSubscriberLang changes the language a subscriber reads in.
func (s *Store) SetSubscriberLang(ctx context.Context, id int64, lang string) (Subscriber, error) {
	return s.oneSubscriber(ctx, fmt.Sprintf("subscriber %d lang", id),
		`UPDATE subscribers SET lang = $2, updated_at = now() WHERE id = $1 RETURNING `+subscriberColumns, id, lang)
}

// Unsubscribe stops mail to a subscriber; unsubscribing twice changes
// nothing. Messages already queued for them are skipped by the sender.
func (s *Store) Unsubscribe(ctx context.Context, id int64) (Subscriber, error) {
	return s.oneSubscriber(ctx, fmt.Sprintf("unsubscribe %d", id),
		`UPDATE subscribers SET
			status = 'unsubscribed',
			unsubscribed_at = CASE WHEN status = 'unsubscribed' THEN unsubscribed_at ELSE now() END,
			updated_at = CASE WHEN status = 'unsubscribed' THEN updated_at ELSE now() END
		WHERE id = $1 RETURNING `+subscriberColumns, id)
}

// UnsubscribeFor stops mail to a subscriber at an admin's hand (the
// subscriber asked by other means), with its audit line.
func (s *Store) UnsubscribeFor(ctx context.Context, id int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		var status string
		if err := tx.db.QueryRow(ctx, `SELECT status FROM subscribers WHERE id = $1 FOR UPDATE`, id).Scan(&status); err != nil {
			return mapErr(fmt.Sprintf("subscriber %d", id), err)
		}
		if status == SubscriberUnsubscribed {
			return nil // unsubscribed already (a second click, another admin): nothing to record
		}
		if _, err := tx.Unsubscribe(ctx, id); err != nil {
			return err
		}
		a.ObjectType, a.ObjectID = "subscriber", id
		return tx.Audit(ctx, a)
	})
}

// Resubscribe makes an unsubscribed subscriber active again. The caller
// holds a link that was mailed to the address, which proves it reads it.
func (s *Store) Resubscribe(ctx context.Context, id int64) (Subscriber, error) {
	return s.oneSubscriber(ctx, fmt.Sprintf("resubscribe %d", id),
		`UPDATE subscribers SET status = 'active', unsubscribed_at = NULL,
			confirmed_at = CASE WHEN status = 'active' THEN confirmed_at ELSE now() END, updated_at = now()
		WHERE id = $1 RETURNING `+subscriberColumns, id)
}

// EraseSubscriber deletes a subscriber and every trace of their address:
// their queued and sent issue rows, confirmation and test messages to it,
// development outbox copies and sign-up throttle rows. The audit line
// names the subscriber's id, never the address.
func (s *Store) EraseSubscriber(ctx context.Context, id int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		var email string
		if err := tx.db.QueryRow(ctx, `SELECT email FROM subscribers WHERE id = $1`, id).Scan(&email); err != nil {
			return mapErr(fmt.Sprintf("erase subscriber %d", id), err)
		}
		// The queued mail goes first: Confirm locks its message, then
		// the subscriber. Taken in the same order, a confirmation under
		// way finishes before the erasure (which then erases what it
		// did), or finds its message gone; in the other order the two
		// deadlocked and Postgres undid the erasure.
		if _, err := tx.db.Exec(ctx, eraseQueuedSQL, email); err != nil {
			return mapErr("erase queued mail", err)
		}
		if err := tx.db.QueryRow(ctx, `DELETE FROM subscribers WHERE id = $1 RETURNING email`, id).Scan(&email); err != nil {
			return mapErr(fmt.Sprintf("erase subscriber %d", id), err)
		}
		if _, err := tx.db.Exec(ctx, eraseOutboxSQL, email); err != nil {
			return mapErr("erase outbox", err)
		}
		if _, err := tx.db.Exec(ctx, `DELETE FROM subscribe_requests WHERE email_hash = $1`, EmailHash(email)); err != nil {
			return mapErr("erase sign-up requests", err)
		}
		a.ObjectType, a.ObjectID = "subscriber", id
		return tx.Audit(ctx, a)
	})
}

// SubscriberFilter narrows the admin's list of subscribers.
type SubscriberFilter struct {
	Query  string // part of the address, case-insensitive
	Status string // "" for any
	Lang   string // "" for any
	Limit  int    // 0: no limit (the CSV export)
	Offset int
}

const subscribersWhere = ` WHERE ($1 = '' OR strpos(lower(email), lower($1)) > 0)
	AND ($2 = '' OR status = $2) AND ($3 = '' OR lang = $3)`

// Subscribers returns one page of the subscribers matching f, newest
// first, and how many match in all.
func (s *Store) Subscribers(ctx context.Context, f SubscriberFilter) ([]Subscriber, int, error) {
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM subscribers`+subscribersWhere,
		f.Query, f.Status, f.Lang).Scan(&total); err != nil {
		return nil, 0, mapErr("count subscribers", err)
	}
	var limit *int
	if f.Limit > 0 {
		limit = &f.Limit
	}
	rows, err := s.db.Query(ctx, `SELECT `+subscriberColumns+` FROM subscribers`+subscribersWhere+`
		ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5`, f.Query, f.Status, f.Lang, limit, f.Offset)
	if err != nil {
		return nil, 0, mapErr("subscribers", err)
	}
	subs, err := pgx.CollectRows(rows, scanSubscriber)
	return subs, total, mapErr("subscribers", err)
}

// EachSubscriber calls fn for every subscriber matching f (Limit and
// Offset ignored), oldest first, without holding them all in memory.
func (s *Store) EachSubscriber(ctx context.Context, f SubscriberFilter, fn func(Subscriber) error) error {
	rows, err := s.db.Query(ctx, `SELECT `+subscriberColumns+` FROM subscribers`+subscribersWhere+`
		ORDER BY id`, f.Query, f.Status, f.Lang)
	if err != nil {
		return mapErr("export subscribers", err)
	}
	defer rows.Close()
	for rows.Next() {
		sub, err := scanSubscriber(rows)
		if err != nil {
			return mapErr("export subscribers", err)
		}
		if err := fn(sub); err != nil {
			return err
		}
	}
	return mapErr("export subscribers", rows.Err())
}

// SubscriberCount is how many subscribers a language has.
type SubscriberCount struct {
	Lang         string
	Active       int
	Unsubscribed int
}

// SubscriberCounts counts subscribers per language, for every language of
// the site (zero counts included), in site order.
func (s *Store) SubscriberCounts(ctx context.Context) ([]SubscriberCount, error) {
	rows, err := s.db.Query(ctx, `SELECT l.code,
			count(s.id) FILTER (WHERE s.status = 'active'),
			count(s.id) FILTER (WHERE s.status = 'unsubscribed')
		FROM languages l LEFT JOIN subscribers s ON s.lang = l.code
		GROUP BY l.code, l.position ORDER BY l.position`)
	if err != nil {
		return nil, mapErr("subscriber counts", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SubscriberCount, error) {
		var c SubscriberCount
		err := row.Scan(&c.Lang, &c.Active, &c.Unsubscribed)
		return c, err
	})
	return out, mapErr("subscriber counts", err)
}

// SubscribeRequests counts the sign-up requests for an address (by hash)
// since emailSince and from a client address since ipSince, with the
// oldest of the client's in that window (to tell it when to come back).
func (s *Store) SubscribeRequests(ctx context.Context, emailHash string, ip netip.Addr, emailSince, ipSince time.Time) (byEmail, byIP int, oldestIP time.Time, err error) {
	var oldest *time.Time
	err = s.db.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM subscribe_requests WHERE email_hash = $1 AND created_at > $3),
			(SELECT count(*) FROM subscribe_requests WHERE ip = $2 AND created_at > $4),
			(SELECT min(created_at) FROM subscribe_requests WHERE ip = $2 AND created_at > $4)`,
		emailHash, ip, emailSince, ipSince).Scan(&byEmail, &byIP, &oldest)
	if oldest != nil {
		oldestIP = *oldest
	}
	return byEmail, byIP, oldestIP, mapErr("sign-up requests", err)
}

// RecordSubscribeRequest remembers a sign-up request and, when confirm is
// set, queues the confirmation message to the address, in one
// transaction.
func (s *Store) RecordSubscribeRequest(ctx context.Context, email, lang string, ip netip.Addr, confirm bool) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, `INSERT INTO subscribe_requests (email_hash, ip) VALUES ($1, $2)`,
			EmailHash(email), ip); err != nil {
			return mapErr("record sign-up request", err)
		}
		if !confirm {
			return nil
		}
		_, err := tx.db.Exec(ctx, `INSERT INTO mail_queue (kind, priority, to_addr, lang) VALUES ('confirm', 0, $1, $2)`,
			email, lang)
		return mapErr("queue confirmation", err)
	})
}
