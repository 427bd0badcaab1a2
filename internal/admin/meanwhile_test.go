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
	tr, u := e.Login("tr@example.org", store.RoleTranslator)
	if err := e.Store.SetUserLanguages(t.Context(), u.ID, []string{"en"}, store.AuditEntry{Action: "user.languages", ObjectType: "user"}); err != nil {
		t.Fatal(err)
	}
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
