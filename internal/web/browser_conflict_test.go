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
		chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)), scriptsRan,
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

// TestBrowserConflictKeepsTypedText: the conflict page shows the editor's
// text in its form, so it offers no "restore unsaved text" over it; the
// browser's copy of that text is kept all the same (and what is typed on
// the page), as of the version the editor started from, so that another
// tab restoring it saves through the conflict again; "Discard my changes"
// drops the copy and leaves without asking.
func TestBrowserConflictKeepsTypedText(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("first@example.org", store.RoleEditor)
	other, _ := e.Login("second@example.org", store.RoleEditor)
	id := sitetest.CreateEntry(t, other, "news", sitetest.NewsForm("draft"))
	edit := "/admin/entries/" + strconv.FormatInt(id, 10)
	key := localCopy(edit)

	ctx := browser.New(t)
	login(t, ctx, base, "first@example.org")
	run(t, ctx,
		chromedp.Navigate(base+edit),
		chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)), scriptsRan,
	)
	started := eval[string](t, ctx, `document.querySelector('#entry-form input[name=version]').value`)
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), " (mine)"))
	waitJS(t, ctx, "a local copy", `(`+key+` || "").includes("%28mine%29")`)

	// The other editor saves first: a new title and a new body.
	form := sitetest.FormOf(other.Page(edit, http.StatusOK), "#entry-form")
	form.Set("title.en", "Their title")
	form.Set("body.en", "Their body.")
	form.Set("action", "save")
	if res := other.Post(edit, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other editor's save: %d", res.StatusCode)
	}

	run(t, ctx, chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)))
	waitJS(t, ctx, "the conflict page, with no restore offered over the text it shows", `document.readyState === "complete" &&
		!!document.querySelector('.conflict-field[data-field="title.en"]') &&
		document.querySelector('#entry-form input[name="title.en"]').value.includes("(mine)") &&
		document.querySelector("#entry-form").hasAttribute("data-unsaved") &&
		document.querySelector("[data-autosave-notice]").hidden`)
	if !eval[bool](t, ctx, `(`+key+` || "").includes("%28mine%29")`) {
		t.Fatal("the conflict page dropped the copy of the text it shows")
	}
	// Typed on the conflict page: kept too, as of the version started from.
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`#entry-form textarea[name="summary.en"]`), " Typed on the conflict page."))
	waitJS(t, ctx, "the copy holds what was typed on the conflict page", `(() => {
		const c = JSON.parse(`+key+` || "{}");
		const p = new URLSearchParams(c.fields || "");
		return (p.get("summary.en") || "").includes("Typed on the conflict page.") && p.get("version") === "`+started+`" &&
			!p.has("base_version") && !p.has("conflicts") && ![...p.keys()].some(k => k.startsWith("theirs.") || k.startsWith("choose."));
	})()`)

	// Another tab: the copy is offered, and restored with the version
	// started from.
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	run(t, tab, chromedp.Navigate(base+edit))
	waitJS(t, tab, "restore offered", `document.readyState === "complete" && !document.querySelector("[data-autosave-notice]").hidden &&
		(window.offeredAt = JSON.parse(`+key+`).at) > 0`)
	run(t, tab, chromedp.Click(chromedp.CSS(`[data-autosave-restore]`)))
	waitJS(t, tab, "restored", `document.querySelector('input[name="title.en"]').value.includes("(mine)") &&
		document.querySelector('textarea[name="summary.en"]').value.includes("Typed on the conflict page.") &&
		document.querySelector('#entry-form input[name=version]').value === "`+started+`"`)
	// The restored text is kept again (as typing is, a moment later): the
	// tab closes after that, or its copy could come back after the discard
	// below has dropped it (cancel does not wait for the tab to close).
	waitJS(t, tab, "the restored text kept", `JSON.parse(`+key+`).at > window.offeredAt`)
	cancel()

	// Discarding on the conflict page leaves at once and drops the copy.
	run(t, ctx, chromedp.Click(chromedp.CSS(`a[data-discard]`)))
	waitJS(t, ctx, "their version, nothing offered", `location.pathname === "`+edit+`" && document.readyState === "complete" &&
		!document.querySelector(".conflict-field") && document.querySelector('input[name="title.en"]').value === "Their title" &&
		document.querySelector("[data-autosave-notice]").hidden && `+key+` === null`)
}
