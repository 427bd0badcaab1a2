package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"vestnik/internal/auth"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestUserCommand runs `vestnik user …` as an operator would.
func TestUserCommand(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	st := store.New(pool)
	ctx := context.Background()
	vestnik := cli(t, dbURL)
	// A password from stdin (not a terminal); 64 Cyrillic letters are fine.
	pw := strings.Repeat("пароль", 11)
	out, err := vestnik(pw+"\n", "user", "create", "--email", "Chief@Example.org", "--role", "admin")
	if err != nil || !strings.Contains(out, "created admin") {
		t.Fatalf("create: %v\n%s", err, out)
	}
	u, err := st.UserByEmail(ctx, "chief@example.org")
	if err != nil || u.Role != "admin" || !auth.VerifyPassword(pw, u.PasswordHash) {
		t.Fatalf("user %+v %v", u, err)
	}
	// A password piped on more than one line is refused, not cut.
	if out, err := vestnik(pw+"\nsecond line\n", "user", "create", "--email", "two@example.org"); err == nil || !strings.Contains(out, "must be one line") {
		t.Errorf("two lines: %v\n%s", err, out)
	}
	if _, err := st.UserByEmail(ctx, "two@example.org"); err == nil {
		t.Error("two lines: the account was made anyway")
	}
	// A translator with their languages.
	if out, err := vestnik(pw+"\n", "user", "create", "--email", "tr@example.org", "--role", "translator", "--langs", "ru"); err != nil {
		t.Fatalf("create translator: %v\n%s", err, out)
	}
	if tr, err := st.UserByEmail(ctx, "tr@example.org"); err != nil || tr.Role != store.RoleTranslator || strings.Join(tr.Langs, ",") != "ru" {
		t.Errorf("translator %+v %v", tr, err)
	}
	// A language given twice is one.
	if out, err := vestnik(pw+"\n", "user", "create", "--email", "tr3@example.org", "--role", "translator", "--langs", "ru, ru"); err != nil {
		t.Errorf("--langs 'ru, ru': %v\n%s", err, out)
	} else if tr, err := st.UserByEmail(ctx, "tr3@example.org"); err != nil || strings.Join(tr.Langs, ",") != "ru" {
		t.Errorf("--langs 'ru, ru': %v (%v)", tr.Langs, err)
	}
	// A language the site does not have (or has off) makes no account.
	for _, langs := range []string{"xx", "ru,tk"} {
		out, err := vestnik(pw+"\n", "user", "create", "--email", "tr2@example.org", "--role", "translator", "--langs", langs)
		if err == nil || !strings.Contains(out, "not a language the site has on (en, ru)") {
			t.Errorf("--langs %s: %v\n%s", langs, err, out)
		}
		if _, err := st.UserByEmail(ctx, "tr2@example.org"); err == nil {
			t.Errorf("--langs %s: the account was made anyway", langs)
		}
	}
	// An admin language the site does not have is named as such (it read
	// as an e-mail address taken), and a short password says how short.
	if out, err := vestnik(pw+"\n", "user", "create", "--email", "ed3@example.org", "--lang", "de"); err == nil || !strings.Contains(out, `--lang: "de" is not a language the site has on (en, ru)`) {
		t.Errorf("--lang de: %v\n%s", err, out)
	}
	if out, err := vestnik("short\n", "user", "create", "--email", "ed3@example.org"); err == nil || !strings.Contains(out, "At least 12 characters") {
		t.Errorf("short password: %v\n%s", err, out)
	}
	if out, err := vestnik(pw+"\n", "user", "create", "--email", "ed2@example.org", "--langs", "ru"); err == nil || !strings.Contains(out, "for a translator") {
		t.Errorf("--langs for an editor: %v\n%s", err, out)
	}
	if out, err := vestnik(pw+"\n", "user", "create", "--email", "chief@example.org"); err == nil {
		t.Errorf("duplicate e-mail accepted:\n%s", out)
	}
	if out, err := vestnik("short\n", "user", "create", "--email", "x@example.org"); err == nil {
		t.Errorf("short password accepted:\n%s", out)
	}
	if out, err := vestnik("", "user", "create", "--email", "y@example.org", "--role", "root"); err == nil {
		t.Errorf("bad role accepted:\n%s", out)
	}
	out, err = vestnik("", "user", "reset-password", "--email", "chief@example.org")
	if err != nil {
		t.Fatalf("reset: %v\n%s", err, out)
	}
	// An empty stdin line means: generate one and print it once.
	var generated string
	for _, line := range strings.Split(out, "\n") {
		if p, ok := strings.CutPrefix(line, "password: "); ok {
			generated = p
		}
	}
	u2, _ := st.UserByEmail(ctx, "chief@example.org")
	if generated == "" || !auth.VerifyPassword(generated, u2.PasswordHash) || u2.SessionEpoch == u.SessionEpoch {
		t.Errorf("reset-password: %q\n%s", generated, out)
	}
	if _, err := pool.Exec(ctx, `UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled_at = now() WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	if out, err := vestnik("", "user", "reset-2fa", "--email", "chief@example.org"); err != nil || !strings.Contains(out, "turned off") {
		t.Fatalf("reset-2fa: %v\n%s", err, out)
	}
	var enabled bool
	pool.QueryRow(ctx, `SELECT totp_enabled_at IS NOT NULL FROM users WHERE id = $1`, u.ID).Scan(&enabled)
	if enabled {
		t.Error("two-factor login still on after reset-2fa")
	}
	// unlock forgets the account's failed logins.
	if _, err := pool.Exec(ctx, `INSERT INTO login_failures (email, ip) SELECT 'chief@example.org', '198.51.100.1' FROM generate_series(1, 5)`); err != nil {
		t.Fatal(err)
	}
	if out, err := vestnik("", "user", "unlock", "--email", "chief@example.org"); err != nil || !strings.Contains(out, "can log in at once") {
		t.Fatalf("unlock: %v\n%s", err, out)
	}
	var failures, unlocks int
	pool.QueryRow(ctx, `SELECT count(*) FROM login_failures WHERE email = 'chief@example.org'`).Scan(&failures)
	pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = 'user.unlock'`, u.ID).Scan(&unlocks)
	if failures != 0 || unlocks != 1 {
		t.Errorf("after unlock: %d failures, %d audit lines", failures, unlocks)
	}
	// The only enabled admin is not disabled: the site would have none.
	if out, err := vestnik("", "user", "disable", "--email", "chief@example.org"); err == nil || !strings.Contains(out, "without an active admin") {
		t.Fatalf("disable the last admin: %v\n%s", err, out)
	}
	if out, err := vestnik(pw+"\n", "user", "create", "--email", "second@example.org", "--role", "admin"); err != nil {
		t.Fatalf("create a second admin: %v\n%s", err, out)
	}
	if out, err := vestnik("", "user", "disable", "--email", "chief@example.org"); err != nil {
		t.Fatalf("disable: %v\n%s", err, out)
	}
	u3, _ := st.UserByEmail(ctx, "chief@example.org")
	if !u3.Disabled() || u3.SessionEpoch == u2.SessionEpoch {
		t.Errorf("not disabled: %+v", u3)
	}
	var audits int
	pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action IN ('user.create', 'user.reset_password', 'user.disable')`, u.ID).Scan(&audits)
	if audits != 3 {
		t.Errorf("%d audit lines", audits)
	}
	// delete takes a disabled account only.
	if out, err := vestnik("", "user", "delete", "--email", "second@example.org"); err == nil || !strings.Contains(out, "disable it first") {
		t.Fatalf("delete an enabled account: %v\n%s", err, out)
	}
	if out, err := vestnik("", "user", "delete", "--email", "chief@example.org"); err != nil || !strings.Contains(strings.ToLower(out), "deleted chief@example.org") {
		t.Fatalf("delete: %v\n%s", err, out)
	}
	if _, err := st.UserByID(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("still there after delete: %v", err)
	}
	pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = 'user.delete' AND lower(summary) = 'chief@example.org'`, u.ID).Scan(&audits)
	if audits != 1 {
		t.Errorf("%d audit lines of the deletion", audits)
	}
}

