package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestTranslatorLanguageTakenWhileEditing: an admin takes Russian from a
// translator (here through another instance) while the translator types
// in it. Their save dropped the Russian silently and said "Nothing to
// save", and the browser's copy of the form went with that message: the
// text was lost. Now the save is refused, saying why, with the typed
// text still in the form; nothing is stored.
func TestTranslatorLanguageTakenWhileEditing(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	other := sitetest.NewWith(t, sitetest.Options{Pool: e.Pool})
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	c, u := translator(t, e)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")

	admin, _ := other.Login("admin@example.org", store.RoleAdmin)
	if res := admin.Post("/admin/users/"+strconv.FormatInt(u.ID, 10)+"/languages", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("taking the languages: %d", res.StatusCode)
	}
	const typed = "Текст, набранный переводчиком"
	f.Set("body.ru", typed)
	res := c.Post(path, withAction(f, "save"))
	if res.StatusCode == http.StatusSeeOther {
		t.Fatalf("the save of a language no longer theirs reported done (%s)", c.Page(path, http.StatusOK).Find(".flash").Text())
	}
	d := sitetest.Expect(t, "save of a language taken away", res, http.StatusForbidden)
	if got := d.Find(`textarea[name="body.ru"]`).Text(); !strings.Contains(got, typed) {
		t.Errorf("the typed text is not in the form: %q", got)
	}
	if d.Find(".form-error").Length() == 0 {
		t.Error("the form does not say why nothing was saved")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND body_md LIKE '%переводчиком%'`, id); n != 0 {
		t.Error("the text was saved")
	}
}
