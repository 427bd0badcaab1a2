package i18n

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/locales"
	"vestnik/templates"
)

func bundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := New(locales.FS, []string{"en", "ru", "tk"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCatalogComplete: every message ID exists in every language.
func TestCatalogComplete(t *testing.T) {
	t.Parallel()
	codes := []string{"en", "ru", "tk"}
	sets := map[string]map[string]bool{}
	for _, code := range codes {
		files, err := LocaleFiles(locales.FS, code)
		if err != nil || len(files) < 2 {
			t.Fatalf("%s locale files: %v %v", code, files, err)
		}
		sets[code] = map[string]bool{}
		for _, f := range files {
			data, _ := fs.ReadFile(locales.FS, f)
			ids, err := flatten(data)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for id := range ids {
				sets[code][id] = true
			}
		}
	}
	all, _ := fs.Glob(locales.FS, "*.toml")
	for _, f := range all {
		if code := strings.TrimSuffix(f[strings.LastIndexByte(f[:len(f)-5], '.')+1:], ".toml"); sets[code] == nil {
			t.Errorf("%s: language %q is not checked", f, code)
		}
	}
	for a, ida := range sets {
		for b, idb := range sets {
			for id := range ida {
				if !idb[id] {
					t.Errorf("%s has %q, %s does not", a, id, b)
				}
			}
		}
	}
}

// idLiteral is a message ID handed on to be translated later: to a
// flash, into a form's error map, or as an error's text.
var idLiteral = regexp.MustCompile(`(?:flash\(r,\s*|\]\s*=\s*|errors\.New\()"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)

var usedID = regexp.MustCompile(`\.(?:Tr|Plural)\s+"([^"]+)"|\b(?:Tr|Plural)\("([a-z0-9_.]+)"`)

// TestCatalogCoversUse: every ID a template or handler uses literally is
// defined, and so is every ID built at run time (languages, months, errors).
func TestCatalogCoversUse(t *testing.T) {
	t.Parallel()
	b := bundle(t)
	used := map[string]string{}
	fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := fs.ReadFile(templates.FS, p)
		for _, m := range usedID.FindAllStringSubmatch(string(data), -1) {
			used[m[1]+m[2]] = "templates/" + p
		}
		return nil
	})
	// Every Go file of internal/ (tests aside): IDs passed to Tr and Plural,
	// and IDs handed on to be translated later ("admin.saved" to a flash,
	// "user.email_invalid" as an error's text) in one of the catalog's
	// sections.
	sections := map[string]bool{}
	for _, id := range b.Get(b.Default()).IDs() {
		sections[strings.SplitN(id, ".", 2)[0]] = true
	}
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		where := "internal/" + strings.TrimPrefix(filepath.ToSlash(p), "../")
		for _, m := range usedID.FindAllStringSubmatch(string(data), -1) {
			if id := m[1] + m[2]; strings.Contains(id, ".") && !strings.HasSuffix(id, ".") {
				used[id] = where
			}
		}
		for _, m := range idLiteral.FindAllStringSubmatch(string(data), -1) {
			if sections[strings.SplitN(m[1], ".", 2)[0]] {
				used[m[1]] = where
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 40 {
		t.Fatalf("found only %d used IDs; the pattern is broken", len(used))
	}
	for _, code := range b.Codes() {
		used["language."+code] = "language names"
		for _, k := range []string{"400", "401", "403", "404", "405", "413", "429", "500", "503"} {
			used["error."+k+".title"], used["error."+k+".text"] = "error pages", "error pages"
		}
		for m := 1; m <= 12; m++ {
			used["month."+strconv.Itoa(m)], used["month.genitive."+strconv.Itoa(m)] = "dates", "dates"
		}
	}
	for _, code := range b.Codes() {
		l := b.Get(code)
		for id, where := range used {
			if !l.Has(id) {
				t.Errorf("%s: message %q used in %s is not defined", code, id, where)
			}
		}
	}
}

func TestPlurals(t *testing.T) {
	t.Parallel()
	b := bundle(t)
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"ru", 0, "0 новостей"}, {"ru", 1, "1 новость"}, {"ru", 2, "2 новости"}, {"ru", 3, "3 новости"},
		{"ru", 4, "4 новости"}, {"ru", 5, "5 новостей"}, {"ru", 11, "11 новостей"}, {"ru", 12, "12 новостей"},
		{"ru", 14, "14 новостей"}, {"ru", 21, "21 новость"}, {"ru", 22, "22 новости"}, {"ru", 25, "25 новостей"},
		{"ru", 101, "101 новость"}, {"ru", 111, "111 новостей"},
		{"en", 0, "0 news items"}, {"en", 1, "1 news item"}, {"en", 2, "2 news items"}, {"en", 21, "21 news items"},
		// Turkmen (CLDR one/other): a noun after a numeral stays singular.
		{"tk", 1, "1 habar"}, {"tk", 5, "5 habar"}, {"tk", 21, "21 habar"},
	}
	for _, tt := range tests {
		if got := b.Get(tt.lang).Plural("news.count", tt.n); got != tt.want {
			t.Errorf("%s %d: got %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestDates(t *testing.T) {
	t.Parallel()
	b := bundle(t)
	d := time.Date(2011, 12, 5, 10, 0, 0, 0, time.UTC)
	tests := []struct{ lang, long, period string }{
		{"ru", "5 декабря 2011 г.", "Декабрь 2011"},
		{"en", "December 5, 2011", "December 2011"},
		{"tk", "5 dekabr 2011 ý.", "Dekabr 2011"},
	}
	for _, tt := range tests {
		l := b.Get(tt.lang)
		if got := l.Date(d); got != tt.long {
			t.Errorf("%s Date = %q, want %q", tt.lang, got, tt.long)
		}
		if got := l.Period(d); got != tt.period {
			t.Errorf("%s Period = %q, want %q", tt.lang, got, tt.period)
		}
	}
	// A script fills DateTime's patterns as DateTime does.
	at := time.Date(2011, 12, 5, 9, 5, 0, 0, time.UTC)
	for _, lang := range []string{"en", "ru", "tk"} {
		l := b.Get(lang)
		p := l.DateTimePatterns()
		if len(p) != 12 {
			t.Fatalf("%s: %d patterns", lang, len(p))
		}
		got := strings.NewReplacer("{d}", "5", "{y}", "2011", "{t}", "09:05").Replace(p[11])
		if want := l.DateTime(at); got != want {
			t.Errorf("%s DateTimePatterns filled: %q, DateTime %q", lang, got, want)
		}
	}
	ru := b.Get("ru")
	for m, want := range map[time.Month]string{time.January: "1 января 2012 г.", time.March: "1 марта 2012 г.", time.May: "1 мая 2012 г.", time.August: "1 августа 2012 г."} {
		if got := ru.Date(time.Date(2012, m, 1, 0, 0, 0, 0, time.UTC)); got != want {
			t.Errorf("ru %v: %q, want %q", m, got, want)
		}
	}
	if got := ru.Period(time.Date(2012, time.May, 1, 0, 0, 0, 0, time.UTC)); got != "Май 2012" {
		t.Errorf("ru period May: %q", got)
	}
	if got := ru.Size(1536 * 1024); got != "1,5 МБ" {
		t.Errorf("ru size: %q", got)
	}
	if got := b.Get("en").Size(2000); got != "2 KB" {
		t.Errorf("en size: %q", got)
	}
}

// TestNumbers: long numbers are grouped in thousands as each language
// writes them; short ones stay whole.
func TestNumbers(t *testing.T) {
	t.Parallel()
	b := bundle(t)
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 400000, "400,000"}, {"ru", 400000, "400\u00a0000"}, {"tk", 1234567, "1\u00a0234\u00a0567"},
		{"en", 2026, "2026"}, {"ru", 9999, "9999"}, {"en", -12000, "-12,000"},
	} {
		if got := b.Get(c.lang).Number(c.n); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	b := bundle(t)
	tests := []struct{ cookie, accept, want string }{
		{"", "", "en"},
		{"", "ru", "ru"},
		{"", "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"},
		{"", "en-GB,en;q=0.9,ru;q=0.8", "en"},
		{"", "de-DE,de;q=0.9", "en"},
		{"", "de;q=0.9,ru;q=0.5", "ru"},
		{"", "uk,ru;q=0.8", "ru"},
		{"", "tk", "tk"},
		{"ru", "en", "ru"},
		{"en", "ru", "en"},
		{"xx", "ru", "ru"},
		{"", "garbage;;;q=zz", "en"},
		{"", strings.Repeat("ru-RU,", 5000), "en"},
	}
	for _, tt := range tests {
		if got := b.Negotiate(tt.cookie, tt.accept); got != tt.want {
			t.Errorf("Negotiate(%q, %.40q) = %q, want %q", tt.cookie, tt.accept, got, tt.want)
		}
	}
	// Turkmen turned off: its speakers get Russian, the region's common
	// second language (CLDR's matching data), and its cookie is ignored.
	if err := b.Enable([]string{"en", "ru"}); err != nil {
		t.Fatal(err)
	}
	if got := b.Negotiate("tk", "tk"); got != "ru" {
		t.Errorf("Turkmen off: %q", got)
	}
	if b.Get("tk") != nil || b.Known("tk") == nil || len(b.Codes()) != 2 {
		t.Error("a language turned off is still served, or forgotten")
	}
}

// TestForSite: the database's languages decide what is served; a disabled
// language without locale files is skipped, an enabled one is an error.
func TestForSite(t *testing.T) {
	t.Parallel()
	langs := []content.Language{{Code: "ru", Enabled: true, Default: true}, {Code: "en", Enabled: true},
		{Code: "tk"}, {Code: "kk"}}
	b, err := ForSite(locales.FS, langs, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(b.Codes(), ","); got != "ru,en" || b.Default() != "ru" || b.Known("tk") == nil || b.Known("kk") != nil {
		t.Errorf("served %q, default %q", got, b.Default())
	}
	if err := b.Enable([]string{"ru", "kk"}); !errors.Is(err, ErrLanguage) {
		t.Errorf("enabling a language without locale files: %v", err)
	}
	langs[3].Enabled = true
	if _, err := ForSite(locales.FS, langs, time.UTC); err == nil {
		t.Error("an enabled language without locale files must fail at start")
	}
}

func TestMissingLocale(t *testing.T) {
	t.Parallel()
	if _, err := New(locales.FS, []string{"en", "kk"}, time.UTC); err == nil {
		t.Fatal("a language without a locale file must fail at start")
	}
}

// TestResolvedMessagesAsGoI18n: every message resolved at load (plain,
// with fields, with plural forms) reads exactly as go-i18n renders it, in
// every language, for counts that reach every plural form.
func TestResolvedMessagesAsGoI18n(t *testing.T) {
	codes := []string{"en", "ru", "tk"}
	b, err := New(locales.FS, codes, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	sample := func(p pattern) []any {
		var pairs []any
		for i := 1; i < len(p); i += 2 {
			if p[i] != "Count" {
				pairs = append(pairs, p[i], "<"+p[i]+" & 7>")
			}
		}
		return pairs
	}
	for _, code := range codes {
		l := b.Known(code)
		if len(l.msgs.plain) == 0 || len(l.msgs.patterns) == 0 || len(l.msgs.plurals) == 0 {
			t.Fatalf("%s: messages not resolved: %d plain, %d with fields, %d plural", code,
				len(l.msgs.plain), len(l.msgs.patterns), len(l.msgs.plurals))
		}
		for id := range l.ids {
			_, plain := l.msgs.plain[id]
			_, fields := l.msgs.patterns[id]
			_, forms := l.msgs.plurals[id]
			if !plain && !fields && !forms {
				t.Errorf("%s %s: left to go-i18n", code, id)
			}
		}
		for id := range l.msgs.plain {
			if got, want := l.Tr(id), l.localize(id, nil, nil); got != want {
				t.Errorf("%s %s = %q, go-i18n %q", code, id, got, want)
			}
		}
		for id, p := range l.msgs.patterns {
			pairs := sample(p)
			if got, want := l.Tr(id, pairs...), l.localize(id, nil, pairs); got != want {
				t.Errorf("%s %s = %q, go-i18n %q", code, id, got, want)
			}
			if got, want := l.Tr(id), l.localize(id, nil, []any{}); got != want {
				t.Errorf("%s %s without data = %q, go-i18n %q", code, id, got, want)
			}
		}
		for id, forms := range l.msgs.plurals {
			var pairs []any
			for _, p := range forms {
				pairs = append(pairs, sample(p)...) // a field of several forms: the same value
			}
			for _, n := range []int{0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 101, 111, 1000, 1001} {
				if got, want := l.Plural(id, n, pairs...), l.localize(id, n, pairs); got != want {
					t.Errorf("%s %s(%d) = %q, go-i18n %q", code, id, n, got, want)
				}
			}
		}
	}
}
