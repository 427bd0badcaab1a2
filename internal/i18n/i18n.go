// Package i18n owns Vestnik's translations: the go-i18n bundle loaded from
// locales/, one Localizer per language, dates with the right month forms,
// CLDR plurals and language negotiation for "/".
//
// A Localizer is immutable and safe for concurrent use: handlers put the
// one for the request's language into the page data, never into a shared
// template.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"vestnik/internal/content"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Bundle holds a Localizer for each language the site knows, and which
// of them it serves now: languages are turned on and off while the site
// runs (Enable), so every read of the set is one atomic load.
type Bundle struct {
	loc    *time.Location // the site's time zone: dates are shown in it
	known  []string       // every loaded language, in load order
	byCode map[string]*Localizer
	on     atomic.Pointer[enabled]
}

// enabled is the set of languages served, in site order; the first is the
// default.
type enabled struct {
	codes   []string
	set     map[string]bool
	matcher language.Matcher
}

// Localizer translates into one language.
type Localizer struct {
	Lang string // "en", "ru"
	Tag  language.Tag
	Loc  *time.Location // the site's time zone
	loc  *i18n.Localizer
	ids  map[string]bool
	// msgs are the messages resolved at load (messages.go): Tr and
	// Plural fill them without calling go-i18n.
	msgs messages
	// long and period are date.long and date.period resolved for each
	// month (index 1–12), with marks where the day and year go: go-i18n
	// executes a template per call, too dear for every date of a page.
	long, period [13]string
	// self is the language's own name as the site's admin set it (the
	// languages table), which "language.self" says instead of the
	// locale file's (nil: the file's).
	self atomic.Pointer[string]
}

// The marks of the day and the year in a resolved date pattern.
const dayMark, yearMark = "\x00d", "\x00y"

// resolveDates fills l.long and l.period.
func (l *Localizer) resolveDates() {
	for m := 1; m <= 12; m++ {
		month := l.Tr(fmt.Sprintf("month.%d", m))
		l.long[m] = l.Tr("date.long", "Day", dayMark, "Year", yearMark,
			"Month", month, "MonthGenitive", l.Tr(fmt.Sprintf("month.genitive.%d", m)))
		l.period[m] = l.Tr("date.period", "Year", yearMark, "Month", month)
	}
}

// fillDate puts the day and year into a resolved date pattern.
func fillDate(pattern string, day, year int) string {
	var b strings.Builder
	b.Grow(len(pattern) + 4)
	for {
		i := strings.IndexByte(pattern, 0)
		if i < 0 || i+1 >= len(pattern) {
			b.WriteString(pattern)
			return b.String()
		}
		b.WriteString(pattern[:i])
		switch pattern[i+1] {
		case 'd':
			b.WriteString(strconv.Itoa(day))
		case 'y':
			b.WriteString(strconv.Itoa(year))
		}
		pattern = pattern[i+2:]
	}
}

// LocaleFiles lists a language's locale files: <code>.toml, which must
// exist, and any <part>.<code>.toml (admin.ru.toml …).
func LocaleFiles(locales fs.FS, code string) ([]string, error) {
	main := code + ".toml"
	if _, err := fs.Stat(locales, main); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrMissingLocale, main, err)
	}
	parts, err := fs.Glob(locales, "*."+code+".toml")
	if err != nil {
		return nil, err
	}
	return append([]string{main}, parts...), nil
}

// ErrMissingLocale means a language has no locale file.
var ErrMissingLocale = errors.New("i18n: missing locale file")

// New loads locales/<code>.toml for each language code, in site order (the
// first is the default). Every code must have a file. Dates are shown in
// loc, the site's time zone.
func New(locales fs.FS, codes []string, loc *time.Location) (*Bundle, error) {
	if len(codes) == 0 {
		return nil, errors.New("i18n: no languages")
	}
	if loc == nil {
		loc = time.UTC
	}
	b := &Bundle{byCode: map[string]*Localizer{}, loc: loc}
	for _, code := range codes {
		tag, err := language.Parse(code)
		if err != nil {
			return nil, fmt.Errorf("i18n: language %q: %w", code, err)
		}
		bundle := i18n.NewBundle(tag)
		bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		names, err := LocaleFiles(locales, code)
		if err != nil {
			return nil, err
		}
		ids, msgs := map[string]bool{}, newMessages()
		for _, name := range names {
			data, err := fs.ReadFile(locales, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", name, err)
			}
			if _, err := bundle.ParseMessageFileBytes(data, name); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", name, err)
			}
			flat, err := flatten(data)
			if err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", name, err)
			}
			for id := range flat {
				if ids[id] {
					return nil, fmt.Errorf("i18n: %s: message %q defined twice", name, id)
				}
				ids[id] = true
			}
			msgs.add(flat)
		}
		b.known = append(b.known, code)
		l := &Localizer{Lang: code, Tag: tag, Loc: loc, loc: i18n.NewLocalizer(bundle, code), ids: ids, msgs: msgs}
		l.resolveDates()
		b.byCode[code] = l
	}
	if err := b.Enable(codes); err != nil {
		return nil, err
	}
	return b, nil
}

