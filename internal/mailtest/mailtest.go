// Package mailtest runs a real SMTP server (emersion/go-smtp) inside a test
// process, records what it receives, parses it back with net/mail and
// mime/multipart, and lets a test refuse or hold messages to play out
// temporary failures and restarts.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"vestnik/internal/poll"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is an SMTP server on a loopback port.
type Server struct {
	// URL is its SMTP_URL (no TLS, no authentication).
	URL *url.URL

	mu       sync.Mutex
	received []*Message
	attempts map[string]int // per recipient, every RCPT TO seen
	// rcpt decides the answer to RCPT TO; nil accepts.
	rcpt func(to string, attempt int) error
	// data runs before a message is accepted; an error refuses it.
	data func(to string) error
	// login, when set, is the only user and password AUTH PLAIN takes,
	// and mail is taken only after it.
	login *[2]string
}

// Start starts a server that lives as long as the test.
func Start(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{attempts: map[string]int{}}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "mail.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.MaxMessageBytes = 10 << 20
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	s.URL = &url.URL{Scheme: "smtp", Host: l.Addr().String(), RawQuery: "tls=none"}
	return s
}

// OnRcpt sets what RCPT TO answers: attempt counts from 1 per recipient.
func (s *Server) OnRcpt(fn func(to string, attempt int) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rcpt = fn
}

// OnData sets a hook run when a message's data has arrived, before the
// server accepts it: it may block, and an error refuses the message.
func (s *Server) OnData(fn func(to string) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = fn
}

// RequireLogin makes the server offer AUTH PLAIN (on its plain
// connection) and take mail only from a session that logged in as user
// with password; a wrong password gets 535.
func (s *Server) RequireLogin(user, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.login = &[2]string{user, password}
}

// Temporary is a 4xx reply; Permanent a 5xx one.
func Temporary(msg string) error {
	return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: msg}
}

// Permanent is a 5xx reply.
func Permanent(msg string) error {
	return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: msg}
}

// Messages returns what the server accepted, in order.
func (s *Server) Messages() []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Message(nil), s.received...)
}

// To returns the messages accepted for one address.
func (s *Server) To(addr string) []*Message {
	var out []*Message
	for _, m := range s.Messages() {
		for _, to := range m.Rcpt {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

// Wait waits until the server accepted n messages in all, failing the test
// after timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []*Message {
	t.Helper()
	var ms []*Message
	if !poll.Until(timeout, func() bool { ms = s.Messages(); return len(ms) >= n }) {
		t.Fatalf("mailtest: %d messages after %s, want %d", len(ms), timeout, n)
	}
	return ms
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s      *Server
	from   string
	to     []string
	authed bool
}

func (x *session) AuthMechanisms() []string {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.login == nil {
		return nil // no AUTH offered
	}
	return []string{sasl.Plain}
}

func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		x.s.mu.Lock()
		defer x.s.mu.Unlock()
		if x.s.login == nil || *x.s.login != [2]string{user, password} {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication credentials invalid"}
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	login := x.s.login
	x.s.mu.Unlock()
	if login != nil && !x.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	x.s.attempts[strings.ToLower(to)]++
	n, fn := x.s.attempts[strings.ToLower(to)], x.s.rcpt
	x.s.mu.Unlock()
	if fn != nil {
		if err := fn(to, n); err != nil {
			return err
		}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	fn := x.s.data
	x.s.mu.Unlock()
	if fn != nil {
		for _, to := range x.to {
			if err := fn(to); err != nil {
				return err
			}
		}
	}
	m, err := Parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unparseable: " + err.Error()}
	}
	m.From, m.Rcpt = x.from, append([]string(nil), x.to...)
	x.s.mu.Lock()
	x.s.received = append(x.s.received, m)
	x.s.mu.Unlock()
	return nil
}

// Message is a received message, parsed.
type Message struct {
	From   string   // envelope
	Rcpt   []string // envelope
	Raw    []byte
	Header mail.Header
	Parts  []Part // the leaves of the MIME tree, in order
}

// Part is a leaf of a message's MIME tree, decoded.
type Part struct {
	ContentType string // media type without parameters
	Charset     string
	Disposition string // "attachment", "inline" or ""
	Body        string
}

// Subject is the decoded Subject header.
func (m *Message) Subject() string {
	s, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return m.Header.Get("Subject")
	}
	return s
}

// Part returns the first part of a media type, or nil.
func (m *Message) Part(mediaType string) *Part {
	for i := range m.Parts {
		if m.Parts[i].ContentType == mediaType {
			return &m.Parts[i]
		}
	}
	return nil
}

// Text is the plain-text part; HTML the HTML part.
func (m *Message) Text() string {
	if p := m.Part("text/plain"); p != nil {
		return p.Body
	}
	return ""
}

// HTML is the HTML part.
func (m *Message) HTML() string {
	if p := m.Part("text/html"); p != nil {
		return p.Body
	}
	return ""
}

// Parse reads a message with net/mail and walks its MIME tree with
// mime/multipart.
func Parse(raw []byte) (*Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	m := &Message{Raw: raw, Header: msg.Header}
	err = walk(&m.Parts, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"),
		msg.Header.Get("Content-Disposition"), msg.Body)
	return m, err
}

func walk(parts *[]Part, contentType, encoding, disposition string, body io.Reader) error {
	if contentType == "" {
		contentType = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walk(parts, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"),
				p.Header.Get("Content-Disposition"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, newlineStripper{body})
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	disp, _, _ := mime.ParseMediaType(disposition)
	*parts = append(*parts, Part{ContentType: mediaType, Charset: params["charset"], Disposition: disp, Body: string(b)})
	return nil
}

// newlineStripper drops line breaks from base64 text.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	j := 0
	for _, c := range p[:k] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}
