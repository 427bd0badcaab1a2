package admin_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/demo"
	"vestnik/internal/sitetest"
)

func TestAdminMediaUpload(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, u := e.Login("media@example.org", "editor")
	d := c.Page("/admin/media", http.StatusOK)
	if d.Find(`form[enctype="multipart/form-data"][action="/admin/media"] input[type=file][name=file]`).Length() != 1 {
		t.Fatal("no upload form")
	}
	before := d.Find(".media-grid li[data-media]").Length()

	// A PDF with a Cyrillic name: stored under a safe name, by SHA-256.
	pdf := demo.PDF("Admin upload test", []string{"One line."})
	id := sitetest.Uploaded(c, "Бюллетень (декабрь) 2011.pdf", pdf)
	d = c.Page("/admin/media/"+strconv.FormatInt(id, 10), http.StatusOK)
	const name = "Бюллетень-декабрь-2011.pdf"
	if got := d.Find(".flash").Text(); got != "The file was uploaded." {
		t.Errorf("flash %q", got)
	}
	if d.Find("h1").Text() != name || d.Find("dd.type").Text() == "" || !strings.HasPrefix(d.Find("dd.type").Text(), "PDF") {
		t.Errorf("item page: %q %q", d.Find("h1").Text(), d.Find("dd.type").Text())
	}
	if d.Find(".preview img").Length() != 0 {
		t.Error("a PDF has no image preview")
	}
	public := "/media/" + sitetest.SHA256(pdf) + "/" + url.PathEscape(name)
	if sitetest.Attr(d.Find("a.public"), "href") != public {
		t.Errorf("public link %q, want %q", sitetest.Attr(d.Find("a.public"), "href"), public)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media WHERE sha256 = $1 AND filename = $2 AND uploaded_by = $3 AND width IS NULL`, sitetest.SHA256(pdf), name, u.ID); n != 1 {
		t.Errorf("%d rows for the PDF", n)
	}

	// Served with a fixed type, nosniff and an RFC 5987 UTF-8 file name.
	res := e.Get(public)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, pdf) {
		t.Fatalf("public file: %d", res.StatusCode)
	}
	cd := res.Header.Get("Content-Disposition")
	_, params, err := mime.ParseMediaType(cd)
	if res.Header.Get("Content-Type") != "application/pdf" || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(cd, "filename*=utf-8''") || err != nil || params["filename"] != name {
		t.Errorf("headers: %v (filename %q, %v)", res.Header, params["filename"], err)
	}

	// The same bytes under another name: stored once, and the flash says so.
	if again := sitetest.Uploaded(c, "copy.pdf", pdf); again != id {
		t.Errorf("second upload is file %d, want %d", again, id)
	}
	d = c.Page("/admin/media/"+strconv.FormatInt(id, 10), http.StatusOK)
	if !strings.Contains(d.Find(".flash").Text(), "already in the library") || d.Find("h1").Text() != name {
		t.Errorf("duplicate: flash %q, name %q", d.Find(".flash").Text(), d.Find("h1").Text())
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media WHERE sha256 = $1`, sitetest.SHA256(pdf)); n != 1 {
		t.Errorf("%d rows for the same bytes", n)
	}

	// A PNG: dimensions recorded and shown, a preview (a rendition), and
	// the figure line that places it in a text.
	img := sitetest.PNG(t, 3, 2, 200)
	pid := sitetest.Uploaded(c, "Chart.PNG", img)
	d = c.Page("/admin/media/"+strconv.FormatInt(pid, 10), http.StatusOK)
	if d.Find("h1").Text() != "Chart.png" || !strings.Contains(d.Find("dd.dimensions").Text(), "3 × 2") {
		t.Errorf("png page: %q %q", d.Find("h1").Text(), d.Find("dd.dimensions").Text())
	}
	pngURL := "/media/" + storedSHA(t, e, pid) + "/Chart.png" // the re-encoded master's
	preview := sitetest.Attr(d.Find(".focal-picker img"), "src")
	if preview != "/img/"+storedSHA(t, e, pid)+"/w640.jpeg/Chart.jpg" || d.Find("code.markdown").Text() != "![](media:"+strconv.FormatInt(pid, 10)+")" {
		t.Errorf("preview %q, markdown %q", preview, d.Find("code.markdown").Text())
	}
	if res := e.Get(preview); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("preview rendition: %d %v", res.StatusCode, res.Header)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media WHERE id = $1 AND width = 3 AND height = 2 AND content_type = 'image/png'`, pid); n != 1 {
		t.Error("png dimensions not stored")
	}
	res = e.Get(pngURL)
	if res.Header.Get("Content-Type") != "image/png" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("png headers %v", res.Header)
	}

	// A WebP (lossless, 1×1) and a JPEG.
	webp := []byte{'R', 'I', 'F', 'F', 0x1a, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 0x0d, 0, 0, 0,
		0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00}
	// Images are kept as their re-encoded master: JPEG, or PNG when they
	// have transparency.
	wid := sitetest.Uploaded(c, "pixel.webp", webp)
	if n := sitetest.Count(e, `SELECT count(*) FROM media WHERE id = $1 AND width = 1 AND height = 1 AND filename = 'pixel.png' AND content_type = 'image/png'`, wid); n != 1 {
		t.Error("webp not stored with its dimensions")
	}
	if res := e.Get("/media/" + storedSHA(t, e, wid) + "/pixel.png"); res.Header.Get("Content-Type") != "image/png" {
		t.Errorf("webp served as %q", res.Header.Get("Content-Type"))
	}
	jid := sitetest.Uploaded(c, "photo.jpeg", sitetest.JPEG(t))
	if n := sitetest.Count(e, `SELECT count(*) FROM media WHERE id = $1 AND width = 8 AND filename = 'photo.jpeg' AND content_type = 'image/jpeg'`, jid); n != 1 {
		t.Error("jpeg not stored")
	}
	for _, id := range []int64{wid, jid} {
		if _, err := e.Pool.Exec(context.Background(), `DELETE FROM media WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
	}

	// The grid: newest first, photos as thumbnails, search by name, a type
	// filter.
	d = c.Page("/admin/media", http.StatusOK)
	rows := d.Find(".media-grid li[data-media]")
	if rows.Length() != before+2 || rows.First().Find(".name").Text() != "Chart.png" {
		t.Fatalf("%d rows (before %d), first %q", rows.Length(), before, rows.First().Find(".name").Text())
	}
	first := rows.First()
	if sitetest.Attr(first.Find("a.card-link"), "href") != "/admin/media/"+strconv.FormatInt(pid, 10) || first.Find(".type").Text() != "PNG" ||
		first.Find(".size").Text() == "" || first.Find("time").Length() != 1 ||
		!strings.HasPrefix(sitetest.Attr(first.Find("img"), "src"), "/img/"+storedSHA(t, e, pid)+"/c240x240-") {
		t.Error("card lacks link, thumbnail, type, size or date")
	}
	if rows.Eq(rows.Length()-before-1).Find("img").Length() != 0 || rows.Eq(rows.Length()-before-1).Find(".file-icon").Text() != "PDF" {
		t.Error("the PDF's card is not a file icon")
	}
	for _, tt := range []struct{ kind, q, want string }{{"photo", "chart", "Chart.png"}, {"pdf", "chart", ""}, {"pdf", name, name}, {"photo", name, ""}} {
		d := c.Page("/admin/media?type="+tt.kind+"&q="+url.QueryEscape(tt.q), http.StatusOK)
		var names []string
		d.Find(".media-grid li[data-media] .name").Each(func(_ int, s *goquery.Selection) { names = append(names, s.Text()) })
		if strings.Join(names, " ") != tt.want || sitetest.Attr(d.Find(`select[name=type] option[selected]`), "value") != tt.kind {
			t.Errorf("type=%s q=%s: %v", tt.kind, tt.q, names)
		}
	}
	for q, want := range map[string]string{"бюллетень": name, "бюллётень": name, "chart": "Chart.png", "%": "", "no such file": ""} {
		d := c.Page("/admin/media?q="+url.QueryEscape(q), http.StatusOK)
		rows := d.Find(".media-grid li[data-media]")
		switch {
		case want == "" && rows.Length() != 0:
			t.Errorf("q=%q: %d rows", q, rows.Length())
		case want == "" && !strings.Contains(d.Find(".media-grid").Text(), q):
			t.Errorf("q=%q: no 'nothing found' message", q)
		case want != "" && (rows.Length() != 1 || rows.Find(".name").Text() != want):
			t.Errorf("q=%q: %d rows", q, rows.Length())
		}
		if sitetest.Attr(d.Find(`input[name=q]`), "value") != q {
			t.Errorf("q=%q not kept in the search box", q)
		}
	}
	if res := c.Get("/admin/media?q=%ff"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("invalid UTF-8 query: %d", res.StatusCode)
	}

	// One audit line per stored file, none for the duplicate.
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'media.upload' AND object_type = 'media' AND user_id = $1`, u.ID); n != 4 {
		t.Errorf("%d upload audit lines", n)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'media.upload' AND object_id = $1 AND summary LIKE $2 AND ip = '192.0.2.10'`, id, name+"%"); n != 1 {
		t.Errorf("audit line of the PDF: %d", n)
	}
}

