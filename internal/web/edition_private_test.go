package web_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"vestnik/internal/content"
	"vestnik/internal/demo"
	"vestnik/internal/sitetest"
)

// TestScheduledIssuePDFIsPrivate: the PDF edition of an issue that is not
// published yet (scheduled, or a draft) answers 404 at its public address
// until the issue goes live; staff open it through the admin; a file of
// the library that is no issue's edition stays public.
func TestScheduledIssuePDFIsPrivate(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	issue, err := e.Store.LatestNewsletter(ctx, "en")
	if err != nil || issue.Edition == nil {
		t.Fatalf("demo issue: %v, edition %v", err, issue.Edition)
	}
	if n := sitetest.Count(e, `SELECT count(DISTINCT entry_id) FROM newsletter_editions WHERE media_id = $1`, issue.Edition.ID); n != 1 {
		t.Fatalf("the edition belongs to %d issues", n)
	}
	pdf := content.MediaPath(*issue.Edition)
	if r := e.Get(pdf); r.StatusCode != http.StatusOK {
		t.Fatalf("published issue's PDF: %d", r.StatusCode)
	}
	// Rescheduled for tomorrow: the PDF goes with the issue.
	if _, err := e.Pool.Exec(ctx, `UPDATE translations SET published_at = now() + interval '1 day' WHERE entry_id = $1`, issue.ID); err != nil {
		t.Fatal(err)
	}
	if r := e.Get(pdf); r.StatusCode != http.StatusNotFound {
		t.Errorf("scheduled issue's PDF: %d, want 404", r.StatusCode)
	}
	c, _ := e.Login("ed@example.org", "editor")
	file := "/admin/media/" + strconv.FormatInt(issue.Edition.ID, 10) + "/file"
	r := c.Get(file)
	if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" || r.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("staff copy: %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
	}
	if d := c.Page("/admin/media/"+strconv.FormatInt(issue.Edition.ID, 10), http.StatusOK); d.Find(".not-public").Length() != 1 {
		t.Error("the media page does not say the file is not public yet")
	}
	if r := e.Get(file); r.StatusCode == http.StatusOK {
		t.Error("the staff copy is open to strangers")
	}
	// Live again: public again.
	if _, err := e.Pool.Exec(ctx, `UPDATE translations SET published_at = now() - interval '1 minute' WHERE entry_id = $1`, issue.ID); err != nil {
		t.Fatal(err)
	}
	if r := e.Get(pdf); r.StatusCode != http.StatusOK {
		t.Errorf("published again: %d", r.StatusCode)
	}
	// A PDF of the library that is no issue's edition is public.
	id := sitetest.Uploaded(c, "leaflet.pdf", demo.PDF("Leaflet", []string{"Call before you travel."}))
	m, err := e.Store.MediaByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r := e.Get(content.MediaPath(m)); r.StatusCode != http.StatusOK {
		t.Errorf("library PDF: %d", r.StatusCode)
	}
}
