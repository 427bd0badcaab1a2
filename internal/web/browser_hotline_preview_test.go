package web_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/content"
	"vestnik/internal/store"
)

// TestBrowserHotlineAdviceAsPreviewed: a photo and the numbers' list
// ({{hotlines}}) typed into the hotline page's text show in the live
// preview, and, once published, on the hotline page as previewed — not
// as the raw tokens "⟦figure:N⟧" and "{{hotlines}}".
func TestBrowserHotlineAdviceAsPreviewed(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	var id, photo int64
	if err := e.Pool.QueryRow(t.Context(), `SELECT id FROM entries WHERE system_key = $1`, content.SystemKeyHotline).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := e.Pool.QueryRow(t.Context(), `SELECT id FROM media WHERE width > 0 ORDER BY id LIMIT 1`).Scan(&photo); err != nil {
		t.Fatal(err)
	}
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")
	run(t, ctx,
		chromedp.Navigate(base+"/admin/entries/"+strconv.FormatInt(id, 10)),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name="body.en"]`)), scriptsRan,
		chromedp.Evaluate[chromedp.Void](`(() => { const ta = document.querySelector('textarea[name="body.en"]');
			ta.focus(); ta.setSelectionRange(ta.value.length, ta.value.length); })()`),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "\n\n![The office](media:"+strconv.FormatInt(photo, 10)+")\n\nCall us:\n\n{{hotlines}}\n"),
	)
	const shows = `(d => !!d && !!d.querySelector(".advice figure.image img, .body figure.image img") &&
		d.querySelectorAll("a[href^='tel:']").length >= 2 && !d.body.innerHTML.includes("{{hotlines}}") && !d.body.innerHTML.includes("⟦"))`
	waitJS(t, ctx, "the photo and the numbers in the live preview", shows+`(document.getElementById("preview-en").contentDocument)`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=publish]`)))
	waitJS(t, ctx, "published", `document.readyState === "complete" && !!document.querySelector(".flash")`)

	page := e.Doc("/en/hotline", http.StatusOK)
	html, _ := page.Find(".advice").Html()
	if page.Find(".advice figure.image img").Length() != 1 {
		t.Errorf("the photo the preview showed is not on the hotline page:\n%s", html)
	}
	if page.Find(".advice a[href^='tel:']").Length() < 2 {
		t.Errorf("the numbers the preview listed are not in the hotline page's text:\n%s", html)
	}
}
