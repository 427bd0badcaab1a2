package sitetest

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"vestnik/internal/i18n"
	"vestnik/internal/mail"
	"vestnik/internal/mailtest"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/locales"
)

// StartSender runs the background sender on st, delivering through tr,
// with links to base, until the test ends.
func StartSender(t *testing.T, st *store.Store, tr mail.Transport, base string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	bundle, err := i18n.New(locales.FS, []string{"en", "ru"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	sg, _, err := mail.SignerFor(ctx, st, "")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	c, err := mail.NewComposer(mail.ComposerConfig{Bundle: bundle, BaseURL: u, Signer: sg})
	if err != nil {
		t.Fatal(err)
	}
	s, err := mail.NewSender(mail.SenderConfig{Store: st, Transport: tr, Composer: c, Poll: 10 * time.Millisecond,
		RetryBase: 20 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// MailEnv is the site with a sender delivering to a real SMTP
// server in the test process.
type MailEnv struct {
	*Env
	SMTP   *mailtest.Server
	Signer *mail.Signer
}

// NewMail builds the site with a sender that delivers to a real SMTP
// server in the test process.
func NewMail(t *testing.T, cache *pagecache.Cache) *MailEnv {
	t.Helper()
	e := NewWith(t, Options{Cache: cache})
	srv := mailtest.Start(t)
	tr, err := mail.NewSMTP(srv.URL, "vestnik.example.org", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	StartSender(t, e.Store, tr, BaseURL)
	sg, _, err := mail.SignerFor(context.Background(), e.Store, "")
	if err != nil {
		t.Fatal(err)
	}
	return &MailEnv{Env: e, SMTP: srv, Signer: sg}
}

// Subscriber returns the subscriber with an address, or fails.
func (e *MailEnv) Subscriber(email string) store.Subscriber {
	e.T.Helper()
	subs, _, err := e.Store.Subscribers(context.Background(), store.SubscriberFilter{Query: email})
	if err != nil || len(subs) != 1 {
		e.T.Fatalf("subscriber %s: %v %v", email, subs, err)
	}
	return subs[0]
}

// QueueDone waits until the mail queue has nothing left to send: then no
// more messages arrive.
func (e *MailEnv) QueueDone(t testing.TB) {
	t.Helper()
	Eventually(t, time.Minute, "the mail queue done", func() bool {
		return Count(e.Env, `SELECT count(*) FROM mail_queue WHERE status = 'pending'`) == 0
	})
}
