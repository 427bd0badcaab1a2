package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/pagecache"
	"vestnik/internal/picture"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// entryBySlug finds a visible entry by slug; an old slug of a renamed entry
// answers 301 to the current URL, and another language's slug (the
// language of an address changed by hand) leads to this language's
// translation, or to the page that says there is none (handled is then
// true). set is the images the entry's page shows.
func (s *Server) entryBySlug(w http.ResponseWriter, r *http.Request, kind content.Kind) (it content.Item, set picture.Set, handled bool, err error) {
	lang, slug := chi.URLParam(r, "lang"), chi.URLParam(r, "slug")
	if !content.ValidSlug(slug) {
		// Slugs are lower-case: an address typed or linked in capitals
		// goes to its lower-case self.
		if lower := strings.ToLower(slug); lower != slug && content.ValidSlug(lower) {
			http.Redirect(w, r, content.EntryPath(lang, kind, lower, ""), http.StatusMovedPermanently)
			return it, nil, true, nil
		}
		return it, nil, false, httpx.ErrNotFound
	}
	ctx := r.Context()
	it, images, err := s.store.ItemBySlug(ctx, lang, kind, slug)
	if !errors.Is(err, store.ErrNotFound) {
		return it, images, false, err
	}
	current, err := s.store.SlugRedirect(ctx, lang, kind, slug)
	if err == nil {
		http.Redirect(w, r, content.EntryPath(lang, kind, current, ""), http.StatusMovedPermanently)
		return it, nil, true, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return it, nil, false, err
	}
	others := slices.DeleteFunc(slices.Clone(s.bundle.Codes()), func(c string) bool { return c == lang })
	id, err := s.store.SlugElsewhere(ctx, others, kind, slug)
	if err != nil {
		return it, nil, false, err
	}
	_, key, alts, err := s.store.Alternates(ctx, id)
	if err != nil {
		return it, nil, false, err
	}
	// Found, not moved: the translation may change, or come later.
	to := "/" + lang + "/unavailable/" + strconv.FormatInt(id, 10)
	if other, ok := alts[lang]; ok {
		to = content.EntryPath(lang, kind, other, key)
	}
	http.Redirect(w, r, to, http.StatusFound)
	return it, nil, true, nil
}

func (s *Server) newsItem(w http.ResponseWriter, r *http.Request) error {
	it, set, handled, err := s.entryBySlug(w, r, content.KindNews)
	if err != nil || handled {
		return err
	}
	b, err := s.entryPageBase(r, "news", it)
	if err != nil {
		return err
	}
	it.BodyHTML = view.HotlinesInto(expand(set, it.BodyHTML, it.Lang), b.Hotlines, b.T)
	pagecache.Tag(r.Context(), it.ID)
	b.Touch(view.ItemDate(it))
	b.Title, b.Description = it.Title, it.Summary
	s.articleMeta(&b, it, it.Title, set)
	s.crumbs(&b, view.Link{Label: b.T.Tr("nav.home"), Href: "/" + it.Lang + "/"},
		view.Link{Label: b.T.Tr("nav.news"), Href: "/" + it.Lang + "/news/"},
		view.Link{Label: it.Title, Href: content.EntryPath(it.Lang, it.Entry.Kind, it.Slug, "")})
	return s.render(w, http.StatusOK, view.PageNewsItem, view.NewArticlePage(b, it, set.Lead(it.LeadImageID, it.Lang), b.Meta.Breadcrumbs[0], b.Meta.Breadcrumbs[1]))
}
