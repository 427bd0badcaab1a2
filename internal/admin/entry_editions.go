package admin

import (
	"slices"
	"sort"
	"strings"

	"vestnik/internal/content"
)

// langHints are the ways a file name says its language.
var langHints = map[string][]string{
	"en": {"en", "eng", "english"},
	"ru": {"ru", "rus", "russian", "рус"},
	"tk": {"tk", "tm", "tkm", "turkmen", "türkmen"},
}

// pdfsFor orders the library's PDFs for one language's edition: those
// already an edition in that language first, then those whose name says
// the language ("…_ru.pdf", "…-russian.pdf"), then the rest, each group
// newest first as listed.
func pdfsFor(lang string, pdfs []content.Media, used map[int64][]string) []content.Media {
	score := func(m content.Media) int {
		if slices.Contains(used[m.ID], lang) {
			return 2
		}
		name := strings.ToLower(strings.TrimSuffix(m.Filename, ".pdf"))
		words := strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == '-' || r == ' ' || r == '.' || r == '(' || r == ')' })
		for _, w := range words {
			if slices.Contains(langHints[lang], w) || w == lang {
				return 1
			}
		}
		return 0
	}
	out := slices.Clone(pdfs)
	sort.SliceStable(out, func(i, j int) bool { return score(out[i]) > score(out[j]) })
	return out
}
