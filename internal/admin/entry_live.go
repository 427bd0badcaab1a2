package admin

import "net/http"

// putBackLive shows the form again with the live text of lang in place of
// its unpublished changes, and saves nothing: the other fields keep what
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
		ef.Unsaved = true
	}
	return s.renderForm(w, r, http.StatusOK, ef)
}
