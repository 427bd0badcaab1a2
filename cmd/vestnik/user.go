package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"

	"vestnik/internal/accounts"
	"vestnik/internal/config"
	"vestnik/internal/content"
	"vestnik/internal/store"
)

// userCommand runs `vestnik user create|disable|enable|reset-password|reset-2fa|unlock`.
func userCommand(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdin *os.File, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: vestnik user create|disable|enable|reset-password|reset-2fa|unlock --email E [--role admin|editor|translator] [--langs ru,tk] [--name N]")
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	email := fs.String("email", "", "the account's e-mail address")
	role := fs.String("role", "editor", "admin, editor or translator (create)")
	langs := fs.String("langs", "", "a translator's languages, comma-separated (create)")
	name := fs.String("name", "", "display name (create)")
	lang := fs.String("lang", "en", "language of the admin (create)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("--email is required")
	}
	switch args[0] {
	case "create":
		// The languages are checked first: an account must not be made
		// and then fail on them, its password unseen.
		all, err := st.Languages(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(all, func(l content.Language) bool { return l.Code == *lang }) {
			return fmt.Errorf("--lang: %q is not one of the site's languages", *lang)
		}
		var list []string
		if *langs != "" {
			if *role != store.RoleTranslator {
				return errors.New("--langs is for a translator (--role translator)")
			}
			on, _, err := st.EnabledLanguages(ctx)
			if err != nil {
				return err
			}
			for _, l := range strings.Split(*langs, ",") {
				if l = strings.TrimSpace(l); !slices.Contains(on, l) {
					return fmt.Errorf("--langs: %q is not a language the site has on (%s)", l, strings.Join(on, ", "))
				}
				list = append(list, l)
			}
		}
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		u, generated, err := accounts.Create(ctx, st, accounts.Actor{}, *email, *name, *role, pw, *lang)
		if err != nil {
			return err
		}
		if len(list) > 0 {
			a := store.AuditEntry{Action: "user.languages", ObjectType: "user", ObjectID: u.ID, Summary: u.Email + ": " + *langs}
			if err := st.SetUserLanguages(ctx, u.ID, list, a); err != nil {
				return fmt.Errorf("languages %s: %w", *langs, err)
			}
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
		if err := accounts.SetDisabled(ctx, st, accounts.Actor{}, u.ID, args[0] == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%sd %s; their sessions have ended\n", args[0], u.Email)
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

// readPassword reads the first line of stdin when it is not a terminal
// (a pipe or a file); at a terminal it returns "" and one is generated.
func readPassword(stdin *os.File) (string, error) {
	fi, err := stdin.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice != 0 {
		return "", nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
