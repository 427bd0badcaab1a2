package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// TestPresence: an editor opening an entry another editor has open is
// told who, and that they saved it lately; nobody is told about
// themselves; the page's heartbeat keeps the mark fresh.
func TestPresence(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("anna@example.org", "editor")
	b, _ := e.Login("boris@example.org", "editor")
	id := sitetest.CreateEntry(t, a, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	if got := a.Page(path, http.StatusOK).Find("[data-presence]").Text(); got != "" {
		t.Errorf("told about nobody else, or about herself: %q", got)
	}
	got := b.Page(path, http.StatusOK).Find("[data-presence]").Text()
	if !strings.Contains(got, "anna@example.org also has this entry open") || !strings.Contains(got, "anna@example.org saved it") {
		t.Errorf("Boris is told %q", got)
	}
	if res := b.Post("/admin/entries/99999/presence", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("presence on no entry: %d, want 404", res.StatusCode)
	}
	if res := b.Post(path+"/presence", url.Values{}); res.StatusCode != http.StatusNoContent {
		t.Errorf("heartbeat: %d", res.StatusCode)
	}
	if got := a.Page(path, http.StatusOK).Find("[data-presence]").Text(); !strings.Contains(got, "boris@example.org also has this entry open") {
		t.Errorf("Anna is told %q", got)
	}
	// Gone for longer than the window: no longer mentioned.
	if _, err := e.Pool.Exec(t.Context(), `UPDATE entry_presence SET seen_at = now() - interval '1 hour'; UPDATE revisions SET created_at = now() - interval '1 hour'`); err != nil {
		t.Fatal(err)
	}
	if got := b.Page(path, http.StatusOK).Find("[data-presence]").Text(); got != "" {
		t.Errorf("an old visit still mentioned: %q", got)
	}
}
