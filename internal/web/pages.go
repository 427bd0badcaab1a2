package web

import (
	"net/http"

	"vestnik/internal/content"
	"vestnik/internal/pagecache"
	"vestnik/internal/view"
)

// pageBySlug serves free-standing pages: /{lang}/{slug}.
func (s *Server) pageBySlug(w http.ResponseWriter, r *http.Request) error {
	it, set, handled, err := s.entryBySlug(w, r, content.KindPage)
	if err != nil || handled {
		return err
	}
	if it.SystemKey == content.SystemKeyHotline {
		http.Redirect(w, r, content.EntryPath(it.Lang, it.Entry.Kind, it.Slug, it.SystemKey), http.StatusMovedPermanently)
		return nil
	}
	b, err := s.entryPageBase(r, "page", it)
	if err != nil {
		return err
	}
	it.BodyHTML = view.HotlinesInto(expand(set, it.BodyHTML, it.Lang), b.Hotlines, b.T)
	pagecache.Tag(r.Context(), it.ID)
	b.Touch(view.ItemDate(it))
	b.Title, b.Description = it.Title, it.Summary
	if lead, ok := set[it.LeadImageID]; ok {
		s.imageMeta(&b, lead)
	}
	s.crumbs(&b, view.Link{Label: b.T.Tr("nav.home"), Href: "/" + it.Lang + "/"},
		view.Link{Label: it.Title, Href: content.EntryPath(it.Lang, it.Entry.Kind, it.Slug, it.SystemKey)})
	return s.render(w, http.StatusOK, view.PagePage, view.NewPage(b, it, set.Lead(it.LeadImageID, it.Lang)))
}
