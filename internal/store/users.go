package store

import (
	"context"
	"net/netip"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Roles.
const (
	RoleAdmin  = "admin"
	RoleEditor = "editor"
	// RoleTranslator edits the texts of the languages assigned to the
	// account (User.Langs) and submits them for review.
	RoleTranslator = "translator"
)

// User is an editor's or admin's account.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         string
	PasswordHash string
	Lang         string
	SessionEpoch int
	DisabledAt   *time.Time
	CreatedAt    time.Time
	// TOTPEnabledAt is when two-factor login was turned on (nil: off);
	// TOTPRequired, that an admin requires it. The secret itself is read
	// only where a code is checked (totp.go).
	TOTPEnabledAt *time.Time
	TOTPRequired  bool
	// Langs are a translator's languages.
	Langs []string
	// ReviewMail: the user is e-mailed about reviews (reviewmail.go).
	ReviewMail bool
}

// Person is a user where the admin says who did something (a revision's
// author, a review's, a line of the audit log, who else has an entry
// open): their display name and e-mail address, as the queries that name
// people return them. Both are empty for no account (the command line, an
// account since removed).
type Person struct {
	Name, Email string
}

// Shown is how the admin names the person: by their display name, else by
// their e-mail address.
func (p Person) Shown() string {
	if p.Name != "" {
		return p.Name
	}
	return p.Email
}

// Person is the account as the admin names it.
func (u User) Person() Person { return Person{Name: u.Name, Email: u.Email} }

// Translates reports whether the account may edit lang's texts: editors
// and admins every language, a translator those assigned.
func (u User) Translates(lang string) bool {
	if u.Role != RoleTranslator {
		return true
	}
	for _, l := range u.Langs {
		if l == lang {
			return true
		}
	}
	return false
}

// Disabled reports whether the account may no longer log in.
func (u User) Disabled() bool { return u.DisabledAt != nil }

// TOTPEnabled reports whether the account logs in with a second factor.
func (u User) TOTPEnabled() bool { return u.TOTPEnabledAt != nil }

const userColumns = `id, email, name, role, password_hash, lang, session_epoch, disabled_at, created_at,
	totp_enabled_at, totp_required,
	coalesce((SELECT array_agg(ul.lang ORDER BY ul.lang) FROM user_languages ul WHERE ul.user_id = users.id), '{}'), review_mail`

func scanUser(row pgx.CollectableRow) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Lang, &u.SessionEpoch, &u.DisabledAt, &u.CreatedAt,
		&u.TOTPEnabledAt, &u.TOTPRequired, &u.Langs, &u.ReviewMail)
	return u, err
}

func (s *Store) oneUser(ctx context.Context, what, sql string, args ...any) (User, error) {
	rows, err := s.db.Query(ctx, sql, args...)
	if err != nil {
		return User{}, mapErr(what, err)
	}
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	return u, mapErr(what, err)
}

// CreateUser adds an account; a taken e-mail is ErrConflict.
func (s *Store) CreateUser(ctx context.Context, email, name, role, hash, lang string) (User, error) {
	return s.oneUser(ctx, "create user", `INSERT INTO users (email, name, role, password_hash, lang)
		VALUES ($1, $2, $3, $4, $5) RETURNING `+userColumns, strings.TrimSpace(email), name, role, hash, lang)
}

// UserByEmail finds an account by e-mail, case-insensitively.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	return s.oneUser(ctx, "user by email", `SELECT `+userColumns+` FROM users WHERE lower(email) = lower($1)`, strings.TrimSpace(email))
}

// UserByID finds an account.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	return s.oneUser(ctx, "user by id", `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
}

// Users lists every account, admins first.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY disabled_at IS NOT NULL, role, lower(email)`)
	if err != nil {
		return nil, mapErr("users", err)
	}
	us, err := pgx.CollectRows(rows, scanUser)
	return us, mapErr("users", err)
}

// Authors lists the accounts that created entries, by name.
func (s *Store) Authors(ctx context.Context) ([]User, error) {
	rows, err := s.db.Query(ctx, `SELECT `+userColumns+` FROM users
		WHERE id IN (SELECT author_id FROM entries WHERE author_id IS NOT NULL)
		ORDER BY lower(coalesce(nullif(name, ''), email))`)
	if err != nil {
		return nil, mapErr("authors", err)
	}
	us, err := pgx.CollectRows(rows, scanUser)
	return us, mapErr("authors", err)
}

// CountUsers counts the accounts.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, mapErr("count users", err)
}

// SetPassword replaces a password hash and ends the user's sessions (their
// epoch moves on). It returns the new epoch.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) (int, error) {
	var epoch int
	err := s.db.QueryRow(ctx, `UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1, updated_at = now()
		WHERE id = $1 RETURNING session_epoch`, id, hash).Scan(&epoch)
	return epoch, mapErr("set password", err)
}

