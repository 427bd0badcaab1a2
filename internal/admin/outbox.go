package admin

import (
	"net/http"
	"regexp"

	"vestnik/internal/httpx"
	"vestnik/internal/view"
)

// outboxListLen bounds the outbox list.
const outboxListLen = 200

// outbox lists the messages kept instead of sent (no SMTP_URL).
func (s *server) outbox(w http.ResponseWriter, r *http.Request) error {
	b := s.base(r, "outbox")
	b.Title = b.T.Tr("admin.mail.outbox.title")
	ms, err := s.store.Outbox(r.Context(), outboxListLen)
	if err != nil {
		return err
	}
	data := view.OutboxList{AdminBase: b, Server: s.mailServer}
	for _, m := range ms {
		data.Rows = append(data.Rows, view.OutboxRow{ID: m.ID, To: m.To, Subject: m.Subject, MessageID: m.MessageID, When: m.CreatedAt})
	}
	return s.render(w, http.StatusOK, view.PageAdminOutbox, data)
}

// linkPattern finds the links of a plain-text part.
var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// outboxItem shows a kept message: its headers and source, the
// plain-text part, the links in it (so the flow can be clicked through),
// and the HTML part in a sandboxed frame.
func (s *server) outboxItem(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.OutboxByID(r.Context(), id)
	if err != nil {
		return err
	}
	b := s.base(r, "outbox")
	b.Title = m.Subject
	return s.render(w, http.StatusOK, view.PageAdminOutboxItem, view.OutboxItem{
		AdminBase: b,
		OutboxRow: view.OutboxRow{ID: m.ID, To: m.To, Subject: m.Subject, MessageID: m.MessageID, When: m.CreatedAt},
		Text:      m.Text, Raw: string(m.Raw), Links: linkPattern.FindAllString(m.Text, -1),
	})
}

// outboxCSP lets a kept message's HTML part show as a mail client would:
// its inline styles apply, nothing runs or loads, and only the outbox page
// may frame it.
const outboxCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; " +
	"sandbox allow-popups allow-popups-to-escape-sandbox"

// outboxHTML serves a kept message's HTML part, for the frame on its
// page.
func (s *server) outboxHTML(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.OutboxByID(r.Context(), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Security-Policy", outboxCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(m.HTML))
	return nil
}
