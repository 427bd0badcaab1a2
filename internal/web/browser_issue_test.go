package web_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/demo"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestBrowserIssueInOneForm: both PDF editions of a newsletter issue are
// uploaded from the issue form itself — the Russian one dropped on its
// box, the English one with the file button — chosen at once, and saved
// with the issue; the next issue's form lists each language's PDF first.
func TestBrowserIssueInOneForm(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")
	run(t, ctx, chromedp.Navigate(base+"/admin/entries/new?kind=newsletter"))
	waitJS(t, ctx, "an upload box per language", `!document.querySelector('[data-edition="ru"] [data-edition-upload]').hidden`)

	// The Russian PDF, dropped on its box.
	ru := base64.StdEncoding.EncodeToString(demo.PDF("Бюллетень", []string{"русское издание"}))
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const bytes = Uint8Array.from(atob("`+ru+`"), c => c.charCodeAt(0));
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], "bulletin-2012-03-ru.pdf", {type: "application/pdf"}));
		document.querySelector('[data-edition="ru"] [data-edition-upload]').dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
	})()`))
	waitJS(t, ctx, "the dropped PDF chosen", `(() => { const s = document.querySelector('select[name="edition.ru"]');
		return s.value !== "" && s.selectedOptions[0].textContent.startsWith("bulletin-2012-03-ru.pdf"); })()`)

	// The English one with the file button.
	file := filepath.Join(t.TempDir(), "bulletin-2012-03-en.pdf")
	if err := os.WriteFile(file, demo.PDF("Newsletter", []string{"English edition"}), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.SetUploadFiles(`[data-edition="en"] input[type=file]`, []string{file}))
	waitJS(t, ctx, "the uploaded PDF chosen", `(() => { const s = document.querySelector('select[name="edition.en"]');
		return s.value !== "" && s.selectedOptions[0].textContent.startsWith("bulletin-2012-03-en.pdf"); })()`)

	run(t, ctx,
		chromedp.SetValue(chromedp.CSS(`input[name=period]`), "2012-03"),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), "Newsletter March 2012"),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.ru"]`), "Бюллетень, март 2012"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)),
	)
	waitJS(t, ctx, "saved", `/^\/admin\/entries\/\d+$/.test(location.pathname) && !!document.querySelector(".flash")`)
	if n := sitetest.Count(e, `SELECT count(*) FROM newsletter_editions ed JOIN media m ON m.id = ed.media_id
		WHERE (ed.lang = 'ru' AND m.filename = 'bulletin-2012-03-ru.pdf') OR (ed.lang = 'en' AND m.filename = 'bulletin-2012-03-en.pdf')`); n != 2 {
		t.Errorf("%d editions saved with the issue", n)
	}
	// The next issue: each language's own PDF first.
	run(t, ctx, chromedp.Navigate(base+"/admin/entries/new?kind=newsletter"))
	waitJS(t, ctx, "each language's PDFs first", `document.querySelector('select[name="edition.ru"]').options[1].textContent.startsWith("bulletin-2012-03-ru.pdf") &&
		document.querySelector('select[name="edition.en"]').options[1].textContent.startsWith("bulletin-2012-03-en.pdf")`)
}