// SetDisabled disables (ending every session) or enables an account.
func (s *Store) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	tag, err := s.db.Exec(ctx, `UPDATE users SET
		disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END,
		session_epoch = session_epoch + CASE WHEN $2 THEN 1 ELSE 0 END, updated_at = now()
		WHERE id = $1`, id, disabled)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr("disable user", err)
}

// DeleteUser removes a disabled account and what was its alone: its
// languages, recovery codes and presence (the references cascade), its
// failed logins, and the review and test mail to its address, queued,
// sent or kept in the outbox. What it did stays, credited to no account
// (entries, revisions, photos, reviews); the audit log keeps its number.
// It returns the address the account had. The account is locked first:
// one enabled meanwhile is ErrConflict, a missing one ErrNotFound.
func (s *Store) DeleteUser(ctx context.Context, id int64) (email string, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		var disabled bool
		if err := tx.db.QueryRow(ctx, `SELECT email, disabled_at IS NOT NULL FROM users WHERE id = $1 FOR UPDATE`, id).
			Scan(&email, &disabled); err != nil {
			return mapErr("delete user", err)
		}
		if !disabled {
			return ErrConflict
		}
		if err := tx.ClearLoginFailures(ctx, email); err != nil {
			return err
		}
		if _, err := tx.db.Exec(ctx, eraseAccountMailSQL, email); err != nil {
			return mapErr("delete user's mail", err)
		}
		if _, err := tx.db.Exec(ctx, eraseOutboxSQL, email); err != nil {
			return mapErr("delete user's outbox", err)
		}
		_, err := tx.db.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)
		return mapErr("delete user", err)
	})
	return email, err
}

// SetRole changes an account's role.
func (s *Store) SetRole(ctx context.Context, id int64, role string) error {
	tag, err := s.db.Exec(ctx, `UPDATE users SET role = $2, updated_at = now() WHERE id = $1`, id, role)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr("set role", err)
}

// SetUserIdentity corrects a user's e-mail address and name; ErrConflict
// when another account has the address.
func (s *Store) SetUserIdentity(ctx context.Context, id int64, email, name string) error {
	tag, err := s.db.Exec(ctx, `UPDATE users SET email = $2, name = $3, updated_at = now() WHERE id = $1`, id, email, name)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr("user identity", err)
}

// SetUserName sets a user's display name.
func (s *Store) SetUserName(ctx context.Context, id int64, name string) error {
	tag, err := s.db.Exec(ctx, `UPDATE users SET name = $2, updated_at = now() WHERE id = $1`, id, name)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr("user name", err)
}

// NameTaken reports whether an account other than except has the display
// name name, in any case (an empty name is nobody's).
func (s *Store) NameTaken(ctx context.Context, name string, except int64) (bool, error) {
	var taken bool
	err := s.db.QueryRow(ctx, `SELECT $1 <> '' AND EXISTS (SELECT 1 FROM users WHERE lower(name) = lower($1) AND id <> $2)`,
		name, except).Scan(&taken)
	return taken, mapErr("name taken", err)
}

// SetUserLang sets the language of a user's admin.
func (s *Store) SetUserLang(ctx context.Context, id int64, lang string) error {
	_, err := s.db.Exec(ctx, `UPDATE users SET lang = $2, updated_at = now() WHERE id = $1`, id, lang)
	return mapErr("set user lang", err)
}

// StartLoginTry decides on a login try for an account from a client at a
// time (secondFactor: a code after the right password): it counts the failures that bear on it (as LoginFailures) and,
// unless refuse says the try must wait, records it as a failure (a
// success then forgets it with ForgetLoginAttempt) and returns its id; a
// refused try is not recorded (id 0). Tries for one account, and tries
// from one client, are decided one at a time, so that a burst of
// concurrent tries cannot all read the same count and slip through.
func (s *Store) StartLoginTry(ctx context.Context, email string, ip netip.Addr, secondFactor bool, at, since, accountSince time.Time,
	refuse func(LoginFailureCounts) bool) (id int64, c LoginFailureCounts, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	err = s.InTx(ctx, func(tx *Store) error {
		// Always the account's lock first, then the client's: no deadlock.
		if _, err := tx.db.Exec(ctx, `SELECT pg_advisory_xact_lock(1, hashtext($1)), pg_advisory_xact_lock(2, hashtext($2))`,
			email, ip.String()); err != nil {
			return mapErr("lock login try", err)
		}
		var err error
		if c, err = tx.LoginFailures(ctx, email, ip, since, accountSince, 0); err != nil {
			return err
		}
		if refuse(c) {
			return nil
		}
		err = tx.db.QueryRow(ctx, `INSERT INTO login_failures (email, ip, created_at, second_factor) VALUES ($1, $2, $3, $4) RETURNING id`,
			email, ip, at, secondFactor).Scan(&id)
		return mapErr("record login try", err)
	})
	return id, c, err
}

// ForgetLoginAttempt removes an attempt that turned out right.
func (s *Store) ForgetLoginAttempt(ctx context.Context, id int64) error {
	_, err := s.db.Exec(ctx, `DELETE FROM login_failures WHERE id = $1`, id)
	return mapErr("forget login attempt", err)
}

