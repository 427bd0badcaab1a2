package markdown

import (
	"strings"
	"testing"
)

// worstCases are the inputs known to cost goldmark the most, each tiled to
// the largest text an editor may save (content.MaxBody, 200,000
// characters). BenchmarkWorstCases reports what each costs; SECURITY.md
// quotes the figures.
var worstCases = []struct{ name, unit string }{
	{"link-openings", "[]("},
	{"image-openings", "![]("},
	{"link-openings-closed-far", "[](" + strings.Repeat("x", 1000) + ")"},
	{"link-bad-destination", "[](a b)"},
	{"link-angle", "[](<"},
	{"unclosed-brackets", "[a"},
	{"brackets", "["},
	{"nested-lists", "1. "},
	{"nested-bullets", "* "},
	{"nested-quotes", "> "},
	{"nested-quote-lists", "> 1. "},
	{"indented-lists", "- a\n  "},
	{"emphasis-runs", "*a"},
	{"nested-emphasis", "*_"},
	{"strong-runs", "**a"},
	{"entities", "&"},
	{"autolinks", "www."},
	{"angle-autolinks", "<a"},
	{"tables", "|a"},
	{"link-per-line", "[](\n"},
	{"nested-link-openings", "[[]("},
	{"reference-definitions", "[a]: b\n"},
	{"reference-uses", "[a][b]"},
	{"raw-html", "<div>\n"},
	{"code-spans", "`a"},
	{"setext-headings", "a\n=\n"},
}

const maxSize = 200_000

func tile(unit string, size int) string {
	return strings.Repeat(unit, size/len(unit)+1)[:size]
}

func BenchmarkWorstCases(b *testing.B) {
	r := New()
	for _, c := range worstCases {
		src := tile(c.unit, maxSize)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.Render(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
