package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// OutboxMessage is a message kept in the development outbox instead of
// being sent (no SMTP_URL).
type OutboxMessage struct {
	ID        int64
	MessageID string
	To        string
	Subject   string
	Text      string
	HTML      string
	Raw       []byte // the whole message as SMTP would carry it
	CreatedAt time.Time
}

// SaveOutbox keeps a message in the development outbox.
func (s *Store) SaveOutbox(ctx context.Context, m OutboxMessage) error {
	_, err := s.db.Exec(ctx, `INSERT INTO mail_outbox (message_id, to_addr, subject, text_body, html_body, raw)
		VALUES ($1, $2, $3, $4, $5, $6)`, m.MessageID, m.To, m.Subject, m.Text, m.HTML, m.Raw)
	return mapErr("outbox", err)
}

// Outbox lists the newest messages of the development outbox, without
// their bodies.
func (s *Store) Outbox(ctx context.Context, limit int) ([]OutboxMessage, error) {
	rows, err := s.db.Query(ctx, `SELECT id, message_id, to_addr, subject, created_at
		FROM mail_outbox ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, mapErr("outbox", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (OutboxMessage, error) {
		var m OutboxMessage
		err := row.Scan(&m.ID, &m.MessageID, &m.To, &m.Subject, &m.CreatedAt)
		return m, err
	})
	return out, mapErr("outbox", err)
}

// OutboxByID returns a message of the development outbox whole.
func (s *Store) OutboxByID(ctx context.Context, id int64) (OutboxMessage, error) {
	m := OutboxMessage{ID: id}
	err := s.db.QueryRow(ctx, `SELECT message_id, to_addr, subject, text_body, html_body, raw, created_at
		FROM mail_outbox WHERE id = $1`, id).Scan(&m.MessageID, &m.To, &m.Subject, &m.Text, &m.HTML, &m.Raw, &m.CreatedAt)
	return m, mapErr(fmt.Sprintf("outbox message %d", id), err)
}
