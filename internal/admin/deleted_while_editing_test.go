package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestEntryDeletedWhileEditing: another editor (here on another
// instance) trashes an entry and deletes it for good while an editor
// types in it. The editor's save answered "Page not found" and what they
// typed was gone. Now it shows their text again in the form of a new
// entry of that kind, saying why; saving that makes the entry anew.
func TestEntryDeletedWhileEditing(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	other := sitetest.NewWith(t, sitetest.Options{Pool: e.Pool})
	c, _ := e.Login("anna@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")

	b, _ := other.Login("boris@example.org", store.RoleEditor)
	for _, step := range []string{"/trash", "/delete"} {
		if res := b.Post(path+step, nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", step, res.StatusCode)
		}
	}
	const typed = "A paragraph typed while the entry was deleted."
	f.Set("body.en", typed)
	d := sitetest.Expect(t, "save of a deleted entry", c.Post(path, withAction(f, "save")), http.StatusGone)
	form := d.Find("#entry-form")
	if got := form.Find(`textarea[name="body.en"]`).Text(); !strings.Contains(got, typed) {
		t.Fatalf("the typed text is not in the form: %q", got)
	}
	if d.Find(".form-error").Length() == 0 {
		t.Error("the form does not say what happened")
	}
	action := sitetest.Attr(form, "action")
	if action != "/admin/entries/new?kind=news" {
		t.Fatalf("the form saves to %q, want a new entry", action)
	}
	res := c.Post(action, withAction(sitetest.FormOf(d, "#entry-form"), "save"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving it anew: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE body_md LIKE '%typed while the entry was deleted%'`); n != 1 {
		t.Errorf("%d texts saved anew, want 1", n)
	}
}
