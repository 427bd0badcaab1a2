package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
	"vestnik/internal/picture"
)

// TemplateFS holds the email templates: layout.html around each HTML part,
// and <kind>.html and <kind>.txt for each kind of message.
//
//go:embed templates/*.html templates/*.txt
var TemplateFS embed.FS

// kinds are the messages the composer makes, each with an HTML and a
// plain-text template in templates/.
var kinds = []string{"confirm", "issue", "review"}

// Composer builds messages in their reader's language. Every link in them
// is absolute, from BASE_URL.
type Composer struct {
	bundle   *i18n.Bundle
	base     string // BASE_URL, without a trailing slash
	host     string // BASE_URL's host name, for Message-ID and List-Id
	from     netmail.Address
	signer   *Signer
	html     map[string]*htmltemplate.Template
	text     map[string]*texttemplate.Template
	now      func() time.Time
	excerpts int // how many characters of each article the issue shows
}

// ComposerConfig is what a Composer needs.
type ComposerConfig struct {
	Bundle  *i18n.Bundle
	BaseURL *url.URL
	// From is the sender: "address" or "Name <address>". Without a name,
	// the site's name in the message's language is used; empty means
	// newsletter@ the host of BASE_URL.
	From   string
	Signer *Signer
}

// NewComposer parses the templates; a broken one fails here, at start.
func NewComposer(cfg ComposerConfig) (*Composer, error) {
	if cfg.Bundle == nil || cfg.BaseURL == nil || cfg.Signer == nil {
		return nil, errors.New("mail: incomplete composer config")
	}
	c := &Composer{
		bundle: cfg.Bundle, base: strings.TrimRight(cfg.BaseURL.String(), "/"), host: cfg.BaseURL.Hostname(),
		signer: cfg.Signer, html: map[string]*htmltemplate.Template{}, text: map[string]*texttemplate.Template{},
		now: time.Now, excerpts: 220,
	}
	from := cfg.From
	if from == "" {
		from = "newsletter@" + c.host
	}
	a, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address %q: %w", from, err)
	}
	c.from = *a
	for _, k := range kinds {
		h, err := htmltemplate.ParseFS(TemplateFS, "templates/layout.html", "templates/"+k+".html")
		if err != nil {
			return nil, fmt.Errorf("mail: %w", err)
		}
		t, err := texttemplate.ParseFS(TemplateFS, "templates/"+k+".txt")
		if err != nil {
			return nil, fmt.Errorf("mail: %w", err)
		}
		c.html[k], c.text[k] = h, t
	}
	return c, nil
}

// message renders kind's two parts with data and fills in the headers
// every message has.
func (c *Composer) message(kind, to, lang, subject string, data any) (*Message, error) {
	var h, t bytes.Buffer
	if err := c.html[kind].ExecuteTemplate(&h, "layout", data); err != nil {
		return nil, &PermanentError{fmt.Errorf("mail: %s html: %w", kind, err)}
	}
	if err := c.text[kind].ExecuteTemplate(&t, "body", data); err != nil {
		return nil, &PermanentError{fmt.Errorf("mail: %s text: %w", kind, err)}
	}
	from := c.from
	if from.Name == "" {
		from.Name = c.bundle.Get(lang).Tr("site.name")
	}
	return &Message{
		From: from.String(), To: to, Subject: subject, Lang: lang,
		Text: strings.TrimSpace(t.String()) + "\n", HTML: h.String(),
		MessageID: newMessageID(c.host), Date: c.now(),
	}, nil
}

// common is what every message's templates see.
type common struct {
	T        *i18n.Localizer
	Lang     string
	Subject  string
	SiteURL  string
	Email    string
	Hotlines []content.Hotline
}

func (c *Composer) localizer(lang string) (*i18n.Localizer, error) {
	t := c.bundle.Get(lang)
	if t == nil {
		return nil, &PermanentError{fmt.Errorf("mail: no language %q", lang)}
	}
	return t, nil
}

// ConfirmURL is where a confirmation link leads.
func (c *Composer) ConfirmURL(conf Confirmation) string {
	return c.base + "/" + conf.Lang + "/subscribe/confirm?t=" + url.QueryEscape(c.signer.ConfirmToken(conf))
}

// ManageURL is a subscriber's page to change language or unsubscribe.
func (c *Composer) ManageURL(lang string, subscriberID int64) string {
	u := c.base + "/" + lang + "/subscription"
	if subscriberID > 0 {
		u += "?t=" + url.QueryEscape(c.signer.ManageToken(subscriberID))
	}
	return u
}

