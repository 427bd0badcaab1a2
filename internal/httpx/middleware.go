package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"vestnik/internal/store"
)

type ctxKey int

const requestKey ctxKey = iota

// request is what LogRequests knows of a request while it runs: its ID,
// and the server error the adapter answered it with, for its log line.
type request struct {
	id  string
	err error
}

// RequestID is the ID LogRequests gave the request ("" outside it).
func RequestID(ctx context.Context) string {
	if req, ok := ctx.Value(requestKey).(*request); ok {
		return req.id
	}
	return ""
}

// NoteError gives err to the log line of the request ctx belongs to, and
// reports whether there is one (a request LogRequests logs). A handler
// that answers a server error with a page of its own (a form kept on
// screen) notes the error here rather than logging a line of its own:
// the request's line then says why it failed, and says it once.
func NoteError(ctx context.Context, err error) bool {
	req, ok := ctx.Value(requestKey).(*request)
	if ok {
		req.err = err
	}
	return ok
}

// Level is the level of the log line of a request that failed with the
// server error err (nil: it did not). The cause decides, not the status:
// an error, unless it passes by itself and is told otherwise — the
// database unreachable (store.ErrUnavailable: the store logs the outage
// when it begins and when it ends, not each request it fails) or work
// turned away for load (ErrBusy) — which is a warning. A 503 is either of
// those, or a failure that is not (an images worker that crashed): an
// error.
func Level(err error) slog.Level {
	switch {
	case err == nil:
		return slog.LevelInfo
	case errors.Is(err, store.ErrUnavailable), errors.Is(err, ErrBusy):
		return slog.LevelWarn
	}
	return slog.LevelError
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
// structured line when it ends: the outcome, with the server error an
// adapter answered it with, at the level its cause calls for (Level). The
// line names the client (its address through proxies, as ClientIP finds
// it) and its user agent. A panic that nothing below recovered is
// answered by recovered.
func LogRequests(log *slog.Logger, recovered *Adapter, proxies Proxies) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		next = recovered.Recover(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var b [8]byte
			rand.Read(b[:])
			req := &request{id: hex.EncodeToString(b[:])}
			ctx := context.WithValue(r.Context(), requestKey, req)
			r = r.WithContext(ctx)
			w.Header().Set("X-Request-Id", req.id)
			sw := &statusWriter{ResponseWriter: w}
			start := time.Now()
			defer func() {
				level := Level(req.err)
				if !log.Enabled(ctx, level) {
					return
				}
				attrs := []slog.Attr{slog.String("request_id", req.id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
					slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
					slog.String("client_ip", proxies.ClientIP(r).String()), slog.String("user_agent", userAgent(r))}
				if req.err != nil {
					attrs = append(attrs, slog.Any("err", req.err))
				}
				log.LogAttrs(ctx, level, "request", attrs...)
			}()
			next.ServeHTTP(sw, r)
		})
	}
}

// maxUserAgent is as much of a User-Agent as a log line keeps: a header
// may be 64 KiB, and each request would copy it into the logs.
const maxUserAgent = 256

// userAgent is the request's User-Agent for its log line, cut to
// maxUserAgent bytes (at a character's end).
func userAgent(r *http.Request) string {
	ua := r.UserAgent()
	if len(ua) > maxUserAgent {
		ua = strings.ToValidUTF8(ua[:maxUserAgent], "") + "…"
	}
	return ua
}

// writeTime is what AllowSlowWork leaves for writing the answer.
const writeTime = 30 * time.Second

// AllowSlowWork gives a response the time of work with bounds of its own
// (a photo job: images.MaxDuration), from now. The server's WriteTimeout,
// counted from the request's headers, is shorter: a reply to a hung job
// would be cut off, and the browser would show an empty one instead of
// the page the handler writes. Call done when the work ends: the answer
// then has writeTime to be written, no more (a slow reader holds the
// connection no longer than for any other answer). A writer that cannot
// (a test's recorder) is left as it is.
func AllowSlowWork(w http.ResponseWriter, work time.Duration) (done func()) {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(work + writeTime))
	return func() { _ = rc.SetWriteDeadline(time.Now().Add(writeTime)) }
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
