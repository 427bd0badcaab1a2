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

// TestTranslatorReachesPhotos: a translator's entry form lists the photos
// the entry shows — its lead image and its figures — with their alt text
// and caption in the translator's language, each linking to the photo's
// page, where the translator writes them; their preview shows the lead
// image as an editor's does.
func TestTranslatorReachesPhotos(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	tc, _ := translator(t, e)
	lead := sitetest.Uploaded(ed, "lead.jpg", sitetest.JPEG(t))
	figure := sitetest.Uploaded(ed, "figure.png", sitetest.PNG(t, 300, 200, 90))
	for _, p := range []struct {
		id      int64
		details url.Values
	}{
		{lead, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"A waiting room"}, "caption.en": {"The shelter"}}},
		{figure, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"A map"}, "alt.ru": {"Карта"}, "caption.ru": {"Маршрут"}}},
	} {
		if res := ed.Post("/admin/media/"+strconv.FormatInt(p.id, 10), p.details); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("photo details: %d", res.StatusCode)
		}
	}
	form := sitetest.NewsForm("draft")
	form.Set("lead_image", strconv.FormatInt(lead, 10))
	form.Set("body.en", "The shelter opened.\n\n![](media:"+strconv.FormatInt(figure, 10)+")\n\nCall before you travel.")
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)

	d := tc.Page(path, http.StatusOK)
	photos := d.Find("#entry-photos li[data-photo]")
	if photos.Length() != 2 {
		t.Fatalf("%d photos listed, want the lead image and the figure:\n%s", photos.Length(), d.Find("#entry-photos").Text())
	}
	state := func(i int) string {
		s := photos.Eq(i).Find(`[data-photo-lang="ru"]`)
		return strings.Join(strings.Fields(s.Text()), " ")
	}
	if href := photos.Eq(0).Find("a").AttrOr("href", ""); href != "/admin/media/"+strconv.FormatInt(lead, 10) ||
		photos.Eq(0).Find(`[data-photo-lang="ru"] [data-state="alt-missing"]`).Length() != 1 ||
		photos.Eq(0).Find(`[data-photo-lang="ru"] [data-state="no-caption"]`).Length() != 1 {
		t.Errorf("the lead image: link %q, Russian %q", href, state(0))
	}
	if href := photos.Eq(1).Find("a").AttrOr("href", ""); href != "/admin/media/"+strconv.FormatInt(figure, 10) ||
		!strings.Contains(state(1), "Карта") || !strings.Contains(state(1), "Маршрут") {
		t.Errorf("the figure: link %q, Russian %q", href, state(1))
	}
	if d.Find(`#entry-photos [data-photo-lang="en"]`).Length() != 0 {
		t.Error("a Russian translator is shown the English texts to write")
	}
	if ed.Page(path, http.StatusOK).Find("#entry-photos").Length() != 0 {
		t.Error("an editor, who has the lead image section, gets the translator's list too")
	}

	// The link leads where the translator writes the Russian alt text.
	f := sitetest.FormOf(tc.Page("/admin/media/"+strconv.FormatInt(lead, 10), http.StatusOK), "#image-form")
	f.Set("alt.ru", "Зал ожидания")
	if res := tc.Post("/admin/media/"+strconv.FormatInt(lead, 10), f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the translator's alt text: %d", res.StatusCode)
	}
	photos = tc.Page(path, http.StatusOK).Find("#entry-photos li[data-photo]")
	if !strings.Contains(state(0), "Зал ожидания") {
		t.Errorf("after writing it, the lead image's Russian: %q", state(0))
	}

	// The translator's preview shows the lead image, as the editor's does.
	leadSHA := storedSHA(t, e, lead)
	for who, c := range map[string]*sitetest.Client{"editor": ed, "translator": tc} {
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		res := c.Post("/admin/preview?lang=ru", f)
		p := sitetest.Expect(t, who+"'s preview", res, http.StatusOK)
		found := false
		p.Find("article img, article source").Each(func(_ int, s *goquery.Selection) {
			if strings.Contains(s.AttrOr("src", "")+s.AttrOr("srcset", ""), leadSHA) && s.Closest(".body").Length() == 0 {
				found = true
			}
		})
		if !found {
			t.Errorf("the %s's preview has no lead image", who)
		}
	}
}

// TestStartFromLeavesOtherAlt: "Start from the source" copies the
// English text's figures into the Russian without their English alt
// text (which the page never shows: the photo's own in the page's
// language is): with the photo's Russian alt where it has one (made fit
// for the line), empty where it has none; the rest of the text comes as
// it is.
func TestStartFromLeavesOtherAlt(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ed, _ := e.Login("ed@example.org", store.RoleEditor)
	described := sitetest.Uploaded(ed, "map.png", sitetest.PNG(t, 300, 200, 90))
	bare := sitetest.Uploaded(ed, "room.png", sitetest.PNG(t, 300, 200, 60))
	for id, alts := range map[int64][]string{described: {"A map", "Карта [маршрута]"}, bare: {"A room", ""}} {
		if res := ed.Post("/admin/media/"+strconv.FormatInt(id, 10), url.Values{"focus_x": {"50"}, "focus_y": {"50"},
			"alt.en": {alts[0]}, "alt.ru": {alts[1]}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("photo details: %d", res.StatusCode)
		}
	}
	ref := func(alt string, id int64) string { return "![" + alt + "](media:" + strconv.FormatInt(id, 10) + ")" }
	form := englishOnly("Shelter opened", "shelter-opened")
	form.Set("body.en", "The shelter opened.\n\n"+ref("A map of the route", described)+"\n\n  "+ref("The waiting room", bare)+"\n\nCall before you travel.")
	id := sitetest.CreateEntry(t, ed, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	tc, _ := translator(t, e)
	f := sitetest.FormOf(tc.Page(path, http.StatusOK), "#entry-form")
	d := sitetest.Expect(t, "start from the source", tc.Post(path, withAction(f, "start.ru")), http.StatusOK)
	want := "The shelter opened.\n\n" + ref("Карта маршрута", described) + "\n\n" + ref("", bare) + "\n\nCall before you travel."
	if got := strings.ReplaceAll(d.Find(`textarea[name="body.ru"]`).Text(), "\r\n", "\n"); strings.TrimSpace(got) != want {
		t.Errorf("the Russian started as\n%q\nwant\n%q", got, want)
	}
	if got := d.Find(`textarea[name="body.en"]`).Text(); !strings.Contains(got, "A map of the route") {
		t.Errorf("the English lost its own alt: %q", got)
	}
}
