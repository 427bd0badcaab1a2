// Package mail owns Vestnik's outgoing email: the signed links of
// subscription mail (Signer), building each message in its reader's
// language with an HTML and a plain-text part (Composer), handing it to an
// SMTP server or to the development outbox (Transport), and the
// background Sender that works through the queue in Postgres at a
// configured rate, retrying temporary failures.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email, ready to send.
type Message struct {
	From      string // "Name <address>"
	To        string
	Subject   string
	Text      string // the plain-text part
	HTML      string // the HTML part: inline styles only, no images to fetch
	Lang      string // Content-Language
	MessageID string // without angle brackets: "id@host"
	Date      time.Time
	// Unsubscribe is the RFC 8058 one-click URL (List-Unsubscribe with
	// List-Unsubscribe-Post); empty for messages that are not list mail.
	Unsubscribe string
	ListID      string // List-Id, for list mail
}

// Transport delivers messages.
type Transport interface {
	Send(ctx context.Context, m *Message) error
}

// Idler is a Transport that holds a connection it can let go of while the
// queue is empty.
type Idler interface {
	Idle()
}

// newMessageID makes a unique Message-ID on the site's host.
func newMessageID(host string) string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "@" + host
}

// PermanentError is a delivery that will never succeed as it is: the
// server refused it for good (5xx), or the message could not be built.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Temporary reports whether a failed delivery is worth another try: an
// SMTP 4xx reply, or no reply at all (the server was unreachable, the
// connection broke, a timeout). 5xx replies and messages that cannot be
// built are permanent.
func Temporary(err error) bool {
	if err == nil {
		return false
	}
	var perm *PermanentError
	if errors.As(err, &perm) {
		return false
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		switch code := se.ErrorCode(); {
		case code >= 400 && code < 500:
			return true
		case code >= 500:
			return false
		}
		// No reply code: a local or connection-level failure.
		return se.Reason != gomail.ErrGetSender && se.Reason != gomail.ErrGetRcpts && se.Reason != gomail.ErrNoUnencoded
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	// Anything else (a dial failure, the database behind the outbox) is
	// taken as passing.
	return true
}
