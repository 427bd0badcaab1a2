package web_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"vestnik/internal/content"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

const xss = `"><script>alert('x')</script>&amp;</title>]]>`

// hidden adds a draft and a scheduled item whose titles must never leak.
func hidden(e *sitetest.Env) {
	e.T.Helper()
	ctx := context.Background()
	for i, st := range []content.Status{content.StatusDraft, content.StatusPublished, content.StatusUnpublished} {
		at := time.Now().Add(24 * time.Hour)
		if st == content.StatusUnpublished {
			at = time.Now().Add(-time.Hour)
		}
		if _, err := e.Store.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: st, PublishedAt: at, Translations: []content.Translation{
			{Lang: "en", Title: "SECRET ITEM", Slug: "secret-" + string(rune('a'+i))},
			{Lang: "ru", Title: "SECRET ITEM", Slug: "secret-" + string(rune('a'+i))},
		}}); err != nil {
			e.T.Fatal(err)
		}
	}
}

// firstWords is the start of an article's first paragraph, as text.
func firstWords(bodyHTML string) string {
	s := strings.TrimPrefix(bodyHTML, "<p>")
	if i := strings.IndexAny(s, "<&"); i >= 0 {
		s = s[:i]
	}
	return s[:min(len(s), 40)]
}

func TestFeeds(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	hidden(e)
	ctx := context.Background()
	sections := map[string][]content.Kind{"": {content.KindNews, content.KindNewsletter}, "news/": {content.KindNews}, "newsletters/": {content.KindNewsletter}}
	for _, lang := range e.Langs {
		for sec, kinds := range sections {
			want, err := e.Store.FeedItems(ctx, lang, kinds, 30)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct{ name, ct string }{{"rss.xml", "application/rss+xml; charset=utf-8"}, {"atom.xml", "application/atom+xml; charset=utf-8"}, {"feed.json", "application/feed+json; charset=utf-8"}} {
				path := "/" + lang + "/" + sec + f.name
				res := e.Get(path)
				body, _ := io.ReadAll(res.Body)
				if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != f.ct {
					t.Fatalf("%s: %d %q", path, res.StatusCode, res.Header.Get("Content-Type"))
				}
				if strings.Contains(string(body), "SECRET") || strings.Contains(string(body), "evil.example.com") {
					t.Errorf("%s leaks a hidden item or the Host header", path)
				}
				feed, err := gofeed.NewParser().ParseString(string(body))
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				if feed.Language != lang || len(feed.Items) != len(want) {
					t.Fatalf("%s: language %q, %d items, want %d", path, feed.Language, len(feed.Items), len(want))
				}
				for i, it := range feed.Items {
					w := want[i]
					link := sitetest.BaseURL + content.EntryPath(lang, w.Entry.Kind, w.Slug, w.SystemKey)
					if it.Title != w.Title || it.Link != link || !strings.HasPrefix(it.GUID, sitetest.BaseURL+"/"+lang+"/entry/") {
						t.Errorf("%s item %d: %q %q %q", path, i, it.Title, it.Link, it.GUID)
					}
					if it.PublishedParsed == nil || !it.PublishedParsed.Equal(w.PublishedAt.Truncate(time.Second)) {
						t.Errorf("%s item %d: published %v, want %v", path, i, it.PublishedParsed, w.PublishedAt)
					}
					if len(it.Categories) != 1 || it.Content == "" {
						t.Errorf("%s item %d: categories %v, content %d bytes", path, i, it.Categories, len(it.Content))
					}
					// A newsletter issue is carried whole: every article's
					// title and text, in the feed's language.
					if w.Entry.Kind == content.KindNewsletter {
						if len(w.Articles) == 0 {
							t.Errorf("%s item %d: an issue without articles", path, i)
						}
						for _, a := range w.Articles {
							if !strings.Contains(it.Content, html.EscapeString(a.Title)) || !strings.Contains(it.Content, firstWords(a.BodyHTML)) {
								t.Errorf("%s item %d: article %q missing from the content", path, i, a.Title)
							}
						}
					}
					if w.Edition != nil {
						if len(it.Enclosures) != 1 || it.Enclosures[0].Type != "application/pdf" || !strings.HasSuffix(it.Enclosures[0].URL, "-"+lang+".pdf") {
							t.Errorf("%s item %d: enclosures %+v", path, i, it.Enclosures)
						}
					}
				}
				// Conditional requests.
				if r := e.Get(path, "If-None-Match", res.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
					t.Errorf("%s If-None-Match: %d", path, r.StatusCode)
				}
				if r := e.Get(path, "If-Modified-Since", res.Header.Get("Last-Modified")); r.StatusCode != http.StatusNotModified {
					t.Errorf("%s If-Modified-Since: %d", path, r.StatusCode)
				}
			}
		}
	}
}

