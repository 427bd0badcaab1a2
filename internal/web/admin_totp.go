package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"vestnik/internal/accounts"
	"vestnik/internal/auth"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// Two-factor login (TOTP). After the password, an account with two-factor
// on is not logged in: the session holds a pending login (user, epoch,
// expiry, where to go) until a code completes it on /admin/login/totp.
// Setting it up keeps the new secret in the session, not the database,
// until the user proves with a code that their authenticator has it.

// Session keys of two-factor login.
const (
	sessPendingUser  = "totp_uid"   // int64: password checked, code awaited
	sessPendingEpoch = "totp_epoch" // int: the account's session epoch then
	sessPendingUntil = "totp_until" // int64: Unix time the pending login ends
	sessPendingNext  = "totp_next"  // string: the local path to go on to
	sessEnrolKey     = "totp_key"   // string: otpauth:// URL being set up
	sessEnrolUser    = "totp_key_uid"
)

const (
	// pendingLoginTTL is how long after the password the code may come.
	pendingLoginTTL = 5 * time.Minute
	totpEnrolPath   = "/admin/account/totp"
	totpLoginPath   = "/admin/login/totp"
	qrSize          = 240 // pixels
	maxCodeLen      = 64  // longer is no code: refused before any work
)

// errWrongCode rolls back the transaction of a change a code did not allow.
var errWrongCode = errors.New("wrong second-factor code")

// totpRoutes registers the account's two-factor pages; inside the
// logged-in group.
func (s *Server) totpRoutes(r chi.Router) {
	r.Get("/account/totp", s.handle(s.adminTOTP))
	r.Post("/account/totp", s.handle(s.adminTOTPConfirm))
	r.Post("/account/totp/setup", s.handle(s.adminTOTPSetup))
	r.Get("/account/totp/qr.png", s.handle(s.adminTOTPQR))
	r.Post("/account/totp/disable", s.handle(s.adminTOTPDisable))
	r.Post("/account/totp/recovery", s.handle(s.adminTOTPRecovery))
}

// enrolmentOpen lists what a user who must set up two-factor login may
// reach before they have: the set-up pages, the language of the admin and
// logging out.
var enrolmentOpen = map[string]bool{
	totpEnrolPath:             true,
	totpEnrolPath + "/setup":  true,
	totpEnrolPath + "/qr.png": true,
	"/admin/account/lang":     true,
	"/admin/logout":           true,
}

// requireTwoFactor keeps a user whom an admin requires to log in with a
// second factor, and who has not set one up, on the set-up page: pages
// redirect there, other methods get 403. After requireUser.
func (s *Server) requireTwoFactor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r.Context())
		if u == nil || !u.TOTPRequired || u.TOTPEnabled() || enrolmentOpen[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, totpEnrolPath, http.StatusFound)
			return
		}
		s.serveError(w, r, errForbidden)
	})
}

// --- Login, second step ---

// pendingLogin is a login waiting for its code.
type pendingLogin struct {
	userID int64
	epoch  int
	next   string
}

// startSecondFactor turns a checked password into a pending login, with a
// new token, and asks for the code.
func (s *Server) startSecondFactor(w http.ResponseWriter, r *http.Request, u store.User, next, lang string) error {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	// Whoever was logged in on this session is not any more.
	s.sessions.Remove(ctx, sessUserID)
	s.sessions.Remove(ctx, sessEpoch)
	s.sessions.Put(ctx, sessPendingUser, u.ID)
	s.sessions.Put(ctx, sessPendingEpoch, u.SessionEpoch)
	s.sessions.Put(ctx, sessPendingUntil, time.Now().Add(pendingLoginTTL).Unix())
	s.sessions.Put(ctx, sessPendingNext, next)
	http.Redirect(w, r, totpLoginPath+"?"+url.Values{"lang": {lang}}.Encode(), http.StatusSeeOther)
	return nil
}

