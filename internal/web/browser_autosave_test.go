package web_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestBrowserNothingTypedIsLost: text typed into the editor is kept in the
// browser as it is typed; another tab (or the same one after a crash)
// offers to restore it; a save after the session expired asks for the
// password in place — a wrong one is refused, the right one logs in and
// the save completes — and the kept copy is then dropped.
func TestBrowserNothingTypedIsLost(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")
	key := localCopy("/admin/entries/new?kind=news")
	run(t, ctx,
		chromedp.Navigate(base+"/admin/entries/new?kind=news"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)), scriptsRan,
		chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), "Kept while typing"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "Nothing typed is lost."),
	)
	waitJS(t, ctx, "a local copy", `(`+key+` || "").includes("Nothing+typed+is+lost")`)

	// Another tab of the same browser: the copy is offered, and restored.
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	run(t, tab, chromedp.Navigate(base+"/admin/entries/new?kind=news"))
	waitJS(t, tab, "restore offered", `!document.querySelector("[data-autosave-notice]").hidden`)
	// Typing before choosing keeps a copy of what is typed, over the one
	// offered; Restore still brings back the one it offers.
	run(t, tab, scriptsRan, chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "Typed over the offer."))
	waitJS(t, tab, "the typing kept", `(`+key+` || "").includes("Typed+over+the+offer")`)
	run(t, tab, chromedp.Click(chromedp.CSS(`[data-autosave-restore]`)))
	waitJS(t, tab, "restored", `document.querySelector('input[name="title.en"]').value === "Kept while typing" &&
		document.querySelector('textarea[name="body.en"]').value === "Nothing typed is lost." &&
		document.querySelector("[data-autosave-notice]").hidden`)

	// The session ends (idle timeout, password change elsewhere...).
	if _, err := e.Pool.Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	run(t, tab, chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)))
	waitJS(t, tab, "asked for the password in place", `document.getElementById("relogin").open && location.pathname === "/admin/entries/new"`)
	// Its label is not marked as wrong before anything was typed.
	const redLabel = `getComputedStyle(document.querySelector("#relogin input[name=password]").closest("label")).borderLeftStyle === "solid"`
	waitJS(t, tab, "a plain label while the message is hidden", `!(`+redLabel+`)`)
	run(t, tab,
		chromedp.SendKeys(chromedp.CSS(`#relogin input[name=password]`), "not the password"),
		chromedp.Click(chromedp.CSS(`[data-relogin-submit]`)),
	)
	waitJS(t, tab, "a wrong password refused", `!document.querySelector("[data-relogin-failed]").hidden && document.getElementById("relogin").open && `+redLabel)
	run(t, tab,
		chromedp.SendKeys(chromedp.CSS(`#relogin input[name=password]`), sitetest.Password),
		chromedp.Click(chromedp.CSS(`[data-relogin-submit]`)),
	)
	waitJS(t, tab, "saved after logging in again", `/^\/admin\/entries\/\d+$/.test(location.pathname) && !!document.querySelector(".flash")`)
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE title = 'Kept while typing' AND body_md = 'Nothing typed is lost.'`); n != 1 {
		t.Errorf("the save did not complete: %d", n)
	}
	waitJS(t, tab, "the local copy dropped once saved", key+` === null`)
}

// TestBrowserAnyFormAfterSessionEnds: not only the entry editor — any
// admin form sent after the session ended asks for the password in place,
// then is sent with what was typed; and the admin's script runs on every
// admin page (the list's "tick all" box appears, and taking things down
// asks first).
func TestBrowserAnyFormAfterSessionEnds(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")
	run(t, ctx, chromedp.Navigate(base+"/admin/entries?kind=news"))
	waitJS(t, ctx, "the tick-all box shown by the script", `document.querySelector("input.pick-all") && !document.querySelector("input.pick-all").hidden`)

	run(t, ctx,
		chromedp.Navigate(base+"/admin/hotlines/new"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=e164]`)), scriptsRan,
		chromedp.SendKeys(chromedp.CSS(`input[name=e164]`), "+99312000777"),
		chromedp.SendKeys(chromedp.CSS(`input[name="label.en"]`), "Typed before the session ended"),
		chromedp.SendKeys(chromedp.CSS(`input[name="label.ru"]`), "Набрано до конца сеанса"),
	)
	if _, err := e.Pool.Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS(`form.hotline-form button[type=submit]`)))
	waitJS(t, ctx, "asked for the password in place", `document.getElementById("relogin").open && location.pathname === "/admin/hotlines/new"`)
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#relogin input[name=password]`), sitetest.Password),
		chromedp.Click(chromedp.CSS(`[data-relogin-submit]`)),
	)
	waitJS(t, ctx, "sent after logging in again", `location.pathname === "/admin/hotlines" && !!document.querySelector(".flash")`)
	if n := sitetest.Count(e, `SELECT count(*) FROM hotlines h JOIN hotline_translations t ON t.hotline_id = h.id
		WHERE h.e164 = '+99312000777' AND t.label = 'Typed before the session ended'`); n != 1 {
		t.Errorf("the form was not sent: %d", n)
	}
}

