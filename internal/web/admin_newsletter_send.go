package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// newsletterSendRoutes registers sending issues by email (any editor), and
// for admins the subscribers and the development outbox.
func (s *Server) newsletterSendRoutes(r chi.Router) {
	r.Get("/entries/{id}/send", s.handle(s.adminNewsletterSend))
	r.Post("/entries/{id}/send", s.handle(s.adminNewsletterSendPost))
	r.Group(func(r chi.Router) {
		r.Use(s.requireAdmin)
		r.Get("/subscribers", s.handle(s.adminSubscribers))
		r.Get("/subscribers.csv", s.handle(s.adminSubscribersCSV))
		r.Get("/subscribers/{id}", s.handle(s.adminSubscriber))
		r.Post("/subscribers/{id}/erase", s.handle(s.adminSubscriberErase))
		r.Get("/outbox", s.handle(s.adminOutbox))
		r.Get("/outbox/{id}", s.handle(s.adminOutboxItem))
		r.Get("/outbox/{id}/html", s.handle(s.adminOutboxHTML))
	})
}

// maxSendProblems bounds the failures listed on the send page.
const maxSendProblems = 100

// issueForSend loads a newsletter issue for its send page; other entries
// are not found.
func (s *Server) issueForSend(r *http.Request) (content.Draft, store.EntryMeta, error) {
	id, err := entryID(r)
	if err != nil {
		return content.Draft{}, store.EntryMeta{}, err
	}
	d, meta, err := s.store.EntryForEdit(r.Context(), id)
	if err == nil && d.Kind != content.KindNewsletter {
		err = errNotFound
	}
	return d, meta, err
}

// sendable reports whether an issue is public now: scheduled issues wait.
func sendable(meta store.EntryMeta) bool {
	return meta.Status == content.StatusPublished && meta.PublishedAt != nil && !meta.PublishedAt.After(time.Now())
}

// adminNewsletterSend shows, per language, whether the issue can be sent
// (a translation), to how many subscribers, and how its sending goes:
// waiting, sent, failed, skipped, with the failures and the server's
// answers. While messages wait, the page refreshes itself.
func (s *Server) adminNewsletterSend(w http.ResponseWriter, r *http.Request) error {
	d, meta, err := s.issueForSend(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	b := s.adminBase(r, "newsletter")
	data := view.NewsletterSend{AdminBase: b, ID: d.ID, Published: sendable(meta), Server: s.mail.server, Rate: s.mail.rate}
	data.IssueTitle = d.Texts[b.Lang].Title
	counts, err := s.store.SubscriberCounts(ctx)
	if err != nil {
		return err
	}
	active := map[string]int{}
	for _, c := range counts {
		active[c.Lang] = c.Active
	}
	progress, err := s.store.IssueProgress(ctx, d.ID)
	if err != nil {
		return err
	}
	for _, code := range s.bundle.Codes() {
		p := progress[code]
		sl := view.SendLang{Code: code, Name: s.bundle.Get(code).Tr("language.self"), Title: d.Texts[code].Title,
			Subscribers: active[code], Pending: p.Pending, Sent: p.Sent, Failed: p.Failed, Skipped: p.Skipped, Queued: p.Total() > 0}
		if data.IssueTitle == "" {
			data.IssueTitle = sl.Title
		}
		if sl.Title != "" && sl.Subscribers > 0 {
			data.CanSend = true
		}
		data.Running = data.Running || p.Pending > 0
		data.Langs = append(data.Langs, sl)
	}
	data.CanSend = data.CanSend && data.Published
	problems, err := s.store.IssueProblems(ctx, d.ID, maxSendProblems)
	if err != nil {
		return err
	}
	for _, p := range problems {
		data.Problems = append(data.Problems, view.MailProblem{To: p.To, Lang: p.Lang, Failed: p.Status == "failed",
			Attempts: p.Attempts, Error: p.Error, When: p.UpdatedAt, NextTry: p.NextTry})
	}
	data.Title = b.T.Tr("admin.mail.send.title", "Title", data.IssueTitle)
	return s.render(w, http.StatusOK, "admin/newsletter_send", data)
}

// adminNewsletterSendPost sends a test of one language to the editor
// (action=test), or the issue to the subscribers of every language it is
// published in (action=send, with the confirm box ticked). Languages
// without a translation are skipped and the editor is told.
func (s *Server) adminNewsletterSendPost(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxFormBytes); err != nil {
		return err
	}
	d, meta, err := s.issueForSend(r)
	if err != nil {
		return err
	}
	if !sendable(meta) {
		return errBadRequest
	}
	ctx := r.Context()
	u := currentUser(ctx)
	back := "/admin/entries/" + strconv.FormatInt(d.ID, 10) + "/send"
	// The languages the issue is public in: those with a translation.
	var langs, skipped []string
	for _, code := range s.bundle.Codes() {
		_, err := s.store.NewsletterByID(ctx, code, d.ID)
		switch {
		case err == nil:
			langs = append(langs, code)
		case errors.Is(err, store.ErrNotFound):
			skipped = append(skipped, code)
		default:
			return err
		}
	}
	switch r.PostForm.Get("action") {
	case "test":
		lang := r.PostForm.Get("lang")
		if !slices.Contains(langs, lang) {
			return errBadRequest
		}
		if err := s.store.EnqueueTest(ctx, d.ID, lang, u.Email, u.ID); err != nil {
			return err
		}
		s.flash(r, "admin.mail.send.test_queued")
	case "send":
		if r.PostForm.Get("confirm") != "yes" || len(langs) == 0 {
			return errBadRequest
		}
		queued, err := s.store.EnqueueIssue(ctx, d.ID, langs, u.ID, s.auditOf(r, "newsletter.send", ""))
		if err != nil {
			return err
		}
		total := 0
		for _, l := range langs {
			total += queued[l]
		}
		s.log.InfoContext(ctx, "newsletter send", "entry_id", d.ID, "queued", queued, "skipped", strings.Join(skipped, ","),
			"user_id", u.ID, "request_id", requestID(ctx))
		switch {
		case total == 0:
			s.flash(r, "admin.mail.send.nothing")
		case len(skipped) > 0:
			s.flash(r, "admin.mail.send.queued_skipped")
		default:
			s.flash(r, "admin.mail.send.queued")
		}
	default:
		return errBadRequest
	}
	s.mail.queued()
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
