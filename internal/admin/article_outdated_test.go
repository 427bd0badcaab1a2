package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestArticleOutdated: an issue's article is outdated the way an entry's
// text is. A changed sentence in one language's article marks that
// article's other languages, beside the article and on the board; a typo
// marks nothing; the translator's update brings it in line without
// flagging the source; "in line" ticked for the language does too; and a
// removed article takes its lag with it.
func TestArticleOutdated(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", store.RoleEditor)
	tc, _ := translator(t, e)
	f := sitetest.FormOf(c.Page("/admin/entries/new?kind=newsletter", http.StatusOK), "#entry-form")
	sitetest.SetEach(f, "status", "draft")
	f.Set("period", "2012-02")
	f.Set("title.en", "Newsletter February 2012")
	f.Set("title.ru", "Бюллетень, февраль 2012")
	f.Set("article.0.title.en", "Turkmenistan: training for border guards")
	f.Set("article.0.body.en", "Forty officers were trained in Ashgabat in January.")
	f.Set("article.0.title.ru", "Туркменистан: обучение пограничников")
	f.Set("article.0.body.ru", "В январе в Ашхабаде обучение прошли сорок сотрудников.")
	res := c.Post("/admin/entries/new?kind=newsletter", withAction(f, "add_article"))
	f = sitetest.FormOf(sitetest.ParseDoc(t, res), "#entry-form")
	f.Set("article.1.title.en", "The hotline in numbers")
	f.Set("article.1.body.en", "The hotline took 500 calls this month.")
	f.Set("article.1.title.ru", "Горячая линия в цифрах")
	f.Set("article.1.body.ru", "За месяц на горячую линию поступило 500 звонков.")
	id := sitetest.CreateEntry(t, c, "newsletter", f)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)

	save := func(c *sitetest.Client, what string, edit func(f url.Values)) *goquery.Document {
		t.Helper()
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		edit(f)
		if res := c.Post(path, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", what, res.StatusCode)
		}
		return c.Page(path, http.StatusOK)
	}
	// marked lists the article texts marked outdated, as "index.lang".
	marked := func(d *goquery.Document) string {
		var out []string
		d.Find(".article-edit").Each(func(i int, a *goquery.Selection) {
			a.Find("[data-article-lang]").Each(func(_ int, s *goquery.Selection) {
				if s.Find(".article-outdated").Length() > 0 {
					out = append(out, strconv.Itoa(i)+"."+s.AttrOr("data-article-lang", ""))
				}
			})
		})
		return strings.Join(out, ",")
	}
	onBoard := func() bool {
		d := c.Page("/admin/translations?lang=ru&state=outdated", http.StatusOK)
		return d.Find(`tr[data-entry="`+strconv.FormatInt(id, 10)+`"]`).Length() == 1
	}
	check := func(what string, d *goquery.Document, want string) {
		t.Helper()
		if got := marked(d); got != want {
			t.Errorf("%s: outdated articles %q, want %q", what, got, want)
		}
		state := d.Find("#lang-ru .tstate").AttrOr("class", "")
		if board := onBoard(); board != (want != "") || (state == "tstate outdated") != (want != "") {
			t.Errorf("%s: on the board's outdated Russian %v, Russian column %q", what, board, state)
		}
		if d.Find("#lang-en .tstate").AttrOr("class", "") != "tstate current" {
			t.Errorf("%s: the English is not in line", what)
		}
	}
	check("new issue", c.Page(path, http.StatusOK), "")

	d := save(c, "an English typo", func(f url.Values) {
		f.Set("article.0.body.en", "Forty oficers were trained in Ashgabat in January.")
	})
	check("after an English typo", d, "")

	d = save(c, "an English sentence", func(f url.Values) {
		f.Set("article.0.body.en", "Forty officers were trained in Ashgabat and Turkmenbashi in January.")
	})
	check("after an English sentence", d, "0.ru")
	if got := strings.TrimSpace(d.Find(".flash").Text()); got != "Saved. Now marked as needing an update: Russian." {
		t.Errorf("flash: %q", got)
	}
	if got := d.Find(".article-edit").First().Find(`[data-article-lang="ru"] .article-outdated`).Text(); !strings.Contains(got, "English") {
		t.Errorf("the outdated article does not say which language moved on: %q", got)
	}
	if d.Find("#lang-ru .articles-behind").Length() != 1 {
		t.Error("the Russian column does not say an article needs an update")
	}
	// An edit of another field leaves it outdated.
	d = save(c, "the English title", func(f url.Values) { f.Set("title.en", "Newsletter, February 2012") })
	check("after another English change", d, "0.ru")

	// The translator brings the Russian in line; the English stays in line.
	save(tc, "the Russian updated", func(f url.Values) {
		f.Set("article.0.body.ru", "В январе в Ашхабаде и Туркменбаши обучение прошли сорок сотрудников.")
	})
	check("after the translator's update", c.Page(path, http.StatusOK), "")

	// Said to matter, then ticked as in line.
	save(c, "an English comma said to matter", func(f url.Values) {
		f.Set("article.1.body.en", "The hotline took 500 calls, this month.")
		f.Set("update.en", "yes")
	})
	check("after a comma said to matter", c.Page(path, http.StatusOK), "1.ru")
	d = save(c, "Russian marked in line", func(f url.Values) { f.Set("inline.ru", "1") })
	check("after marking the Russian in line", d, "")

	// Both languages of an article changed in one save: in line.
	d = save(c, "both changed", func(f url.Values) {
		f.Set("article.1.body.en", "The hotline took 800 calls this month.")
		f.Set("article.1.body.ru", "За месяц на горячую линию поступило 800 звонков.")
	})
	check("after both changed", d, "")

	// A removed article takes its lag with it.
	save(c, "the Russian's source changed", func(f url.Values) {
		f.Set("article.1.body.en", "The hotline took 900 calls this month, most of them about work abroad.")
	})
	check("before the removal", c.Page(path, http.StatusOK), "1.ru")
	d = save(c, "article removed", func(f url.Values) { f.Set("article.1.remove", "1") })
	check("after the removal", d, "")
}