// TestBrowserOtherFormsChanges: on a page of several forms (the menu: one
// per row), sending one asks first when another holds typed changes —
// they would be lost — and saying no keeps everything as typed.
func TestBrowserOtherFormsChanges(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("chief@example.org", store.RoleAdmin)
	ctx := browser.New(t)
	login(t, ctx, base, "chief@example.org")
	run(t, ctx, chromedp.Navigate(base+"/admin/menu"), chromedp.WaitVisible(chromedp.CSS(`tr[data-menu-item] input[name="label.en"]`)), scriptsRan)
	// The questions are answered by the test: no, then yes.
	waitJS(t, ctx, "questions answered by the test", `(window.asked = [], window.answer = false,
		window.confirm = function (q) { window.asked.push(q); return window.answer; }, true)`)
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`tr[data-menu-item]:nth-child(1) input[name="label.en"]`), "First"),
		chromedp.SendKeys(chromedp.CSS(`tr[data-menu-item]:nth-child(2) input[name="label.en"]`), "Second"),
		chromedp.Click(chromedp.CSS(`tr[data-menu-item]:nth-child(1) form[id^="menu-"] button`)),
	)
	waitJS(t, ctx, "asked before the second row's label is lost", `window.asked.length === 1 && window.asked[0].includes("will be lost") &&
		document.querySelector('tr[data-menu-item]:nth-child(2) input[name="label.en"]').value === "Second"`)
	waitJS(t, ctx, "yes from now on", `window.answer = true`)
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`tr[data-menu-item]:nth-child(1) form[id^="menu-"] button`)),
	)
	waitJS(t, ctx, "saved when told to go on", `!!document.querySelector(".flash") && document.querySelector('tr[data-menu-item]:nth-child(1) input[name="label.en"]').value === "First"`)
}

