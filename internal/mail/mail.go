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
	"net/textproto"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
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

// ErrLoginRefused: the SMTP server refused the login SMTP_URL gives. No
// message is to blame, and none gets through until someone fixes the
// account or SMTP_URL: the sender holds the queue rather than spending
// every message's attempts (or failing them) on it.
var ErrLoginRefused = errors.New("mail: the SMTP server refused the login in SMTP_URL")

// loginRefused reports whether err, from connecting to the SMTP server,
// is its refusal of Vestnik's login: a 5xx answer to AUTH (535 wrong
// password, 530 or 538 TLS first), no AUTH offered or no mechanism both
// know, or the mail library refusing to send the password without TLS.
// A 4xx answer (454) is a temporary failure like any other.
func loginRefused(err error) bool {
	if errors.Is(err, gosmtp.ErrUnencrypted) || errors.Is(err, gomail.ErrNoSupportedAuthDiscovered) {
		return true
	}
	// go-mail (v0.8.1) says these in words, without an error value of
	// its own: TestSMTPLogin holds it to them.
	msg := err.Error()
	if strings.HasPrefix(msg, "server does not support SMTP AUTH") {
		return true
	}
	var reply *textproto.Error
	return strings.HasPrefix(msg, "SMTP AUTH failed: ") && errors.As(err, &reply) && reply.Code >= 500
}

// Temporary reports whether a failed delivery is worth another try: an
// SMTP 4xx reply, or no reply at all (the server was unreachable, the
// connection broke, a timeout). 5xx replies and messages that cannot be
// built are permanent.
func Temporary(err error) bool {
	if err == nil {
		return false
	}
	var perm *PermanentError
	if errors.As(err, &perm) || errors.Is(err, ErrLoginRefused) {
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
