package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
)

// TestPreviewDoesNotPurge: the live preview (posted as an editor types)
// and the presence heartbeat leave the public page cache alone; a save
// empties it.
func TestPreviewDoesNotPurge(t *testing.T) {
	t.Parallel()
	e := sitetest.NewWith(t, sitetest.Options{Cache: pagecache.New(8 << 20)})
	c, _ := e.Login("typist@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	gen := e.Cache.Generation()
	for range 3 {
		form := sitetest.NewsForm("draft")
		form.Set("body.en", "Typing…")
		if res := c.Post("/admin/preview?lang=en", url.Values(form)); res.StatusCode != http.StatusOK {
			t.Fatalf("preview: %d", res.StatusCode)
		}
		if res := c.Post(path+"/presence", url.Values{"version": {"1"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("presence: %d", res.StatusCode)
		}
	}
	if got := e.Cache.Generation(); got != gen {
		t.Errorf("preview or presence purged the cache: generation %d → %d", gen, got)
	}
	form := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	form.Set("title.en", "Saved for real")
	form.Set("action", "save")
	if res := c.Post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if e.Cache.Generation() == gen {
		t.Error("a save did not purge the cache")
	}
}
