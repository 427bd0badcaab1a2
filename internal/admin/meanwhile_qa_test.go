package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/demo"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// qaIssue makes an issue with English texts and two articles in English
// only, its Russian left for the translator; status is every language's.
func qaIssue(t *testing.T, c *sitetest.Client, status string) (int64, string) {
	t.Helper()
	f := sitetest.FormOf(c.Page("/admin/entries/new?kind=newsletter", http.StatusOK), "#entry-form")
	f.Set("status.en", status)
	f.Set("period", "2013-03")
	f.Set("title.en", "Newsletter March 2013")
	f.Set("article.0.title.en", "First article")
	f.Set("article.0.body.en", "The first article's text.")
	res := c.Post("/admin/entries/new?kind=newsletter", withAction(f, "add_article"))
	f = sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	f.Set("article.1.title.en", "Second article")
	f.Set("article.1.body.en", "The second article's text.")
	id := sitetest.CreateEntry(t, c, "newsletter", f)
	return id, "/admin/entries/" + strconv.FormatInt(id, 10)
}

// issueTranslatedMeanwhile is a live issue of two articles whose editor
// (ed) opened its form (edForm) before a translator (tr) saved its
// Russian title and both articles' Russian.
func issueTranslatedMeanwhile(t *testing.T) (e *sitetest.Env, ed, tr *sitetest.Client, id int64, path string, edForm url.Values) {
	t.Helper()
	e = sitetest.New(t)
	ed, _ = e.Login("ed@example.org", store.RoleEditor)
	tr, _ = translator(t, e)
	id, path = qaIssue(t, ed, "published")
	edForm = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	trForm.Set("title.ru", "Бюллетень, март 2013")
	trForm.Set("article.0.title.ru", "Первая статья")
	trForm.Set("article.0.body.ru", "Текст первой статьи.")
	trForm.Set("article.1.title.ru", "Вторая статья")
	trForm.Set("article.1.body.ru", "Текст второй статьи.")
	sitetest.Expect(t, "the translator's Russian", tr.Post(path, trForm), http.StatusSeeOther)
	return e, ed, tr, id, path, edForm
}

// articleTexts is an issue's stored article texts in lang, by article id.
func articleTexts(t *testing.T, e *sitetest.Env, id int64, lang string) map[int64]string {
	t.Helper()
	rows, err := e.Pool.Query(context.Background(), `SELECT a.id, coalesce(w.title, m.title, '') || '|' || coalesce(w.body_md, m.body_md, '')
		FROM newsletter_articles a
		LEFT JOIN newsletter_article_translations m ON m.article_id = a.id AND m.lang = $2
		LEFT JOIN newsletter_article_drafts w ON w.article_id = a.id AND w.lang = $2
		WHERE a.entry_id = $1`, id, lang)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var aid int64
		var s string
		if err := rows.Scan(&aid, &s); err != nil {
			t.Fatal(err)
		}
		out[aid] = s
	}
	return out
}

// TestQATranslatorArticleRemovedMeanwhile: a translator translating an
// issue's articles into Russian, from a form opened before an editor
// removed one of the articles, is not told "Saved" while the Russian they
// typed for the removed article is dropped: the save meets the conflict
// page (as it did before saves went on over other changes).
func TestQATranslatorArticleRemovedMeanwhile(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	id, path := qaIssue(t, ed, "draft")

	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	edForm := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	edForm.Set("article.1.remove", "1")
	sitetest.Expect(t, "the editor removes the second article", ed.Post(path, edForm), http.StatusSeeOther)

	trForm.Set("title.ru", "Бюллетень, март 2013")
	trForm.Set("article.0.title.ru", "Первая статья")
	trForm.Set("article.0.body.ru", "Текст первой статьи.")
	trForm.Set("article.1.title.ru", "Вторая статья")
	trForm.Set("article.1.body.ru", "Текст второй статьи, переведённый зря?")
	d := sitetest.Expect(t, "the translator's Russian of an article removed meanwhile", tr.Post(path, trForm), http.StatusConflict)
	mine := sitetest.FormOf(d, "#entry-form")
	if !strings.Contains(d.Text(), "Текст второй статьи, переведённый зря?") || mine.Get("article.0.body.ru") != "Текст первой статьи." {
		t.Fatalf("the conflict page lost the translator's text: %v", mine)
	}
	if note := d.Find(".form-error.removed").Text(); !strings.Contains(note, "saving leaves them out") || !strings.Contains(note, "Article 2") {
		t.Errorf("the conflict page does not say which article was removed, and that it is not kept: %q", note)
	}
	// Saved from the conflict page: their Russian of the article still
	// there is kept, the removed one stays removed.
	sitetest.Expect(t, "the translator's save from the conflict page", tr.Post(path, mine), http.StatusSeeOther)
	ru := articleTexts(t, e, id, "ru")
	if len(ru) != 1 || mapValues(ru)[0] != "Первая статья|Текст первой статьи." {
		t.Errorf("the Russian after the conflict page: %v", ru)
	}
}

