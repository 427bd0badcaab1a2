package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// TestImportedOriginalIsRevision1: every demo (imported) entry has its
// original as revision 1; saving its form unchanged writes nothing; the
// original can be restored after an edit.
func TestImportedOriginalIsRevision1(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	if n := sitetest.Count(e, `SELECT count(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE r.entry_id = e.id AND r.version = 1)`); n != 0 {
		t.Errorf("%d imported entries without revision 1", n)
	}
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.Count(e, `SELECT e.id FROM entries e JOIN newsletter_issues n ON n.entry_id = e.id ORDER BY e.id LIMIT 1`)
	path := "/admin/entries/" + strconv.Itoa(id)
	c.Post(path, sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form"))
	if got := c.Page(path, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "Nothing to save") {
		t.Errorf("an unchanged save of an imported issue: %q", got)
	}
	d := c.Page(path+"/revisions", http.StatusOK)
	if !strings.Contains(d.Find("tbody").Text(), "the original, as imported") {
		t.Errorf("revision 1 is not marked as the original: %q", d.Find("tbody").Text())
	}
}