func TestAutodiscovery(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, tt := range []struct{ path, first string }{{"/en/", "/en/rss.xml"}, {"/ru/news/", "/ru/news/rss.xml"}, {"/ru/newsletters/", "/ru/newsletters/rss.xml"}, {"/en/hotline", "/en/rss.xml"}} {
		d := e.Doc(tt.path, http.StatusOK)
		feeds := d.Find(`head link[rel=alternate][type="application/rss+xml"], head link[rel=alternate][type="application/atom+xml"], head link[rel=alternate][type="application/feed+json"]`)
		if feeds.Length() != 9 || feeds.First().AttrOr("href", "") != tt.first {
			t.Errorf("%s: %d feeds, first %q", tt.path, feeds.Length(), feeds.First().AttrOr("href", ""))
		}
		if d.Find(`head link[rel=search]`).AttrOr("href", "") == "" || d.Find(`form[role=search] input[name=q]`).Length() == 0 {
			t.Errorf("%s: no search", tt.path)
		}
	}
	d := e.Doc("/ru/feeds", http.StatusOK)
	if d.Find(".toplinks a[aria-current]").Text() != "RSS" || d.Find(".feed-list a").Length() != 9 {
		t.Error("feeds page")
	}
	// The menu says "this page" of a section's own page only; an article
	// is in News (aria-current="true") but is not the News page.
	for path, want := range map[string]string{"/en/news/": "page", "/en/news/hotline-calls-up-by-a-third-in-2011": "true", "/en/": "page"} {
		cur := e.Doc(path, http.StatusOK).Find("nav.mainnav a[aria-current]")
		if cur.Length() != 1 || cur.AttrOr("aria-current", "") != want {
			t.Errorf("%s: %d marked, aria-current=%q, want %q", path, cur.Length(), cur.AttrOr("aria-current", ""), want)
		}
	}
	res := e.Get("/ru/opensearch.xml")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), sitetest.BaseURL+"/ru/search?q={searchTerms}") {
		t.Errorf("opensearch: %d %s", res.StatusCode, body)
	}
}

// TestFeedGuesses: the addresses feed readers and people try — the old
// WordPress site's /feed, other builders' file names — lead to a feed,
// in the visitor's language, and the feed there parses.
func TestFeedGuesses(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, tt := range []struct{ path, accept, want string }{
		{"/feed", "", "/en/rss.xml"},
		{"/feed/", "ru-RU,ru;q=0.9", "/ru/rss.xml"},
		{"/rss.xml", "ru", "/ru/rss.xml"},
		{"/atom.xml", "en", "/en/atom.xml"},
		{"/feed.json", "ru", "/ru/feed.json"},
		{"/ru/feed", "en", "/ru/rss.xml"},
	} {
		res := e.Get(tt.path, "Accept-Language", tt.accept)
		if loc := res.Header.Get("Location"); res.StatusCode/100 != 3 || loc != tt.want {
			t.Errorf("%s (Accept-Language %q): %d to %q, want %s", tt.path, tt.accept, res.StatusCode, loc, tt.want)
			continue
		}
		res = e.Get(tt.want)
		if _, err := gofeed.NewParser().Parse(res.Body); res.StatusCode != http.StatusOK || err != nil {
			t.Errorf("%s: %d, %v", tt.want, res.StatusCode, err)
		}
	}
	if content.ValidSlug("feed") && !content.ReservedPageSlug("feed") {
		t.Error("a page may take the slug feed, which /{lang}/feed answers")
	}
}

type urlset struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

