package admin

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/httpx"
)

// purgeAfterWrites purges the public page cache when a state-changing
// request starts its response — after its transaction committed, before
// the editor sees the answer — so this instance is fresh the moment a save
// returns (other instances learn through LISTEN/NOTIFY). A refused or
// failed request changed nothing and purges nothing; nor does one whose
// handler said so (keepCache).
func (s *server) purgeAfterWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		keep := new(bool)
		r = r.WithContext(context.WithValue(r.Context(), keepKey{}, keep))
		next.ServeHTTP(&purgeWriter{ResponseWriter: w, purge: func() {
			if !*keep {
				s.purgeFor(r)
			}
		}}, r)
	})
}

type keepKey struct{}

// keepCache tells purgeAfterWrites that this successful post changed
// nothing the public reads (a form shown again for one of its buttons, a
// save that changed nothing): the page cache stays as it is. Call it
// before the response starts.
func keepCache(r *http.Request) {
	if keep, ok := r.Context().Value(keepKey{}).(*bool); ok {
		*keep = true
	}
}

// purgeFor purges what a successful write may have changed. A write to
// entries (saved, published, trashed, restored, created) changes their
// own pages and the pages that list entries: other entries' pages stay
// cached, unless one of these is in the site menu, which every page
// shows. Any other write (hotline numbers, the menu, languages, photos)
// may change every page.
func (s *server) purgeFor(r *http.Request) {
	ids, ok := entriesWritten(r)
	if !ok {
		s.purge()
		return
	}
	if inMenu, err := s.store.InMenu(r.Context(), ids); err != nil || inMenu {
		s.purge()
		return
	}
	s.purgeEntries(ids...)
}

// entriesWritten are the entries a write to entries is about, from its
// route: the one in the path, the ticked ones of a bulk action, none for
// a new entry (it has no pages cached yet); ok is false for any other
// write.
func entriesWritten(r *http.Request) (ids []int64, ok bool) {
	pattern := chi.RouteContext(r.Context()).RoutePattern()
	switch {
	case pattern == "/admin/entries/new":
		return nil, true
	case pattern == "/admin/entries/bulk":
		for _, v := range r.PostForm["id"] {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, false
			}
			ids = append(ids, id)
		}
		return ids, true
	case strings.HasPrefix(pattern, "/admin/entries/{id}"):
		id, err := httpx.ID(r, "id")
		return []int64{id}, err == nil
	}
	return nil, false
}

type purgeWriter struct {
	http.ResponseWriter
	purge func()
	done  bool
}

func (p *purgeWriter) WriteHeader(code int) {
	if !p.done {
		p.done = true
		if code < 400 {
			p.purge()
		}
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *purgeWriter) Write(b []byte) (int, error) {
	if !p.done {
		p.WriteHeader(http.StatusOK)
	}
	return p.ResponseWriter.Write(b)
}

func (p *purgeWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }
