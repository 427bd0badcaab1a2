package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/alexedwards/scs/v2"

	"vestnik/internal/accounts"
	"vestnik/internal/auth"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// The second step of a login (TOTP). After the password, an account with
// two-factor login on is not logged in: the session holds a pending login
// (user, epoch, expiry, where to go) until a code completes it on
// /admin/login/totp.

// pendingLogin is a login waiting for its code.
type pendingLogin struct {
	userID int64
	epoch  int
	next   string
}

// startSecondFactor turns a checked password into a pending login, with a
// new token, and asks for the code.
func (s *server) startSecondFactor(w http.ResponseWriter, r *http.Request, u store.User, next, lang string) error {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	// Whoever was logged in on this session is not any more.
	s.sessions.Remove(ctx, sessUserID)
	s.sessions.Remove(ctx, sessEpoch)
	s.sessions.Put(ctx, sessPendingUser, u.ID)
	s.sessions.Put(ctx, sessPendingEpoch, u.SessionEpoch)
	s.sessions.Put(ctx, sessPendingUntil, s.now().Add(pendingLoginTTL).Unix())
	s.sessions.Put(ctx, sessPendingNext, next)
	http.Redirect(w, r, totpLoginPath+"?"+url.Values{"lang": {lang}}.Encode(), http.StatusSeeOther)
	return nil
}

// pending returns the session's pending login, if there is one still valid.
func (s *server) pending(ctx context.Context) (pendingLogin, bool) {
	p := pendingLogin{
		userID: s.sessions.GetInt64(ctx, sessPendingUser),
		epoch:  s.sessions.GetInt(ctx, sessPendingEpoch),
		next:   s.sessions.GetString(ctx, sessPendingNext),
	}
	if p.userID == 0 || s.now().Unix() >= s.sessions.GetInt64(ctx, sessPendingUntil) {
		return pendingLogin{}, false
	}
	return p, true
}

// forgetPendingLogin drops a pending login and any secret being set up:
// at login, nothing of a session's earlier life carries over.
func forgetPendingLogin(ctx context.Context, sm *scs.SessionManager) {
	for _, k := range []string{sessPendingUser, sessPendingEpoch, sessPendingUntil, sessPendingNext, sessEnrolKey, sessEnrolUser} {
		sm.Remove(ctx, k)
	}
}

func (s *server) totpLoginPage(r *http.Request, lang string) view.TOTPLogin {
	b := s.base(r, "login")
	b.T, b.Lang = s.bundle.Get(lang), lang
	b.Title = b.T.Tr("admin.totp.login_title")
	for i := range b.Languages {
		b.Languages[i].Href = totpLoginPath + "?" + url.Values{"lang": {b.Languages[i].Lang}}.Encode()
	}
	return view.TOTPLogin{AdminBase: b}
}

// loginTOTPForm asks for the code of a pending login; without one, it
// is back to the login form.
func (s *server) loginTOTPForm(w http.ResponseWriter, r *http.Request) error {
	if _, ok := s.pending(r.Context()); !ok {
		http.Redirect(w, r, "/admin/login", http.StatusFound)
		return nil
	}
	return s.render(w, http.StatusOK, view.PageAdminTOTPLogin, s.totpLoginPage(r, s.loginLang(r)))
}

// loginTOTP completes a pending login with an authenticator's code or
// a recovery code, each usable once. Wrong codes are login failures: they
// count towards the account's and the address's throttling like wrong
// passwords, so that the password alone does not buy unlimited guesses.
func (s *server) loginTOTP(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	ctx := r.Context()
	lang := s.loginLang(r)
	p, ok := s.pending(ctx)
	if !ok {
		return s.loginExpired(w, r, lang)
	}
	u, err := s.store.UserByID(ctx, p.userID)
	switch {
	case errors.Is(err, store.ErrNotFound), err == nil && (u.Disabled() || u.SessionEpoch != p.epoch):
		// Deleted, disabled or password changed since the password step.
		forgetPendingLogin(ctx, s.sessions)
		return s.loginExpired(w, r, lang)
	case err != nil:
		return err
	}
	data := s.totpLoginPage(r, lang)
	code := strings.TrimSpace(r.PostForm.Get("code"))
	data.Code = code
	ip := s.proxies.ClientIP(r)
	try, wait, err := s.startTry(ctx, u.Email, ip, true)
	if err != nil {
		return err
	} else if wait > 0 {
		data.Error = s.throttled(w, r, wait, data.T, u.Email, ip)
		return s.render(w, http.StatusTooManyRequests, view.PageAdminTOTPLogin, data)
	}
	by := accounts.Actor{UserID: u.ID, IP: ip}
	err = s.completeLogin(w, r, u, p.next, func(tx *store.Store) error {
		if len(code) > maxCodeLen {
			return errWrongCode
		}
		ok, err := accounts.UseSecondFactor(ctx, tx, by, u.ID, code, s.now())
		if err == nil && !ok {
			err = errWrongCode
		}
		if err == nil && !auth.IsTOTPCode(code) {
			// A recovery code: say how many are left, and what to do.
			n, err := tx.RecoveryCodesLeft(ctx, u.ID)
			if err != nil {
				return err
			}
			s.flashText(r, data.T.Plural("admin.totp.recovery_used", n))
		}
		return err
	})
	if !errors.Is(err, errWrongCode) {
		return err
	}
	s.wrong(r, try)
	s.log.WarnContext(ctx, "second factor failed", "user_id", u.ID, "ip", ip.String(), "request_id", httpx.RequestID(ctx))
	data.Error = data.T.Tr("admin.totp.wrong_code")
	if onlyDigits(code) && !auth.IsTOTPCode(code) {
		data.Error = data.T.Tr("admin.totp.six_digits")
	}
	return s.render(w, http.StatusUnauthorized, view.PageAdminTOTPLogin, data)
}

// onlyDigits reports whether a code is digits (and spaces) alone: meant as
// an app's code, not a recovery code.
func onlyDigits(code string) bool {
	return strings.Trim(code, "0123456789 ") == "" && strings.TrimSpace(code) != ""
}

// loginExpired answers a code that comes without a pending login (none, or
// more than pendingLoginTTL after the password): the login form, 401.
func (s *server) loginExpired(w http.ResponseWriter, r *http.Request, lang string) error {
	data := s.loginPage(r, lang)
	data.Error = data.T.Tr("admin.totp.expired")
	return s.render(w, http.StatusUnauthorized, view.PageAdminLogin, data)
}
