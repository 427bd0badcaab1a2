package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"vestnik/internal/config"
	"vestnik/internal/i18n"
	"vestnik/internal/mail"
	"vestnik/internal/store"
)

// mailer is the wired mail side: the link signer the web server checks
// links with, and the background sender.
type mailer struct {
	signer *mail.Signer
	server string // the SMTP server, redacted; "" for the development outbox
	sender *mail.Sender
	done   chan struct{}
}

// newMailer builds the signer (SECRET_KEY, or a key generated once and kept
// in the database), the transport (SMTP_URL, or the development outbox)
// and the sender.
func newMailer(ctx context.Context, cfg *config.Config, st *store.Store, bundle *i18n.Bundle, log *slog.Logger) (*mailer, error) {
	signer, generated, err := mail.SignerFor(ctx, st, cfg.SecretKey)
	if err != nil {
		return nil, err
	}
	if generated {
		log.Info("SECRET_KEY is not set: subscription links are signed with a key generated once and kept in the database")
	}
	m := &mailer{signer: signer, done: make(chan struct{})}
	var transport mail.Transport = &mail.Outbox{Store: st}
	if cfg.SMTPURL != nil {
		smtp, err := mail.NewSMTP(cfg.SMTPURL, cfg.BaseURL.Hostname(), 30*time.Second)
		if err != nil {
			return nil, err
		}
		transport, m.server = smtp, smtp.String()
	}
	composer, err := mail.NewComposer(mail.ComposerConfig{Bundle: bundle, BaseURL: cfg.BaseURL, From: cfg.MailFrom, Signer: signer})
	if err != nil {
		return nil, err
	}
	m.sender, err = mail.NewSender(mail.SenderConfig{Store: st, Transport: transport, Composer: composer, Logger: log, Rate: cfg.MailRate})
	if err != nil {
		return nil, err
	}
	log.Info("mail", "transport", fmt.Sprint(transport), "rate_per_minute", cfg.MailRate)
	return m, nil
}

// run sends until ctx ends.
func (m *mailer) run(ctx context.Context) {
	defer close(m.done)
	m.sender.Run(ctx)
}

// wait lets the sender finish the message it is sending, within ctx.
func (m *mailer) wait(ctx context.Context) {
	select {
	case <-m.done:
	case <-ctx.Done():
	}
}
