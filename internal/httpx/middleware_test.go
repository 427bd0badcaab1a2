package httpx_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
)

// logged serves one request through LogRequests and the adapter, with
// logging at level, and returns the JSON lines it logged.
func logged(t *testing.T, level slog.Level, fn httpx.HandlerFunc, req *http.Request) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level}))
	a := &httpx.Adapter{Log: log, Page: func(w http.ResponseWriter, r *http.Request, status int) {
		w.WriteHeader(status)
		fmt.Fprint(w, "error page")
	}}
	httpx.LogRequests(log, a)(a.Handle(fn)).ServeHTTP(httptest.NewRecorder(), req)
	var lines []map[string]any
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %q", sc.Text())
		}
		lines = append(lines, rec)
	}
	return lines
}

// TestOneLinePerRequest: a request is one log line, whatever its outcome;
// a server error is on it (a 503 during an outage wrote two lines, 11 MB
// of log in five seconds of load), and a 500 is logged at any log level.
func TestOneLinePerRequest(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		level  slog.Level
		err    error
		status int
		want   string // the line's level; "" for no line
	}{
		{"ok", slog.LevelInfo, nil, http.StatusOK, "INFO"},
		{"not found", slog.LevelInfo, httpx.ErrNotFound, http.StatusNotFound, "INFO"},
		{"database down", slog.LevelInfo, fmt.Errorf("news: %w", store.ErrUnavailable), http.StatusServiceUnavailable, "WARN"},
		{"server error", slog.LevelInfo, errors.New("boom"), http.StatusInternalServerError, "ERROR"},
		{"server error, LOG_LEVEL=error", slog.LevelError, errors.New("boom"), http.StatusInternalServerError, "ERROR"},
		{"ok, LOG_LEVEL=error", slog.LevelError, nil, http.StatusOK, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			lines := logged(t, c.level, func(w http.ResponseWriter, r *http.Request) error {
				if c.err == nil {
					fmt.Fprint(w, "page")
				}
				return c.err
			}, httptest.NewRequest(http.MethodGet, "/en/news/", nil))
			if c.want == "" {
				if len(lines) != 0 {
					t.Errorf("logged %v", lines)
				}
				return
			}
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1: %v", len(lines), lines)
			}
			l := lines[0]
			if l["msg"] != "request" || l["level"] != c.want || l["status"] != float64(c.status) || l["path"] != "/en/news/" || l["request_id"] == "" {
				t.Errorf("line %v, want a %s request line with status %d", l, c.want, c.status)
			}
			if _, has := l["err"]; has != (c.status >= 500) {
				t.Errorf("line %v: err logged %v, want %v", l, has, c.status >= 500)
			}
		})
	}
}