func TestSitemap(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	hidden(e)
	res := e.Get("/sitemap.xml")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("index: %d", res.StatusCode)
	}
	var idx struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(body, &idx); err != nil || len(idx.Sitemaps) < 3 {
		t.Fatalf("index: %v, %d sitemaps\n%s", err, len(idx.Sitemaps), body)
	}
	locs := map[string]map[string]string{} // loc → hreflang → href
	mods := map[string]string{}            // loc → lastmod
	for _, sm := range idx.Sitemaps {
		res := e.Get(strings.TrimPrefix(sm.Loc, sitetest.BaseURL))
		body, _ := io.ReadAll(res.Body)
		var set urlset
		if err := xml.Unmarshal(body, &set); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %v", sm.Loc, res.StatusCode, err)
		}
		if strings.Contains(string(body), "secret-") {
			t.Errorf("%s lists a hidden item", sm.Loc)
		}
		for _, u := range set.URLs {
			alts := map[string]string{}
			for _, l := range u.Links {
				alts[l.Hreflang] = l.Href
			}
			locs[u.Loc] = alts
			mods[u.Loc] = u.LastMod
		}
	}
	// Every URL carries the date of its content: a section's page the
	// newest of what it lists (or of the hotline numbers on every page).
	ctx := context.Background()
	for loc, mod := range mods {
		if _, err := time.Parse(time.RFC3339, mod); err != nil {
			t.Errorf("%s: lastmod %q", loc, mod)
		}
	}
	for _, lang := range e.Langs {
		var news, issues, hot time.Time
		const newest = `SELECT max(greatest(t.published_at, t.updated_at)) FROM translations t
			WHERE t.status = 'published' AND t.published_at <= now() AND t.kind = $1 AND t.lang = $2`
		if err := e.Pool.QueryRow(ctx, newest, "news", lang).Scan(&news); err != nil {
			t.Fatal(err)
		}
		if err := e.Pool.QueryRow(ctx, newest, "newsletter", lang).Scan(&issues); err != nil {
			t.Fatal(err)
		}
		if err := e.Pool.QueryRow(ctx, `SELECT max(updated_at) FROM hotlines`).Scan(&hot); err != nil {
			t.Fatal(err)
		}
		later := func(a, b time.Time) time.Time {
			if a.After(b) {
				return a
			}
			return b
		}
		for path, want := range map[string]time.Time{
			"/news/":        later(news, hot),
			"/newsletters/": later(issues, hot),
			"/":             later(later(news, issues), hot),
		} {
			loc := sitetest.BaseURL + "/" + lang + path
			if got := mods[loc]; got != want.UTC().Format(time.RFC3339) {
				t.Errorf("%s: lastmod %s, want %s", loc, got, want.UTC().Format(time.RFC3339))
			}
		}
	}
	if len(locs) < 30 {
		t.Fatalf("only %d URLs", len(locs))
	}
	for loc, alts := range locs {
		if r := e.Get(strings.TrimPrefix(loc, sitetest.BaseURL)); r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", loc, r.StatusCode)
		}
		if alts["x-default"] == "" {
			t.Errorf("%s: no x-default", loc)
		}
		self := false
		for lang, href := range alts {
			if lang == "x-default" {
				continue
			}
			if href == loc {
				self = true
			}
			if back := locs[href]; back == nil || back[lang] != href {
				t.Errorf("%s: alternate %s=%s is not listed with the same alternates", loc, lang, href)
			}
		}
		if !self {
			t.Errorf("%s does not list itself", loc)
		}
	}
	for _, bad := range []string{"/sitemaps/news-0.xml", "/sitemaps/news-99.xml", "/sitemaps/evil-1.xml", "/sitemaps/news-01.xml", "/sitemaps/x"} {
		if r := e.Get(bad); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, r.StatusCode)
		}
	}
	res = e.Get("/robots.txt")
	body, _ = io.ReadAll(res.Body)
	if !strings.Contains(string(body), "Sitemap: "+sitetest.BaseURL+"/sitemap.xml") || !strings.Contains(string(body), "Disallow: /admin/") {
		t.Errorf("robots.txt:\n%s", body)
	}
}

func jsonLD(t *testing.T, d *goquery.Document) []map[string]any {
	t.Helper()
	var out []map[string]any
	d.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v map[string]any
		if err := json.Unmarshal([]byte(s.Text()), &v); err != nil {
			t.Fatalf("JSON-LD %q: %v", s.Text(), err)
		}
		out = append(out, v)
	})
	return out
}

