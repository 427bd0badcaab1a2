package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// subscriptionPage starts a subscriber's page in the path's language.
func (s *Server) subscriptionPage(r *http.Request, state, titleID string) (view.Subscription, error) {
	lang := chi.URLParam(r, "lang")
	b, err := s.tokenPage(r, lang, s.bundle.Get(lang).Tr(titleID))
	if err != nil {
		return view.Subscription{}, err
	}
	page := view.NewSubscription(b, state)
	page.Choice, page.Langs = lang, s.langChoices()
	return page, nil
}

// subscriptionForm is what the manage link of every issue opens: a choice
// of language and an unsubscribe button, the same for everyone.
func (s *Server) subscriptionForm(w http.ResponseWriter, r *http.Request) error {
	data, err := s.subscriptionPage(r, "ask", "subscribe.manage.title")
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageSubscription, data)
}

// unsubscribeForm is what the List-Unsubscribe address shows in a
// browser: one button that makes the RFC 8058 request.
func (s *Server) unsubscribeForm(w http.ResponseWriter, r *http.Request) error {
	data, err := s.subscriptionPage(r, "unsubscribe", "subscribe.manage.title")
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageSubscription, data)
}

// subscriber is the subscriber a request's signed link names. A link that
// does not check out, or whose subscriber was erased, has had its page
// rendered and yields ok false.
func (s *Server) subscriber(w http.ResponseWriter, r *http.Request) (sub store.Subscriber, ok bool, err error) {
	w.Header().Set("Cache-Control", "no-store")
	sg, err := s.signer(r.Context())
	if err != nil {
		return sub, false, err
	}
	id, err := sg.ParseManage(token(r))
	if err != nil {
		data, err := s.subscriptionPage(r, "invalid", "subscribe.invalid.title")
		if err != nil {
			return sub, false, err
		}
		return sub, false, s.render(w, http.StatusBadRequest, view.PageSubscription, data)
	}
	sub, err = s.store.SubscriberByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		data, err := s.subscriptionPage(r, "gone", "subscribe.manage.title")
		if err != nil {
			return sub, false, err
		}
		return sub, false, s.render(w, http.StatusNotFound, view.PageSubscription, data)
	}
	return sub, err == nil, err
}

// subscriptionUpdate shows and changes a subscription through its signed
// link: the language, unsubscribing, subscribing again.
func (s *Server) subscriptionUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, maxSubscribeForm); err != nil {
		return err
	}
	ctx := r.Context()
	sub, ok, err := s.subscriber(w, r)
	if !ok {
		return err
	}
	data, err := s.subscriptionPage(r, "show", "subscribe.manage.title")
	if err != nil {
		return err
	}
	t := data.T
	switch r.PostForm.Get("action") {
	case "":
	case "lang":
		lang := r.PostForm.Get("lang")
		if s.bundle.Get(lang) == nil {
			return httpx.ErrBadRequest
		}
		if sub, err = s.store.SetSubscriberLang(ctx, sub.ID, lang); err != nil {
			return err
		}
		done := "subscribe.manage.done.lang"
		if sub.Status != store.SubscriberActive {
			done = "subscribe.manage.done.lang_inactive" // nothing is sent meanwhile
		}
		data.Done = t.Tr(done, "Lang", t.Tr("language.in."+lang))
		s.log.InfoContext(ctx, "subscriber language changed", "subscriber_id", sub.ID, "lang", lang, "request_id", httpx.RequestID(ctx))
	case "unsubscribe":
		if _, err := s.store.Unsubscribe(ctx, sub.ID); err != nil {
			return err
		}
		s.log.InfoContext(ctx, "unsubscribed", "subscriber_id", sub.ID, "request_id", httpx.RequestID(ctx))
		data.State, data.Title = "unsubscribed", t.Tr("subscribe.unsubscribed.title")
		return s.render(w, http.StatusOK, view.PageSubscription, data)
	case "resubscribe":
		if sub, err = s.store.Resubscribe(ctx, sub.ID); err != nil {
			return err
		}
		data.Done = t.Tr("subscribe.manage.done.resubscribed")
		s.log.InfoContext(ctx, "resubscribed", "subscriber_id", sub.ID, "request_id", httpx.RequestID(ctx))
	default:
		return httpx.ErrBadRequest
	}
	data.Active, data.Choice = sub.Status == store.SubscriberActive, sub.Lang
	if data.Active {
		data.Status = t.Tr("subscribe.manage.status.active", "Email", sub.Email, "Lang", t.Tr("language.in."+sub.Lang))
	} else {
		data.Status = t.Tr("subscribe.manage.status.unsubscribed", "Email", sub.Email)
	}
	return s.render(w, http.StatusOK, view.PageSubscription, data)
}

// unsubscribeOneClick is RFC 8058's one-click unsubscribe: the mail client
// POSTs "List-Unsubscribe=One-Click" to the List-Unsubscribe address,
// without cookies or an Origin header (which cross-origin protection lets
// through: it is not a browser's cross-site request). An erased
// subscriber is unsubscribed all the same.
func (s *Server) unsubscribeOneClick(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, maxSubscribeForm); err != nil {
		return err
	}
	if r.PostForm.Get("List-Unsubscribe") != "One-Click" {
		return httpx.ErrBadRequest
	}
	ctx := r.Context()
	w.Header().Set("Cache-Control", "no-store")
	sg, err := s.signer(ctx)
	if err != nil {
		return err
	}
	id, err := sg.ParseManage(token(r))
	if err != nil {
		data, err := s.subscriptionPage(r, "invalid", "subscribe.invalid.title")
		if err != nil {
			return err
		}
		return s.render(w, http.StatusBadRequest, view.PageSubscription, data)
	}
	if _, err := s.store.Unsubscribe(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	s.log.InfoContext(ctx, "unsubscribed", "subscriber_id", id, "one_click", true, "request_id", httpx.RequestID(ctx))
	data, err := s.subscriptionPage(r, "unsubscribed", "subscribe.unsubscribed.title")
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageSubscription, data)
}
