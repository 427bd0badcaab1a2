package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestBrowserNothingTypedIsLost: text typed into the editor is kept in the
// browser as it is typed; another tab (or the same one after a crash)
// offers to restore it; a save after the session expired asks for the
// password in place — a wrong one is refused, the right one logs in and
// the save completes — and the kept copy is then dropped.
func TestBrowserNothingTypedIsLost(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")
	const key = `"vestnik.draft:/admin/entries/new?kind=news"`
	run(t, ctx,
		chromedp.Navigate(base+"/admin/entries/new?kind=news"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), "Kept while typing"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "Nothing typed is lost."),
	)
	waitJS(t, ctx, "a local copy", `(localStorage.getItem(`+key+`) || "").includes("Nothing+typed+is+lost")`)

	// Another tab of the same browser: the copy is offered, and restored.
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	run(t, tab, chromedp.Navigate(base+"/admin/entries/new?kind=news"))
	waitJS(t, tab, "restore offered", `!document.querySelector("[data-autosave-notice]").hidden`)
	run(t, tab, chromedp.Click(chromedp.CSS(`[data-autosave-restore]`)))
	waitJS(t, tab, "restored", `document.querySelector('input[name="title.en"]').value === "Kept while typing" &&
		document.querySelector('textarea[name="body.en"]').value === "Nothing typed is lost." &&
		document.querySelector("[data-autosave-notice]").hidden`)

	// The session ends (idle timeout, password change elsewhere...).
	if _, err := e.Pool.Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	run(t, tab, chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)))
	waitJS(t, tab, "asked for the password in place", `document.getElementById("relogin").open && location.pathname === "/admin/entries/new"`)
	// Its label is not marked as wrong before anything was typed.
	const redLabel = `getComputedStyle(document.querySelector("#relogin input[name=password]").closest("label")).borderLeftStyle === "solid"`
	waitJS(t, tab, "a plain label while the message is hidden", `!(`+redLabel+`)`)
	run(t, tab,
		chromedp.SendKeys(chromedp.CSS(`#relogin input[name=password]`), "not the password"),
		chromedp.Click(chromedp.CSS(`[data-relogin-submit]`)),
	)
	waitJS(t, tab, "a wrong password refused", `!document.querySelector("[data-relogin-failed]").hidden && document.getElementById("relogin").open && `+redLabel)
	run(t, tab,
		chromedp.SendKeys(chromedp.CSS(`#relogin input[name=password]`), sitetest.Password),
		chromedp.Click(chromedp.CSS(`[data-relogin-submit]`)),
	)
	waitJS(t, tab, "saved after logging in again", `/^\/admin\/entries\/\d+$/.test(location.pathname) && !!document.querySelector(".flash")`)
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE title = 'Kept while typing' AND body_md = 'Nothing typed is lost.'`); n != 1 {
		t.Errorf("the save did not complete: %d", n)
	}
	waitJS(t, tab, "the local copy dropped once saved", `localStorage.getItem(`+key+`) === null`)
}
