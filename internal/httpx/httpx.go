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
	"slices"
	"strconv"
	"strings"

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
// with the request ID; their details are never shown.
func (a *Adapter) Error(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client went away
	}
	status := Status(err)
	if status >= 500 {
		a.Log.ErrorContext(r.Context(), "request failed", "err", err, "status", status,
			"request_id", RequestID(r.Context()), "path", r.URL.Path)
	}
	switch status {
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", RetryAfter)
	case http.StatusRequestEntityTooLarge:
		// The rest of an oversized body is not read: close the connection.
		w.Header().Set("Connection", "close")
	}
	a.Page(w, r, status)
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

// MethodNotAllowed is the router's fallback for a method a path does not
// answer: 405 with the Allow header RFC 9110 requires, listing the methods
// routes answers there.
func MethodNotAllowed(routes chi.Routes) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		path := r.URL.Path
		if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.RoutePath != "" {
			path = rctx.RoutePath // a mounted router's part of the path
		}
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			// HEAD is answered wherever GET is (net/http drops the body).
			if routes.Match(chi.NewRouteContext(), m, path) || m == http.MethodHead && slices.Contains(allow, http.MethodGet) {
				allow = append(allow, m)
			}
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return ErrMethodNotAllowed
	}
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
