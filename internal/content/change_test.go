package content

import (
	"strings"
	"testing"
)

func TestSubstantive(t *testing.T) {
	t.Parallel()
	base := Text{Title: "Hotline hours change", Summary: "From Monday the hotline answers longer.",
		Body: "The hotline **8 800 100** answers from 9:00 to 20:00, Monday to Saturday.\n\nCall before you travel."}
	tests := []struct {
		name string
		edit func(*Text)
		want bool
	}{
		{"nothing", func(*Text) {}, false},
		{"a comma removed", func(t *Text) {
			t.Body = "The hotline **8 800 100** answers from 9:00 to 20:00 Monday to Saturday.\n\nCall before you travel."
		}, false},
		{"spacing and lines", func(t *Text) {
			t.Body = "The hotline **8 800 100**  answers from 9:00 to 20:00, Monday to Saturday.\r\n\r\n\r\nCall before you travel."
		}, false},
		{"bold removed", func(t *Text) {
			t.Body = "The hotline 8 800 100 answers from 9:00 to 20:00, Monday to Saturday.\n\nCall before you travel."
		}, false},
		{"case", func(t *Text) { t.Title = "Hotline Hours Change" }, false},
		{"a typo fixed", func(t *Text) { t.Summary = "From Monday the hotline answres longer." }, false},
		{"a long word's two-letter typo", func(t *Text) {
			t.Body = "The hotline **8 800 100** answers from 9:00 to 20:00, Monday to Saturdya.\n\nCall before you travel."
		}, false},
		{"a number changed", func(t *Text) {
			t.Body = "The hotline **8 800 100** answers from 9:00 to 21:00, Monday to Saturday.\n\nCall before you travel."
		}, true},
		{"a word added", func(t *Text) { t.Body += " Do not travel without a contract." }, true},
		{"a word removed", func(t *Text) { t.Summary = "From Monday the hotline answers." }, true},
		{"a short word swapped", func(t *Text) { t.Summary = "From Monday the hotline answers longer, not shorter." }, true},
		{"two words changed", func(t *Text) {
			t.Body = "The hotline **8 800 100** answers from 9:00 to 20:00, Tuesday to Sunday.\n\nCall before you travel."
		}, true},
		{"a different word", func(t *Text) { t.Summary = "From Monday the hotline answers faster." }, true},
		{"Russian comma", func(t *Text) { t.Body = "Горячая линия работает с 9:00, по будням" }, true},
	}
	for _, tt := range tests {
		n := base
		tt.edit(&n)
		if got := Substantive(base, n); got != tt.want {
			t.Errorf("%s: Substantive = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !Substantive(Text{Title: "Open now"}, Text{Title: "Open not"}) {
		t.Error("now → not is not substantive")
	}
	ru := Text{Body: "Горячая линия работает с 9:00 до 18:00, по будням."}
	if Substantive(ru, Text{Body: "Горячая линия работает с 9:00 до 18:00 по будням."}) {
		t.Error("a Russian comma is substantive")
	}
	if Substantive(ru, Text{Body: "Горячая линия работает с 9:00 до 18:00, по будяням."}) {
		t.Error("a Russian typo is substantive")
	}
	if !Substantive(ru, Text{Body: "Горячая линия не работает с 9:00 до 18:00, по будням."}) {
		t.Error("«не» added is not substantive")
	}
}

func TestCleanText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"a\r\nb\rc":               "a\nb\nc",
		"Word\vbreak\fpage":       "Word\nbreak\npage",
		"tab\tstays\x01\x1f\x00":  "tab\tstays",
		"\uFFFE\uFFFFкириллица ё": "кириллица ё",
		"bad \xff byte":           "bad \uFFFD byte",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanLine(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"invoice \u202Efdp.exe":        "invoice fdp.exe",
		"\u202Aa\u202Bb\u202Cc\u202Dd": "abcd",
		"quote \u2067مرحبا\u2069 ends": "quote \u2067مرحبا\u2069 ends",
		"open \u2067مرحبا":             "open \u2067مرحبا\u2069",
		"stray\u2069 close":            "stray close",
		"line\r\nbreak\x01":            "line\nbreak",
	} {
		if got := CleanLine(in); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", in, got, want)
		}
	}
	d := Draft{Texts: map[string]Text{"en": {Title: "Report \u202Etxt.exe", Summary: "\u202Dsum"}},
		Articles: []ArticleDraft{{Title: map[string]string{"en": "\u202Eart"}}}}
	d.Normalize()
	if d.Texts["en"].Title != "Report txt.exe" || d.Texts["en"].Summary != "sum" || d.Articles[0].Title["en"] != "art" {
		t.Errorf("Normalize kept a bidi override: %+v %v", d.Texts["en"], d.Articles[0].Title)
	}
}

func TestSlugMessages(t *testing.T) {
	t.Parallel()
	for slug, want := range map[string]string{
		strings.Repeat("hotline-", 11) + "x": "admin.err.slug_long",
		"Hotline Meeting":                    "admin.err.slug_invalid",
		"hotline-meeting":                    "",
	} {
		d := Draft{Kind: KindNews, Texts: map[string]Text{"en": {Title: "T", Slug: slug, Status: StatusDraft}}}
		if got := d.Validate([]string{"en"})["slug.en"]; got != want {
			t.Errorf("%q: %q, want %q", slug, got, want)
		}
	}
}

func TestDropEmptyArticles(t *testing.T) {
	t.Parallel()
	blank := func(id int64) ArticleDraft {
		return ArticleDraft{ID: id, Title: map[string]string{"en": " "}, Body: map[string]string{"en": ""}}
	}
	d := Draft{Articles: []ArticleDraft{blank(0), {Title: map[string]string{"en": "Kept"}}, blank(7)}}
	d.DropEmptyArticles()
	if len(d.Articles) != 2 || d.Articles[0].Title["en"] != "Kept" || d.Articles[1].ID != 7 {
		t.Errorf("after dropping the new blank one: %+v", d.Articles)
	}
}

// TestNormalizeBlankArticleText: an article's title of spaces, with blank
// space for its text, is no text in that language (a save removes it), not
// a blank heading or a text without a title.
func TestNormalizeBlankArticleText(t *testing.T) {
	t.Parallel()
	d := Draft{Kind: KindNewsletter, Texts: map[string]Text{}, Articles: []ArticleDraft{{
		Title: map[string]string{"en": "  ", "ru": " Заголовок "},
		Body:  map[string]string{"en": "\r\n \n", "ru": "\n"},
	}}}
	d.Normalize()
	a := d.Articles[0]
	if a.Title["en"] != "" || a.Body["en"] != "" || a.Title["ru"] != "Заголовок" || a.Body["ru"] != "\n" {
		t.Errorf("normalized: %q, %q", a.Title, a.Body)
	}
}
