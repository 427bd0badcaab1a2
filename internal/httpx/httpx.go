// Package httpx is what the public site (internal/web) and the CMS
// (internal/admin) share about requests and responses: the handler that
// returns an error and the one adapter that turns the error into a status
// and an error page, rendering into memory before writing, form parsing
// within a body limit, ID parameters, the client's address, request IDs and
// the headers every response carries. It knows no page: each side hands the
// adapter its own error page.
package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/store"
)

// HandlerFunc is a handler that returns its error to an Adapter instead of
// writing an error response itself.
type HandlerFunc func(http.ResponseWriter, *http.Request) error

// StatusError is an error that answers with its HTTP status.
type StatusError struct {
	Status int
	Msg    string
}

func (e *StatusError) Error() string { return e.Msg }

// Errors for the statuses handlers choose themselves.
var (
	ErrBadRequest       = &StatusError{Status: http.StatusBadRequest, Msg: "bad request"}
	ErrUnauthorized     = &StatusError{Status: http.StatusUnauthorized, Msg: "login required"}
	ErrForbidden        = &StatusError{Status: http.StatusForbidden, Msg: "forbidden"}
	ErrNotFound         = &StatusError{Status: http.StatusNotFound, Msg: "not found"}
	ErrMethodNotAllowed = &StatusError{Status: http.StatusMethodNotAllowed, Msg: "method not allowed"}
	ErrTooLarge         = &StatusError{Status: http.StatusRequestEntityTooLarge, Msg: "request too large"}
	// ErrBusy: work turned away because too much of its kind is waiting
	// (password checks, renders, photo jobs); 503, to be tried again
	// shortly. Wrap the refusal in it: fmt.Errorf("%w: %w", ErrBusy, err).
	ErrBusy = &StatusError{Status: http.StatusServiceUnavailable, Msg: "busy"}
)

// RetryAfter is the Retry-After of a 503: how soon the database may be back.
const RetryAfter = "5"

// Status is the HTTP status an error answers with: a StatusError's own,
// 404 for a store's ErrNotFound, 503 when the database is unavailable, and
// 500 for anything else.
func Status(err error) int {
	var se *StatusError
	switch {
	case errors.As(err, &se):
		return se.Status
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, store.ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// ErrorPage writes the page of an error status; the adapter has set the
// headers that belong to the status (Retry-After, Connection) already.
type ErrorPage func(w http.ResponseWriter, r *http.Request, status int)

// Adapter turns a HandlerFunc into an http.Handler: the one place where an
// error becomes a status, a log line and an error page.
type Adapter struct {
	Log  *slog.Logger
	Page ErrorPage
}

// Handle adapts fn.
func (a *Adapter) Handle(fn HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			a.Error(w, r, err)
		}
	}
}

// Error answers err: its status and page. Server errors are logged once
// with the request ID, on the request's own line (LogRequests), or on a
// line of their own for a request nothing logs; their details are never
// shown.
func (a *Adapter) Error(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client went away
	}
	a.Page(w, r, a.Failed(w, r, err))
}

// Failed records that r failed with err and returns its status, for a
// handler that answers with a page of its own (a form shown again with
// what was typed): a server error is logged once, as Error logs it, and
// the status's headers are set (Retry-After, Connection).
func (a *Adapter) Failed(w http.ResponseWriter, r *http.Request, err error) int {
	status := Status(err)
	if status >= 500 && !NoteError(r.Context(), err) {
		a.Log.ErrorContext(r.Context(), "request failed", "err", err, "status", status, "path", r.URL.Path)
	}
	switch status {
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", RetryAfter)
	case http.StatusRequestEntityTooLarge:
		// The rest of an oversized body is not read: close the connection.
		w.Header().Set("Connection", "close")
	}
	return status
}

// Recover turns a panic below it into the 500 page of this adapter.
func (a *Adapter) Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				a.Error(w, r, &panicError{p})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// NotFound is the router's fallback for a path it does not have.
func NotFound(http.ResponseWriter, *http.Request) error { return ErrNotFound }

// Allowed returns the methods routes (mounted at prefix: "" or "/admin")
// answer on a path, HEAD wherever GET; routes whose pattern starts with
// one of skip do not count. The table of routes is read once, at the
// first call, with chi.Walk: asking the router (Match) would descend into
// mounted routers and answer yes for any method there.
func Allowed(routes chi.Routes, prefix string, skip ...string) func(path string) []string {
	var once sync.Once
	var table []allowed
	return func(path string) []string {
		once.Do(func() {
			table = slices.DeleteFunc(allowTable(routes, prefix), func(a allowed) bool {
				return slices.ContainsFunc(skip, func(s string) bool { return strings.HasPrefix(a.pattern, s) })
			})
		})
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			ok := m == http.MethodHead && slices.Contains(allow, http.MethodGet)
			for _, a := range table {
				ok = ok || a.method == m && a.path.MatchString(path)
			}
			if ok {
				allow = append(allow, m)
			}
		}
		return allow
	}
}

// MethodNotAllowed is the router's fallback for a method a path does not
// answer: 405 with the Allow header RFC 9110 requires (allowed: Allowed's).
func MethodNotAllowed(allowed func(path string) []string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Allow", strings.Join(allowed(EscapedPath(r)), ", "))
		return ErrMethodNotAllowed
	}
}

// EscapedPath is the request's path as sent (RawPath when it differs).
func EscapedPath(r *http.Request) string {
	if r.URL.RawPath != "" {
		return r.URL.RawPath
	}
	return r.URL.Path
}

// allowed is a route of a method, its pattern as a regular expression.
type allowed struct {
	method, pattern string
	path            *regexp.Regexp
}

func allowTable(routes chi.Routes, prefix string) []allowed {
	var table []allowed
	_ = chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		table = append(table, allowed{method, prefix + route, patternRegexp(prefix + route)})
		return nil
	})
	return table
}

// patternRegexp is a chi route pattern as a regular expression: {name}
// is a path segment, {name:re} matches re, * the rest of the path.
func patternRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for pattern != "" {
		switch pattern[0] {
		case '{':
			depth, end := 0, len(pattern)
			for i, c := range pattern {
				if c == '{' {
					depth++
				} else if c == '}' {
					if depth--; depth == 0 {
						end = i
						break
					}
				}
			}
			param := pattern[1:min(end, len(pattern))]
			if _, re, ok := strings.Cut(param, ":"); ok {
				b.WriteString("(?:" + re + ")")
			} else {
				b.WriteString("[^/]+")
			}
			pattern = pattern[min(end+1, len(pattern)):]
		case '*':
			b.WriteString(".*")
			pattern = pattern[1:]
		default:
			i := strings.IndexAny(pattern, "{*")
			if i < 0 {
				i = len(pattern)
			}
			b.WriteString(regexp.QuoteMeta(pattern[:i]))
			pattern = pattern[i:]
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return regexp.MustCompile(`^\b$`) // a pattern chi took but Go cannot read: matches nothing
	}
	return re
}

// AcceptsEncoding reports whether brotli and gzip are acceptable (q > 0).
func AcceptsEncoding(header string) (br, gzip bool) {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		ok := true
		if q, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				ok = false
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = ok
		case "gzip":
			gzip = ok
		}
	}
	return br, gzip
}