// TestUserCreateLang: --lang, the language of the admin's pages for the
// new account, is one the site has on, the new-user form's rule (it took
// any of the site's languages, a turned-off one too); without it, the
// site's default language (it was English, even with English off).
func TestUserCreateLang(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	st := store.New(pool)
	ctx := context.Background()
	vestnik := cli(t, dbURL)
	pw := "a long enough passphrase\n"
	for _, lang := range []string{"tk", "xx"} { // tk: the site has it, off
		out, err := vestnik(pw, "user", "create", "--email", "a@example.org", "--lang", lang)
		if err == nil || !strings.Contains(out, `--lang: "`+lang+`" is not a language the site has on (en, ru)`) {
			t.Errorf("--lang %s: %v\n%s", lang, err, out)
		}
		if _, err := st.UserByEmail(ctx, "a@example.org"); err == nil {
			t.Fatalf("--lang %s: the account was made anyway", lang)
		}
	}
	if out, err := vestnik(pw, "user", "create", "--email", "ru@example.org", "--lang", "ru"); err != nil {
		t.Fatalf("--lang ru: %v\n%s", err, out)
	}
	if u, err := st.UserByEmail(ctx, "ru@example.org"); err != nil || u.Lang != "ru" {
		t.Errorf("--lang ru: %q (%v)", u.Lang, err)
	}
	// Russian the default, English off.
	if _, err := pool.Exec(ctx, `UPDATE languages SET is_default = false WHERE code = 'en';
		UPDATE languages SET is_default = true WHERE code = 'ru';
		UPDATE languages SET enabled = false WHERE code = 'en'`); err != nil {
		t.Fatal(err)
	}
	if out, err := vestnik(pw, "user", "create", "--email", "en@example.org", "--lang", "en"); err == nil || !strings.Contains(out, `--lang: "en" is not a language the site has on (ru)`) {
		t.Errorf("--lang en, off: %v\n%s", err, out)
	}
	if out, err := vestnik(pw, "user", "create", "--email", "default@example.org"); err != nil {
		t.Fatalf("no --lang: %v\n%s", err, out)
	}
	if u, err := st.UserByEmail(ctx, "default@example.org"); err != nil || u.Lang != "ru" {
		t.Errorf("no --lang: %q (%v), want the default language, ru", u.Lang, err)
	}
}