func TestAdminMediaRefused(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("refuse@example.org", "editor")
	pdf := demo.PDF("Refused", nil)
	html := []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`)
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	limit := 1 << 20
	tests := []struct {
		what, name string
		data       []byte
		status     int
		says       string
	}{
		{"HTML renamed .pdf", "report.pdf", html, 422, "this file is text/html"},
		{"SVG with a script", "logo.svg", svg, 422, "this file is image/svg+xml"},
		{"SVG renamed .png", "logo.png", svg, 422, "Only PDF, JPEG, PNG, WebP and HEIC"},
		{"JPEG named .pdf", "scan.pdf", sitetest.JPEG(t), 422, "ends in “.pdf”, but the file is JPEG"},
		{"PDF named .jpg", "scan.jpg", pdf, 422, "ends in “.jpg”, but the file is PDF"},
		{"PDF without extension", "scan", pdf, 422, "has no extension"},
		{"GIF", "anim.gif", gif, 422, "this file is image/gif"},
		{"empty", "empty.pdf", nil, 422, "The file is empty."},
		{"PDF-HTML polyglot", "poly.pdf", append([]byte("%PDF-1.4\n<html><script>alert(1)</script></html>\n"), pdf...), 422, "web page code"},
		{"HTML before a PDF signature", "poly2.pdf", append(append([]byte{}, html...), pdf...), 422, "web page code"},
		{"broken PNG", "broken.png", sitetest.PNG(t, 2, 2, 1)[:30], 422, "damaged or disguised"},
		{"no file", "-", nil, 422, "Choose a file"},
		{"one byte over the limit", "big.pdf", append(append([]byte{}, pdf...), make([]byte, limit+1-len(pdf))...), 413, "at most 1"},
		{"far over the limit", "huge.pdf", append(append([]byte{}, pdf...), make([]byte, 3*limit)...), 413, "at most 1"},
	}
	media := sitetest.Count(e, `SELECT count(*) FROM media`)
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			res := sitetest.Upload(c, tt.name, tt.data)
			if res.StatusCode != tt.status {
				body, _ := io.ReadAll(res.Body)
				t.Fatalf("status %d, want %d\n%.1500s", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("content type %q", ct)
			}
			d := sitetest.ParseDoc(t, res)
			msg := d.Find("#upload .form-error").Text()
			if !strings.Contains(msg, tt.says) || strings.Contains(msg, "admin.media.") {
				t.Errorf("message %q, want %q", msg, tt.says)
			}
			if d.Find(`#upload input[type=file][name=file]`).Length() != 1 {
				t.Error("the upload form is not shown again")
			}
			if tt.status == http.StatusRequestEntityTooLarge && res.Header.Get("Connection") != "close" {
				t.Error("413 without Connection: close")
			}
		})
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media`); n != media {
		t.Errorf("%d files stored", n-media)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE object_type = 'media'`); n != 0 {
		t.Errorf("%d audit lines", n)
	}

	// In Russian too.
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	res := sitetest.Upload(c, "page.pdf", html)
	if msg := sitetest.ParseDoc(t, res).Find("#upload .form-error").Text(); res.StatusCode != 422 || !strings.Contains(msg, "Загружать можно только") {
		t.Errorf("russian: %d %q", res.StatusCode, msg)
	}
}

