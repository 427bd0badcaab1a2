package admin

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"vestnik/internal/accounts"
	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// userRow is an account as the user pages show it.
func (s *server) userRow(u store.User) view.UserRow {
	row := view.UserRow{ID: u.ID, Email: u.Email, Name: u.Name, Shown: u.Person().Shown(), Role: u.Role, Lang: u.Lang, LangName: u.Lang,
		CreatedAt: u.CreatedAt, Disabled: u.DisabledAt}
	if l := s.bundle.Get(u.Lang); l != nil {
		row.LangName = l.Tr("language.self")
	}
	return row
}

// translatorLangChoices lists the languages a translator may be given, as
// checkboxes ticked for selected: the languages the site serves, then
// those of kept (the account's own) that it no longer serves — a language
// turned off keeps its translators until unticked (accounts.Langs).
func (s *server) translatorLangChoices(selected, kept []string) []view.LangChoice {
	var out []view.LangChoice
	add := func(code string, l *i18n.Localizer, off bool) {
		out = append(out, view.LangChoice{Code: code, Name: l.Tr("language.self"), Off: off, Selected: slices.Contains(selected, code)})
	}
	codes := s.bundle.Codes()
	for _, code := range codes {
		add(code, s.bundle.Get(code), false)
	}
	for _, code := range kept {
		if l := s.bundle.Known(code); l != nil && !slices.Contains(codes, code) {
			add(code, l, true)
		}
	}
	return out
}

// usersPage is the list of accounts with the create form as typed; errs
// maps fields to message IDs.
func (s *server) usersPage(r *http.Request, form view.UserForm, errs map[string]string) (view.UserList, error) {
	b := s.base(r, "users")
	b.Title = b.T.Tr("admin.users.title")
	data := view.UserList{AdminBase: b, Form: form, Errors: map[string]string{}}
	for field, id := range errs {
		data.Errors[field] = b.T.Tr(id)
	}
	data.TranslatorLangs = s.translatorLangChoices(form.Langs, nil)
	us, err := s.store.Users(r.Context())
	if err != nil {
		return data, err
	}
	for _, u := range us {
		data.Users = append(data.Users, s.userRow(u))
	}
	return data, nil
}

// users lists every account, with a form for a new one.
func (s *server) users(w http.ResponseWriter, r *http.Request) error {
	data, err := s.usersPage(r, view.UserForm{Role: store.RoleEditor, Lang: s.bundle.Default()}, nil)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageAdminUsers, data)
}

// userCreate adds an account with a generated password, which the
// answer shows this once: the page is rendered here rather than after a
// redirect, so the password is in no URL, session or log.
func (s *server) userCreate(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	f := view.UserForm{
		Email: strings.TrimSpace(r.PostForm.Get("email")),
		Name:  r.PostForm.Get("name"), // as typed, until it is checked
		Role:  r.PostForm.Get("role"),
		Lang:  r.PostForm.Get("lang"),
	}
	f.Langs = r.PostForm["langs"]
	// Every field is checked before accounts.Create, which stops at the
	// first problem, so that one answer names them all.
	errs := map[string]string{}
	if _, err := accounts.NormalizeEmail(f.Email); err != nil {
		errs["email"] = err.Error()
	}
	if name, err := accounts.CleanName(f.Name); err != nil {
		errs["name"] = err.Error()
	} else {
		f.Name = name
	}
	if !accounts.ValidRole(f.Role) {
		errs["role"] = accounts.ErrBadRole.Error()
	}
	var bad *accounts.LangError
	switch err := accounts.Lang(r.Context(), s.store, f.Lang); {
	case errors.As(err, &bad):
		errs["lang"] = "admin.err.lang"
	case err != nil:
		return err
	}
	// The languages a translator edits; other roles edit every one.
	var langs []string
	if f.Role == store.RoleTranslator {
		var err error
		langs, err = accounts.Langs(r.Context(), s.store, f.Langs, nil)
		switch {
		case errors.As(err, &bad):
			errs["langs"] = "admin.users.err.langs"
		case err != nil:
			return err
		}
	}
	if len(errs) == 0 {
		u, password, err := accounts.Create(r.Context(), s.store, s.actor(r), f.Email, f.Name, f.Role, "", accounts.Options{Lang: f.Lang, Langs: langs})
		switch {
		case errors.Is(err, accounts.ErrTaken), errors.Is(err, accounts.ErrBadEmail):
			errs["email"] = err.Error()
		case errors.Is(err, accounts.ErrNameTaken):
			errs["name"] = err.Error()
		case errors.Is(err, accounts.ErrBadRole):
			errs["role"] = err.Error()
		case errors.As(err, &bad): // turned off meanwhile
			errs["langs"] = "admin.users.err.langs"
		case err != nil:
			return err
		default:
			data, err := s.userPage(r, u)
			if err != nil {
				return err
			}
			data.Password, data.Created = password, true
			return s.render(w, http.StatusOK, view.PageAdminUserEdit, data)
		}
	}
	data, err := s.usersPage(r, f, errs)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusUnprocessableEntity, view.PageAdminUsers, data)
}
