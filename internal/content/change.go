package content

import (
	"strings"
	"unicode"
)

// Substantive reports whether changing a text from old to new may have
// changed what it says, so that its translations need updating. This is
// the default the editor sees; whoever saves can overrule it.
//
// The rule: compare the texts (title, summary, body) as sequences of
// lower-case words, ignoring spacing, punctuation and Markdown marks. No
// word changed: not substantive (a comma, a line break, bold). Exactly one
// word replaced by one other, with no digit in either, within a typo's
// distance (one letter for words of four to six letters, two for longer
// ones; none for short words, where "now" and "not" differ by one):
// not substantive. Anything else — a word added or removed, a number or a
// date changed, two words changed — is substantive.
func Substantive(old, new Text) bool {
	a, b := words(old), words(new)
	// Trim the common head and tail; what is left is what changed.
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	switch {
	case len(a) == 0 && len(b) == 0:
		return false
	case len(a) != 1 || len(b) != 1:
		return true
	}
	x, y := []rune(a[0]), []rune(b[0])
	if hasDigit(x) || hasDigit(y) {
		return true
	}
	allowed := 0
	switch n := max(len(x), len(y)); {
	case n > 6:
		allowed = 2
	case n > 3:
		allowed = 1
	}
	return editDistance(x, y) > allowed
}

// words splits a text into lower-case words: runs of letters and digits.
func words(t Text) []string {
	var out []string
	for _, s := range []string{t.Title, t.Summary, t.Body} {
		out = append(out, strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})...)
	}
	return out
}

func hasDigit(w []rune) bool {
	for _, r := range w {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// editDistance is the Levenshtein distance between two words.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
