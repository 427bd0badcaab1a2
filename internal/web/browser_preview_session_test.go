package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
)

// TestBrowserPreviewSaysSessionEnded: when the session ends, the live
// preview (refused with a 401) says so below itself in the admin's
// language — the text is kept, log in again in another tab — instead of
// going quiet; logged in again, the next edit previews and the note goes.
func TestBrowserPreviewSaysSessionEnded(t *testing.T) {
	t.Parallel()
	e, base, edit := draftEntry(t)
	if _, err := e.Pool.Exec(context.Background(), `UPDATE users SET lang = 'ru' WHERE email = 'editor@example.org'`); err != nil {
		t.Fatal(err)
	}
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")
	run(t, ctx, chromedp.Navigate(base+edit), chromedp.WaitVisible(chromedp.CSS(`textarea[name="body.en"]`)), scriptsRan)
	waitJS(t, ctx, "the live preview", `(document.getElementById("preview-en").srcdoc || "").includes("<strong>Bold</strong>")`)
	if !eval[bool](t, ctx, `document.querySelector('[data-preview-ended="en"]').hidden`) {
		t.Fatal("the session-ended note shows while the session lasts")
	}

	if _, err := e.Pool.Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "Typed after the session ended. "))
	waitJS(t, ctx, "the note, in Russian, with a login link for another tab", `(() => {
		const p = document.querySelector('[data-preview-ended="en"]');
		const a = p.querySelector('a[href="/admin/login"][target="_blank"]');
		return !p.hidden && p.offsetParent !== null && p.textContent.includes("Сеанс завершился") && p.textContent.includes("другой вкладке") && !!a;
	})()`)
	if !eval[bool](t, ctx, `document.querySelector('textarea[name="body.en"]').value.startsWith("Typed after the session ended. ") &&
		(document.getElementById("preview-en").srcdoc || "").includes("<strong>Bold</strong>")`) {
		t.Error("the text or the last preview was not kept")
	}

	// Logged in again in another tab, the next keystroke previews again.
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	login(t, tab, base, "editor@example.org")
	cancel()
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "More. "))
	waitJS(t, ctx, "previewed again, the note gone", `document.querySelector('[data-preview-ended="en"]').hidden &&
		(document.getElementById("preview-en").srcdoc || "").includes("Typed after the session ended.")`)
}
