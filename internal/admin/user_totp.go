package admin

import (
	"errors"
	"net/http"

	"vestnik/internal/accounts"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
)

// userTOTPRequired sets whether an account must log in with a second
// factor (required=true or false). One that has none set up is sent to set
// it up at their next request, and can reach nothing else before.
func (s *server) userTOTPRequired(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(w, r)
	if err != nil {
		return err
	}
	var required bool
	switch r.PostForm.Get("required") {
	case "true":
		required = true
	case "false":
	default:
		return httpx.ErrBadRequest
	}
	if required == u.TOTPRequired {
		return s.userDone(w, r, u.ID, "admin.users.unchanged")
	}
	if err := accounts.SetTOTPRequired(r.Context(), s.store, s.actor(r), u.ID, required); err != nil {
		return err
	}
	if required {
		return s.userDone(w, r, u.ID, "admin.totp.required_on")
	}
	return s.userDone(w, r, u.ID, "admin.totp.required_off")
}

// userTOTPReset turns an account's two-factor login off, for a user
// who lost their authenticator and their recovery codes. If it is required
// of them, they set it up again at their next login.
func (s *server) userTOTPReset(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(w, r)
	if err != nil {
		return err
	}
	if !u.TOTPEnabled() {
		return s.userDone(w, r, u.ID, "admin.users.unchanged")
	}
	err = accounts.DisableTOTP(r.Context(), s.store, s.actor(r), u.ID, "user.totp_reset")
	if errors.Is(err, store.ErrNotFound) {
		return s.userDone(w, r, u.ID, "admin.users.unchanged") // turned off meanwhile
	}
	if err != nil {
		return err
	}
	return s.userDone(w, r, u.ID, "admin.totp.reset_done")
}
