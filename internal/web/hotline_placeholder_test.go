package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// TestHotlinesPlaceholder: {{hotlines}} on a line of its own in a text
// shows the numbers as "Hotline numbers" has them, in the page's
// language; a change there reaches the text at once; preview shows it.
func TestHotlinesPlaceholder(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	about := func(lang string) string {
		it, err := e.Store.ItemByKey(t.Context(), lang, "about")
		if err != nil {
			t.Fatal(err)
		}
		return "/" + lang + "/" + it.Slug
	}
	list := func(path string) string {
		return e.Doc(path, http.StatusOK).Find("main .body ul.hotline-list").Text()
	}
	if got := list(about("en")); !strings.Contains(got, "+993 12 46-35-14") || !strings.Contains(got, "Ashgabat") || !strings.Contains(got, "Mon–Fri, 9:00–18:00") {
		t.Errorf("English about page: %q", got)
	}
	if got := list(about("ru")); !strings.Contains(got, "Ашхабад") || !strings.Contains(got, "Пн–Пт") {
		t.Errorf("Russian about page: %q", got)
	}
	// The home page's box lists them too (rendered once per content
	// generation: it follows the edit below).
	home := func(lang string) string {
		return e.Doc("/"+lang+"/", http.StatusOK).Find(".hotline-box .numbers").Text()
	}
	if got := home("en"); !strings.Contains(got, "+993 12 46-35-14") || !strings.Contains(got, "Mon–Fri, 9:00–18:00") {
		t.Errorf("English home page: %q", got)
	}
	if got := home("ru"); !strings.Contains(got, "Ашхабад") || !strings.Contains(got, "Пн–Пт") {
		t.Errorf("Russian home page: %q", got)
	}
	if strings.Contains(e.Doc(about("en"), http.StatusOK).Find("main").Text(), "{{hotlines}}") {
		t.Error("the placeholder shows as text")
	}
	// Search neither indexes nor shows it.
	if got := e.Doc("/en/search?q=hotlines", http.StatusOK).Find(".result .snippet").Text(); strings.Contains(got, "{{") {
		t.Errorf("a snippet shows the placeholder: %q", got)
	}
	c, _ := e.Login("ed@example.org", "editor")
	hf := sitetest.FormOf(c.Page("/admin/hotlines/1", http.StatusOK), "form.hotline-form")
	hf.Set("hours.en", "Every day, 8:00–20:00")
	if res := c.Post("/admin/hotlines/1", hf); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hotline: %d", res.StatusCode)
	}
	if got := list(about("en")); !strings.Contains(got, "Every day, 8:00–20:00") {
		t.Errorf("the text did not follow the hotline's hours: %q", got)
	}
	if got := home("en"); !strings.Contains(got, "Every day, 8:00–20:00") {
		t.Errorf("the home page did not follow the hotline's hours: %q", got)
	}
	if got := home("ru"); !strings.Contains(got, "Пн–Пт") {
		t.Errorf("Russian home page after the English hours changed: %q", got)
	}
	form := sitetest.NewsForm("draft")
	form.Set("body.en", "Call us:\n\n{{hotlines}}")
	d := sitetest.ParseDoc(t, c.Post("/admin/preview?lang=en", url.Values(form)))
	if got := d.Find(".body ul.hotline-list").Text(); !strings.Contains(got, "Every day, 8:00–20:00") {
		t.Errorf("preview: %q", got)
	}
}
