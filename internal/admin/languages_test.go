package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
)

// rawID matches a message ID shown instead of its text ("nav.news").
var rawID = regexp.MustCompile(`>\s*(site|nav|news|newsletter|hotline|search|feeds|subscribe|pager|language|date|month|error|footer)\.[a-z_.]+\s*<`)

// TestTurkmenFromTheAdmin: Turkmen ships turned off; an admin turns it on
// from the languages page and, without a restart, every kind of public
// page exists in Turkmen with hreflang for three languages, the hotline
// page and banner in Turkmen; turned off again, its pages are gone and its
// texts kept.
func TestTurkmenFromTheAdmin(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	if res := e.Get("/tk/hotline"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("Turkmen served before it is turned on: %d", res.StatusCode)
	}
	editor, _ := e.Login("ed@example.org", "editor")
	if res := editor.Get("/admin/languages"); res.StatusCode != http.StatusForbidden {
		t.Errorf("an editor reaches the languages page: %d", res.StatusCode)
	}
	c, _ := e.Login("chief@example.org", "admin")
	set := func(code string, change func(url.Values)) *http.Response {
		t.Helper()
		f := sitetest.FormOf(c.Page("/admin/languages", http.StatusOK), `form[data-language="`+code+`"]`)
		change(f)
		return c.Post("/admin/languages/"+code, f)
	}
	// A language turned off cannot become the default: said so.
	res := set("tk", func(f url.Values) { f.Set("default", "1"); f.Del("enabled") })
	if d := sitetest.ParseDoc(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Text(), "cannot be the default") {
		t.Errorf("a language turned off made the default: %d", res.StatusCode)
	}
	// Two languages cannot share a place in the order.
	ruPos := sitetest.FormOf(c.Page("/admin/languages", http.StatusOK), `form[data-language="ru"]`).Get("position")
	res = set("tk", func(f url.Values) { f.Set("position", ruPos); f.Set("name", "Türkmen dili (typed)") })
	if d := sitetest.ParseDoc(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Text(), "Русский has this place") ||
		sitetest.Attr(d.Find(`form[data-language="tk"] input[name=name]`), "value") != "Türkmen dili (typed)" {
		t.Errorf("two languages in one place: %d", res.StatusCode)
	}
	// A place shared from before (no check then) does not block other
	// changes to either language.
	if _, err := e.Pool.Exec(t.Context(), `UPDATE languages SET position = (SELECT position FROM languages WHERE code = 'ru') WHERE code = 'tk'`); err != nil {
		t.Fatal(err)
	}
	if res := set("tk", func(f url.Values) { f.Set("name", "Türkmençe") }); res.StatusCode != http.StatusSeeOther {
		t.Errorf("changing a language that shares its place: %d", res.StatusCode)
	}
	if _, err := e.Pool.Exec(t.Context(), `UPDATE languages SET position = 3 WHERE code = 'tk'`); err != nil {
		t.Fatal(err)
	}
	// The default language cannot be turned off.
	if res := set("en", func(f url.Values) { f.Del("enabled") }); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("default turned off: %d", res.StatusCode)
	}
	if res := set("tk", func(f url.Values) { f.Set("enabled", "1") }); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("turn Turkmen on: %d", res.StatusCode)
	}
	if d := c.Page("/admin/languages", http.StatusOK); !strings.Contains(d.Find(".flash").Text(), "Every server") {
		t.Errorf("flash %q", d.Find(".flash").Text())
	}

	paths := []string{"/tk/", "/tk/news/", "/tk/newsletters/", "/tk/hotline", "/tk/sitemap", "/tk/feeds",
		"/tk/search?q=" + url.QueryEscape("telefony"), "/tk/subscribe"}
	// An English item without Turkmen: its switcher link is the page
	// saying so, in Turkmen.
	en := e.Doc("/en/news/", http.StatusOK)
	item, _ := en.Find("main article a, main h2 a").First().Attr("href")
	d := e.Doc(item, http.StatusOK)
	// The footer's subscription offers every language, whatever the page
	// is translated into.
	if n := d.Find(`footer select[name=lang] option`).Length(); n != 3 {
		t.Errorf("the subscription form offers %d languages", n)
	}
	if tk, ok := d.Find(`header a[hreflang=tk]`).Attr("href"); !ok {
		t.Error("no Turkmen in the switcher")
	} else if next, _ := url.QueryUnescape(tk); !strings.Contains(next, "/tk/unavailable/") {
		t.Errorf("switcher to Turkmen: %q", next)
	} else {
		paths = append(paths, next[strings.Index(next, "/tk/unavailable/"):])
	}
	for _, p := range paths {
		res := e.Get(p)
		doc := sitetest.Expect(t, p, res, http.StatusOK)
		if lang := doc.Find("html").AttrOr("lang", ""); lang != "tk" {
			t.Errorf("%s: html lang %q", p, lang)
		}
		html, _ := doc.Html()
		if m := rawID.FindString(html); m != "" {
			t.Errorf("%s shows a message ID: %s", p, m)
		}
	}
	for _, p := range []string{"/tk/rss.xml", "/tk/news/atom.xml", "/sitemap.xml"} {
		if res := e.Get(p); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	hot := e.Doc("/tk/hotline", http.StatusOK)
	if got := hot.Find("h1").Text(); got != "Ynam telefony" {
		t.Errorf("hotline page h1 %q", got)
	}
	if !strings.Contains(hot.Find(".hotline-banner").Text(), "Aşgabat") {
		t.Errorf("banner: %q", hot.Find(".hotline-banner").Text())
	}
	for _, lang := range []string{"en", "ru", "tk"} {
		for _, page := range []string{"/en/hotline", "/tk/hotline"} {
			if href, _ := e.Doc(page, http.StatusOK).Find(`link[rel=alternate][hreflang=` + lang + `]`).Attr("href"); !strings.HasSuffix(href, "/"+lang+"/hotline") {
				t.Errorf("%s: hreflang %s = %q", page, lang, href)
			}
		}
	}
	if !strings.Contains(e.Doc("/tk/search?q="+url.QueryEscape("telefony"), http.StatusOK).Find("main").Text(), "Ynam telefony") {
		t.Error("Turkmen search does not find the hotline page")
	}
	// The editor gets a Turkmen column.
	id := sitetest.Count(e, `SELECT entry_id FROM translations WHERE lang = 'tk'`)
	if c.Page("/admin/entries/"+strconv.Itoa(id), http.StatusOK).Find(`#lang-tk textarea[name="body.tk"]`).Length() != 1 {
		t.Error("no Turkmen column in the editor")
	}

	// Off again: gone from the site, kept in the database, and an
	// editor's save of the entry keeps it too.
	if res := set("tk", func(f url.Values) { f.Del("enabled") }); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("turn Turkmen off: %d", res.StatusCode)
	}
	for _, p := range []string{"/tk/", "/tk/hotline", "/tk/rss.xml"} {
		if res := e.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s after turning Turkmen off: %d", p, res.StatusCode)
		}
	}
	if _, ok := e.Doc("/en/hotline", http.StatusOK).Find(`link[rel=alternate][hreflang=tk]`).Attr("href"); ok {
		t.Error("hreflang still names Turkmen")
	}
	path := "/admin/entries/" + strconv.Itoa(id)
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.en", "Hotline (edited)")
	if res := c.Post(path, withAction(f, "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, sitetest.ParseDoc(t, res).Find(".field-error, .form-error").Text())
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE lang = 'tk' AND entry_id = $1`, id); n != 1 {
		t.Error("saving the entry with Turkmen off dropped its Turkmen text")
	}
}

// TestIssueSavedWhileLanguageOff: an issue, or a menu item's labels,
// saved while a language is turned off keep that language's articles, PDF
// edition and label: the forms do not show them, so they do not clear them.
func TestIssueSavedWhileLanguageOff(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("chief@example.org", "admin")
	issue, err := e.Store.LatestNewsletter(t.Context(), "ru")
	if err != nil {
		t.Fatal(err)
	}
	count := func() (texts, editions int) {
		texts = sitetest.Count(e, `SELECT count(*) FROM newsletter_article_translations t JOIN newsletter_articles a ON a.id = t.article_id
			WHERE a.entry_id = $1 AND t.lang = 'ru'`, issue.ID)
		editions = sitetest.Count(e, `SELECT count(*) FROM newsletter_editions WHERE entry_id = $1 AND lang = 'ru'`, issue.ID)
		return texts, editions
	}
	// One article in Russian only: with Russian off, the form shows it
	// empty.
	path := "/admin/entries/" + strconv.FormatInt(issue.ID, 10)
	res := c.Post(path, withAction(sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form"), "add_article"))
	f := sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	last := 0
	for ; f.Has("article." + strconv.Itoa(last+1) + ".position"); last++ {
	}
	f.Set("article."+strconv.Itoa(last)+".title.ru", "Только по-русски")
	f.Set("action", "publish") // live: a plain save would hold it in the working copy
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a Russian-only article: %d", res.StatusCode)
	}
	texts, editions := count()
	if texts == 0 || editions == 0 {
		t.Fatalf("the demo issue has %d Russian article texts and %d Russian editions", texts, editions)
	}
	set := func(on bool) { t.Helper(); c.TurnLanguage("ru", on) }
	var item int64
	if err := e.Pool.QueryRow(t.Context(), `SELECT id FROM menu_items WHERE section = 'news'`).Scan(&item); err != nil {
		t.Fatal(err)
	}
	menuItem := "/admin/menu/" + strconv.FormatInt(item, 10)
	if res := c.Post(menuItem, url.Values{"label.en": {"Stories"}, "label.ru": {"Истории"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("menu labels: %d", res.StatusCode)
	}
	set(false)
	if res := c.Post(menuItem, url.Values{"label.en": {"Our stories"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("menu labels with Russian off: %d", res.StatusCode)
	}
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	if _, ok := f["article.0.title.ru"]; ok {
		t.Fatal("the form shows a language turned off")
	}
	f.Set("article.0.title.en", f.Get("article.0.title.en")+" (revised)")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	set(true)
	if n := sitetest.Count(e, `SELECT count(*) FROM newsletter_article_translations WHERE title = 'Только по-русски'`); n != 1 {
		t.Error("the Russian-only article was deleted by a save with Russian off")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM menu_labels WHERE item_id = $1 AND lang = 'ru' AND label = 'Истории'`, item); n != 1 {
		t.Error("the Russian menu label was lost while Russian was off")
	}
	if gotTexts, gotEditions := count(); gotTexts != texts || gotEditions != editions {
		t.Errorf("after a save with Russian off: %d Russian article texts (had %d), %d editions (had %d)", gotTexts, texts, gotEditions, editions)
	}
}