// TestQATranslatorArticlesReorderedMeanwhile: articles reordered by an
// editor while a translator translates them: each Russian text lands on
// its own article.
func TestQATranslatorArticlesReorderedMeanwhile(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	id, path := qaIssue(t, ed, "draft")

	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	first := trForm.Get("article.0.id")
	edForm := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	edForm.Set("article.0.position", "3")
	sitetest.Expect(t, "the editor reorders", ed.Post(path, edForm), http.StatusSeeOther)
	if got := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form").Get("article.1.id"); got != first {
		t.Fatalf("reorder did not take: %s", got)
	}

	trForm.Set("title.ru", "Бюллетень, март 2013")
	trForm.Set("article.0.title.ru", "Первая статья")
	trForm.Set("article.0.body.ru", "Текст первой статьи.")
	sitetest.Expect(t, "the translator's Russian after the reorder", tr.Post(path, trForm), http.StatusSeeOther)
	fid, _ := strconv.ParseInt(first, 10, 64)
	got := articleTexts(t, e, id, "ru")
	if got[fid] != "Первая статья|Текст первой статьи." {
		t.Errorf("the first article's Russian: %v", got)
	}
	en := articleTexts(t, e, id, "en")
	if en[fid] != "First article|The first article's text." {
		t.Errorf("the English: %v", en)
	}
}

// TestQAEditorIssueAfterTranslator: an editor's plain save of the issue's
// English from a form opened before a translator saved the Russian of its
// articles keeps the Russian; an editor adding an article meanwhile does
// not lose the translator's texts either.
func TestQAEditorIssueAfterTranslator(t *testing.T) {
	t.Parallel()
	e, ed, tr, id, path, edForm := issueTranslatedMeanwhile(t)
	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")

	edForm.Set("article.0.body.en", "The first article's text, revised.")
	sitetest.Expect(t, "the editor's English from before", ed.Post(path, edForm), http.StatusSeeOther)
	ru := articleTexts(t, e, id, "ru")
	if len(ru) != 2 || !strings.Contains(strings.Join(mapValues(ru), ","), "Первая статья|Текст первой статьи.") ||
		!strings.Contains(strings.Join(mapValues(ru), ","), "Вторая статья|Текст второй статьи.") {
		t.Fatalf("the Russian after the editor's save: %v", ru)
	}

	// The editor adds an article while the translator revises.
	edForm = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	res := ed.Post(path, withAction(edForm, "add_article"))
	edForm = sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	edForm.Set("article.2.title.en", "Third article")
	edForm.Set("article.2.body.en", "The third article's text.")
	sitetest.Expect(t, "the editor adds an article", ed.Post(path, edForm), http.StatusSeeOther)
	trForm.Set("article.1.body.ru", "Текст второй статьи, исправленный.")
	sitetest.Expect(t, "the translator's revision", tr.Post(path, trForm), http.StatusSeeOther)
	ru = articleTexts(t, e, id, "ru")
	en := articleTexts(t, e, id, "en")
	if len(ru) != 3 || len(en) != 3 || !strings.Contains(strings.Join(mapValues(ru), ","), "Вторая статья|Текст второй статьи, исправленный.") ||
		!strings.Contains(strings.Join(mapValues(en), ","), "Third article|The third article's text.") {
		t.Errorf("after add + translator: ru %v en %v", ru, en)
	}
}

