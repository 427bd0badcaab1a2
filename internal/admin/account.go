package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"vestnik/internal/accounts"
	"vestnik/internal/auth"
	"vestnik/internal/httpx"
	"vestnik/internal/images"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

func (s *server) accountPage(r *http.Request) (view.Account, error) {
	b := s.base(r, "account")
	b.Title = b.T.Tr("admin.account.title")
	u := currentUser(r.Context())
	data := view.Account{AdminBase: b, Errors: map[string]string{}, Values: map[string]string{"name": u.Name}, ReviewMail: u.ReviewMail}
	data.TwoFactor = view.TwoFactor{EnabledAt: u.TOTPEnabledAt, Required: u.TOTPRequired}
	if u.TOTPEnabled() {
		n, err := s.store.RecoveryCodesLeft(r.Context(), u.ID)
		if err != nil {
			return data, err
		}
		data.TwoFactor.RecoveryLeft = n
	}
	return data, nil
}

func (s *server) account(w http.ResponseWriter, r *http.Request) error {
	data, err := s.accountPage(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageAdminAccount, data)
}

// accountPassword changes the user's own password: every other
// session of theirs ends, this one continues with a new token.
func (s *server) accountPassword(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	ctx := r.Context()
	u := currentUser(ctx)
	try, err := s.throttleSecret(w, r, u)
	if err != nil {
		return err
	}
	data, err := s.accountPage(r)
	if err != nil {
		return err
	}
	current, next, confirm := r.PostForm.Get("current"), r.PostForm.Get("new"), r.PostForm.Get("confirm")
	ok, err := auth.CheckPassword(ctx, current, u.PasswordHash)
	if err != nil {
		return s.unchecked(w, r, try, err)
	}
	if !ok {
		s.wrong(r, try)
		data.Errors["current"] = data.T.Tr("admin.account.wrong_current")
	} else if err := s.right(ctx, try); err != nil {
		return err
	}
	if err := auth.CheckPasswordRules(next, u.Email, u.Name); err != nil {
		data.Errors["new"] = data.T.Tr(err.Error(), "Min", auth.MinPasswordLen, "Max", auth.MaxPasswordLen)
	} else if ok && next == current {
		data.Errors["new"] = data.T.Tr("admin.account.same_password")
	} else if next != confirm {
		data.Errors["confirm"] = data.T.Tr("admin.account.mismatch")
	}
	if len(data.Errors) > 0 {
		return s.render(w, http.StatusUnprocessableEntity, view.PageAdminAccount, data)
	}
	_, epoch, err := accounts.SetPassword(ctx, s.store, s.actor(r), u.ID, next, "user.change_password")
	if err != nil {
		return err
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessEpoch, epoch)
	s.flash(r, "admin.account.changed")
	http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
	return nil
}

// busy answers a password check or a render turned away because too many
// are waiting: 503, try again shortly (httpx.ErrBusy).
func busy(err error) error {
	if errors.Is(err, auth.ErrBusy) || errors.Is(err, markdown.ErrBusy) || errors.Is(err, images.ErrBusy) {
		return fmt.Errorf("%w: %w", httpx.ErrBusy, err)
	}
	return err
}

// throttleSecret counts a logged-in user's check of their password or code
// (changing the password or two-factor settings) like a login try: someone
// holding a stolen session cannot guess the password at leisure. The
// caller says whether it proved right or wrong.
func (s *server) throttleSecret(w http.ResponseWriter, r *http.Request, u *store.User) (try, error) {
	t, wait, err := s.startTry(r.Context(), u.Email, s.proxies.ClientIP(r), false)
	if err != nil {
		return t, err
	}
	if wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return t, httpx.ErrTooMany
	}
	return t, nil
}

// accountLang sets the language of the user's admin.
func (s *server) accountLang(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	lang := r.PostForm.Get("lang")
	if s.bundle.Get(lang) == nil {
		return httpx.ErrBadRequest
	}
	u := currentUser(r.Context())
	if err := s.store.SetUserLang(r.Context(), u.ID, lang); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return httpx.ErrNotFound
		}
		return err
	}
	http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
	return nil
}
