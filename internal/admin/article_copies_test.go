package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// liveArticles is what the public reads of the demo's latest issue in a
// language: its articles' titles, and each article's text.
func liveArticles(t *testing.T, e *sitetest.Env, lang string) (titles []string, bodies []string) {
	t.Helper()
	latest, err := e.Store.LatestNewsletter(t.Context(), lang)
	if err != nil {
		t.Fatal(err)
	}
	n, err := e.Store.NewsletterByID(t.Context(), lang, latest.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range n.Articles {
		titles, bodies = append(titles, a.Title), append(bodies, a.BodyHTML)
	}
	return titles, bodies
}

// latestIssue is the demo's latest issue's edit page.
func latestIssue(t *testing.T, e *sitetest.Env) (int64, string) {
	t.Helper()
	n, err := e.Store.LatestNewsletter(t.Context(), "en")
	if err != nil {
		t.Fatal(err)
	}
	return n.ID, "/admin/entries/" + strconv.FormatInt(n.ID, 10)
}

// TestTranslatorArticlesWaitForReview: a translator's changes to a live
// issue's article texts are held back with their language's text — the
// public reads the issue as it was, the translator's form shows their
// changes — and go live when an editor approves them; the new text is in
// line with the article's other languages, so nothing is flagged.
func TestTranslatorArticlesWaitForReview(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	c, _ := translator(t, e)
	id, path := latestIssue(t, e)
	before, _ := liveArticles(t, e, "ru")

	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("article.0.title.ru", "Уточнённый заголовок статьи")
	f.Set("article.0.body.ru", "Уточнённый текст статьи.")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("translator's save: %d", res.StatusCode)
	}
	if got, _ := liveArticles(t, e, "ru"); got[0] != before[0] {
		t.Fatalf("a translator's plain save put the article live: %q", got[0])
	}
	d := c.Page(path, http.StatusOK)
	if got := d.Find(`input[name="article.0.title.ru"]`).AttrOr("value", ""); got != "Уточнённый заголовок статьи" {
		t.Errorf("the translator's form shows %q, not their changes", got)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1 AND lang = 'ru'`, id); n != 1 {
		t.Fatal("the Russian has no working copy to review")
	}

	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("action", "submit")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if got, _ := liveArticles(t, e, "ru"); got[0] != before[0] {
		t.Fatal("submitting put the article live")
	}
	// The reviewing editor sees what changed in the article.
	page := ed.Page(path, http.StatusOK)
	if got := page.Find("#lang-ru .pending-changes h2").Text(); !strings.Contains(got, "Article 1: title") || !strings.Contains(got, "Article 1: text") {
		t.Errorf("the changes under review show %q, not the article's", got)
	}
	ef := sitetest.FormOf(page, "#entry-form")
	ef.Set("action", "approve")
	if res := ed.Post(path+"/review/ru", ef); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	titles, bodies := liveArticles(t, e, "ru")
	if titles[0] != "Уточнённый заголовок статьи" || !strings.Contains(bodies[0], "Уточнённый текст статьи.") {
		t.Fatalf("approved, the public reads %q", titles[0])
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM newsletter_article_drafts w JOIN newsletter_articles a ON a.id = w.article_id
		WHERE a.entry_id = $1`, id); n != 0 {
		t.Errorf("%d article working copies left after approval", n)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND outdated_since IS NOT NULL`, id); n != 0 {
		t.Errorf("%d languages flagged outdated by a translation", n)
	}
}

// TestEditorArticlesHeldUntilPublished: an editor's plain save holds an
// article's changes and a new article back; "Put the live text back"
// brings the live article text into the form; "Save and publish changes"
// puts them live, the new article in line with its other language.
func TestEditorArticlesHeldUntilPublished(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	id, path := latestIssue(t, e)
	enBefore, _ := liveArticles(t, e, "en")

	res := ed.Post(path, withAction(sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form"), "add_article"))
	f := sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	last := 0
	for ; f.Has("article." + strconv.Itoa(last+1) + ".position"); last++ {
	}
	n := "article." + strconv.Itoa(last) + "."
	f.Set(n+"title.en", "A new article")
	f.Set(n+"body.en", "Its text.")
	f.Set(n+"title.ru", "Новая статья")
	f.Set(n+"body.ru", "Её текст.")
	f.Set("article.0.title.en", "Retitled, held back")
	f.Set("update.en", "no") // a correction: the Russian stays in line
	f.Set("action", "save")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if got := ed.Page(path, http.StatusOK).Find(".flash").Text(); !strings.HasPrefix(got, "Saved as unpublished changes") {
		t.Errorf("saved: %q", got)
	}
	if got, _ := liveArticles(t, e, "en"); len(got) != len(enBefore) || got[0] != enBefore[0] {
		t.Fatalf("a plain save changed the live issue: %q", got)
	}

	// Put back: the live title again in the form; saved, the change is
	// given up, the new article's waits on.
	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	if f.Get("article.0.title.en") != "Retitled, held back" {
		t.Fatalf("the form shows %q, not the changes", f.Get("article.0.title.en"))
	}
	d := sitetest.ParseDoc(t, ed.Post(path, withAction(f, "discard.en")))
	f = sitetest.FormOf(d, "#entry-form")
	if f.Get("article.0.title.en") != enBefore[0] || f.Get(n+"title.en") != "" {
		t.Errorf("put back: %q and %q", f.Get("article.0.title.en"), f.Get(n+"title.en"))
	}
	// Saved so, the article's change is given up — no news for the
	// Russian — and the new article's English with it.
	revision := func() int {
		return sitetest.Count(e, `SELECT m.revision FROM newsletter_article_translations m JOIN newsletter_articles a ON a.id = m.article_id
			WHERE a.entry_id = $1 AND a.position = 1 AND m.lang = 'en'`, id)
	}
	was := revision()
	f.Set("update.en", "") // left to the change itself
	f.Set("action", "save")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the live text back: %d", res.StatusCode)
	}
	if revision() != was || sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND outdated_since IS NOT NULL`, id) != 0 {
		t.Error("giving up an article's changes marked the other languages")
	}
	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("article.0.title.en", "Retitled, held back")
	f.Set("update.en", "no")
	f.Set(n+"title.en", "A new article")
	f.Set(n+"body.en", "Its text.")
	f.Set("action", "save")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save again: %d", res.StatusCode)
	}

	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("action", "publish")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	en, _ := liveArticles(t, e, "en")
	ru, _ := liveArticles(t, e, "ru")
	if en[0] != "Retitled, held back" || en[len(en)-1] != "A new article" || ru[len(ru)-1] != "Новая статья" {
		t.Fatalf("published: %q, %q", en, ru)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1`, id); n != 0 {
		t.Errorf("%d working copies left after publishing", n)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND outdated_since IS NOT NULL`, id); n != 0 {
		t.Errorf("%d languages outdated after adding an article in both", n)
	}
}

