package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"vestnik/internal/demo"
	"vestnik/internal/sitetest"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// TestLogsCannotBeForged: a user name with newlines stays inside one JSON
// log line.
func TestLogsCannotBeForged(t *testing.T) {
	t.Parallel()
	var buf lockedBuffer
	e := sitetest.NewWith(t, sitetest.Options{Log: &buf})
	forged := "x@example.org\n{\"level\":\"INFO\",\"msg\":\"login\",\"user_id\":1}"
	e.Client().Post("/admin/login", url.Values{"email": {forged}, "password": {"wrong password"}})
	buf.mu.Lock()
	defer buf.mu.Unlock()
	sc := bufio.NewScanner(&buf.b)
	found := false
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %q", sc.Text())
		}
		if rec["msg"] == "login" {
			t.Errorf("forged line: %q", sc.Text())
		}
		if rec["msg"] == "login failed" && rec["email"] == forged {
			found = true
		}
	}
	if !found {
		t.Error("the failed login was not logged with the name as given")
	}
}

// TestSessionBaseline: the session cookie's flags, the token stored only
// hashed, and public pages that never touch sessions.
func TestSessionBaseline(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	e.User("ed@example.org", "editor")
	c := e.Client()
	res := c.Post("/admin/login", url.Values{"email": {"ed@example.org"}, "password": {sitetest.Password}})
	var session *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "__Host-vestnik_session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || session.Domain != "" {
		t.Fatalf("session cookie %+v", session)
	}
	var stored int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM sessions WHERE token = $1`, session.Value).Scan(&stored)
	var total int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM sessions`).Scan(&total)
	if stored != 0 || total == 0 {
		t.Errorf("token stored in clear (%d) or not at all (%d)", stored, total)
	}
	// A public page with the session cookie neither reads nor writes it.
	var before int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM sessions`).Scan(&before)
	pub := c.Get("/ru/")
	if pub.Header.Get("Set-Cookie") != "" || strings.Contains(pub.Header.Get("Vary"), "Cookie") || pub.Header.Get("Cache-Control") == "no-store" {
		t.Errorf("public page varies by session: %v", pub.Header)
	}
	var after int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM sessions`).Scan(&after)
	if after != before {
		t.Errorf("a public page wrote a session: %d → %d", before, after)
	}
}

// TestDevAdmin: make run's development admin exists only on an empty
// database, with a random password, never a fixed one.
func TestDevAdmin(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	email, pw1, err := demo.DevAdmin(ctx, e.Store)
	if err != nil || email == "" || len(pw1) < 16 {
		t.Fatalf("%q %q %v", email, pw1, err)
	}
	if _, pw, _ := demo.DevAdmin(ctx, e.Store); pw != "" {
		t.Error("a second development admin")
	}
	e2 := sitetest.New(t)
	_, pw2, _ := demo.DevAdmin(ctx, e2.Store)
	if pw2 == pw1 {
		t.Error("the same password twice: not random")
	}
	c := e.Client()
	if res := c.Post("/admin/login", url.Values{"email": {email}, "password": {pw1}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("dev admin login: %d", res.StatusCode)
	}
}