// TestOutdatedWithLanguageOff: a change to the English while Turkmen is
// off marks the Russian as needing an update, and says so: not the
// English itself (it stays in line with the Turkmen it was in line with)
// nor the Turkmen, which nobody can update while it is off.
func TestOutdatedWithLanguageOff(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("chief@example.org", "admin")
	turkmen := func(on bool) { t.Helper(); c.TurnLanguage("tk", on) }
	turkmen(true)
	f := sitetest.NewsForm("draft")
	f.Set("status.tk", "draft")
	f.Set("title.tk", "Ynamdar telefon liniýasy")
	f.Set("body.tk", "Birinji abzas.")
	id := sitetest.CreateEntry(t, c, "news", f)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	turkmen(false)

	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "The hotline now answers on Saturdays too.")
	f.Set("update.en", "yes")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	d := c.Page(path, http.StatusOK)
	if got := d.Find(".flash").Text(); got != "Saved. Now marked as needing an update: Russian." {
		t.Errorf("flash %q", got)
	}
	turkmen(true)
	d = c.Page(path, http.StatusOK)
	if got := d.Find("#lang-en .tstate").AttrOr("class", ""); got != "tstate current" {
		t.Errorf("the English, just saved, is %q", got)
	}
}

// TestLanguageOwnName: the name an admin gives a language is the one the
// site shows: the public switcher and the subscription form.
func TestLanguageOwnName(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("chief@example.org", "admin")
	f := sitetest.FormOf(c.Page("/admin/languages", http.StatusOK), `form[data-language="ru"]`)
	f.Set("name", "Русский язык")
	if res := c.Post("/admin/languages/ru", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.StatusCode)
	}
	d := e.Doc("/en/", http.StatusOK)
	if got := d.Find(`header a[hreflang=ru]`).Text(); got != "Русский язык" {
		t.Errorf("switcher: %q", got)
	}
	if got := d.Find(`footer select[name=lang] option[value=ru]`).Text(); got != "Русский язык" {
		t.Errorf("subscription form: %q", got)
	}
}
