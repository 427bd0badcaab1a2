package admin

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"vestnik/internal/accounts"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// Refusals that keep the site with an admin; their texts are message IDs.
var (
	errSelfDemote  = errors.New("admin.users.err.self_demote")
	errSelfDisable = errors.New("admin.users.err.self_disable")
	errLastAdmin   = accounts.ErrLastAdmin
)

// targetUser reads the form of a POST to a user page and the account it
// is about.
func (s *server) targetUser(w http.ResponseWriter, r *http.Request) (store.User, error) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return store.User{}, err
	}
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return store.User{}, err
	}
	return s.store.UserByID(r.Context(), id)
}

// failuresShown is how many of an account's recent failed logins its page
// lists, and failuresSince how far back it looks.
const (
	failuresShown = 10
	failuresSince = 24 * time.Hour
)

// userPage is the data of an account's page, with its recent failed logins.
func (s *server) userPage(r *http.Request, u store.User) (view.UserEdit, error) {
	b := s.base(r, "users")
	b.Title = b.T.Tr("admin.users.edit_title", "Email", u.Email)
	me := currentUser(r.Context())
	data := view.UserEdit{AdminBase: b, Account: s.userRow(u), Self: me != nil && me.ID == u.ID, Errors: map[string]string{},
		TwoFactor: view.TwoFactor{EnabledAt: u.TOTPEnabledAt, Required: u.TOTPRequired}}
	data.TranslatorLangs = s.translatorLangChoices(u.Langs, u.Langs)
	data.Identity = view.UserForm{Email: u.Email, Name: u.Name}
	data.NoLanguages = !slices.ContainsFunc(data.TranslatorLangs, func(l view.LangChoice) bool { return l.Selected })
	recent, total, err := s.store.RecentLoginFailures(r.Context(), u.Email, s.now().Add(-failuresSince), failuresShown)
	if err != nil {
		return data, err
	}
	data.Failures.Total = total
	for _, f := range recent {
		data.Failures.Recent = append(data.Failures.Recent, view.FailureRow{When: f.CreatedAt, Client: f.IP.String()})
	}
	return data, nil
}

// refuseUser shows the account's page again with a message (an ID) beside
// the field whose change was refused, and what the refused form had typed
// (the address and name, or the address confirming a deletion) as typed.
func (s *server) refuseUser(w http.ResponseWriter, r *http.Request, u store.User, status int, field string, msg error) error {
	data, err := s.userPage(r, u)
	if err != nil {
		return err
	}
	if r.PostForm.Has("email") {
		data.Identity = view.UserForm{Email: strings.TrimSpace(r.PostForm.Get("email")), Name: r.PostForm.Get("name")}
	}
	data.DeleteConfirm = strings.TrimSpace(r.PostForm.Get("confirm_email"))
	data.Errors[field] = data.T.Tr(msg.Error())
	return s.render(w, status, view.PageAdminUserEdit, data)
}

// userDone ends a change with its message on the account's page.
func (s *server) userDone(w http.ResponseWriter, r *http.Request, id int64, msg string) error {
	s.flash(r, msg)
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// keepingAnAdmin runs change, which takes account id's admin rights away,
// and refuses with errLastAdmin when id would leave no enabled admin
// (accounts.KeepingAnAdmin). Refusing self-demotion already keeps an
// admin one request at a time; this keeps one when two admins demote
// each other at the same moment.
func (s *server) keepingAnAdmin(ctx context.Context, id int64, change func(*store.Store) error) error {
	return accounts.KeepingAnAdmin(ctx, s.store, id, change)
}

// user shows one account with its forms.
func (s *server) user(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.store.UserByID(r.Context(), id)
	if err != nil {
		return err
	}
	data, err := s.userPage(r, u)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageAdminUserEdit, data)
}

// userRole changes an account's role. Admins cannot demote
// themselves: the site keeps an admin.
func (s *server) userRole(w http.ResponseWriter, r *http.Request) error {
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

// userDisable disables an account, which ends all its sessions.
func (s *server) userDisable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, true)
}

// userEnable lets a disabled account log in again.
func (s *server) userEnable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, false)
}

func (s *server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
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

// userPassword gives an account a generated password, shown on this
// answer only, and ends the account's sessions. An admin resetting their
// own keeps this session, as on the account page.
func (s *server) userPassword(w http.ResponseWriter, r *http.Request) error {
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
	data, err := s.userPage(r, u)
	if err != nil {
		return err
	}
	data.Password = password
	return s.render(w, http.StatusOK, view.PageAdminUserEdit, data)
}

// userUnlock forgets the account's failed logins: whoever was locked out
// by them, the owner included, may try again at once.
func (s *server) userUnlock(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(w, r)
	if err != nil {
		return err
	}
	if err := accounts.Unlock(r.Context(), s.store, s.actor(r), u.ID); err != nil {
		return err
	}
	return s.userDone(w, r, u.ID, "admin.users.unlocked")
}

// userLanguages sets the languages a translator edits (lang checkboxes):
// those the site serves, and any the account has already
// (accounts.SetLanguages). Another is refused with the ticks as posted.
func (s *server) userLanguages(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(w, r)
	if err != nil {
		return err
	}
	posted := r.PostForm["lang"]
	langs, err := accounts.SetLanguages(r.Context(), s.store, s.actor(r), u, posted)
	var bad *accounts.LangError
	switch {
	case errors.As(err, &bad):
		data, err := s.userPage(r, u)
		if err != nil {
			return err
		}
		data.TranslatorLangs = s.translatorLangChoices(posted, u.Langs)
		data.Errors["langs"] = data.T.Tr("admin.users.err.langs")
		return s.render(w, http.StatusUnprocessableEntity, view.PageAdminUserEdit, data)
	case err != nil:
		return err
	}
	if len(langs) == 0 {
		return s.userDone(w, r, u.ID, "admin.users.languages_none")
	}
	return s.userDone(w, r, u.ID, "admin.users.languages_saved")
}

// userIdentity corrects an account's e-mail address and name.
func (s *server) userIdentity(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(w, r)
	if err != nil {
		return err
	}
	email, typed := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("name")
	name, nameErr := accounts.CleanName(typed)
	if nameErr == nil && email == u.Email && name == u.Name {
		return s.userDone(w, r, u.ID, "admin.users.unchanged")
	}
	if nameErr != nil {
		return s.refuseUser(w, r, u, http.StatusUnprocessableEntity, "name", nameErr)
	}
	err = accounts.SetIdentity(r.Context(), s.store, s.actor(r), u, email, name)
	switch {
	case errors.Is(err, accounts.ErrTaken), errors.Is(err, accounts.ErrBadEmail):
		return s.refuseUser(w, r, u, http.StatusUnprocessableEntity, "email", err)
	case errors.Is(err, accounts.ErrNameTaken):
		return s.refuseUser(w, r, u, http.StatusUnprocessableEntity, "name", err)
	case err != nil:
		return err
	}
	return s.userDone(w, r, u.ID, "admin.users.identity_saved")
}
