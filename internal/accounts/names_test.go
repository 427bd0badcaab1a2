package accounts

import (
	"errors"
	"strings"
	"testing"
)

// TestCleanName: a display name is stored trimmed, its spacing one space
// at a time; a control character, a mark that reorders text, bytes that
// are not UTF-8 or more than MaxName characters are refused. No name is a
// name: the admin then shows the address.
func TestCleanName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"", "", nil},
		{"   ", "", nil},
		{"  Анна \t Петрова\r\n", "Анна Петрова", nil},
		{"Aýna Öwezowa", "Aýna Öwezowa", nil},
		{"O'Brien-Smith, Jr.", "O'Brien-Smith, Jr.", nil},
		{strings.Repeat("я", MaxName), strings.Repeat("я", MaxName), nil},
		{strings.Repeat("я", MaxName+1), "", ErrNameLong},
		{"Anna\x00", "", ErrNameChars},
		{"Anna\x1b[31m", "", ErrNameChars},
		{"Anna\u202eavorteP", "", ErrNameChars}, // would read "Anna Petrova" backwards
		{"Anna\u2066x\u2069", "", ErrNameChars},
		{"Anna\xff", "", ErrNameChars},
		{"An\u200bna", "", ErrNameChars}, // a zero-width space: "Anna" that is not
		{"anna@example.org", "", ErrNameAddress},
		{"Anna＠Admin", "", ErrNameAddress},
	} {
		got, err := CleanName(tc.in)
		if !errors.Is(err, tc.err) || tc.err == nil && got != tc.want {
			t.Errorf("CleanName(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}