// ForSite loads the site's languages as the database lists them (the
// default first, then in order) and serves the enabled ones. A disabled
// language without locale files is skipped (it cannot be turned on); an
// enabled one without them is an error.
func ForSite(locales fs.FS, langs []content.Language, loc *time.Location) (*Bundle, error) {
	var load, on []string
	for _, l := range langs {
		if _, err := LocaleFiles(locales, l.Code); err != nil {
			if l.Enabled {
				return nil, err
			}
			continue
		}
		load = append(load, l.Code)
		if l.Enabled {
			on = append(on, l.Code)
		}
	}
	b, err := New(locales, load, loc)
	if err != nil {
		return nil, err
	}
	return b, b.Enable(on)
}

// ErrLanguage means a language cannot be served: it has no locale files
// loaded, or the set would be empty.
var ErrLanguage = errors.New("i18n: language not loaded")

// Enable makes codes, in this order, the languages the site serves (the
// first is the default). Each must have been loaded by New.
func (b *Bundle) Enable(codes []string) error {
	if len(codes) == 0 {
		return fmt.Errorf("%w: no languages", ErrLanguage)
	}
	e := &enabled{codes: append([]string(nil), codes...), set: map[string]bool{}}
	tags := make([]language.Tag, 0, len(codes))
	for _, code := range codes {
		l, ok := b.byCode[code]
		if !ok {
			return fmt.Errorf("%w: %q", ErrLanguage, code)
		}
		e.set[code] = true
		tags = append(tags, l.Tag)
	}
	e.matcher = language.NewMatcher(tags)
	b.on.Store(e)
	return nil
}

// Codes returns the codes of the languages served, in site order.
func (b *Bundle) Codes() []string { return append([]string(nil), b.on.Load().codes...) }

// Default is the default language's code (x-default).
func (b *Bundle) Default() string { return b.on.Load().codes[0] }

// Get returns the Localizer for a code the site serves, or nil.
func (b *Bundle) Get(code string) *Localizer {
	if !b.on.Load().set[code] {
		return nil
	}
	return b.byCode[code]
}

// Known returns the Localizer of any loaded language, served or not (the
// languages page of the admin names them all), or nil.
func (b *Bundle) Known(code string) *Localizer { return b.byCode[code] }

// selfID is the message of a language's own name ("Русский").
const selfID = "language.self"

// SetNames sets the languages' own names as the site's admin wrote them
// (code → name; an empty name leaves the locale file's).
func (b *Bundle) SetNames(names map[string]string) {
	for code, l := range b.byCode {
		if name := names[code]; name != "" {
			l.self.Store(&name)
		} else {
			l.self.Store(nil)
		}
	}
}

// Cookie is the cookie that remembers the language a visitor picked with
// the switcher; Negotiate reads it.
const Cookie = "lang"

// Negotiate picks the visitor's language for "/": the language cookie when
// it names a site language, else the best match for Accept-Language, else
// the default.
func (b *Bundle) Negotiate(cookie, acceptLanguage string) string {
	e := b.on.Load()
	if e.set[cookie] {
		return cookie
	}
	// ParseAcceptLanguage rejects absurdly long headers; the default wins then.
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return b.Default()
	}
	_, i, conf := e.matcher.Match(tags...)
	if conf == language.No {
		return b.Default()
	}
	return e.codes[i]
}

// Has reports whether the message ID exists in this language.
func (l *Localizer) Has(id string) bool { return l.ids[id] }

// Tr translates a message. Pairs are template data as key, value, ...:
// {{.T.Tr "pager.page_of" "Page" 2 "Pages" 5}}. A missing ID yields the
// ID itself, so a gap shows on the page (and the catalog test fails).
func (l *Localizer) Tr(id string, pairs ...any) string {
	if id == selfID {
		if name := l.self.Load(); name != nil {
			return *name
		}
	}
	if s, ok := l.msgs.plain[id]; ok {
		return s
	}
	if p, ok := l.msgs.patterns[id]; ok {
		return p.fill(pairs, nil)
	}
	return l.localize(id, nil, pairs)
}

