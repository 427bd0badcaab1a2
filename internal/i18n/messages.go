package i18n

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
)

// messages are a language's messages resolved when the locales load, so
// that translating calls no go-i18n template at request time: plain text
// as shown, and text with fields ("{{.Name}}") split at its fields, one
// per plural form where the message has forms. A message that is neither
// (none today) is left to go-i18n.
type messages struct {
	plain    map[string]string
	patterns map[string]pattern
	plurals  map[string]map[plural.Form]pattern
}

func newMessages() messages {
	return messages{plain: map[string]string{}, patterns: map[string]pattern{}, plurals: map[string]map[plural.Form]pattern{}}
}

// pattern is a message's text split at its fields: literals at even
// indexes, field names at odd ones.
type pattern []string

var fieldRef = regexp.MustCompile(`\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// parsePattern splits a message at its fields; false when it holds any
// other template action.
func parsePattern(s string) (pattern, bool) {
	var p pattern
	last := 0
	for _, m := range fieldRef.FindAllStringSubmatchIndex(s, -1) {
		p = append(p, s[last:m[0]], s[m[2]:m[3]])
		last = m[1]
	}
	p = append(p, s[last:])
	for i := 0; i < len(p); i += 2 {
		if strings.Contains(p[i], "{{") {
			return nil, false
		}
	}
	return p, true
}

// fill puts the values of pairs (name, value, …) into the pattern as
// go-i18n's template would print them.
func (p pattern) fill(pairs []any, count any) string {
	var b strings.Builder
	for i, part := range p {
		if i%2 == 0 {
			b.WriteString(part)
			continue
		}
		var v any
		ok := false
		for j := 0; j+1 < len(pairs); j += 2 { // the last pair of a name wins, as in go-i18n's data map
			if k, _ := pairs[j].(string); k == part {
				v, ok = pairs[j+1], true
			}
		}
		if part == "Count" && count != nil {
			v, ok = count, true
		}
		switch x := v.(type) {
		case string:
			b.WriteString(x)
		case int:
			b.WriteString(strconv.Itoa(x))
		default:
			if !ok {
				b.WriteString("<no value>") // as text/template prints a missing key
				continue
			}
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

// pluralFormOf names the TOML keys of plural forms.
var pluralFormOf = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two, "few": plural.Few, "many": plural.Many, "other": plural.Other,
}

// add resolves the messages of a locale file (flatten): plain text,
// text with fields, plural forms; what it cannot resolve is left to
// go-i18n.
func (ms messages) add(flat map[string]any) {
	for id, v := range flat {
		switch v := v.(type) {
		case string:
			if !strings.Contains(v, "{{") {
				ms.plain[id] = v
			} else if p, ok := parsePattern(v); ok {
				ms.patterns[id] = p
			}
		case map[string]any:
			if forms, ok := pluralPatterns(v); ok {
				ms.plurals[id] = forms
			}
		}
	}
}

// pluralPatterns resolves a message table of plural forms; false when it
// is not one, or holds more than plural forms and fields.
func pluralPatterns(t map[string]any) (map[plural.Form]pattern, bool) {
	forms := map[plural.Form]pattern{}
	for k, v := range t {
		f, isForm := pluralFormOf[strings.ToLower(k)]
		s, isText := v.(string)
		if !isForm || !isText {
			return nil, false
		}
		p, ok := parsePattern(s)
		if !ok {
			return nil, false
		}
		forms[f] = p
	}
	return forms, len(forms) > 0
}

// isMessageTable reports whether a TOML table is one message (its keys
// are plural forms or go-i18n's message fields), not a group of them.
func isMessageTable(t map[string]any) bool {
	for k := range t {
		if !pluralForms[strings.ToLower(k)] {
			return false
		}
	}
	return true
}