// UnsubscribeURL is a subscriber's RFC 8058 one-click address.
func (c *Composer) UnsubscribeURL(lang string, subscriberID int64) string {
	u := c.base + "/" + lang + "/subscription/unsubscribe"
	if subscriberID > 0 {
		u += "?t=" + url.QueryEscape(c.signer.ManageToken(subscriberID))
	}
	return u
}

type confirmData struct {
	common
	ConfirmURL string
	Hours      int
}

// Confirmation is the double opt-in message: a signed link, valid for
// ConfirmTTL, that subscribes to in lang when its owner clicks it.
func (c *Composer) Confirmation(to, lang string) (*Message, error) {
	t, err := c.localizer(lang)
	if err != nil {
		return nil, err
	}
	subject := t.Tr("mail.confirm.subject")
	data := confirmData{
		common:     common{T: t, Lang: lang, Subject: subject, SiteURL: c.base + "/" + lang + "/", Email: to},
		ConfirmURL: c.ConfirmURL(Confirmation{Email: to, Lang: lang, Issued: c.now()}),
		Hours:      int(ConfirmTTL / time.Hour),
	}
	return c.message("confirm", to, lang, subject, data)
}

// Issue is a newsletter issue in one language as its message shows it.
type Issue struct {
	Newsletter content.Newsletter // with its articles
	Hotlines   []content.Hotline
}

// Recipient is who an issue goes to: a subscriber, or (ID 0) the editor
// who asked for a test.
type Recipient struct {
	ID    int64
	Email string
}

type issueData struct {
	common
	Test      bool
	Period    string
	Title     string
	Summary   string
	IssueURL  string
	Articles  []articleLink
	Edition   *editionLink
	ManageURL string
}

// hotlinesPlaceholder is where a text shows the hotline numbers on the
// site (view.HotlinesPlaceholder).
const hotlinesPlaceholder = "{{hotlines}}"

type articleLink struct {
	Title, URL, Excerpt string
}

type editionLink struct {
	URL, Size string
}

// Issue is an issue's message to one recipient: the article list with
// links, the PDF edition linked (not attached), the hotline, and links to
// manage or end the subscription, with the RFC 8058 one-click header.
func (c *Composer) Issue(is Issue, to Recipient, test bool) (*Message, error) {
	n := is.Newsletter
	t, err := c.localizer(n.Lang)
	if err != nil {
		return nil, err
	}
	subject := n.Title
	if test {
		subject = t.Tr("mail.test.subject", "Subject", n.Title)
	}
	issueURL := c.base + content.EntryPath(n.Lang, content.KindNewsletter, n.Slug, "")
	data := issueData{
		common: common{T: t, Lang: n.Lang, Subject: subject, SiteURL: c.base + "/" + n.Lang + "/",
			Email: to.Email, Hotlines: is.Hotlines},
		Test: test, Period: t.Period(n.Period), Title: n.Title, Summary: n.Summary, IssueURL: issueURL,
		ManageURL: c.ManageURL(n.Lang, to.ID),
	}
	for _, a := range n.Articles {
		data.Articles = append(data.Articles, articleLink{
			Title: a.Title, URL: issueURL + "#article-" + strconv.Itoa(a.Position), Excerpt: excerpt(a.BodyHTML, c.excerpts),
		})
	}
	if m := n.Edition; m != nil {
		// The same address as the site's media links (web.mediaPath).
		data.Edition = &editionLink{URL: c.base + "/media/" + m.SHA256 + "/" + url.PathEscape(m.Filename), Size: t.Size(m.Size)}
	}
	msg, err := c.message("issue", to.Email, n.Lang, subject, data)
	if err != nil {
		return nil, err
	}
	// A test goes to an editor, who subscribed to nothing: no one-click
	// unsubscribe (a mail client's Unsubscribe button would post a link
	// without a subscriber, refused).
	if !test {
		msg.Unsubscribe = c.UnsubscribeURL(n.Lang, to.ID)
	}
	msg.ListID = "<newsletter." + c.host + ">"
	return msg, nil
}

// inlineTags are the elements that run on inside a line of text: no
// space at their edges ("<strong>24 hours</strong>." is "24 hours.").
var inlineTags = map[string]bool{"a": true, "abbr": true, "b": true, "code": true, "em": true, "i": true,
	"mark": true, "s": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true, "u": true}

// excerpt is the start of an article's text, at most max characters, cut
// at a word. The hotline placeholder goes (the message lists the numbers
// at its end).
func excerpt(body string, max int) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(picture.Expand(body, "", "", nil)))
	for b.Len() < max*4 {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); !inlineTags[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
	text := strings.Join(strings.Fields(strings.ReplaceAll(b.String(), hotlinesPlaceholder, " ")), " ")
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	r := []rune(text)[:max]
	cut := len(r)
	for i := len(r) - 1; i > max/2; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(r[:cut]), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}
