package mail

import (
	"context"

	"vestnik/internal/store"
)

// Outbox keeps messages in the database instead of sending them, for a
// laptop without an SMTP server: the admins read them at /admin/outbox,
// and the whole subscription flow can be clicked through.
type Outbox struct{ Store *store.Store }

// String names the transport for logs.
func (o *Outbox) String() string { return "development outbox" }

// Send keeps the message, byte for byte as SMTP would carry it.
func (o *Outbox) Send(ctx context.Context, m *Message) error {
	raw, err := Raw(m)
	if err != nil {
		return err
	}
	return o.Store.SaveOutbox(ctx, store.OutboxMessage{
		MessageID: m.MessageID, To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, Raw: raw,
	})
}
