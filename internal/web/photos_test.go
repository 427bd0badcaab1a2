package web_test

import (
	"bytes"
	"encoding/json"
	"image"
	_ "image/jpeg"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"
	_ "golang.org/x/image/webp"

	"vestnik/internal/sitetest"
)

// served fetches an image as a visitor would and checks what every
// rendition must be: cached for ever, validated by its ETag, decodable,
// and carrying nothing of the original file's metadata.
func served(t *testing.T, e *sitetest.Env, rawURL string) image.Config {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	res := e.Get(u.EscapedPath())
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", rawURL, res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("%s: Cache-Control %q", rawURL, cc)
	}
	etag := res.Header.Get("ETag")
	if again := e.Get(u.EscapedPath(), "If-None-Match", etag); etag == "" || again.StatusCode != http.StatusNotModified {
		t.Errorf("%s: ETag %q, revalidation %d", rawURL, etag, again.StatusCode)
	}
	sitetest.NoMetadata(t, rawURL, data)
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || "image/"+format != res.Header.Get("Content-Type") {
		t.Fatalf("%s: %s as %q: %v", rawURL, res.Header.Get("Content-Type"), format, err)
	}
	return cfg
}

// TestLeadPhoto follows a phone photo with a GPS position from the upload
// to everything a visitor, a social network and a feed reader get: resized
// for every screen, cut round its focal point, described in each
// language, and nowhere carrying the position.
func TestLeadPhoto(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("photo-editor@example.org", "editor")
	id := sitetest.Uploaded(c, "shelter.jpg", sitetest.PhotoWithGPS(t, 2000, 1500, 1))
	sid := strconv.FormatInt(id, 10)
	details := url.Values{"focus_x": {"30"}, "focus_y": {"20"}, "alt.en": {"Counsellors at the hotline's desk"},
		"caption.en": {"The hotline in Ashgabat"}, "credit.en": {"IOM"}}
	if res := c.Post("/admin/media/"+sid, details); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("image details: %d", res.StatusCode)
	}

	// Published in Russian too, the photo needs a Russian alt text: the
	// form says so, in the field's place, and keeps what was typed.
	form := sitetest.NewsForm("published")
	form.Set("lead_image", sid)
	form.Set("body.en", "First paragraph.\r\n\r\n![](media:"+sid+")\r\n\r\nLast paragraph.")
	res := c.Post("/admin/entries/new?kind=news", form)
	d := sitetest.Expect(t, "publishing without a Russian alt text", res, http.StatusUnprocessableEntity)
	if msg := d.Find("#lead-image .field-error").Text(); !strings.Contains(msg, "in Russian") {
		t.Errorf("the error does not name the language: %q", msg)
	}
	if v, _ := d.Find(`input[name="title.ru"]`).Attr("value"); v != form.Get("title.ru") || !strings.Contains(d.Find(`textarea[name="body.en"]`).Text(), "media:"+sid) {
		t.Errorf("the form lost what was typed: %q", v)
	}
	if _, ok := d.Find(`select[name="lead_image"] option[value="` + sid + `"]`).Attr("selected"); !ok {
		t.Error("the chosen lead image is not kept")
	}
	details.Set("alt.ru", "Консультанты горячей линии за работой")
	if res := c.Post("/admin/media/"+sid, details); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("image details: %d", res.StatusCode)
	}
	sitetest.CreateEntry(t, c, "news", form)

	// The list shows a thumbnail, 4:3.
	list := e.Doc("/en/news/", http.StatusOK)
	thumb := list.Find(".teaser .thumb img").First()
	if w, h := sitetest.Attr(thumb, "width"), sitetest.Attr(thumb, "height"); w != "240" || h != "180" {
		t.Errorf("thumbnail %s×%s", w, h)
	}
	if cfg := served(t, e, sitetest.Attr(thumb, "src")); cfg.Width != 480 || cfg.Height != 360 {
		t.Errorf("thumbnail file %d×%d", cfg.Width, cfg.Height)
	}
	href := sitetest.Attr(list.Find(".teaser h2 a").First(), "href")

	page := e.Doc(href, http.StatusOK)
	lead := page.Find(".entry > figure.image picture")
	img := lead.Find("img")
	if sitetest.Attr(img, "width") != "2000" || sitetest.Attr(img, "height") != "1500" || sitetest.Attr(img, "fetchpriority") != "high" ||
		sitetest.Attr(img, "loading") != "" || sitetest.Attr(img, "alt") != "Counsellors at the hotline's desk" || sitetest.Attr(img, "sizes") == "" {
		t.Errorf("lead image: %s", outer(img))
	}
	if lead.Find("figcaption").Length() != 0 || page.Find(".entry > figure.image figcaption").Text() != "The hotline in Ashgabat IOM" {
		t.Errorf("caption: %q", page.Find(".entry > figure.image figcaption").Text())
	}
	// Every width of the ladder up to the photo's own, in WebP and JPEG;
	// never larger than the photo.
	for _, set := range []*goquery.Selection{lead.Find(`source[type="image/webp"]`), img} {
		srcset := sitetest.Attr(set, "srcset")
		var widths []string
		for _, cand := range strings.Split(srcset, ", ") {
			u, w, _ := strings.Cut(cand, " ")
			widths = append(widths, w)
			want, _ := strconv.Atoi(strings.TrimSuffix(w, "w"))
			if cfg := served(t, e, u); cfg.Width != want {
				t.Errorf("%s is %d wide, srcset says %s", u, cfg.Width, w)
			}
		}
		if strings.Join(widths, " ") != "320w 640w 960w 1280w 1920w" {
			t.Errorf("srcset widths %v", widths)
		}
	}
	figure := page.Find(".body figure.image img")
	if sitetest.Attr(figure, "loading") != "lazy" || sitetest.Attr(figure, "width") != "2000" || page.Find(".body").Text() == "" ||
		strings.Contains(page.Find(".body").Text(), "⟦") {
		t.Errorf("inline figure: %s", outer(figure))
	}

	// Shared, the page shows the 1200 × 630 crop, with its size and alt.
	meta := func(attr, name string) string {
		return sitetest.Attr(page.Find(`meta[`+attr+`="`+name+`"]`), "content")
	}
	og := meta("property", "og:image")
	if !strings.HasPrefix(og, "https://") || meta("name", "twitter:image") != og || meta("name", "twitter:card") != "summary_large_image" ||
		meta("property", "og:image:width") != "1200" || meta("property", "og:image:height") != "630" ||
		meta("property", "og:image:alt") != "Counsellors at the hotline's desk" {
		t.Errorf("social image: %q %q×%q %q", og, meta("property", "og:image:width"), meta("property", "og:image:height"), meta("property", "og:image:alt"))
	}
	if cfg := served(t, e, og); cfg.Width != 1200 || cfg.Height != 630 {
		t.Errorf("og:image is %d×%d", cfg.Width, cfg.Height)
	}
	// Search engines get 1:1, 4:3 and 16:9.
	var article struct{ Image []string }
	page.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Text(), `"NewsArticle"`) {
			if err := json.Unmarshal([]byte(s.Text()), &article); err != nil {
				t.Error(err)
			}
		}
	})
	var ratios []string
	for _, u := range article.Image {
		cfg := served(t, e, u)
		ratios = append(ratios, strconv.Itoa(cfg.Width)+"x"+strconv.Itoa(cfg.Height))
	}
	if strings.Join(ratios, " ") != "1200x1200 1200x900 1200x675" {
		t.Errorf("JSON-LD images %v", ratios)
	}

	// In Russian, the Russian alt text.
	ru := e.Doc("/ru/news/", http.StatusOK)
	ruPage := e.Doc(sitetest.Attr(ru.Find(".teaser h2 a").First(), "href"), http.StatusOK)
	if alt := sitetest.Attr(ruPage.Find(".entry > figure.image img"), "alt"); alt != "Консультанты горячей линии за работой" {
		t.Errorf("Russian alt %q", alt)
	}

	// Feeds carry the social crop; the figure's URLs are absolute.
	for _, f := range []string{"/en/news/rss.xml", "/en/news/atom.xml", "/en/news/feed.json"} {
		res := e.Get(f)
		parsed, err := gofeed.NewParser().Parse(res.Body)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		it := parsed.Items[0]
		got := ""
		if it.Image != nil {
			got = it.Image.URL
		}
		if mc := it.Extensions["media"]["content"]; len(mc) == 1 {
			got = mc[0].Attrs["url"]
		}
		if got != og {
			t.Errorf("%s: image %q, want %q", f, got, og)
		}
		if !strings.Contains(it.Content, `src="https://`) || strings.Contains(it.Content, `src="/img/`) {
			t.Errorf("%s: figure URLs not absolute: %.300s", f, it.Content)
		}
	}

	// The stored master is as clean as its renditions.
	if res := c.Page("/admin/media/"+sid, http.StatusOK); res != nil {
		served := e.Get(sitetest.Attr(res.Find("a.public"), "href"))
		data, _ := io.ReadAll(served.Body)
		sitetest.NoMetadata(t, "the master", data)
	}
}

