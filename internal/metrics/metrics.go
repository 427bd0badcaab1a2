// Package metrics serves /metrics in the Prometheus text format (with the
// official client library): requests by route pattern and status with
// their durations, the page cache, renders, the database pool, the mail
// queue and rate-limit refusals.
package metrics

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"vestnik/internal/pagecache"
)

// Sources are what the metrics read at each scrape.
type Sources struct {
	Cache       *pagecache.Cache
	Pool        *pgxpool.Pool
	MailPending func(context.Context) (int, error)
	Refused     func() uint64 // requests refused by rate limits
}

// Metrics holds the collectors.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New registers the collectors over src.
func New(src Sources) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "vestnik_http_requests_total",
		Help: "HTTP requests by route pattern (\"cache\": answered from the page cache before routing) and status.",
	}, []string{"route", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "vestnik_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route pattern.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"route"})
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	stat := func(f func(pagecache.Stats) float64) func() float64 {
		return func() float64 { return f(src.Cache.Stats()) }
	}
	counter := func(name, help string, f func() float64) {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f))
	}
	gauge := func(name, help string, f func() float64) {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
	}
	if src.Cache != nil {
		counter("vestnik_cache_hits_total", "Public requests answered from the page cache.", stat(func(s pagecache.Stats) float64 { return float64(s.Hits) }))
		counter("vestnik_cache_misses_total", "Public requests the page cache had no page for.", stat(func(s pagecache.Stats) float64 { return float64(s.Misses) }))
		counter("vestnik_cache_evictions_total", "Pages dropped from the cache for room.", stat(func(s pagecache.Stats) float64 { return float64(s.Evictions) }))
		counter("vestnik_cache_purges_total", "Purges of the whole cache (content changes).", stat(func(s pagecache.Stats) float64 { return float64(s.Generation) }))
		counter("vestnik_renders_total", "Public responses rendered by the handlers (cache misses and warm-ups).", stat(func(s pagecache.Stats) float64 { return float64(s.Renders) }))
		gauge("vestnik_cache_bytes", "Bytes of pages in the cache.", stat(func(s pagecache.Stats) float64 { return float64(s.Bytes) }))
		gauge("vestnik_cache_max_bytes", "The cache's size limit (CACHE_MB).", stat(func(s pagecache.Stats) float64 { return float64(s.Max) }))
		gauge("vestnik_cache_room_bytes", "What the cache may hold now: its size limit, or less while the rest of the server needs the memory.", stat(func(s pagecache.Stats) float64 { return float64(s.Room) }))
		gauge("vestnik_cache_entries", "Pages in the cache.", stat(func(s pagecache.Stats) float64 { return float64(s.Entries) }))
	}
	if src.Pool != nil {
		pool := func(f func(*pgxpool.Stat) float64) func() float64 {
			return func() float64 { return f(src.Pool.Stat()) }
		}
		gauge("vestnik_db_connections_acquired", "Database connections in use.", pool(func(s *pgxpool.Stat) float64 { return float64(s.AcquiredConns()) }))
		gauge("vestnik_db_connections_idle", "Database connections open and idle.", pool(func(s *pgxpool.Stat) float64 { return float64(s.IdleConns()) }))
		gauge("vestnik_db_connections_max", "The pool's connection limit.", pool(func(s *pgxpool.Stat) float64 { return float64(s.MaxConns()) }))
		counter("vestnik_db_acquires_total", "Connections taken from the pool.", pool(func(s *pgxpool.Stat) float64 { return float64(s.AcquireCount()) }))
		counter("vestnik_db_acquire_waits_total", "Takes that had to wait for a connection.", pool(func(s *pgxpool.Stat) float64 { return float64(s.EmptyAcquireCount()) }))
		counter("vestnik_db_acquire_wait_seconds_total", "Time spent waiting for a connection.", pool(func(s *pgxpool.Stat) float64 { return s.AcquireDuration().Seconds() }))
	}
	if src.MailPending != nil {
		gauge("vestnik_mail_queue_pending", "Messages waiting to be sent (-1: the database did not answer).", func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n, err := src.MailPending(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		})
	}
	if src.Refused != nil {
		counter("vestnik_rate_limited_total", "Requests refused with 429 by a per-client limit.", func() float64 { return float64(src.Refused()) })
	}
	return m
}

// Middleware counts every request by the route pattern that answered it
// and its status, and times it. It goes outside everything else: the
// route context it makes is the one the router fills in (a page the cache
// answered before routing counts as route "cache").
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rctx := chi.NewRouteContext()
		r = r.WithContext(context.WithValue(r.Context(), chi.RouteCtxKey, rctx))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(sw, r)
		route := rctx.RoutePattern()
		if route == "" {
			route = "cache"
		}
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	status  int
	written bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.written {
		w.status, w.written = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.written = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Handler serves the metrics to a client on this machine that came
// straight (no proxy's forwarding headers: a reverse proxy on the same
// host would otherwise make every visitor local), or to any client with
// "Authorization: Bearer token" when a token is set; anyone else gets a
// 404.
func (m *Metrics) Handler(token string) http.Handler {
	serve := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !local(r) && (token == "" || !bearer(r, token)) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		serve.ServeHTTP(w, r)
	})
}

func local(r *http.Request) bool {
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Real-Ip") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// bearer checks the request's bearer token; the scheme's name is
// case-insensitive (RFC 9110), the token is not.
func bearer(r *http.Request, token string) bool {
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}
