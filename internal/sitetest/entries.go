package sitetest

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// NewsForm is a complete edit form for a bilingual news item.
func NewsForm(status string) url.Values {
	return url.Values{
		"kind":       {"news"},
		"version":    {"0"},
		"status.en":  {status},
		"status.ru":  {status},
		"title.en":   {"Hotline trainers meet in Mary"},
		"slug.en":    {""},
		"summary.en": {"Consultants of the hotline shared their experience."},
		"body.en":    {"First paragraph.\r\n\r\n**Bold** second paragraph."},
		"title.ru":   {"Консультанты горячей линии встретились в Мары"},
		"slug.ru":    {""},
		"summary.ru": {"Консультанты горячей линии обменялись опытом."},
		"body.ru":    {"Первый абзац.\r\n\r\nВторой абзац со *словом*."},
	}
}

// SetEach sets a per-language field ("status", "publish_at") to v in
// both languages of the form.
func SetEach(form url.Values, field, v string) {
	form.Set(field+".en", v)
	form.Set(field+".ru", v)
}

// CreateEntry saves a new entry of kind through the admin's form and
// returns its ID.
func CreateEntry(t testing.TB, c *Client, kind string, form url.Values) int64 {
	t.Helper()
	res := c.Post("/admin/entries/new?kind="+kind, form)
	if res.StatusCode != http.StatusSeeOther {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("create %s: %d\n%.3000s", kind, res.StatusCode, body)
	}
	loc := res.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/admin/entries/"), 10, 64)
	if err != nil {
		t.Fatalf("location %q", loc)
	}
	return id
}

// EntryAction posts one of an entry page's actions (unpublish, publish,
// trash, restore) as its button does: with the version the page shows in
// its danger zone or trash notice. The test fails unless it redirects.
func EntryAction(t testing.TB, c *Client, path, action string) {
	t.Helper()
	version := c.Page(path, http.StatusOK).Find(`.danger-zone input[name=version], .trash-notice input[name=version]`).First().AttrOr("value", "")
	Expect(t, action, c.Post(path+"/"+action, url.Values{"version": {version}}), http.StatusSeeOther)
}