// TestBrowserTwoFactorSetUpWithScript: a user an admin requires to set up
// two-factor login can do it with the script on — the forms' session
// check is open to them too (it was sent to the set-up page and taken for
// an ended session, so every button asked for the password).
func TestBrowserTwoFactorSetUpWithScript(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	u := e.User("held@example.org", store.RoleEditor)
	if _, err := e.Pool.Exec(context.Background(), `UPDATE users SET totp_required = true WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	ctx := browser.New(t)
	run(t, ctx,
		chromedp.Navigate(base+"/admin/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "held@example.org"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), sitetest.Password),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)),
	)
	waitJS(t, ctx, "the set-up page", `location.pathname === "/admin/account/totp" && !!document.querySelector("form.totp-start")`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`form.totp-start button`)))
	waitJS(t, ctx, "the set-up started", `!!document.querySelector(".totp-secret")`)
	if eval[bool](t, ctx, `document.getElementById("relogin").open`) {
		t.Error("the re-login dialog opened for a live session")
	}
}

// TestBrowserRestoreOfferedOnlyWhenLost: a form sent back unsaved by one
// of its buttons ("Add an article") holds everything typed: no copy is
// offered over it. A copy that is offered says when it was kept as the
// admin's other times are: in the site's time zone, with the language's
// date and 24-hour time.
func TestBrowserRestoreOfferedOnlyWhenLost(t *testing.T) {
	t.Parallel()
	ashgabat, err := time.LoadLocation("Asia/Ashgabat")
	if err != nil {
		t.Fatal(err)
	}
	e, base := liveEnv(t, sitetest.Options{Zone: ashgabat})
	e.User("editor@example.org", store.RoleEditor)
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")
	run(t, ctx,
		chromedp.Navigate(base+"/admin/entries/new?kind=newsletter"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)), scriptsRan,
		chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), "An issue with two articles"),
	)
	waitJS(t, ctx, "a local copy", `(`+localCopy("/admin/entries/new?kind=newsletter")+` || "").includes("two+articles")`)
	articles := eval[int](t, ctx, `document.querySelectorAll('[name$=".title.en"][name^="article."]').length`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`button[name=action][value=add_article]`)))
	waitJS(t, ctx, "the form back with an article more, no copy offered", `document.readyState === "complete" &&
		document.querySelectorAll('[name$=".title.en"][name^="article."]').length === `+strconv.Itoa(articles+1)+` &&
		document.querySelector('input[name="title.en"]').value === "An issue with two articles" &&
		document.querySelector("[data-autosave-notice]").hidden`)

	// (Leaving that page would ask first: it holds what is not saved.)
	// In another tab, a copy kept at 10:30 UTC two days ago (copies expire:
	// a fixed day would be too old one day) is offered with Ashgabat's time
	// (UTC+5).
	now := time.Now().UTC()
	kept := time.Date(now.Year(), now.Month(), now.Day(), 10, 30, 0, 0, time.UTC).AddDate(0, 0, -2)
	there := kept.In(ashgabat)
	ruMonths := []string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}
	enWhen := there.Format("January 2, 2006, 15:04")
	ruWhen := fmt.Sprintf("%d %s %d г., %s", there.Day(), ruMonths[there.Month()-1], there.Year(), there.Format("15:04"))
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	run(t, tab, chromedp.Navigate(base+"/admin/entries/new?kind=news"), chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)), scriptsRan)
	waitJS(t, tab, "a copy kept", `localStorage.setItem("vestnik.draft:/admin/entries/new?kind=news",
		JSON.stringify({at: `+strconv.FormatInt(kept.UnixMilli(), 10)+`, fields: "title.en=Kept+earlier"})) || true`)
	run(t, tab, chromedp.Reload())
	waitJS(t, tab, "the copy offered, with the site's time as the admin writes times", `!document.querySelector("[data-autosave-notice]").hidden &&
		document.querySelector("[data-autosave-text]").textContent.includes(`+strconv.Quote(enWhen)+`)`)
	// In Russian, as the admin's Russian pages write it.
	if _, err := e.Pool.Exec(t.Context(), `UPDATE users SET lang = 'ru' WHERE email = 'editor@example.org'`); err != nil {
		t.Fatal(err)
	}
	run(t, tab, chromedp.Reload())
	waitJS(t, tab, "the copy offered in Russian, 24-hour time", `document.documentElement.lang === "ru" &&
		!document.querySelector("[data-autosave-notice]").hidden &&
		document.querySelector("[data-autosave-text]").textContent.includes(`+strconv.Quote(ruWhen)+`)`)
}

// TestBrowserTwoTabsKeepTheirCopies: two tabs on one entry keep a copy
// each; a save in one drops its own copy only, so what was typed in the
// other and not saved is still offered when that tab is gone (closed,
// crashed) and the entry opened again.
func TestBrowserTwoTabsKeepTheirCopies(t *testing.T) {
	t.Parallel()
	e, ctx, base, edit := editDraft(t)
	tabB, closeB := chromedp.NewContext(ctx)
	t.Cleanup(closeB)
	run(t, tabB, chromedp.Navigate(base+edit), chromedp.WaitVisible(chromedp.CSS(`textarea[name="summary.en"]`)), scriptsRan,
		chromedp.SendKeys(chromedp.CSS(`textarea[name="summary.en"]`), " Typed in tab B."))
	copyOfB := `Object.keys(localStorage).some(k => k.startsWith("vestnik.draft:` + edit + `") &&
		localStorage.getItem(k).includes("Typed+in+tab+B."))`
	waitJS(t, tabB, "tab B's copy", copyOfB)

	// Tab A saves a change of its own.
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), " (saved in A)"))
	waitJS(t, ctx, "tab A's copy", `(`+localCopy(edit)+` || "").includes("saved+in+A")`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)))
	waitJS(t, ctx, "tab A saved", `document.readyState === "complete" && !!document.querySelector(".flash") &&
		document.querySelector('input[name="title.en"]').value.includes("(saved in A)")`)
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE title LIKE '%(saved in A)%'`); n != 1 {
		t.Fatalf("tab A's save: %d", n)
	}
	if !eval[bool](t, ctx, copyOfB) {
		t.Fatal("tab A's save dropped tab B's unsaved copy")
	}
	if eval[bool](t, ctx, `Object.keys(localStorage).some(k => (localStorage.getItem(k) || "").includes("saved+in+A"))`) {
		t.Error("tab A's own copy outlived its save")
	}

	// Tab B goes away unsaved; the entry opened again offers its text.
	closeB()
	tabC, closeC := chromedp.NewContext(ctx)
	t.Cleanup(closeC)
	run(t, tabC, chromedp.Navigate(base+edit))
	waitJS(t, tabC, "tab B's text offered", `document.readyState === "complete" && !document.querySelector("[data-autosave-notice]").hidden`)
	run(t, tabC, chromedp.Click(chromedp.CSS(`[data-autosave-restore]`)))
	waitJS(t, tabC, "tab B's text restored", `document.querySelector('textarea[name="summary.en"]').value.includes("Typed in tab B.")`)
}

