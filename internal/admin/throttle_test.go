package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestStrangerCannotLockOwnerOut: 15, then 1,000, wrong passwords for an
// account from one client; the owner on another client logs in at once,
// and the tries the throttle refused were never counted as failures.
func TestStrangerCannotLockOwnerOut(t *testing.T) {
	t.Parallel()
	for _, tries := range []int{15, 1000} {
		t.Run(strconv.Itoa(tries), func(t *testing.T) {
			clock := sitetest.NewClock(time.Now())
			e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
			e.User("owner@example.org", "editor")
			stranger := e.Client()
			stranger.Remote = "198.51.100.66:4000"
			refused := 0
			for i := range tries {
				res := stranger.Post("/admin/login", url.Values{"email": {"owner@example.org"}, "password": {fmt.Sprint("guess ", i)}})
				if res.StatusCode == http.StatusTooManyRequests {
					refused++
				}
			}
			if refused != tries-4 {
				t.Errorf("%d of %d tries refused, want all but the 4 free ones", refused, tries)
			}
			if n := sitetest.Count(e, `SELECT count(*) FROM login_failures WHERE email = 'owner@example.org'`); n != 4 {
				t.Errorf("%d failures counted, want the 4 that were checked", n)
			}
			owner := e.Client()
			owner.Remote = "203.0.113.7:5000"
			if res := owner.Post("/admin/login", url.Values{"email": {"owner@example.org"}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
				t.Errorf("the owner after %d tries from a stranger: %d", tries, res.StatusCode)
			}
		})
	}
}

// TestBurstFromManyClients: only a burst from many clients at once (100
// failures within 15 minutes) slows every try for the account, and only
// for minutes.
func TestBurstFromManyClients(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	e.User("popular@example.org", "editor")
	for i := range 25 { // 25 clients, 4 free failures each
		c := e.Client()
		c.Remote = fmt.Sprintf("192.0.2.%d:1", i+1)
		for j := range 4 {
			if res := c.Post("/admin/login", url.Values{"email": {"popular@example.org"}, "password": {fmt.Sprint("bot ", i, j)}}); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("client %d, try %d: %d", i, j, res.StatusCode)
			}
		}
		clock.Advance(10 * time.Second)
	}
	owner := e.Client()
	owner.Remote = "203.0.113.7:5000"
	res := owner.Post("/admin/login", url.Values{"email": {"popular@example.org"}, "password": {sitetest.Password}})
	wait, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != http.StatusTooManyRequests || wait <= 0 || time.Duration(wait)*time.Second > 15*time.Minute {
		t.Fatalf("the owner during the burst: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	clock.Advance(time.Duration(wait) * time.Second)
	if res := owner.Post("/admin/login", url.Values{"email": {"popular@example.org"}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the owner %d s later: %d", wait, res.StatusCode)
	}
}

// TestUnlock: a lockout is in the audit log and on the account's page; an
// admin's unlock (audited) and a password reset each end it.
func TestUnlock(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	admin, _ := e.Login("chief@example.org", "admin")
	u := e.User("locked@example.org", "editor")
	page := "/admin/users/" + strconv.FormatInt(u.ID, 10)
	guesser := e.Client() // the user's own office, say: the same address
	lockOut := func() {
		t.Helper()
		for i := range 5 {
			guesser.Post("/admin/login", url.Values{"email": {u.Email}, "password": {fmt.Sprint("forgotten ", i)}})
		}
		if res := guesser.Post("/admin/login", url.Values{"email": {u.Email}, "password": {sitetest.Password}}); res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("not locked out: %d", res.StatusCode)
		}
	}
	lockOut()
	lines, err := e.Store.AuditLog(context.Background(), store.AuditFilter{ObjectType: "user", ObjectID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	if countActions(lines, "user.lockout") != 1 {
		t.Errorf("audit: %v", lines)
	}
	// On the audit page, by someone not logged in — not by the system.
	row := admin.Page("/admin/audit?type=user&object="+strconv.FormatInt(u.ID, 10), http.StatusOK).Find(`tr[data-action="user.lockout"]`)
	if who := row.Find("td").Eq(1).Text(); !strings.Contains(who, "not logged in") || row.Find("td").Eq(5).Text() == "" {
		t.Errorf("the lockout is credited to %q", who)
	}
	d := admin.Page(page, http.StatusOK)
	if n, _ := d.Find("#failures .failure-count").Attr("data-count"); n != "4" || d.Find("#failures table.failures tbody tr").Length() != 4 {
		t.Errorf("failures on the account's page: %q, %d rows", n, d.Find("#failures tbody tr").Length())
	}
	if res := admin.Post(page+"/unlock", sitetest.FormOf(d, "form.unlock")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unlock: %d", res.StatusCode)
	}
	if res := guesser.Post("/admin/login", url.Values{"email": {u.Email}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after the unlock: %d", res.StatusCode)
	}
	lines, _ = e.Store.AuditLog(context.Background(), store.AuditFilter{ObjectType: "user", ObjectID: u.ID})
	if countActions(lines, "user.unlock") != 1 {
		t.Error("the unlock is not in the audit log")
	}
	if n, _ := admin.Page(page, http.StatusOK).Find("#failures .failure-count").Attr("data-count"); n != "0" {
		t.Errorf("failures after the unlock: %s", n)
	}
	// An editor cannot unlock.
	ed, _ := e.Login("ed@example.org", "editor")
	if res := ed.Post(page+"/unlock", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an editor unlocking: %d", res.StatusCode)
	}

	// A password reset ends a lockout too.
	guesser = e.Client()
	guesser.Remote = "198.51.100.9:1"
	lockOut()
	if res := admin.Post(page+"/password", url.Values{}); res.StatusCode != http.StatusOK {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM login_failures WHERE email = $1`, u.Email); n != 0 {
		t.Errorf("%d failures after a password reset", n)
	}
}
