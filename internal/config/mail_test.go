package config

import (
	"strings"
	"testing"
)

func TestMailConfig(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("k", 32)
	c, err := FromEnv(env(map[string]string{"DATABASE_URL": "x"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPURL != nil || c.MailRate != DefaultMailRate || c.SecretKey != "" {
		t.Errorf("defaults: %+v", c.Mail)
	}
	c, err = FromEnv(env(map[string]string{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org", "SECRET_KEY": key,
		"SMTP_URL": "smtp://mailer:hunter2hunter2@smtp.example.org:587", "MAIL_RATE": "60", "MAIL_FROM": "IOM <news@iom.example.org>"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPURL.Host != "smtp.example.org:587" || c.MailRate != 60 || c.SecretKey != key || c.MailFrom != "IOM <news@iom.example.org>" {
		t.Errorf("got %+v", c.Mail)
	}
	if got := c.LogValue().String(); strings.Contains(got, "hunter2") || strings.Contains(got, key) {
		t.Errorf("secret logged: %s", got)
	}
	// A public https site needs SECRET_KEY and SMTP_URL, with demo content
	// too; dev mode generates a key and keeps mail in the outbox.
	for _, ok := range []map[string]string{
		{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org", "DEV": "true"},
		{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org", "DEV": "true", "DEMO": "true"},
		{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org", "DEMO": "true", "SECRET_KEY": key, "SMTP_URL": "smtp://smtp.example.org"},
		{"DATABASE_URL": "x", "BASE_URL": "http://10.0.0.5:8080", "DEMO": "true"},
		{"DATABASE_URL": "x", "BASE_URL": "http://10.0.0.5:8080"},
		{"DATABASE_URL": "x", "SMTP_URL": "smtps://smtp.example.org"},
		{"DATABASE_URL": "x", "SMTP_URL": "smtp://127.0.0.1:2525?tls=none"},
		// A login in clear, to a relay on this machine only.
		{"DATABASE_URL": "x", "SMTP_URL": "smtp://mailer:hunter2hunter2@127.0.0.1:25?tls=none"},
		{"DATABASE_URL": "x", "SMTP_URL": "smtp://mailer:hunter2hunter2@localhost:25?tls=opportunistic"},
		{"DATABASE_URL": "x", "SMTP_URL": "smtp://mailer:hunter2hunter2@[::1]:25?tls=none"},
		{"DATABASE_URL": "x", "SMTP_URL": "smtp://relay.example.org:25?tls=none"},
		{"DATABASE_URL": "x", "SMTP_URL": "smtp://mailer:hunter2hunter2@smtp.example.org:587?tls=required"},
	} {
		if _, err := FromEnv(env(ok)); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	for _, bad := range []map[string]string{
		{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org"},
		{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org", "DEMO": "true"},
		{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org", "DEMO": "true", "SMTP_URL": "smtp://smtp.example.org"},
		{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org", "DEMO": "true", "SECRET_KEY": key},
		{"DATABASE_URL": "x", "SECRET_KEY": "short"},
		{"DATABASE_URL": "x", "SMTP_URL": "http://smtp.example.org"},
		{"DATABASE_URL": "x", "SMTP_URL": "smtp://"},
		{"DATABASE_URL": "x", "MAIL_RATE": "0"},
		{"DATABASE_URL": "x", "MAIL_RATE": "fast"},
		{"DATABASE_URL": "x", "MAIL_FROM": "not an address"},
	} {
		if _, err := FromEnv(env(bad)); err == nil {
			t.Errorf("%v: no error", bad)
		} else if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("password in error: %v", err)
		}
	}
	// A password in clear to another machine: refused at start, saying
	// which variable and what to do, without the password.
	for _, clear := range []string{
		"smtp://mailer:hunter2hunter2@smtp.example.org:587?tls=none",
		"smtp://mailer:hunter2hunter2@smtp.example.org:587?tls=opportunistic",
		"smtp://mailer@10.0.0.7:25?tls=none",
		"smtp://mailer:hunter2hunter2@127.0.0.1.example.org:25?tls=none",
	} {
		_, err := FromEnv(env(map[string]string{"DATABASE_URL": "x", "SMTP_URL": clear}))
		if err == nil || !strings.Contains(err.Error(), "SMTP_URL") || !strings.Contains(err.Error(), "only over TLS") || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: %v", clear, err)
		}
	}
}