func TestMetadata(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	paths := e.PublicPaths("ru")
	d := e.Doc(paths[3], http.StatusOK) // a news item
	meta := func(p string) string { return d.Find(`meta[property="`+p+`"]`).AttrOr("content", "") }
	if meta("og:title") == "" || meta("og:description") == "" || meta("og:url") != sitetest.BaseURL+paths[3] || meta("og:type") != "article" ||
		meta("og:locale") != "ru_RU" || meta("og:locale:alternate") != "en_US" || d.Find(`meta[name="twitter:card"]`).Length() != 1 {
		t.Errorf("open graph: %q %q %q %q %q", meta("og:title"), meta("og:url"), meta("og:type"), meta("og:locale"), meta("og:locale:alternate"))
	}
	var article, crumbs map[string]any
	for _, v := range jsonLD(t, d) {
		switch v["@type"] {
		case "NewsArticle":
			article = v
		case "BreadcrumbList":
			crumbs = v
		}
	}
	if article == nil || article["headline"] != meta("og:title") || article["inLanguage"] != "ru" || article["datePublished"] == nil || article["publisher"] == nil {
		t.Errorf("NewsArticle %v", article)
	}
	if crumbs == nil || len(crumbs["itemListElement"].([]any)) != 3 {
		t.Errorf("BreadcrumbList %v", crumbs)
	}
	d = e.Doc("/en/hotline", http.StatusOK)
	var org map[string]any
	for _, v := range jsonLD(t, d) {
		if v["@type"] == "Organization" {
			org = v
		}
	}
	points, _ := org["contactPoint"].([]any)
	if len(points) != 2 {
		t.Fatalf("Organization %v", org)
	}
	cp := points[0].(map[string]any)
	if cp["@type"] != "ContactPoint" || cp["contactType"] != "hotline" || cp["telephone"] != "+99312463514" || cp["areaServed"] == nil || cp["availableLanguage"] == nil {
		t.Errorf("ContactPoint %v", cp)
	}
	d = e.Doc(paths[5], http.StatusOK) // a newsletter issue: an article per article
	n := 0
	for _, v := range jsonLD(t, d) {
		if v["@type"] == "NewsArticle" {
			n++
		}
	}
	if n < 3 {
		t.Errorf("%d NewsArticles on the newsletter page", n)
	}
}

