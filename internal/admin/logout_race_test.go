package admin_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// TestLogoutWinsOverRequestInFlight: a request that loaded the session
// before the editor logged out (an upload still arriving, a save sent
// from another tab), here on another instance, and that changes the
// session (its message for the next page), must not bring the session
// back when it ends: logged out is logged out.
func TestLogoutWinsOverRequestInFlight(t *testing.T) {
	t.Parallel()
	a := sitetest.New(t)
	b := sitetest.NewWith(t, sitetest.Options{Pool: a.Pool})
	c, _ := a.Login("editor@example.org", "editor")
	onB := b.Client()
	for k, v := range c.Cookies {
		onB.Cookies[k] = &http.Cookie{Name: k, Value: v.Value}
	}
	// The request on B: its session is loaded as soon as its handler
	// reads the body (the pipe's first write returns then); it finishes
	// only when the rest of the body arrives.
	pr, pw := io.Pipe()
	done := make(chan *http.Response)
	go func() {
		done <- onB.Do(http.MethodPost, "/admin/account/review-mail", pr, "application/x-www-form-urlencoded")
	}()
	if _, err := pw.Write([]byte("review_mail=")); err != nil {
		t.Fatal(err)
	}
	if res := c.Post("/admin/logout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	pw.Write([]byte("1"))
	pw.Close()
	if res := <-done; res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request in flight: %d", res.StatusCode)
	}
	// Whatever cookie the browser holds now, no instance lets it in.
	for name, e := range map[string]*sitetest.Env{"A": a, "B": b} {
		replay := e.Client()
		for k, v := range onB.Cookies {
			replay.Cookies[k] = &http.Cookie{Name: k, Value: v.Value}
		}
		if res := replay.Get("/admin/"); res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
			t.Errorf("instance %s: the session is back after logging out: %d %s", name, res.StatusCode, res.Header.Get("Location"))
		}
	}
}
