package admin

import (
	"net/url"
	"slices"

	"vestnik/internal/content"
)

// keepUnposted gives an editor's posted form the languages it has no
// fields for — one an admin turned on after the form was opened — as the
// entry holds them: read as blank, they would delete that language's
// text, its own lead image, its texts of an issue's articles and its
// edition, none of which the editor saw. Nothing of them is published:
// a working copy stays one.
func (s *server) keepUnposted(ef *entryForm, stored content.Draft, posted url.Values) {
	d := &ef.Draft
	if d.ID == 0 {
		return
	}
	now := s.formOf(stored)
	for _, lang := range s.bundle.Codes() {
		if posted.Has("title." + lang) {
			continue
		}
		ef.takeStored(stored, now, lang, false)
		if id, ok := stored.Editions[lang]; ok && d.Editions != nil {
			d.Editions[lang] = id
		}
	}
}

// takeStored makes lang in the form what the entry holds (stored, now
// its form): the text, published or not as it is, its own lead image and
// its texts of the articles, matched by id. An article the entry
// does not hold keeps the form's text in lang when keepNew, else has
// none there.
func (ef *entryForm) takeStored(stored content.Draft, now entryForm, lang string, keepNew bool) {
	d := &ef.Draft
	t := stored.Texts[lang]
	t.InLine, t.Update, t.Publish = false, content.UpdateNo, false
	d.Texts[lang] = t
	d.SetLangImage(lang, stored.LangImages[lang])
	ef.StatusChoice[lang], ef.PublishAt[lang] = now.StatusChoice[lang], now.PublishAt[lang]
	for i, a := range d.Articles {
		j := slices.IndexFunc(stored.Articles, func(b content.ArticleDraft) bool { return a.ID != 0 && b.ID == a.ID })
		if j < 0 && keepNew {
			continue
		}
		if a.Title == nil || a.Body == nil {
			d.Articles[i].Title, d.Articles[i].Body = map[string]string{}, map[string]string{}
		}
		if j < 0 {
			delete(d.Articles[i].Title, lang)
			delete(d.Articles[i].Body, lang)
			continue
		}
		d.Articles[i].Title[lang], d.Articles[i].Body[lang] = stored.Articles[j].Title[lang], stored.Articles[j].Body[lang]
	}
}