// TestXSSInEveryOutput: hostile titles and summaries come out escaped and
// well-formed in the page, its attributes, its JSON-LD, the feeds and the
// search results.
func TestXSSInEveryOutput(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	for _, lang := range e.Langs {
		title := "Title " + xss + " " + lang
		if _, err := e.Store.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Minute),
			Translations: []content.Translation{{Lang: lang, Title: title, Slug: "xss-" + lang, Summary: "Summary " + xss, BodyMD: "body", BodyHTML: "<p>body</p>"}}}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/" + lang + "/news/xss-" + lang, "/" + lang + "/", "/" + lang + "/news/", "/" + lang + "/search?q=Title"} {
			res := e.Get(p)
			body, _ := io.ReadAll(res.Body)
			if strings.Contains(string(body), "<script>alert") {
				t.Errorf("%s: raw script", p)
			}
			d, _ := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
			if !strings.Contains(d.Text(), title) && p != "/"+lang+"/news/" {
				t.Errorf("%s: the title is not shown as text", p)
			}
			if p == "/"+lang+"/news/xss-"+lang {
				if d.Find(`meta[property="og:title"]`).AttrOr("content", "") != title {
					t.Errorf("og:title mangled")
				}
				found := false
				for _, v := range jsonLD(t, d) {
					if v["headline"] == title {
						found = true
					}
				}
				if !found {
					t.Error("JSON-LD does not carry the title intact")
				}
			}
		}
		for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
			res := e.Get("/" + lang + "/" + f)
			body, _ := io.ReadAll(res.Body)
			if strings.Contains(string(body), "<script>") {
				t.Errorf("%s: raw script in the feed", f)
			}
			feed, err := gofeed.NewParser().ParseString(string(body))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if feed.Items[0].Title != title {
				t.Errorf("%s: title %q", f, feed.Items[0].Title)
			}
		}
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	hidden(e)
	ctx := context.Background()
	mk := func(lang, slug, title, body string) {
		if _, err := e.Store.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Minute),
			Translations: []content.Translation{{Lang: lang, Title: title, Slug: slug, BodyMD: body, BodyHTML: "<p>" + body + "</p>"}}}); err != nil {
			t.Fatal(err)
		}
	}
	mk("ru", "a1", "Семинар о торговле людьми", "Обсудили меры против торговли людьми в регионе.")
	mk("ru", "a2", "Борьба с торговлей людьми", "Новый шелтер открыт в Дашогузе.")
	mk("ru", "a3", "Горячая линия работает", "Звонки на горячую линию бесплатны. Линия горячая.")
	mk("en", "b1", "Trafficking seminar", "Officers discussed <b>trafficking</b> cases.")
	// doc follows the one redirect to a query's normal form.
	doc := func(path string) *goquery.Document {
		if res := e.Get(path); res.StatusCode == http.StatusMovedPermanently {
			path = res.Header.Get("Location")
		}
		return e.Doc(path, http.StatusOK)
	}
	// hits lists the results of every page (the demo content matches too).
	hits := func(path string) []string {
		var out []string
		for n := 1; n <= 10; n++ {
			p := path
			if n > 1 {
				p += "&page=" + strconv.Itoa(n)
			}
			d := doc(p)
			out = append(out, d.Find(".result h2 a").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("href", "") })...)
			if d.Find(`a[rel=next]`).Length() == 0 {
				break
			}
		}
		return out
	}
	has := func(list []string, want ...string) bool {
		for _, w := range want {
			ok := false
			for _, l := range list {
				if strings.HasSuffix(l, "/"+w) {
					ok = true
				}
			}
			if !ok {
				return false
			}
		}
		return true
	}
	// Russian morphology: «торговля» finds «торговле», «торговли», «торговлей».
	if got := hits("/ru/search?q=" + url.QueryEscape("торговля")); !has(got, "a1", "a2") {
		t.Errorf("morphology: %v", got)
	}
	// Exclusion.
	if got := hits("/ru/search?q=" + url.QueryEscape("торговля -шелтер")); !has(got, "a1") || has(got, "a2") {
		t.Errorf("exclusion: %v", got)
	}
	// Phrases, with straight quotes and with «guillemets».
	for _, q := range []string{`"горячая линия"`, `«горячая линия»`} {
		if got := hits("/ru/search?q=" + url.QueryEscape(q)); !has(got, "a3") {
			t.Errorf("phrase %s: %v", q, got)
		}
	}
	// Results are in the page's language only, with a line for the other.
	d := e.Doc("/en/search?q=trafficking", http.StatusOK)
	if got := d.Find(".result h2 a").Length(); got == 0 {
		t.Fatal("no English results")
	}
	d.Find(".result h2 a").Each(func(_ int, s *goquery.Selection) {
		if !strings.HasPrefix(s.AttrOr("href", ""), "/en/") {
			t.Errorf("mixed languages: %s", s.AttrOr("href", ""))
		}
	})
	if d.Find(".result .snippet mark").Length() == 0 || d.Find(".snippet b").Length() > 0 {
		t.Errorf("snippets not highlighted or not escaped: %q", d.Find(".result .snippet").Text())
	}
	d = e.Doc("/ru/search?q="+url.QueryEscape("торговля"), http.StatusOK)
	if !strings.Contains(d.Find(".count").Text(), "результат") {
		t.Errorf("count line %q", d.Find(".count").Text())
	}
	// Empty, hopeless and hostile queries get a helpful page.
	for _, q := range []string{"", "the and of", "'; DROP TABLE entries;--", `"`, "-", "&&||!!", "<script>", strings.Repeat("x", 5000)} {
		d := doc("/en/search?q=" + url.QueryEscape(q))
		if d.Find("h1").Text() == "" {
			t.Errorf("%q: no page", q)
		}
	}
	// One address per query: spacing and quote marks that change nothing
	// redirect to the normal form, keeping the page.
	for from, to := range map[string]string{
		"/en/search?q=%20hotline%20%20training%20": "/en/search?q=hotline+training",
		"/ru/search?q=%C2%ABгорячая%C2%BB&page=2":  "/ru/search?q=%22%D0%B3%D0%BE%D1%80%D1%8F%D1%87%D0%B0%D1%8F%22&page=2",
		"/en/search?q=%20":                         "/en/search",
	} {
		if res := e.Get(from); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != to {
			t.Errorf("%s: %d → %q, want %s", from, res.StatusCode, res.Header.Get("Location"), to)
		}
	}
	if got := hits("/ru/search?q=SECRET"); len(got) != 0 {
		t.Errorf("hidden items found: %v", got)
	}
	if r := e.Get("/en/search?q=trafficking&page=99"); r.StatusCode != http.StatusNotFound {
		t.Errorf("a page past the results: %d", r.StatusCode)
	}
	// As on the lists: page 1, or no page number, is the first page's
	// one address.
	for _, p := range []string{"/en/search?q=x&page=0", "/en/search?q=x&page=abc", "/en/search?q=x&page=1"} {
		if r := e.Get(p); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/en/search?q=x" {
			t.Errorf("%s: %d → %q", p, r.StatusCode, r.Header.Get("Location"))
		}
	}
}