func TestAdminMediaDelete(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, u := e.Login("delete@example.org", "editor")
	ctx := context.Background()
	var used, entry int64
	if err := e.Pool.QueryRow(ctx, `SELECT media_id, entry_id FROM newsletter_editions ORDER BY entry_id, lang LIMIT 1`).Scan(&used, &entry); err != nil {
		t.Fatal(err)
	}
	path := "/admin/media/" + strconv.FormatInt(used, 10)
	d := c.Page(path, http.StatusOK)
	if d.Find(`.usage a[href="/admin/entries/`+strconv.FormatInt(entry, 10)+`"]`).Length() == 0 {
		t.Errorf("usage does not list entry %d: %q", entry, d.Find(".usage").Text())
	}
	res := c.Post(path+"/delete", url.Values{})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("deleting a used file: %d", res.StatusCode)
	}
	if msg := sitetest.ParseDoc(t, res).Find(".form-error").Text(); !strings.Contains(msg, "is used") {
		t.Errorf("message %q", msg)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media WHERE id = $1`, used); n != 1 {
		t.Fatal("a used file was deleted")
	}

	// A photo placed only in a live text's unpublished changes is used:
	// deleting it would leave changes that can never be published.
	photo := sitetest.Uploaded(c, "pending.png", sitetest.PNG(t, 2, 2, 9))
	pid := strconv.FormatInt(photo, 10)
	if res := c.Post("/admin/media/"+pid, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"A desk"}, "alt.ru": {"Стол"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe the photo: %d", res.StatusCode)
	}
	live := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	livePath := "/admin/entries/" + strconv.FormatInt(live, 10)
	f := sitetest.FormOf(c.Page(livePath, http.StatusOK), "#entry-form")
	f.Set("body.ru", f.Get("body.ru")+"\n\n![](media:"+pid+")")
	if res := c.Post(livePath, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the change: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM translation_drafts WHERE entry_id = $1 AND lang = 'ru'`, live); n != 1 {
		t.Fatal("the change went live instead of waiting as a working copy")
	}
	d = c.Page("/admin/media/"+pid, http.StatusOK)
	if d.Find(`.usage a[href="/admin/entries/`+strconv.FormatInt(live, 10)+`"]`).Length() == 0 || d.Find(".unused").Length() != 0 {
		t.Errorf("usage misses the unpublished changes: %q", d.Find(".usage").Text())
	}
	if res := c.Post("/admin/media/"+pid+"/delete", url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("deleting a photo in unpublished changes: %d", res.StatusCode)
	}

	// An unused file goes, with its audit line; its address stops working.
	// (An opaque PNG is kept as a JPEG master: gone.jpg.)
	img := sitetest.PNG(t, 1, 1, 7)
	id := sitetest.Uploaded(c, "gone.png", img)
	gone := storedSHA(t, e, id)
	d = c.Page("/admin/media/"+strconv.FormatInt(id, 10), http.StatusOK)
	if d.Find(".unused").Length() != 1 || d.Find(`form[action$="/delete"] button[disabled]`).Length() != 0 {
		t.Error("unused file not shown as deletable")
	}
	if d.Find(`form[action$="/delete"][data-confirm]`).Length() != 1 {
		t.Error("deleting a file for good does not ask first")
	}
	res = c.Post("/admin/media/"+strconv.FormatInt(id, 10)+"/delete", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/media" {
		t.Fatalf("delete: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got := c.Page("/admin/media", http.StatusOK).Find(".flash").Text(); got != "The file was deleted." {
		t.Errorf("flash %q", got)
	}
	c.Page("/admin/media/"+strconv.FormatInt(id, 10), http.StatusNotFound)
	if res := e.Get("/media/" + gone + "/gone.jpg"); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleted file still served: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'media.delete' AND object_type = 'media' AND object_id = $1 AND user_id = $2 AND summary = 'gone.jpg'`, id, u.ID); n != 1 {
		t.Errorf("%d delete audit lines", n)
	}
	for _, p := range []string{"/admin/media/999999/delete", "/admin/media/abc/delete", "/admin/media/0/delete"} {
		if res := c.Post(p, url.Values{}); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	for _, p := range []string{"/admin/media/999999", "/admin/media/abc", "/admin/media/-1"} {
		if res := c.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

// TestAltKeptWhilePublished: a photo's description cannot be taken away
// while a published text shows it (the entry's save would refuse the
// same), unless the photo is marked decorative; a refused form keeps
// what was typed.
func TestAltKeptWhilePublished(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("alt@example.org", "editor")
	photo := sitetest.Uploaded(c, "shown.png", sitetest.PNG(t, 2, 2, 5))
	page := "/admin/media/" + strconv.FormatInt(photo, 10)
	if res := c.Post(page, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"A desk"}, "alt.ru": {"Стол"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe: %d", res.StatusCode)
	}
	f := sitetest.NewsForm("published")
	f.Set("body.en", "Text.\n\n![](media:"+strconv.FormatInt(photo, 10)+")")
	sitetest.CreateEntry(t, c, "news", f)

	res := c.Post(page, url.Values{"focus_x": {"40"}, "focus_y": {"50"}, "alt.en": {""}, "alt.ru": {"Стол"}})
	d := sitetest.Expect(t, "alt taken from a published photo", res, http.StatusUnprocessableEntity)
	if msg := d.Find(`input[name="alt.en"]`).Closest("label").Parent().Find(".field-error").Text(); !strings.Contains(msg, "published text") {
		t.Errorf("no message beside the English alt text: %q", d.Find(".field-error").Text())
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media_texts WHERE media_id = $1 AND lang = 'en' AND alt = 'A desk'`, photo); n != 1 {
		t.Error("the refused form changed the alt text")
	}
	// A focal point out of range comes back as typed.
	res = c.Post(page, url.Values{"focus_x": {"150"}, "focus_y": {"50"}, "alt.en": {"A desk"}, "alt.ru": {"Стол"}})
	d = sitetest.Expect(t, "focal point out of range", res, http.StatusUnprocessableEntity)
	if got := sitetest.Attr(d.Find(`input[name=focus_x]`), "value"); got != "150" {
		t.Errorf("the focal point typed came back as %q", got)
	}
	// The Russian text does not show the photo: its alt may go.
	if res := c.Post(page, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"A desk"}, "alt.ru": {""}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("alt of a language that does not show it: %d", res.StatusCode)
	}
	// A photo only linked from a published text is not shown there: its
	// alt may go, and one already without alt does not block the rest of
	// its page.
	linked := sitetest.Uploaded(c, "linked.png", sitetest.PNG(t, 2, 2, 6))
	linkedPage := "/admin/media/" + strconv.FormatInt(linked, 10)
	c.Post(linkedPage, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"Linked"}})
	f = sitetest.NewsForm("published")
	f.Set("title.en", "Linked photo")
	f.Set("slug.en", "linked-photo")
	f.Set("slug.ru", "linked-photo-ru")
	f.Set("body.en", "See [the full photo](/media/"+storedSHA(t, e, linked)+"/linked.png).")
	sitetest.CreateEntry(t, c, "news", f)
	if res := c.Post(linkedPage, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {""}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("alt of a photo only linked: %d", res.StatusCode)
	}
	if _, err := e.Pool.Exec(t.Context(), `UPDATE media_texts SET alt = '' WHERE media_id = $1`, photo); err != nil {
		t.Fatal(err)
	}
	if res := c.Post(page, url.Values{"focus_x": {"30"}, "focus_y": {"50"}, "caption.ru": {"Подпись"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a caption on a photo whose alt was missing already: %d", res.StatusCode)
	}
	c.Post(page, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "alt.en": {"A desk"}, "alt.ru": {"Стол"}})
	// A translator for Russian saves the Russian texts; the English alt,
	// read-only for them, is not theirs to answer for.
	tr, _ := translator(t, e)
	form := sitetest.FormOf(tr.Page(page, http.StatusOK), "#image-form")
	form.Set("alt.ru", "")
	form.Set("caption.ru", "Стол горячей линии")
	if res := tr.Post(page, form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a translator's save of a shown photo: %d", res.StatusCode)
	}
	// Decorative: no description needed.
	if res := c.Post(page, url.Values{"focus_x": {"50"}, "focus_y": {"50"}, "decorative": {"1"}, "alt.en": {""}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a decorative photo without alt text: %d", res.StatusCode)
	}
}

// TestMediaRoutesRefuseStrangers: without a session every media route
// refuses (302 to the login for pages, 401 for posts), and a cross-origin
// post is 403 even with one.
func TestMediaRoutesRefuseStrangers(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	var id int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT min(id) FROM media`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	item := "/admin/media/" + strconv.FormatInt(id, 10)
	stranger := e.Client()
	for _, p := range []string{"/admin/media", "/admin/media?q=x", item} {
		res := stranger.Get(p)
		if res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login?next=") {
			t.Errorf("GET %s: %d %q", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := sitetest.Upload(stranger, "a.png", sitetest.PNG(t, 1, 1, 3)); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("upload: %d", res.StatusCode)
	}
	if res := stranger.Post(item+"/delete", url.Values{}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("delete: %d", res.StatusCode)
	}

	c, _ := e.Login("cross@example.org", "editor")
	cross := []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}
	if res := sitetest.Upload(c, "a.png", sitetest.PNG(t, 1, 1, 4), cross...); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin upload: %d", res.StatusCode)
	}
	img := sitetest.PNG(t, 1, 1, 5)
	own := sitetest.Uploaded(c, "mine.png", img)
	if res := c.Post("/admin/media/"+strconv.FormatInt(own, 10)+"/delete", url.Values{}, cross...); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin delete: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media WHERE id = $1`, own); n != 1 {
		t.Error("cross-origin delete went through")
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM media WHERE filename = 'a.png'`); n != 0 {
		t.Error("refused uploads were stored")
	}
}

// storedSHA is the SHA-256 of what the library keeps of a file.
func storedSHA(t *testing.T, e *sitetest.Env, id int64) string {
	t.Helper()
	var sha string
	if err := e.Pool.QueryRow(context.Background(), `SELECT sha256 FROM media WHERE id = $1`, id).Scan(&sha); err != nil {
		t.Fatal(err)
	}
	return sha
}
