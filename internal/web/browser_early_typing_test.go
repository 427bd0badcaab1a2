package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/store"
)

// TestBrowserTypedBeforeScriptIsKept: text typed into the editor before
// its deferred script ran (a fast typist on a slow line) is a change like
// any other: it is kept in the browser without another keystroke, leaving
// warns, and the slug follows the title; on another admin form, leaving
// warns too. The script is held back on its
// way (Chromium's Fetch domain) while the test types, then let go.
func TestBrowserTypedBeforeScriptIsKept(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")

	held := holdAdminScript(t, ctx, base+"/admin/entries/new?kind=news")
	waitJS(t, ctx, "the form parsed, its script not run", `document.readyState === "interactive" &&
		!!document.querySelector('textarea[name="body.en"]') && document.querySelector(".md-toolbar").hidden`)
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), "Typed before the script"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "Early words."),
	)
	if !eval[bool](t, ctx, `document.readyState === "interactive" && document.querySelector(".md-toolbar").hidden &&
		document.querySelector('textarea[name="body.en"]').value === "Early words."`) {
		t.Fatal("the keys were not typed before the script ran")
	}
	letGo(t, ctx, held)
	if !eval[bool](t, ctx, leaveWarns) {
		t.Error("leaving the page does not warn of the text typed before the script ran")
	}
	waitJS(t, ctx, "a local copy without another keystroke", `(() => {
		const p = new URLSearchParams(JSON.parse(`+localCopy("/admin/entries/new?kind=news")+` || "{}").fields || "");
		return p.get("title.en") === "Typed before the script" && p.get("body.en") === "Early words.";
	})()`)
	waitJS(t, ctx, "the slug follows the title typed before", `document.querySelector('input[name="slug.en"]').value === "typed-before-the-script"`)

	// Other admin forms too: leaving warns of what was typed early. (In
	// another tab: this one would ask before it leaves.)
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	run(t, tab, chromedp.Navigate("about:blank")) // a new tab whose first page is held waits chromedp's evaluations out
	held = holdAdminScript(t, tab, base+"/admin/hotlines/new")
	waitJS(t, tab, "the hotline form parsed, its script not run", `document.readyState === "interactive" && !!document.querySelector('input[name="label.en"]')`)
	run(t, tab, chromedp.SendKeys(chromedp.CSS(`input[name="label.en"]`), "Typed early"))
	letGo(t, tab, held)
	if !eval[bool](t, tab, leaveWarns) {
		t.Error("leaving the hotline form does not warn of the text typed before the script ran")
	}
}

// leaveWarns says whether the page's scripts would have the browser ask
// before leaving (a beforeunload listener cancels the event).
const leaveWarns = `(() => {
	const ev = new Event("beforeunload", {cancelable: true});
	window.dispatchEvent(ev);
	return ev.defaultPrevented;
})()`

// letGo lets the held admin.js through, and waits until it has run.
func letGo(t *testing.T, ctx context.Context, held fetch.RequestID) {
	t.Helper()
	run(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: held}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, fetch.Disable, cdp.Empty{})
		return err
	}), scriptsRan)
}

// holdAdminScript opens url in the tab with the request for admin.js held
// back (the cache off, so that the request is made), and returns the held
// request for the test to let go (fetch.ContinueRequest).
func holdAdminScript(t *testing.T, ctx context.Context, url string) fetch.RequestID {
	t.Helper()
	sub, stop := context.WithCancel(ctx)
	defer stop()
	paused := chromedp.Events(sub, fetch.RequestPaused)
	run(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{
			Patterns: []*fetch.RequestPattern{{URLPattern: "*/static/admin.*.js"}},
		}); err != nil {
			return err
		}
		// Page.navigate itself: chromedp.Navigate waits for the load,
		// which the held script holds back.
		_, err := cdp.Call(ctx, tg, page.Navigate, page.NavigateParams{URL: url})
		return err
	}))
	for ev, err := range paused {
		if err != nil {
			t.Fatalf("waiting for admin.js to be requested: %v", err)
		}
		return ev.RequestID
	}
	t.Fatal("admin.js was never requested")
	return ""
}
