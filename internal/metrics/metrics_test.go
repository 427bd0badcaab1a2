package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"vestnik/internal/metrics"
	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestMetrics: /metrics reports requests by route pattern and status, the
// page cache's hits and misses, the database pool and the mail queue, in
// the Prometheus text format; only to this machine (not through a proxy)
// or with the bearer token.
func TestMetrics(t *testing.T) {
	t.Parallel()
	cache := pagecache.New(8 << 20)
	pool := testdb.NewDemo(t)
	st := store.New(pool)
	refused := uint64(3)
	m := metrics.New(metrics.Sources{Cache: cache, Pool: pool, MailPending: st.MailPending, Refused: func() uint64 { return refused }})
	e := sitetest.NewWith(t, sitetest.Options{Cache: cache, Pool: pool, Metrics: m.Handler("s3cret")})
	h := m.Middleware(e.Srv)
	get := func(path, remote string, headers ...string) *http.Response {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = remote
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	const visitor = "203.0.113.5:4000"
	for _, p := range []string{"/en/", "/en/", "/en/news/", "/en/no-such-page", "/admin/login"} {
		get(p, visitor)
	}
	res := get("/metrics", "127.0.0.1:5000")
	body, _ := io.ReadAll(res.Body)
	text := string(body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics from loopback: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`vestnik_http_requests_total{route="/{lang}",status="200"} 1`,
		`vestnik_http_requests_total{route="cache",status="200"} 1`,
		`vestnik_http_requests_total{route="/{lang}/news",status="200"} 1`,
		`vestnik_http_requests_total{route="/admin/login",status="200"} 1`,
		`vestnik_http_requests_total{route="/{lang}/{slug}",status="404"} 1`,
		`vestnik_http_request_duration_seconds_bucket{route="/{lang}",le="+Inf"} 1`,
		"vestnik_cache_hits_total 1",
		"vestnik_cache_misses_total 3", // /en/, /en/news/ and the 404; not the admin's page
		"vestnik_renders_total ",
		"vestnik_cache_purges_total ",
		"vestnik_db_connections_max ",
		"vestnik_mail_queue_pending 0",
		"vestnik_rate_limited_total 3",
		"go_goroutines ",
	} {
		if !strings.Contains(text, want) {
			var ours []string
			for _, l := range strings.Split(text, "\n") {
				if strings.HasPrefix(l, "vestnik_") {
					ours = append(ours, l)
				}
			}
			t.Errorf("no %q in:\n%s", want, strings.Join(ours, "\n"))
		}
	}
	for _, c := range []struct {
		remote  string
		headers []string
		want    int
	}{
		{visitor, nil, http.StatusNotFound},
		{"127.0.0.1:5000", []string{"X-Forwarded-For", "198.51.100.7"}, http.StatusNotFound}, // a proxy on this machine
		{visitor, []string{"Authorization", "Bearer wrong"}, http.StatusNotFound},
		{visitor, []string{"Authorization", "Bearer s3cret"}, http.StatusOK},
		{visitor, []string{"Authorization", "bearer s3cret"}, http.StatusOK}, // the scheme's case is free
		{visitor, []string{"Authorization", "Bearer S3CRET"}, http.StatusNotFound},
		{visitor, []string{"Authorization", "Basic s3cret"}, http.StatusNotFound},
		{"[::1]:5000", nil, http.StatusOK},
	} {
		if got := get("/metrics", c.remote, c.headers...).StatusCode; got != c.want {
			t.Errorf("%s %v: %d, want %d", c.remote, c.headers, got, c.want)
		}
	}
}