// TestPublishLeavesTranslatorChanges: "Save and publish changes" puts the
// editor's changes live but leaves a translator's unsubmitted Russian
// changes to the review, and says so; an editor who edits the Russian
// publishes it.
func TestPublishLeavesTranslatorChanges(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	c, _ := translator(t, e)
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)

	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.ru", "Черновик переводчика.")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("translator's save: %d", res.StatusCode)
	}
	liveRu := func() string {
		var s string
		if err := e.Pool.QueryRow(t.Context(), `SELECT summary FROM translations WHERE entry_id = $1 AND lang = 'ru'`, id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	was := liveRu()

	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.en", "The editor's summary.")
	f.Set("action", "publish")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if got := ed.Page(path, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "The changes in Russian were left unpublished: they are a translator’s") {
		t.Errorf("the message does not say what was left: %q", got)
	}
	if liveRu() != was {
		t.Fatal("publishing put a translator's unsubmitted text live")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND lang = 'en' AND summary = 'The editor''s summary.'`, id); n != 1 {
		t.Error("the editor's English was not published")
	}
	// Pressed again with nothing changed: nothing to do, and said why.
	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("action", "publish")
	ed.Post(path, f)
	if got := ed.Page(path, http.StatusOK).Find(".flash").Text(); !strings.HasPrefix(got, "The changes in Russian were left unpublished") {
		t.Errorf("publishing again: %q", got)
	}
	// The editor edits the Russian: their text, published.
	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.ru", "Черновик переводчика, вычитанный.")
	f.Set("action", "publish")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish the edited Russian: %d", res.StatusCode)
	}
	if got := liveRu(); got != "Черновик переводчика, вычитанный." {
		t.Errorf("the editor's edit of the Russian: live %q", got)
	}
}

// TestArticleChangesGoLiveAtTheirTime: an issue's article changes
// scheduled with their language go live with it (store.PublishDue), and
// an emptied article text is taken away then, not before.
func TestArticleChangesGoLiveAtTheirTime(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	id, path := latestIssue(t, e)
	ruBefore, _ := liveArticles(t, e, "ru")
	if len(ruBefore) < 2 {
		t.Fatalf("the demo issue has %d Russian articles", len(ruBefore))
	}
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("article.0.title.ru", "Заголовок к сроку")
	f.Set("article.1.title.ru", "")
	f.Set("article.1.body.ru", "")
	f.Set("status.ru", "scheduled")
	f.Set("publish_at.ru", "2999-01-01T10:00")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d", res.StatusCode)
	}
	if got, _ := liveArticles(t, e, "ru"); len(got) != len(ruBefore) || got[0] != ruBefore[0] {
		t.Fatalf("scheduled changes are live already: %q", got)
	}
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translation_drafts SET publish_at = now() - interval '1 second' WHERE entry_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.PublishDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	got, _ := liveArticles(t, e, "ru")
	if len(got) != len(ruBefore)-1 || got[0] != "Заголовок к сроку" {
		t.Fatalf("after their time: %q", got)
	}
	d, _, err := e.Store.EntryForEdit(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range d.Articles {
		if len(a.Live) != 0 {
			t.Errorf("article %d still has changes waiting: %v", a.ID, a.Live)
		}
	}
}

// TestSendPageSaysChangesAreNotSent: the send page of an issue with
// unpublished changes names the published title, which is what
// subscribers get, and says the changes are not sent.
func TestSendPageSaysChangesAreNotSent(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	_, path := latestIssue(t, e)
	f := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	live := f.Get("title.en")
	f.Set("title.en", "A title not yet published")
	f.Set("article.0.title.en", "An article title not yet published")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	d := ed.Page(path+"/send", http.StatusOK)
	en, ru := d.Find(`tr[data-lang="en"] th`), d.Find(`tr[data-lang="ru"] th`)
	if !strings.Contains(en.Text(), live) || strings.Contains(en.Text(), "not yet published") || en.Find(".changes-unsent").Length() != 1 {
		t.Errorf("the English row: %q", en.Text())
	}
	if ru.Find(".changes-unsent").Length() != 0 {
		t.Error("the Russian, without changes, is said to have some")
	}
}

// TestPublishLeavesTranslatorArticles: a translator's changes to an
// issue's Russian articles alone stay theirs through an editor's save of
// something else, so "Save and publish changes" leaves them to the review.
func TestPublishLeavesTranslatorArticles(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	c, _ := translator(t, e)
	_, path := latestIssue(t, e)
	before, _ := liveArticles(t, e, "ru")
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("article.0.title.ru", "Черновик переводчика")
	if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("translator's save: %d", res.StatusCode)
	}
	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.en", "The editor's own change, held back.")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor's save: %d", res.StatusCode)
	}
	f = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	f.Set("action", "publish")
	if res := ed.Post(path, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if got := ed.Page(path, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "The changes in Russian were left unpublished") {
		t.Errorf("publish: %q", got)
	}
	if got, _ := liveArticles(t, e, "ru"); got[0] != before[0] {
		t.Errorf("a translator's article went live unreviewed: %q", got[0])
	}
}
