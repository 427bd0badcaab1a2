// Package accounts is the service for editors' accounts: creating,
// disabling, resetting passwords and changing roles, each with its audit
// line in the same transaction. The CLI (vestnik user …) and the admin's
// user pages both go through it.
package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/netip"
	"strings"

	"vestnik/internal/auth"
	"vestnik/internal/store"
)

// Validation errors; their texts are message IDs.
var (
	ErrBadEmail = errors.New("user.email_invalid")
	ErrBadRole  = errors.New("user.role_invalid")
	ErrTaken    = errors.New("user.email_taken")
)

// Actor is who makes a change, for the audit log (zero for the CLI).
type Actor struct {
	UserID int64
	IP     netip.Addr
}

func (a Actor) entry(action string, id int64, summary string) store.AuditEntry {
	e := store.AuditEntry{Action: action, ObjectType: "user", ObjectID: id, Summary: summary}
	if a.UserID != 0 {
		e.UserID = &a.UserID
	}
	if a.IP.IsValid() {
		e.IP = &a.IP
	}
	return e
}

// ValidRole reports whether role is a role.
func ValidRole(role string) bool { return role == store.RoleAdmin || role == store.RoleEditor }

// NormalizeEmail checks an address and returns it trimmed.
func NormalizeEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email, "@") {
		return "", ErrBadEmail
	}
	return email, nil
}

// Create adds an account. An empty password is generated and returned, to
// be shown once.
func Create(ctx context.Context, st *store.Store, by Actor, email, name, role, password, lang string) (store.User, string, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return store.User{}, "", err
	}
	if !ValidRole(role) {
		return store.User{}, "", ErrBadRole
	}
	generated := ""
	if password == "" {
		password = auth.RandomPassword(20)
		generated = password
	}
	if err := auth.CheckPasswordRules(password); err != nil {
		return store.User{}, "", err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return store.User{}, "", err
	}
	var u store.User
	err = st.InTx(ctx, func(tx *store.Store) error {
		if u, err = tx.CreateUser(ctx, email, name, role, hash, lang); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return ErrTaken
			}
			return err
		}
		return tx.Audit(ctx, by.entry("user.create", u.ID, fmt.Sprintf("%s (%s)", email, role)))
	})
	return u, generated, err
}

// SetPassword sets a new password (generated when empty, and returned) and
// ends the user's sessions. It returns the new session epoch.
func SetPassword(ctx context.Context, st *store.Store, by Actor, id int64, password, action string) (generated string, epoch int, err error) {
	if password == "" {
		password = auth.RandomPassword(20)
		generated = password
	}
	if err := auth.CheckPasswordRules(password); err != nil {
		return "", 0, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", 0, err
	}
	err = st.InTx(ctx, func(tx *store.Store) error {
		if epoch, err = tx.SetPassword(ctx, id, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry(action, id, ""))
	})
	return generated, epoch, err
}

// SetDisabled disables an account (ending its sessions) or enables it again.
func SetDisabled(ctx context.Context, st *store.Store, by Actor, id int64, disabled bool) error {
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	return st.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetDisabled(ctx, id, disabled); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry(action, id, ""))
	})
}

// SetRole changes an account's role.
func SetRole(ctx context.Context, st *store.Store, by Actor, id int64, role string) error {
	if !ValidRole(role) {
		return ErrBadRole
	}
	return st.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetRole(ctx, id, role); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry("user.role", id, role))
	})
}
