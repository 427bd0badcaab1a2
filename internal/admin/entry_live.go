package admin

import (
	"net/http"
	"slices"

	"vestnik/internal/content"
)

// putBackLive shows the form again with the live text of lang, and its
// live own lead image, in place of its unpublished changes, and saves nothing: the other fields keep what
// was typed. Saving the form then gives the changes up (the store drops a
// working copy that says what the live text says, and undoes the marks its
// changes put on the other languages). A language without unpublished
// changes (published or given up meanwhile) is shown as it stands.
func (s *server) putBackLive(w http.ResponseWriter, r *http.Request, ef entryForm, lang string) error {
	stored, _, err := s.store.EntryForEdit(r.Context(), ef.Draft.ID)
	if err != nil {
		return err
	}
	if live, ok := stored.Live[lang]; ok {
		t := ef.Draft.Texts[lang]
		t.Title, t.Slug, t.Summary, t.Body = live.Title, live.Slug, live.Summary, live.Body
		ef.Draft.Texts[lang] = t
		// The language's own image as the public sees it: the copy's
		// choice goes with its changes.
		ef.Draft.SetLangImage(lang, stored.LiveImages[lang])
		ef.Unsaved = true
		// An issue's articles: the live text of each where it has
		// changes; none in an article the changes added.
		for i, a := range ef.Draft.Articles {
			if a.Title == nil {
				ef.Draft.Articles[i].Title, ef.Draft.Articles[i].Body = map[string]string{}, map[string]string{}
			}
			j := slices.IndexFunc(stored.Articles, func(b content.ArticleDraft) bool { return a.ID != 0 && b.ID == a.ID })
			text := content.ArticleText{}
			if j >= 0 {
				var changed bool
				if text, changed = stored.Articles[j].Live[lang]; !changed {
					text = content.ArticleText{Title: stored.Articles[j].Title[lang], Body: stored.Articles[j].Body[lang]}
				}
			}
			ef.Draft.Articles[i].Title[lang], ef.Draft.Articles[i].Body[lang] = text.Title, text.Body
		}
	}
	return s.renderForm(w, r, http.StatusOK, ef)
}
