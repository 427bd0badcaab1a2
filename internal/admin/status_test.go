package admin_test

import (
	"net/http"
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
