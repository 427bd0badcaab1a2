package media

import (
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxStem caps a stored name's base, in characters (the extension comes on
// top).
const maxStem = 100

// base is the last element of a name a browser sent, in valid UTF-8 and
// NFC (macOS sends "й" as "и" and a combining breve), without the
// directories some browsers include and the trailing dots and spaces
// Windows ignores.
func base(name string) string {
	name = norm.NFC.String(strings.ToValidUTF8(name, ""))
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimRight(name, " .")
}

// Ext is the lower-cased extension of a file name, with its dot: ".pdf";
// "" when it has none.
func Ext(name string) string {
	return strings.ToLower(path.Ext(base(name)))
}

// SafeName makes the name a file is stored and served under from the name
// it was uploaded with: the base name without its extension, keeping
// letters (any script), digits, dots, dashes and underscores, with other
// runs of characters (spaces, punctuation, control and direction-changing
// characters) turned into one dash, at most maxStem characters; then the
// extension of contentType (one of the allowed types): the name's own when
// it is one of that type's, else the type's usual one.
func SafeName(name, contentType string) string {
	b := base(name)
	rawExt := path.Ext(b)
	stem, ext := b[:len(b)-len(rawExt)], strings.ToLower(rawExt)
	if k, ok := kindOf(contentType); !ok {
		ext = ""
	} else if !slices.Contains(k.exts, ext) {
		ext = k.exts[0]
	}

	var out strings.Builder
	var last rune
	prevLetter := false
	for _, r := range stem {
		keep := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' ||
			(prevLetter && unicode.Is(unicode.Mn, r))
		if !keep {
			r = '-'
		}
		prevLetter = keep && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r))
		if (r == '-' || r == '.') && r == last {
			continue
		}
		out.WriteRune(r)
		last = r
	}
	s := strings.Trim(out.String(), ".-_")
	if utf8.RuneCountInString(s) > maxStem {
		s = strings.TrimRight(string([]rune(s)[:maxStem]), ".-_")
	}
	if s == "" {
		s = "file"
	}
	return s + ext
}
