package httpx

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
)

// Renderer executes a page template into memory (internal/view) and, when
// it succeeds, hands the bytes to write, valid during that call only; P
// names the page.
type Renderer[P any] interface {
	RenderWith(page P, data any, write func(body []byte)) error
}

// Render executes a page into memory and only then writes the status and
// the bytes, so a failed render becomes a clean error page.
func Render[P any](w http.ResponseWriter, views Renderer[P], status int, page P, data any) error {
	return views.RenderWith(page, data, func(body []byte) { WriteHTML(w, status, body) })
}

// WriteHTML writes an HTML body with its status. A failed write means the
// client went away: there is nothing more to send.
func WriteHTML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// WantsJSON says whether a request asks for JSON (the admin's scripts do)
// rather than a page.
func WantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// WriteJSON writes v as JSON with its status.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
	return nil
}

// WriteErrorPage renders an error page, never stored by any cache; if even
// that fails, the status text alone.
func WriteErrorPage[P any](w http.ResponseWriter, r *http.Request, log *slog.Logger, views Renderer[P], status int, page P, data any) {
	err := views.RenderWith(page, data, func(body []byte) {
		w.Header().Set("Cache-Control", "no-store")
		WriteHTML(w, status, body)
	})
	if err != nil {
		log.ErrorContext(r.Context(), "error page failed", "page", page, "err", err, "request_id", RequestID(r.Context()))
		http.Error(w, http.StatusText(status), status)
	}
}

type panicError struct{ v any }

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.v) }
