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

// stillGuarded is true when leaving the page would warn: the editor's
// beforeunload handler cancels the event.
const stillGuarded = `(() => { const e = new Event("beforeunload", {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; })()`

// TestBrowserNoToConfirmKeepsGuard: in the entry editor, answering no to
// a button's question ("Put the live text back?") sends nothing, and the
// page still holds what was typed as unsaved: leaving warns, and no save
// is taken as under way (its mark would let the next saved page drop the
// local copy of this text).
func TestBrowserNoToConfirmKeepsGuard(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	c, _ := e.Login("ed@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	edit := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(c.Page(edit, http.StatusOK), "#entry-form")
	f.Set("body.en", "A change not yet on the site.")
	f.Set("action", "save")
	if res := c.Post(edit, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the working copy: %d", res.StatusCode)
	}

	ctx := browser.New(t)
	login(t, ctx, base, "ed@example.org")
	run(t, ctx, chromedp.Navigate(base+edit), chromedp.WaitVisible(chromedp.CSS(`input[name="title.ru"]`)), scriptsRan)
	waitJS(t, ctx, "questions answered no by the test", `(window.asked = [],
		window.confirm = function (q) { window.asked.push(q); return false; }, true)`)
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name="title.ru"]`), " (typed, not saved)"),
		chromedp.Click(chromedp.CSS(`#lang-en .pending-changes button[value="discard.en"]`)),
	)
	waitJS(t, ctx, "asked, and nothing sent", `window.asked.length === 1 && location.pathname === "`+edit+`" &&
		document.querySelector('input[name="title.ru"]').value.includes("(typed, not saved)")`)
	if !eval[bool](t, ctx, stillGuarded) {
		t.Error("after answering no, leaving the page no longer warns of the typed text")
	}
	if v := eval[string](t, ctx, `sessionStorage.getItem("vestnik.saving") || ""`); v != "" {
		t.Errorf("after answering no, a save is taken as under way: %q", v)
	}
}
