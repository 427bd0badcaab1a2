package admin

import (
	"errors"
	"net/http"

	"vestnik/internal/accounts"
	"vestnik/internal/httpx"
	"vestnik/internal/view"
)

// accountName sets the user's own display name: how the admin names them
// to the others (revisions, reviews, the audit log, "also has this entry
// open"), instead of their e-mail address. A name refused is shown again
// as typed, with why.
func (s *server) accountName(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	ctx := r.Context()
	u := currentUser(ctx)
	typed := r.PostForm.Get("name")
	name, err := accounts.CleanName(typed)
	if err == nil && name == u.Name {
		s.flash(r, "admin.users.unchanged")
		http.Redirect(w, r, "/admin/account#name", http.StatusSeeOther)
		return nil
	}
	if err == nil {
		err = accounts.SetName(ctx, s.store, s.actor(r), *u, name)
	}
	switch {
	case errors.Is(err, accounts.ErrNameLong), errors.Is(err, accounts.ErrNameChars),
		errors.Is(err, accounts.ErrNameAddress), errors.Is(err, accounts.ErrNameTaken):
		data, derr := s.accountPage(r)
		if derr != nil {
			return derr
		}
		data.Values["name"] = typed
		data.Errors["name"] = data.T.Tr(err.Error())
		return s.render(w, http.StatusUnprocessableEntity, view.PageAdminAccount, data)
	case err != nil:
		return err
	}
	s.flash(r, "admin.account.name_saved")
	http.Redirect(w, r, "/admin/account#name", http.StatusSeeOther)
	return nil
}
