package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"vestnik/internal/store"
	"vestnik/internal/view"
)

// statusError is an error with the HTTP status it should answer.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

var (
	errNotFound         = &statusError{http.StatusNotFound, "not found"}
	errMethodNotAllowed = &statusError{http.StatusMethodNotAllowed, "method not allowed"}
)

// handle adapts a handler that returns an error: the one place that picks
// the status and the error page.
func (s *Server) handle(fn func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.serveError(w, r, err)
		}
	}
}

func (s *Server) notFound(http.ResponseWriter, *http.Request) error { return errNotFound }

func (s *Server) methodNotAllowed(http.ResponseWriter, *http.Request) error {
	return errMethodNotAllowed
}

// unavailable reports whether err means the database is not answering, which
// is worth a 503 and a retry rather than a 500.
func unavailable(err error) bool {
	var connErr *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// 08: connection exception; 57: operator intervention (shutdown,
		// terminated backend); 53: insufficient resources.
		switch pgErr.Code[:2] {
		case "08", "57", "53":
			return true
		}
	}
	return errors.As(err, &connErr) || errors.As(err, &netErr) ||
		errors.Is(err, context.DeadlineExceeded) || pgconn.SafeToRetry(err)
}

// serveError renders the localized error page for err. Internal details are
// logged with the request ID, never shown.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	var se *statusError
	switch {
	case errors.As(err, &se):
		status = se.status
	case errors.Is(err, store.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		return // the client went away
	case unavailable(err):
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", "5")
	}
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "err", err, "status", status,
			"request_id", requestID(r.Context()), "path", r.URL.Path)
	}
	key := "error.500"
	switch status {
	case http.StatusNotFound, http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusServiceUnavailable,
		http.StatusUnauthorized, http.StatusForbidden, http.StatusRequestEntityTooLarge, http.StatusTooManyRequests:
		key = "error." + strconv.Itoa(status)
	}
	if status == http.StatusRequestEntityTooLarge {
		// The rest of an oversized body is not read: close the connection.
		w.Header().Set("Connection", "close")
	}
	if r.URL.Path == "/admin" || strings.HasPrefix(r.URL.Path, "/admin/") {
		s.serveAdminError(w, r, status, key)
		return
	}
	lang := s.langOf(r)
	t := s.bundle.Get(lang)
	data := view.Error{
		Base:    s.basePage(r, lang, "", ""),
		Status:  status,
		Heading: t.Tr(key + ".title"),
		Message: t.Tr(key + ".text"),
	}
	data.Title = data.Heading
	data.NoIndex = true
	// The hotline banner stays on error pages; when the database is the
	// problem, the numbers last read will do.
	data.Hotlines = s.cachedHotlines(lang)
	if status != http.StatusServiceUnavailable {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), time.Second)
		if hs, err := s.hotlines(ctx, lang); err == nil {
			data.Hotlines = hs
		}
		cancel()
	}
	s.writeErrorPage(w, r, status, "error", data)
}

// serveAdminError renders an admin error page in the user's language.
func (s *Server) serveAdminError(w http.ResponseWriter, r *http.Request, status int, key string) {
	b := s.adminBase(r, "")
	data := view.AdminError{AdminBase: b, Status: status, Heading: b.T.Tr(key + ".title"), Message: b.T.Tr(key + ".text")}
	data.Title = data.Heading
	s.writeErrorPage(w, r, status, "admin/error", data)
}

// writeErrorPage renders an error page, uncacheable; if even that fails,
// the status text alone.
func (s *Server) writeErrorPage(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	body, err := s.views.Render(page, data)
	if err != nil {
		s.log.ErrorContext(r.Context(), "error page failed", "page", page, "err", err, "request_id", requestID(r.Context()))
		http.Error(w, http.StatusText(status), status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

// langOf is the site language of the request's path, or the default.
func (s *Server) langOf(r *http.Request) string {
	lang := chi.URLParam(r, "lang")
	if lang == "" {
		seg := strings.TrimPrefix(r.URL.Path, "/")
		if i := strings.IndexByte(seg, '/'); i >= 0 {
			seg = seg[:i]
		}
		lang = seg
	}
	if s.bundle.Get(lang) == nil {
		return s.bundle.Default()
	}
	return lang
}
