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

// ShowsNumber reports whether display, a number as visitors read it, is
// the number e164 dials: its digits are the number's (country code
// included), or, in national form, its digits without a leading trunk
// prefix (0 or 8) end the number's and are at least six. Nothing else
// counts: a display form is what visitors copy into their phones.
func ShowsNumber(display, e164 string) bool {
	var digits strings.Builder
	for _, r := range display {
		if r >= '0' && r <= '9' {
			digits.WriteRune(r)
		}
	}
	d, n := digits.String(), strings.TrimPrefix(e164, "+")
	if d == n {
		return true
	}
	if len(d) > 1 && (d[0] == '0' || d[0] == '8') {
		d = d[1:]
	}
	return len(d) >= 6 && len(d) < len(n) && strings.HasSuffix(n, d)
}
