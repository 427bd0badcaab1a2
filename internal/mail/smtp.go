package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// SMTP delivers through an SMTP server named by a URL:
//
//	smtp://user:password@host:587              STARTTLS required (the default)
//	smtp://host:25?tls=opportunistic           STARTTLS when the server offers it
//	smtp://127.0.0.1:25?tls=none               no TLS (a relay on this machine)
//	smtps://user:password@host:465             TLS from the first byte
//
// It keeps one connection open while there is mail to send, and is meant
// for one sender goroutine at a time (calls are serialized).
type SMTP struct {
	client *gomail.Client
	name   string // the URL without its password, for logs and the admin

	mu   sync.Mutex
	conn *smtp.Client
}

// NewSMTP configures delivery through the server at u. helo is the name
// Vestnik gives itself (the host of BASE_URL); timeout bounds each step.
func NewSMTP(u *url.URL, helo string, timeout time.Duration) (*SMTP, error) {
	if u == nil || u.Hostname() == "" {
		return nil, errors.New("mail: SMTP_URL needs a host")
	}
	opts := []gomail.Option{gomail.WithTimeout(timeout)}
	if helo != "" {
		opts = append(opts, gomail.WithHELO(helo))
	}
	port := 0
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("mail: SMTP_URL port %q", p)
		}
		port = n
	}
	q := u.Query()
	switch u.Scheme {
	case "smtps":
		if port == 0 {
			port = 465
		}
		opts = append(opts, gomail.WithSSL())
	case "smtp":
		if port == 0 {
			port = 587
		}
		switch q.Get("tls") {
		case "", "required":
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		case "opportunistic":
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
		case "none":
			opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		default:
			return nil, fmt.Errorf("mail: SMTP_URL tls=%q: use required, opportunistic or none", q.Get("tls"))
		}
	default:
		return nil, fmt.Errorf("mail: SMTP_URL scheme %q: use smtp or smtps", u.Scheme)
	}
	opts = append(opts, gomail.WithPort(port))
	if u.User != nil && u.User.Username() != "" {
		pw, _ := u.User.Password()
		// The strongest mechanism the server offers. Without TLS, the
		// library's own choice leaves out PLAIN and LOGIN; named here,
		// they still send a password in clear only to localhost,
		// 127.0.0.1 or ::1 (config refuses other hosts without TLS).
		opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256PLUS, gomail.SMTPAuthSCRAMSHA256,
			gomail.SMTPAuthSCRAMSHA1PLUS, gomail.SMTPAuthSCRAMSHA1, gomail.SMTPAuthCramMD5, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pw))
	}
	c, err := gomail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP_URL: %w", err)
	}
	name := url.URL{Scheme: u.Scheme, Host: u.Host}
	return &SMTP{client: c, name: name.String()}, nil
}

// String names the server, without credentials.
func (t *SMTP) String() string { return t.name }

// Send delivers one message, over the open connection when there is one.
// A connection found dead before anything was sent is replaced once; after
// any other failure the connection is dropped and the next message dials
// anew.
func (t *SMTP) Send(ctx context.Context, m *Message) error {
	msg, err := build(m)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for try := 0; ; try++ {
		if t.conn == nil {
			if t.conn, err = t.client.DialToSMTPClientWithContext(ctx); err != nil {
				t.conn = nil
				if loginRefused(err) {
					return fmt.Errorf("%w: %w", ErrLoginRefused, err)
				}
				return fmt.Errorf("mail: connect: %w", err)
			}
		}
		err = t.client.SendWithSMTPClient(t.conn, msg)
		if err == nil {
			return nil
		}
		t.closeLocked()
		var se *gomail.SendError
		if try == 0 && errors.As(err, &se) && se.Reason == gomail.ErrConnCheck {
			continue // the server had closed an idle connection
		}
		return fmt.Errorf("mail: send: %w", err)
	}
}

// Idle closes the connection while there is nothing to send.
func (t *SMTP) Idle() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closeLocked()
}

func (t *SMTP) closeLocked() {
	if t.conn != nil {
		t.client.CloseWithSMTPClient(t.conn)
		t.conn = nil
	}
}