// putCopies is a script that keeps copies of the entry form at action as
// pages would have (admin.js), each named and kept ago hours before now.
func putCopies(action string, version int, ago map[string]float64) string {
	js := ""
	for name, hours := range ago {
		js += fmt.Sprintf(`localStorage.setItem(%q, JSON.stringify({at: Date.now() - %f * 3600e3, fields: %q}));`,
			"vestnik.draft:"+action+"#"+name, hours, "title.en=Copy+"+name+"&version="+strconv.Itoa(version))
	}
	return js + ` true`
}

// copiesOf is a script's expression for the names of the copies the
// entry form at action keeps, sorted.
func copiesOf(action string) string {
	return `Object.keys(localStorage).filter(k => k.startsWith("vestnik.draft:` + action + `#")).map(k => k.split("#").pop()).sort().join(",")`
}

// TestBrowserCopiesDoNotPileUp: a copy nobody restored or discarded is
// not offered for ever: one older than two weeks is dropped unoffered, a
// form keeps its newest five, Discard drops every copy it stands for
// (the older ones too, not only the one it names) and leaves other forms'
// copies be.
func TestBrowserCopiesDoNotPileUp(t *testing.T) {
	t.Parallel()
	const elsewhere = "/admin/entries/new?kind=news"
	_, ctx, _, edit := editDraft(t)

	// Abandoned three weeks ago: not offered, and gone.
	waitJS(t, ctx, "an abandoned copy", putCopies(edit, 1, map[string]float64{"abandoned": 21 * 24}))
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, "the abandoned copy dropped unoffered", `document.readyState === "complete" &&
		document.querySelector("[data-autosave-notice]").hidden && `+copiesOf(edit)+` === ""`)

	// Seven copies of this form (and one of another): the newest five stay,
	// the newest is offered.
	waitJS(t, ctx, "seven copies", putCopies(edit, 1, map[string]float64{"c1": 1, "c2": 2, "c3": 3, "c4": 4, "c5": 5, "c6": 6, "c7": 7}))
	waitJS(t, ctx, "another form's copy", putCopies(elsewhere, 0, map[string]float64{"other": 8}))
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, "the newest offered, five kept", `document.readyState === "complete" &&
		!document.querySelector("[data-autosave-notice]").hidden && `+copiesOf(edit)+` === "c1,c2,c3,c4,c5"`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`[data-autosave-discard]`)))
	waitJS(t, ctx, "all discarded", `document.querySelector("[data-autosave-notice]").hidden && `+copiesOf(edit)+` === ""`)
	if got := eval[string](t, ctx, copiesOf(elsewhere)); got != "other" {
		t.Errorf("another form's copies: %q", got)
	}
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, "nothing offered after Discard", `document.readyState === "complete" && document.querySelector("[data-autosave-notice]").hidden`)
}

