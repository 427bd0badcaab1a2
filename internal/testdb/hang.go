package testdb

import (
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// HangingProxy forwards TCP connections to a PostgreSQL server until Hang;
// from then on it passes nothing on, either way, and accepts new
// connections without ever answering them: a database that hangs, as a
// stopped server or a network that drops packets does. It closes every
// connection when the test ends, or at Close.
type HangingProxy struct {
	URL    string // DATABASE_URL through the proxy
	ln     net.Listener
	wg     sync.WaitGroup
	once   sync.Once
	mu     sync.Mutex
	hung   bool
	closed bool
	conns  []net.Conn
	done   chan struct{}
}

// NewHangingProxy starts a proxy to the database at dbURL.
func NewHangingProxy(t testing.TB, dbURL string) *HangingProxy {
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
	q.Del("connect_timeout") // through the proxy, the product's own timeout
	u.RawQuery = q.Encode()
	p := &HangingProxy{URL: u.String(), ln: ln, done: make(chan struct{})}
	t.Cleanup(p.Close)
	p.wg.Go(func() {
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
			p.wg.Go(func() { p.pipe(up, c) })
			p.wg.Go(func() { p.pipe(c, up) })
		}
	})
	return p
}

// keep records a connection to close at the end, and reports whether it
// is to be served.
func (p *HangingProxy) keep(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c.Close()
		return false
	}
	p.conns = append(p.conns, c)
	return !p.hung
}

// Close closes every connection, as a database that went away does: a
// client still waiting on one (a pool being closed, a cancel request)
// stops waiting. A test whose pool is closed in a cleanup calls it in a
// cleanup registered after the pool's, so that it runs first.
func (p *HangingProxy) Close() {
	p.once.Do(func() {
		p.ln.Close()
		close(p.done)
		p.mu.Lock()
		p.closed = true
		for _, c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
		p.wg.Wait()
	})
}

// Hang makes the database hang: nothing more goes through.
func (p *HangingProxy) Hang() {
	p.mu.Lock()
	p.hung = true
	p.mu.Unlock()
}

// pipe copies src to dst until either closes, or, once the proxy hangs,
// holds what it read until the test ends.
func (p *HangingProxy) pipe(dst, src net.Conn) {
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
