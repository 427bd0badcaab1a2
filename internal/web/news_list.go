package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/picture"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// newsPerPage is the length of a news list page.
const newsPerPage = 10

// cursorParam reads ?before= or ?after= (at most one, each once); a
// malformed cursor is a 404.
func cursorParam(r *http.Request) (before, after *store.Cursor, err error) {
	q := r.URL.Query()
	if len(q["before"]) > 1 || len(q["after"]) > 1 || (q.Has("before") && q.Has("after")) || q.Has("page") {
		return nil, nil, httpx.ErrNotFound
	}
	for name, dst := range map[string]**store.Cursor{"before": &before, "after": &after} {
		if q.Has(name) {
			c, err := store.ParseCursor(q.Get(name))
			if err != nil {
				return nil, nil, httpx.ErrNotFound
			}
			*dst = &c
		}
	}
	return before, after, nil
}

// newsList is the news archive, newest first, paged by keyset cursors so a
// page deep in the archive is as fast as the first.
func (s *Server) newsList(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	if done, err := onePageList(w, r); done || err != nil {
		return err
	}
	before, after, err := cursorParam(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	page, err := s.store.ItemsPage(ctx, lang, content.KindNews, before, after, newsPerPage)
	if err != nil {
		return err
	}
	items, more := page.Items, page.More
	if (before != nil || after != nil) && len(items) == 0 {
		return httpx.ErrNotFound
	}
	query := ""
	switch {
	case before != nil:
		query = "before=" + url.QueryEscape(before.String())
	case after != nil:
		query = "after=" + url.QueryEscape(after.String())
	}
	b, err := s.pagedPageBase(r, lang, "news", query, "")
	if err != nil {
		return err
	}
	b.Title = b.T.Tr("news.title")
	if query != "" {
		b.Title = b.T.Tr("news.title_older", "Date", b.T.Date(items[0].PublishedAt))
	}
	b.Description = b.T.Tr("news.description")
	if err := s.touchList(ctx, &b, newestOf(items), content.KindNews); err != nil {
		return err
	}
	data := view.NewsList{Base: b, Words: view.NewListWords(b.T), Items: s.teasersOf(picture.Set(page.Images), lang, items)}
	if query == "" {
		total, err := s.countItems(ctx, lang, content.KindNews)
		if err != nil {
			return err
		}
		if total > 0 {
			data.Count = b.T.Plural("news.count", total)
		}
	}
	path := r.URL.Path
	olderExists := more || after != nil
	newerExists := before != nil || (after != nil && more)
	if len(items) > 0 {
		if olderExists {
			data.Pager.Next = path + "?before=" + url.QueryEscape(store.CursorOf(items[len(items)-1]).String())
		}
		if newerExists {
			data.Pager.Prev = path + "?after=" + url.QueryEscape(store.CursorOf(items[0]).String())
		}
	}
	return s.render(w, http.StatusOK, view.PageNewsList, data)
}

// pager links the neighbours of page n; base ends in "?" or "&", and page
// 1 is base without its trailing separator.
func pager(base string, n, pages int) view.Pager {
	p := view.Pager{Page: n, Pages: pages}
	if n > 1 {
		p.Prev = strings.TrimRight(base, "?&")
		if n > 2 {
			p.Prev = base + "page=" + strconv.Itoa(n-1)
		}
	}
	if n < pages {
		p.Next = base + "page=" + strconv.Itoa(n+1)
	}
	return p
}
