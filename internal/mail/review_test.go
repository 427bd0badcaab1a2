package mail_test

import (
	stdhtml "html"
	"net/url"
	"strings"
	"testing"
	"time"

	"vestnik/internal/i18n"
	"vestnik/internal/mail"
	"vestnik/internal/store"
	"vestnik/locales"
)

// TestReviewMessage: a review notice is written in its reader's admin
// language (the default one when the site no longer offers theirs), names
// the entry, its language and who acted, links to the entry's admin page
// and, approved and live, to the text on the site (deleted with its entry,
// to neither); a comment sent back is in both parts, escaped in the HTML
// one.
func TestReviewMessage(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://iom.example.org")
	c, err := mail.NewComposer(mail.ComposerConfig{Bundle: bundle(t), BaseURL: base, Signer: signer(t)})
	if err != nil {
		t.Fatal(err)
	}
	subject := store.ReviewSubject{Title: "Hotline <trainers>", Paths: []store.LangPath{{Lang: "en", Path: "/en/news/hotline-trainers"}}}
	for _, tc := range []struct {
		lang, event, comment string
		subject, want        string
		public               bool
	}{
		{"ru", store.NoticeSubmitted, "", "На проверку: Hotline <trainers> (английский)", "Отправитель: Translator", false},
		{"tk", store.NoticeSubmitted, "", "For review: Hotline <trainers> (English)", "Submitted by: Translator", false},
		{"en", store.NoticeReturned, "Check the <b>names</b>.\r\nAnd the dates.", "Sent back: Hotline <trainers> (English)", "Check the <b>names</b>.", false},
		{"ru", store.NoticeApproved, "", "Одобрено: Hotline <trainers> (английский)", "Проверяющий: Translator", true},
		{"en", store.NoticePublished, "", "Published without review: Hotline <trainers> (English)", "Editor: Translator", true},
		{"ru", store.NoticePublished, "", "Опубликовано без проверки: Hotline <trainers> (английский)", "сравните текст на сайте", true},
		{"en", store.NoticeWithdrawn, "", "Withdrawn from review: Hotline <trainers> (English)", "none of it went on the website", false},
		{"ru", store.NoticeWithdrawn, "", "Снято с проверки: Hotline <trainers> (английский)", "Редактор: Translator", false},
	} {
		n := store.ReviewNotice{EntryID: 42, Langs: []string{"en"}, Event: tc.event, Actor: "Translator", Comment: tc.comment}
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
		// A comment's lines keep apart in every client: Outlook ignores
		// white-space: pre-wrap, so they are broken with <br>.
		if tc.comment != "" && !strings.Contains(m.HTML, "names&lt;/b&gt;.<br>And the dates.") {
			t.Errorf("%s %s: the comment's lines in HTML:\n%s", tc.lang, tc.event, m.HTML)
		}
	}
	// Deleted with its entry: nothing left to link to.
	n := store.ReviewNotice{Langs: []string{"en"}, Event: store.NoticeDeleted, Actor: "Editor", Title: "Hotline <trainers>"}
	m, err := c.Review(mail.Review{To: "tr@example.org", Lang: "ru", Notice: n, Subject: store.ReviewSubject{Title: n.Title}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Удалено: Hotline <trainers> (английский)" || !strings.Contains(m.Text, "удалили из корзины насовсем") ||
		!strings.Contains(m.Text, "Редактор: Editor") || strings.Contains(m.Text, "/admin/entries/") || strings.Contains(m.HTML, "/admin/entries/") ||
		strings.Contains(m.Text, "Открыть материал") {
		t.Errorf("deleted: %q\n%s", m.Subject, m.Text)
	}
	if _, err := c.Review(mail.Review{To: "ed@example.org", Lang: "en", Notice: store.ReviewNotice{EntryID: 1, Langs: []string{"en"}, Event: "nonsense"}}); err == nil {
		t.Error("an unknown event composed")
	}
}

// TestReviewMessageLanguages: a notice of several languages names them
// all, in its reader's language, in the subject and the body, and links
// to each text live on the site by its language.
func TestReviewMessageLanguages(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://iom.example.org")
	c, err := mail.NewComposer(mail.ComposerConfig{Bundle: bundle(t), BaseURL: base, Signer: signer(t)})
	if err != nil {
		t.Fatal(err)
	}
	subject := store.ReviewSubject{Title: "Горячая линия", Paths: []store.LangPath{
		{Lang: "ru", Path: "/ru/news/goryachaya-liniya"}, {Lang: "tk", Path: "/tk/news/ishonc-telefony"}}}
	n := store.ReviewNotice{EntryID: 7, Langs: []string{"ru", "tk"}, Event: store.NoticeApproved, Actor: "Chief"}
	for _, tc := range []struct{ lang, subject, languages, view string }{
		{"en", "Approved: Горячая линия (Russian, Turkmen)", "Languages: Russian, Turkmen", "See it on the website (Turkmen):\nhttps://iom.example.org/tk/news/ishonc-telefony"},
		{"ru", "Одобрено: Горячая линия (русский, туркменский)", "Языки: русский, туркменский", "Посмотреть на сайте (русский):\nhttps://iom.example.org/ru/news/goryachaya-liniya"},
	} {
		m, err := c.Review(mail.Review{To: "tr@example.org", Lang: tc.lang, Notice: n, Subject: subject})
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != tc.subject || !strings.Contains(m.Text, tc.languages) || !strings.Contains(m.Text, tc.view) ||
			!strings.Contains(m.Text, "https://iom.example.org/admin/entries/7#lang-ru") {
			t.Errorf("%s: %q\n%s", tc.lang, m.Subject, m.Text)
		}
	}
}

// TestReviewMessageLanguageOff: a text live in a language turned off is
// not linked on the site (no visitor can open it); the notice says, in
// every admin language, that visitors see it once the language is on,
// beside the link to the entry in the admin.
func TestReviewMessageLanguageOff(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://iom.example.org")
	b, err := i18n.New(locales.FS, []string{"en", "ru", "tk"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	c, err := mail.NewComposer(mail.ComposerConfig{Bundle: b, BaseURL: base, Signer: signer(t)})
	if err != nil {
		t.Fatal(err)
	}
	subject := store.ReviewSubject{Title: "Горячая линия", Paths: []store.LangPath{{Lang: "ru", Path: "/ru/news/goryachaya-liniya"}}, Off: []string{"tk"}}
	n := store.ReviewNotice{EntryID: 7, Langs: []string{"ru", "tk"}, Event: store.NoticePublished}
	for _, lang := range []string{"en", "ru", "tk"} {
		tr := b.Get(lang)
		m, err := c.Review(mail.Review{To: "tr@example.org", Lang: lang, Notice: n, Subject: subject})
		if err != nil {
			t.Fatal(err)
		}
		off := tr.Tr("mail.review.language_off", "Language", tr.Tr("language.tk"))
		for part, body := range map[string]string{"text": m.Text, "HTML": stdhtml.UnescapeString(m.HTML)} {
			if !strings.Contains(body, off) || strings.Contains(body, "/tk/news") || !strings.Contains(body, "https://iom.example.org/ru/news/goryachaya-liniya") ||
				!strings.Contains(body, "https://iom.example.org/admin/entries/7#lang-ru") {
				t.Errorf("%s, %s part:\n%s", lang, part, body)
			}
		}
	}
}
