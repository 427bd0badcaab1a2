package admin

import (
	"errors"
	"net/http"
	"strings"

	"vestnik/internal/accounts"
)

// errDeleteConfirm: the address typed to confirm a deletion is not the
// account's.
var errDeleteConfirm = errors.New("admin.users.err.delete_confirm")

// userDelete removes a disabled account for good, once its e-mail address
// is typed to confirm (no script needed, and no slip of a click deletes
// anyone). What the account did stays, credited to no account; the audit
// log keeps its number and the line of its deletion its address.
func (s *server) userDelete(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(w, r)
	if err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimSpace(r.PostForm.Get("confirm_email")), u.Email) {
		return s.refuseUser(w, r, u, http.StatusUnprocessableEntity, "delete", errDeleteConfirm)
	}
	err = accounts.Delete(r.Context(), s.store, s.actor(r), u.ID)
	if errors.Is(err, accounts.ErrDeleteEnabled) {
		return s.refuseUser(w, r, u, http.StatusConflict, "delete", err)
	}
	if err != nil {
		return err
	}
	s.flashText(r, s.bundle.Get(s.adminLang(r)).Tr("admin.users.deleted", "Email", u.Email))
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}
