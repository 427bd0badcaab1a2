package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// Mail is the configuration of outgoing email and subscription links.
type Mail struct {
	// SecretKey signs the links of subscription mail (SECRET_KEY, at
	// least 32 characters). Required for a public site (Public);
	// elsewhere, when unset, Vestnik generates one and keeps it in the
	// database.
	SecretKey string
	// SMTPURL is the server mail goes through (SMTP_URL, smtp:// or
	// smtps://); nil keeps messages in the development outbox.
	SMTPURL *url.URL
	// MailFrom is the sender (MAIL_FROM: "address" or "Name <address>");
	// empty means newsletter@ the host of BASE_URL.
	MailFrom string
	// MailRate caps the messages one instance sends per minute
	// (MAIL_RATE, default 300).
	MailRate int
}

// DefaultMailRate is MAIL_RATE's default, in messages per minute.
const DefaultMailRate = 300

// readMail reads the mail settings into c. BaseURL and Dev must be read
// already.
func (c *Config) readMail(getenv func(string) string) []error {
	var errs []error
	c.SecretKey = getenv("SECRET_KEY")
	switch {
	case c.SecretKey != "" && len(c.SecretKey) < 32:
		errs = append(errs, errors.New("SECRET_KEY must have at least 32 characters (try: openssl rand -hex 32)"))
	case c.SecretKey == "" && c.Public():
		errs = append(errs, errors.New("SECRET_KEY is required for a public https site (DEMO=true included): it signs the links in subscription mail (try: openssl rand -hex 32)"))
	}
	if v := getenv("SMTP_URL"); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			errs = append(errs, fmt.Errorf("SMTP_URL %q: use smtp://user:password@host:587 or smtps://user:password@host:465", Redact(v)))
		} else if err := plainLogin(u); err != nil {
			errs = append(errs, err)
		} else {
			c.SMTPURL = u
		}
	} else if c.Public() {
		// Instances share one mail queue: one without a server would
		// take real subscribers' mail and file it in the development
		// outbox, as sent.
		errs = append(errs, errors.New("SMTP_URL is required for a public https site (DEMO=true included), the same on every instance: without it, mail to subscribers would be filed in the development outbox, not sent"))
	}
	if v := getenv("MAIL_FROM"); v != "" {
		if _, err := mail.ParseAddress(v); err != nil {
			errs = append(errs, fmt.Errorf("MAIL_FROM %q: use an address such as newsletter@example.org", v))
		}
		c.MailFrom = v
	}
	c.MailRate = DefaultMailRate
	if v := getenv("MAIL_RATE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			errs = append(errs, fmt.Errorf("MAIL_RATE=%q: use a whole number of messages per minute from 1 to 100000", v))
		}
		c.MailRate = n
	}
	return errs
}

// plainLogin refuses an SMTP_URL that would log in without TLS: a user
// and password with tls=none or tls=opportunistic (where whoever is in the
// path can strip STARTTLS) to a server on another machine. The password
// would cross the network in clear, or, as most servers and the mail
// library refuse that, every message would wait for hours of retries to
// fail. A relay on this machine (localhost, 127.0.0.1, ::1) may take it.
func plainLogin(u *url.URL) error {
	if u.Scheme != "smtp" || u.User == nil || u.User.Username() == "" {
		return nil
	}
	tls := u.Query().Get("tls")
	if tls != "none" && tls != "opportunistic" {
		return nil
	}
	// The names the mail library sends a password in clear to (and no
	// other loopback address: it would refuse them).
	host := u.Hostname()
	if ip := net.ParseIP(host); strings.EqualFold(host, "localhost") || ip.Equal(net.IPv4(127, 0, 0, 1)) || ip.Equal(net.IPv6loopback) {
		return nil
	}
	return fmt.Errorf("SMTP_URL %q: a user and password go only over TLS to a server on another machine: drop tls=%s (STARTTLS is then required) or use smtps://user:password@%s:465; tls=none and tls=opportunistic are for a relay on this machine", u.Redacted(), tls, host)
}

// smtpName is SMTP_URL for the logs: without its password.
func (c *Config) smtpName() string {
	if c.SMTPURL == nil {
		return "(development outbox)"
	}
	return c.SMTPURL.Redacted()
}
