package content

import (
	"testing"
	"unicode/utf8"
)

// FuzzSlugify checks Slugify's promises for any title: ASCII, a valid slug
// (or nothing), at most MaxSlugLen bytes, and idempotent. The seed corpus
// is in testdata/fuzz/FuzzSlugify; go test replays it.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{
		"",
		"Turkmenistan: Strengthening the capacity of law enforcement",
		"Торговля людьми: горячая линия «Доверие» — 2011",
		"Объём, Щука, Ёлка, Юрий, Яхта, Хива, Цех, Чай",
		"Türkmenistan ýaşlar",
		"snake_case_title",
		"--a--b--",
		"\xff\xfe invalid UTF-8",
		"Информационный бюллетень МОМ в Центральной Азии о программах по противодействию торговле людьми",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		for _, lang := range []string{"en", "ru", "tk", "kk", "de"} {
			slugifyPromises(t, lang, title)
		}
	})
}

func slugifyPromises(t *testing.T, lang, title string) {
	t.Helper()
	out := Slugify(lang, title)
	for i := 0; i < len(out); i++ {
		if out[i] >= utf8.RuneSelf {
			t.Fatalf("Slugify(%q) = %q: not ASCII", title, out)
		}
	}
	if out != "" && !ValidSlug(out) {
		t.Fatalf("Slugify(%q) = %q: not a valid slug", title, out)
	}
	if len(out) > MaxSlugLen {
		t.Fatalf("Slugify(%q) = %q: %d bytes, over %d", title, out, len(out), MaxSlugLen)
	}
	if again := Slugify(lang, out); again != out {
		t.Fatalf("Slugify not idempotent: %q → %q → %q", title, out, again)
	}
}
