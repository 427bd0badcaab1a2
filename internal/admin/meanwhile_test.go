package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestSaveAfterAnotherLanguageSaved: a translator's save made from a form
// opened before an editor saved the Russian goes through when it changes
// only their English, and keeps both texts; an editor's plain save from a
// form opened before the translator's save likewise keeps the English. A
// change to the language saved meanwhile still meets the conflict page,
// and so does "Publish changes" from an old form (it would put live a
// text the editor has not seen).
func TestSaveAfterAnotherLanguageSaved(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translatorOf(t, e, "en")
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	text := func(lang string) (title, body string, published bool) {
		if err := e.Pool.QueryRow(context.Background(), `SELECT title, body_md, status = 'published' FROM translations
			WHERE entry_id = $1 AND lang = $2`, id, lang).Scan(&title, &body, &published); err != nil {
			t.Fatal(err)
		}
		return title, body, published
	}
	form := func(c *sitetest.Client) url.Values {
		return sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	}

	// The translator opens the form; the editor saves the Russian.
	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	edForm := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	edForm.Set("body.ru", "Редактор поправил русский текст.")
	sitetest.Expect(t, "the editor's Russian", ed.Post(path, edForm), http.StatusSeeOther)
	edForm = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form") // open while the translator saves

	trForm.Set("body.en", "The translator's English, from the older form.")
	sitetest.Expect(t, "the translator's English after the editor's Russian", tr.Post(path, trForm), http.StatusSeeOther)
	if _, got, _ := text("ru"); got != "Редактор поправил русский текст." {
		t.Errorf("the editor's Russian after the translator's save: %q", got)
	}
	if _, got, _ := text("en"); got != "The translator's English, from the older form." {
		t.Errorf("the translator's English: %q", got)
	}

	// The editor's form from before the translator's save: a plain save
	// of the Russian title keeps the English saved meanwhile.
	edForm.Set("title.ru", "Новый заголовок редактора")
	sitetest.Expect(t, "the editor's Russian title after the translator's English", ed.Post(path, edForm), http.StatusSeeOther)
	if got, _, _ := text("ru"); got != "Новый заголовок редактора" {
		t.Errorf("the editor's Russian title: %q", got)
	}
	if _, got, _ := text("en"); got != "The translator's English, from the older form." {
		t.Errorf("the editor's old form wrote over the translator's English: %q", got)
	}

	// Publishing from a form older than the translator's save is refused:
	// it would put their English live unseen.
	edPub := form(ed)
	trForm = form(tr)
	trForm.Set("body.en", "The translator's English, second take.")
	sitetest.Expect(t, "the translator's second English", tr.Post(path, trForm), http.StatusSeeOther)
	sitetest.SetEach(edPub, "status", "published")
	edPub.Set("body.ru", "Редактор публикует русский текст.")
	sitetest.Expect(t, "publishing from a form older than the translator's save", ed.Post(path, withAction(edPub, "publish")), http.StatusConflict)
	if _, _, live := text("en"); live {
		t.Error("the translator's English went live unseen")
	}

	// A change to the translator's own language meanwhile still conflicts.
	trForm = form(tr)
	edNow := form(ed)
	edNow.Set("body.en", "The editor rewrote the English meanwhile.")
	sitetest.Expect(t, "the editor's English", ed.Post(path, edNow), http.StatusSeeOther)
	trForm.Set("body.en", "The translator's third English, from before the editor's.")
	d := sitetest.Expect(t, "the translator's English over the editor's", tr.Post(path, trForm), http.StatusConflict)
	if mine := sitetest.FormOf(d, "#entry-form"); mine.Get("body.en") != "The translator's third English, from before the editor's." {
		t.Errorf("the conflict page lost the translator's text: %q", mine.Get("body.en"))
	}
	if _, got, _ := text("en"); got != "The editor rewrote the English meanwhile." {
		t.Errorf("the editor's English was overwritten: %q", got)
	}
}

