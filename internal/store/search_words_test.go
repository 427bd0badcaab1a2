package store

import (
	"slices"
	"testing"
)

// TestLexemes: a querytree's lexemes come out unquoted and unescaped.
func TestLexemes(t *testing.T) {
	for sought, want := range map[string][]string{
		`'горяч'`:                          {"горяч"},
		`'горяч' <-> 'лин'`:                {"горяч", "лин"},
		`'c++' & 'a.b' & 'it''s' & 'x\\y'`: {"c++", "a.b", "it's", `x\y`},
		`'ashgabat':*`:                     {"ashgabat"},
		`T`:                                nil,
		``:                                 nil,
	} {
		if got := lexemes(sought); !slices.Equal(got, want) {
			t.Errorf("lexemes(%q) = %q, want %q", sought, got, want)
		}
	}
}
