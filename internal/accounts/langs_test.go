package accounts

import (
	"errors"
	"slices"
	"testing"
)

// TestLangsRule: a translator's languages are those the site serves, or
// ones the account has already (turned off since); each once, sorted.
func TestLangsRule(t *testing.T) {
	t.Parallel()
	on := []string{"en", "ru"}
	for _, tc := range []struct {
		name        string
		given, had  []string
		want        []string
		refusedCode string
	}{
		{"none", nil, nil, []string{}, ""},
		{"served", []string{"ru", "en"}, nil, []string{"en", "ru"}, ""},
		{"twice, with spaces", []string{"ru", " ru "}, nil, []string{"ru"}, ""},
		{"unknown", []string{"ru", "xx"}, nil, nil, "xx"},
		{"empty", []string{"ru", ""}, nil, nil, ""},
		{"turned off, new", []string{"tk"}, []string{"ru"}, nil, "tk"},
		{"turned off, had", []string{"tk", "ru"}, []string{"ru", "tk"}, []string{"ru", "tk"}, ""},
	} {
		got, err := langsRule(tc.given, on, tc.had)
		var bad *LangError
		switch {
		case tc.want == nil && !errors.As(err, &bad):
			t.Errorf("%s: %v, %v; want refused", tc.name, got, err)
		case tc.want == nil && bad.Code != tc.refusedCode:
			t.Errorf("%s: refused %q, want %q", tc.name, bad.Code, tc.refusedCode)
		case tc.want != nil && (err != nil || !slices.Equal(got, tc.want)):
			t.Errorf("%s: %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}
