package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestTrashDeletePermanently: an entry in the trash can be deleted for
// good, asking first: it is gone with its texts and revisions, its
// address is free again, and the audit log names it. An entry out of the
// trash, or a page the site links to by role, is not deleted; "Empty the
// trash" deletes the rest.
func TestTrashDeletePermanently(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	flash := func() string { return c.Page("/admin/trash", http.StatusOK).Find(".flash").Text() }
	flash() // the save's

	var slug string
	if err := e.Pool.QueryRow(t.Context(), `SELECT slug FROM translations WHERE entry_id = $1 AND lang = 'en'`, id).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	// Not in the trash: not deleted.
	if res := c.Post(path+"/delete", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete out of the trash: %d", res.StatusCode)
	}
	if got := flash(); !strings.Contains(got, "no longer in the trash") || sitetest.Count(e, `SELECT count(*) FROM entries WHERE id = $1`, id) != 1 {
		t.Fatalf("an entry out of the trash was deleted, or not said: %q", got)
	}
	if res := c.Post(path+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	d := c.Page("/admin/trash", http.StatusOK)
	if d.Find(`form[action="`+path+`/delete"] button[data-confirm]`).Length() != 1 || d.Find(`form[action="/admin/trash/empty"] button[data-confirm]`).Length() != 1 {
		t.Fatal("the trash offers no delete or empty that asks first")
	}
	if !strings.Contains(d.Find(".hint").First().Text(), "deleted for good after 30 days") {
		t.Error("the trash does not say when it empties itself")
	}
	if res := c.Post(path+"/delete", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if got := flash(); got != "Deleted permanently." {
		t.Errorf("deleted: %q", got)
	}
	for _, q := range []string{`SELECT count(*) FROM entries WHERE id = $1`, `SELECT count(*) FROM translations WHERE entry_id = $1`,
		`SELECT count(*) FROM revisions WHERE entry_id = $1`} {
		if n := sitetest.Count(e, q, id); n != 0 {
			t.Errorf("%s: %d left", q, n)
		}
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'entry.delete' AND object_id = $1 AND summary <> ''`, id); n != 1 {
		t.Error("the audit log does not name the deleted entry")
	}
	if c.Get(path).StatusCode != http.StatusNotFound {
		t.Error("the deleted entry still opens")
	}
	// Its address is free: the same entry again takes the same slug.
	again := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	flash()
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND slug = $2`, again, slug); n != 1 {
		t.Error("the deleted entry's address was not freed")
	}

	// The hotline page, trashed: restorable, not deletable.
	var hotline int64
	if err := e.Pool.QueryRow(t.Context(), `SELECT id FROM entries WHERE system_key = 'hotline'`).Scan(&hotline); err != nil {
		t.Fatal(err)
	}
	hp := "/admin/entries/" + strconv.FormatInt(hotline, 10)
	for _, p := range []string{"/admin/entries/" + strconv.FormatInt(again, 10) + "/trash", hp + "/trash"} {
		if res := c.Post(p, url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
	}
	c.Post(hp+"/delete", url.Values{})
	if got := flash(); !strings.Contains(got, "links to this page by its role") {
		t.Errorf("the hotline page: %q", got)
	}
	// Emptied from the page as it was shown: an entry trashed after it
	// was loaded stays.
	empty := sitetest.FormOf(c.Page("/admin/trash", http.StatusOK), `form[action="/admin/trash/empty"]`)
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Trashed while the trash page was open")
	later := sitetest.CreateEntry(t, c, "news", form)
	if res := c.Post("/admin/entries/"+strconv.FormatInt(later, 10)+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	flash()
	if res := c.Post("/admin/trash/empty", empty); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("empty: %d", res.StatusCode)
	}
	if got := flash(); got != "Deleted 1 entry permanently." {
		t.Errorf("emptied: %q", got)
	}
	if sitetest.Count(e, `SELECT count(*) FROM entries WHERE deleted_at IS NOT NULL AND system_key IS NULL AND id <> $1`, later) != 0 ||
		sitetest.Count(e, `SELECT count(*) FROM entries WHERE id = $1`, hotline) != 1 ||
		sitetest.Count(e, `SELECT count(*) FROM entries WHERE id = $1`, later) != 1 {
		t.Error("the trash was not emptied, or the hotline page or an entry trashed since went with it")
	}
	if res := c.Post("/admin/trash/empty", url.Values{"until": {"yesterday"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad cutoff: %d", res.StatusCode)
	}
}

// TestTrashEmptiesItself: store.EmptyTrash deletes the entries trashed
// before its time and leaves those trashed since, each with an audit line.
func TestTrashEmptiesItself(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	old := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	form := sitetest.NewsForm("published")
	form.Set("slug.en", "") // left to the title: a free one
	form.Set("slug.ru", "")
	recent := sitetest.CreateEntry(t, c, "news", form)
	for _, id := range []int64{old, recent} {
		if res := c.Post("/admin/entries/"+strconv.FormatInt(id, 10)+"/trash", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("trash: %d", res.StatusCode)
		}
	}
	if _, err := e.Pool.Exec(t.Context(), `UPDATE entries SET deleted_at = now() - interval '31 days' WHERE id = $1`, old); err != nil {
		t.Fatal(err)
	}
	n, err := e.Store.EmptyTrash(t.Context(), time.Now().AddDate(0, 0, -30), store.AuditEntry{Action: "entry.delete_expired"})
	if err != nil || n != 1 {
		t.Fatalf("EmptyTrash: %d, %v", n, err)
	}
	if sitetest.Count(e, `SELECT count(*) FROM entries WHERE id = $1`, old) != 0 || sitetest.Count(e, `SELECT count(*) FROM entries WHERE id = $1`, recent) != 1 {
		t.Error("the wrong entries went")
	}
	if sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'entry.delete_expired' AND object_id = $1`, old) != 1 {
		t.Error("no audit line for the entry the trash deleted")
	}
}
