package admin

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// maxSendProblems bounds the failures listed on the send page.
const maxSendProblems = 100

// issueForSend loads a newsletter issue for its send page; other entries
// are not found.
func (s *server) issueForSend(r *http.Request) (content.Draft, store.EntryMeta, error) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return content.Draft{}, store.EntryMeta{}, err
	}
	d, meta, err := s.store.EntryForEdit(r.Context(), id)
	if err == nil && d.Kind != content.KindNewsletter {
		err = httpx.ErrNotFound
	}
	return d, meta, err
}

// sendable reports whether an issue is public now: scheduled issues wait.
func sendable(meta store.EntryMeta) bool {
	return meta.Status == content.StatusPublished && meta.PublishedAt != nil && !meta.PublishedAt.After(time.Now())
}

// newsletterSend shows, per language, whether the issue can be sent
// (a translation), to how many subscribers, and how its sending goes:
// waiting, sent, failed, skipped, with the failures and the server's
// answers. While messages wait, the page refreshes itself.
func (s *server) newsletterSend(w http.ResponseWriter, r *http.Request) error {
	d, meta, err := s.issueForSend(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	b := s.base(r, "newsletter")
	data := view.NewsletterSend{AdminBase: b, ID: d.ID, Published: sendable(meta), Server: s.mailServer, Rate: s.mailRate}
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
		st := meta.Texts[code]
		title := d.Texts[code].Title
		switch {
		case !st.IsLive():
			title = "" // not published in this language: nothing to send
		case st.Pending:
			title = st.Live.Title // what is sent: the published text
		}
		sl := view.SendLang{Code: code, Name: s.bundle.Get(code).Tr("language.self"), Title: title,
			Subscribers: active[code], Pending: p.Pending, Sent: p.Sent, Failed: p.Failed, Skipped: p.Skipped, Queued: p.Total() > 0,
			Changes: title != "" && st.Pending}
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
	return s.render(w, http.StatusOK, view.PageAdminNewsletterSend, data)
}

// newsletterSendPost sends a test of one language to the editor
// (action=test), or the issue to the subscribers of every language it is
// published in (action=send, with the confirm box ticked). Languages
// without a translation are skipped and the editor is told.
func (s *server) newsletterSendPost(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	d, meta, err := s.issueForSend(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u := currentUser(ctx)
	back := "/admin/entries/" + strconv.FormatInt(d.ID, 10) + "/send"
	if !sendable(meta) {
		// Unpublished since the page was opened: the page says so.
		s.flash(r, "admin.mail.send.not_published")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
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
			return httpx.ErrBadRequest
		}
		if err := s.store.EnqueueTest(ctx, d.ID, lang, u.Email, u.ID); err != nil {
			return err
		}
		s.flash(r, "admin.mail.send.test_queued")
	case "send":
		if len(langs) == 0 {
			return httpx.ErrBadRequest
		}
		if r.PostForm.Get("confirm") != "yes" {
			// The box is required in the page; without it nothing is sent.
			s.flash(r, "admin.mail.send.confirm_first")
			http.Redirect(w, r, back, http.StatusSeeOther)
			return nil
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
			"user_id", u.ID, "request_id", httpx.RequestID(ctx))
		switch {
		case total == 0:
			s.flash(r, "admin.mail.send.nothing")
		case len(skipped) > 0:
			s.flash(r, "admin.mail.send.queued_skipped")
		default:
			s.flash(r, "admin.mail.send.queued")
		}
	default:
		return httpx.ErrBadRequest
	}
	s.mailQueued()
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
