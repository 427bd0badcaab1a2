package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/sitetest"
)

// TestStatusLine: the edit page's header says what a reader would see:
// Draft, Scheduled for <date and time in words, in the site's zone>, or
// Published; in Russian too.
func TestStatusLine(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, u := e.Login("ed@example.org", "editor")
	form := sitetest.NewsForm("scheduled")
	when := time.Now().Add(72 * time.Hour).UTC() // the test site's zone
	sitetest.SetEach(form, "publish_at", when.Format("2006-01-02T15:04"))
	id := sitetest.CreateEntry(t, c, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	line := func() string { return strings.TrimSpace(c.Page(path, http.StatusOK).Find(".status-line").Text()) }
	if got := line(); !strings.HasPrefix(got, "Scheduled for ") || !strings.Contains(got, when.Format("15:04")) ||
		!strings.Contains(got, strconv.Itoa(when.Day())) {
		t.Errorf("scheduled: %q (for %v)", got, when)
	}
	if _, err := e.Pool.Exec(t.Context(), `UPDATE users SET lang = 'ru' WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	if got := line(); !strings.HasPrefix(got, "Запланировано на ") {
		t.Errorf("scheduled, in Russian: %q", got)
	}
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translations SET published_at = now() - interval '1 minute' WHERE entry_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if got := line(); got != "Опубликовано" {
		t.Errorf("published, in Russian: %q", got)
	}
}

// TestSavedSaysWhatIsLiveAlready: a plain save of a live entry holds its
// texts' changes back, and says so; a change to the lead image is live at
// once, and the message says that too. An issue's articles' texts are
// held back with its texts; which articles it has is live at once, and
// said.
func TestSavedSaysWhatIsLiveAlready(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("shared@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	save := func(edit func(url.Values)) string {
		t.Helper()
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		edit(f)
		if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		return c.Page(path, http.StatusOK).Find(".flash").Text()
	}
	if got := save(func(f url.Values) { f.Set("summary.en", "A new summary, held back.") }); !strings.HasPrefix(got, "Saved as unpublished changes") || strings.Contains(got, "lead image") {
		t.Errorf("a text change: %q", got)
	}
	photo := sitetest.Uploaded(c, "lead.png", sitetest.PNG(t, 4, 3, 8))
	if res := c.Post("/admin/media/"+strconv.FormatInt(photo, 10), url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"Lead"}, "alt.ru": {"Главное"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe: %d", res.StatusCode)
	}
	got := save(func(f url.Values) {
		f.Set("summary.en", "Another summary, held back.")
		f.Set("lead_image", strconv.FormatInt(photo, 10))
	})
	if !strings.Contains(got, "The lead image is not held back") {
		t.Errorf("a lead image change: %q", got)
	}
	// The issue of the demo, saved with a text change only.
	issue, err := e.Store.LatestNewsletter(t.Context(), "en")
	if err != nil {
		t.Fatal(err)
	}
	path = "/admin/entries/" + strconv.FormatInt(issue.ID, 10)
	if got := save(func(f url.Values) { f.Set("summary.en", "An issue summary, held back.") }); strings.Contains(got, "lead image") {
		t.Errorf("an issue's text change: %q", got)
	}
	if got := save(func(f url.Values) {
		f.Set("summary.en", "An issue summary, held back again.")
		f.Set("article.0.title.en", "An article retitled")
	}); !strings.HasPrefix(got, "Saved as unpublished changes") || strings.Contains(got, "not held back") {
		t.Errorf("an article change: %q", got)
	}
	// An article's text alone changed, no working copy waiting: held
	// back all the same.
	save(func(f url.Values) { f.Set("action", "publish") })
	if got := save(func(f url.Values) { f.Set("article.0.title.en", "An article retitled again") }); !strings.HasPrefix(got, "Saved as unpublished changes") || strings.Contains(got, "not held back") {
		t.Errorf("an article change alone: %q", got)
	}
	// An article taken out of the issue is: the message says so.
	if got := save(func(f url.Values) { f.Set("article.1.remove", "1") }); !strings.Contains(got, "which articles the issue has, in what order, are not held back") {
		t.Errorf("an article removed: %q", got)
	}
}
