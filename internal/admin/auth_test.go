package admin_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/sitetest"
)

func TestLoginLogout(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("editor@example.org", "editor")
	d := c.Page("/admin/", http.StatusOK)
	if d.Find(".admin-user").Text() == "" || !strings.Contains(d.Find(".admin-user").Text(), "editor@example.org") {
		t.Fatal("dashboard does not show the user")
	}
	if d.Find(`.subscribers tr[data-lang="ru"] td.active`).Text() != "0" {
		t.Error("no subscriber counts per language on the dashboard")
	}
	res := c.Get("/admin/")
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("admin Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	old := map[string]string{}
	for k, v := range c.Cookies {
		old[k] = v.Value
	}
	if res := c.Post("/admin/logout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout %d", res.StatusCode)
	}
	if res := c.Get("/admin/"); res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Errorf("after logout: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// The token from before logout is dead too.
	replay := e.Client()
	for k, v := range old {
		replay.Cookies[k] = &http.Cookie{Name: k, Value: v}
	}
	if res := replay.Get("/admin/"); res.StatusCode != http.StatusFound {
		t.Errorf("old session token still works: %d", res.StatusCode)
	}
}

func TestLoginFailureSameForUnknownUser(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	e.User("real@example.org", "editor")
	var bodies []string
	for _, email := range []string{"real@example.org", "ghost@example.org"} {
		c := e.Client()
		c.Remote = "198.51.100.1:1"
		res := c.Post("/admin/login", url.Values{"email": {email}, "password": {"wrong password!"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: %d", email, res.StatusCode)
		}
		d := sitetest.ParseDoc(t, res)
		bodies = append(bodies, d.Find(".form-error").Text())
		if v, _ := d.Find(`input[name=email]`).Attr("value"); v != email {
			t.Errorf("typed e-mail lost: %q", v)
		}
	}
	if bodies[0] != bodies[1] || bodies[0] == "" {
		t.Errorf("different answers: %q vs %q", bodies[0], bodies[1])
	}
}

// TestLoginThrottle: guessing from one client is slowed as Ghost slows it
// (four free failures, then ten minutes, doubling), the right password
// from that client waits too, and X-Forwarded-For from an untrusted peer
// changes nothing; the owner on another client is not affected.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	e.User("victim@example.org", "editor")
	c := e.Client()
	for i := 0; i < 4; i++ {
		res := c.Post("/admin/login", url.Values{"email": {"victim@example.org"}, "password": {"guess " + strings.Repeat("x", i)}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("try %d: %d", i, res.StatusCode)
		}
	}
	// Now even the right password waits: 429 with Retry-After.
	res := c.Post("/admin/login", url.Values{"email": {"victim@example.org"}, "password": {sitetest.Password}})
	if res.StatusCode != http.StatusTooManyRequests || !about(res.Header.Get("Retry-After"), 10*time.Minute) {
		t.Fatalf("after 4 failures: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	body, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(body), "minutes") {
		t.Errorf("no localized wait message")
	}
	// X-Forwarded-For from an untrusted peer changes nothing.
	if res := c.Post("/admin/login", url.Values{"email": {"victim@example.org"}, "password": {sitetest.Password}}, "X-Forwarded-For", "10.9.8.7"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("spoofed X-Forwarded-For: %d", res.StatusCode)
	}
	// Ten minutes later one more try; when it fails too, twenty minutes.
	clock.Advance(10*time.Minute + time.Second)
	if res := c.Post("/admin/login", url.Values{"email": {"victim@example.org"}, "password": {"one more guess"}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("after the wait: %d", res.StatusCode)
	}
	if res := c.Post("/admin/login", url.Values{"email": {"victim@example.org"}, "password": {"and another"}}); res.StatusCode != http.StatusTooManyRequests || !about(res.Header.Get("Retry-After"), 20*time.Minute) {
		t.Errorf("after the fifth failure: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// The owner, elsewhere, logs in at once.
	owner := e.Client()
	owner.Remote = "203.0.113.5:1"
	if res := owner.Post("/admin/login", url.Values{"email": {"victim@example.org"}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the owner on another address: %d", res.StatusCode)
	}
}

// about reports whether a Retry-After is d, within the second the
// database's timestamps round away.
func about(retryAfter string, d time.Duration) bool {
	s, err := strconv.Atoi(retryAfter)
	return err == nil && time.Duration(s)*time.Second >= d && time.Duration(s)*time.Second <= d+time.Second
}

func TestCrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	e.User("ed@example.org", "editor")
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"},
		{"Sec-Fetch-Site", "same-site", "Origin", "https://sub.vestnik.example.org"},
		{"Sec-Fetch-Site", "", "Origin", "https://evil.example"},
	} {
		c := e.Client()
		res := c.Post("/admin/login", url.Values{"email": {"ed@example.org"}, "password": {sitetest.Password}}, h...)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%v: %d", h, res.StatusCode)
		}
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c1, _ := e.Login("pw@example.org", "editor")
	c2 := e.Client()
	if res := c2.Post("/admin/login", url.Values{"email": {"pw@example.org"}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal("second login")
	}
	// Errors keep the form and say what is wrong.
	res := c1.Post("/admin/account/password", url.Values{"current": {"wrong"}, "new": {"short"}, "confirm": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad change: %d", res.StatusCode)
	}
	if n := sitetest.ParseDoc(t, res).Find("main .field-error").Length(); n != 2 {
		t.Errorf("%d field errors", n)
	}
	// The same password again, or the address padded, is no change.
	for pw, want := range map[string]string{sitetest.Password: "current password", "pw@example.org2026": "too easy to guess"} {
		res = c1.Post("/admin/account/password", url.Values{"current": {sitetest.Password}, "new": {pw}, "confirm": {pw}})
		if msg := sitetest.ParseDoc(t, res).Find(".field-error").Text(); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msg, want) {
			t.Errorf("new password %q: %d %q", pw, res.StatusCode, msg)
		}
	}
	newPw := "новый пароль достаточно длинный"
	if res := c1.Post("/admin/account/password", url.Values{"current": {sitetest.Password}, "new": {newPw}, "confirm": {newPw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", res.StatusCode)
	}
	if res := c1.Get("/admin/"); res.StatusCode != http.StatusOK {
		t.Errorf("own session ended: %d", res.StatusCode)
	}
	if res := c2.Get("/admin/"); res.StatusCode != http.StatusFound {
		t.Errorf("other session survived: %d", res.StatusCode)
	}
	c3 := e.Client()
	if res := c3.Post("/admin/login", url.Values{"email": {"pw@example.org"}, "password": {newPw}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the new password: %d", res.StatusCode)
	}
}

func TestAdminLanguage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ru@example.org", "editor")
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	d := c.Page("/admin/", http.StatusOK)
	if v, _ := d.Find("html").Attr("lang"); v != "ru" || !strings.Contains(d.Find("h1").Text(), "Обзор") {
		t.Errorf("admin not in Russian: %q %q", v, d.Find("h1").Text())
	}
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"xx"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad lang: %d", res.StatusCode)
	}
	// The login page speaks the visitor's language.
	d = e.Client().Page("/admin/login?lang=ru", http.StatusOK)
	if d.Find("h1").Text() != "Вход" {
		t.Errorf("login page %q", d.Find("h1").Text())
	}
}

// TestIdleTimeout: a session idle for more than two hours is over; use
// keeps it alive, up to its twelve hours.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	c, _ := e.Login("idle@example.org", "editor")
	for range 5 { // used every 90 minutes: still in after 7.5 hours
		clock.Advance(90 * time.Minute)
		if res := c.Get("/admin/"); res.StatusCode != http.StatusOK {
			t.Fatalf("in use: %d", res.StatusCode)
		}
	}
	clock.Advance(2*time.Hour + time.Minute)
	if res := c.Get("/admin/"); res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Errorf("after two idle hours: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/admin/"); res.StatusCode != http.StatusFound {
		t.Errorf("the ended session works again: %d", res.StatusCode)
	}
	// A form sent without the script after the session ended: the page
	// offers to log in again and come back to the form's page.
	res := c.Post("/admin/hotlines/new", url.Values{"e164": {"+99312000777"}}, "Referer", sitetest.BaseURL+"/admin/hotlines/new")
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a form after the session ended: %d", res.StatusCode)
	}
	if href := sitetest.ParseDoc(t, res).Find(`.error-page a[href^="/admin/login"]`).AttrOr("href", ""); href != "/admin/login?next=%2Fadmin%2Fhotlines%2Fnew" {
		t.Errorf("log in again link %q", href)
	}
}

// TestWrongCurrentPasswordsWait: someone holding a session cannot guess
// the password on the account page at leisure; told to wait, they are
// told how long.
func TestWrongCurrentPasswordsWait(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("guesser@example.org", "editor")
	var res *http.Response
	for i := 0; i < 10; i++ {
		res = c.Post("/admin/account/password", url.Values{"current": {"guess " + strconv.Itoa(i)}, "new": {"a new long passphrase"}, "confirm": {"a new long passphrase"}})
		if res.StatusCode == http.StatusTooManyRequests {
			break
		}
	}
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("after wrong passwords: %d", res.StatusCode)
	}
	if msg := sitetest.ParseDoc(t, res).Find("main").Text(); !strings.Contains(msg, "Try again in") || !strings.Contains(msg, "minute") {
		t.Errorf("the wait is not said: %q", msg)
	}
}
