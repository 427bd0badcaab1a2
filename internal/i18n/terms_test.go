package i18n

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"vestnik/locales"
)

// TestImageTerms: an entry's image has one name in each language, and a
// newsletter issue's (its cover) another (view.LeadImageName): the lead
// image's word is never used for the cover, nor the cover's for the lead
// image, and the words retired for either come back nowhere. A message is
// about the cover when its ID says so ("cover", or "_issue": what an
// issue's form says).
func TestImageTerms(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		code        string
		lead, cover *regexp.Regexp
		retired     *regexp.Regexp
	}{
		{"en", regexp.MustCompile(`(?i)\blead image`), regexp.MustCompile(`(?i)\bcovers?\b`),
			regexp.MustCompile(`(?i)\b(featured|hero|main|header) (image|photo|picture)`)},
		{"ru", regexp.MustCompile(`(?i)главн\pL* снимк`), regexp.MustCompile(`(?i)обложк`),
			regexp.MustCompile(`(?i)(главн|заглавн|основн)\pL* (изображени|фото|картинк|иллюстрац)|заглавн\pL* снимк`)},
		{"tk", regexp.MustCompile(`(?i)esasy surat`), regexp.MustCompile(`(?i)daşky sahypa`),
			regexp.MustCompile(`(?i)baş surat|esasy şekil`)},
	} {
		files, err := LocaleFiles(locales.FS, c.code)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[*regexp.Regexp]bool{}
		for _, f := range files {
			data, _ := fs.ReadFile(locales.FS, f)
			msgs, err := flatten(data)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for id, v := range msgs {
				text := fmt.Sprint(v) // a plural's forms, all of them
				aboutCover := strings.Contains(id, "cover") || strings.HasSuffix(id, "_issue")
				switch {
				case c.retired.MatchString(text):
					t.Errorf("%s: %s says %q, a word retired for the lead image or the cover", f, id, c.retired.FindString(text))
				case aboutCover && c.lead.MatchString(text):
					t.Errorf("%s: %s, about an issue's cover, calls it %q (the lead image's word)", f, id, c.lead.FindString(text))
				case !aboutCover && c.cover.MatchString(text):
					t.Errorf("%s: %s calls the lead image %q (the issue cover's word)", f, id, c.cover.FindString(text))
				}
				for _, re := range []*regexp.Regexp{c.lead, c.cover} {
					seen[re] = seen[re] || re.MatchString(text)
				}
			}
		}
		if !seen[c.lead] || !seen[c.cover] {
			t.Errorf("%s: the lead image's word or the cover's is used nowhere: the test's patterns are out of date", c.code)
		}
	}
}

// TestFocusTerm: a photo's focal point is "центр кадра" in Russian, as its
// field says, wherever a message names it; "главная точка" and "точка
// фокуса", used for it before, come back nowhere.
func TestFocusTerm(t *testing.T) {
	t.Parallel()
	retired := regexp.MustCompile(`(?i)главн\pL* точк|точк\pL* фокус`)
	files, err := LocaleFiles(locales.FS, "ru")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, _ := fs.ReadFile(locales.FS, f)
		msgs, err := flatten(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id, v := range msgs {
			if text := fmt.Sprint(v); retired.MatchString(text) {
				t.Errorf("%s: %s says %q for the focal point: use «центр кадра»", f, id, retired.FindString(text))
			}
		}
	}
}
