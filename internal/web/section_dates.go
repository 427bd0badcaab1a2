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

// listDate is the newest of shown, the date of what a list shows
// (newestOf), and of the removals from the kinds' lists.
func (s *Server) listDate(ctx context.Context, shown time.Time, kinds ...content.Kind) (time.Time, error) {
	removed, err := s.removed(ctx, kinds...)
	return latest(removed, shown), err
}

// newestOf is the newest date of items (view.ItemDate).
func newestOf(items []content.Item) time.Time {
	var d time.Time
	for i := range items {
		d = latest(d, view.ItemDate(items[i]))
	}
	return d
}

// frontDate is the newest date of what the home page shows: its news,
// the latest issue, the about page.
func frontDate(f store.Front) time.Time {
	d := newestOf(f.News)
	if f.Issue != nil {
		d = latest(d, view.ItemDate(f.Issue.Item))
	}
	if f.About != nil {
		d = latest(d, view.ItemDate(*f.About))
	}
	return d
}

// issuesDate is the newest date of the issues of an issue list.
func issuesDate(issues []content.Newsletter) time.Time {
	var d time.Time
	for i := range issues {
		d = latest(d, view.ItemDate(issues[i].Item))
	}
	return d
}

// sectionDate is when a section's first page in lang last changed, as
// its handler dates it (without the binary's start): what the sitemap
// gives as its lastmod. path is the section's path after the language:
// "/", "/news/" or "/newsletters/".
func (s *Server) sectionDate(ctx context.Context, lang, path string) (time.Time, error) {
	var shown time.Time
	var kinds []content.Kind
	switch path {
	case "/":
		f, err := s.store.Front(ctx, lang, homeNewsCount)
		if err != nil {
			return time.Time{}, err
		}
		shown, kinds = frontDate(f), homeKinds
	case "/news/":
		page, err := s.store.ItemsPage(ctx, lang, content.KindNews, nil, nil, newsPerPage)
		if err != nil {
			return time.Time{}, err
		}
		shown, kinds = newestOf(page.Items), []content.Kind{content.KindNews}
	case "/newsletters/":
		issues, err := s.store.Newsletters(ctx, lang)
		if err != nil {
			return time.Time{}, err
		}
		shown, kinds = issuesDate(issues), []content.Kind{content.KindNewsletter}
	}
	d, err := s.listDate(ctx, shown, kinds...)
	if err != nil {
		return d, err
	}
	c, _, err := s.chrome(ctx, lang)
	return latest(d, c.changed), err
}