// TestBrowserSaveDropsCopiesDoneWith: a save drops the copies its page was
// done with — older than the one it restored, or offered and saved over —
// and not a copy kept after its page opened (another tab's typing).
func TestBrowserSaveDropsCopiesDoneWith(t *testing.T) {
	t.Parallel()
	_, ctx, _, edit := editDraft(t)
	save := chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`))
	saved := func(title string) string {
		return `document.readyState === "complete" && !!document.querySelector(".flash") &&
			document.querySelector('input[name="title.en"]').value === ` + strconv.Quote(title)
	}

	// Restored, then saved: the older copies go with it.
	waitJS(t, ctx, "two copies", putCopies(edit, 1, map[string]float64{"older": 2, "newer": 1}))
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, "the newer offered", `document.readyState === "complete" && !document.querySelector("[data-autosave-notice]").hidden`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`[data-autosave-restore]`)))
	waitJS(t, ctx, "restored", `document.querySelector('input[name="title.en"]').value === "Copy newer"`)
	run(t, ctx, save)
	waitJS(t, ctx, "saved, no copy left", saved("Copy newer")+` && `+copiesOf(edit)+` === ""`)

	// Offered and saved over: it goes; a copy another tab keeps after this
	// page opened stays.
	version := eval[string](t, ctx, `document.querySelector('#entry-form input[name=version]').value`)
	v, _ := strconv.Atoi(version)
	waitJS(t, ctx, "a copy", putCopies(edit, v, map[string]float64{"ignored": 1}))
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, "offered", `document.readyState === "complete" && !document.querySelector("[data-autosave-notice]").hidden`)
	waitJS(t, ctx, "another tab's copy, kept after", putCopies(edit, v, map[string]float64{"later": 0}))
	run(t, ctx,
		chromedp.SetValue(chromedp.CSS(`input[name="title.en"]`), "Saved over the offer"),
		save)
	waitJS(t, ctx, "saved over the offer", saved("Saved over the offer")+` && `+copiesOf(edit)+` === "later"`)
}

// TestBrowserFullStorageMakesRoom: when localStorage is full, the oldest
// copies make room for the copy of what is being typed (else nothing
// typed would be kept from then on, without a word).
func TestBrowserFullStorageMakesRoom(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	ctx := browser.New(t)
	login(t, ctx, base, "editor@example.org")
	const form = "/admin/entries/new?kind=news"
	run(t, ctx, chromedp.Navigate(base+form), chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)), scriptsRan)
	// Old copies of other forms fill most of it, something else the rest.
	waitJS(t, ctx, "localStorage full", `(() => {
		const big = "x".repeat(1 << 20);
		for (let i = 0; ; i++) {
			try {
				localStorage.setItem("vestnik.draft:/admin/entries/" + (1000 + i) + "#old", JSON.stringify({at: Date.now() - 3600e3 * (24 + i), fields: "body.en=" + big}));
			} catch (e) { break; }
		}
		for (let n = 1 << 20; n >= 1; n = n >> 1) {
			for (let j = 0; ; j++) {
				try { localStorage.setItem("f" + n + "." + j, "y".repeat(n)); } catch (e) { break; }
			}
		}
		try { localStorage.setItem("probe", "z".repeat(200)); localStorage.removeItem("probe"); return false; } catch (e) { return true; }
	})()`)
	olds := eval[int](t, ctx, `Object.keys(localStorage).filter(k => k.endsWith("#old")).length`)
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "Typed into a full storage."))
	waitJS(t, ctx, "the copy kept", `(`+localCopy(form)+` || "").includes("Typed+into+a+full+storage.")`)
	if left := eval[int](t, ctx, `Object.keys(localStorage).filter(k => k.endsWith("#old")).length`); left != olds-1 {
		t.Errorf("old copies: %d before, %d after (the oldest one should have gone)", olds, left)
	}
	if !eval[bool](t, ctx, `localStorage.getItem("vestnik.draft:/admin/entries/1000#old") !== null`) {
		t.Error("the newest old copy went, not the oldest")
	}
}

// draftEntry is a live site with an editor, editor@example.org, and a
// draft news item another editor wrote: the site's address and the
// item's edit path.
func draftEntry(t *testing.T) (e *sitetest.Env, base, edit string) {
	t.Helper()
	e, base = liveEnv(t)
	e.User("editor@example.org", store.RoleEditor)
	other, _ := e.Login("other@example.org", store.RoleEditor)
	return e, base, "/admin/entries/" + strconv.FormatInt(sitetest.CreateEntry(t, other, "news", sitetest.NewsForm("draft")), 10)
}

// editDraft opens draftEntry's item in the editor's browser, its scripts
// run: the site, the browser, the site's address and the item's edit path.
func editDraft(t *testing.T) (e *sitetest.Env, ctx context.Context, base, edit string) {
	t.Helper()
	e, base, edit = draftEntry(t)
	ctx = browser.New(t)
	login(t, ctx, base, "editor@example.org")
	run(t, ctx, chromedp.Navigate(base+edit), chromedp.WaitVisible(chromedp.CSS(`input[name="title.en"]`)), scriptsRan)
	return e, ctx, base, edit
}
