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
	"net/netip"
	"strings"
	"testing"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
)

// logged serves one request through LogRequests and the adapter, with
// logging at level, and returns the JSON lines it logged.
func logged(t *testing.T, level slog.Level, fn httpx.HandlerFunc, req *http.Request, proxies ...netip.Prefix) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level}))
	a := &httpx.Adapter{Log: log, Page: func(w http.ResponseWriter, r *http.Request, status int) {
		w.WriteHeader(status)
		fmt.Fprint(w, "error page")
	}}
	httpx.LogRequests(log, a, proxies)(a.Handle(fn)).ServeHTTP(httptest.NewRecorder(), req)
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
// The line's level follows the error's cause, not the status: a 503 for
// an outage or for load is a warning, a 503 for a crashed images worker
// an error (it was a warning, as every 503 was).
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
		{"database down, LOG_LEVEL=error", slog.LevelError, fmt.Errorf("news: %w", store.ErrUnavailable), http.StatusServiceUnavailable, ""},
		{"busy", slog.LevelInfo, fmt.Errorf("%w: %w", httpx.ErrBusy, errors.New("images: too many images being processed")), http.StatusServiceUnavailable, "WARN"},
		{"rendition crashed", slog.LevelInfo, fmt.Errorf("%w: media 7, w320.webp: %w", &httpx.StatusError{Status: http.StatusServiceUnavailable, Msg: "rendition failed"},
			errors.New("images: worker crashed: signal: segmentation fault")), http.StatusServiceUnavailable, "ERROR"},
		{"rendition crashed, LOG_LEVEL=error", slog.LevelError, fmt.Errorf("%w: %w", &httpx.StatusError{Status: http.StatusServiceUnavailable, Msg: "rendition failed"},
			errors.New("images: worker crashed")), http.StatusServiceUnavailable, "ERROR"},
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

// TestRequestLineNamesClient: the request line names the client — its
// address as the rate limits see it, X-Forwarded-For believed only from a
// trusted proxy — and its user agent, cut short when it is long.
func TestRequestLineNamesClient(t *testing.T) {
	t.Parallel()
	proxy := netip.MustParsePrefix("10.0.0.0/8")
	for _, c := range []struct {
		remote, forwarded, ua string
		wantIP, wantUA        string
	}{
		{"198.51.100.9:4000", "", "Mozilla/5.0 (X11)", "198.51.100.9", "Mozilla/5.0 (X11)"},
		{"10.0.0.2:4000", "203.0.113.7", "curl/8.0", "203.0.113.7", "curl/8.0"},
		{"198.51.100.9:4000", "203.0.113.7", "", "198.51.100.9", ""},
		{"[2001:db8::1]:4000", "", strings.Repeat("ж", 1000), "2001:db8::1", strings.Repeat("ж", 128) + "…"},
	} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RemoteAddr = c.remote
		if c.forwarded != "" {
			req.Header.Set("X-Forwarded-For", c.forwarded)
		}
		req.Header.Set("User-Agent", c.ua)
		lines := logged(t, slog.LevelInfo, func(http.ResponseWriter, *http.Request) error { return nil }, req, proxy)
		if len(lines) != 1 || lines[0]["client_ip"] != c.wantIP || lines[0]["user_agent"] != c.wantUA {
			t.Errorf("%s (X-Forwarded-For %q): %v, want client_ip %s, user_agent %.40q", c.remote, c.forwarded, lines, c.wantIP, c.wantUA)
		}
	}
}
