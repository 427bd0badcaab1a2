package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"vestnik/internal/browser"
	"vestnik/internal/store"
)

// TestBrowserSlugFollowsAfterErrors: a new entry's form sent back with
// errors still has its slugs follow their titles (nothing is saved, so
// nothing is public): a typo mended in the title is mended in the slug.
// A slug typed by hand, or an entry's saved one, stays as it is.
func TestBrowserSlugFollowsAfterErrors(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("slugs@example.org", store.RoleEditor)
	ctx := browser.New(t)
	login(t, ctx, base, "slugs@example.org")
	// An English text without its title: sent back.
	run(t, ctx,
		chromedp.Navigate(base+"/admin/entries/new?kind=news"),
		chromedp.WaitVisible(chromedp.CSS(`.md-toolbar`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.ru"]`), "Опечатка в заголвке"),
		chromedp.SendKeys(chromedp.CSS(`input[name="slug.en"]`), "typed-by-hand"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "A text without its title."),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.ru"]`), kb.Enter),
	)
	waitJS(t, ctx, "sent back with its errors", `document.readyState === "complete" && !!document.querySelector("p.form-error") && document.querySelector('input[name="slug.ru"]').value === "opechatka-v-zagolvke"`)
	retitle := func(name, title string) {
		eval[bool](t, ctx, `(() => { const i = document.querySelector('input[name="`+name+`"]'); i.value = "`+title+`"; i.dispatchEvent(new Event("input")); return true })()`)
	}
	retitle("title.ru", "Опечатка в заголовке")
	waitJS(t, ctx, "the slug follows the mended title", `document.querySelector('input[name="slug.ru"]').value === "opechatka-v-zagolovke"`)
	retitle("title.en", "A title at last")
	if got := eval[string](t, ctx, `document.querySelector('input[name="slug.en"]').value`); got != "typed-by-hand" {
		t.Errorf("a slug typed by hand became %q", got)
	}
	// Saved, the slugs stay as they are.
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`input[name="title.ru"]`), kb.Enter))
	waitJS(t, ctx, "saved", `document.readyState === "complete" && !!document.querySelector(".flash") && /^\/admin\/entries\/\d+$/.test(location.pathname)`)
	retitle("title.ru", "Другой заголовок")
	if got := eval[string](t, ctx, `document.querySelector('input[name="slug.ru"]').value`); got != "opechatka-v-zagolovke" {
		t.Errorf("a saved slug followed the title: %q", got)
	}
}
