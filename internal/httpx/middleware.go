package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"
)

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID is the ID LogRequests gave the request ("" outside it).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// LogRequests gives every request an ID (X-Request-Id) and logs one
// structured line when it ends. A panic that nothing below recovered is
// answered by recovered.
func LogRequests(log *slog.Logger, recovered *Adapter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		next = recovered.Recover(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var b [8]byte
			rand.Read(b[:])
			id := hex.EncodeToString(b[:])
			ctx := context.WithValue(r.Context(), requestIDKey, id)
			r = r.WithContext(ctx)
			w.Header().Set("X-Request-Id", id)
			sw := &statusWriter{ResponseWriter: w}
			start := time.Now()
			defer func() {
				if log.Enabled(ctx, slog.LevelInfo) {
					log.InfoContext(ctx, "request",
						"request_id", id, "method", r.Method, "path", r.URL.Path,
						"status", sw.status, "bytes", sw.bytes,
						"duration_ms", float64(time.Since(start).Microseconds())/1000)
				}
			}()
			next.ServeHTTP(sw, r)
		})
	}
}

// SecurityHeaders sets the headers every response carries (SECURITY.md);
// HSTS when the site is served over HTTPS.
func SecurityHeaders(https bool) func(http.Handler) http.Handler {
	const csp = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
		"frame-ancestors 'none'; form-action 'self'"
	// Built once and shared by every response (never modified).
	headers := http.Header{
		"X-Content-Type-Options":  {"nosniff"},
		"Referrer-Policy":         {"strict-origin-when-cross-origin"},
		"Content-Security-Policy": {csp},
		"X-Frame-Options":         {"DENY"},
		"Permissions-Policy":      {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
	}
	if https {
		headers["Strict-Transport-Security"] = []string{"max-age=31536000; includeSubDomains"}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			for k, v := range headers {
				h[k] = v
			}
			next.ServeHTTP(w, r)
		})
	}
}

// CrossOriginProtection refuses state-changing requests from other
// origins (Go's CrossOriginProtection: Sec-Fetch-Site, else Origin against
// Host) with the adapter's 403 page. The site's own origin (BASE_URL) is
// trusted, for proxies that rewrite Host.
func (a *Adapter) CrossOriginProtection(origin string) func(http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	if err := cop.AddTrustedOrigin(origin); err != nil {
		a.Log.Warn("BASE_URL is not a trusted origin", "err", err)
	}
	cop.SetDenyHandler(a.Handle(func(w http.ResponseWriter, r *http.Request) error {
		a.Log.WarnContext(r.Context(), "cross-origin request refused", "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		return ErrForbidden
	}))
	return cop.Handler
}

// HeadAsGet answers HEAD wherever GET is answered: by the GET handler,
// with its headers and status and without its body.
func HeadAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r = r.Clone(r.Context())
			r.Method = http.MethodGet
			w = headWriter{w}
		}
		next.ServeHTTP(w, r)
	})
}

// headWriter drops a body.
type headWriter struct{ http.ResponseWriter }

func (h headWriter) Write(b []byte) (int, error) { return len(b), nil }

func (h headWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }
