package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// newsletterItem is one issue: its articles in order and the PDF edition of
// every language.
func (s *Server) newsletterItem(w http.ResponseWriter, r *http.Request) error {
	lang, slug := chi.URLParam(r, "lang"), chi.URLParam(r, "slug")
	if !content.ValidSlug(slug) {
		// A slug in capitals goes to its lower-case self, as a news
		// item's does; anything else is not found.
		_, _, _, err := s.entryBySlug(w, r, content.KindNewsletter)
		return err
	}
	ctx := r.Context()
	issue, err := s.store.NewsletterBySlug(ctx, lang, slug)
	if errors.Is(err, store.ErrNotFound) {
		_, _, handled, err := s.entryBySlug(w, r, content.KindNewsletter)
		if err != nil || handled {
			return err
		}
		return httpx.ErrNotFound
	}
	if err != nil {
		return err
	}
	editions, err := s.store.Editions(ctx, issue.ID)
	if err != nil {
		return err
	}
	b, err := s.entryPageBase(r, "newsletters", issue.Item)
	if err != nil {
		return err
	}
	htmls := []string{issue.BodyHTML}
	for _, a := range issue.Articles {
		htmls = append(htmls, a.BodyHTML)
	}
	set, err := s.photos(ctx, []int64{issue.LeadImageID}, htmls...)
	if err != nil {
		return err
	}
	issue.BodyHTML = view.HotlinesInto(expand(set, issue.BodyHTML, lang), b.Hotlines, b.T)
	for i := range issue.Articles {
		issue.Articles[i].BodyHTML = view.HotlinesInto(expand(set, issue.Articles[i].BodyHTML, lang), b.Hotlines, b.T)
	}
	pagecache.Tag(ctx, issue.ID)
	b.Touch(view.ItemDate(issue.Item))
	b.Title, b.Description = issue.Title, issue.Summary
	s.articleMeta(&b, issue.Item, issue.Title, set)
	for _, a := range issue.Articles {
		s.articleMeta(&b, content.Item{Entry: content.Entry{PublishedAt: issue.PublishedAt}, Translation: content.Translation{Lang: lang, UpdatedAt: issue.Translation.UpdatedAt, BodyHTML: a.BodyHTML}}, a.Title, nil)
	}
	s.crumbs(&b, view.Link{Label: b.T.Tr("nav.home"), Href: "/" + lang + "/"},
		view.Link{Label: b.T.Tr("nav.newsletters"), Href: "/" + lang + "/newsletters/"},
		view.Link{Label: issue.Title, Href: content.EntryPath(lang, content.KindNewsletter, issue.Slug, "")})
	var eds []view.Edition
	for _, code := range view.LangFirst(lang, s.bundle.Codes()) {
		if m, ok := editions[code]; ok {
			eds = append(eds, view.Edition{Lang: code, Href: content.MediaPath(m), Size: m.Size})
		}
	}
	return s.render(w, http.StatusOK, view.PageNewsletterItem, view.NewNewsletterItem(b, issue, set.Lead(issue.LeadImageID, lang), eds))
}
