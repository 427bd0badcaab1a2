package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/pagecache"
	"vestnik/internal/view"
)

// untranslated is where the language switcher leads when an entry has no
// translation in that language: a noindex page, in that language, linking
// to the versions that exist. It never silently sends visitors home.
func (s *Server) untranslated(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id < 1 {
		return httpx.ErrNotFound
	}
	kind, key, alts, err := s.store.Alternates(r.Context(), id)
	if err != nil {
		return err
	}
	if slug, ok := alts[lang]; ok {
		// It has been translated since the link was made.
		http.Redirect(w, r, content.EntryPath(lang, kind, slug, key), http.StatusFound)
		return nil
	}
	pagecache.Tag(r.Context(), id)
	b, err := s.pageBase(r, lang, "untranslated", "")
	if err != nil {
		return err
	}
	b.Title = b.T.Tr("untranslated.title")
	b.NoIndex = true
	b.Canonical, b.Alternates, b.XDefault = "", nil, ""
	data := view.Untranslated{Base: b, Heading: b.Title, Text: b.T.Tr("untranslated.text"), HomeLink: b.T.Tr("error.home_link")}
	data.Switch = nil
	for _, code := range s.bundle.Codes() {
		slug, ok := alts[code]
		if !ok {
			continue
		}
		other := s.bundle.Get(code)
		path := content.EntryPath(code, kind, slug, key)
		data.Available = append(data.Available, view.Link{Lang: code, Name: other.Tr("language.self"),
			Href: path, Label: b.T.Tr("untranslated.read_in", "Lang", b.T.Tr("language.in."+code))})
		data.Switch = append(data.Switch, view.Link{Lang: code, Name: other.Tr("language.self"), Href: switchHref(code, path)})
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	return s.render(w, http.StatusOK, view.PageUntranslated, data)
}
