package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// userPath is an account's admin page.
func userPath(id int64, action ...string) string {
	p := "/admin/users/" + strconv.FormatInt(id, 10)
	for _, a := range action {
		p += "/" + a
	}
	return p
}

// loginAs logs a fresh client in with a password; false when refused.
func loginAs(e *sitetest.Env, email, password, remote string) (*sitetest.Client, bool) {
	c := e.Client()
	c.Remote = remote
	res := c.Post("/admin/login", url.Values{"email": {email}, "password": {password}})
	return c, res.StatusCode == http.StatusSeeOther
}

func TestUserCreate(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, me := e.Login("admin@example.org", "admin")

	d := admin.Page("/admin/users", http.StatusOK)
	if d.Find(`a[href="`+userPath(me.ID)+`"]`).Text() != "admin@example.org" {
		t.Error("the list does not link to the admin's own account")
	}
	form := sitetest.FormOf(d, `form[action="/admin/users/new"]`)
	if form.Get("role") != "editor" || form.Get("lang") != "en" {
		t.Errorf("form defaults %v", form)
	}

	form.Set("email", " new.editor@example.org ")
	form.Set("name", "Айна Бердыева")
	form.Set("lang", "ru")
	res := admin.Post("/admin/users/new", form)
	if res.Header.Get("Location") != "" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Location %q, Cache-Control %q", res.Header.Get("Location"), res.Header.Get("Cache-Control"))
	}
	d = sitetest.Expect(t, "create", res, http.StatusOK)
	password := strings.TrimSpace(d.Find("code.password").Text())
	if len(password) < 12 {
		t.Fatalf("generated password %q", password)
	}
	if d.Find("dd.email").Text() != "new.editor@example.org" || d.Find("dd.role").Text() != "Editor" {
		t.Errorf("new account shown as %q, %q", d.Find("dd.email").Text(), d.Find("dd.role").Text())
	}
	u, err := e.Store.UserByEmail(context.Background(), "new.editor@example.org")
	if err != nil || u.Role != store.RoleEditor || u.Lang != "ru" || u.Name != "Айна Бердыева" || u.Disabled() {
		t.Fatalf("stored %+v, %v", u, err)
	}
	// The password is shown once: the account's page does not have it.
	if admin.Page(userPath(u.ID), http.StatusOK).Find("code.password").Length() != 0 {
		t.Error("the password is shown again")
	}
	ed, ok := loginAs(e, "new.editor@example.org", password, "192.0.2.20:1")
	if !ok {
		t.Fatal("the generated password does not log in")
	}
	if v, _ := ed.Page("/admin/", http.StatusOK).Find("html").Attr("lang"); v != "ru" {
		t.Errorf("new editor's admin in %q", v)
	}
	d = admin.Page("/admin/users", http.StatusOK)
	row := d.Find(`tr[data-user="` + strconv.FormatInt(u.ID, 10) + `"]`)
	if !strings.Contains(row.Text(), "Айна Бердыева") || !strings.Contains(row.Text(), "Русский") || !strings.Contains(row.Text(), "Active") {
		t.Errorf("list row %q", row.Text())
	}

	// Mistakes keep what was typed and say what is wrong, beside the field.
	// (The admin's language is one the site has on: Turkmen is off;
	// accounts.Lang, the CLI's rule too.)
	for _, tt := range []struct {
		email, role, lang, field, msg string
	}{
		{"not an address", "editor", "en", "email", "not an e-mail address"},
		{"NEW.EDITOR@example.org", "editor", "en", "email", "already has this e-mail"},
		{"fine@example.org", "root", "en", "role", "Choose a role"},
		{"fine@example.org", "editor", "tk", "lang", "Unknown language"},
	} {
		res := admin.Post("/admin/users/new", url.Values{"email": {tt.email}, "name": {"Typed name"}, "role": {tt.role}, "lang": {tt.lang}})
		d := sitetest.Expect(t, tt.email, res, http.StatusUnprocessableEntity)
		if v, _ := d.Find(`input[name=email]`).Attr("value"); v != tt.email {
			t.Errorf("%s: e-mail kept as %q", tt.email, v)
		}
		if v, _ := d.Find(`input[name=name]`).Attr("value"); v != "Typed name" {
			t.Errorf("%s: name kept as %q", tt.email, v)
		}
		msg := d.Find(`[name=` + tt.field + `]`).Closest("label").Next()
		if !msg.HasClass("field-error") || !strings.Contains(msg.Text(), tt.msg) {
			t.Errorf("%s: message beside %s is %q", tt.email, tt.field, msg.Text())
		}
		if d.Find("code.password").Length() != 0 {
			t.Errorf("%s: a password was shown", tt.email)
		}
	}
	if n, _ := e.Store.CountUsers(context.Background()); n != 2 {
		t.Errorf("%d users after the refused ones", n)
	}
}

