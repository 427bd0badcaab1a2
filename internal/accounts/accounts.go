// Package accounts is the service for editors' accounts: creating,
// disabling, resetting passwords, changing roles and two-factor login,
// each with its audit line in the same transaction. The CLI (vestnik user …) and the admin's
// user pages both go through it.
package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/netip"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"vestnik/internal/auth"
	"vestnik/internal/store"
)

// Validation errors; their texts are message IDs.
var (
	ErrBadEmail = errors.New("user.email_invalid")
	ErrBadRole  = errors.New("user.role_invalid")
	ErrTaken    = errors.New("user.email_taken")
	// ErrLastAdmin: the change would leave the site without an enabled
	// admin.
	ErrLastAdmin = errors.New("admin.users.err.last_admin")
	// ErrNameLong and ErrNameChars refuse a display name (CleanName).
	ErrNameLong  = errors.New("admin.users.err.name_long")
	ErrNameChars = errors.New("admin.users.err.name_chars")
	// ErrNameAddress refuses a name with "@", and ErrNameTaken one
	// another account has: the admin names people by their name, and
	// either would let one pass for another.
	ErrNameAddress = errors.New("admin.users.err.name_address")
	ErrNameTaken   = errors.New("admin.users.err.name_taken")
)

// MaxName caps an account's display name, in characters.
const MaxName = 200

// CleanName checks a display name and returns it as it is stored: trimmed,
// each run of spaces, tabs or line breaks one space. It refuses a name
// longer than MaxName (ErrNameLong); one with a control character or an
// invisible one (a format character: a zero-width space, or a mark that
// reorders text, with which a name in the audit log could read as
// another's), or that is not UTF-8 (ErrNameChars); and one with "@", which
// would read as an address (ErrNameAddress). An empty name is allowed: the
// admin then shows the e-mail address (store.Person). That no other
// account has it is checked where it is stored (ErrNameTaken).
func CleanName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", ErrNameChars
	}
	name = strings.Join(strings.Fields(name), " ")
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return name, ErrNameChars
		}
	}
	if strings.ContainsAny(name, "@＠") {
		return name, ErrNameAddress
	}
	if utf8.RuneCountInString(name) > MaxName {
		return name, ErrNameLong
	}
	return name, nil
}

// nameFree is ErrNameTaken when an account other than id has name.
func nameFree(ctx context.Context, st *store.Store, name string, id int64) error {
	taken, err := st.NameTaken(ctx, name, id)
	if err == nil && taken {
		err = ErrNameTaken
	}
	return err
}

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
func ValidRole(role string) bool {
	return role == store.RoleAdmin || role == store.RoleEditor || role == store.RoleTranslator
}

// NormalizeEmail checks an address and returns it trimmed.
func NormalizeEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email, "@") {
		return "", ErrBadEmail
	}
	return email, nil
}

// Options are what a new account may be given beside its address, name,
// role and password.
type Options struct {
	// Lang is the language of the admin's pages for the account.
	Lang string
	// Langs are the languages a translator edits (Langs' rule).
	Langs []string
}

// Create adds an account. An empty password is generated and returned, to
// be shown once. A translator's languages (opts.Langs) are checked before
// anything is stored and saved in the same transaction: the account never
// exists without them.
func Create(ctx context.Context, st *store.Store, by Actor, email, name, role, password string, opts Options) (store.User, string, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return store.User{}, "", err
	}
	if name, err = CleanName(name); err != nil {
		return store.User{}, "", err
	}
	if !ValidRole(role) {
		return store.User{}, "", ErrBadRole
	}
	langs, err := Langs(ctx, st, opts.Langs, nil)
	if err != nil {
		return store.User{}, "", err
	}
	generated := ""
	if password == "" {
		password = auth.RandomPassword(20)
		generated = password
	}
	if err := auth.CheckPasswordRules(password, email, name); err != nil {
		return store.User{}, "", err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return store.User{}, "", err
	}
	var u store.User
	err = st.InTx(ctx, func(tx *store.Store) error {
		if err := nameFree(ctx, tx, name, 0); err != nil {
			return err
		}
		if u, err = tx.CreateUser(ctx, email, name, role, hash, opts.Lang); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return ErrTaken
			}
			return err
		}
		if err := tx.Audit(ctx, by.entry("user.create", u.ID, fmt.Sprintf("%s (%s)", email, role))); err != nil {
			return err
		}
		if len(langs) == 0 {
			return nil
		}
		u.Langs = langs
		return tx.SetUserLanguages(ctx, u.ID, langs, by.entry("user.languages", u.ID, email+": "+strings.Join(langs, ", ")))
	})
	return u, generated, err
}

