package web

import (
	"context"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// Sections are the pages of a language that list its content: its home,
// its news list and its newsletter archive. When one last changed is one
// rule, the page's Last-Modified and its sitemap lastmod alike
// (sectionDate): the newest date of what it shows — each item's
// publication, text edit or public change of its entry (a photo it shows
// edited, view.ItemDate) —, the newest removal from its kinds' lists, and
// the chrome's (hotline banner, menu). The page adds the binary's start
// (its templates may have changed); the sitemap does not.

// listDate is the newest date of the items a list shows and of the
// removals from the kinds' lists.
func (s *Server) listDate(ctx context.Context, items []content.Item, kinds ...content.Kind) (time.Time, error) {
	newest, err := s.removed(ctx, kinds...)
	if err != nil {
		return newest, err
	}
	for _, it := range items {
		newest = latest(newest, view.ItemDate(it))
	}
	return newest, nil
}

// frontShown are the items the home page shows: its news, the latest
// issue, the about page.
func frontShown(f store.Front) []content.Item {
	shown := append([]content.Item(nil), f.News...)
	if f.Issue != nil {
		shown = append(shown, f.Issue.Item)
	}
	if f.About != nil {
		shown = append(shown, *f.About)
	}
	return shown
}

// issueItems are the items of an issue list.
func issueItems(issues []content.Newsletter) []content.Item {
	items := make([]content.Item, len(issues))
	for i, n := range issues {
		items[i] = n.Item
	}
	return items
}

// sectionDate is when a section's first page in lang last changed, as
// its handler dates it (without the binary's start): what the sitemap
// gives as its lastmod. path is the section's path after the language:
// "/", "/news/" or "/newsletters/".
func (s *Server) sectionDate(ctx context.Context, lang, path string) (time.Time, error) {
	var items []content.Item
	var kinds []content.Kind
	switch path {
	case "/":
		f, err := s.store.Front(ctx, lang, homeNewsCount)
		if err != nil {
			return time.Time{}, err
		}
		items, kinds = frontShown(f), homeKinds
	case "/news/":
		page, err := s.store.ItemsPage(ctx, lang, content.KindNews, nil, nil, newsPerPage)
		if err != nil {
			return time.Time{}, err
		}
		items, kinds = page.Items, []content.Kind{content.KindNews}
	case "/newsletters/":
		issues, err := s.store.Newsletters(ctx, lang)
		if err != nil {
			return time.Time{}, err
		}
		items, kinds = issueItems(issues), []content.Kind{content.KindNewsletter}
	}
	d, err := s.listDate(ctx, items, kinds...)
	if err != nil {
		return d, err
	}
	c, _, err := s.chrome(ctx, lang)
	return latest(d, c.changed), err
}
