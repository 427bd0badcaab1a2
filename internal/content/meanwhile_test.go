package content

import "testing"

// TestOverwritesLanguageNotCarried: a save whose draft does not carry a
// language (turned off since its form was opened) leaves that language's
// change made meanwhile alone — unless it removes an article whose text
// in that language changed meanwhile: removing goes in every language.
func TestOverwritesLanguageNotCarried(t *testing.T) {
	issue := func(tk1, tk2 string, articles ...int64) Draft {
		d := Draft{Kind: KindNewsletter, Texts: map[string]Text{
			"en": {Title: "Issue", Body: "Text."},
			"tk": {Title: "Byulleten", Body: tk1},
		}}
		for _, id := range articles {
			d.Articles = append(d.Articles, ArticleDraft{ID: id,
				Title: map[string]string{"en": "Article", "tk": "Makala"}, Body: map[string]string{"en": "Text.", "tk": tk2}})
		}
		return d
	}
	base := issue("Tekst.", "Makalanyň teksti.", 1, 2)
	// Meanwhile: the Turkmen text and article 2's Turkmen changed.
	now := issue("Täze tekst.", "Täze makala teksti.", 1, 2)
	now.Version = 2
	// The form, saved with Turkmen turned off: no Turkmen at all.
	mine := func(articles ...int64) Draft {
		d := issue("", "", articles...)
		delete(d.Texts, "tk")
		for i := range d.Articles {
			delete(d.Articles[i].Title, "tk")
			delete(d.Articles[i].Body, "tk")
		}
		d.Texts["en"] = Text{Title: "Issue", Body: "The editor's English."}
		return d
	}
	if mine(1, 2).Overwrites(base, now) {
		t.Error("a save that does not carry Turkmen counts as writing over its change")
	}
	if !mine(1).Overwrites(base, now) {
		t.Error("removing an article whose Turkmen changed meanwhile does not count as writing over it")
	}
	// Carried by the articles only: the store writes it, so it is weighed.
	carried := mine(1, 2)
	carried.Articles[1].Title["tk"], carried.Articles[1].Body["tk"] = "Makala", "Makalanyň teksti."
	if !carried.Overwrites(base, now) {
		t.Error("an article text in Turkmen written back over the one changed meanwhile")
	}
}