// pending returns the session's pending login, if there is one still valid.
func (s *Server) pending(ctx context.Context) (pendingLogin, bool) {
	p := pendingLogin{
		userID: s.sessions.GetInt64(ctx, sessPendingUser),
		epoch:  s.sessions.GetInt(ctx, sessPendingEpoch),
		next:   s.sessions.GetString(ctx, sessPendingNext),
	}
	if p.userID == 0 || time.Now().Unix() >= s.sessions.GetInt64(ctx, sessPendingUntil) {
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

func (s *Server) totpLoginPage(r *http.Request, lang string) view.TOTPLogin {
	b := s.adminBase(r, "login")
	b.T, b.Lang = s.bundle.Get(lang), lang
	b.Title = b.T.Tr("admin.totp.login_title")
	for i := range b.Languages {
		b.Languages[i].Href = totpLoginPath + "?" + url.Values{"lang": {b.Languages[i].Lang}}.Encode()
	}
	return view.TOTPLogin{AdminBase: b}
}

// adminLoginTOTPForm asks for the code of a pending login; without one, it
// is back to the login form.
func (s *Server) adminLoginTOTPForm(w http.ResponseWriter, r *http.Request) error {
	if _, ok := s.pending(r.Context()); !ok {
		http.Redirect(w, r, "/admin/login", http.StatusFound)
		return nil
	}
	return s.render(w, http.StatusOK, "admin/totp_login", s.totpLoginPage(r, s.loginLang(r)))
}

// adminLoginTOTP completes a pending login with an authenticator's code or
// a recovery code, each usable once. Wrong codes are login failures: they
// count towards the account's and the address's throttling like wrong
// passwords, so that the password alone does not buy unlimited guesses.
func (s *Server) adminLoginTOTP(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxFormBytes); err != nil {
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
	ip := s.clientIP(r)
	if wait, _, err := s.loginAttempt(ctx, u.Email, ip); err != nil {
		return err
	} else if wait > 0 {
		data.Error = s.throttled(w, r, wait, data.T, u.Email, ip)
		return s.render(w, http.StatusTooManyRequests, "admin/totp_login", data)
	}
	by := accounts.Actor{UserID: u.ID, IP: ip}
	err = s.completeLogin(w, r, u, p.next, func(tx *store.Store) error {
		if len(code) > maxCodeLen {
			return errWrongCode
		}
		ok, err := accounts.UseSecondFactor(ctx, tx, by, u.ID, code, time.Now())
		if err == nil && !ok {
			err = errWrongCode
		}
		return err
	})
	if !errors.Is(err, errWrongCode) {
		return err
	}
	// The attempt was counted as a failure before the check.
	s.log.WarnContext(ctx, "second factor failed", "user_id", u.ID, "ip", ip.String(), "request_id", requestID(ctx))
	data.Error = data.T.Tr("admin.totp.wrong_code")
	return s.render(w, http.StatusUnauthorized, "admin/totp_login", data)
}

// loginExpired answers a code that comes without a pending login (none, or
// more than pendingLoginTTL after the password): the login form, 401.
func (s *Server) loginExpired(w http.ResponseWriter, r *http.Request, lang string) error {
	data := s.loginPage(r, lang)
	data.Error = data.T.Tr("admin.totp.expired")
	return s.render(w, http.StatusUnauthorized, "admin/login", data)
}

// --- Setting up ---

// enrolKey is the secret the user is setting up (an otpauth:// URL), or "".
func (s *Server) enrolKey(ctx context.Context, u *store.User) string {
	if s.sessions.GetInt64(ctx, sessEnrolUser) != u.ID {
		return ""
	}
	return s.sessions.GetString(ctx, sessEnrolKey)
}

func (s *Server) totpEnrolPage(r *http.Request, keyURL string) (view.TOTPEnrol, error) {
	b := s.adminBase(r, "account")
	b.Title = b.T.Tr("admin.totp.enrol_title")
	u := currentUser(r.Context())
	data := view.TOTPEnrol{AdminBase: b, Required: u.TOTPRequired}
	if keyURL != "" {
		secret, err := auth.TOTPSecret(keyURL)
		if err != nil {
			return data, err
		}
		data.Started, data.Secret = true, groupsOf4(secret)
	}
	return data, nil
}

// groupsOf4 writes a secret as "ABCD EFGH …", easier to type in.
func groupsOf4(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// adminTOTP is the set-up page: a button to start, then the QR code, the
// secret in text and a field for the first code.
func (s *Server) adminTOTP(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	if u.TOTPEnabled() {
		http.Redirect(w, r, "/admin/account", http.StatusFound)
		return nil
	}
	data, err := s.totpEnrolPage(r, s.enrolKey(r.Context(), u))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "admin/totp_enrol", data)
}

// adminTOTPSetup makes a new secret and keeps it in the session until a
// code confirms it.
func (s *Server) adminTOTPSetup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxFormBytes); err != nil {
		return err
	}
	ctx := r.Context()
	u := currentUser(ctx)
	if u.TOTPEnabled() {
		http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
		return nil
	}
	key, err := auth.NewTOTPKey(u.Email)
	if err != nil {
		return err
	}
	s.sessions.Put(ctx, sessEnrolKey, key)
	s.sessions.Put(ctx, sessEnrolUser, u.ID)
	http.Redirect(w, r, totpEnrolPath, http.StatusSeeOther)
	return nil
}

// adminTOTPQR draws the secret being set up as a QR code; never cached.
func (s *Server) adminTOTPQR(w http.ResponseWriter, r *http.Request) error {
	key := s.enrolKey(r.Context(), currentUser(r.Context()))
	if key == "" {
		return errNotFound
	}
	img, err := auth.TOTPQR(key, qrSize)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(img)
	return nil
}

