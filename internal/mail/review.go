package mail

import (
	"fmt"
	"strconv"

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
	Heading    string // a message ID
	ActorLabel string // a message ID
	Actor      string
	Title      string
	Language   string
	Comment    string
	EntryURL   string
	PublicURL  string
	AccountURL string
}

// Review is the notice of a text submitted for review (to the editors),
// sent back with a comment or approved (to its translator), with a link to
// the entry in the admin and, once it is live, to the text on the site.
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
	data := reviewData{
		common:     common{T: t, Lang: lang, SiteURL: c.base + "/" + lang + "/", Email: r.To},
		ActorLabel: "mail.review.reviewed_by",
		Actor:      n.Actor,
		Title:      r.Subject.Title,
		Language:   n.Lang,
		EntryURL:   c.base + "/admin/entries/" + strconv.FormatInt(n.EntryID, 10) + "#lang-" + n.Lang,
		AccountURL: c.base + "/admin/account",
	}
	if id := "language." + n.Lang; t.Has(id) {
		data.Language = t.Tr(id)
	}
	var subjectID string
	switch n.Event {
	case store.NoticeSubmitted:
		subjectID, data.Heading, data.ActorLabel = "mail.review.submitted.subject", "mail.review.submitted.heading", "mail.review.submitted_by"
	case store.NoticeReturned:
		subjectID, data.Heading, data.Comment = "mail.review.returned.subject", "mail.review.returned.heading", n.Comment
	case store.NoticeApproved:
		subjectID, data.Heading = "mail.review.approved.subject", "mail.review.approved.heading"
		if r.Subject.Path != "" {
			data.PublicURL = c.base + r.Subject.Path
		}
	default:
		return nil, &PermanentError{fmt.Errorf("mail: unknown review event %q", n.Event)}
	}
	data.Subject = t.Tr(subjectID, "Title", data.Title, "Language", data.Language)
	return c.message("review", r.To, lang, data.Subject, data)
}
