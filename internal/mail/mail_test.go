package mail_test

import (
	"context"
	"errors"
	stdhtml "html"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
	"vestnik/internal/mail"
	"vestnik/internal/mailtest"
	"vestnik/locales"
)

func bundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.New(locales.FS, []string{"en", "ru"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func signer(t *testing.T) *mail.Signer {
	t.Helper()
	s, err := mail.NewSigner([]byte(strings.Repeat("s", 32)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTokens(t *testing.T) {
	t.Parallel()
	s := signer(t)
	other, _ := mail.NewSigner([]byte(strings.Repeat("o", 32)))
	now := time.Now()
	c := mail.Confirmation{Email: "Ana.Petrova@example.org", Lang: "ru", Issued: now.Add(-time.Hour)}
	tok := s.ConfirmToken(c)
	got, err := s.ParseConfirm(tok, now)
	if err != nil || got.Email != c.Email || got.Lang != "ru" || got.Issued.Unix() != c.Issued.Unix() {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	if _, err := s.ParseConfirm(tok, now.Add(mail.ConfirmTTL)); !errors.Is(err, mail.ErrExpiredToken) {
		t.Errorf("after the TTL: %v", err)
	}
	// Tampering with any byte, another key, or another purpose fails.
	bad := []string{"", "x", tok + "x", strings.Replace(tok, ".", "x.", 1), other.ConfirmToken(c), s.ManageToken(7)}
	p, sig, _ := strings.Cut(tok, ".")
	bad = append(bad, p[:len(p)-2]+"AA."+sig)
	for _, b := range bad {
		if _, err := s.ParseConfirm(b, now); !errors.Is(err, mail.ErrBadToken) {
			t.Errorf("ParseConfirm(%q): %v", b, err)
		}
	}
	if id, err := s.ParseManage(s.ManageToken(42)); err != nil || id != 42 {
		t.Errorf("manage: %d %v", id, err)
	}
	for _, b := range []string{tok, other.ManageToken(42), s.ManageToken(0)} {
		if _, err := s.ParseManage(b); !errors.Is(err, mail.ErrBadToken) {
			t.Errorf("ParseManage(%q): %v", b, err)
		}
	}
	if _, err := mail.NewSigner([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
}

func testIssue() mail.Issue {
	n := content.Newsletter{Period: time.Date(2011, 12, 1, 0, 0, 0, 0, time.UTC)}
	n.ID, n.Lang, n.Title, n.Slug = 7, "en", "IOM CA Newsletter – December 2011", "december-2011"
	n.Summary = "Counter-trafficking <news> & more"
	n.Articles = []content.Article{
		{Position: 1, Title: "Turkmenistan: training", BodyHTML: "<p>Law enforcement officers <strong>learned</strong> to identify victims.</p>"},
		{Position: 2, Title: "Kazakhstan: border", BodyHTML: "<p>" + strings.Repeat("Border officers trained. ", 30) + "</p>"},
	}
	n.Edition = &content.Media{SHA256: strings.Repeat("a", 64), Filename: "December 2011.pdf", Size: 120 << 10}
	return mail.Issue{Newsletter: n, Hotlines: []content.Hotline{{E164: "+99312463514", Display: "(12) 46-35-14", Label: "Ashgabat"}}}
}

// TestIssueMessage: the issue's message parses back as a multipart/
// alternative with a plain-text and an HTML part, carries the list
// headers, links everything absolutely and attaches nothing.
func TestIssueMessage(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://iom.example.org")
	s := signer(t)
	c, err := mail.NewComposer(mail.ComposerConfig{Bundle: bundle(t), BaseURL: base, Signer: s})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := c.Issue(testIssue(), mail.Recipient{ID: 5, Email: "reader@example.org"}, false)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := mail.Raw(msg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	h := m.Header
	if !strings.HasPrefix(h.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("content type %q", h.Get("Content-Type"))
	}
	if len(m.Parts) != 2 || m.Parts[0].ContentType != "text/plain" || m.Parts[1].ContentType != "text/html" {
		t.Fatalf("parts %+v", m.Parts)
	}
	for _, p := range m.Parts {
		if p.Disposition == "attachment" || p.Charset != "UTF-8" {
			t.Errorf("part %s: disposition %q charset %q", p.ContentType, p.Disposition, p.Charset)
		}
	}
	unsub := "https://iom.example.org/en/subscription/unsubscribe?t=" + url.QueryEscape(s.ManageToken(5))
	if got := h.Get("List-Unsubscribe"); got != "<"+unsub+">" {
		t.Errorf("List-Unsubscribe %q, want <%s>", got, unsub)
	}
	if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", got)
	}
	if id := h.Get("Message-Id"); !regexp.MustCompile(`^<[0-9a-f]{32}@iom\.example\.org>$`).MatchString(id) || id != "<"+msg.MessageID+">" {
		t.Errorf("Message-ID %q", id)
	}
	if d, err := h.Date(); err != nil || time.Since(d) > time.Minute {
		t.Errorf("Date %q: %v", h.Get("Date"), err)
	}
	if h.Get("List-Id") != "<newsletter.iom.example.org>" || h.Get("Precedence") != "bulk" || h.Get("Content-Language") != "en" {
		t.Errorf("list headers: %v", h)
	}
	if m.Subject() != "IOM CA Newsletter – December 2011" {
		t.Errorf("subject %q", m.Subject())
	}
	if from := h.Get("From"); !strings.Contains(from, "<newsletter@iom.example.org>") {
		t.Errorf("From %q", from)
	}
	html, text := m.HTML(), m.Text()
	// Inline styles only: no style sheet, no script, nothing to fetch.
	for _, bad := range []string{"<style", "<link", "<script", "<img", "url(", "src="} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML part has %q", bad)
		}
	}
	if !strings.Contains(html, `style="`) || !strings.Contains(html, "Counter-trafficking &lt;news&gt; &amp; more") {
		t.Error("HTML part: no inline styles, or the summary is not escaped")
	}
	for _, href := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		if !strings.HasPrefix(href[1], "https://iom.example.org/") && !strings.HasPrefix(href[1], "tel:") {
			t.Errorf("relative or foreign link %q", href[1])
		}
	}
	pdf := "https://iom.example.org/media/" + strings.Repeat("a", 64) + "/December%202011.pdf"
	manage := "https://iom.example.org/en/subscription?t=" + url.QueryEscape(s.ManageToken(5))
	for _, want := range []string{
		"https://iom.example.org/en/newsletters/december-2011#article-1",
		"https://iom.example.org/en/newsletters/december-2011#article-2",
		pdf, manage, "(12) 46-35-14", "December 2011", "learned to identify victims",
	} {
		if !strings.Contains(text, want) || !strings.Contains(html, strings.ReplaceAll(want, "&", "&amp;")) {
			t.Errorf("%q missing from a part", want)
		}
	}
	if strings.Contains(text, "<p>") || strings.Contains(text, "<strong>") {
		t.Error("HTML in the plain-text part")
	}
	if !strings.Contains(text, "…") || strings.Count(text, "Border officers trained.") > 10 {
		t.Error("long article not cut to an excerpt")
	}

	// A test goes to the editor, marked, in the issue's language.
	is := testIssue()
	is.Newsletter.Lang, is.Newsletter.Title = "ru", "Бюллетень — декабрь 2011"
	test, err := c.Issue(is, mail.Recipient{Email: "editor@example.org"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if test.Subject != "[Тест] Бюллетень — декабрь 2011" || !strings.Contains(test.Text, "тестовое письмо") || !strings.Contains(test.Text, "Декабрь 2011") {
		t.Errorf("test message: %q\n%s", test.Subject, test.Text)
	}
	if test.Unsubscribe != "" {
		t.Errorf("a test offers one-click unsubscribe: %q", test.Unsubscribe)
	}

	// Its footer says why the editor has it: not a subscription, a test
	// sent from the admin; in every language of the site.
	b, err := i18n.New(locales.FS, []string{"en", "ru", "tk"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	c, err = mail.NewComposer(mail.ComposerConfig{Bundle: b, BaseURL: base, Signer: s})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "ru", "tk"} {
		tr := b.Get(lang)
		is := testIssue()
		is.Newsletter.Lang = lang
		test, err := c.Issue(is, mail.Recipient{Email: "editor@example.org"}, true)
		if err != nil {
			t.Fatal(err)
		}
		subscribed := tr.Tr("mail.issue.why", "Email", "editor@example.org")
		why := tr.Tr("mail.test.why", "Email", "editor@example.org")
		for part, body := range map[string]string{"text": test.Text, "HTML": stdhtml.UnescapeString(test.HTML)} {
			if strings.Contains(body, subscribed) || !strings.Contains(body, why) {
				t.Errorf("%s test, %s part: the footer says the editor subscribed, or not that it is a test:\n%s", lang, part, body)
			}
		}
		sub, err := c.Issue(is, mail.Recipient{ID: 5, Email: "reader@example.org"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(stdhtml.UnescapeString(sub.HTML), tr.Tr("mail.issue.why", "Email", "reader@example.org")) || strings.Contains(sub.Text, tr.Tr("mail.test.why", "Email", "reader@example.org")) {
			t.Errorf("%s: a subscriber's footer changed:\n%s", lang, sub.Text)
		}
	}
}

func TestConfirmationMessage(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("http://127.0.0.1:8080")
	s := signer(t)
	c, err := mail.NewComposer(mail.ComposerConfig{Bundle: bundle(t), BaseURL: base, Signer: s, From: "news@iom.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := c.Confirmation("new@example.org", "ru")
	if err != nil {
		t.Fatal(err)
	}
	if msg.Unsubscribe != "" || msg.Subject != "Подтвердите подписку на бюллетень МОМ" || !strings.Contains(msg.From, "news@iom.example.org") {
		t.Errorf("confirmation: %+v", msg)
	}
	link := regexp.MustCompile(`http://127\.0\.0\.1:8080/ru/subscribe/confirm\?t=\S+`).FindString(msg.Text)
	u, err := url.Parse(link)
	if err != nil || link == "" {
		t.Fatalf("no confirmation link in\n%s", msg.Text)
	}
	conf, err := s.ParseConfirm(u.Query().Get("t"), time.Now())
	if err != nil || conf.Email != "new@example.org" || conf.Lang != "ru" {
		t.Errorf("link's token: %+v %v", conf, err)
	}
	if !strings.Contains(msg.HTML, `lang="ru"`) || !strings.Contains(msg.Text, "48 часов") {
		t.Errorf("not in Russian:\n%s", msg.Text)
	}
}

var usedID = regexp.MustCompile(`\.(?:Tr|Plural)\s+"([^"]+)"|\b(?:Tr|Plural)\("([a-z0-9_.]+)"`)

// TestCatalogCoversMail: every message ID the email templates and this
// package use is defined in every language.
func TestCatalogCoversMail(t *testing.T) {
	t.Parallel()
	b := bundle(t)
	used := map[string]bool{}
	files, _ := fs.Glob(mail.TemplateFS, "templates/*")
	if len(files) < 5 {
		t.Fatalf("templates: %v", files)
	}
	for _, f := range files {
		data, _ := fs.ReadFile(mail.TemplateFS, f)
		for _, m := range usedID.FindAllStringSubmatch(string(data), -1) {
			used[m[1]+m[2]] = true
		}
	}
	if len(used) < 10 {
		t.Fatalf("only %d IDs found", len(used))
	}
	for _, code := range b.Codes() {
		for id := range used {
			if !b.Get(code).Has(id) {
				t.Errorf("%s: %q is not defined", code, id)
			}
		}
	}
}

// TestSMTP: messages reach a real SMTP server; its 4xx replies are
// temporary, its 5xx permanent, and an unreachable server is temporary.
func TestSMTP(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	base, _ := url.Parse("https://iom.example.org")
	c, _ := mail.NewComposer(mail.ComposerConfig{Bundle: bundle(t), BaseURL: base, Signer: signer(t)})
	tr, err := mail.NewSMTP(srv.URL, "iom.example.org", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	srv.OnRcpt(func(to string, n int) error {
		switch {
		case strings.HasPrefix(to, "busy"):
			return mailtest.Temporary("mailbox busy")
		case strings.HasPrefix(to, "nobody"):
			return mailtest.Permanent("no such user")
		}
		return nil
	})
	for i, to := range []string{"a@example.org", "b@example.org", "busy@example.org", "nobody@example.org", "c@example.org"} {
		msg, _ := c.Confirmation(to, "en")
		err := tr.Send(ctx, msg)
		switch {
		case strings.HasPrefix(to, "busy"):
			if err == nil || !mail.Temporary(err) {
				t.Errorf("%s: %v, want a temporary error", to, err)
			}
		case strings.HasPrefix(to, "nobody"):
			if err == nil || mail.Temporary(err) || !strings.Contains(err.Error(), "550") {
				t.Errorf("%s: %v, want a permanent error", to, err)
			}
		default:
			if err != nil {
				t.Errorf("%d %s: %v", i, to, err)
			}
		}
	}
	got := srv.Messages()
	if len(got) != 3 || got[2].Rcpt[0] != "c@example.org" || got[0].Subject() != "Confirm your subscription to the IOM newsletter" {
		t.Errorf("received %d", len(got))
	}
	tr.Idle()
	// Nobody listening: temporary.
	dead, _ := url.Parse("smtp://127.0.0.1:1?tls=none")
	tr2, _ := mail.NewSMTP(dead, "", time.Second)
	msg, _ := c.Confirmation("a@example.org", "en")
	if err := tr2.Send(ctx, msg); err == nil || !mail.Temporary(err) {
		t.Errorf("unreachable server: %v", err)
	}
	for _, bad := range []string{"http://x", "smtp://x?tls=maybe", "smtp://x:99999"} {
		u, _ := url.Parse(bad)
		if _, err := mail.NewSMTP(u, "", time.Second); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// TestSMTPLogin: a server that refuses the login in SMTP_URL — a wrong
// password (535), or no AUTH offered on its plain connection — gives
// ErrLoginRefused, which is no temporary failure: it was, and each
// message waited hours of retries to fail.
func TestSMTPLogin(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://iom.example.org")
	c, _ := mail.NewComposer(mail.ComposerConfig{Bundle: bundle(t), BaseURL: base, Signer: signer(t)})
	msg, _ := c.Confirmation("a@example.org", "en")
	send := func(srv *mailtest.Server, user *url.Userinfo) error {
		u := *srv.URL
		u.User = user
		tr, err := mail.NewSMTP(&u, "iom.example.org", 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Idle()
		return tr.Send(context.Background(), msg)
	}
	srv := mailtest.Start(t)
	srv.RequireLogin("mailer", "right password")
	if err := send(srv, url.UserPassword("mailer", "right password")); err != nil {
		t.Fatalf("the right login: %v", err)
	}
	if err := send(srv, url.UserPassword("mailer", "wrong password")); !errors.Is(err, mail.ErrLoginRefused) || mail.Temporary(err) || !strings.Contains(err.Error(), "535") {
		t.Errorf("a wrong password: %v", err)
	}
	if err := send(mailtest.Start(t), url.UserPassword("mailer", "right password")); !errors.Is(err, mail.ErrLoginRefused) || mail.Temporary(err) {
		t.Errorf("no AUTH offered: %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages accepted, want 1", n)
	}
}