func TestUserRoleChange(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, _ := e.Login("admin@example.org", "admin")
	ed, victim := e.Login("ed@example.org", "editor")
	if res := ed.Get("/admin/users"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("editor sees users: %d", res.StatusCode)
	}

	res := admin.Post(userPath(victim.ID, "role"), url.Values{"role": {"admin"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != userPath(victim.ID) {
		t.Fatalf("promote: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	d := admin.Page(userPath(victim.ID), http.StatusOK)
	if d.Find(".flash").Text() != "The role was changed." || d.Find("dd.role").Text() != "Admin" {
		t.Errorf("after promote: flash %q, role %q", d.Find(".flash").Text(), d.Find("dd.role").Text())
	}
	// What takes access away asks first, naming whose.
	for _, action := range []string{"disable", "password"} {
		if q := d.Find(`form[action$="/`+action+`"]`).AttrOr("data-confirm", ""); !strings.Contains(q, victim.Email) {
			t.Errorf("%s asks %q", action, q)
		}
	}
	// The change applies to the session already open.
	if res := ed.Get("/admin/users"); res.StatusCode != http.StatusOK {
		t.Errorf("promoted editor: %d", res.StatusCode)
	}

	if res := admin.Post(userPath(victim.ID, "role"), url.Values{"role": {"editor"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("demote: %d", res.StatusCode)
	}
	if res := ed.Get("/admin/users"); res.StatusCode != http.StatusForbidden {
		t.Errorf("demoted admin: %d", res.StatusCode)
	}
	d = sitetest.Expect(t, "bad role", admin.Post(userPath(victim.ID, "role"), url.Values{"role": {"owner"}}), http.StatusUnprocessableEntity)
	if !strings.Contains(d.Find("#role .field-error").Text(), "Choose a role") {
		t.Errorf("bad role message %q", d.Find("#role .field-error").Text())
	}
	if res := admin.Post(userPath(999999, "role"), url.Values{"role": {"admin"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown user: %d", res.StatusCode)
	}
	for _, p := range []string{"/admin/users/0", "/admin/users/x", "/admin/users/-1", "/admin/users/99999999999999999999"} {
		if res := admin.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

func TestUserDisableEnable(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, _ := e.Login("admin@example.org", "admin")
	victim, v := e.Login("victim@example.org", "editor")
	if res := victim.Get("/admin/"); res.StatusCode != http.StatusOK {
		t.Fatalf("victim not logged in: %d", res.StatusCode)
	}

	if res := admin.Post(userPath(v.ID, "disable"), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	if res := victim.Get("/admin/"); res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Errorf("disabled user's session: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, ok := loginAs(e, "victim@example.org", sitetest.Password, "192.0.2.30:1"); ok {
		t.Error("a disabled user logged in")
	}
	d := admin.Page(userPath(v.ID), http.StatusOK)
	if !strings.Contains(d.Find(".flash").Text(), "disabled") || d.Find("dd.state .status.disabled").Length() != 1 {
		t.Errorf("after disable: %q / %q", d.Find(".flash").Text(), d.Find("dd.state").Text())
	}
	if d.Find(`form[action="`+userPath(v.ID, "enable")+`"]`).Length() != 1 {
		t.Error("no enable form")
	}
	// Disabling again changes nothing and writes no second audit line.
	if res := admin.Post(userPath(v.ID, "disable"), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("disable twice: %d", res.StatusCode)
	}
	lines, _ := e.Store.AuditLog(context.Background(), store.AuditFilter{ObjectType: "user", ObjectID: v.ID})
	if n := countActions(lines, "user.disable"); n != 1 {
		t.Errorf("%d user.disable lines", n)
	}

	if res := admin.Post(userPath(v.ID, "enable"), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", res.StatusCode)
	}
	if _, ok := loginAs(e, "victim@example.org", sitetest.Password, "192.0.2.30:1"); !ok {
		t.Error("an enabled user cannot log in")
	}
	// The old session stays over: enabling does not bring it back.
	if res := victim.Get("/admin/"); res.StatusCode != http.StatusFound {
		t.Errorf("old session after enable: %d", res.StatusCode)
	}
}

func TestUserPasswordReset(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, _ := e.Login("admin@example.org", "admin")
	victim, v := e.Login("victim@example.org", "editor")

	res := admin.Post(userPath(v.ID, "password"), url.Values{})
	if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Location") != "" {
		t.Errorf("Cache-Control %q, Location %q", res.Header.Get("Cache-Control"), res.Header.Get("Location"))
	}
	d := sitetest.Expect(t, "reset", res, http.StatusOK)
	password := strings.TrimSpace(d.Find("code.password").Text())
	if len(password) < 12 || password == sitetest.Password {
		t.Fatalf("new password %q", password)
	}
	if res := victim.Get("/admin/"); res.StatusCode != http.StatusFound {
		t.Errorf("session survived the reset: %d", res.StatusCode)
	}
	if _, ok := loginAs(e, "victim@example.org", sitetest.Password, "192.0.2.40:1"); ok {
		t.Error("the old password still works")
	}
	if _, ok := loginAs(e, "victim@example.org", password, "192.0.2.40:1"); !ok {
		t.Error("the new password does not work")
	}
	// An admin resetting their own password stays logged in.
	me, _ := e.Login("self@example.org", "admin")
	self, _ := e.Store.UserByEmail(context.Background(), "self@example.org")
	d = sitetest.Expect(t, "own reset", me.Post(userPath(self.ID, "password"), url.Values{}), http.StatusOK)
	if d.Find("code.password").Text() == "" {
		t.Error("own reset: no password")
	}
	if res := me.Get("/admin/users"); res.StatusCode != http.StatusOK {
		t.Errorf("own session after own reset: %d", res.StatusCode)
	}
}

func TestUserSelfRefused(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, me := e.Login("admin@example.org", "admin")
	d := admin.Page(userPath(me.ID), http.StatusOK)
	if d.Find(`form[action$="/disable"], form[action$="/role"]`).Length() != 0 {
		t.Error("own page offers disabling or a role change")
	}
	for _, tt := range []struct {
		action string
		form   url.Values
		sel    string
	}{
		{"disable", url.Values{}, "#access .field-error"},
		{"role", url.Values{"role": {"editor"}}, "#role .field-error"},
	} {
		d := sitetest.Expect(t, tt.action, admin.Post(userPath(me.ID, tt.action), tt.form), http.StatusConflict)
		if msg := d.Find(tt.sel).Text(); !strings.Contains(msg, "You cannot") {
			t.Errorf("%s: message %q", tt.action, msg)
		}
	}
	u, err := e.Store.UserByID(context.Background(), me.ID)
	if err != nil || u.Role != store.RoleAdmin || u.Disabled() {
		t.Fatalf("after refusals: %+v %v", u, err)
	}
	if res := admin.Get("/admin/users"); res.StatusCode != http.StatusOK {
		t.Errorf("still an admin? %d", res.StatusCode)
	}
	// In Russian too.
	e.Store.SetUserLang(context.Background(), me.ID, "ru")
	d = sitetest.Expect(t, "ru", admin.Post(userPath(me.ID, "disable"), url.Values{}), http.StatusConflict)
	if msg := d.Find("#access .field-error").Text(); !strings.Contains(msg, "Нельзя отключить") {
		t.Errorf("ru message %q", msg)
	}
}

// TestUsersKeepAnAdmin: two admins demoting or disabling each other at the
// same moment leave one admin, never none.
func TestUsersKeepAnAdmin(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	for i := range 6 {
		action, form := "role", url.Values{"role": {"editor"}}
		if i%2 == 1 {
			action, form = "disable", url.Values{}
		}
		a, ua := e.Login(fmt.Sprintf("a%d@example.org", i), "admin")
		b, ub := e.Login(fmt.Sprintf("b%d@example.org", i), "admin")
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for j, pair := range []struct {
			c      *sitetest.Client
			target int64
		}{{a, ub.ID}, {b, ua.ID}} {
			wg.Go(func() { codes[j] = pair.c.Post(userPath(pair.target, action), form).StatusCode })
		}
		wg.Wait()
		ok := 0
		for _, code := range codes {
			switch code {
			case http.StatusSeeOther:
				ok++
			case http.StatusConflict, http.StatusForbidden, http.StatusFound, http.StatusUnauthorized:
			default:
				t.Errorf("%s %d: status %d", action, i, code)
			}
		}
		admins, err := e.Store.LockActiveAdmins(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(admins) != 1 || ok != 1 {
			t.Fatalf("%s %d: %v; %d admins left: %v", action, i, codes, len(admins), admins)
		}
		// Make way for the next pair.
		if err := e.Store.SetRole(ctx, admins[0], store.RoleEditor); err != nil {
			t.Fatal(err)
		}
	}
}

func TestUserRoutesGuarded(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, _ := e.Login("admin@example.org", "admin")
	ed, _ := e.Login("ed@example.org", "editor")
	other := e.User("other@example.org", "editor")
	gets := []string{"/admin/users", userPath(other.ID), "/admin/audit", "/admin/audit?user=1"}
	posts := map[string]url.Values{
		"/admin/users/new":             {"email": {"x@example.org"}, "role": {"admin"}, "lang": {"en"}},
		userPath(other.ID, "role"):     {"role": {"admin"}},
		userPath(other.ID, "disable"):  {},
		userPath(other.ID, "enable"):   {},
		userPath(other.ID, "password"): {},
	}
	anon := e.Client()
	for _, p := range gets {
		if res := ed.Get(p); res.StatusCode != http.StatusForbidden {
			t.Errorf("editor GET %s: %d", p, res.StatusCode)
		}
		if res := anon.Get(p); res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login?next=") {
			t.Errorf("anonymous GET %s: %d %q", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	for p, form := range posts {
		if res := ed.Post(p, form); res.StatusCode != http.StatusForbidden {
			t.Errorf("editor POST %s: %d", p, res.StatusCode)
		}
		if res := anon.Post(p, form); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous POST %s: %d", p, res.StatusCode)
		}
		res := admin.Post(p, form, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin POST %s: %d", p, res.StatusCode)
		}
	}
	u, _ := e.Store.UserByID(context.Background(), other.ID)
	if u.Role != store.RoleEditor || u.Disabled() || u.PasswordHash != other.PasswordHash {
		t.Errorf("a refused request changed the account: %+v", u)
	}
	if _, err := e.Store.UserByEmail(context.Background(), "x@example.org"); err == nil {
		t.Error("a refused request created an account")
	}
}

func countActions(lines []store.AuditEntry, action string) int {
	n := 0
	for _, l := range lines {
		if l.Action == action {
			n++
		}
	}
	return n
}

func TestAuditLog(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	admin, me := e.Login("admin@example.org", "admin")
	_, v := e.Login("victim@example.org", "editor")
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{"/admin/users/new", url.Values{"email": {"fresh@example.org"}, "role": {"editor"}, "lang": {"en"}}},
		{userPath(v.ID, "role"), url.Values{"role": {"admin"}}},
		{userPath(v.ID, "disable"), url.Values{}},
		{userPath(v.ID, "enable"), url.Values{}},
		{userPath(v.ID, "password"), url.Values{}},
	} {
		if res := admin.Post(step.path, step.form); res.StatusCode >= 400 {
			t.Fatalf("%s: %d", step.path, res.StatusCode)
		}
	}
	// An entry's line, and one whose action has no name yet.
	var entryID int64
	if err := e.Pool.QueryRow(ctx, `SELECT min(id) FROM entries`).Scan(&entryID); err != nil {
		t.Fatal(err)
	}
	uid := me.ID
	for _, a := range []store.AuditEntry{
		{UserID: &uid, Action: "entry.update", ObjectType: "entry", ObjectID: entryID, Summary: "<b>Title</b>"},
		{UserID: &uid, Action: "media.frobnicate", ObjectType: "media", ObjectID: 7},
	} {
		if err := e.Store.Audit(ctx, a); err != nil {
			t.Fatal(err)
		}
	}

	d := admin.Page("/admin/audit", http.StatusOK)
	if d.Find(`.admin-nav a[aria-current=page]`).AttrOr("href", "") != "/admin/audit" {
		t.Error("audit is not the current section")
	}
	rows := d.Find("table.audit tbody tr[data-action]")
	var actions []string
	rows.Each(func(_ int, s *goquery.Selection) { actions = append(actions, s.AttrOr("data-action", "")) })
	want := []string{"media.frobnicate", "entry.update", "user.reset_password", "user.enable", "user.disable", "user.role", "user.create"}
	if len(actions) < len(want) || strings.Join(actions[:len(want)], " ") != strings.Join(want, " ") {
		t.Fatalf("newest first: %v", actions)
	}
	first := rows.Eq(0)
	if got := first.Find("td.action").Text(); got != "media.frobnicate" {
		t.Errorf("unnamed action shown as %q", got)
	}
	entryRow := rows.Eq(1)
	if entryRow.Find("td.action").Text() != "Entry saved" ||
		entryRow.Find(`td.object a[href="/admin/entries/`+strconv.FormatInt(entryID, 10)+`"]`).Length() != 1 {
		t.Errorf("entry row %q", entryRow.Text())
	}
	if !strings.Contains(entryRow.Text(), "<b>Title</b>") || entryRow.Find("b").Length() != 0 {
		t.Error("summary not escaped")
	}
	disable := rows.Eq(4)
	if disable.Find("td.action").Text() != "User disabled" ||
		disable.Find(`td.object a[href="`+userPath(v.ID)+`"]`).Length() != 1 ||
		!strings.Contains(disable.Text(), "admin@example.org") || !strings.Contains(disable.Text(), "192.0.2.10") ||
		disable.Find("time").Length() != 1 {
		t.Errorf("disable row %q", disable.Text())
	}
	// No form on the page changes the log.
	if d.Find(`main form[method=post]`).Length() != 0 {
		t.Error("the audit page has a form that posts")
	}

	// By user: only that user's lines, and the select shows the choice.
	d = admin.Page("/admin/audit?user="+strconv.FormatInt(v.ID, 10), http.StatusOK)
	rows = d.Find("table.audit tbody tr[data-action]")
	if rows.Length() == 0 {
		t.Fatal("no lines of the victim (their login)")
	}
	rows.Each(func(_ int, s *goquery.Selection) {
		if s.AttrOr("data-user", "") != strconv.FormatInt(v.ID, 10) {
			t.Errorf("user filter let through %q", s.Text())
		}
	})
	if d.Find(`select[name=user] option[selected]`).AttrOr("value", "") != strconv.FormatInt(v.ID, 10) {
		t.Error("user filter not selected")
	}
	// By object: every change to the victim's account, by whoever.
	d = admin.Page("/admin/audit?type=user&object="+strconv.FormatInt(v.ID, 10), http.StatusOK)
	rows = d.Find("table.audit tbody tr[data-action]")
	got := map[string]bool{}
	rows.Each(func(_ int, s *goquery.Selection) {
		got[s.AttrOr("data-action", "")] = true
		if s.AttrOr("data-object", "") != "user:"+strconv.FormatInt(v.ID, 10) {
			t.Errorf("object filter let through %q", s.Text())
		}
	})
	for _, a := range []string{"user.create", "user.login", "user.role", "user.disable", "user.enable", "user.reset_password"} {
		if !got[a] {
			t.Errorf("object filter lost %s: %v", a, got)
		}
	}
	d = admin.Page("/admin/audit?type=entry&user=", http.StatusOK)
	if n := d.Find("table.audit tbody tr[data-action]").Length(); n != 1 {
		t.Errorf("type filter: %d lines", n)
	}

	// An action's lines alone, from its cell's link.
	href := d.Find(`td.action a`).First().AttrOr("href", "")
	d = admin.Page(href, http.StatusOK)
	kinds := map[string]bool{}
	d.Find("table.audit tbody tr[data-action]").Each(func(_ int, s *goquery.Selection) { kinds[s.AttrOr("data-action", "")] = true })
	if len(kinds) != 1 || !strings.Contains(href, "action=") {
		t.Errorf("%s: actions %v", href, kinds)
	}

	// Bad filters are 400s, never 500s.
	for _, q := range []string{"user=abc", "user=-1", "user=0", "user=99999999999999999999", "type=bogus",
		"object=5", "type=entry&object=x", "type=entry&object=0", "action=DROP%20TABLE", "before=x"} {
		if res := admin.Get("/admin/audit?" + q); res.StatusCode != http.StatusBadRequest {
			t.Errorf("?%s: %d", q, res.StatusCode)
		}
	}

	// In Russian, with the localized names.
	e.Store.SetUserLang(ctx, me.ID, "ru")
	d = admin.Page("/admin/audit?type=user&object="+strconv.FormatInt(v.ID, 10), http.StatusOK)
	if !strings.Contains(d.Find("td.action").Text(), "Отключение пользователя") {
		t.Errorf("ru actions: %q", d.Find("td.action").Text())
	}
}

func TestAuditLogAppendOnly(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	e.Login("admin@example.org", "admin")
	ctx := context.Background()
	var before int
	if err := e.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log`).Scan(&before); err != nil || before == 0 {
		t.Fatalf("%d lines, %v", before, err)
	}
	for _, sql := range []string{
		`UPDATE audit_log SET summary = 'rewritten'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
	} {
		if _, err := e.Pool.Exec(ctx, sql); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", sql, err)
		}
	}
	var after int
	e.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE summary <> 'rewritten'`).Scan(&after)
	if after != before {
		t.Errorf("%d lines before, %d untouched after", before, after)
	}
}

// TestAuditLogPages: no line is out of reach — past the newest 200,
// "Older" pages on, with the filter kept.
func TestAuditLogPages(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, _ := e.Login("chief@example.org", store.RoleAdmin)
	if _, err := e.Pool.Exec(t.Context(), `INSERT INTO audit_log (action, object_type, summary)
		SELECT 'user.login', 'user', 'line ' || n FROM generate_series(1, 250) n`); err != nil {
		t.Fatal(err)
	}
	total := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'user.login'`)
	seen := 0
	page := "/admin/audit?action=user.login"
	for i := 0; page != "" && i < 5; i++ {
		d := admin.Page(page, http.StatusOK)
		rows := d.Find("table.audit tbody tr[data-action]")
		rows.Each(func(_ int, s *goquery.Selection) {
			if s.AttrOr("data-action", "") != "user.login" {
				t.Errorf("%s: a %s line", page, s.AttrOr("data-action", ""))
			}
		})
		seen += rows.Length()
		page = d.Find(`.pager a[rel=next]`).AttrOr("href", "")
		if page != "" && !strings.Contains(page, "action=user.login") {
			t.Errorf("the next page lost the filter: %s", page)
		}
	}
	if seen != total {
		t.Errorf("%d lines reached of %d", seen, total)
	}
}

// TestAdminCorrectsAddress: an address mistyped at creation, or a name
// that changed, is corrected on the account's page; a taken or malformed
// address is refused with what was typed kept; the user then logs in
// with the new address.
func TestAdminCorrectsAddress(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, _ := e.Login("chief@example.org", store.RoleAdmin)
	u := e.User("a@b", store.RoleEditor)
	e.User("taken@example.org", store.RoleEditor)
	page := userPath(u.ID)
	for _, tt := range []struct{ email, want string }{
		{"Taken@Example.org", "Another user"},
		{"not an address", "not an e-mail address"},
	} {
		res := admin.Post(page+"/identity", url.Values{"email": {tt.email}, "name": {"Aleksandr"}})
		d := sitetest.ParseDoc(t, res)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Find("#identity .field-error").Text(), tt.want) ||
			d.Find(`#identity input[name=email]`).AttrOr("value", "") != tt.email || d.Find(`#identity input[name=name]`).AttrOr("value", "") != "Aleksandr" {
			t.Errorf("%q: %d %q", tt.email, res.StatusCode, d.Find("#identity .field-error").Text())
		}
	}
	if res := admin.Post(page+"/identity", url.Values{"email": {"aleksandr@example.org"}, "name": {"Aleksandr"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correct: %d", res.StatusCode)
	}
	if got := admin.Page(page, http.StatusOK).Find("dd.email").Text(); got != "aleksandr@example.org" {
		t.Errorf("address now %q", got)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'user.identity' AND object_id = $1 AND summary = 'a@b → aleksandr@example.org'`, u.ID); n != 1 {
		t.Errorf("%d audit lines", n)
	}
	if res := e.Client().Post("/admin/login", url.Values{"email": {"aleksandr@example.org"}, "password": {sitetest.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the corrected address: %d", res.StatusCode)
	}
}

// TestAuditSummariesInWords: the audit log's summaries come in the
// reader's language — a role, a file's size, a language's changes — not
// as the codes they were written with.
func TestAuditSummariesInWords(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, me := e.Login("chief@example.org", store.RoleAdmin)
	if res := admin.Post("/admin/users/new", url.Values{"email": {"tr@example.org"}, "role": {"translator"}, "lang": {"en"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("create: %d", res.StatusCode)
	}
	sitetest.Uploaded(admin, "chart.png", sitetest.PNG(t, 40, 30, 8))
	admin.TurnLanguage("tk", true)
	if err := e.Store.SetUserLang(t.Context(), me.ID, "ru"); err != nil {
		t.Fatal(err)
	}
	d := admin.Page("/admin/audit", http.StatusOK)
	summary := func(action string) string {
		return d.Find(`tr[data-action="` + action + `"] td`).Eq(4).Text()
	}
	for action, want := range map[string]string{
		"user.create":     "tr@example.org (Переводчик)",
		"media.upload":    "chart.png (PNG, 1 КБ)",
		"language.update": "tk: включён",
	} {
		if got := summary(action); got != want {
			t.Errorf("%s: %q, want %q", action, got, want)
		}
	}
}

// TestDisplayName: a user sets their name on their account page, and the
// admin names them by it where it says who did something: the header,
// another editor's "also has this entry open", the revisions, a review's
// "submitted by", the dashboard, the audit log (the address in the
// link's title). Someone without a name is named by their address. A
// name with a control character or a text-reversing mark, or too long, is
// refused with what was typed kept; an admin's change on the user's page
// follows the same rule.
func TestDisplayName(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, me := e.Login("anna@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	boss, _ := e.Login("chief@example.org", store.RoleAdmin)

	other, _ := e.Login("other@example.org", store.RoleEditor)
	if res := other.Post("/admin/account/name", url.Values{"name": {"Chief Editor"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another editor's name: %d", res.StatusCode)
	}
	for _, tc := range []struct{ typed, want string }{
		{"Anna\u202eavorteP", "control characters"},
		{"Anna\x07", "control characters"},
		{"An\u200bna", "invisible characters"},
		{strings.Repeat("Анна ", 41), "too long"},
		{"chief@example.org", "cannot contain “@”"},
		{"chief editor", "Another account has this name"}, // passing for the other
	} {
		res := ed.Post("/admin/account/name", url.Values{"name": {tc.typed}})
		d := sitetest.ParseDoc(t, res)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Find("#name .field-error").Text(), tc.want) ||
			d.Find(`#name input[name=name]`).AttrOr("value", "") != tc.typed {
			t.Errorf("name %q: %d %q", tc.typed, res.StatusCode, d.Find("#name .field-error").Text())
		}
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM users WHERE id = $1 AND name = ''`, me.ID); n != 1 {
		t.Error("a refused name was stored")
	}
	if res := ed.Post("/admin/account/name", url.Values{"name": {"  Anna \t Petrova\n"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("name: %d", res.StatusCode)
	}
	d := ed.Page("/admin/account", http.StatusOK)
	if v := d.Find(`#name input[name=name]`).AttrOr("value", ""); v != "Anna Petrova" || !strings.Contains(d.Find(".flash").Text(), "name was saved") {
		t.Errorf("after saving: the field says %q, the page %q", v, d.Find(".flash").Text())
	}
	if got := d.Find(`.admin-user a[href="/admin/account"]`).Text(); got != "Anna Petrova" {
		t.Errorf("the header names her %q", got)
	}
	if res := tr.Post("/admin/account/name", url.Values{"name": {"Тамара Ивлева"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("translator's name: %d", res.StatusCode)
	}

	// Anna writes a story; the translator submits its Russian; Anna has
	// it open when the admin opens it.
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Исправленный перевод.")
	if res := tr.Post(path, withAction(f, "submit")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	ed.Page(path, http.StatusOK)
	d = boss.Page(path, http.StatusOK)
	if got := d.Find("[data-presence]").Text(); !strings.Contains(got, "Anna Petrova also has this entry open") {
		t.Errorf("presence: %q", got)
	}
	if got := d.Find("#lang-ru [data-review]").Text(); !strings.Contains(got, "Submitted for review by Тамара Ивлева") {
		t.Errorf("review: %q", got)
	}
	if got := boss.Page("/admin/", http.StatusOK).Find(`.reviews li[data-review="` + strconv.FormatInt(id, 10) + `-ru"]`).Text(); !strings.Contains(got, "Тамара Ивлева") {
		t.Errorf("the dashboard's review: %q", got)
	}
	// The admin saves too: without a name, named by the address.
	f = sitetest.FormOf(boss.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Hotline trainers meet again in Mary")
	if res := boss.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin's save: %d", res.StatusCode)
	}
	revs := boss.Page(path+"/revisions", http.StatusOK).Find("tbody").Text()
	if !strings.Contains(revs, "Anna Petrova") || !strings.Contains(revs, "chief@example.org") || strings.Contains(revs, "anna@example.org") {
		t.Errorf("revisions: %q", revs)
	}
	if got := boss.Page(path+"/revisions/1", http.StatusOK).Find(".hint").First().Text(); !strings.Contains(got, "Anna Petrova") {
		t.Errorf("a revision: %q", got)
	}
	audit := boss.Page("/admin/audit", http.StatusOK)
	who := audit.Find(`tr[data-action="entry.create"] td a[href^="/admin/audit?user="]`)
	if who.Text() != "Anna Petrova" || who.AttrOr("title", "") != "anna@example.org" {
		t.Errorf("the audit log names her %q (%q)", who.Text(), who.AttrOr("title", ""))
	}
	if audit.Find(`select[name=user] option[value="`+strconv.FormatInt(me.ID, 10)+`"]`).Text() != "Anna Petrova" {
		t.Error("the audit log's filter does not name her")
	}

	// The admin corrects her name on her page, under the same rule.
	page := userPath(me.ID)
	res := boss.Post(page+"/identity", url.Values{"email": {"anna@example.org"}, "name": {"Anna\u200fPetrova"}})
	if d := sitetest.ParseDoc(t, res); res.StatusCode != http.StatusUnprocessableEntity || d.Find("#identity .field-error").Text() == "" ||
		d.Find(`#identity input[name=name]`).AttrOr("value", "") != "Anna\u200fPetrova" {
		t.Errorf("a name with a direction mark: %d", res.StatusCode)
	}
	if res := boss.Post(page+"/identity", url.Values{"email": {"anna@example.org"}, "name": {"Anna  Petrova-Ivanova "}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("identity: %d", res.StatusCode)
	}
	if got := boss.Page("/admin/users", http.StatusOK).Find(`tr[data-user="` + strconv.FormatInt(me.ID, 10) + `"]`).Text(); !strings.Contains(got, "Anna Petrova-Ivanova") {
		t.Errorf("users list: %q", got)
	}
}