// localize asks go-i18n: for messages not resolved at load.
func (l *Localizer) localize(id string, n any, pairs []any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id, PluralCount: n}
	if len(pairs) > 0 || n != nil {
		cfg.TemplateData = dataOf(pairs)
	}
	if n != nil {
		cfg.TemplateData.(map[string]any)["Count"] = n
	}
	s, err := l.loc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// Plural translates a message with CLDR plural forms chosen by n; the
// message sees n as {{.Count}}: "1 новость", "3 новости", "5 новостей".
func (l *Localizer) Plural(id string, n int, pairs ...any) string {
	if forms, ok := l.msgs.plurals[id]; ok {
		if p, ok := forms[plural.Cardinal.MatchPlural(l.Tag, n, 0, 0, 0, 0)]; ok {
			return p.fill(pairs, n)
		}
	}
	return l.localize(id, n, pairs)
}

func dataOf(pairs []any) map[string]any {
	data := make(map[string]any, len(pairs)/2+1)
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, ok := pairs[i].(string); ok {
			data[k] = pairs[i+1]
		}
	}
	return data
}

// Date formats a day for running text: "December 5, 2011", "5 декабря 2011 г."
// (genitive month in Russian). The pattern is the locale's date.long.
func (l *Localizer) Date(t time.Time) string {
	t = t.In(l.Loc)
	return fillDate(l.long[t.Month()], t.Day(), t.Year())
}

// Period formats a month as a period: "December 2011", "Декабрь 2011"
// (nominative month). The pattern is the locale's date.period.
func (l *Localizer) Period(t time.Time) string {
	// A period is a calendar month, stored as its first day: no time zone.
	return fillDate(l.period[t.Month()], t.Day(), t.Year())
}

// ZoneName names the site's time zone for people: its offset from UTC
// now ("UTC+05:00"), not the database name ("Asia/Ashgabat").
func (l *Localizer) ZoneName() string {
	return "UTC" + time.Now().In(l.Loc).Format("-07:00")
}

// DateTime formats a moment with its local time: "5 декабря 2011 г., 14:30".
func (l *Localizer) DateTime(t time.Time) string {
	return l.Tr("date.time", "Date", l.Date(t), "Time", t.In(l.Loc).Format("15:04"))
}

// DateTimePatterns are DateTime's patterns for a script in the page that
// writes a moment as the server does: one per month (index 0: January),
// with {d}, {y} and {t} where the day, the year and the time ("14:30", in
// the site's zone) go.
func (l *Localizer) DateTimePatterns() []string {
	marks := strings.NewReplacer(dayMark, "{d}", yearMark, "{y}")
	out := make([]string, 12)
	for m := 1; m <= 12; m++ {
		out[m-1] = l.Tr("date.time", "Date", marks.Replace(l.long[m]), "Time", "{t}")
	}
	return out
}

// Size formats a file size: "12 KB", "1,5 МБ".
func (l *Localizer) Size(n int64) string {
	if n < 1024*1024 {
		return l.Tr("size.kb", "N", (n+1023)/1024)
	}
	mb := fmt.Sprintf("%.1f", float64(n)/(1024*1024))
	return l.Tr("size.mb", "N", strings.Replace(mb, ".", l.Tr("number.decimal"), 1))
}

// Number is n with its digits grouped in thousands as the language
// writes them ("400,000"; "400 000" with a no-break space), from 10,000
// up: a shorter number reads as well whole.
func (l *Localizer) Number(n int) string {
	s := strconv.Itoa(n)
	digits := strings.TrimPrefix(s, "-")
	if len(digits) < 5 {
		return s
	}
	sep := l.Tr("number.group")
	var b strings.Builder
	b.WriteString(s[:len(s)-len(digits)])
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	return b.String()
}

// ISODate formats t for <time datetime>.
func (l *Localizer) ISODate(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// pluralForms are the keys that make a TOML table a message rather than a
// group of messages.
var pluralForms = map[string]bool{
	"id": true, "description": true, "hash": true, "leftdelim": true, "rightdelim": true,
	"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true,
}

// flatten reads a TOML locale file into its messages by ID, nested tables
// flattened by dots as go-i18n does: each a string, or a table of plural
// forms and go-i18n's message fields (isMessageTable).
func flatten(data []byte) (map[string]any, error) {
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	out := map[string]any{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			id := k
			if prefix != "" {
				id = prefix + "." + k
			}
			if sub, ok := v.(map[string]any); ok && !isMessageTable(sub) {
				walk(id, sub)
				continue
			}
			out[id] = v
		}
	}
	walk("", raw)
	return out, nil
}

// IDs returns the sorted message IDs of this language.
func (l *Localizer) IDs() []string {
	out := make([]string, 0, len(l.ids))
	for id := range l.ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
