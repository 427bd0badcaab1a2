package admin_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// TestPresence: an editor opening an entry another editor has open is
// told who; nobody is told about themselves; the page's heartbeat keeps
// the mark fresh; logging out takes it away.
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
	// Anna's save is in the form Boris opens after it: not news to him.
	got := b.Page(path, http.StatusOK).Find("[data-presence]").Text()
	if !strings.Contains(got, "anna@example.org also has this entry open") || strings.Contains(got, "saved it") {
		t.Errorf("Boris is told %q", got)
	}
	if res := b.Post("/admin/entries/99999/presence", url.Values{"version": {"1"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("presence on no entry: %d, want 404", res.StatusCode)
	}
	for _, v := range []string{"", "x", "-1"} {
		if res := b.Post(path+"/presence", url.Values{"version": {v}}); res.StatusCode != http.StatusBadRequest {
			t.Errorf("heartbeat with version %q: %d, want 400", v, res.StatusCode)
		}
	}
	if others := ping(t, b, path, 1); len(others) != 1 || !strings.Contains(others[0], "anna@example.org also has this entry open") {
		t.Errorf("heartbeat answered %q", others)
	}
	if got := a.Page(path, http.StatusOK).Find("[data-presence]").Text(); !strings.Contains(got, "boris@example.org also has this entry open") {
		t.Errorf("Anna is told %q", got)
	}
	// Logged out: no longer mentioned, at once.
	if res := a.Post("/admin/logout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if got := b.Page(path, http.StatusOK).Find("[data-presence]").Text(); strings.Contains(got, "anna@example.org also has this entry open") {
		t.Errorf("Anna logged out, and Boris is told %q", got)
	}
	// Gone for longer than the window: no longer mentioned.
	if _, err := e.Pool.Exec(t.Context(), `UPDATE entry_presence SET seen_at = now() - interval '1 hour'`); err != nil {
		t.Fatal(err)
	}
	if got := b.Page(path, http.StatusOK).Find("[data-presence]").Text(); got != "" {
		t.Errorf("an old visit still mentioned: %q", got)
	}
}

// TestPresenceSavedSinceLoaded: a page is told of another user's save
// only when it came after the version the page holds — opening the entry
// after the save shows it, and says nothing of it; a save while the page
// is open is told on the page's next word, however long ago it was made,
// until the page holds it.
func TestPresenceSavedSinceLoaded(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("anna@example.org", "editor")
	b, _ := e.Login("boris@example.org", "editor")
	id := sitetest.CreateEntry(t, b, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)

	// Boris saves, then Anna opens the form: it holds his save.
	save := func(title string) {
		t.Helper()
		f := sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
		f.Set("title.en", title)
		f.Set("action", "save")
		if res := b.Post(path, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("Boris's save: %d", res.StatusCode)
		}
	}
	save("Boris saved this first")
	page := a.Page(path, http.StatusOK)
	got := page.Find("[data-presence]").Text()
	if !strings.Contains(got, "boris@example.org also has this entry open") || strings.Contains(got, "saved it") {
		t.Errorf("opened after Boris's save, Anna is told %q", got)
	}
	if _, hidden := page.Find("[data-presence]").Attr("hidden"); hidden {
		t.Error("the presence line is hidden")
	}
	loaded, err := strconv.Atoi(sitetest.Attr(page.Find(`#entry-form input[name=version]`), "value"))
	if err != nil {
		t.Fatal(err)
	}
	if others := ping(t, a, path, loaded); len(others) != 1 || strings.Contains(others[0], "saved it") {
		t.Errorf("nothing saved since the page opened, yet its heartbeat is told %q", others)
	}

	// Boris saves while Anna has the form open: her next word is told.
	save("Boris saved this again")
	if others := ping(t, a, path, loaded); len(others) != 1 || !strings.Contains(others[0], "boris@example.org saved it") {
		t.Errorf("after Boris's save, Anna's heartbeat is told %q", others)
	}
	// Long after (and long gone), the page is still behind his save.
	if _, err := e.Pool.Exec(t.Context(), `UPDATE entry_presence SET seen_at = now() - interval '1 hour';
		UPDATE revisions SET created_at = created_at - interval '1 hour'`); err != nil {
		t.Fatal(err)
	}
	if others := ping(t, a, path, loaded); len(others) != 1 || !strings.Contains(others[0], "boris@example.org saved it") || strings.Contains(others[0], "open") {
		t.Errorf("an hour after Boris's save, Anna's page is told %q", others)
	}
	// Reloaded, the page holds it: nothing to tell.
	if got := a.Page(path, http.StatusOK).Find("[data-presence]").Text(); got != "" {
		t.Errorf("reloaded, Anna is told %q", got)
	}
}

// ping posts the editor page's heartbeat holding version and returns
// what the page is to tell.
func ping(t *testing.T, c *sitetest.Client, path string, version int) []string {
	t.Helper()
	res := c.Post(path+"/presence", url.Values{"version": {strconv.Itoa(version)}}, "Accept", "application/json")
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("heartbeat: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var body struct {
		Others []string `json:"others"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Others == nil {
		t.Fatal("heartbeat: no list of others")
	}
	return body.Others
}