// SetIdentity corrects an account's e-mail address and name (an address
// mistyped at creation, a name changed), with its audit line naming the
// old address and the new.
func SetIdentity(ctx context.Context, st *store.Store, by Actor, u store.User, email, name string) error {
	email, err := NormalizeEmail(email)
	if err != nil {
		return err
	}
	if name, err = CleanName(name); err != nil {
		return err
	}
	summary := email
	if !strings.EqualFold(u.Email, email) {
		summary = u.Email + " → " + email
	}
	return st.InTx(ctx, func(tx *store.Store) error {
		if err := nameFree(ctx, tx, name, u.ID); err != nil {
			return err
		}
		if err := tx.SetUserIdentity(ctx, u.ID, email, name); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return ErrTaken
			}
			return err
		}
		return tx.Audit(ctx, by.entry("user.identity", u.ID, summary))
	})
}

// SetName sets an account's display name (CleanName's rule), with its
// audit line: the user's own change on their account page.
func SetName(ctx context.Context, st *store.Store, by Actor, u store.User, name string) error {
	name, err := CleanName(name)
	if err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Store) error {
		if err := nameFree(ctx, tx, name, u.ID); err != nil {
			return err
		}
		if err := tx.SetUserName(ctx, u.ID, name); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry("user.identity", u.ID, u.Email))
	})
}

// SetPassword sets a new password (generated when empty, and returned) and
// ends the user's sessions. It returns the new session epoch.
func SetPassword(ctx context.Context, st *store.Store, by Actor, id int64, password, action string) (generated string, epoch int, err error) {
	if password == "" {
		password = auth.RandomPassword(20)
		generated = password
	}
	u, err := st.UserByID(ctx, id)
	if err != nil {
		return "", 0, err
	}
	if err := auth.CheckPasswordRules(password, u.Email, u.Name); err != nil {
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
		// A new password ends any lockout: whoever was guessing guessed
		// the old one.
		if err := clearFailures(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry(action, id, ""))
	})
	return generated, epoch, err
}

// Unlock forgets an account's failed logins, ending any wait they caused.
func Unlock(ctx context.Context, st *store.Store, by Actor, id int64) error {
	return st.InTx(ctx, func(tx *store.Store) error {
		if err := clearFailures(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry("user.unlock", id, ""))
	})
}

