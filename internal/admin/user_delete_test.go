package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestUserDelete: a disabled account is deleted once its address is typed
// to confirm; what it did stays, credited to no account, and the audit log
// names it as a deleted account. An enabled account, or a wrong address,
// is refused with the typed text kept and nothing deleted.
func TestUserDelete(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	admin, _ := e.Login("admin@example.org", "admin")
	gone, g := e.Login("gone@example.org", "editor")
	entry := sitetest.CreateEntry(t, gone, "news", sitetest.NewsForm("published"))
	if _, ok := loginAs(e, "gone@example.org", "wrong password", "192.0.2.40:1"); ok {
		t.Fatal("a wrong password logged in")
	}
	if _, err := e.Pool.Exec(ctx, `INSERT INTO mail_queue (kind, priority, to_addr, lang, review_entry_id, review_lang, review_event)
		VALUES ('review', 0, 'gone@example.org', 'en', $1, 'ru', 'submitted')`, entry); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Pool.Exec(ctx, `INSERT INTO mail_outbox (message_id, to_addr, subject, text_body, html_body, raw)
		VALUES ('<m@x>', 'Gone@example.org', 'For review', '', '', '')`); err != nil {
		t.Fatal(err)
	}
	del := func(typed string) *http.Response {
		return admin.Post(userPath(g.ID, "delete"), url.Values{"confirm_email": {typed}})
	}

	// Enabled: refused, with the reason beside the form.
	res := del("gone@example.org")
	d := sitetest.Expect(t, "delete an enabled account", res, http.StatusConflict)
	if !strings.Contains(d.Find("#access .field-error").Text(), "disable it first") {
		t.Errorf("refusal: %q", d.Find("#access").Text())
	}
	if _, err := e.Store.UserByID(ctx, g.ID); err != nil {
		t.Fatalf("an enabled account was deleted: %v", err)
	}

	if res := admin.Post(userPath(g.ID, "disable"), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	d = admin.Page(userPath(g.ID), http.StatusOK)
	if d.Find(`form[action="`+userPath(g.ID, "delete")+`"] input[name=confirm_email]`).Length() != 1 {
		t.Fatal("a disabled account's page offers no delete")
	}
	// A wrong address: refused, what was typed kept.
	d = sitetest.Expect(t, "delete with another address", del("someone@example.org"), http.StatusUnprocessableEntity)
	if v, _ := d.Find(`input[name=confirm_email]`).Attr("value"); v != "someone@example.org" ||
		!strings.Contains(d.Find("#access .field-error").Text(), "Nothing was deleted") {
		t.Errorf("wrong address: value %q, error %q", v, d.Find("#access .field-error").Text())
	}
	if _, err := e.Store.UserByID(ctx, g.ID); err != nil {
		t.Fatalf("deleted on a wrong address: %v", err)
	}

	// The address, in other case: deleted.
	res = del(" GONE@example.org ")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users" {
		t.Fatalf("delete: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	d = admin.Page("/admin/users", http.StatusOK)
	if !strings.Contains(d.Find(".flash").Text(), "gone@example.org was deleted") || strings.Contains(d.Find("table").Text(), "gone@example.org") {
		t.Errorf("users page: flash %q", d.Find(".flash").Text())
	}
	if _, err := e.Store.UserByID(ctx, g.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the account is still there: %v", err)
	}
	for what, n := range map[string]int{
		"failed logins":        sitetest.Count(e, `SELECT count(*) FROM login_failures WHERE email = 'gone@example.org'`),
		"review notices to it": sitetest.Count(e, `SELECT count(*) FROM mail_queue WHERE to_addr = 'gone@example.org'`),
		"outbox copies":        sitetest.Count(e, `SELECT count(*) FROM mail_outbox WHERE lower(to_addr) = 'gone@example.org'`),
	} {
		if n != 0 {
			t.Errorf("%s left: %d", what, n)
		}
	}
	// Its work stays, credited to no one.
	if n := sitetest.Count(e, `SELECT count(*) FROM entries WHERE id = $1 AND author_id IS NULL`, entry); n != 1 {
		t.Error("the entry went with its author, or still names them")
	}
	admin.Page("/admin/entries/"+strconv.FormatInt(entry, 10), http.StatusOK)
	admin.Page("/admin/entries/"+strconv.FormatInt(entry, 10)+"/revisions", http.StatusOK)

	// The audit log: its own lines as a deleted account's, and the
	// deletion with the address it had.
	d = admin.Page("/admin/audit?user="+strconv.FormatInt(g.ID, 10), http.StatusOK)
	if !strings.Contains(d.Find("table").Text(), "Deleted account #"+strconv.FormatInt(g.ID, 10)) {
		t.Errorf("the deleted account's lines: %q", d.Find("table").Text())
	}
	// The lines about it no longer link to its page.
	d = admin.Page("/admin/audit?type=user&object="+strconv.FormatInt(g.ID, 10), http.StatusOK)
	if d.Find(`a[href="`+userPath(g.ID)+`"]`).Length() != 0 || d.Find(`tr[data-action="user.delete"]`).Length() != 1 {
		t.Errorf("the deleted account's audit lines: %q", d.Find("table").Text())
	}
	lines, err := e.Store.AuditLog(ctx, store.AuditFilter{ObjectType: "user", ObjectID: g.ID})
	if err != nil || countActions(lines, "user.delete") != 1 || lines[0].Summary != "gone@example.org" {
		t.Errorf("audit of the deletion: %v %+v", err, lines)
	}
	// A second delete finds nothing.
	if res := del("gone@example.org"); res.StatusCode != http.StatusNotFound {
		t.Errorf("delete again: %d", res.StatusCode)
	}
}

// TestUserDeleteRussian: the refusals read in the admin's language.
func TestUserDeleteRussian(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	admin, a := e.Login("admin@example.org", "admin")
	if err := e.Store.SetUserLang(context.Background(), a.ID, "ru"); err != nil {
		t.Fatal(err)
	}
	_, g := e.Login("gone@example.org", "editor")
	d := sitetest.Expect(t, "delete an enabled account", admin.Post(userPath(g.ID, "delete"), url.Values{"confirm_email": {"gone@example.org"}}),
		http.StatusConflict)
	if got := d.Find("#access .field-error").Text(); !strings.Contains(got, "сначала отключите") {
		t.Errorf("refusal in Russian: %q", got)
	}
}
