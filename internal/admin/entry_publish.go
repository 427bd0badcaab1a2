package admin

import (
	"vestnik/internal/content"
	"vestnik/internal/store"
)

// heldForReview lists, in the site's order (codes), the live languages
// whose unpublished changes "Save and publish changes" leaves to the
// review: a translator's changes (saved by a translator, submitted or
// not) or changes waiting for review or sent back, in a language the
// editor did not change in this form (d against stored, article texts
// too). An editor who changes such a text makes it theirs, and publishes
// it; otherwise a translator's unfinished work went live unseen, as
// "Approve and publish" on the review is what publishes it (the list's
// bulk Publish leaves texts under review alone too: entries_bulk.go).
func heldForReview(stored content.Draft, meta store.EntryMeta, reviews map[string]store.Review, d content.Draft, codes []string) []string {
	var out []string
	for _, lang := range codes {
		st, ok := meta.Texts[lang]
		if !ok || !st.Pending || !d.Texts[lang].Publish {
			continue
		}
		if _, reviewed := reviews[lang]; !st.TranslatorCopy && !reviewed {
			continue
		}
		if sameIn(lang, stored, d) {
			out = append(out, lang)
		}
	}
	return out
}

// sameIn reports whether d says in lang what stored says: its text and
// its texts of the articles.
func sameIn(lang string, stored, d content.Draft) bool {
	if !stored.Texts[lang].Says(d.Texts[lang]) {
		return false
	}
	was := map[int64]content.ArticleDraft{}
	for _, art := range stored.Articles {
		was[art.ID] = art
	}
	for _, art := range d.Articles {
		old, ok := was[art.ID]
		if art.ID == 0 || !ok {
			if art.Title[lang] != "" || art.Body[lang] != "" {
				return false
			}
			continue
		}
		if art.Title[lang] != old.Title[lang] || art.Body[lang] != old.Body[lang] {
			return false
		}
	}
	return true
}
