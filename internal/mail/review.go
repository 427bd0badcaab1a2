package mail

import (
	"fmt"
	"strconv"
	"strings"

	"vestnik/internal/store"
)

// Review is a review notice as its message shows it.
type Review struct {
	To      string
	Lang    string // the recipient's admin language: the message's
	Notice  store.ReviewNotice
	Subject store.ReviewSubject
}

type reviewData struct {
	common
	Heading       string // a message ID
	Note          string // a message ID, or ""
	LanguageLabel string // a message ID
	ActorLabel    string // a message ID
	Actor         string
	Title         string
	Language      string // the texts' languages, named in the message's
	Comment       string
	CommentLines  []string // the comment's lines, for the HTML part: <br> between them (Outlook ignores white-space: pre-wrap)
	EntryURL      string   // "" when the entry is gone
	Public        []publicLink
	Off           []string // translated: a line for each text live in a language turned off
	AccountURL    string
}

// publicLink is a text live on the site; Language is named when the
// notice names several.
type publicLink struct {
	Language, URL string
}

// reviewEvent is what a notice of each event says: its subject, heading,
// an optional note, and how it labels who acted.
var reviewEvent = map[string]struct{ subject, heading, note, actor string }{
	store.NoticeSubmitted: {"mail.review.submitted.subject", "mail.review.submitted.heading", "", "mail.review.submitted_by"},
	store.NoticeReturned:  {"mail.review.returned.subject", "mail.review.returned.heading", "", "mail.review.reviewed_by"},
	store.NoticeApproved:  {"mail.review.approved.subject", "mail.review.approved.heading", "", "mail.review.reviewed_by"},
	store.NoticePublished: {"mail.review.published.subject", "mail.review.published.heading", "mail.review.published.note", "mail.review.editor"},
	store.NoticeWithdrawn: {"mail.review.withdrawn.subject", "mail.review.withdrawn.heading", "mail.review.withdrawn.note", "mail.review.editor"},
	store.NoticeDeleted:   {"mail.review.deleted.subject", "mail.review.deleted.heading", "mail.review.deleted.note", "mail.review.editor"},
}

// Review is the notice of texts submitted for review (to the editors),
// sent back with a comment, approved, published without the review or
// withdrawn from it, or deleted with their entry (to their translator):
// one message naming every language the event took in, with a link to
// the entry in the admin (but for a deleted one) and, for each text live
// now that went live by it, to the text on the site, or, in a language
// turned off, word that visitors will see it once the language is on.
// A recipient whose admin language the site no longer offers gets it in
// the site's default language.
func (c *Composer) Review(r Review) (*Message, error) {
	lang := r.Lang
	if c.bundle.Get(lang) == nil {
		lang = c.bundle.Default()
	}
	t, err := c.localizer(lang)
	if err != nil {
		return nil, err
	}
	n := r.Notice
	ev, ok := reviewEvent[n.Event]
	if !ok || len(n.Langs) == 0 {
		return nil, &PermanentError{fmt.Errorf("mail: unknown review event %q of %d languages", n.Event, len(n.Langs))}
	}
	name := func(code string) string {
		if id := "language." + code; t.Has(id) {
			return t.Tr(id)
		}
		return code
	}
	names := make([]string, len(n.Langs))
	for i, code := range n.Langs {
		names[i] = name(code)
	}
	data := reviewData{
		common:        common{T: t, Lang: lang, SiteURL: c.base + "/" + lang + "/", Email: r.To},
		Heading:       ev.heading,
		Note:          ev.note,
		LanguageLabel: "mail.review.language",
		ActorLabel:    ev.actor,
		Actor:         n.Actor,
		Title:         r.Subject.Title,
		Language:      strings.Join(names, ", "),
		EntryURL:      c.base + "/admin/entries/" + strconv.FormatInt(n.EntryID, 10) + "#lang-" + n.Langs[0],
		AccountURL:    c.base + "/admin/account",
	}
	if len(n.Langs) > 1 {
		data.LanguageLabel = "mail.review.languages"
	}
	switch n.Event {
	case store.NoticeDeleted:
		data.EntryURL = ""
	case store.NoticeReturned:
		data.Comment = n.Comment
		data.CommentLines = strings.Split(strings.ReplaceAll(n.Comment, "\r\n", "\n"), "\n")
	case store.NoticeApproved, store.NoticePublished:
		for _, p := range r.Subject.Paths {
			l := publicLink{URL: c.base + p.Path}
			if len(n.Langs) > 1 {
				l.Language = name(p.Lang)
			}
			data.Public = append(data.Public, l)
		}
		// A text live in a language turned off has no page a visitor can
		// open: say when it will have one (the entry's link is above).
		for _, code := range r.Subject.Off {
			data.Off = append(data.Off, t.Tr("mail.review.language_off", "Language", name(code)))
		}
	}
	data.Subject = t.Tr(ev.subject, "Title", data.Title, "Language", data.Language)
	return c.message("review", r.To, lang, data.Subject, data)
}
