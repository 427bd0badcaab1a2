package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/accounts"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// Refusals that keep the site with an admin; their texts are message IDs.
var (
	errSelfDemote  = errors.New("admin.users.err.self_demote")
	errSelfDisable = errors.New("admin.users.err.self_disable")
	errLastAdmin   = errors.New("admin.users.err.last_admin")
)

// userIDParam is the {id} of a user page; anything but a positive number
// is a 404.
func userIDParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errNotFound
	}
	return id, nil
}

// targetUser reads the form of a POST to a user page and the account it
// is about.
func (s *Server) targetUser(w http.ResponseWriter, r *http.Request) (store.User, error) {
	id, err := userIDParam(r)
	if err != nil {
		return store.User{}, err
	}
	if err := parseForm(w, r, maxFormBytes); err != nil {
		return store.User{}, err
	}
	return s.store.UserByID(r.Context(), id)
}

// userPage is the data of an account's page.
func (s *Server) userPage(r *http.Request, u store.User) view.UserEdit {
	b := s.adminBase(r, "users")
	b.Title = b.T.Tr("admin.users.edit_title", "Email", u.Email)
	me := currentUser(r.Context())
	return view.UserEdit{AdminBase: b, Account: s.userRow(u), Self: me != nil && me.ID == u.ID, Errors: map[string]string{},
		TwoFactor: view.TwoFactor{EnabledAt: u.TOTPEnabledAt, Required: u.TOTPRequired}}
}

// refuseUser shows the account's page again with a message (an ID) beside
// the field whose change was refused.
func (s *Server) refuseUser(w http.ResponseWriter, r *http.Request, u store.User, status int, field string, msg error) error {
	data := s.userPage(r, u)
	data.Errors[field] = data.T.Tr(msg.Error())
	return s.render(w, status, "admin/user_edit", data)
}

// userDone ends a change with its message on the account's page.
func (s *Server) userDone(w http.ResponseWriter, r *http.Request, id int64, msg string) error {
	s.flash(r, msg)
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// keepingAnAdmin runs change, which takes account id's admin rights away,
// in a transaction that first locks the enabled admins and refuses with
// errLastAdmin when id would leave none. Refusing self-demotion already
// keeps an admin one request at a time; this keeps one when two admins
// demote each other at the same moment. accounts.* nests its own
// transaction inside this one, so the audit line still commits with the
// change.
func (s *Server) keepingAnAdmin(ctx context.Context, id int64, change func(*store.Store) error) error {
	return s.store.InTx(ctx, func(tx *store.Store) error {
		admins, err := tx.LockActiveAdmins(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(admins, func(a int64) bool { return a != id }) {
			return errLastAdmin
		}
		return change(tx)
	})
}

// adminUser shows one account with its forms.
func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(r)
	if err != nil {
		return err
	}
	u, err := s.store.UserByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "admin/user_edit", s.userPage(r, u))
}

// adminUserRole changes an account's role. Admins cannot demote
// themselves: the site keeps an admin.
func (s *Server) adminUserRole(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	role := r.PostForm.Get("role")
	switch {
	case !accounts.ValidRole(role):
		return s.refuseUser(w, r, u, http.StatusUnprocessableEntity, "role", accounts.ErrBadRole)
	case role == u.Role:
		return s.userDone(w, r, u.ID, "admin.users.unchanged")
	case u.ID == currentUser(ctx).ID:
		return s.refuseUser(w, r, u, http.StatusConflict, "role", errSelfDemote)
	}
	change := func(st *store.Store) error { return accounts.SetRole(ctx, st, s.actor(r), u.ID, role) }
	if role == store.RoleAdmin {
		err = change(s.store)
	} else {
		err = s.keepingAnAdmin(ctx, u.ID, change)
	}
	if errors.Is(err, errLastAdmin) {
		return s.refuseUser(w, r, u, http.StatusConflict, "role", err)
	}
	if err != nil {
		return err
	}
	return s.userDone(w, r, u.ID, "admin.users.role_changed")
}

// adminUserDisable disables an account, which ends all its sessions.
func (s *Server) adminUserDisable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, true)
}

// adminUserEnable lets a disabled account log in again.
func (s *Server) adminUserEnable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, false)
}

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	u, err := s.targetUser(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	msg := "admin.users.enabled"
	if disabled {
		msg = "admin.users.disabled"
	}
	switch {
	case u.Disabled() == disabled:
		return s.userDone(w, r, u.ID, msg) // already so: no change, no audit line
	case disabled && u.ID == currentUser(ctx).ID:
		return s.refuseUser(w, r, u, http.StatusConflict, "status", errSelfDisable)
	}
	change := func(st *store.Store) error { return accounts.SetDisabled(ctx, st, s.actor(r), u.ID, disabled) }
	if disabled {
		err = s.keepingAnAdmin(ctx, u.ID, change)
	} else {
		err = change(s.store)
	}
	if errors.Is(err, errLastAdmin) {
		return s.refuseUser(w, r, u, http.StatusConflict, "status", err)
	}
	if err != nil {
		return err
	}
	return s.userDone(w, r, u.ID, msg)
}

// adminUserPassword gives an account a generated password, shown on this
// answer only, and ends the account's sessions. An admin resetting their
// own keeps this session, as on the account page.
func (s *Server) adminUserPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	password, epoch, err := accounts.SetPassword(ctx, s.store, s.actor(r), u.ID, "", "user.reset_password")
	if err != nil {
		return err
	}
	if u.ID == currentUser(ctx).ID {
		if err := s.sessions.RenewToken(ctx); err != nil {
			return err
		}
		s.sessions.Put(ctx, sessEpoch, epoch)
	}
	data := s.userPage(r, u)
	data.Password = password
	return s.render(w, http.StatusOK, "admin/user_edit", data)
}
