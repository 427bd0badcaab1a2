package admin

import (
	"errors"
	"net/http"
	"strings"

	"vestnik/internal/accounts"
	"vestnik/internal/view"
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
	typed := strings.TrimSpace(r.PostForm.Get("confirm_email"))
	refuse := func(status int, msg error) error {
		data, err := s.userPage(r, u)
		if err != nil {
			return err
		}
		data.DeleteConfirm = typed
		data.Errors["delete"] = data.T.Tr(msg.Error())
		return s.render(w, status, view.PageAdminUserEdit, data)
	}
	if !strings.EqualFold(typed, u.Email) {
		return refuse(http.StatusUnprocessableEntity, errDeleteConfirm)
	}
	err = accounts.Delete(r.Context(), s.store, s.actor(r), u.ID)
	if errors.Is(err, accounts.ErrDeleteEnabled) {
		return refuse(http.StatusConflict, err)
	}
	if err != nil {
		return err
	}
	s.flashText(r, s.bundle.Get(s.adminLang(r)).Tr("admin.users.deleted", "Email", u.Email))
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}