// TestTranslatorOfTwoLanguagesAfterOneSaved: a translator of English and
// Russian saves, from a form opened before an editor saved the Russian,
// a change to their English only. The Russian they left as the form
// showed it is the editor's as it now is, not the older text their form
// posted back: the save goes through (no conflict page for a language
// they did not touch) and keeps both. Changing the Russian too still
// meets the conflict page.
func TestTranslatorOfTwoLanguagesAfterOneSaved(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translatorOf(t, e, "en", "ru")
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	body := func(lang string) string {
		var b string
		if err := e.Pool.QueryRow(context.Background(), `SELECT body_md FROM translations WHERE entry_id = $1 AND lang = $2`,
			id, lang).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}

	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	if trForm.Get("body.ru") == "" || trForm.Get("body.en") == "" {
		t.Fatalf("the translator's form lacks one of their languages: %v", trForm)
	}
	edForm := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	edForm.Set("body.ru", "Редактор поправил русский текст.")
	sitetest.Expect(t, "the editor's Russian", ed.Post(path, edForm), http.StatusSeeOther)

	// Both languages' fields are posted, the Russian as the form showed it.
	mine := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form") // for the conflict case below
	trForm.Set("body.en", "The translator's English, from the older form.")
	sitetest.Expect(t, "the translator's English after the editor's Russian", tr.Post(path, trForm), http.StatusSeeOther)
	if got := body("ru"); got != "Редактор поправил русский текст." {
		t.Errorf("the translator's untouched Russian wrote over the editor's: %q", got)
	}
	if got := body("en"); got != "The translator's English, from the older form." {
		t.Errorf("the translator's English: %q", got)
	}

	// Their Russian changed too, from a form older than an editor's Russian.
	edForm = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	edForm.Set("body.ru", "Редактор снова поправил русский текст.")
	sitetest.Expect(t, "the editor's second Russian", ed.Post(path, edForm), http.StatusSeeOther)
	mine.Set("body.ru", "Переводчик переписал русский текст.")
	sitetest.Expect(t, "the translator's Russian over the editor's", tr.Post(path, mine), http.StatusConflict)
	if got := body("ru"); got != "Редактор снова поправил русский текст." {
		t.Errorf("the editor's Russian was overwritten: %q", got)
	}
}

// TestTranslatorOfTwoLanguagesAfterOneArticleSaved: the same for an
// issue's articles: an editor's change to an article's Russian made
// meanwhile stays when a translator of English and Russian saves a change
// to the article's English only.
func TestTranslatorOfTwoLanguagesAfterOneArticleSaved(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translatorOf(t, e, "en", "ru")
	_, path := latestIssue(t, e)
	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	edForm := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	edForm.Set("article.0.body.ru", "Редактор поправил статью.")
	sitetest.Expect(t, "the editor's Russian article", ed.Post(path, edForm), http.StatusSeeOther)

	trForm.Set("article.0.body.en", "The translator's English article, from the older form.")
	sitetest.Expect(t, "the translator's English article after the editor's Russian", tr.Post(path, trForm), http.StatusSeeOther)
	now := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	if got := now.Get("article.0.body.ru"); got != "Редактор поправил статью." {
		t.Errorf("the translator's untouched Russian article wrote over the editor's: %q", got)
	}
	if got := now.Get("article.0.body.en"); got != "The translator's English article, from the older form." {
		t.Errorf("the translator's English article: %q", got)
	}
}

// TestTranslatorMarksInLine: a translator's tick of "in line with the
// other languages" on their outdated text, with nothing else changed, is
// saved: the text is no longer flagged (a save that keeps an untouched
// language as the entry holds it must not drop the tick with it).
func TestTranslatorMarksInLine(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translatorOf(t, e, "ru")
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("draft"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "The English, rewritten: new opening hours of the hotline.")
	f.Set("update.en", "yes")
	sitetest.Expect(t, "the editor's English that matters", ed.Post(path, f), http.StatusSeeOther)
	outdated := func() int {
		return sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND lang = 'ru' AND outdated_since IS NOT NULL`, id)
	}
	if outdated() != 1 {
		t.Fatal("the Russian is not flagged after the English changed")
	}
	d := tr.Page(path, http.StatusOK)
	if d.Find(`input[name="inline.ru"]`).Length() == 0 {
		t.Fatal("the translator's form offers no in-line tick")
	}
	mine := sitetest.FormOf(d, "#entry-form")
	mine.Set("inline.ru", "1")
	sitetest.Expect(t, "the translator's tick", tr.Post(path, mine), http.StatusSeeOther)
	if outdated() != 0 {
		t.Error("the translator's in-line tick was dropped: the Russian is still flagged")
	}
}