// adminTOTPConfirm turns two-factor login on once a code proves the
// authenticator has the secret, and shows the recovery codes on this
// answer only (rendered here, not after a redirect: they are in no URL,
// session or log). The account's other sessions end.
func (s *Server) adminTOTPConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxFormBytes); err != nil {
		return err
	}
	ctx := r.Context()
	u := currentUser(ctx)
	if u.TOTPEnabled() {
		http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
		return nil
	}
	key := s.enrolKey(ctx, u)
	if key == "" {
		// Started in another session, or the session was renewed: again.
		s.flash(r, "admin.totp.start_again")
		http.Redirect(w, r, totpEnrolPath, http.StatusSeeOther)
		return nil
	}
	data, err := s.totpEnrolPage(r, key)
	if err != nil {
		return err
	}
	secret, err := auth.TOTPSecret(key)
	if err != nil {
		return err
	}
	code := strings.TrimSpace(r.PostForm.Get("code"))
	data.Code = code
	step, ok := auth.MatchTOTP(secret, code, time.Now(), 0)
	if !ok {
		data.Error = data.T.Tr("admin.totp.wrong_code")
		return s.render(w, http.StatusUnprocessableEntity, "admin/totp_enrol", data)
	}
	codes, epoch, err := accounts.EnableTOTP(ctx, s.store, s.actor(r), u.ID, secret, step)
	if errors.Is(err, accounts.ErrTOTPOn) {
		s.flash(r, accounts.ErrTOTPOn.Error())
		http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessEpoch, epoch)
	s.sessions.Remove(ctx, sessEnrolKey)
	s.sessions.Remove(ctx, sessEnrolUser)
	s.log.InfoContext(ctx, "two-factor login on", "user_id", u.ID, "request_id", requestID(ctx))
	return s.showRecoveryCodes(w, r, codes)
}

// showRecoveryCodes renders new recovery codes, for this answer only.
func (s *Server) showRecoveryCodes(w http.ResponseWriter, r *http.Request, codes []string) error {
	b := s.adminBase(r, "account")
	b.Title = b.T.Tr("admin.totp.codes_title")
	return s.render(w, http.StatusOK, "admin/totp_codes", view.TOTPCodes{AdminBase: b, Codes: codes})
}

// --- Turning off, new recovery codes ---

// confirmTOTPChange runs change when the form posted to the account page
// (form names its fields in Errors and Values: "disable.code") carries the
// current password and a valid code, which it uses up in change's
// transaction. Otherwise it renders the account page with the errors and
// returns done false.
func (s *Server) confirmTOTPChange(w http.ResponseWriter, r *http.Request, form string, change func(*store.Store) error) (done bool, err error) {
	if err := parseForm(w, r, maxFormBytes); err != nil {
		return false, err
	}
	ctx := r.Context()
	u := currentUser(ctx)
	if err := s.throttleSecret(w, r, u); err != nil {
		return false, err
	}
	data, err := s.accountPage(r)
	if err != nil {
		return false, err
	}
	code := strings.TrimSpace(r.PostForm.Get("code"))
	data.Values[form+".code"] = code
	ok, err := auth.CheckPassword(ctx, r.PostForm.Get("password"), u.PasswordHash)
	if err != nil {
		return false, busy(w, err)
	}
	if !ok {
		// The code is not tried, so not used up.
		data.Errors[form+".password"] = data.T.Tr("admin.account.wrong_current")
	} else {
		err := s.store.InTx(ctx, func(tx *store.Store) error {
			if len(code) > maxCodeLen {
				return errWrongCode
			}
			ok, err := accounts.UseSecondFactor(ctx, tx, s.actor(r), u.ID, code, time.Now())
			if err != nil {
				return err
			}
			if !ok {
				return errWrongCode
			}
			return change(tx)
		})
		switch {
		case errors.Is(err, errWrongCode):
			data.Errors[form+".code"] = data.T.Tr("admin.totp.wrong_code")
		case err != nil:
			return false, err
		}
	}
	if len(data.Errors) > 0 {
		return false, s.render(w, http.StatusUnprocessableEntity, "admin/account", data)
	}
	if err := s.store.ClearLoginFailures(ctx, u.Email); err != nil {
		return false, err
	}
	return true, nil
}

// adminTOTPDisable turns the user's two-factor login off, with their
// password and a code. An account an admin requires it of is sent to set
// it up again at once (a new phone, say).
func (s *Server) adminTOTPDisable(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := currentUser(ctx)
	if !u.TOTPEnabled() {
		http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
		return nil
	}
	done, err := s.confirmTOTPChange(w, r, "disable", func(tx *store.Store) error {
		return accounts.DisableTOTP(ctx, tx, s.actor(r), u.ID, "user.totp_disable")
	})
	if !done || err != nil {
		return err
	}
	s.flash(r, "admin.totp.disabled")
	http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
	return nil
}

// adminTOTPRecovery replaces the user's recovery codes, with their
// password and a code, and shows the new ones once.
func (s *Server) adminTOTPRecovery(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := currentUser(ctx)
	if !u.TOTPEnabled() {
		http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
		return nil
	}
	var codes []string
	done, err := s.confirmTOTPChange(w, r, "recovery", func(tx *store.Store) error {
		var err error
		codes, err = accounts.NewRecoveryCodes(ctx, tx, s.actor(r), u.ID)
		return err
	})
	if !done || err != nil {
		return err
	}
	return s.showRecoveryCodes(w, r, codes)
}
