package web

import (
	"net/http"
	"strconv"
	"strings"

	"vestnik/internal/httpx"
)

// maxPageDigits bounds ?page=: a longer number is past the end of any
// list (and of an int).
const maxPageDigits = 6

// pageParam reads ?page=N the one way every paged page does: its first
// value, as the page cache's key does, so two addresses that share a
// cached page answer alike. Absent, it is page 1. Page 1, or a value that
// is no page number (0, -2, abc, 01, empty), is answered here with a 301
// to the same address without it, so each page has one URL; done
// reports that. A number longer than maxPageDigits is the localized 404.
func pageParam(w http.ResponseWriter, r *http.Request) (n int, done bool, err error) {
	q := r.URL.Query()
	if !q.Has("page") {
		return 1, false, nil
	}
	raw := q.Get("page")
	if raw != "" && raw[0] != '0' && strings.Trim(raw, "0123456789") == "" {
		if len(raw) > maxPageDigits {
			return 0, false, httpx.ErrNotFound
		}
		if n, _ = strconv.Atoi(raw); n > 1 {
			return n, false, nil
		}
	}
	q.Del("page")
	to := r.URL.Path
	if len(q) > 0 {
		to += "?" + q.Encode()
	}
	http.Redirect(w, r, to, http.StatusMovedPermanently)
	return 0, true, nil
}

// onePageList answers ?page= on a list that has one numbered page, its
// first (the news list goes further back by date cursors, ?before=, and
// the newsletter archive is one page): pageParam's rule, and any page
// past the first is the localized 404. done reports a redirect.
func onePageList(w http.ResponseWriter, r *http.Request) (done bool, err error) {
	n, done, err := pageParam(w, r)
	if err == nil && !done && n > 1 {
		err = httpx.ErrNotFound
	}
	return done, err
}
