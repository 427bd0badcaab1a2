package content

import (
	"strings"

	"github.com/gosimple/slug"
)

// MaxSlugLen bounds slugs so URLs stay readable.
const MaxSlugLen = 80

// cyrillic is a readable transliteration of Russian letters (close to the
// Yandex and passport style): "Торговля людьми" → "torgovlya-lyudmi".
// Generic transliteration gives "liud-mi", splitting words at the soft sign.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya",
	// Kazakh and Turkmen Cyrillic letters, so that "Қазақстан" becomes
	// "kazakstan" rather than "k-azak-stan".
	'ә': "a", 'ғ': "g", 'қ': "k", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h", 'і': "i",
	'җ': "zh",
}

// turkmenLatin reads the Turkmen Latin alphabet as Turkmen speakers
// transliterate it: "Aşgabat" → "ashgabat", "Türkmençe" → "turkmenche".
var turkmenLatin = map[rune]string{
	'ä': "a", 'ç': "ch", 'ň': "n", 'ö': "o", 'ş': "sh", 'ü': "u", 'ý': "y", 'ž': "zh",
}

// and is the word for "&" in a slug, by language; other languages drop it.
var and = map[string]string{"en": "and", "ru": "i", "tk": "we", "kk": "zhane", "uz": "va", "ky": "zhana", "tg": "va"}

// Slugify turns a title in language lang into a readable ASCII slug:
// lower-case letters and digits separated by single hyphens, at most
// MaxSlugLen long, cut at a word boundary. "&" becomes the language's
// word for "and". Slugify(lang, Slugify(lang, s)) == Slugify(lang, s).
func Slugify(lang, title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		if t, ok := cyrillic[r]; ok {
			b.WriteString(t)
		} else if t, ok := turkmenLatin[r]; ok && lang == "tk" {
			b.WriteString(t)
		} else if r == '&' {
			b.WriteString(" " + and[lang] + " ")
		} else {
			b.WriteRune(r)
		}
	}
	// slug.Make keeps underscores (also from transliteration: "ˍ" → "_"),
	// which ValidSlug, and so the router, refuses: split on anything but
	// letters and digits.
	s := strings.Join(strings.FieldsFunc(slug.Make(b.String()), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	}), "-")
	if len(s) > MaxSlugLen {
		s = s[:MaxSlugLen]
		if i := strings.LastIndexByte(s, '-'); i > MaxSlugLen/2 {
			s = s[:i]
		}
		s = strings.Trim(s, "-")
	}
	return s
}

// ValidSlug reports whether s is a slug Slugify could have made.
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && prev != '-':
		default:
			return false
		}
		prev = c
	}
	return true
}
