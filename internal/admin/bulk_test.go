package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/sitetest"
)

// TestEntryListBulkActions: ticked entries are published, unpublished or
// moved to the trash in one go, back to the same filtered list with a
// count of what was done and of what could not be (a photo without its
// Russian description keeps an entry from being published); publishing
// again undoes an unpublish.
func TestEntryListBulkActions(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("bulk@example.org", "editor")
	a := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	second := sitetest.NewsForm("draft")
	second.Set("title.en", "Second bulk item")
	second.Set("title.ru", "Вторая запись")
	b := sitetest.CreateEntry(t, c, "news", second)
	photo := sitetest.Uploaded(c, "desk.jpg", sitetest.PhotoWithGPS(t, 800, 600, 1))
	if res := c.Post("/admin/media/"+strconv.FormatInt(photo, 10), url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"A desk"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("photo details: %d", res.StatusCode)
	}
	third := sitetest.NewsForm("draft")
	third.Set("title.en", "Third bulk item")
	third.Set("title.ru", "Третья запись")
	third.Set("lead_image", strconv.FormatInt(photo, 10))
	noAlt := sitetest.CreateEntry(t, c, "news", third)

	list := "/admin/entries?kind=news&status=draft"
	page := c.Page(list, http.StatusOK)
	if page.Find(`form.bulk input[name=id]`).Length() < 3 || sitetest.Attr(page.Find(`form.bulk input[name=back]`), "value") != list {
		t.Fatalf("the list offers no bulk form back to itself")
	}
	bulk := func(do string, ids ...int64) *http.Response {
		form := url.Values{"do": {do}, "back": {list}}
		for _, id := range ids {
			form.Add("id", strconv.FormatInt(id, 10))
		}
		return c.Post("/admin/entries/bulk", form)
	}
	public := func(id int64) int {
		it, _, err := e.Store.EntryForEdit(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return e.Get("/en/news/" + it.Texts["en"].Slug).StatusCode
	}
	flash := func() string { return c.Page(list, http.StatusOK).Find(".flash").Text() }

	res := bulk("publish", a, b, noAlt)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != list {
		t.Fatalf("bulk publish: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if got := flash(); !strings.Contains(got, "Published 2 entries") || !strings.Contains(got, "1 entry could not be published") ||
		!strings.Contains(got, "Which: Third bulk item.") {
		t.Errorf("flash %q", got)
	}
	if public(a) != http.StatusOK || public(b) != http.StatusOK || public(noAlt) != http.StatusNotFound {
		t.Errorf("after publishing: %d %d %d", public(a), public(b), public(noAlt))
	}

	// Live already: said so, not counted as published.
	bulk("publish", a)
	if got := flash(); got != "1 entry was live already." {
		t.Errorf("publishing a live entry: %q", got)
	}

	bulk("unpublish", a, b)
	if got := flash(); !strings.Contains(got, "Unpublished 2 entries") {
		t.Errorf("flash %q", got)
	}
	if public(a) != http.StatusNotFound || public(b) != http.StatusNotFound {
		t.Error("still public after bulk unpublish")
	}
	// The entry offers its undo: publish again, with the date it had.
	edit := c.Page("/admin/entries/"+strconv.FormatInt(a, 10), http.StatusOK)
	again := sitetest.FormOf(edit, `form[action$="/publish"]`)
	if res := c.Post("/admin/entries/"+strconv.FormatInt(a, 10)+"/publish", again); res.StatusCode != http.StatusSeeOther || public(a) != http.StatusOK {
		t.Errorf("publish again: %d, public %d", res.StatusCode, public(a))
	}

	bulk("trash", a, b)
	if got := flash(); !strings.Contains(got, "Moved 2 entries to the trash") {
		t.Errorf("flash %q", got)
	}
	trash := c.Page("/admin/trash", http.StatusOK).Text()
	if !strings.Contains(trash, "Hotline trainers meet in Mary") || !strings.Contains(trash, "Second bulk item") || public(a) != http.StatusNotFound {
		t.Error("trashed entries are not in the trash or still public")
	}

	// In the trash, an entry is not published by a bulk action (nor by
	// its own button): restore it first. A repeated id counts once.
	bulk("publish", a, a)
	if got := flash(); strings.Contains(got, "Published") || !strings.Contains(got, "1 entry could not be published") {
		t.Errorf("publishing a trashed entry: %q", got)
	}
	if public(a) != http.StatusNotFound {
		t.Error("a trashed entry went public")
	}
	if res := c.Post("/admin/entries/"+strconv.FormatInt(a, 10)+"/publish", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("publish again from the trash: %d", res.StatusCode)
	}
	// A draft with a time to come is scheduled, not live, and the
	// message says so.
	later := sitetest.NewsForm("draft")
	later.Set("title.en", "Later bulk item")
	later.Set("title.ru", "Поздняя запись")
	sitetest.SetEach(later, "publish_at", time.Now().AddDate(1, 0, 0).Format("2006-01-02T15:04"))
	l := sitetest.CreateEntry(t, c, "news", later)
	bulk("publish", l)
	if got := flash(); !strings.Contains(got, "Published 1 entry") || !strings.Contains(got, "1 of them is scheduled, not live yet") || public(l) != http.StatusNotFound {
		t.Errorf("publishing a scheduled entry: %q, public %d", got, public(l))
	}
	many := url.Values{"do": {"trash"}, "back": {list}}
	for i := range 101 {
		many.Add("id", strconv.Itoa(1000000+i))
	}
	c.Post("/admin/entries/bulk", many)
	if got := flash(); !strings.Contains(got, "At most 100 entries at once") {
		t.Errorf("too many ticked: %q", got)
	}

	if got := bulk("publish"); got.StatusCode != http.StatusSeeOther {
		t.Errorf("nothing ticked: %d", got.StatusCode)
	} else if !strings.Contains(flash(), "Nothing was ticked") {
		t.Errorf("nothing ticked: %q", flash())
	}
	for _, bad := range []url.Values{{"do": {"explode"}, "id": {"1"}}, {"do": {"publish"}, "id": {"x"}}, {"do": {"publish"}, "id": {"-3"}}} {
		if res := c.Post("/admin/entries/bulk", bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%v: %d", bad, res.StatusCode)
		}
	}
	// A foreign "back" does not lead off the admin.
	if res := c.Post("/admin/entries/bulk", url.Values{"do": {"publish"}, "back": {"https://evil.example/"}}); res.Header.Get("Location") != "/admin/" {
		t.Errorf("back to %q", res.Header.Get("Location"))
	}
}

// TestEntryListByLanguageAndAuthor: the lists filter by a language an
// entry has a text in and by who created it.
func TestEntryListByLanguageAndAuthor(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, u := e.Login("author@example.org", "editor")
	form := sitetest.NewsForm("draft")
	for _, f := range []string{"title.ru", "summary.ru", "body.ru"} {
		form.Set(f, "")
	}
	form.Set("title.en", "Only in English")
	sitetest.CreateEntry(t, c, "news", form)
	sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("draft"))
	rows := func(query string) string {
		return c.Page("/admin/entries?kind=news&"+query, http.StatusOK).Find("table.list tbody").Text()
	}
	if got := rows("lang=ru"); strings.Contains(got, "Only in English") || !strings.Contains(got, "Hotline trainers meet in Mary") {
		t.Errorf("Russian: %q", got)
	}
	if got := rows("lang=en"); !strings.Contains(got, "Only in English") {
		t.Errorf("English: %q", got)
	}
	mine := c.Page("/admin/entries?kind=news&author="+strconv.FormatInt(u.ID, 10), http.StatusOK)
	if n := mine.Find("table.list tbody tr").Length(); n != 2 {
		t.Errorf("%d entries by the author, want 2: %q", n, mine.Find("table.list tbody").Text())
	}
	if sitetest.Attr(mine.Find(`select[name=author] option[selected]`), "value") != strconv.FormatInt(u.ID, 10) ||
		!strings.Contains(mine.Find(`select[name=author]`).Text(), "author@example.org") {
		t.Error("the author filter does not offer or keep the author")
	}
	for _, bad := range []string{"lang=xx", "author=abc", "author=-1"} {
		if res := c.Get("/admin/entries?kind=news&" + bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
}

// TestBulkPublishLeavesReviewsWaiting: a translation waiting for review,
// or sent back, is not published by the list's bulk Publish; the message
// says so and names the entry.
func TestBulkPublishLeavesReviewsWaiting(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("bulkreview@example.org", "editor")
	form := sitetest.NewsForm("draft")
	form.Set("title.en", "Entry under review")
	id := sitetest.CreateEntry(t, c, "news", form)
	if _, err := e.Pool.Exec(t.Context(), `INSERT INTO reviews (entry_id, lang, state, submitted_by)
		SELECT $1, 'ru', 'returned', id FROM users WHERE email = 'bulkreview@example.org'`, id); err != nil {
		t.Fatal(err)
	}
	list := "/admin/entries?kind=news"
	if res := c.Post("/admin/entries/bulk", url.Values{"do": {"publish"}, "back": {list}, "id": {strconv.FormatInt(id, 10)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk publish: %d", res.StatusCode)
	}
	if got := c.Page(list, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "Published 1 entry") ||
		!strings.Contains(got, "1 entry has a translation waiting for review") {
		t.Errorf("flash %q", got)
	}
	d, _, err := e.Store.EntryForEdit(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Texts["en"].Status != content.StatusPublished || d.Texts["ru"].Status != content.StatusDraft {
		t.Errorf("en %s, ru %s; want the English published, the Russian under review a draft", d.Texts["en"].Status, d.Texts["ru"].Status)
	}
	// An entry whose only unpublished text is under review: nothing to
	// publish but that, which waits.
	if res := c.Post("/admin/entries/bulk", url.Values{"do": {"publish"}, "back": {list}, "id": {strconv.FormatInt(id, 10)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk publish again: %d", res.StatusCode)
	}
	if got := c.Page(list, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "1 entry has a translation waiting for review or sent back") ||
		!strings.Contains(got, "Which: Entry under review.") {
		t.Errorf("flash %q", got)
	}
}
