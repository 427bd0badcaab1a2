package web_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/store"
)

// TestBrowserEditionUploadAfterSessionEnds: a newsletter's PDF uploaded
// from the issue form after the session ended says so in the admin's
// language (Russian here) — not the browser's English error of reading the
// login page as JSON ("Unexpected token '<' … is not valid JSON").
func TestBrowserEditionUploadAfterSessionEnds(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	u := e.User("ed@example.org", store.RoleEditor)
	if _, err := e.Pool.Exec(t.Context(), `UPDATE users SET lang = 'ru' WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "issue.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browser.New(t)
	login(t, ctx, base, "ed@example.org")
	run(t, ctx, chromedp.Navigate(base+"/admin/entries/new?kind=newsletter"), chromedp.WaitVisible(chromedp.CSS(`input[name="title.ru"]`)), scriptsRan)
	if _, err := e.Pool.Exec(t.Context(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS(`[data-edition="ru"] [data-edition-file]`), []string{pdf}))
	const status = `document.querySelector('[data-edition="ru"] [data-edition-status]').textContent`
	waitJS(t, ctx, "an answer", status+` !== "" && `+status+` !== "Загрузка…"`)
	if s := eval[string](t, ctx, status); s != "Загрузить не удалось: сеанс завершён. Сохраните запись (набранный текст сохранится), войдите снова и загрузите файл ещё раз." {
		t.Errorf("after the session ended, the upload says %q", s)
	}
}