// TestLaterPagesSwitchToFirst: a later page of the news or of search
// results exists in its language only (another language's page 2 shows
// other items, or none): its language switcher goes to the first page of
// the same list there, and it claims no alternates in other languages.
func TestLaterPagesSwitchToFirst(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	older := e.Doc("/en/news/", http.StatusOK).Find(`a[href^="/en/news/?before="]`).First().AttrOr("href", "")
	if older == "" {
		t.Fatal("no older page of the news")
	}
	for path, want := range map[string]string{older: "/ru/news/", "/en/search?q=hotline&page=2": "/ru/search?q=hotline"} {
		d := e.Doc(path, http.StatusOK)
		sw := d.Find(`nav.langs a[hreflang=ru]`).AttrOr("href", "")
		u, err := url.Parse(sw)
		if err != nil || u.Query().Get("next") != want {
			t.Errorf("%s: switcher %q, want next=%s", path, sw, want)
		}
		if res := e.Get(want); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", want, res.StatusCode)
		}
		if n := d.Find(`link[rel=alternate][hreflang=ru]`).Length(); n != 0 {
			t.Errorf("%s: %d Russian alternates", path, n)
		}
	}
	// The first page is the same page in every language.
	if href := e.Doc("/en/search?q=hotline", http.StatusOK).Find(`link[rel=alternate][hreflang=ru]`).AttrOr("href", ""); !strings.HasSuffix(href, "/ru/search?q=hotline") {
		t.Errorf("first page's Russian alternate %q", href)
	}
}

// TestSiteMapPage: the HTML site map leads to every section, the sign-up
// page and the feeds, in the page's language.
func TestSiteMapPage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, lang := range e.Langs {
		d := e.Doc("/"+lang+"/sitemap", http.StatusOK)
		for _, p := range []string{"/", "/news/", "/newsletters/", "/hotline", "/subscribe", "/feeds"} {
			if d.Find(`main .sitemap a[href="/`+lang+p+`"]`).Length() == 0 {
				t.Errorf("%s site map: no link to /%s%s", lang, lang, p)
			}
		}
	}
}

// TestSitemapIndexPagesDate: the index dates pages.xml by the newest
// lastmod in it (the home pages show the newest news; every page shows the
// hotline numbers), as crawlers compare the two.
func TestSitemapIndexPagesDate(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	lastmods := regexp.MustCompile(`<lastmod>([^<]+)</lastmod>`)
	newest := ""
	for _, m := range lastmods.FindAllStringSubmatch(body(t, e.Get("/sitemaps/pages.xml")), -1) {
		newest = max(newest, m[1]) // RFC 3339 in UTC sorts as time
	}
	m := regexp.MustCompile(`<loc>[^<]*/sitemaps/pages.xml</loc>\s*<lastmod>([^<]+)</lastmod>`).FindStringSubmatch(body(t, e.Get("/sitemap.xml")))
	if m == nil || newest == "" || m[1] != newest {
		t.Errorf("the index dates pages.xml %v; its newest lastmod is %q", m, newest)
	}
}
