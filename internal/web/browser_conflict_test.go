package web_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestBrowserConflictChoice: two editors change the same entry. The one
// who saves second gets the conflict page: the field both changed is
// marked with both versions, Save without a choice asks again instead of
// overwriting, and taking theirs for that field keeps their title, this
// editor's summary and their untouched-here body.
func TestBrowserConflictChoice(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("first@example.org", store.RoleEditor)
	other, _ := e.Login("second@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, other, "news", sitetest.NewsForm("draft"))
	edit := "/admin/entries/" + strconv.FormatInt(id, 10)

	ctx := browser.New(t)
	login(t, ctx, base, "first@example.org")
	run(t, ctx,
		chromedp.Navigate(base+edit),
		chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="title.en"]`), "My title"),
		chromedp.SetValue(chromedp.CSS(`textarea[name="summary.en"]`), "My summary."),
	)

	// The other editor saves first: a new title and a new body.
	form := sitetest.FormOf(other.Page(edit, http.StatusOK), "#entry-form")
	form.Set("title.en", "Their title")
	form.Set("body.en", "Their body.")
	form.Set("action", "save")
	if res := other.Post(edit, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other editor's save: %d", res.StatusCode)
	}

	run(t, ctx, chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)))
	waitJS(t, ctx, "the conflict page marks the title", `!!document.querySelector('.conflict-field[data-field="title.en"]') &&
		document.querySelector('.conflict-field[data-field="title.en"]').textContent.includes("Their title") &&
		document.querySelector('.conflict-field[data-field="title.en"]').textContent.includes("My title") &&
		!document.querySelector('.conflict-field[data-field="summary.en"]')`)

	// Save without choosing: asked again, nothing overwritten.
	if eval[bool](t, ctx, `!!document.querySelector('.conflict-fields .form-error')`) {
		t.Fatal("the conflict page asks to choose before anyone saved")
	}
	run(t, ctx, chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)))
	waitJS(t, ctx, "asked to choose", `!!document.querySelector('.conflict-fields .form-error')`)
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = `+strconv.FormatInt(id, 10)+` AND lang = 'en' AND title = 'Their title'`); n != 1 {
		t.Fatal("a save without a choice overwrote the other editor's title")
	}

	run(t, ctx,
		chromedp.Click(chromedp.CSS(`.conflict-field[data-field="title.en"] input[value=theirs]`)),
		chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)),
	)
	waitJS(t, ctx, "saved", `location.pathname === "`+edit+`" && !!document.querySelector(".flash") && !document.querySelector(".conflict-field")`)
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = `+strconv.FormatInt(id, 10)+
		` AND lang = 'en' AND title = 'Their title' AND summary = 'My summary.' AND body_md = 'Their body.'`); n != 1 {
		t.Error("the merge did not keep their title and body with my summary")
	}
}