func outer(s *goquery.Selection) string {
	h, _ := goquery.OuterHtml(s)
	return h
}

// TestDemoPhotos: the demo looks like a real site — most news items, the
// newsletter issue and one text have pictures, every one described in the
// page's language.
func TestDemoPhotos(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, lang := range []string{"en", "ru"} {
		list := e.Doc("/"+lang+"/news/", http.StatusOK)
		teasers := list.Find(".teaser").Length()
		thumbs := list.Find(".teaser .thumb img")
		if thumbs.Length()*2 <= teasers {
			t.Errorf("%s: %d of %d news items have a picture", lang, thumbs.Length(), teasers)
		}
		home := e.Doc("/"+lang+"/", http.StatusOK)
		archive := e.Doc("/"+lang+"/newsletters/", http.StatusOK)
		for what, img := range map[string]*goquery.Selection{
			"thumbnails": thumbs, "home news": home.Find(".teaser .thumb img"), "home cover": home.Find(".latest-newsletter .cover img"),
			"archive cover": archive.Find(".issues .cover img"),
		} {
			if img.Length() == 0 {
				t.Errorf("%s: no %s", lang, what)
			}
			img.Each(func(_ int, s *goquery.Selection) {
				if sitetest.Attr(s, "alt") == "" || sitetest.Attr(s, "width") == "" {
					t.Errorf("%s %s: %s", lang, what, outer(s))
				}
			})
		}
		issue := e.Doc(sitetest.Attr(archive.Find(".issues li a:not(.pdf):not(.cover)").First(), "href"), http.StatusOK)
		if sitetest.Attr(issue.Find(".entry > figure.image img"), "alt") == "" {
			t.Errorf("%s: the issue has no described cover", lang)
		}
	}
	page := e.Doc("/ru/news/sobiraetes-na-rabotu-za-rubezh-proverte-vsyo-pered-otezdom", http.StatusOK)
	if page.Find(".body figure.image figcaption").Text() == "" || page.Find(".entry > figure.image").Length() != 1 {
		t.Errorf("the demo article lacks its lead image or its figure")
	}
}
