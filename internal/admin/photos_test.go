package admin_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"vestnik/internal/sitetest"
)

// photoJSON is what the editor's picker reads of a photo.
type photoJSON struct {
	ID             int64
	Name, Thumb    string
	Preview, Page  string
	Width, Height  int
	FocusX, FocusY float64
	Decorative     bool
	Texts          map[string]struct{ Alt, Caption, Credit string }
}

func decodeJSON(t *testing.T, res *http.Response, v any) {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("%d %s, not JSON: %.500s", res.StatusCode, ct, body)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// postFile posts a file as a form does (to /admin/media or a replace).
func postFile(c *sitetest.Client, path, filename string, data []byte, headers ...string) *http.Response {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", filename)
	part.Write(data)
	w.Close()
	return c.Do(http.MethodPost, path, &body, w.FormDataContentType(), headers...)
}

// TestPickerAPI: the editor's picker uploads, finds and describes photos
// in JSON, with the same rules and messages as the library's pages.
func TestPickerAPI(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("picker@example.org", "editor")
	asJSON := []string{"Accept", "application/json"}

	res := postFile(c, "/admin/media", "IMG_0042.HEIC.jpg", sitetest.PhotoWithGPS(t, 300, 200, 6), asJSON...)
	var up struct{ Photo photoJSON }
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	decodeJSON(t, res, &up)
	p := up.Photo
	if p.ID == 0 || p.Width != 200 || p.Height != 300 || p.FocusX != 50 || !strings.HasPrefix(p.Thumb, "/img/") ||
		p.Page != "/admin/media/"+strconv.FormatInt(p.ID, 10) || len(p.Texts) != 2 {
		t.Fatalf("uploaded photo %+v", p)
	}

	// Refusals are said in the admin's language.
	res = postFile(c, "/admin/media", "notes.jpg", []byte("not a photo at all"), asJSON...)
	var refused struct{ Error string }
	decodeJSON(t, res, &refused)
	if res.StatusCode != http.StatusUnprocessableEntity || refused.Error == "" {
		t.Errorf("a text file as a photo: %d %q", res.StatusCode, refused.Error)
	}

	// The edition box takes only a PDF, the picker only a photo: anything
	// else is refused with its reason and not stored.
	files := sitetest.Count(e, `SELECT count(*) FROM media`)
	var pdf []byte
	if err := e.Pool.QueryRow(t.Context(), `SELECT data FROM media WHERE content_type = 'application/pdf' LIMIT 1`).Scan(&pdf); err != nil {
		t.Fatal(err)
	}
	// A file of no kind the library takes is told what the box takes.
	for _, tt := range []struct {
		path, name string
		data       []byte
		says       string
	}{
		{"/admin/media?want=pdf", "hall.png", sitetest.PNG(t, 40, 30, 90), "must be a PDF"},
		{"/admin/media?want=photo", "issue.pdf", pdf, "Only a photo"},
		{"/admin/media?want=photo", "notes.txt", []byte("Plain text, no photo."), "Only a photo"},
		{"/admin/media?want=pdf", "notes.txt", []byte("Plain text, no PDF."), "must be a PDF"},
	} {
		res := postFile(c, tt.path, tt.name, tt.data, asJSON...)
		var no struct{ Error string }
		decodeJSON(t, res, &no)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(no.Error, "not stored") || !strings.Contains(no.Error, tt.says) {
			t.Errorf("%s %s: %d %q", tt.path, tt.name, res.StatusCode, no.Error)
		}
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media`); n != files {
		t.Errorf("%d refused files stored", n-files)
	}

	// Details: errors by field, then saved.
	long := strings.Repeat("я", 501)
	res = c.Post(p.Page, url.Values{"focus_x": {"20"}, "focus_y": {"70"}, "alt.en": {"A desk"}, "alt.ru": {long}}, asJSON...)
	var bad struct{ Errors map[string]string }
	decodeJSON(t, res, &bad)
	if res.StatusCode != http.StatusUnprocessableEntity || bad.Errors["alt.ru"] == "" {
		t.Errorf("a too long alt text: %d %v", res.StatusCode, bad.Errors)
	}
	for _, v := range []string{"NaN", "-1", "101", "Inf", "x"} {
		res = c.Post(p.Page, url.Values{"focus_x": {v}, "focus_y": {"70"}, "alt.en": {"A desk"}}, asJSON...)
		decodeJSON(t, res, &bad)
		if res.StatusCode != http.StatusUnprocessableEntity || bad.Errors["focus"] == "" {
			t.Errorf("focus %q: %d %v", v, res.StatusCode, bad.Errors)
		}
	}
	res = c.Post(p.Page, url.Values{"focus_x": {"20"}, "focus_y": {"70"}, "alt.en": {"A desk at the hotline"}, "alt.ru": {"Стол горячей линии"},
		"caption.ru": {"Ашхабад"}}, asJSON...)
	var saved struct{ Photo photoJSON }
	decodeJSON(t, res, &saved)
	if res.StatusCode != http.StatusOK || saved.Photo.FocusX != 20 || saved.Photo.FocusY != 70 || saved.Photo.Texts["ru"].Caption != "Ашхабад" {
		t.Errorf("saved: %d %+v", res.StatusCode, saved.Photo)
	}

	// Found by its name or its alt text in any language; PDFs are not
	// photos.
	for q, want := range map[string]int{"": 1, "img_0042": 1, "стол горячей": 1, "DESK": 1, "december": 0, "%": 0} {
		var found struct{ Photos []photoJSON }
		decodeJSON(t, c.Get("/admin/media/photos?q="+url.QueryEscape(q)), &found)
		n := 0
		for _, f := range found.Photos {
			if f.ID == p.ID {
				n++
			}
			if !strings.HasPrefix(f.Thumb, "/img/") {
				t.Errorf("q=%q: %+v is not a photo", q, f)
			}
		}
		if n != want {
			t.Errorf("q=%q: found %d times, want %d", q, n, want)
		}
	}
	// Not without a session.
	if res := e.Get("/admin/media/photos"); res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Errorf("photos without a session: %d", res.StatusCode)
	}
}

// TestReplacePhoto: a photo's file is replaced and everything using it
// follows — its texts and focal point stay, its old addresses lead to the
// new file, its renditions are made anew.
func TestReplacePhoto(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("replace@example.org", "editor")
	id := sitetest.Uploaded(c, "first.jpg", sitetest.PhotoWithGPS(t, 400, 300, 1))
	sid := strconv.FormatInt(id, 10)
	if res := c.Post("/admin/media/"+sid, url.Values{"focus_x": {"10"}, "focus_y": {"90"}, "alt.en": {"First"}, "alt.ru": {"Первый"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("details: %d", res.StatusCode)
	}
	form := sitetest.NewsForm("published")
	form.Set("lead_image", sid)
	sitetest.CreateEntry(t, c, "news", form)
	// In use as a lead image: listed as such, and not deleted.
	d := c.Page("/admin/media/"+sid, http.StatusOK)
	if d.Find(".uses li").Length() != 2 || d.Find(".danger-zone button[disabled]").Length() != 1 {
		t.Errorf("uses: %q", d.Find(".uses").Text())
	}
	if res := c.Post("/admin/media/"+sid+"/delete", url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("deleting a lead image in use: %d", res.StatusCode)
	}
	oldSHA := storedSHA(t, e, id)
	oldRendition := "/img/" + oldSHA + "/w320.webp/first.webp"
	if res := e.Get(oldRendition); res.StatusCode != http.StatusOK {
		t.Fatalf("old rendition: %d", res.StatusCode)
	}

	// Only a photo replaces a photo; the library's own bytes are refused.
	if res := postFile(c, "/admin/media/"+sid+"/replace", "doc.pdf", []byte("%PDF-1.4\n%%EOF\n")); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a PDF in a photo's place: %d", res.StatusCode)
	}
	var pdfID string
	if err := e.Pool.QueryRow(t.Context(), `SELECT id::text FROM media WHERE content_type = 'application/pdf' LIMIT 1`).Scan(&pdfID); err != nil {
		t.Fatal(err)
	}
	res := postFile(c, "/admin/media/"+pdfID+"/replace", "photo.png", sitetest.PNG(t, 30, 20, 9))
	if d := sitetest.ParseDoc(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Find(".form-error").Text(), "Only a photo") {
		t.Errorf("a photo in a PDF's place: %d %q", res.StatusCode, d.Find(".form-error").Text())
	}
	other := sitetest.Uploaded(c, "other.png", sitetest.PNG(t, 30, 20, 9))
	otherMaster := e.Get("/media/" + storedSHA(t, e, other) + "/other.png")
	otherBytes, _ := io.ReadAll(otherMaster.Body)
	res = postFile(c, "/admin/media/"+sid+"/replace", "again.png", otherBytes)
	d = sitetest.Expect(t, "replace by a file of the library", res, http.StatusConflict)
	if !strings.Contains(d.Find("#replace .form-error").Text(), "other.png") {
		t.Errorf("conflict message %q", d.Find("#replace .form-error").Text())
	}

	// The file it was made from, uploaded again, changes nothing, and says so.
	if res := postFile(c, "/admin/media/"+sid+"/replace", "first-again.jpg", sitetest.PhotoWithGPS(t, 400, 300, 1)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("replace by its own file: %d", res.StatusCode)
	}
	if got := c.Page("/admin/media/"+sid, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "already has") || storedSHA(t, e, id) != oldSHA {
		t.Errorf("replaced by its own file: %q", got)
	}

	res = postFile(c, "/admin/media/"+sid+"/replace", "second.jpg", sitetest.PhotoWithGPS(t, 600, 400, 1))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("replace: %d", res.StatusCode)
	}
	newSHA := storedSHA(t, e, id)
	if newSHA == oldSHA {
		t.Fatal("the bytes did not change")
	}
	var focus float64
	if err := e.Pool.QueryRow(t.Context(), `SELECT focal_x FROM media WHERE id = $1`, id).Scan(&focus); err != nil || focus < 0.09 || focus > 0.11 {
		t.Errorf("focal point %v %v", focus, err)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media_texts WHERE media_id = $1 AND alt <> ''`, id); n != 2 {
		t.Errorf("%d alt texts kept", n)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM renditions WHERE media_id = $1`, id); n != 0 {
		t.Errorf("%d old renditions kept", n)
	}
	// The article shows the new photo, at its new size.
	page := e.Doc("/en/news/", http.StatusOK)
	if src := sitetest.Attr(page.Find(".teaser .thumb img").First(), "src"); !strings.Contains(src, newSHA) {
		t.Errorf("the list shows %q, not the new file", src)
	}
	// Old addresses lead to the new file.
	for old, want := range map[string]string{
		oldRendition:                      "/img/" + newSHA + "/w320.webp/second.webp",
		"/media/" + oldSHA + "/first.jpg": "/media/" + newSHA + "/second.jpg",
	} {
		res := e.Get(old)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != want {
			t.Errorf("%s: %d → %q, want %q", old, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

// TestKeepOriginals: only admins choose to keep the files as uploaded;
// a kept original is never served.
func TestKeepOriginals(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	editor, _ := e.Login("keep-editor@example.org", "editor")
	if d := editor.Page("/admin/media", http.StatusOK); d.Find(`input[name=keep_originals]`).Length() != 0 {
		t.Error("an editor sees the admins' setting")
	}
	if res := editor.Post("/admin/media/settings", url.Values{"keep_originals": {"1"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an editor changed the setting: %d", res.StatusCode)
	}
	photo := sitetest.PhotoWithGPS(t, 64, 48, 1)
	first := sitetest.Uploaded(editor, "a.jpg", photo)
	if n := sitetest.Count(e, `SELECT count(*) FROM media_originals WHERE media_id = $1`, first); n != 0 {
		t.Error("an original kept without the setting")
	}

	admin, _ := e.Login("keep-admin@example.org", "admin")
	if res := admin.Post("/admin/media/settings", url.Values{"keep_originals": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("setting: %d", res.StatusCode)
	}
	if _, ok := admin.Page("/admin/media", http.StatusOK).Find(`input[name=keep_originals]`).Attr("checked"); !ok {
		t.Error("the setting is not shown as on")
	}
	second := sitetest.Uploaded(editor, "b.jpg", sitetest.PhotoWithGPS(t, 64, 48, 6))
	if n := sitetest.Count(e, `SELECT count(*) FROM media_originals WHERE media_id = $1 AND sha256(data) = sha256($2)`, second, sitetest.PhotoWithGPS(t, 64, 48, 6)); n != 1 {
		t.Fatal("the original was not kept as uploaded")
	}
	if res := e.Get("/media/" + sitetest.SHA256(sitetest.PhotoWithGPS(t, 64, 48, 6)) + "/b.jpg"); res.StatusCode != http.StatusNotFound {
		t.Errorf("the original is served: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'setting.keep_originals'`); n != 1 {
		t.Errorf("%d audit lines for the setting", n)
	}
}

// TestCoverFromPDF: a newsletter issue's cover made in one click from the
// first page of its PDF edition, with alt texts in both languages, and
// nothing the editor typed lost. Made from the Russian edition, it is the
// Russian cover: the Russian page, its social image and the Russian feed
// show it, while the English ones keep the shared cover. An issue without
// a shared cover gets the first one made as that.
func TestCoverFromPDF(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("cover@example.org", "editor")
	issue, err := e.Store.LatestNewsletter(t.Context(), "en")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/entries/" + strconv.FormatInt(issue.ID, 10)
	d := c.Page(path, http.StatusOK)
	if d.Find(`button[name=action][value="cover.ru"]`).Length() != 1 {
		t.Fatal("no button to make the cover from the Russian edition")
	}
	form := sitetest.FormOf(d, "#entry-form")
	form.Set("summary.en", "Typed but not saved yet.")
	form.Set("action", "cover.ru")
	res := c.Post(path, form)
	d = sitetest.Expect(t, "cover from the PDF", res, http.StatusOK)
	chosen, _ := d.Find(`select[name="lead_image.ru"] option[selected]`).Attr("value")
	id, _ := strconv.ParseInt(chosen, 10, 64)
	if id == 0 || id == issue.LeadImageID {
		t.Fatalf("the new Russian cover is not chosen: %q (was %d)", chosen, issue.LeadImageID)
	}
	if shared, _ := d.Find(`select[name=lead_image] option[selected]`).Attr("value"); shared != strconv.FormatInt(issue.LeadImageID, 10) {
		t.Errorf("the shared cover changed to %q, want %d", shared, issue.LeadImageID)
	}
	if en, ok := d.Find(`select[name="lead_image.en"] option[selected]`).Attr("value"); ok && en != "0" {
		t.Errorf("the English cover changed to %q", en)
	}
	if d.Find(`textarea[name="summary.en"]`).Text() != "Typed but not saved yet." || d.Find(".flash").Length() != 1 {
		t.Errorf("typed text lost or no notice: %q", d.Find(`textarea[name="summary.en"]`).Text())
	}
	im, err := e.Store.Image(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if im.Height <= im.Width || !strings.Contains(im.Texts["en"].Alt, "Cover of") || !strings.Contains(im.Texts["ru"].Alt, "Обложка «") {
		t.Errorf("cover %d×%d, texts %+v", im.Width, im.Height, im.Texts)
	}

	// Saved, it is the issue's cover on the public page.
	form = sitetest.FormOf(d, "#entry-form")
	form.Set("action", "save")
	if res := c.Post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	ru, err := e.Store.LatestNewsletter(t.Context(), "ru")
	if err != nil || ru.ID != issue.ID {
		t.Fatalf("the Russian issue: %d (%v)", ru.ID, err)
	}
	ruPage := e.Doc("/ru/newsletters/"+ru.Slug, http.StatusOK)
	if alt := sitetest.Attr(ruPage.Find(".entry > figure.image img"), "alt"); alt != "Обложка «"+ru.Title+"»" {
		t.Errorf("Russian public cover alt %q", alt)
	}
	enPage := e.Doc("/en/newsletters/"+issue.Slug, http.StatusOK)
	if alt := sitetest.Attr(enPage.Find(".entry > figure.image img"), "alt"); strings.HasPrefix(alt, "Cover of") {
		t.Errorf("the English page shows the cover made from the Russian edition: %q", alt)
	}
	ruOG, enOG := sitetest.Attr(ruPage.Find(`meta[property="og:image"]`), "content"), sitetest.Attr(enPage.Find(`meta[property="og:image"]`), "content")
	if ruOG == "" || ruOG == enOG {
		t.Errorf("og:image: Russian %q, English %q", ruOG, enOG)
	}
	// The feeds carry each language's cover as the issue's picture.
	feedImage := func(lang string) string {
		t.Helper()
		res := e.Get("/" + lang + "/newsletters/rss.xml")
		defer res.Body.Close()
		f, err := gofeed.NewParser().Parse(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range f.Items {
			if it.Link == sitetest.BaseURL+"/"+lang+"/newsletters/"+map[string]string{"en": issue.Slug, "ru": ru.Slug}[lang] {
				if mc := it.Extensions["media"]["content"]; len(mc) > 0 {
					return mc[0].Attrs["url"]
				}
				return ""
			}
		}
		t.Fatalf("%s feed: no item for the issue", lang)
		return ""
	}
	ruFeed, enFeed := feedImage("ru"), feedImage("en")
	if ruFeed == "" || ruFeed == enFeed {
		t.Errorf("feed pictures: Russian %q, English %q", ruFeed, enFeed)
	}
	ruCover, err := e.Store.Image(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ruFeed, ruCover.SHA256[:8]) || !strings.Contains(ruOG, ruCover.SHA256[:8]) {
		t.Errorf("the Russian feed picture %q and og:image %q are not the Russian cover %s", ruFeed, ruOG, ruCover.SHA256)
	}

	// An issue without a shared cover: the first made is the shared one,
	// so a language without an edition of its own shows it too.
	form = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	form.Set("lead_image", "0")
	form.Set("action", "cover.en")
	d = sitetest.Expect(t, "cover of an issue without one", c.Post(path, form), http.StatusOK)
	if shared, _ := d.Find(`select[name=lead_image] option[selected]`).Attr("value"); shared == "" || shared == "0" {
		t.Errorf("the first cover made is not the shared one: %q", shared)
	}
	if en, ok := d.Find(`select[name="lead_image.en"] option[selected]`).Attr("value"); ok && en != "0" {
		t.Errorf("the first cover made is English's own: %q", en)
	}
	if msg := d.Find(".flash").Text(); !strings.Contains(msg, "every language without a cover of its own") {
		t.Errorf("message: %q", msg)
	}
	form = sitetest.FormOf(d, "#entry-form")

	// Without an edition in that language: said beside the cover.
	form.Set("edition.en", "")
	form.Set("action", "cover.en")
	d = sitetest.Expect(t, "cover without an edition", c.Post(path, form), http.StatusUnprocessableEntity)
	if d.Find("#lead-image .field-error").Text() == "" {
		t.Error("no message beside the cover")
	}

	// An edition that cannot be drawn: said in words, nothing stored.
	bad := sitetest.Uploaded(c, "undrawable.pdf", []byte("%PDF-1.4\nno objects at all\n%%EOF\n"))
	stored := sitetest.Count(e, `SELECT count(*) FROM media`)
	form.Set("edition.en", strconv.FormatInt(bad, 10))
	form.Set("action", "cover.en")
	d = sitetest.Expect(t, "cover from a PDF that cannot be drawn", c.Post(path, form), http.StatusUnprocessableEntity)
	if msg := d.Find("#lead-image .field-error").Text(); !strings.Contains(msg, "cannot be drawn") || strings.Contains(msg, "<no value>") {
		t.Errorf("message beside the cover: %q", msg)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media`); n != stored {
		t.Error("a refused cover stored a file")
	}

	// A translator cannot add to the media library this way.
	tr, _ := translator(t, e)
	media := sitetest.Count(e, `SELECT count(*) FROM media`)
	form = sitetest.FormOf(tr.Page(path, http.StatusOK), "#entry-form")
	form.Set("action", "cover.ru")
	if res := tr.Post(path, form); res.StatusCode != http.StatusForbidden {
		t.Errorf("a translator's cover: %d, want 403", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media`); n != media {
		t.Errorf("a translator's post added %d files", n-media)
	}
}

// TestCoverFromPDFReplacesOwnCover: in an issue without a shared cover
// whose Russian has a cover of its own, the cover made from the Russian
// edition is the Russian cover. (It became the shared one, which the
// Russian, showing its own, never shows: the button under the Russian
// edition left the Russian cover as it was.)
func TestCoverFromPDFReplacesOwnCover(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("cover@example.org", "editor")
	issue, err := e.Store.LatestNewsletter(t.Context(), "en")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/entries/" + strconv.FormatInt(issue.ID, 10)
	old := strconv.FormatInt(describedPhoto(t, c, "old russian cover", 120), 10)
	form := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	form.Set("lead_image", "0")
	form.Set("lead_image.ru", old)
	form.Set("action", "save")
	if res := c.Post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}

	form = sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	form.Set("action", "cover.ru")
	d := sitetest.Expect(t, "cover from the Russian edition", c.Post(path, form), http.StatusOK)
	ru, _ := d.Find(`select[name="lead_image.ru"] option[selected]`).Attr("value")
	if ru == "" || ru == "0" || ru == old {
		t.Errorf("the Russian cover is still %q (was %s): the new one is not shown in Russian", ru, old)
	}
}
