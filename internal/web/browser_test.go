package web_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/poll"
	"vestnik/internal/sitetest"
)

// liveEnv serves the real server on a loopback port, with BASE_URL set to
// it, for the browser.
func liveEnv(t *testing.T, opts ...sitetest.Options) (*sitetest.Env, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	var o sitetest.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o.BaseURL = base
	e := sitetest.NewWith(t, o)
	ts := httptest.NewUnstartedServer(e.Srv)
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	return e, base
}

// cspWatch records every Content-Security-Policy violation of every page
// the tab loads, in window.__csp.
const cspWatch = `window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`

// run performs steps one by one. A step that found a node of the page
// before the one now loaded (chromedp learns of a new document by an event
// that a busy machine may deliver late) failed before it acted: it is
// tried again until a generous deadline.
func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for _, step := range steps {
		var err error
		poll.Until(time.Minute, func() bool {
			err = chromedp.Do(ctx, step)
			return err == nil || !staleNode(err)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// scriptsRan waits until the page's scripts have run: they are deferred,
// and run before the document is complete. Keys sent before are kept as
// well (TestBrowserTypedBeforeScriptIsKept), but most steps that follow
// need what the scripts set up (shortcuts, toolbars, pickers, listeners).
var scriptsRan = chromedp.Poll[chromedp.Void](`document.readyState === "complete"`,
	chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(time.Minute)) // not on animation frames: a tab in the background has none

func staleNode(err error) bool {
	for _, s := range []string{"No node with given id", "Could not find node with given id", "Node is detached from document", "Cannot find context with specified id"} {
		if strings.Contains(err.Error(), s) {
			return true
		}
	}
	return false
}

// localCopy is a script's expression for the newest copy the entry form
// at action keeps in the browser (admin.js: one per page), as stored (a
// JSON string), or null when there is none.
func localCopy(action string) string {
	return `(() => {
		const a = "vestnik.draft:` + action + `";
		const ks = Object.keys(localStorage).filter(k => k === a || k.startsWith(a + "#"));
		const cs = ks.map(k => localStorage.getItem(k)).sort((x, y) => JSON.parse(y).at - JSON.parse(x).at);
		return cs.length ? cs[0] : null;
	})()`
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestBrowserPublic: in headless Chromium the public pages raise no CSP
// violation, and the language switcher leads to the same page in Russian.
func TestBrowserPublic(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	ctx := browser.New(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatal(err)
	}
	for _, p := range append(e.PublicPaths("en"), e.PublicPaths("ru")...) {
		run(t, ctx, chromedp.Navigate(base+p))
		if v := eval[[]string](t, ctx, "window.__csp"); len(v) != 0 {
			t.Errorf("%s: CSP violations %v", p, v)
		}
		if css := eval[bool](t, ctx, "document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 10"); !css {
			t.Errorf("%s: stylesheet not applied", p)
		}
	}
	news := e.PublicPaths("en")[3]
	run(t, ctx, chromedp.Navigate(base+news), chromedp.Click(chromedp.CSS(`.langs a[hreflang="ru"]`)), chromedp.WaitVisible(chromedp.CSS("h1")))
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if lang := eval[string](t, ctx, "document.documentElement.lang"); lang != "ru" || !strings.HasPrefix(loc, base+"/ru/news/") {
		t.Errorf("after the switcher: %s, lang %q", loc, lang)
	}
	// The choice is remembered: "/" now leads to Russian.
	run(t, ctx, chromedp.Navigate(base+"/"))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != base+"/ru/" {
		t.Errorf("/ after choosing Russian: %s", loc)
	}
	_ = http.StatusOK
}

// login logs a user in through the login form and waits for the dashboard.
func login(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(base+"/admin/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), email),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), sitetest.Password),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)),
	)
	waitJS(t, ctx, "the dashboard", `location.pathname === "/admin/"`)
}
