package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/httpx"
	"vestnik/internal/mail"
	"vestnik/internal/store"
	"vestnik/internal/subscriptions"
	"vestnik/internal/view"
)

// mailSetup is what the public side of email needs: the link signer and a
// way to wake the sender.
type mailSetup struct {
	mu     sync.Mutex
	signer *mail.Signer
	queued func()
}

func newMailSetup(cfg Config) *mailSetup {
	m := &mailSetup{signer: cfg.Signer, queued: cfg.MailQueued}
	if m.queued == nil {
		m.queued = func() {}
	}
	return m
}

// signer returns the link signer; without one configured, the key
// generated once and kept in the database.
func (s *Server) signer(ctx context.Context) (*mail.Signer, error) {
	s.mail.mu.Lock()
	defer s.mail.mu.Unlock()
	if s.mail.signer == nil {
		sg, _, err := mail.SignerFor(ctx, s.store, "")
		if err != nil {
			return nil, err
		}
		s.mail.signer = sg
	}
	return s.mail.signer, nil
}

// maxSubscribeForm caps the sign-up and subscription forms.
const maxSubscribeForm = 4 << 10

// langChoices lists every language of the site by its own name.
func (s *Server) langChoices() []view.Link {
	var out []view.Link
	for _, code := range s.bundle.Codes() {
		out = append(out, view.Link{Lang: code, Name: s.bundle.Get(code).Tr("language.self")})
	}
	return out
}

func (s *Server) subscribePage(r *http.Request, lang string) (view.Subscribe, error) {
	b, err := s.pageBase(r, lang, "subscribe", "")
	if err != nil {
		return view.Subscribe{}, err
	}
	b.Title = b.T.Tr("subscribe.title")
	page := view.NewSubscribe(b, "form")
	page.Choice, page.Langs = lang, s.langChoices()
	return page, nil
}

// subscribeForm is the sign-up page: an address and a language.
func (s *Server) subscribeForm(w http.ResponseWriter, r *http.Request) error {
	data, err := s.subscribePage(r, chi.URLParam(r, "lang"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageSubscribe, data)
}

// subscribeSent says a confirmation message is on its way.
func (s *Server) subscribeSent(w http.ResponseWriter, r *http.Request) error {
	data, err := s.subscribePage(r, chi.URLParam(r, "lang"))
	if err != nil {
		return err
	}
	data.State, data.NoIndex = "sent", true
	data.Words.SentText = data.T.Tr("subscribe.sent.text", "Max", subscriptions.PerAddress)
	data.Title = data.T.Tr("subscribe.sent.title")
	return s.render(w, http.StatusOK, view.PageSubscribe, data)
}

// subscribe takes a sign-up from the footer or the sign-up page. Nothing
// is stored as a subscription: a signed confirmation link is mailed in the
// chosen language. Whether the address is already subscribed is never
// told, and repeated sign-ups for one address send at most a few
// messages a day; too many from one client are refused with 429.
func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, maxSubscribeForm); err != nil {
		return err
	}
	ctx := r.Context()
	lang := chi.URLParam(r, "lang")
	data, err := s.subscribePage(r, lang)
	if err != nil {
		return err
	}
	data.Email = strings.TrimSpace(r.PostForm.Get("email"))
	if c := r.PostForm.Get("lang"); s.bundle.Get(c) != nil {
		data.Choice = c
	}
	if !subscriptions.ValidEmail(data.Email) {
		data.Error = data.T.Tr("subscribe.err.email")
		return s.render(w, http.StatusUnprocessableEntity, view.PageSubscribe, data)
	}
	ip := s.proxies.ClientIP(r)
	out, err := subscriptions.Request(ctx, s.store, data.Email, data.Choice, ip, time.Now())
	if err != nil {
		return err
	}
	if out.Limited {
		wait := out.RetryAfter
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		w.Header().Set("Cache-Control", "no-store")
		s.log.WarnContext(ctx, "sign-up throttled", "ip", ip.String(), "request_id", httpx.RequestID(ctx))
		data.State, data.NoIndex = "limited", true
		data.Title = data.T.Tr("subscribe.limited.title")
		data.Message = data.T.Plural("subscribe.limited.text", int(wait.Minutes())+1)
		return s.render(w, http.StatusTooManyRequests, view.PageSubscribe, data)
	}
	if out.Queued {
		s.mail.queued()
	} else {
		s.log.InfoContext(ctx, "sign-up: confirmation not sent again", "ip", ip.String(), "request_id", httpx.RequestID(ctx))
	}
	http.Redirect(w, r, "/"+lang+"/subscribe/sent", http.StatusSeeOther)
	return nil
}

