package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"vestnik/internal/auth"
	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// loginLang picks the login page's language: ?lang=, the site's language
// cookie, then Accept-Language.
func (s *server) loginLang(r *http.Request) string {
	if l := r.FormValue("lang"); s.bundle.Get(l) != nil {
		return l
	}
	cookie := ""
	if c, err := r.Cookie(i18n.Cookie); err == nil {
		cookie = c.Value
	}
	return s.bundle.Negotiate(cookie, r.Header.Get("Accept-Language"))
}

func (s *server) loginPage(r *http.Request, lang string) view.Login {
	b := s.base(r, "login")
	b.T, b.Lang = s.bundle.Get(lang), lang
	b.Title = b.T.Tr("admin.login.title")
	next := auth.LocalRedirect(r.FormValue("next"))
	for i := range b.Languages {
		q := url.Values{"lang": {b.Languages[i].Lang}, "next": {next}}
		b.Languages[i].Href = "/admin/login?" + q.Encode()
	}
	return view.Login{AdminBase: b, Next: next}
}

// loginForm shows the login form; a logged-in user goes on.
func (s *server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if s.sessions.GetInt64(r.Context(), sessUserID) != 0 {
		http.Redirect(w, r, auth.LocalRedirect(r.FormValue("next")), http.StatusFound)
		return nil
	}
	return s.render(w, http.StatusOK, view.PageAdminLogin, s.loginPage(r, s.loginLang(r)))
}

// login checks the credentials, throttled per account and per client
// address. Unknown accounts get the same answer, in the same time, as a
// wrong password.
func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	ctx := r.Context()
	lang := s.loginLang(r)
	data := s.loginPage(r, lang)
	email := strings.TrimSpace(r.PostForm.Get("email"))
	password := r.PostForm.Get("password")
	data.Email = email
	ip := s.proxies.ClientIP(r)

	try, wait, err := s.startTry(ctx, email, ip, false)
	if err != nil {
		return err
	} else if wait > 0 {
		data.Error = s.throttled(w, r, wait, data.T, email, ip)
		return s.render(w, http.StatusTooManyRequests, view.PageAdminLogin, data)
	}

	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hash := u.PasswordHash
	if err != nil || u.Disabled() || len(email) > 254 {
		hash = "" // compared against a dummy: same time, never a match
	}
	ok, err := auth.CheckPassword(ctx, password, hash)
	if err != nil {
		return s.unchecked(w, r, try, err)
	}
	if !ok {
		s.wrong(r, try)
		s.log.WarnContext(ctx, "login failed", "email", email, "ip", ip.String(), "request_id", httpx.RequestID(ctx))
		data.Error = data.T.Tr("admin.login.failed")
		return s.render(w, http.StatusUnauthorized, view.PageAdminLogin, data)
	}

	// The password was right: this try was no failure. (The account's
	// earlier failures stay until the whole login succeeds.)
	if err := s.right(ctx, try); err != nil {
		return err
	}
	next := auth.LocalRedirect(r.PostForm.Get("next"))
	if u.TOTPEnabled() {
		// The password is right; the code decides (admin_totp.go). The
		// failures are not cleared yet: wrong codes add to them.
		return s.startSecondFactor(w, r, u, next, lang)
	}
	if u.TOTPRequired {
		next = totpEnrolPath // requireTwoFactor keeps them there until set up
	}
	return s.completeLogin(w, r, u, next, nil)
}

// completeLogin logs u in, with a new token, and goes on to next (a local
// path). inTx runs first in the transaction that clears the account's
// login failures and writes the audit line (nil: nothing more); its error
// is returned as is, before anything else happens.
func (s *server) completeLogin(w http.ResponseWriter, r *http.Request, u store.User, next string, inTx func(*store.Store) error) error {
	ctx := r.Context()
	ip := s.proxies.ClientIP(r)
	if err := s.store.InTx(ctx, func(tx *store.Store) error {
		if inTx != nil {
			if err := inTx(tx); err != nil {
				return err
			}
		}
		if err := tx.ClearLoginFailures(ctx, u.Email); err != nil {
			return err
		}
		uid := u.ID
		return tx.Audit(ctx, store.AuditEntry{UserID: &uid, Action: "user.login", ObjectType: "user", ObjectID: u.ID, IP: &ip})
	}); err != nil {
		return err
	}
	// A new token at login: a session fixed before login is worthless.
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	forgetPendingLogin(ctx, s.sessions)
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.sessions.Put(ctx, sessEpoch, u.SessionEpoch)
	s.sessions.Put(ctx, sessSeen, s.now().Unix())
	s.log.InfoContext(ctx, "login", "user_id", u.ID, "ip", ip.String(), "request_id", httpx.RequestID(ctx))
	http.Redirect(w, r, auth.LocalRedirect(next), http.StatusSeeOther)
	return nil
}

// logout ends the session (with a new token, so the old one is dead
// even if a copy survives), and the user's presence on the entries they
// had open.
func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := currentUser(ctx)
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		return err
	}
	if u != nil {
		if err := s.store.Leave(ctx, u.ID); err != nil {
			return err
		}
		ip := s.proxies.ClientIP(r)
		uid := u.ID
		if err := s.store.Audit(ctx, store.AuditEntry{UserID: &uid, Action: "user.logout", ObjectType: "user", ObjectID: u.ID, IP: &ip}); err != nil {
			return err
		}
	}
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	return nil
}
