package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// TestSiteMenu: editors add a page to the public menu, label it per
// language, reorder the items, take one out and put it back; a page shows
// in a language's menu only while it is live there; the pages' dates move
// with the menu, so browsers revalidate.
func TestSiteMenu(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("menu@example.org", "editor")
	nav := func(path string) []string {
		return e.Doc(path, http.StatusOK).Find("nav.mainnav a").Map(func(_ int, s *goquery.Selection) string {
			return s.Text() + "=" + s.AttrOr("href", "")
		})
	}
	if got := strings.Join(nav("/en/"), " | "); got != "Home=/en/ | News=/en/news/ | Newsletters=/en/newsletters/ | Hotline=/en/hotline" {
		t.Fatalf("default menu: %s", got)
	}
	about, err := e.Store.ItemByKey(t.Context(), "en", "about")
	if err != nil {
		t.Fatal(err)
	}
	aboutRu, err := e.Store.ItemByKey(t.Context(), "ru", "about")
	if err != nil {
		t.Fatal(err)
	}
	page := c.Page("/admin/menu", http.StatusOK)
	// The hotline page is the Hotline section, already in the menu.
	hotline, err := e.Store.ItemByKey(t.Context(), "en", "hotline")
	if err != nil {
		t.Fatal(err)
	}
	hv := "page:" + strconv.FormatInt(hotline.EntryID, 10)
	if page.Find(`option[value="`+hv+`"]`).Length() != 0 {
		t.Error("the hotline page is offered for the menu beside its section")
	}
	c.Post("/admin/menu", url.Values{"item": {hv}})
	if got := c.Page("/admin/menu", http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "Hotline section") {
		t.Errorf("flash %q", got)
	}
	if got := strings.Join(nav("/en/"), " | "); strings.Count(got, "Hotline") != 1 {
		t.Errorf("hotline page added beside its section: %s", got)
	}
	add := sitetest.Attr(page.Find(`select[name=item] option:contains("`+about.Title+`")`), "value")
	if add != "page:"+strconv.FormatInt(about.ID, 10) {
		t.Fatalf("the About page is not offered: %q", add)
	}
	if page.Find(`select[name=item] option[value^="section:"]`).Length() != 0 {
		t.Error("sections already in the menu are offered")
	}
	lastMod := func(path string) time.Time {
		at, err := http.ParseTime(e.Get(path).Header.Get("Last-Modified"))
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	changed := time.Now().Truncate(time.Second)
	if res := c.Post("/admin/menu", url.Values{"item": {add}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	if lastMod("/en/news/").Before(changed) {
		t.Error("Last-Modified did not move with the menu")
	}
	want := "About=/en/" + about.Slug
	if got := nav("/en/"); len(got) != 5 || !strings.HasSuffix(got[4], "/en/"+about.Slug) {
		t.Fatalf("menu with the page: %v (want %s last)", got, want)
	}
	if cur := e.Doc("/en/"+about.Slug, http.StatusOK).Find(`nav.mainnav a[aria-current=page]`).AttrOr("href", ""); cur != "/en/"+about.Slug {
		t.Errorf("current item on the page: %q", cur)
	}
	if got := nav("/ru/"); !strings.HasSuffix(got[4], aboutRu.Title+"=/ru/"+aboutRu.Slug) {
		t.Errorf("Russian menu: %v", got)
	}

	// Labels per language; an empty one leaves the page's title.
	items := c.Page("/admin/menu", http.StatusOK).Find("tr[data-menu-item]")
	id := items.Last().AttrOr("data-menu-item", "")
	labels := url.Values{"label.en": {"  Who   we are "}, "label.ru": {""}}
	if res := c.Post("/admin/menu/"+id, labels); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("labels: %d", res.StatusCode)
	}
	if got := nav("/en/"); got[4] != "Who we are=/en/"+about.Slug {
		t.Errorf("English label: %v", got)
	}
	if got := nav("/ru/"); got[4] != aboutRu.Title+"=/ru/"+aboutRu.Slug {
		t.Errorf("Russian default: %v", got)
	}
	long := url.Values{"label.en": {strings.Repeat("Very long label ", 5)}, "label.ru": {"Кто мы"}}
	d := sitetest.Expect(t, "a label too long", c.Post("/admin/menu/"+id, long), http.StatusUnprocessableEntity)
	if !strings.Contains(d.Find(".field-error").Text(), "at most 40") || sitetest.Attr(d.Find(`input[name="label.ru"][form="menu-`+id+`"]`), "value") != "Кто мы" {
		t.Error("a label too long: no message, or the typed text is lost")
	}

	// Up one place (the page's buttons: the last item has only "up"),
	// then the Newsletters section out and back in (last).
	row := c.Page("/admin/menu", http.StatusOK).Find(`tr[data-menu-item="` + id + `"]`)
	if up := row.Find(`form[action="/admin/menu/` + id + `/move"] input[name=dir][value=up]`); up.Length() != 1 ||
		row.Find(`input[name=dir][value=down]`).Length() != 0 || sitetest.Attr(row.Find("form button[aria-label]").First(), "aria-label") == "" {
		t.Error("the last item's reorder buttons")
	}
	if res := c.Post("/admin/menu/"+id+"/move", url.Values{"dir": {"up"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: %d", res.StatusCode)
	}
	if got := nav("/en/"); got[3] != "Who we are=/en/"+about.Slug {
		t.Errorf("after moving up: %v", got)
	}
	news := items.Eq(1).AttrOr("data-menu-item", "")
	if res := c.Post("/admin/menu/"+news+"/remove", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if got := strings.Join(nav("/en/"), " "); strings.Contains(got, "Newsletters") {
		t.Errorf("removed, still there: %s", got)
	}
	if res := c.Post("/admin/menu", url.Values{"item": {"section:newsletters"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add back: %d", res.StatusCode)
	}
	if got := nav("/en/"); got[len(got)-1] != "Newsletters=/en/newsletters/" {
		t.Errorf("added back: %v", got)
	}

	// Unpublished in Russian: out of the Russian menu only.
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translations SET status = 'unpublished' WHERE entry_id = $1 AND lang = 'ru'`, about.ID); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(nav("/ru/"), " "); strings.Contains(got, aboutRu.Slug) {
		t.Errorf("a page not live in Russian is in the Russian menu: %s", got)
	}
	if got := strings.Join(nav("/en/"), " "); !strings.Contains(got, about.Slug) {
		t.Errorf("the English menu lost the page: %s", got)
	}
	// Live in no language: the admin still names it by its title.
	if _, err := e.Pool.Exec(t.Context(), `UPDATE translations SET status = 'unpublished' WHERE entry_id = $1`, about.ID); err != nil {
		t.Fatal(err)
	}
	link := c.Page("/admin/menu", http.StatusOK).Find(`tr[data-menu-item] td a[href="/admin/entries/` + strconv.FormatInt(about.ID, 10) + `"]`)
	if got := link.Text(); got != about.Title+" (not published)" {
		t.Errorf("a page live nowhere is called %q in the menu", got)
	}

	for _, bad := range []url.Values{{"item": {"section:admin"}}, {"item": {"page:x"}}, {"item": {"entry:1"}}} {
		if res := c.Post("/admin/menu", bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%v: %d", bad, res.StatusCode)
		}
	}
	if res := c.Post("/admin/menu", url.Values{"item": {add}}); res.StatusCode != http.StatusSeeOther || !strings.Contains(c.Page("/admin/menu", http.StatusOK).Find(".flash").Text(), "already") {
		t.Error("adding a page twice is not refused with a message")
	}
	if res := c.Post("/admin/menu/999999/move", url.Values{"dir": {"up"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("moving a missing item: %d", res.StatusCode)
	}
}
