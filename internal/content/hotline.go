package content

import (
	"regexp"
	"strings"
)

// Limits of a hotline number's texts, in characters.
const (
	MaxHotlineDisplay = 40
	MaxHotlineText    = 200
)

// e164 is an international phone number as the database accepts it.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// E164 turns a phone number as people type it ("+993 12 34-56-78",
// "(+993) 800.1234") into E.164 form: the spaces, dashes, dots and
// brackets between its digits dropped. ok is false when what is left is no
// international number.
func E164(typed string) (number string, ok bool) {
	number = strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t\u00a0-.()", r) {
			return -1
		}
		return r
	}, strings.TrimSpace(typed))
	return number, e164.MatchString(number)
}
