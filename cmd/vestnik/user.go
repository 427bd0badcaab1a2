package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"vestnik/internal/accounts"
	"vestnik/internal/config"
	"vestnik/internal/store"
)

// userUsage is the arguments of `vestnik user` (help shows them too).
const userUsage = "list | create|disable|enable|delete|reset-password|reset-2fa|unlock --email E [--role admin|editor|translator (default editor)] [--langs ru,tk] [--name N] [--lang L]"

// userActions are the subcommands of `vestnik user`.
var userActions = []string{"list", "create", "disable", "enable", "delete", "reset-password", "reset-2fa", "unlock"}

// userCommand runs `vestnik user list|create|disable|enable|delete|reset-password|reset-2fa|unlock`.
func userCommand(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdin *os.File, stdout io.Writer) error {
	if len(args) == 0 || !slices.Contains(userActions, args[0]) {
		if len(args) > 0 {
			return fmt.Errorf("unknown user command %q; usage: vestnik user %s", args[0], userUsage)
		}
		return errors.New("usage: vestnik user " + userUsage)
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	email := fs.String("email", "", "the account's e-mail address")
	role := fs.String("role", store.RoleEditor, "admin, editor or translator (create)")
	langs := fs.String("langs", "", "a translator's languages, comma-separated (create)")
	name := fs.String("name", "", "display name (create)")
	lang := fs.String("lang", "", "language of the admin's pages, one the site has on (create; default: the site's default language)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	// A word without its flag (a name after --name's value, a second
	// address) would be ignored, and the account made without it.
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (quote a value with spaces); usage: vestnik user %s", fs.Arg(0), userUsage)
	}
	if *email == "" && args[0] != "list" {
		return errors.New("--email is required")
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	switch args[0] {
	case "list":
		return listUsers(ctx, st, stdout)
	case "create":
		// The languages are checked first: an account must not be made
		// and then fail on them, its password unseen.
		if *lang == "" {
			all, err := st.Languages(ctx)
			if err != nil {
				return err
			}
			for _, l := range all {
				if l.Default { // always on
					*lang = l.Code
				}
			}
		}
		if err := accounts.Lang(ctx, st, *lang); err != nil {
			return fmt.Errorf("--lang: %w", err)
		}
		var list []string
		if *langs != "" {
			if *role != store.RoleTranslator {
				return errors.New("--langs is for a translator (--role translator)")
			}
			if list, err = accounts.Langs(ctx, st, strings.Split(*langs, ","), nil); err != nil {
				return fmt.Errorf("--langs: %w", err)
			}
		}
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		u, generated, err := accounts.Create(ctx, st, accounts.Actor{}, *email, *name, *role, pw, accounts.Options{Lang: *lang, Langs: list})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s %s (id %d)\n", u.Role, u.Email, u.ID)
		if u.Role == store.RoleTranslator && len(list) == 0 {
			fmt.Fprintln(stdout, "note: a translator without languages can edit nothing: choose them with --langs, or on the account's page")
		}
		if generated != "" {
			fmt.Fprintf(stdout, "password: %s\n(shown once: store it now)\n", generated)
		}
		return nil
	case "disable", "enable":
		u, err := st.UserByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("no user %s: %w", *email, err)
		}
		change := func(st *store.Store) error {
			return accounts.SetDisabled(ctx, st, accounts.Actor{}, u.ID, args[0] == "disable")
		}
		if args[0] == "disable" && u.Role == store.RoleAdmin && !u.Disabled() {
			err = accounts.KeepingAnAdmin(ctx, st, u.ID, change) // the site keeps an enabled admin
		} else {
			err = change(st)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%sd %s; their sessions have ended\n", args[0], u.Email)
		return nil
	case "delete":
		// A disabled account only, as in the admin (accounts.Delete).
		u, err := st.UserByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("no user %s: %w", *email, err)
		}
		if err := accounts.Delete(ctx, st, accounts.Actor{}, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "deleted %s; what they did stays, credited to no account\n", u.Email)
		return nil
	case "reset-password":
		u, err := st.UserByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("no user %s: %w", *email, err)
		}
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		generated, _, err := accounts.SetPassword(ctx, st, accounts.Actor{}, u.ID, pw, "user.reset_password")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s reset; their sessions have ended\n", u.Email)
		if generated != "" {
			fmt.Fprintf(stdout, "password: %s\n(shown once: store it now)\n", generated)
		}
		return nil
	case "unlock":
		// For an account that a flood of wrong passwords slowed down.
		u, err := st.UserByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("no user %s: %w", *email, err)
		}
		if err := accounts.Unlock(ctx, st, accounts.Actor{}, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "failed logins of %s forgotten; they can log in at once\n", u.Email)
		return nil
	case "reset-2fa":
		// For the admin who lost both phone and recovery codes.
		u, err := st.UserByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("no user %s: %w", *email, err)
		}
		if err := accounts.DisableTOTP(ctx, st, accounts.Actor{}, u.ID, "user.totp_reset"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "two-factor login of %s turned off; they can log in with their password and enrol again\n", u.Email)
		return nil
	}
	return fmt.Errorf("unknown user command %q", args[0])
}

// listUsers prints every account: address, role, languages (a
// translator's own; the others edit every language) and whether it may
// log in.
func listUsers(ctx context.Context, st *store.Store, stdout io.Writer) error {
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tROLE\tLANGUAGES\tENABLED\tNAME")
	for _, u := range users {
		langs := "all"
		if u.Role == store.RoleTranslator {
			langs = cmp.Or(strings.Join(u.Langs, ","), "none")
		}
		enabled := "yes"
		if u.Disabled() {
			enabled = "no"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Role, langs, enabled, u.Name)
	}
	return tw.Flush()
}

// readPassword reads the password from stdin when it is not a terminal
// (a pipe or a file): one line. More than one line is refused, not cut to
// the first (a file piped by mistake would set a password nobody knows).
// At a terminal it returns "" and one is generated.
func readPassword(stdin *os.File) (string, error) {
	fi, err := stdin.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice != 0 {
		return "", nil
	}
	// A password is far shorter (auth.MaxPasswordLen): read little more.
	b, err := io.ReadAll(io.LimitReader(stdin, 64<<10))
	if err != nil {
		return "", err
	}
	line, rest, _ := strings.Cut(string(b), "\n")
	if strings.TrimSpace(rest) != "" {
		return "", errors.New("the password on stdin must be one line; it has more lines after the first")
	}
	return strings.TrimRight(line, "\r"), nil
}
