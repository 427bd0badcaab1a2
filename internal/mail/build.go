package mail

import (
	"bytes"
	"fmt"

	gomail "github.com/wneessen/go-mail"
)

// build turns a Message into go-mail's, with the headers list mail needs:
// Message-ID, Date, and for list mail List-Id, List-Unsubscribe and
// List-Unsubscribe-Post (RFC 8058). The plain-text part comes first, the
// HTML part is its alternative.
func build(m *Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(m.From); err != nil {
		return nil, &PermanentError{fmt.Errorf("mail: from %q: %w", m.From, err)}
	}
	if err := msg.To(m.To); err != nil {
		return nil, &PermanentError{fmt.Errorf("mail: to: %w", err)}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDateWithValue(m.Date)
	if m.Lang != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	}
	if m.ListID != "" {
		msg.SetGenHeader("List-Id", m.ListID)
	}
	if m.Unsubscribe != "" {
		if err := msg.SetListUnsubscribeOneClick(m.Unsubscribe); err != nil {
			// RFC 8058 wants https; a development site on plain http
			// gets the same headers, so the outbox shows them.
			msg.SetListUnsubscribe(m.Unsubscribe)
			msg.SetListUnsubscribePost()
		}
		// Bulk mail: no out-of-office replies.
		msg.SetBulk()
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// Raw is the message exactly as it would go over SMTP.
func Raw(m *Message) ([]byte, error) {
	msg, err := build(m)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("mail: write: %w", err)
	}
	return buf.Bytes(), nil
}
