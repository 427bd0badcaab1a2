// Package textdiff compares two texts line by line, for the side-by-side
// view of an entry's revisions.
package textdiff

import "strings"

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
	al, bl := split(a), split(b)
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
