// Package textdiff compares two texts line by line, for the side-by-side
// view of an entry's revisions, and a changed line with its counterpart
// word by word: a Markdown paragraph is one line, and a word changed in it
// should not look like a paragraph rewritten.
package textdiff

import (
	"strings"
	"unicode"
)

// Op says what happened to a line.
type Op int

// The kinds of line.
const (
	Same Op = iota
	Del     // only in the old text
	Add     // only in the new text
)

// Line is one line of a diff.
type Line struct {
	Op   Op
	Text string
}

// maxCells bounds the LCS table; longer texts fall back to "all removed,
// all added", which is still correct, only less precise.
const maxCells = 4_000_000

// Lines returns the line diff turning a into b (longest common subsequence).
func Lines(a, b string) []Line {
	return diff(split(a), split(b))
}

// diff is the diff turning the items al into bl, as Lines.
func diff(al, bl []string) []Line {
	n, m := len(al), len(bl)
	if n*m > maxCells {
		out := make([]Line, 0, n+m)
		for _, l := range al {
			out = append(out, Line{Del, l})
		}
		for _, l := range bl {
			out = append(out, Line{Add, l})
		}
		return out
	}
	// lcs[i][j] is the LCS length of al[i:] and bl[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if al[i] == bl[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case al[i] == bl[j]:
			out = append(out, Line{Same, al[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, Line{Del, al[i]})
			i++
		default:
			out = append(out, Line{Add, bl[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, Line{Del, al[i]})
	}
	for ; j < m; j++ {
		out = append(out, Line{Add, bl[j]})
	}
	return out
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// WordBudget is the table cells the word diffs of one field may spend
// together (Words), a few milliseconds: a text of many long, lightly
// edited paragraphs would otherwise cost seconds; past it, lines are told
// apart whole.
const WordBudget = 1_000_000

// Words compares a changed line a with its new version b word by word:
// the parts of a, each Same or Del, and those of b, each Same or Add. Two
// lines with less than half their words in common are told apart whole
// (ok false): marking the few words they share would only be noise. So
// are two whose table would cost more than budget has left (it is
// spent).
func Words(a, b string, budget *int) (old, now []Line, ok bool) {
	at, bt := tokens(a), tokens(b)
	cells := len(at) * len(bt)
	if cells > *budget {
		return nil, nil, false
	}
	*budget -= cells
	d := diff(at, bt)
	same, words := 0, 0
	for _, l := range d {
		if strings.TrimSpace(l.Text) == "" {
			continue
		}
		if l.Op == Same {
			same++
		}
		words++
	}
	if words == 0 || 2*same < words-same {
		return nil, nil, false
	}
	// Runs of one kind join, so that a phrase is one mark, not a mark a word.
	add := func(out []Line, l Line) []Line {
		if n := len(out); n > 0 && out[n-1].Op == l.Op {
			out[n-1].Text += l.Text
			return out
		}
		return append(out, l)
	}
	for _, l := range d {
		switch l.Op {
		case Same:
			old, now = add(old, l), add(now, l)
		case Del:
			old = add(old, l)
		case Add:
			now = add(now, l)
		}
	}
	return old, now, true
}

// tokens splits a line into words (letters and digits), runs of spaces,
// and single other characters.
func tokens(s string) []string {
	var out []string
	kind := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 0
	}
	start, prev := 0, -1
	for i, r := range s {
		k := kind(r)
		if i > start && (k == 0 || k != prev) {
			out = append(out, s[start:i])
			start = i
		}
		prev = k
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
