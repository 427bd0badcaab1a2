package admin_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// codeAt is the authenticator's code for secret at a time.
func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wrongCode is a six-digit code that is none of secret's codes around now.
func wrongCode(t *testing.T, secret string, now time.Time) string {
	t.Helper()
	for i := 0; ; i++ {
		c := strings.Repeat(strconv.Itoa(i%10), 6)
		if c != codeAt(t, secret, now) && c != codeAt(t, secret, now.Add(-30*time.Second)) &&
			c != codeAt(t, secret, now.Add(30*time.Second)) {
			return c
		}
	}
}

// enrol sets up two-factor login for c's user with a code for now - 30 s
// (so that codes for now and later still work at login) and returns the
// secret and the recovery codes.
func enrol(t *testing.T, c *sitetest.Client, now time.Time) (string, []string) {
	t.Helper()
	if res := c.Post("/admin/account/totp/setup", url.Values{}); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/admin/account/totp" {
		t.Fatalf("setup: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	d := c.Page("/admin/account/totp", http.StatusOK)
	secret := strings.ReplaceAll(d.Find(".totp-secret").Text(), " ", "")
	if len(secret) != 32 {
		t.Fatalf("secret %q", secret)
	}
	res := c.Post("/admin/account/totp", url.Values{"code": {codeAt(t, secret, now.Add(-30*time.Second))}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	var codes []string
	sitetest.ParseDoc(t, res).Find(".recovery-codes li code").Each(func(_ int, s *goquery.Selection) { codes = append(codes, s.Text()) })
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown", len(codes))
	}
	return secret, codes
}

// passwordStep logs a new client in with the password alone and checks
// that it is asked for a code.
func passwordStep(t *testing.T, e *sitetest.Env, email string, form ...string) *sitetest.Client {
	t.Helper()
	c := e.Client()
	v := url.Values{"email": {email}, "password": {sitetest.Password}}
	for i := 0; i+1 < len(form); i += 2 {
		v.Set(form[i], form[i+1])
	}
	res := c.Post("/admin/login", v)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login/totp") {
		t.Fatalf("password step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

// audits counts the audit lines of an action on a user.
func audits(t *testing.T, e *sitetest.Env, action string, userID int64) int {
	t.Helper()
	var n int
	if err := e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log
		WHERE action = $1 AND object_type = 'user' AND object_id = $2`, action, userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTOTPEnrol(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	c, u := e.Login("enrol@example.org", "editor")
	other := e.Client() // a second session, opened with the password alone
	if res := other.Post("/admin/login", url.Values{"email": {u.Email}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal("second login")
	}
	d := c.Page("/admin/account", http.StatusOK)
	if v, _ := d.Find("#two-factor .totp-state").Attr("data-state"); v != "off" {
		t.Errorf("state %q before setting up", v)
	}
	// Nothing to see before starting.
	if res := c.Get("/admin/account/totp/qr.png"); res.StatusCode != http.StatusNotFound {
		t.Errorf("QR before starting: %d", res.StatusCode)
	}
	if res := c.Post("/admin/account/totp/setup", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("setup: %d", res.StatusCode)
	}
	d = c.Page("/admin/account/totp", http.StatusOK)
	if src, _ := d.Find("img.totp-qr").Attr("src"); src != "/admin/account/totp/qr.png" {
		t.Errorf("QR src %q", src)
	}
	secret := strings.ReplaceAll(d.Find(".totp-secret").Text(), " ", "")
	res := c.Get("/admin/account/totp/qr.png")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("QR: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	}
	body, _ := io.ReadAll(res.Body)
	if _, err := png.Decode(bytes.NewReader(body)); err != nil {
		t.Errorf("QR is no PNG: %v", err)
	}
	// The secret is in the session, not the database, until confirmed.
	var stored *string
	e.Pool.QueryRow(context.Background(), `SELECT totp_secret FROM users WHERE id = $1`, u.ID).Scan(&stored)
	if stored != nil {
		t.Error("secret stored before it was confirmed")
	}

	// Too short to be a code: says what a code is.
	if got := sitetest.ParseDoc(t, c.Post("/admin/account/totp", url.Values{"code": {"12345"}})).Find(".form-error").Text(); !strings.Contains(got, "Enter the 6 digits") {
		t.Errorf("a 5-digit code: %q", got)
	}
	now := clock.Now()
	wrong := wrongCode(t, secret, now)
	res = c.Post("/admin/account/totp", url.Values{"code": {wrong}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong code: %d", res.StatusCode)
	}
	d = sitetest.ParseDoc(t, res)
	if d.Find(".form-error").Length() == 0 {
		t.Error("no message for a wrong code")
	}
	if v, _ := d.Find(`.totp-confirm input[name=code]`).Attr("value"); v != wrong {
		t.Errorf("typed code lost: %q", v)
	}
	// A NUL goes; the rest is a code like any other, here a wrong one.
	if res := c.Post("/admin/account/totp", url.Values{"code": {"not a code\x00"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("NUL in a code: %d", res.StatusCode)
	}
	if res := c.Post("/admin/account/totp", url.Values{"code\x00": {"1"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("NUL in a field's name: %d", res.StatusCode)
	}

	res = c.Post("/admin/account/totp", url.Values{"code": {codeAt(t, secret, now)}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("right code: %d", res.StatusCode)
	}
	var codes []string
	sitetest.ParseDoc(t, res).Find(".recovery-codes li code").Each(func(_ int, s *goquery.Selection) { codes = append(codes, s.Text()) })
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes", len(codes))
	}

	// Shown once: later pages do not have them.
	if res := c.Get("/admin/account/totp"); res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/admin/account" {
		t.Errorf("set-up page once on: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res = c.Get("/admin/account")
	page, _ := io.ReadAll(res.Body)
	for _, code := range codes {
		if bytes.Contains(page, []byte(code)) {
			t.Fatalf("recovery code %s shown again", code)
		}
	}
	d, _ = goquery.NewDocumentFromReader(bytes.NewReader(page))
	if v, _ := d.Find("#two-factor .totp-state").Attr("data-state"); v != "on" || !strings.Contains(d.Find("#two-factor").Text(), "10 recovery codes left") {
		t.Errorf("account page: state %q, %q", v, d.Find("#two-factor .totp-state").Text())
	}
	if res := c.Get("/admin/account/totp/qr.png"); res.StatusCode != http.StatusNotFound {
		t.Errorf("QR after setting up: %d", res.StatusCode)
	}

	// Stored: the secret, and the codes only hashed.
	ctx := context.Background()
	e.Pool.QueryRow(ctx, `SELECT totp_secret FROM users WHERE id = $1`, u.ID).Scan(&stored)
	if stored == nil || *stored != secret {
		t.Errorf("stored secret %v", stored)
	}
	rows, err := e.Pool.Query(ctx, `SELECT code_hash FROM recovery_codes WHERE user_id = $1`, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var h []byte
		rows.Scan(&h)
		n++
		for _, code := range codes {
			if len(h) != 32 || bytes.Contains(h, []byte(code)) || bytes.Contains(h, []byte(strings.ReplaceAll(code, "-", ""))) {
				t.Errorf("code stored in the clear: %x", h)
			}
		}
	}
	if n != 10 {
		t.Errorf("%d stored codes", n)
	}

	// This session goes on; the one opened with the password alone ends.
	if res := c.Get("/admin/"); res.StatusCode != http.StatusOK {
		t.Errorf("own session after setting up: %d", res.StatusCode)
	}
	if res := other.Get("/admin/"); res.StatusCode != http.StatusFound {
		t.Errorf("other session survived: %d", res.StatusCode)
	}
	if audits(t, e, "user.totp_enable", u.ID) != 1 {
		t.Error("no audit line user.totp_enable")
	}
	// Setting up again is not possible while on.
	if res := c.Post("/admin/account/totp/setup", url.Values{}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/account" {
		t.Errorf("setup while on: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestTOTPLogin(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	c0, u := e.Login("twofa@example.org", "editor")
	now := clock.Now()
	secret, _ := enrol(t, c0, now)

	c := passwordStep(t, e, u.Email, "next", "/admin/entries?kind=news")
	// Password alone: no way in.
	for _, p := range []string{"/admin/", "/admin/account", "/admin/entries"} {
		if res := c.Get(p); res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
			t.Errorf("%s with a pending login: %d %s", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"ru"}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST with a pending login: %d", res.StatusCode)
	}
	d := c.Page("/admin/login/totp", http.StatusOK)
	if d.Find(`form[action="/admin/login/totp"] input[name=code]`).Length() != 1 {
		t.Fatal("no code field")
	}

	wrong := wrongCode(t, secret, now)
	res := c.Post("/admin/login/totp", url.Values{"code": {wrong}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong code: %d", res.StatusCode)
	}
	d = sitetest.ParseDoc(t, res)
	if d.Find(".form-error").Text() == "" {
		t.Error("no message for a wrong code")
	}
	if v, _ := d.Find(`input[name=code]`).Attr("value"); v != wrong {
		t.Errorf("typed code lost: %q", v)
	}

	code := codeAt(t, secret, now)
	res = c.Post("/admin/login/totp", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/entries?kind=news" {
		t.Fatalf("right code: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/admin/"); res.StatusCode != http.StatusOK {
		t.Errorf("after the code: %d", res.StatusCode)
	}
	if audits(t, e, "user.login", u.ID) != 2 { // e.login, then this one
		t.Errorf("%d login audit lines", audits(t, e, "user.login", u.ID))
	}

	// The same code again, in another login: refused.
	c2 := passwordStep(t, e, u.Email)
	if res := c2.Post("/admin/login/totp", url.Values{"code": {code}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("replayed code: %d", res.StatusCode)
	}
	// A code 60 s off: refused.
	if res := c2.Post("/admin/login/totp", url.Values{"code": {codeAt(t, secret, now.Add(60*time.Second))}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("code 60 s ahead: %d", res.StatusCode)
	}
	// The next step's code (a phone 30 s ahead): fine.
	if res := c2.Post("/admin/login/totp", url.Values{"code": {codeAt(t, secret, now.Add(30*time.Second))}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("code 30 s ahead: %d", res.StatusCode)
	}
	if res := c2.Get("/admin/"); res.StatusCode != http.StatusOK {
		t.Errorf("after the skewed code: %d", res.StatusCode)
	}
	// Now the earlier step's code is older than the last used: refused.
	c3 := passwordStep(t, e, u.Email)
	if res := c3.Post("/admin/login/totp", url.Values{"code": {codeAt(t, secret, now.Add(-30*time.Second))}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("code older than the last used: %d", res.StatusCode)
	}

	// Without a pending login, the code form is no way in.
	anon := e.Client()
	if res := anon.Get("/admin/login/totp"); res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/admin/login" {
		t.Errorf("code form without a password: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := anon.Post("/admin/login/totp", url.Values{"code": {codeAt(t, secret, now.Add(30*time.Second))}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("code without a password: %d", res.StatusCode)
	}
	// A pending login dies with a password change.
	c4 := passwordStep(t, e, u.Email)
	if _, err := e.Store.SetPassword(context.Background(), u.ID, u.PasswordHash); err != nil {
		t.Fatal(err)
	}
	if res := c4.Post("/admin/login/totp", url.Values{"code": {codeAt(t, secret, now.Add(30*time.Second))}}); res.StatusCode != http.StatusUnauthorized ||
		sitetest.ParseDoc(t, res).Find(`form[action="/admin/login"]`).Length() != 1 {
		t.Errorf("code after a password change: %d", res.StatusCode)
	}
}

func TestTOTPRecoveryCode(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	c0, u := e.Login("lost-phone@example.org", "editor")
	_, codes := enrol(t, c0, clock.Now())

	c := passwordStep(t, e, u.Email)
	// Typed in capitals and without dashes: the same code.
	typed := strings.ToUpper(strings.ReplaceAll(codes[3], "-", ""))
	if res := c.Post("/admin/login/totp", url.Values{"code": {typed}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("recovery code: %d", res.StatusCode)
	}
	if got := c.Page("/admin/", http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "recovery code") || !strings.Contains(got, "9 are left") {
		t.Errorf("after a recovery code: %q", got)
	}
	if audits(t, e, "user.recovery_code_used", u.ID) != 1 {
		t.Error("no audit line user.recovery_code_used")
	}
	if !strings.Contains(c.Page("/admin/account", http.StatusOK).Find("#two-factor").Text(), "9 recovery codes left") {
		t.Error("used code still counted")
	}
	// Once only.
	c2 := passwordStep(t, e, u.Email)
	if res := c2.Post("/admin/login/totp", url.Values{"code": {codes[3]}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("recovery code used twice: %d", res.StatusCode)
	}
	// Another user's code is no use either.
	if res := c2.Post("/admin/login/totp", url.Values{"code": {"abcd-efgh-jkmn"}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("made-up recovery code: %d", res.StatusCode)
	}
	if res := c2.Post("/admin/login/totp", url.Values{"code": {strings.Repeat("x", 5000)}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("huge code: %d", res.StatusCode)
	}
	if res := c2.Post("/admin/login/totp", url.Values{"code": {codes[4]}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another recovery code: %d", res.StatusCode)
	}
}

func TestTOTPThrottle(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	c0, u := e.Login("guess@example.org", "editor")
	now := clock.Now()
	secret, _ := enrol(t, c0, now)
	c := passwordStep(t, e, u.Email)
	wrong := wrongCode(t, secret, now)
	for i := 0; i < 4; i++ {
		if res := c.Post("/admin/login/totp", url.Values{"code": {wrong}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("try %d: %d", i, res.StatusCode)
		}
	}
	// Now even the right code waits.
	res := c.Post("/admin/login/totp", url.Values{"code": {codeAt(t, secret, now)}})
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("after 4 wrong codes: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if !strings.Contains(sitetest.ParseDoc(t, res).Find(".form-error").Text(), "minutes") {
		t.Error("no localized wait message")
	}
	// Wrong codes count for the account, wherever they come from (only
	// someone with the password can make them): the password again, from
	// another client, does not start the count over.
	c2 := e.Client()
	c2.Remote = "203.0.113.9:1"
	if res := c2.Post("/admin/login", url.Values{"email": {u.Email}, "password": {sitetest.Password}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("password after wrong codes: %d", res.StatusCode)
	}
	var n int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM login_failures WHERE email = $1`, u.Email).Scan(&n)
	// 4 wrong codes; the 2 tries refused while throttled are no failures.
	if n != 4 {
		t.Errorf("%d failures recorded", n)
	}
	if audits(t, e, "user.lockout", u.ID) != 1 {
		t.Error("the lockout is not in the audit log")
	}
}

func TestTOTPDisable(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	c, u := e.Login("off@example.org", "editor")
	now := clock.Now()
	secret, codes := enrol(t, c, now)
	code := codeAt(t, secret, now)

	// A wrong password: the code is kept as typed, and not used up.
	res := c.Post("/admin/account/totp/disable", url.Values{"password": {"wrong password"}, "code": {code}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	d := sitetest.ParseDoc(t, res)
	if d.Find(".totp-disable .field-error").Length() != 1 {
		t.Errorf("%d field errors", d.Find(".totp-disable .field-error").Length())
	}
	if v, _ := d.Find(`.totp-disable input[name=code]`).Attr("value"); v != code {
		t.Errorf("typed code lost: %q", v)
	}
	// A wrong code.
	res = c.Post("/admin/account/totp/disable", url.Values{"password": {sitetest.Password}, "code": {wrongCode(t, secret, now)}})
	if res.StatusCode != http.StatusUnprocessableEntity || sitetest.ParseDoc(t, res).Find(".totp-disable .field-error").Length() != 1 {
		t.Fatalf("wrong code: %d", res.StatusCode)
	}
	// New recovery codes need the same, and replace the old ones.
	res = c.Post("/admin/account/totp/recovery", url.Values{"password": {sitetest.Password}, "code": {code}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("new recovery codes: %d", res.StatusCode)
	}
	fresh := sitetest.ParseDoc(t, res).Find(".recovery-codes li code")
	if fresh.Length() != 10 || fresh.First().Text() == codes[0] {
		t.Fatalf("%d new codes", fresh.Length())
	}
	// The code was used up by that.
	res = c.Post("/admin/account/totp/disable", url.Values{"password": {sitetest.Password}, "code": {code}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("code used twice: %d", res.StatusCode)
	}
	// An old recovery code is void; a new one turns it off.
	res = c.Post("/admin/account/totp/disable", url.Values{"password": {sitetest.Password}, "code": {codes[0]}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("replaced recovery code: %d", res.StatusCode)
	}
	res = c.Post("/admin/account/totp/disable", url.Values{"password": {sitetest.Password}, "code": {fresh.First().Text()}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	d = c.Page("/admin/account", http.StatusOK)
	if v, _ := d.Find("#two-factor .totp-state").Attr("data-state"); v != "off" {
		t.Errorf("state %q after turning off", v)
	}
	for _, a := range []string{"user.totp_disable", "user.recovery_codes"} {
		if audits(t, e, a, u.ID) != 1 {
			t.Errorf("no audit line %s", a)
		}
	}
	var left int
	e.Pool.QueryRow(context.Background(), `SELECT count(*) FROM recovery_codes WHERE user_id = $1`, u.ID).Scan(&left)
	if left != 0 {
		t.Errorf("%d recovery codes kept", left)
	}
	// The password alone logs in again.
	c2 := e.Client()
	if res := c2.Post("/admin/login", url.Values{"email": {u.Email}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/admin/" {
		t.Errorf("login after turning off: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestTOTPRequiredByAdmin(t *testing.T) {
	t.Parallel()
	clock := sitetest.NewClock(time.Now())
	e := sitetest.NewWith(t, sitetest.Options{Now: clock.Now})
	admin, _ := e.Login("boss@example.org", "admin")
	c, u := e.Login("made-to@example.org", "editor")
	id := strconv.FormatInt(u.ID, 10)

	d := admin.Page("/admin/users/"+id, http.StatusOK)
	form := sitetest.FormOf(d, "form.totp-require")
	if form.Get("required") != "true" {
		t.Fatalf("require form %v", form)
	}
	if res := admin.Post("/admin/users/"+id+"/totp", url.Values{"required": {"maybe"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad value: %d", res.StatusCode)
	}
	if res := c.Post("/admin/users/"+id+"/totp", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("an editor requiring: %d", res.StatusCode)
	}
	if res := admin.Post("/admin/users/"+id+"/totp", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("require: %d", res.StatusCode)
	}
	if audits(t, e, "user.totp_required", u.ID) != 1 {
		t.Error("no audit line user.totp_required")
	}
	if admin.Page("/admin/users/"+id, http.StatusOK).Find("[data-totp-pending]").Length() != 1 {
		t.Error("required and not set up: the user's page does not say so")
	}
	if got := sitetest.FormOf(admin.Page("/admin/users/"+id, http.StatusOK), "form.totp-require").Get("required"); got != "false" {
		t.Errorf("after requiring, the form offers %q", got)
	}

	// The editor's session is held at the set-up page.
	for _, p := range []string{"/admin/", "/admin/entries?kind=news", "/admin/account"} {
		if res := c.Get(p); res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/admin/account/totp" {
			t.Errorf("%s: %d %s", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := c.Post("/admin/preview", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("POST elsewhere: %d", res.StatusCode)
	}
	if d := c.Page("/admin/account/totp", http.StatusOK); d.Find(".totp-required").Length() != 1 || d.Find(`form[action="/admin/account/lang"]`).Length() != 1 {
		t.Error("no notice that it is required, or no way to change the language first")
	}
	// Logging in again leads to the set-up page as well.
	c2 := e.Client()
	res := c2.Post("/admin/login", url.Values{"email": {u.Email}, "password": {sitetest.Password}, "next": {"/admin/entries"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/account/totp" {
		t.Fatalf("login: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c2.Post("/admin/logout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("logout while held: %d", res.StatusCode)
	}
	// Set up, everything opens.
	now := clock.Now()
	secret, _ := enrol(t, c, now)
	if res := c.Get("/admin/"); res.StatusCode != http.StatusOK {
		t.Errorf("after setting up: %d", res.StatusCode)
	}
	// Turning it off sends them back to set it up.
	if res := c.Post("/admin/account/totp/disable", url.Values{"password": {sitetest.Password}, "code": {codeAt(t, secret, now)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	if res := c.Get("/admin/account"); res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/admin/account/totp" {
		t.Errorf("after turning off: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	enrol(t, c, clock.Now())

	// An admin turns it off for a user who lost everything.
	d = admin.Page("/admin/users/"+id, http.StatusOK)
	if v, _ := d.Find("#two-factor .totp-state").Attr("data-state"); v != "on" {
		t.Errorf("user page: state %q", v)
	}
	if res := admin.Post("/admin/users/"+id+"/totp/reset", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if audits(t, e, "user.totp_reset", u.ID) != 1 {
		t.Error("no audit line user.totp_reset")
	}
	var on bool
	e.Pool.QueryRow(context.Background(), `SELECT totp_secret IS NOT NULL FROM users WHERE id = $1`, u.ID).Scan(&on)
	if on {
		t.Error("still on after the reset")
	}
	// No longer required: the editor is free again.
	if res := admin.Post("/admin/users/"+id+"/totp", url.Values{"required": {"false"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unrequire: %d", res.StatusCode)
	}
	if res := c.Get("/admin/"); res.StatusCode != http.StatusOK {
		t.Errorf("after unrequiring: %d", res.StatusCode)
	}
	if audits(t, e, "user.totp_not_required", u.ID) != 1 {
		t.Error("no audit line user.totp_not_required")
	}
}

// TestTOTPStoreReplayRace: two requests with the same code at once; the
// database lets one through.
func TestTOTPStoreReplayRace(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	_, u := e.Login("race@example.org", "editor")
	ctx := context.Background()
	if _, err := e.Store.EnableTOTP(ctx, u.ID, "JBSWY3DPEHPK3PXP", 10); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.EnableTOTP(ctx, u.ID, "JBSWY3DPEHPK3PXP", 10); !errors.Is(err, store.ErrConflict) {
		t.Errorf("enabled twice: %v", err)
	}
	results := make(chan bool, 8)
	for range 8 {
		go func() {
			ok, err := e.Store.UseTOTPStep(ctx, u.ID, 11)
			results <- err == nil && ok
		}()
	}
	n := 0
	for range 8 {
		if <-results {
			n++
		}
	}
	if n != 1 {
		t.Errorf("step 11 used %d times", n)
	}
	if ok, _ := e.Store.UseTOTPStep(ctx, u.ID, 10); ok {
		t.Error("an older step accepted")
	}
}
