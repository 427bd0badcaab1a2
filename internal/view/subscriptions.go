package view

import (
	"time"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
)

// Subscribe is the data of the sign-up page and of what a sign-up leads
// to. State is "form", "sent" or "limited".
type Subscribe struct {
	Base
	Words   SubscribeWords
	State   string
	Email   string // as typed
	Choice  string // the language picked for the newsletter
	Langs   []Link // every language of the site: Lang and its own Name
	Error   string // translated: why the address was refused
	Message string // translated: the state's message when it has numbers
}

// SubscribeConfirm is the data of the page a confirmation link leads to.
// State is "ask" (the page the link opens: one button, the same for
// everyone), "done", "expired", "withdrawn" (the address left the list
// after the link was mailed) or "invalid".
type SubscribeConfirm struct {
	Base
	Words     SubscribeWords
	State     string
	Message   string // translated: what was confirmed
	ManageURL string // done: the subscriber's own page
}

// Subscription is the data of a subscriber's page, reached from a signed
// link in every issue. State is "ask" (what the link opens: the same for
// everyone), "show" (after the subscriber acted), "unsubscribed", "gone"
// (the address was erased) or "invalid".
type Subscription struct {
	Base
	Words  SubscribeWords
	State  string
	Active bool
	Status string // translated: address, status and language
	Done   string // translated: what was just done
	Choice string // the subscriber's language
	Langs  []Link
}

// SubscribeWords are the words of the subscription pages (sign-up,
// confirmation, a subscriber's own page) in their language.
type SubscribeWords struct {
	Intro, Email, Lang, Button, SentText, ManageLink             string
	ConfirmText, ConfirmButton, ExpiredText, InvalidText, SignUp string
	WithdrawnText                                                string
	ManageText, LangButton, GoneText, UnsubscribedText           string
	UnsubscribeHint, Unsubscribe, Resubscribe                    string
	SignUpHref                                                   string
}

// NewSubscribe starts the sign-up page's data in a state, with its words
// in b's language (so no page of the three can lack them).
func NewSubscribe(b Base, state string) Subscribe {
	return Subscribe{Base: b, Words: NewSubscribeWords(b.T), State: state}
}

// NewSubscribeConfirm starts a confirmation page's data in a state.
func NewSubscribeConfirm(b Base, state string) SubscribeConfirm {
	return SubscribeConfirm{Base: b, Words: NewSubscribeWords(b.T), State: state}
}

// NewSubscription starts a subscriber's page data in a state.
func NewSubscription(b Base, state string) Subscription {
	return Subscription{Base: b, Words: NewSubscribeWords(b.T), State: state}
}

// NewSubscribeWords resolves the subscription pages' words in t's
// language.
func NewSubscribeWords(t *i18n.Localizer) SubscribeWords {
	return SubscribeWords{
		Intro: t.Tr("subscribe.intro"), Email: t.Tr("subscribe.email"), Lang: t.Tr("subscribe.lang"), Button: t.Tr("subscribe.button"),
		SentText: t.Tr("subscribe.sent.text"), ManageLink: t.Tr("subscribe.manage_link"),
		ConfirmText: t.Tr("subscribe.confirm.text"), ConfirmButton: t.Tr("subscribe.confirm.button"), WithdrawnText: t.Tr("subscribe.withdrawn.text"),
		ExpiredText: t.Tr("subscribe.expired.text"), InvalidText: t.Tr("subscribe.invalid.text"), SignUp: t.Tr("subscribe.title"),
		ManageText: t.Tr("subscribe.manage.text"), LangButton: t.Tr("subscribe.manage.lang_button"), GoneText: t.Tr("subscribe.gone.text"),
		UnsubscribedText: t.Tr("subscribe.unsubscribed.text"), UnsubscribeHint: t.Tr("subscribe.manage.unsubscribe_hint"),
		Unsubscribe: t.Tr("subscribe.manage.unsubscribe"), Resubscribe: t.Tr("subscribe.manage.resubscribe"),
		SignUpHref: content.SectionPath(t.Lang, "subscribe"),
	}
}

// NewsletterSend is the data of an issue's send page.
type NewsletterSend struct {
	AdminBase
	ID         int64
	IssueTitle string
	Published  bool
	Langs      []SendLang
	Problems   []MailProblem
	Running    bool   // messages still waiting: the page refreshes itself
	Server     string // where mail goes; "" for the development outbox
	Rate       int    // messages a minute, 0 when unknown
	CanSend    bool   // some language has a translation and subscribers to reach
}

// SendLang is one language of an issue's send page.
type SendLang struct {
	Code, Name  string
	Title       string // the issue's title in it; "" when not translated
	Subscribers int    // active subscribers of the language
	Pending     int
	Sent        int
	Failed      int
	Skipped     int
	Queued      bool // the issue was ever sent in it
	// Changes: it has unpublished changes, which a send leaves out.
	Changes bool
}

// MailProblem is a message that failed, or waits to be retried.
type MailProblem struct {
	To       string
	Lang     string
	Failed   bool // for good; otherwise it will be retried
	Attempts int
	Error    string
	When     time.Time // the last attempt
	NextTry  time.Time
}

// SubscriberList is the data of the admin's list of subscribers.
type SubscriberList struct {
	AdminBase
	Query      string
	Status     string
	LangFilter string
	Counts     []SubscriberCount
	Rows       []SubscriberRow
	Total      int
	Prev, Next string // page links, empty at the ends
	ExportURL  string
	Filtered   bool
}

// SubscriberCount is how many subscribers a language has.
type SubscriberCount struct {
	Lang, Name           string
	Active, Unsubscribed int
}

// SubscriberRow is a subscriber in the admin's list and page.
type SubscriberRow struct {
	ID             int64
	Email          string
	Lang, LangName string
	Status         string // active, unsubscribed
	ConfirmedAt    time.Time
	UnsubscribedAt *time.Time
	CreatedAt      time.Time
}

// SubscriberItem is the data of one subscriber's admin page.
type SubscriberItem struct {
	AdminBase
	Subscriber SubscriberRow
}

// OutboxList is the data of the development outbox.
type OutboxList struct {
	AdminBase
	Server string // where mail goes when SMTP is configured
	Rows   []OutboxRow
}

// OutboxRow is a kept message.
type OutboxRow struct {
	ID        int64
	To        string
	Subject   string
	MessageID string
	When      time.Time
}

// OutboxItem is the data of one kept message.
type OutboxItem struct {
	AdminBase
	OutboxRow
	Text  string
	Raw   string
	Links []string // the http(s) links of the plain-text part
}
