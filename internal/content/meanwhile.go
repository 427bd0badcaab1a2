package content

import (
	"maps"
	"slices"
)

// A save made from a form opened at an older version than the entry's
// meets the changes saved meanwhile. It need not be refused for them: two
// people working on different languages do not overwrite each other. The
// parts of an entry a save weighs apart are each language (its text and
// publication, its own lead image, its texts of an issue's articles) and
// what the languages share (SharedChanged's, and whether an issue is
// mailed on publishing).

// LangDiffers reports whether d and o differ in lang's part: its text
// (title, slug, summary, body), publication, own lead image and, for an
// issue, its texts of the articles, article by article. A language blank
// in both is the same, whatever its status says; so is an article blank
// in lang in both, and the articles' order is the (SharedChanged),
// not a language's: an article added or moved meanwhile changes no
// language's text.
func (d Draft) LangDiffers(o Draft, lang string) bool {
	t, u := d.Texts[lang], o.Texts[lang]
	if t.Empty() != u.Empty() {
		return true
	}
	if !t.Empty() && (!t.Says(u) || t.Status != u.Status || !t.PublishAt.Equal(u.PublishAt)) {
		return true
	}
	if d.LangImages[lang] != o.LangImages[lang] {
		return true
	}
	return !maps.Equal(articleTexts(d, lang), articleTexts(o, lang))
}

// articleTexts is lang's texts of d's articles by article: by id, and a
// new article (id 0) by its place, which no saved article shares. An
// article blank in lang has none.
func articleTexts(d Draft, lang string) map[int64]ArticleText {
	out := map[int64]ArticleText{}
	for i, a := range d.Articles {
		at := ArticleText{Title: a.Title[lang], Body: a.Body[lang]}
		if at == (ArticleText{}) {
			continue
		}
		key := a.ID
		if key == 0 {
			key = -int64(i + 1)
		}
		out[key] = at
	}
	return out
}

// liveDiffers reports whether the public's side of lang differs between d
// and o: whether it has a working copy, the live text the copy holds back
// and the live own lead image.
func (d Draft) liveDiffers(o Draft, lang string) bool {
	t, ok := d.Live[lang]
	u, ok2 := o.Live[lang]
	if ok != ok2 || ok && (!t.Says(u) || t.Status != u.Status) {
		return true
	}
	return d.LiveImages[lang] != o.LiveImages[lang]
}

// SharedDiffers reports whether d and o differ in what their languages
// share.
func (d Draft) SharedDiffers(o Draft) bool {
	return d.SharedChanged(o) || o.SharedChanged(d) || d.SendOnPublish != o.SendOnPublish
}

// Overwrites reports whether saving d, made from a form opened at base,
// over now (the entry as saved since) would write over a change made in
// between: a part that changed from base to now (a language's live side
// included) and that d holds otherwise than now. A language whose working
// copy d gives or marks in line, or publishes, counts as held otherwise:
// those act on what is there now, which the saver has not seen. A part
// changed meanwhile that d holds as now is no loss, nor is d's change to
// a part nobody else touched, nor a language d does not carry at all (one
// turned off, so not in the form): a save keeps its text, its own image
// and its articles' texts as they are — but for the articles d removes,
// which go in every language: one whose text there changed meanwhile is
// written over.
func (d Draft) Overwrites(base, now Draft) bool {
	if base.SharedDiffers(now) && d.SharedDiffers(now) {
		return true
	}
	langs := map[string]bool{}
	for _, m := range []map[string]Text{d.Texts, base.Texts, now.Texts, base.Live, now.Live} {
		for lang := range maps.Keys(m) {
			langs[lang] = true
		}
	}
	for lang := range langs {
		if !base.LangDiffers(now, lang) && !base.liveDiffers(now, lang) {
			continue // nobody changed it meanwhile
		}
		t, carried := d.Texts[lang]
		if !carried && !d.carriesArticles(lang) {
			if d.removesChanged(base, now, lang) {
				return true
			}
			continue // the save leaves it as it is
		}
		if d.LangDiffers(now, lang) || t.InLine || t.Publish {
			return true
		}
	}
	return false
}

// carriesArticles reports whether an article of d has a text in lang to
// write (the store writes every language its articles carry).
func (d Draft) carriesArticles(lang string) bool {
	for _, a := range d.Articles {
		if _, ok := a.Title[lang]; ok {
			return true
		}
	}
	return false
}

// removesChanged reports whether d leaves out an article of now whose
// text in lang changed since base (or was added): saving d removes it.
func (d Draft) removesChanged(base, now Draft, lang string) bool {
	was := articleTexts(base, lang)
	for id, at := range articleTexts(now, lang) {
		if id <= 0 || slices.ContainsFunc(d.Articles, func(a ArticleDraft) bool { return a.ID == id }) {
			continue
		}
		if old, ok := was[id]; !ok || old != at {
			return true
		}
	}
	return false
}
