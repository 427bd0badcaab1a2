package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/view"
)

// newsPerPage is the length of a news list page.
const newsPerPage = 10

// pageNumber reads ?page=N: absent is 1; anything but a plain number from
// 2 up is a 404 (that page does not exist), never a 500. Page 1 has no
// parameter, so each list page has one URL.
func pageNumber(r *http.Request) (int, error) {
	q := r.URL.Query()
	if !q.Has("page") {
		return 1, nil
	}
	raw := q.Get("page")
	if len(raw) > 6 || len(q["page"]) > 1 {
		return 0, errNotFound
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 2 || strconv.Itoa(n) != raw {
		return 0, errNotFound
	}
	return n, nil
}

func (s *Server) newsList(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	n, err := pageNumber(r)
	if err != nil {
		return err
	}
	items, total, err := s.store.ListItems(r.Context(), lang, content.KindNews, newsPerPage, (n-1)*newsPerPage)
	if err != nil {
		return err
	}
	pages := (total + newsPerPage - 1) / newsPerPage
	if n > 1 && n > pages {
		return errNotFound
	}
	query := ""
	if n > 1 {
		query = "page=" + strconv.Itoa(n)
	}
	b, err := s.pageBase(r, lang, "news", query)
	if err != nil {
		return err
	}
	b.Title = b.T.Tr("news.title")
	if n > 1 {
		b.Title = b.T.Tr("news.title_page", "Page", n)
	}
	b.Description = b.T.Tr("news.description")
	data := view.NewsList{Base: b, Items: items, Total: total, Pager: pager(r.URL.Path+"?", n, pages)}
	return s.render(w, http.StatusOK, "news_list", data)
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