// TestUserListAndArguments: user list shows every account, with its name; words without
// a flag, and unknown commands, are refused before anything is changed
// (they were ignored: --name Ann Smith made an account named "Ann").
func TestUserListAndArguments(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	vestnik := cli(t, dbURL)
	pw := "a long enough passphrase\n"
	for _, args := range [][]string{
		{"user", "create", "--email", "ann@example.org", "--name", "Ann", "Smith"},
		{"user", "create", "extra", "--email", "ann@example.org"},
		{"user", "disable", "--email", "ann@example.org", "bob@example.org"},
		{"user", "list", "everyone"},
		{"user", "remove", "--email", "ann@example.org"},
		{"migrate", "now"},
	} {
		out, err := vestnik(pw, args...)
		if err == nil || !strings.Contains(out, "usage: vestnik") {
			t.Errorf("%v: %v, want a usage error\n%s", args, err, out)
		}
	}
	var n int
	if err := pool.QueryRow(t.Context(), `SELECT count(*) FROM users`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d accounts made by refused commands", n)
	}
	for _, args := range [][]string{
		{"user", "create", "--email", "chief@example.org", "--role", "admin"},
		{"user", "create", "--email", "ed@example.org", "--name", "Ann Smith"},
		{"user", "create", "--email", "tr@example.org", "--role", "translator", "--langs", "ru"},
		{"user", "create", "--email", "old@example.org", "--role", "editor"},
		{"user", "disable", "--email", "old@example.org"},
	} {
		if out, err := vestnik(pw, args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	out, err := vestnik("", "user", "list")
	if err != nil {
		t.Fatalf("list: %v\n%s", err, out)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(line); len(f) >= 4 && strings.Contains(f[0], "@") {
			rows[f[0]] = strings.Join(f[1:], " ")
		}
	}
	for email, want := range map[string]string{
		"chief@example.org": "admin all yes",
		"ed@example.org":    "editor all yes Ann Smith", // --role defaults to editor
		"tr@example.org":    "translator ru yes",
		"old@example.org":   "editor all no",
	} {
		if rows[email] != want {
			t.Errorf("list: %s is %q, want %q\n%s", email, rows[email], want, out)
		}
	}
}

// TestGenerateLeavesARealSiteAlone: generate refuses a negative count and
// a database with accounts of its own (a real site's), adding nothing.
func TestGenerateLeavesARealSiteAlone(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	vestnik := cli(t, dbURL)
	run := func(args ...string) (string, error) { return vestnik("", append([]string{"generate"}, args...)...) }
	if out, err := run("--entries", "-5"); err == nil || !strings.Contains(out, "N ≥ 0") {
		t.Errorf("--entries -5: %v\n%s", err, out)
	}
	if _, err := pool.Exec(context.Background(), `INSERT INTO users (email, name, role, password_hash) VALUES ('chief@site.org', '', 'admin', 'x')`); err != nil {
		t.Fatal(err)
	}
	count := func() (n int) {
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM entries`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	if out, err := run("--entries", "3"); err == nil || !strings.Contains(out, "accounts of its own (1)") {
		t.Errorf("a real site: %v\n%s", err, out)
	}
	if after := count(); after != before {
		t.Errorf("entries %d → %d", before, after)
	}
}

// cli runs the binary on the database at dbURL with stdin, as an
// operator's shell would, and returns what it printed.
func cli(t *testing.T, dbURL string) func(stdin string, args ...string) (string, error) {
	bin := binary(t)
	return func(stdin string, args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
}
