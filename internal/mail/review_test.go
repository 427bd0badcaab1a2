package mail_test

import (
	"net/url"
	"strings"
	"testing"

	"vestnik/internal/mail"
	"vestnik/internal/store"
)

// TestReviewMessage: a review notice is written in its reader's admin
// language (the default one when the site no longer offers theirs), names
// the entry, its language and who acted, links to the entry's admin page
// and, approved and live, to the text on the site; a comment sent back is
// in both parts, escaped in the HTML one.
func TestReviewMessage(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://iom.example.org")
	c, err := mail.NewComposer(mail.ComposerConfig{Bundle: bundle(t), BaseURL: base, Signer: signer(t)})
	if err != nil {
		t.Fatal(err)
	}
	subject := store.ReviewSubject{Title: "Hotline <trainers>", Path: "/en/news/hotline-trainers"}
	for _, tc := range []struct {
		lang, event, comment string
		subject, want        string
		public               bool
	}{
		{"ru", store.NoticeSubmitted, "", "На проверку: Hotline <trainers> (английский)", "Отправитель: Translator", false},
		{"tk", store.NoticeSubmitted, "", "For review: Hotline <trainers> (English)", "Submitted by: Translator", false},
		{"en", store.NoticeReturned, "Check the <b>names</b>.", "Sent back: Hotline <trainers> (English)", "Check the <b>names</b>.", false},
		{"ru", store.NoticeApproved, "", "Одобрено: Hotline <trainers> (английский)", "Проверяющий: Translator", true},
	} {
		n := store.ReviewNotice{EntryID: 42, Lang: "en", Event: tc.event, Actor: "Translator", Comment: tc.comment}
		m, err := c.Review(mail.Review{To: "ed@example.org", Lang: tc.lang, Notice: n, Subject: subject})
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != tc.subject || !strings.Contains(m.Text, tc.want) || m.To != "ed@example.org" {
			t.Errorf("%s %s: %q\n%s", tc.lang, tc.event, m.Subject, m.Text)
		}
		if !strings.Contains(m.Text, "https://iom.example.org/admin/entries/42#lang-en") ||
			!strings.Contains(m.HTML, `href="https://iom.example.org/admin/entries/42#lang-en"`) ||
			!strings.Contains(m.Text, "https://iom.example.org/admin/account") {
			t.Errorf("%s %s: links\n%s", tc.lang, tc.event, m.Text)
		}
		if strings.Contains(m.Text, "https://iom.example.org/en/news/hotline-trainers") != tc.public {
			t.Errorf("%s %s: public link shown %v, want %v", tc.lang, tc.event, !tc.public, tc.public)
		}
		if strings.Contains(m.HTML, "<trainers>") || strings.Contains(m.HTML, "<b>names") {
			t.Errorf("%s %s: unescaped HTML", tc.lang, tc.event)
		}
	}
	if _, err := c.Review(mail.Review{To: "ed@example.org", Lang: "en", Notice: store.ReviewNotice{EntryID: 1, Lang: "en", Event: "nonsense"}}); err == nil {
		t.Error("an unknown event composed")
	}
}
