package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"vestnik/internal/browser"
	"vestnik/internal/demo"
	"vestnik/internal/poll"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// waitJS waits until a JavaScript expression is true, across page loads
// (a click may start one while the expression is being evaluated).
func waitJS(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	var last error
	if poll.Until(time.Minute, func() bool {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		last = err
		return err == nil && ok
	}) {
		return
	}
	html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("body")))
	t.Fatalf("%s: %v\n%.3000s", what, last, html)
}

// TestBrowserEditorFlow drives Debian's headless Chromium through an
// editor's day: log in, write a news item in both languages with the live
// preview, publish it, read it on the public site and switch to Russian,
// upload a PDF and attach it to a newsletter issue, log out.
func TestBrowserEditorFlow(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	ctx := browser.New(t)

	// Log in.
	run(t, ctx,
		chromedp.Navigate(base+"/admin/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "editor@example.org"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), sitetest.Password),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)),
	)
	waitJS(t, ctx, "dashboard", `location.pathname === "/admin/" && !!document.querySelector("table.board")`)

	// A news item in both languages, with the live preview.
	run(t, ctx,
		chromedp.Navigate(base+"/admin/entries/new?kind=news"),
		chromedp.WaitVisible(chromedp.CSS(`.md-toolbar`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), "Browser test: hotline week"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="summary.en"]`), "A week of calls."),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "Consultants answered **many** calls."),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.ru"]`), "Браузерный тест: неделя горячей линии"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body.ru"]`), "Консультанты ответили на *многие* звонки."),
	)
	waitJS(t, ctx, "slug suggested from the Russian title", `document.querySelector('input[name="slug.ru"]').value === "brauzernyy-test-nedelya-goryachey-linii"`)
	waitJS(t, ctx, "live preview", `(document.getElementById("preview-en").srcdoc || "").includes("<strong>many</strong>")`)
	waitJS(t, ctx, "Russian live preview", `(document.getElementById("preview-ru").srcdoc || "").includes("<em>многие</em>")`)
	// Saved as a draft first, by Enter in the title (not a preview in a
	// new tab): not public.
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), kb.Enter))
	waitJS(t, ctx, "saved by Enter", `document.readyState === "complete" && !!document.querySelector(".flash") && /^\/admin\/entries\/\d+$/.test(location.pathname)`)
	if r := e.Get("/en/news/browser-test-hotline-week"); r.StatusCode != 404 {
		t.Fatalf("draft public: %d", r.StatusCode)
	}
	// Publish, saving with Ctrl+S.
	run(t, ctx,
		chromedp.SetValue(chromedp.CSS(`select[name="status.en"]`), "published"),
		chromedp.SetValue(chromedp.CSS(`select[name="status.ru"]`), "published"),
		chromedp.Focus(chromedp.CSS(`textarea[name="body.en"]`)),
		chromedp.KeyEvent("s", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
	)
	waitJS(t, ctx, "published", `!!document.querySelector(".flash") && !!document.querySelector("form[action$='/unpublish']")`)

	// On the public site, in English, then Russian through the switcher.
	run(t, ctx, chromedp.Navigate(base+"/en/news/browser-test-hotline-week"))
	if h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); h1 != "Browser test: hotline week" {
		t.Fatalf("public h1 %q", h1)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS(`.langs a[hreflang="ru"]`)))
	waitJS(t, ctx, "Russian page", `document.documentElement.lang === "ru" && document.querySelector("h1").textContent === "Браузерный тест: неделя горячей линии"`)

	// Upload a PDF to the media library.
	pdf := filepath.Join(t.TempDir(), "december-edition-en.pdf")
	if err := os.WriteFile(pdf, demo.PDF("Browser test edition", []string{"uploaded by the browser test"}), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx,
		chromedp.Navigate(base+"/admin/media"),
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file][name=file]`), []string{pdf}),
		chromedp.Submit(chromedp.CSS(`input[type=file][name=file]`)),
	)
	waitJS(t, ctx, "uploaded", `!!document.querySelector(".flash") && document.querySelector("h1").textContent.includes("december-edition-en.pdf")`)
	files, err := e.Store.MediaList(context.Background(), store.MediaFilter{Query: "december-edition-en", Limit: 5})
	if err != nil || len(files) != 1 {
		t.Fatalf("uploaded file: %v %v", files, err)
	}

	// Attach it to the December 2011 issue as the English edition.
	issue, err := e.Store.LatestNewsletter(context.Background(), "en")
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx,
		chromedp.Navigate(base+"/admin/entries/"+strconv.FormatInt(issue.ID, 10)),
		chromedp.SetValue(chromedp.CSS(`select[name="edition.en"]`), strconv.FormatInt(files[0].ID, 10)),
		chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)),
	)
	waitJS(t, ctx, "issue saved", `!!document.querySelector(".flash")`)
	run(t, ctx, chromedp.Navigate(base+"/en/newsletters/"+issue.Slug))
	waitJS(t, ctx, "new edition on the public page", `[...document.querySelectorAll(".editions a.pdf")].some(a => a.href.includes("`+files[0].SHA256+`"))`)

	// Log out: the admin is closed again.
	run(t, ctx, chromedp.Navigate(base+"/admin/"), chromedp.Click(chromedp.CSS(`.admin-user button[type=submit]`)))
	waitJS(t, ctx, "logged out", `location.pathname === "/admin/login"`)
	run(t, ctx, chromedp.Navigate(base+"/admin/"))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/admin/login") {
		t.Errorf("after logout /admin/ is %s", loc)
	}
}
