package accounts

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"vestnik/internal/store"
)

// LangError refuses a language: for the admin's pages of a new account,
// not one the site serves (Lang); for a translator, not one the site
// serves nor one the account has already (Langs).
type LangError struct {
	Code string
	On   []string // the languages the site serves
}

func (e *LangError) Error() string {
	return fmt.Sprintf("%q is not a language the site has on (%s)", e.Code, strings.Join(e.On, ", "))
}

// langsRule is the rule for the languages a translator edits: each code
// of given is one the site serves (on), or one the account had already —
// a language turned off since keeps its translators, for when it is on
// again, but is given to no one new. Each is kept once, in the order of
// their codes.
func langsRule(given, on, had []string) ([]string, error) {
	out := []string{}
	for _, code := range given {
		code = strings.TrimSpace(code)
		if !slices.Contains(on, code) && !slices.Contains(had, code) {
			return nil, &LangError{Code: code, On: on}
		}
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Langs checks the languages given to a translator who had the languages
// had (none for a new account) and returns them as they are kept: one
// rule for the CLI, the new-user form and the account's page. A language
// refused is a *LangError.
func Langs(ctx context.Context, st *store.Store, given, had []string) ([]string, error) {
	if len(given) == 0 {
		return []string{}, nil
	}
	on, _, err := st.EnabledLanguages(ctx)
	if err != nil {
		return nil, err
	}
	return langsRule(given, on, had)
}

// Lang checks the language of the admin's pages given to a new account
// (Options.Lang): one the site serves, as the new-user form offers them —
// one rule for the form and the CLI. A language refused is a *LangError.
func Lang(ctx context.Context, st *store.Store, code string) error {
	on, _, err := st.EnabledLanguages(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(on, code) {
		return &LangError{Code: code, On: on}
	}
	return nil
}

// SetLanguages sets the languages translator u edits (Langs' rule, with
// the languages u has) with its audit line, and returns them as saved.
func SetLanguages(ctx context.Context, st *store.Store, by Actor, u store.User, given []string) ([]string, error) {
	langs, err := Langs(ctx, st, given, u.Langs)
	if err != nil {
		return nil, err
	}
	return langs, st.SetUserLanguages(ctx, u.ID, langs, by.entry("user.languages", u.ID, u.Email+": "+strings.Join(langs, ", ")))
}