func clearFailures(ctx context.Context, tx *store.Store, id int64) error {
	u, err := tx.UserByID(ctx, id)
	if err != nil {
		return err
	}
	return tx.ClearLoginFailures(ctx, u.Email)
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

// ErrDeleteEnabled refuses to delete an account that can still log in:
// it is disabled first, which also keeps the site an admin and an admin
// from deleting themselves.
var ErrDeleteEnabled = errors.New("admin.users.err.delete_enabled")

// Delete removes a disabled account for good (store.DeleteUser); its
// audit line keeps the address it had.
func Delete(ctx context.Context, st *store.Store, by Actor, id int64) error {
	return st.InTx(ctx, func(tx *store.Store) error {
		email, err := tx.DeleteUser(ctx, id)
		if errors.Is(err, store.ErrConflict) {
			return ErrDeleteEnabled
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry("user.delete", id, email))
	})
}

// KeepingAnAdmin runs change, which takes account id's admin rights away
// (disabling or demoting it), in a transaction that first locks the
// enabled admins and refuses with ErrLastAdmin when id would leave none:
// two admins demoting each other at the same moment, or the CLI disabling
// the only one, still leave the site an admin. The accounts functions
// nest their own transaction inside this one, so the audit line still
// commits with the change.
func KeepingAnAdmin(ctx context.Context, st *store.Store, id int64, change func(*store.Store) error) error {
	return st.InTx(ctx, func(tx *store.Store) error {
		admins, err := tx.LockActiveAdmins(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(admins, func(a int64) bool { return a != id }) {
			return ErrLastAdmin
		}
		return change(tx)
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

// ErrTOTPOn means two-factor login is on already.
var ErrTOTPOn = errors.New("admin.totp.already_on")

// EnableTOTP turns two-factor login on with secret, whose first code (the
// one that proved the user set it up) was for step. It returns new
// recovery codes, to be shown once and stored only hashed, and the new
// session epoch: the account's other sessions, opened with the password
// alone, end.
func EnableTOTP(ctx context.Context, st *store.Store, by Actor, id int64, secret string, step int64) (codes []string, epoch int, err error) {
	codes = auth.NewRecoveryCodes()
	err = st.InTx(ctx, func(tx *store.Store) error {
		if epoch, err = tx.EnableTOTP(ctx, id, secret, step); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return ErrTOTPOn
			}
			return err
		}
		if err := tx.SetRecoveryCodes(ctx, id, hashCodes(id, codes)); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry("user.totp_enable", id, ""))
	})
	if err != nil {
		return nil, 0, err
	}
	return codes, epoch, nil
}

// DisableTOTP turns two-factor login off; action is "user.totp_disable"
// (by the user) or "user.totp_reset" (by an admin).
func DisableTOTP(ctx context.Context, st *store.Store, by Actor, id int64, action string) error {
	return st.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DisableTOTP(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry(action, id, ""))
	})
}

// NewRecoveryCodes replaces an account's recovery codes and returns the
// new ones, to be shown once.
func NewRecoveryCodes(ctx context.Context, st *store.Store, by Actor, id int64) ([]string, error) {
	codes := auth.NewRecoveryCodes()
	err := st.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetRecoveryCodes(ctx, id, hashCodes(id, codes)); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry("user.recovery_codes", id, ""))
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

func hashCodes(id int64, codes []string) [][]byte {
	hashes := make([][]byte, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashRecoveryCode(id, c)
	}
	return hashes
}

// UseSecondFactor checks code, an authenticator's code or a recovery code,
// for account id and uses it up: a TOTP code's time step is recorded (that
// code and older ones no longer work), a recovery code is marked used with
// its audit line. False when the code is wrong, used already, or the
// account has two-factor login off. Run it in the transaction of what the
// code allows, so that a failure there leaves the code unused.
func UseSecondFactor(ctx context.Context, st *store.Store, by Actor, id int64, code string, now time.Time) (bool, error) {
	if auth.IsTOTPCode(code) {
		secret, last, err := st.TOTPSecret(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		step, ok := auth.MatchTOTP(secret, code, now, last)
		if !ok {
			return false, nil
		}
		return st.UseTOTPStep(ctx, id, step)
	}
	code = auth.NormalizeRecoveryCode(code)
	if code == "" || len(code) > 64 {
		return false, nil
	}
	var ok bool
	err := st.InTx(ctx, func(tx *store.Store) error {
		if _, _, err := tx.TOTPSecret(ctx, id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil // two-factor is off: no code counts
			}
			return err
		}
		var err error
		if ok, err = tx.UseRecoveryCode(ctx, id, auth.HashRecoveryCode(id, code)); err != nil || !ok {
			return err
		}
		return tx.Audit(ctx, by.entry("user.recovery_code_used", id, ""))
	})
	return ok, err
}

// SetTOTPRequired sets whether an admin requires the account to log in
// with a second factor.
func SetTOTPRequired(ctx context.Context, st *store.Store, by Actor, id int64, required bool) error {
	action := "user.totp_not_required"
	if required {
		action = "user.totp_required"
	}
	return st.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetTOTPRequired(ctx, id, required); err != nil {
			return err
		}
		return tx.Audit(ctx, by.entry(action, id, ""))
	})
}