// LoginFailureCounts are the failures that bear on one login try.
type LoginFailureCounts struct {
	Pair, Client, Account      int // the account from the client; the client; the account
	PairLast, ClientLast       time.Time
	AccountLast, AccountOldest time.Time
	Codes                      int // the account's wrong second-factor codes, from anywhere
	CodesLast                  time.Time
}

// LoginFailures counts the failures of an account from a client, of the
// client, and the account's wrong second-factor codes since since, and the
// account's failures from anywhere since accountSince, leaving out the
// attempt except (0: none).
func (s *Store) LoginFailures(ctx context.Context, email string, ip netip.Addr, since, accountSince time.Time, except int64) (LoginFailureCounts, error) {
	var c LoginFailureCounts
	var pl, cl, al, ao, kl *time.Time
	err := s.db.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM login_failures WHERE email = lower($1) AND ip = $2 AND created_at > $3 AND id <> $5),
		(SELECT max(created_at) FROM login_failures WHERE email = lower($1) AND ip = $2 AND created_at > $3 AND id <> $5),
		(SELECT count(*) FROM login_failures WHERE ip = $2 AND created_at > $3 AND id <> $5),
		(SELECT max(created_at) FROM login_failures WHERE ip = $2 AND created_at > $3 AND id <> $5),
		(SELECT count(*) FROM login_failures WHERE email = lower($1) AND created_at > $4 AND id <> $5),
		(SELECT max(created_at) FROM login_failures WHERE email = lower($1) AND created_at > $4 AND id <> $5),
		(SELECT min(created_at) FROM login_failures WHERE email = lower($1) AND created_at > $4 AND id <> $5),
		(SELECT count(*) FROM login_failures WHERE email = lower($1) AND second_factor AND created_at > $3 AND id <> $5),
		(SELECT max(created_at) FROM login_failures WHERE email = lower($1) AND second_factor AND created_at > $3 AND id <> $5)`,
		strings.TrimSpace(email), ip, since, accountSince, except).Scan(&c.Pair, &pl, &c.Client, &cl, &c.Account, &al, &ao, &c.Codes, &kl)
	for _, p := range []struct {
		from *time.Time
		to   *time.Time
	}{{pl, &c.PairLast}, {cl, &c.ClientLast}, {al, &c.AccountLast}, {ao, &c.AccountOldest}, {kl, &c.CodesLast}} {
		if p.from != nil {
			*p.to = *p.from
		}
	}
	return c, mapErr("login failures", err)
}

// LoginFailure is one failed login try, for the admin.
type LoginFailure struct {
	IP        netip.Addr
	CreatedAt time.Time
}

// RecentLoginFailures returns the newest failures of an account since a
// time, at most limit, and how many there are in all.
func (s *Store) RecentLoginFailures(ctx context.Context, email string, since time.Time, limit int) ([]LoginFailure, int, error) {
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM login_failures WHERE email = lower($1) AND created_at > $2`,
		strings.TrimSpace(email), since).Scan(&total); err != nil {
		return nil, 0, mapErr("recent login failures", err)
	}
	rows, err := s.db.Query(ctx, `SELECT ip, created_at FROM login_failures WHERE email = lower($1) AND created_at > $2
		ORDER BY created_at DESC, id DESC LIMIT $3`, strings.TrimSpace(email), since, limit)
	if err != nil {
		return nil, 0, mapErr("recent login failures", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[LoginFailure])
	return out, total, mapErr("recent login failures", err)
}

// ClearLoginFailures forgets an account's failures: after a good login, a
// new password, or an admin's unlock.
func (s *Store) ClearLoginFailures(ctx context.Context, email string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM login_failures WHERE email = lower($1)`, strings.TrimSpace(email))
	return mapErr("clear login failures", err)
}

// LockActiveAdmins returns the IDs of the enabled admins and, inside InTx,
// locks their rows until the transaction ends. Always in ID order, so two
// admins demoting each other at the same moment wait in turn instead of
// deadlocking, and the second sees the first one's change: the site keeps
// an admin.
func (s *Store) LockActiveAdmins(ctx context.Context) ([]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM users WHERE role = $1 AND disabled_at IS NULL
		ORDER BY id FOR NO KEY UPDATE`, RoleAdmin)
	if err != nil {
		return nil, mapErr("lock admins", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, mapErr("lock admins", err)
}

// SetUserLanguages sets the languages a translator may edit, with an
// audit line.
func (s *Store) SetUserLanguages(ctx context.Context, userID int64, langs []string, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, `DELETE FROM user_languages WHERE user_id = $1`, userID); err != nil {
			return mapErr("user languages", err)
		}
		if _, err := tx.db.Exec(ctx, `INSERT INTO user_languages (user_id, lang) SELECT $1, unnest($2::text[])`, userID, langs); err != nil {
			return mapErr("user languages", err)
		}
		return tx.Audit(ctx, a)
	})
}
