package store

import "testing"

// TestWordStarts: the window's pattern finds the words a query's lexemes
// stem from, escapes what the lexemes hold, and is nil without a lexeme.
func TestWordStarts(t *testing.T) {
	for sought, want := range map[string]any{
		`'горяч'`:                          `(?i)^(.*?)\m(?:горяч)`,
		`'горяч' <-> 'лин'`:                `(?i)^(.*?)\m(?:горяч|лин)`,
		`'polici' & 'citi'`:                `(?i)^(.*?)\m(?:polic[iy]|cit[iy])`,
		`'елк'`:                            `(?i)^(.*?)\m(?:[её]лк)`,
		`'c++' & 'a.b' & 'it''s' & 'x\\y'`: `(?i)^(.*?)\m(?:c\+\+|a\.b|it's|x\\y)`,
		`'ashgabat':*`:                     `(?i)^(.*?)\m(?:ashgabat)`,
		`T`:                                nil,
		``:                                 nil,
	} {
		if got := wordStarts(sought); got != want {
			t.Errorf("wordStarts(%q) = %q, want %q", sought, got, want)
		}
	}
}
