package web_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestBrowserPresenceTellsNewSaves: an editor who opens an entry after
// another's save is told the other has it open, not that they saved it
// (the form shows that save); when the other saves again while the form
// is open, the page's next word to the server (the tab shown again, or
// the minute's) brings the warning onto the page.
func TestBrowserPresenceTellsNewSaves(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("first@example.org", store.RoleEditor)
	other, _ := e.Login("second@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, other, "news", sitetest.NewsForm("draft"))
	edit := "/admin/entries/" + strconv.FormatInt(id, 10)
	save := func(title string) {
		t.Helper()
		form := sitetest.FormOf(other.Page(edit, http.StatusOK), "#entry-form")
		form.Set("title.en", title)
		form.Set("action", "save")
		if res := other.Post(edit, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the other editor's save: %d", res.StatusCode)
		}
	}
	save("Saved before the page opened")

	ctx := browser.New(t)
	login(t, ctx, base, "first@example.org")
	run(t, ctx, chromedp.Navigate(base+edit), chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)), scriptsRan)
	const box = `document.querySelector("[data-presence]")`
	waitJS(t, ctx, "told the other has it open, not of the save it shows", `document.readyState === "complete" &&
		document.querySelector('input[name="title.en"]').value === "Saved before the page opened" &&
		!`+box+`.hidden && `+box+`.textContent.includes("second@example.org also has this entry open") &&
		!`+box+`.textContent.includes("saved it")`)

	save("Saved while the page is open")
	waitJS(t, ctx, "the tab shown again", `document.dispatchEvent(new Event("visibilitychange")) || true`)
	waitJS(t, ctx, "told of the new save", `!`+box+`.hidden && `+box+`.querySelectorAll("p").length === 1 &&
		`+box+`.textContent.includes("second@example.org saved it") &&
		document.querySelector('input[name="title.en"]').value === "Saved before the page opened"`)
}
