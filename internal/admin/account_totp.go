package admin

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"vestnik/internal/accounts"
	"vestnik/internal/auth"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// The account's two-factor login (TOTP): setting it up, turning it off,
// new recovery codes, and keeping a user whom an admin requires it of on
// the set-up page. Setting it up keeps the new secret in the session, not
// the database, until the user proves with a code that their
// authenticator has it.

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

// enrolmentOpen lists what a user who must set up two-factor login may
// reach before they have: the set-up pages, the language of the admin and
// logging out.
var enrolmentOpen = map[string]bool{
	totpEnrolPath:             true,
	totpEnrolPath + "/setup":  true,
	totpEnrolPath + "/qr.png": true,
	"/admin/account/lang":     true,
	"/admin/logout":           true,
	"/admin/session":          true, // the forms' "is the session alive?" (admin.js)
}

// requireTwoFactor keeps a user whom an admin requires to log in with a
// second factor, and who has not set one up, on the set-up page: pages
// redirect there, other methods get 403. After requireUser.
func (s *server) requireTwoFactor(next http.Handler) http.Handler {
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
		s.errs.Error(w, r, httpx.ErrForbidden)
	})
}

// --- Setting up ---

// enrolKey is the secret the user is setting up (an otpauth:// URL), or "".
func (s *server) enrolKey(ctx context.Context, u *store.User) string {
	if s.sessions.GetInt64(ctx, sessEnrolUser) != u.ID {
		return ""
	}
	return s.sessions.GetString(ctx, sessEnrolKey)
}

func (s *server) totpEnrolPage(r *http.Request, keyURL string) (view.TOTPEnrol, error) {
	b := s.base(r, "account")
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

// totpSettings is the set-up page: a button to start, then the QR code, the
// secret in text and a field for the first code.
func (s *server) totpSettings(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	if u.TOTPEnabled() {
		http.Redirect(w, r, "/admin/account", http.StatusFound)
		return nil
	}
	data, err := s.totpEnrolPage(r, s.enrolKey(r.Context(), u))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageAdminTOTPEnrol, data)
}

// totpSetup makes a new secret and keeps it in the session until a
// code confirms it.
func (s *server) totpSetup(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
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

// totpQR draws the secret being set up as a QR code; never cached.
func (s *server) totpQR(w http.ResponseWriter, r *http.Request) error {
	key := s.enrolKey(r.Context(), currentUser(r.Context()))
	if key == "" {
		return httpx.ErrNotFound
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

// totpConfirm turns two-factor login on once a code proves the
// authenticator has the secret, and shows the recovery codes on this
// answer only (rendered here, not after a redirect: they are in no URL,
// session or log). The account's other sessions end.
func (s *server) totpConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
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
	step, ok := auth.MatchTOTP(secret, code, s.now(), 0)
	if !ok {
		data.Error = data.T.Tr("admin.totp.wrong_code")
		if !auth.IsTOTPCode(code) {
			data.Error = data.T.Tr("admin.totp.six_digits") // nothing to check yet
		}
		return s.render(w, http.StatusUnprocessableEntity, view.PageAdminTOTPEnrol, data)
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
	s.log.InfoContext(ctx, "two-factor login on", "user_id", u.ID, "request_id", httpx.RequestID(ctx))
	return s.showRecoveryCodes(w, r, codes)
}

// showRecoveryCodes renders new recovery codes, for this answer only.
func (s *server) showRecoveryCodes(w http.ResponseWriter, r *http.Request, codes []string) error {
	b := s.base(r, "account")
	b.Title = b.T.Tr("admin.totp.codes_title")
	return s.render(w, http.StatusOK, view.PageAdminTOTPCodes, view.TOTPCodes{AdminBase: b, Codes: codes})
}

// --- Turning off, new recovery codes ---

// confirmTOTPChange runs change when the form posted to the account page
// (form names its fields in Errors and Values: "disable.code") carries the
// current password and a valid code, which it uses up in change's
// transaction. Otherwise it renders the account page with the errors and
// returns done false.
func (s *server) confirmTOTPChange(w http.ResponseWriter, r *http.Request, form string, change func(*store.Store) error) (done bool, err error) {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return false, err
	}
	ctx := r.Context()
	u := currentUser(ctx)
	try, err := s.throttleSecret(w, r, u)
	if err != nil {
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
		return false, s.unchecked(w, r, try, err)
	}
	if !ok {
		// The code is not tried, so not used up.
		s.wrong(r, try)
		data.Errors[form+".password"] = data.T.Tr("admin.account.wrong_current")
	} else {
		err := s.store.InTx(ctx, func(tx *store.Store) error {
			if len(code) > maxCodeLen {
				return errWrongCode
			}
			ok, err := accounts.UseSecondFactor(ctx, tx, s.actor(r), u.ID, code, s.now())
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
			s.wrong(r, try)
			data.Errors[form+".code"] = data.T.Tr("admin.totp.wrong_code")
		case err != nil:
			return false, err
		}
	}
	if len(data.Errors) > 0 {
		return false, s.render(w, http.StatusUnprocessableEntity, view.PageAdminAccount, data)
	}
	if err := s.store.ClearLoginFailures(ctx, u.Email); err != nil {
		return false, err
	}
	return true, nil
}

// totpDisable turns the user's two-factor login off, with their
// password and a code. An account an admin requires it of is sent to set
// it up again at once (a new phone, say).
func (s *server) totpDisable(w http.ResponseWriter, r *http.Request) error {
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

// totpRecovery replaces the user's recovery codes, with their
// password and a code, and shows the new ones once.
func (s *server) totpRecovery(w http.ResponseWriter, r *http.Request) error {
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
