package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/store"
)

// TestBrowserRussianAdminMenuOneRow: the admin's menu, in Russian and
// with every item an admin has, stays on one row of a 1280-pixel screen.
func TestBrowserRussianAdminMenuOneRow(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	u := e.User("chief@example.org", store.RoleAdmin)
	if _, err := e.Pool.Exec(t.Context(), `UPDATE users SET lang = 'ru' WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	ctx := browser.New(t)
	run(t, ctx, chromedp.EmulateViewport(1280, 800))
	login(t, ctx, base, "chief@example.org")
	waitJS(t, ctx, "the Russian dashboard", `document.documentElement.lang === "ru"`)
	waitJS(t, ctx, "every menu item on one row", `(() => {
		const tops = [...document.querySelectorAll(".admin-nav a")].map(a => Math.round(a.getBoundingClientRect().top));
		return tops.length >= 10 && Math.max(...tops) === Math.min(...tops);
	})()`)
}