// tokenPage starts the data of a page reached by a signed link: not
// indexed, no canonical URL or language switcher (the link is in one
// language), the hotline banner.
func (s *Server) tokenPage(r *http.Request, lang, title string) (view.Base, error) {
	b := s.basePage(r, lang, "", "")
	b.Title, b.NoIndex = title, true
	c, _, err := s.chrome(r.Context(), lang)
	withChrome(&b, r, c)
	return b, err
}

// token is the signed link's token, from the query string (where the
// link put it and where a form without an action keeps it).
func token(r *http.Request) string { return r.URL.Query().Get("t") }

// subscribeConfirmForm is what a confirmation link opens: one button that
// confirms. Opening the link alone changes nothing.
func (s *Server) subscribeConfirmForm(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	b, err := s.tokenPage(r, lang, s.bundle.Get(lang).Tr("subscribe.confirm.title"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageSubscribeConfirm, view.NewSubscribeConfirm(b, "ask"))
}

// subscribeConfirm checks the signed link and records the subscription:
// the moment it exists.
func (s *Server) subscribeConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, maxSubscribeForm); err != nil {
		return err
	}
	ctx := r.Context()
	lang := chi.URLParam(r, "lang")
	sg, err := s.signer(ctx)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	t := s.bundle.Get(lang)
	c, err := sg.ParseConfirm(token(r), time.Now())
	// A language turned off since the link was sent keeps its sign-ups
	// (they are sent that language's issues when it is back).
	if err == nil && (s.bundle.Known(c.Lang) == nil || !subscriptions.ValidEmail(c.Email)) {
		err = mail.ErrBadToken
	}
	var sub store.Subscriber
	if err == nil {
		sub, err = s.store.Confirm(ctx, c.Email, c.Lang, c.Issued)
	}
	switch {
	case err == nil:
	case errors.Is(err, store.ErrStaleConfirmation):
		// The address left the list (unsubscribed, or erased by an admin)
		// after the link was mailed: the link's time has not run out, so
		// "expired" would not say why it does nothing.
		b, err := s.tokenPage(r, lang, t.Tr("subscribe.withdrawn.title"))
		if err != nil {
			return err
		}
		return s.render(w, http.StatusGone, view.PageSubscribeConfirm, view.NewSubscribeConfirm(b, "withdrawn"))
	case errors.Is(err, mail.ErrExpiredToken):
		b, err := s.tokenPage(r, lang, t.Tr("subscribe.expired.title"))
		if err != nil {
			return err
		}
		return s.render(w, http.StatusGone, view.PageSubscribeConfirm, view.NewSubscribeConfirm(b, "expired"))
	case errors.Is(err, mail.ErrBadToken):
		b, err := s.tokenPage(r, lang, t.Tr("subscribe.invalid.title"))
		if err != nil {
			return err
		}
		return s.render(w, http.StatusBadRequest, view.PageSubscribeConfirm, view.NewSubscribeConfirm(b, "invalid"))
	default:
		return err
	}
	s.log.InfoContext(ctx, "subscribed", "subscriber_id", sub.ID, "lang", sub.Lang, "request_id", httpx.RequestID(ctx))
	b, err := s.tokenPage(r, lang, t.Tr("subscribe.confirmed.title"))
	if err != nil {
		return err
	}
	page := view.NewSubscribeConfirm(b, "done")
	page.Message = t.Tr("subscribe.confirmed.text", "Email", sub.Email, "Lang", t.Tr("language.in."+sub.Lang))
	page.ManageURL = "/" + sub.Lang + "/subscription?t=" + url.QueryEscape(sg.ManageToken(sub.ID))
	return s.render(w, http.StatusOK, view.PageSubscribeConfirm, page)
}
