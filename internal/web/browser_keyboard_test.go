package web_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"vestnik/internal/browser"
	"vestnik/internal/store"
)

// TestBrowserEditorByKeyboardAndPhone: the first Tab stop is a skip link
// to the content; the preview frames are out of the Tab order; the live
// preview scrolls past the site's header to the article, and can be seen at a
// phone's width; at 390 pixels the editor does not scroll sideways; and a
// table that does at 320 pixels can be scrolled by keyboard.
func TestBrowserEditorByKeyboardAndPhone(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")
	run(t, ctx,
		chromedp.Navigate(base+"/admin/entries/new?kind=news"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)), scriptsRan,
		chromedp.KeyEvent(kb.Tab),
	)
	waitJS(t, ctx, "the skip link first", `document.activeElement && document.activeElement.classList.contains("skip")`)
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "A paragraph to preview."))
	waitJS(t, ctx, "previews out of the Tab order", `[...document.querySelectorAll("iframe.live-preview")].every(f => f.tabIndex === -1)`)
	waitJS(t, ctx, "the preview shows the article", `(() => { const f = document.getElementById("preview-en");
		const h = f.contentDocument && f.contentDocument.querySelector("main h1");
		return !!h && (f.contentDocument.body.innerText || "").includes("A paragraph to preview.") && f.contentWindow.scrollY > 0 &&
		h.getBoundingClientRect().top >= 0 && h.getBoundingClientRect().bottom < f.clientHeight; })()`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`#lang-en .preview-width`)))
	waitJS(t, ctx, "a phone's width", `Math.abs(document.getElementById("preview-en").getBoundingClientRect().width - 390) < 2`)

	// A phone (another tab: this one holds unsaved text).
	phone, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	run(t, phone, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/admin/entries/new?kind=news"))
	waitJS(t, phone, "no sideways scrolling at 390 px", `document.readyState === "complete" && document.documentElement.scrollWidth <= window.innerWidth + 1`)
	// A live entry's Save bar stays one row at the bottom, not a fifth of
	// the screen.
	var live int64
	if err := e.Pool.QueryRow(t.Context(), `SELECT id FROM entries WHERE status = 'published' AND kind = 'news' ORDER BY id LIMIT 1`).Scan(&live); err != nil {
		t.Fatal(err)
	}
	run(t, phone, chromedp.Navigate(base+"/admin/entries/"+strconv.FormatInt(live, 10)))
	waitJS(t, phone, "a one-row Save bar at 390 px", `document.readyState === "complete" &&
		!!document.querySelector(".form-actions button[value=publish]") &&
		document.querySelector(".form-actions").getBoundingClientRect().height <= 0.1 * window.innerHeight`)
	// The newsletter archive: an issue's title is a link, not a shaded box
	// over its month (the table of contents' rule was joined to it).
	run(t, phone, chromedp.Navigate(base+"/en/newsletters/"))
	waitJS(t, phone, "issue titles as plain links", `document.readyState === "complete" &&
		!!document.querySelector(".issues li a:not(.pdf):not(.cover)") &&
		[...document.querySelectorAll(".issues li a:not(.pdf):not(.cover)")].every(a =>
			getComputedStyle(a).backgroundColor === "rgba(0, 0, 0, 0)" && getComputedStyle(a).paddingLeft === "0px")`)
	// A table that scrolls sideways by itself (the dashboard's subscriber
	// counts, with no link to Tab to) can be scrolled by keyboard: it
	// takes the focus while it overflows.
	run(t, phone, chromedp.EmulateViewport(320, 700), chromedp.Navigate(base+"/admin/"))
	waitJS(t, phone, "overflowing tables in the Tab order at 320 px", `document.readyState === "complete" && !!document.querySelector("table.counts") &&
		document.querySelector("table.counts").scrollWidth > document.querySelector("table.counts").clientWidth &&
		[...document.querySelectorAll("table.list, table.board, .panel table")].every(t => t.scrollWidth <= t.clientWidth + 1 || t.tabIndex === 0)`)
	run(t, phone, chromedp.EmulateViewport(390, 844))
	// Nor does a file's page, with its long address and SHA-256.
	var photo int64
	if err := e.Pool.QueryRow(t.Context(), `SELECT id FROM media ORDER BY id LIMIT 1`).Scan(&photo); err != nil {
		t.Fatal(err)
	}
	run(t, phone, chromedp.Navigate(base+"/admin/media/"+strconv.FormatInt(photo, 10)))
	waitJS(t, phone, "a file's page without sideways scrolling at 390 px", `document.readyState === "complete" && !!document.querySelector(".facts") &&
		document.documentElement.scrollWidth <= window.innerWidth + 1`)
}