func mapValues(m map[int64]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// qaLive makes a news item live in both languages.
func qaLive(t *testing.T, e *sitetest.Env, ed *sitetest.Client) (int64, string) {
	t.Helper()
	id := sitetest.CreateEntry(t, ed, "news", sitetest.NewsForm("published"))
	return id, "/admin/entries/" + strconv.FormatInt(id, 10)
}

// textOf is lang's stored text: the live one and the working copy's
// (empty without one).
func textOf(t *testing.T, e *sitetest.Env, id int64, lang string) (live, copy string) {
	t.Helper()
	if err := e.Pool.QueryRow(context.Background(), `SELECT t.title || '|' || t.slug || '|' || t.body_md,
		coalesce(w.title || '|' || w.slug || '|' || w.body_md, '')
		FROM translations t LEFT JOIN translation_drafts w USING (entry_id, lang) WHERE t.entry_id = $1 AND t.lang = $2`, id, lang).Scan(&live, &copy); err != nil {
		t.Fatal(err)
	}
	return live, copy
}

// TestQAReviewAndOldEditorForm: a translator's Russian changes to a live
// text, submitted for review, stay off the site through an editor's plain
// save from a form opened before them, and go live when approved.
func TestQAReviewAndOldEditorForm(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	id, path := qaLive(t, e, ed)
	liveRU, _ := textOf(t, e, id, "ru")

	edForm := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	trForm.Set("body.ru", "Непроверенный текст переводчика.")
	trForm.Set("action", "submit")
	sitetest.Expect(t, "submit", tr.Post(path, trForm), http.StatusSeeOther)

	edForm.Set("body.en", "The editor's English, held back.")
	sitetest.Expect(t, "the editor's old form", ed.Post(path, edForm), http.StatusSeeOther)
	live, cp := textOf(t, e, id, "ru")
	if live != liveRU || !strings.Contains(cp, "Непроверенный текст переводчика.") {
		t.Fatalf("ru live %q copy %q", live, cp)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1 AND lang = 'ru' AND state = 'waiting'`, id); n != 1 {
		t.Errorf("the review was ended by the editor's save")
	}
	ruPage := e.Doc("/ru/news/"+strings.Split(liveRU, "|")[1], http.StatusOK)
	if strings.Contains(ruPage.Text(), "Непроверенный") {
		t.Fatal("unreviewed text live")
	}
	// Editor's "Publish changes" from a form opened before the review
	// text: refused.
	edForm = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	trForm = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	trForm.Set("body.ru", "Непроверенный текст переводчика, вторая версия.")
	sitetest.Expect(t, "translator again", tr.Post(path, trForm), http.StatusSeeOther)
	edForm.Set("body.en", "The editor's English, published.")
	res := ed.Post(path, withAction(edForm, "publish"))
	if res.StatusCode == http.StatusSeeOther {
		if live, _ := textOf(t, e, id, "ru"); strings.Contains(live, "Непроверенный") {
			t.Fatal("Publish changes from an old form put the unreviewed Russian live")
		}
	}
	// Approve from a fresh page.
	sitetest.Expect(t, "approve", approve(ed, path), http.StatusSeeOther)
	if live, _ := textOf(t, e, id, "ru"); !strings.Contains(live, "вторая версия") {
		t.Errorf("approved, live ru %q", live)
	}
}

// TestQAPublishedMeanwhile: editor B publishes the English changes (new
// slug) while editor A's form is open; A's plain save of the Russian
// leaves the English live as B published it, at its new address.
func TestQAPublishedMeanwhile(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("a@example.org", store.RoleEditor)
	b, _ := e.Login("b@example.org", store.RoleEditor)
	id, path := qaLive(t, e, a)
	// A working copy of the English first, seen by both.
	f := sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "English copy one.")
	sitetest.Expect(t, "copy", a.Post(path, f), http.StatusSeeOther)

	aForm := sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
	bForm := sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	bForm.Set("slug.en", "hotline-trainers-renamed")
	sitetest.Expect(t, "B publishes", b.Post(path, withAction(bForm, "publish")), http.StatusSeeOther)
	aForm.Set("body.ru", "Русский текст редактора А.")
	sitetest.Expect(t, "A's save", a.Post(path, aForm), http.StatusSeeOther)
	live, cp := textOf(t, e, id, "en")
	if live != "Hotline trainers meet in Mary|hotline-trainers-renamed|English copy one." || cp != "" {
		t.Errorf("en live %q copy %q", live, cp)
	}
	e.Doc("/en/news/hotline-trainers-renamed", http.StatusOK)

	// B puts the English live text back (discards a copy) meanwhile.
	f = sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.en", "English copy two.")
	sitetest.Expect(t, "copy two", a.Post(path, f), http.StatusSeeOther)
	aForm = sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
	bForm = sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	res := b.Post(path, withAction(bForm, "discard.en"))
	bForm = sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	bForm.Del("action")
	sitetest.Expect(t, "B gives the copy up", b.Post(path, bForm), http.StatusSeeOther)
	if _, cp := textOf(t, e, id, "en"); cp != "" {
		t.Fatalf("copy kept: %q", cp)
	}
	aForm.Set("title.ru", "Заголовок А")
	sitetest.Expect(t, "A's save after the discard", a.Post(path, aForm), http.StatusSeeOther)
	if _, cp := textOf(t, e, id, "en"); cp != "" {
		t.Errorf("A's old form brought the given-up English copy back: %q", cp)
	}
}

// TestQAScheduledAndImageMeanwhile: editor B schedules the Russian
// changes, and gives the English its own lead image, while A's form is
// open; A's plain save of the English body keeps both.
func TestQAScheduledAndImageMeanwhile(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("a@example.org", store.RoleEditor)
	b, _ := e.Login("b@example.org", store.RoleEditor)
	id, path := qaLive(t, e, a)
	img := sitetest.Uploaded(b, "lead.png", sitetest.PNG(t, 40, 30, 90))
	if res := b.Post("/admin/media/"+strconv.FormatInt(img, 10), url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"Lead"}, "alt.ru": {"Фото"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe: %d", res.StatusCode)
	}

	aForm := sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
	bForm := sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	bForm.Set("body.ru", "Запланированный русский текст.")
	bForm.Set("status.ru", "scheduled")
	bForm.Set("publish_at.ru", "2099-01-01T10:00")
	res := b.Post(path, bForm)
	if res.StatusCode != http.StatusSeeOther {
		d := sitetest.ParseDoc(t, res)
		t.Fatalf("B schedules: %d %s", res.StatusCode, d.Find(".error, .field-error").Text())
	}
	var at string
	_ = e.Pool.QueryRow(context.Background(), `SELECT coalesce(w.publish_at::text, 'none') FROM translation_drafts w WHERE entry_id = $1 AND lang = 'ru'`, id).Scan(&at)
	t.Logf("ru copy publish_at %s", at)
	aForm.Set("body.en", "A's English.")
	sitetest.Expect(t, "A's save", a.Post(path, aForm), http.StatusSeeOther)
	var at2 string
	_ = e.Pool.QueryRow(context.Background(), `SELECT coalesce(w.publish_at::text, 'none') FROM translation_drafts w WHERE entry_id = $1 AND lang = 'ru'`, id).Scan(&at2)
	live, cp := textOf(t, e, id, "ru")
	if at2 != at || !strings.Contains(cp, "Запланированный") || strings.Contains(live, "Запланированный") {
		t.Errorf("ru after A: live %q copy %q at %s (was %s)", live, cp, at2, at)
	}

	// B gives the English its own image.
	aForm = sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
	bForm = sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	bForm.Set("lead_image.en", strconv.FormatInt(img, 10))
	res = b.Post(path, bForm)
	if res.StatusCode != http.StatusSeeOther {
		d := sitetest.ParseDoc(t, res)
		t.Fatalf("B's image: %d %s", res.StatusCode, d.Find(".error, .field-error").Text())
	}
	aForm.Set("title.ru", "Заголовок А")
	sitetest.Expect(t, "A's save after the image", a.Post(path, aForm), http.StatusSeeOther)
	n := sitetest.Count(e, `SELECT count(*) FROM translations t LEFT JOIN translation_drafts w USING (entry_id, lang)
		WHERE t.entry_id = $1 AND t.lang = 'en' AND coalesce(w.lead_image_id, t.lead_image_id) = $2`, id, img)
	if n != 1 {
		t.Errorf("A's old form dropped the English image B chose")
	}
}

// TestQAPageReviewReturnedMeanwhile: a page live in both languages; an
// editor publishes English changes under a new address while a
// translator's form is open; the translator's Russian, submitted, waits;
// sent back, it stays waiting through another editor's plain save of the
// English from a form opened before all that; nothing unreviewed is
// public.
func TestQAPageReviewReturnedMeanwhile(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("a@example.org", store.RoleEditor)
	b, _ := e.Login("b@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	f := sitetest.NewsForm("published")
	f.Set("kind", "page")
	f.Set("title.en", "About the hotline")
	f.Set("title.ru", "О горячей линии")
	id := sitetest.CreateEntry(t, a, "page", f)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	liveRU, _ := textOf(t, e, id, "ru")

	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	bForm := sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	bForm.Set("slug.en", "hotline-about")
	bForm.Set("body.en", "B's English, published.")
	sitetest.Expect(t, "B publishes", b.Post(path, withAction(bForm, "publish")), http.StatusSeeOther)
	aForm := sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")

	trForm.Set("body.ru", "Русский перевод на проверку.")
	trForm.Set("action", "submit")
	sitetest.Expect(t, "the translator submits", tr.Post(path, trForm), http.StatusSeeOther)
	rf := sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	rf.Set("action", "return")
	rf.Set("review_comment.ru", "Please check the second paragraph.")
	sitetest.Expect(t, "sent back", b.Post(path+"/review/ru", rf), http.StatusSeeOther)

	aForm.Set("summary.en", "A's summary.")
	sitetest.Expect(t, "A's save from the old form", a.Post(path, aForm), http.StatusSeeOther)
	en, enCopy := textOf(t, e, id, "en")
	if !strings.Contains(en, "hotline-about|B's English, published.") || !strings.Contains(enCopy, "hotline-about|B's English, published.") {
		t.Errorf("B's published English after A's save: %q / %q", en, enCopy)
	}
	live, cp := textOf(t, e, id, "ru")
	if live != liveRU || !strings.Contains(cp, "Русский перевод на проверку.") {
		t.Errorf("ru live %q copy %q", live, cp)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1 AND lang = 'ru' AND state = 'returned'`, id); n != 1 {
		t.Errorf("the sent-back review is gone")
	}
	if strings.Contains(e.Doc("/ru/"+strings.Split(liveRU, "|")[1], http.StatusOK).Text(), "на проверку") {
		t.Error("the unreviewed Russian is public")
	}
	e.Doc("/en/hotline-about", http.StatusOK)
}

// TestQALanguageOnOffMeanwhile: Turkmen texts survive saves from forms
// opened while Turkmen was on and saved after it was turned off (with no
// conflict page over the Turkmen changed meanwhile), and
// from forms opened while it was off and saved after it was turned on.
func TestQALanguageOnOffMeanwhile(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("chief@example.org", "admin")
	b, _ := e.Login("b@example.org", store.RoleEditor)
	turkmen := func(on bool) { t.Helper(); c.TurnLanguage("tk", on) }
	turkmen(true)
	f := sitetest.NewsForm("draft")
	f.Set("status.tk", "draft")
	f.Set("title.tk", "Ynamdar telefon liniýasy")
	f.Set("body.tk", "Birinji abzas.")
	id := sitetest.CreateEntry(t, c, "news", f)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	tk := func() string {
		var s string
		_ = e.Pool.QueryRow(context.Background(), `SELECT coalesce((SELECT body_md FROM translations WHERE entry_id = $1 AND lang = 'tk'), 'none')`, id).Scan(&s)
		return s
	}

	// Open while on; B changes the Turkmen; turned off; A saves English.
	aForm := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	bForm := sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	bForm.Set("body.tk", "B-niň türkmençe teksti.")
	sitetest.Expect(t, "B's Turkmen", b.Post(path, bForm), http.StatusSeeOther)
	turkmen(false)
	aForm.Set("body.en", "A's English.")
	// No conflict page: the save leaves the Turkmen, which A's form no
	// longer carries, as it is.
	sitetest.Expect(t, "A's save with Turkmen turned off meanwhile", c.Post(path, aForm), http.StatusSeeOther)
	if got := tk(); got != "B-niň türkmençe teksti." {
		t.Errorf("Turkmen after a save with it turned off meanwhile: %q", got)
	}

	// Open while off; turned on; saved.
	aForm = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	turkmen(true)
	aForm.Set("body.ru", "Русский текст А.")
	sitetest.Expect(t, "A's save with Turkmen turned on meanwhile", c.Post(path, aForm), http.StatusSeeOther)
	if got := tk(); got != "B-niň türkmençe teksti." {
		t.Errorf("Turkmen after a save from a form opened while it was off: %q", got)
	}
}

// TestQAUnpublishedCopyPublishedAgain: a translator's Russian changes
// wait for review; an editor takes the entry down; another editor, from a
// form opened before, saves a change to the English summary; "Publish
// again" then puts back what the public read, not the unreviewed text.
func TestQAUnpublishedCopyPublishedAgain(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("a@example.org", store.RoleEditor)
	b, _ := e.Login("b@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	id, path := qaLive(t, e, a)
	liveRU, _ := textOf(t, e, id, "ru")
	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	trForm.Set("body.ru", "Непроверенный русский текст.")
	sitetest.Expect(t, "submit", tr.Post(path, withAction(trForm, "submit")), http.StatusSeeOther)

	aForm := sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
	sitetest.EntryAction(t, b, path, "unpublish")
	aForm.Set("summary.en", "A's summary.")
	res := a.Post(path, aForm)
	t.Logf("A's save from before the unpublish: %d", res.StatusCode)
	if res.StatusCode == http.StatusConflict {
		res = a.Post(path, sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form"))
		t.Logf("A's save from the conflict page: %d", res.StatusCode)
	}
	live, cp := textOf(t, e, id, "ru")
	t.Logf("after A's save: ru row %q copy %q", live, cp)
	publishAgainHoldsReview(t, e, b, id, path, liveRU, "Непроверенный русский текст.")
}

// publishAgainHoldsReview: the editor's "Publish again" puts back the
// Russian the public read (liveRU) while the translator's text still
// waits for review, and approving it then puts live a text with want.
func publishAgainHoldsReview(t *testing.T, e *sitetest.Env, editor *sitetest.Client, id int64, path, liveRU, want string) {
	t.Helper()
	sitetest.EntryAction(t, editor, path, "publish")
	if live, cp := textOf(t, e, id, "ru"); live != liveRU {
		t.Errorf("Publish again put live %q, not what the public read (%q); copy %q", live, liveRU, cp)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1 AND lang = 'ru' AND state = 'waiting'`, id); n != 1 {
		t.Fatal("the review ended without an approval")
	}
	// Approve from a fresh page.
	sitetest.Expect(t, "approve", approve(editor, path), http.StatusSeeOther)
	if live, _ := textOf(t, e, id, "ru"); !strings.Contains(live, want) {
		t.Errorf("approved, the Russian is %q", live)
	}
}

// TestQAIssueEditionImageMeanwhile: while a translator's form of a live
// issue is open, an editor gives the Russian its own PDF edition and
// cover; the translator's save of a Russian article keeps both, and the
// article's change waits for review while the public reads the old one.
func TestQAIssueEditionImageMeanwhile(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	id, path := latestIssue(t, e)
	before, _ := liveArticles(t, e, "ru")
	pdf := sitetest.Uploaded(ed, "bulletin-ru.pdf", demo.PDF("Бюллетень", []string{"Строка."}))
	cover := describedPhoto(t, ed, "cover", 70)

	trForm := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	edForm := sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	edForm.Set("edition.ru", strconv.FormatInt(pdf, 10))
	edForm.Set("lead_image.ru", strconv.FormatInt(cover, 10))
	sitetest.Expect(t, "the editor's Russian edition and cover", ed.Post(path, withAction(edForm, "publish")), http.StatusSeeOther)

	// The Russian's own cover is the Russian's part: the translator's
	// Russian from before it meets the conflict page, their text kept.
	trForm.Set("article.0.body.ru", "Перевод статьи, исправленный.")
	d := sitetest.Expect(t, "the translator's article", tr.Post(path, withAction(trForm, "submit")), http.StatusConflict)
	trForm = sitetest.FormOf(d, "#entry-form")
	if trForm.Get("article.0.body.ru") != "Перевод статьи, исправленный." {
		t.Fatalf("the conflict page lost the translator's text: %q", trForm.Get("article.0.body.ru"))
	}
	// The edition alone is the issue's: a save from before it goes on.
	edForm = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	edForm.Del("edition.ru")
	sitetest.Expect(t, "the editor drops the Russian edition", ed.Post(path, edForm), http.StatusSeeOther)
	edForm = sitetest.FormOf(ed.Page(path, http.StatusOK), "#entry-form")
	edForm.Set("edition.ru", strconv.FormatInt(pdf, 10))
	sitetest.Expect(t, "the editor's Russian edition again", ed.Post(path, edForm), http.StatusSeeOther)
	sitetest.Expect(t, "the translator's article from the conflict page", tr.Post(path, withAction(trForm, "submit")), http.StatusSeeOther)
	if n := sitetest.Count(e, `SELECT count(*) FROM newsletter_editions WHERE entry_id = $1 AND lang = 'ru' AND media_id = $2`, id, pdf); n != 1 {
		t.Error("the translator's save dropped the Russian edition")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations t LEFT JOIN translation_drafts w USING (entry_id, lang)
		WHERE t.entry_id = $1 AND t.lang = 'ru' AND t.lead_image_id = $2 AND coalesce(w.lead_image_id, t.lead_image_id) = $2`, id, cover); n != 1 {
		t.Error("the translator's save dropped the Russian cover")
	}
	if got, _ := liveArticles(t, e, "ru"); got[0] != before[0] {
		t.Errorf("the public's Russian article changed: %q", got[0])
	}
	_, bodies := liveArticles(t, e, "ru")
	if strings.Contains(bodies[0], "исправленный") {
		t.Error("unreviewed article text live")
	}
}

// TestQAIssueLanguageTurnedOn: an issue's Turkmen article text and
// edition survive a save from a form opened while Turkmen was off and
// saved after it was turned on.
func TestQAIssueLanguageTurnedOn(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("chief@example.org", "admin")
	turkmen := func(on bool) { t.Helper(); c.TurnLanguage("tk", on) }
	turkmen(true)
	id, path := qaIssue(t, c, "draft")
	pdf := sitetest.Uploaded(c, "bulletin-tk.pdf", demo.PDF("Byulleten", []string{"Setir."}))
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.tk", "Byulleten, mart 2013")
	f.Set("article.0.title.tk", "Birinji makala")
	f.Set("article.0.body.tk", "Birinji makalanyň teksti.")
	f.Set("edition.tk", strconv.FormatInt(pdf, 10))
	sitetest.Expect(t, "Turkmen", c.Post(path, f), http.StatusSeeOther)
	turkmen(false)
	f = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	turkmen(true)
	f.Set("article.1.body.en", "The second article's text, revised.")
	sitetest.Expect(t, "a save from a form opened while Turkmen was off", c.Post(path, f), http.StatusSeeOther)
	if got := articleTexts(t, e, id, "tk"); !strings.Contains(strings.Join(mapValues(got), ","), "Birinji makala|Birinji makalanyň teksti.") {
		t.Errorf("the Turkmen article text: %v", got)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM newsletter_editions WHERE entry_id = $1 AND lang = 'tk'`, id); n != 1 {
		t.Error("the Turkmen edition was dropped")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translations WHERE entry_id = $1 AND lang = 'tk'`, id); n != 1 {
		t.Error("the Turkmen text was dropped")
	}
}

// TestQATranslatorLanguageOffOrTurnedOn: a translator of Russian and
// Turkmen saves Russian from a form without Turkmen fields — Turkmen off,
// or turned on after the form was opened: the save goes through (with
// Turkmen off it was refused with an error on no field the form shows:
// the draft carried a language the site does not serve) and the issue's
// Turkmen article texts stay (read as blank, they were deleted; review
// finding).
func TestQATranslatorLanguageOffOrTurnedOn(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("chief@example.org", "admin")
	turkmen := func(on bool) { t.Helper(); c.TurnLanguage("tk", on) }
	turkmen(true)
	id, path := qaIssue(t, c, "draft")
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.tk", "Byulleten, mart 2013")
	f.Set("article.0.title.tk", "Birinji makala")
	f.Set("article.0.body.tk", "Birinji makalanyň teksti.")
	sitetest.Expect(t, "Turkmen", c.Post(path, f), http.StatusSeeOther)
	tr, u := e.Login("tr@example.org", store.RoleTranslator)
	if err := e.Store.SetUserLanguages(t.Context(), u.ID, []string{"ru", "tk"}, store.AuditEntry{Action: "user.languages", ObjectType: "user"}); err != nil {
		t.Fatal(err)
	}
	kept := func(step string) {
		t.Helper()
		if got := articleTexts(t, e, id, "tk"); !strings.Contains(strings.Join(mapValues(got), ","), "Birinji makala|Birinji makalanyň teksti.") {
			t.Errorf("%s: the Turkmen article text: %v", step, got)
		}
	}

	turkmen(false)
	f = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("title.ru", "Бюллетень, март 2013")
	f.Set("article.0.title.ru", "Первая статья")
	f.Set("article.0.body.ru", "Текст.")
	f.Set("article.1.title.ru", "Вторая статья")
	f.Set("article.1.body.ru", "Текст второй.")
	sitetest.Expect(t, "the translator's Russian with Turkmen off", tr.Post(path, f), http.StatusSeeOther)
	kept("Turkmen off")

	f = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	turkmen(true)
	f.Set("article.0.body.ru", "Текст первой статьи.")
	sitetest.Expect(t, "the translator's Russian with Turkmen turned on meanwhile", tr.Post(path, f), http.StatusSeeOther)
	kept("Turkmen turned on meanwhile")
	if got := articleTexts(t, e, id, "ru"); !strings.Contains(strings.Join(mapValues(got), ","), "Первая статья|Текст первой статьи.") {
		t.Errorf("the translator's Russian article text: %v", got)
	}
}

// TestQAUnpublishedCopyChangedThenPublishedAgain: a translator's Russian
// changes to a live text wait for review; an editor takes the entry down;
// the translator revises their text (a save that changes it), and an
// editor fixes the English; "Publish again" puts back what the public
// read, and the translator's revised text still waits for review (the
// save wrote it over the public's text and dropped the copy, so Publish
// again put it live unreviewed; review finding).
func TestQAUnpublishedCopyChangedThenPublishedAgain(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	b, _ := e.Login("b@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	id, path := qaLive(t, e, b)
	liveRU, _ := textOf(t, e, id, "ru")
	f := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Непроверенный русский текст.")
	sitetest.Expect(t, "submit", tr.Post(path, withAction(f, "submit")), http.StatusSeeOther)
	sitetest.EntryAction(t, b, path, "unpublish")

	f = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Непроверенный русский текст, исправленный.")
	sitetest.Expect(t, "the translator's revision", tr.Post(path, f), http.StatusSeeOther)
	f = sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.en", "A fixed summary.")
	sitetest.Expect(t, "the editor's fix", b.Post(path, f), http.StatusSeeOther)
	if live, cp := textOf(t, e, id, "ru"); live != liveRU || !strings.Contains(cp, "исправленный") {
		t.Errorf("taken down, the Russian row is %q (want what the public read, %q) and the copy %q", live, liveRU, cp)
	}

	publishAgainHoldsReview(t, e, b, id, path, liveRU, "исправленный")
}

// TestQAEditorArticlesChangedAfterTranslator: an editor, from a form
// opened before a translator saved an issue's Russian, adds an article
// and moves the second before the first: the save goes through (it got
// the conflict page: the texts were taken by position) with the
// translator's Russian on its articles and the editor's order and new
// article (review finding).
func TestQAEditorArticlesChangedAfterTranslator(t *testing.T) {
	t.Parallel()
	e, ed, _, id, path, edForm := issueTranslatedMeanwhile(t)

	res := ed.Post(path, withAction(edForm, "add_article"))
	edForm = sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	edForm.Set("article.2.title.en", "Third article")
	edForm.Set("article.2.body.en", "The third article's text.")
	edForm.Set("article.1.position", "0.5") // the second first
	sitetest.Expect(t, "the editor's articles from before", ed.Post(path, edForm), http.StatusSeeOther)

	ru := strings.Join(mapValues(articleTexts(t, e, id, "ru")), ",")
	if !strings.Contains(ru, "Первая статья|Текст первой статьи.") || !strings.Contains(ru, "Вторая статья|Текст второй статьи.") {
		t.Errorf("the translator's Russian after the editor's save: %v", ru)
	}
	var order []string
	rows, err := e.Pool.Query(t.Context(), `SELECT coalesce(w.title, m.title) FROM newsletter_articles a
		LEFT JOIN newsletter_article_translations m ON m.article_id = a.id AND m.lang = 'en'
		LEFT JOIN newsletter_article_drafts w ON w.article_id = a.id AND w.lang = 'en'
		WHERE a.entry_id = $1 ORDER BY a.position`, id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		order = append(order, s)
	}
	if strings.Join(order, ",") != "Second article,First article,Third article" {
		t.Errorf("the articles' order: %v", order)
	}
}

// TestQARevisedWhileOffHeldByPublishAgain: an entry is taken down; a
// translator rewrites its Russian (no working copy: the text is off the
// site) and submits it for review; "Publish again" puts the English back
// and leaves the Russian off until an editor approves it, as bulk
// Publish does (it put the unreviewed text live; review finding).
func TestQARevisedWhileOffHeldByPublishAgain(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	b, _ := e.Login("b@example.org", store.RoleEditor)
	tr, _ := translator(t, e)
	id, path := qaLive(t, e, b)
	sitetest.EntryAction(t, b, path, "unpublish")
	f := sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	f.Set("body.ru", "Переписанный, непроверенный текст.")
	sitetest.Expect(t, "submit", tr.Post(path, withAction(f, "submit")), http.StatusSeeOther)

	sitetest.EntryAction(t, b, path, "publish")
	// The message says which language it held, and why.
	if msg := b.Page(path, http.StatusOK).Find(".flash").Text(); !strings.Contains(msg, "Back on the site: English.") ||
		!strings.Contains(msg, "Kept off the site until a reviewer publishes the changes a translator made while they were off: Russian.") {
		t.Errorf("Publish again said %q", msg)
	}
	status := func(lang string) string {
		t.Helper()
		var s string
		if err := e.Pool.QueryRow(t.Context(), `SELECT status FROM translations WHERE entry_id = $1 AND lang = $2`, id, lang).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if en, ru := status("en"), status("ru"); en != "published" || ru == "published" {
		t.Errorf("after Publish again: English %s, Russian %s (want the English back, the Russian held for review)", en, ru)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM reviews WHERE entry_id = $1 AND lang = 'ru' AND state = 'waiting'`, id); n != 1 {
		t.Fatal("the review ended without an approval")
	}
	// Approve from a fresh page.
	sitetest.Expect(t, "approve", approve(b, path), http.StatusSeeOther)
	if live, _ := textOf(t, e, id, "ru"); !strings.Contains(live, "Переписанный") || status("ru") != "published" {
		t.Errorf("approved, the Russian is %q, %s", live, status("ru"))
	}
}

// TestQAEditorArticleRemovedMeanwhile: an editor's save from a form opened
// before another editor removed an article meets the conflict page, which
// says the article was removed and that saving adds it again; ticking
// "Remove this article" there leaves it out, and saving without does
// bring it back (said, not done unseen).
func TestQAEditorArticleRemovedMeanwhile(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("a@example.org", store.RoleEditor)
	b, _ := e.Login("b@example.org", store.RoleEditor)
	id, path := qaIssue(t, a, "draft")
	aForm := sitetest.FormOf(a.Page(path, http.StatusOK), "#entry-form")
	bForm := sitetest.FormOf(b.Page(path, http.StatusOK), "#entry-form")
	bForm.Set("article.1.remove", "1")
	sitetest.Expect(t, "B removes the second article", b.Post(path, bForm), http.StatusSeeOther)

	aForm.Set("article.1.body.en", "A's change to the second article.")
	d := sitetest.Expect(t, "A's save of the removed article", a.Post(path, aForm), http.StatusConflict)
	note := d.Find(".form-error.removed")
	if !strings.Contains(note.Text(), "adds them again") || !strings.Contains(note.Find("li").Text(), "Article 2 (Second article)") {
		t.Fatalf("the conflict page does not say the second article was removed: %q", note.Text())
	}
	mine := sitetest.FormOf(d, "#entry-form")
	if mine.Get("article.1.body.en") != "A's change to the second article." {
		t.Fatalf("the conflict page lost A's text: %v", mine)
	}

	// Left out, as the page says how.
	left := withAction(mine, "save")
	left.Set("article.1.remove", "1")
	sitetest.Expect(t, "A's save from the conflict page, the article removed", a.Post(path, left), http.StatusSeeOther)
	if en := articleTexts(t, e, id, "en"); len(en) != 1 {
		t.Errorf("removed on the conflict page, the issue has %d articles: %v", len(en), en)
	}
}
