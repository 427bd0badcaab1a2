package main

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"vestnik/internal/sitetest"
	"vestnik/internal/testdb"
)

// TestDatabaseHangs: a database that hangs — it accepts connections and
// answers nothing, on them or on those already open, as a stopped server
// or a network that drops packets does — refuses nothing the store could
// see. Each uncached page waited for its render's deadline (30 s), each
// search for its own (5 s), and the circuit breaker never opened, so they
// all kept waiting. Now an uncached page answers the localized 503 with
// Retry-After, the breaker opens (its one log line), and other pages are
// refused without waiting. (Cached pages keep being served through an
// outage: TestPostgresDownAndBack.)
func TestDatabaseHangs(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewDemoWithURL(t)
	proxy := newHangingProxy(t, dbURL)
	bin := binary(t)
	addr := freeAddr(t)
	var logs syncBuffer
	env := append(os.Environ(), "DATABASE_URL="+proxy.url, "ADDR="+addr, "BASE_URL=http://"+addr)
	startServer(t, bin, addr, env, &logs)

	// Generous: a page answers within the store's 5-second bound, or at
	// once; only a request left to its render's 30 s deadline reaches it.
	client := &http.Client{Timeout: 20 * time.Second}
	get := func(path string) (int, http.Header, string) {
		t.Helper()
		res, err := client.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, logs.String())
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, string(b)
	}
	if code, _, _ := get("/en/"); code != http.StatusOK {
		t.Fatalf("GET /en/ before the hang: %d", code)
	}

	proxy.hang()
	code, h, page := get("/ru/newsletters/")
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !strings.Contains(page, "Временно недоступно") {
		t.Errorf("an uncached page with the database hung: %d, Retry-After %q\n%.800s", code, h.Get("Retry-After"), page)
	}
	sitetest.Eventually(t, time.Minute, "the breaker opens", func() bool {
		return strings.Contains(logs.String(), `"msg":"database unreachable`)
	})
	for _, p := range []string{"/en/sitemap", "/ru/search?q=test", "/en/news/"} {
		if code, h, _ := get(p); code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
			t.Errorf("%s with the breaker open: %d, Retry-After %q", p, code, h.Get("Retry-After"))
		}
	}
}

// hangingProxy forwards TCP connections to a PostgreSQL server until hang;
// from then on it passes nothing on, either way, and accepts new
// connections without ever answering them.
type hangingProxy struct {
	url   string // DATABASE_URL through the proxy
	mu    sync.Mutex
	hung  bool
	conns []net.Conn
	done  chan struct{}
}

func newHangingProxy(t *testing.T, dbURL string) *hangingProxy {
	t.Helper()
	cfg, err := pgconn.ParseConfig(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	network, target := "tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	if strings.HasPrefix(cfg.Host, "/") {
		network, target = "unix", filepath.Join(cfg.Host, ".s.PGSQL."+strconv.Itoa(int(cfg.Port)))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = ln.Addr().String()
	q := u.Query()
	q.Del("host")
	q.Del("port")
	u.RawQuery = q.Encode()
	p := &hangingProxy{url: u.String(), done: make(chan struct{})}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		close(p.done)
		p.mu.Lock()
		for _, c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if !p.keep(c) {
				continue // hung: held open, never read
			}
			up, err := net.Dial(network, target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, up)
			p.mu.Unlock()
			wg.Go(func() { p.pipe(up, c) })
			wg.Go(func() { p.pipe(c, up) })
		}
	})
	return p
}

// keep records a connection to close at the end, and reports whether it
// is to be served.
func (p *hangingProxy) keep(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conns = append(p.conns, c)
	return !p.hung
}

func (p *hangingProxy) hang() {
	p.mu.Lock()
	p.hung = true
	p.mu.Unlock()
}

// pipe copies src to dst until either closes, or, once the proxy hangs,
// holds what it read until the test ends.
func (p *hangingProxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			hung := p.hung
			p.mu.Unlock()
			if hung {
				<-p.done
				return
			}
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
