package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// entryBySlug finds a visible entry by slug; an old slug of a renamed entry
// answers 301 to the current URL (handled is then true).
func (s *Server) entryBySlug(w http.ResponseWriter, r *http.Request, kind content.Kind) (it content.Item, handled bool, err error) {
	lang, slug := chi.URLParam(r, "lang"), chi.URLParam(r, "slug")
	if !content.ValidSlug(slug) {
		// Slugs are lower-case: an address typed or linked in capitals
		// goes to its lower-case self.
		if lower := strings.ToLower(slug); lower != slug && content.ValidSlug(lower) {
			http.Redirect(w, r, content.EntryPath(lang, kind, lower, ""), http.StatusMovedPermanently)
			return it, true, nil
		}
		return it, false, httpx.ErrNotFound
	}
	it, err = s.store.ItemBySlug(r.Context(), lang, kind, slug)
	if errors.Is(err, store.ErrNotFound) {
		current, rerr := s.store.SlugRedirect(r.Context(), lang, kind, slug)
		if rerr != nil {
			return it, false, rerr
		}
		http.Redirect(w, r, content.EntryPath(lang, kind, current, ""), http.StatusMovedPermanently)
		return it, true, nil
	}
	return it, false, err
}

func (s *Server) newsItem(w http.ResponseWriter, r *http.Request) error {
	it, handled, err := s.entryBySlug(w, r, content.KindNews)
	if err != nil || handled {
		return err
	}
	b, err := s.pageBase(r, it.Lang, "news", "")
	if err != nil {
		return err
	}
	set, err := s.photos(r.Context(), []int64{it.LeadImageID}, it.BodyHTML)
	if err != nil {
		return err
	}
	it.BodyHTML = view.HotlinesInto(expand(set, it.BodyHTML, it.Lang), b.Hotlines, b.T)
	s.withEntry(&b, it)
	pagecache.Tag(r.Context(), it.ID)
	b.Touch(view.ItemDate(it))
	b.Title, b.Description = it.Title, it.Summary
	s.articleMeta(&b, it, it.Title, set)
	s.crumbs(&b, view.Link{Label: b.T.Tr("nav.home"), Href: "/" + it.Lang + "/"},
		view.Link{Label: b.T.Tr("nav.news"), Href: "/" + it.Lang + "/news/"},
		view.Link{Label: it.Title, Href: content.EntryPath(it.Lang, it.Entry.Kind, it.Slug, "")})
	return s.render(w, http.StatusOK, view.PageNewsItem, view.NewPage(b, it, set.Lead(it.LeadImageID, it.Lang), b.Meta.Breadcrumbs[:2]...))
}
