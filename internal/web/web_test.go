package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/content"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestPublicPages checks every public page in both languages: status,
// lang, canonical, hreflang pairs that point at each other, x-default, the
// switcher, the header and the hotline banner.
func TestPublicPages(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, lang := range e.Langs {
		for _, path := range e.PublicPaths(lang) {
			t.Run(path, func(t *testing.T) {
				e.T = t
				d := e.Doc(path, http.StatusOK)
				if got := sitetest.Attr(d.Find("html"), "lang"); got != lang {
					t.Errorf("html lang %q", got)
				}
				if got := sitetest.Attr(d.Find(`link[rel=canonical]`), "href"); got != sitetest.BaseURL+path {
					t.Errorf("canonical %q, want %q", got, sitetest.BaseURL+path)
				}
				if d.Find("title").Text() == "" || d.Find("h1").Length() != 1 {
					t.Errorf("title %q, %d h1", d.Find("title").Text(), d.Find("h1").Length())
				}
				alts := map[string]string{}
				d.Find(`link[rel=alternate][hreflang]`).Each(func(_ int, s *goquery.Selection) {
					alts[sitetest.Attr(s, "hreflang")] = sitetest.Attr(s, "href")
				})
				first, _, later := strings.Cut(path, "?before=")
				if later {
					// A later page of a list has no alternates; the switcher
					// goes to the list's first page (TestLaterPagesSwitchToFirst).
					if len(alts) != 0 {
						t.Errorf("a later page's alternates %v", alts)
					}
					for _, other := range e.Langs {
						href := sitetest.Attr(d.Find(`.langs a[hreflang=`+other+`]`), "href")
						if u, err := url.Parse(href); other != lang && (err != nil || u.Query().Get("next") != "/"+other+strings.TrimPrefix(first, "/"+lang)) {
							t.Errorf("switcher to %s: %q", other, href)
						}
					}
				} else if alts[lang] != sitetest.BaseURL+path || alts["en"] == "" || alts["ru"] == "" || alts["x-default"] != alts["en"] {
					t.Fatalf("alternates %v", alts)
				}
				// Every alternate answers and points back at this page.
				for _, other := range e.Langs {
					if later {
						break
					}
					otherPath := strings.TrimPrefix(alts[other], sitetest.BaseURL)
					od := e.Doc(otherPath, http.StatusOK)
					if got := sitetest.Attr(od.Find(`link[rel=alternate][hreflang=`+lang+`]`), "href"); got != sitetest.BaseURL+path {
						t.Errorf("%s's %s alternate is %q, want %q", otherPath, lang, got, sitetest.BaseURL+path)
					}
					if other == lang {
						continue
					}
					// The switcher leads to that same page in the other language.
					sw := d.Find(`.langs a[hreflang=` + other + `]`)
					href := sitetest.Attr(sw, "href")
					u, err := url.Parse(href)
					if err != nil || u.Path != "/lang/"+other || u.Query().Get("next") != otherPath {
						t.Errorf("switcher to %s: %q, want next=%s", other, href, otherPath)
					}
					res := e.Get(href)
					if res.StatusCode != http.StatusFound || res.Header.Get("Location") != otherPath {
						t.Errorf("switch: %d → %q", res.StatusCode, res.Header.Get("Location"))
					}
				}
				// Header: RSS | Site map, the hotline banner with E.164 tel: links.
				if d.Find(`.toplinks a[href="/`+lang+`/sitemap"]`).Length() != 1 || d.Find(`.toplinks a[href="/`+lang+`/feeds"]`).Length() != 1 {
					t.Error("RSS | Site map links missing")
				}
				tels := d.Find(`.hotline-banner a[href^="tel:"]`)
				if tels.Length() != 2 || sitetest.Attr(tels.First(), "href") != "tel:+99312463514" || sitetest.Attr(tels.Last(), "href") != "tel:+99342232229" {
					t.Errorf("hotline banner: %d links", tels.Length())
				}
				if strings.TrimSpace(d.Find(".hotline-banner .slogan").Text()) == "" {
					t.Error("no slogan")
				}
				if strings.Contains(d.Text(), "evil.example.com") {
					t.Error("Host header leaked into the page")
				}
			})
		}
	}
}

func TestPageContent(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	ru, err := e.Store.LatestNewsletter(ctx, "ru")
	if err != nil {
		t.Fatal(err)
	}
	d := e.Doc("/ru/newsletters/"+ru.Slug, http.StatusOK)
	if got := d.Find(".period").First().Text(); got != "Декабрь 2011" {
		t.Errorf("period %q", got)
	}
	if n := d.Find("section.article").Length(); n < 2 {
		t.Errorf("%d articles", n)
	}
	if !strings.HasPrefix(d.Find("section.article h2").First().Text(), "Туркменистан") {
		t.Errorf("first article %q", d.Find("section.article h2").First().Text())
	}
	pdfs := d.Find(`.editions a.pdf`)
	if pdfs.Length() != 2 || sitetest.Attr(pdfs.First(), "hreflang") != "ru" || !strings.Contains(d.Find(".editions").Text(), "КБ") {
		t.Errorf("editions: %d, %q", pdfs.Length(), d.Find(".editions").Text())
	}
	res := e.Get(sitetest.Attr(pdfs.First(), "href"))
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("pdf: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	d = e.Doc("/ru/news/", http.StatusOK)
	if got := d.Find(".count").Text(); !strings.HasSuffix(got, "новостей") && !strings.HasSuffix(got, "новости") && !strings.HasSuffix(got, "новость") {
		t.Errorf("count %q", got)
	}
	if got := d.Find(".teaser .meta time").First().Text(); !strings.HasSuffix(got, " г.") {
		t.Errorf("russian date %q", got)
	}
	if d.Find(".teaser").Length() != 10 || d.Find(`.pager a[rel=next]`).Length() != 1 {
		t.Errorf("pagination: %d teasers", d.Find(".teaser").Length())
	}
	d = e.Doc("/en/newsletters/", http.StatusOK)
	if d.Find(`section.year h2`).First().Text() != "2011" {
		t.Errorf("archive years: %q", d.Find("section.year h2").Text())
	}
	d = e.Doc("/en/hotline", http.StatusOK)
	if d.Find(".hotline-list a[href^='tel:']").Length() != 2 || d.Find(".advice .body p").Length() == 0 {
		t.Error("hotline page lacks numbers or advice")
	}
}

func TestNegotiation(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	tests := []struct{ cookie, accept, want string }{
		{"", "", "/en/"},
		{"", "ru-RU,ru;q=0.9,en;q=0.8", "/ru/"},
		{"", "en-US,en;q=0.9", "/en/"},
		{"", "fr-FR", "/en/"},
		{"ru", "en", "/ru/"},
		{"en", "ru", "/en/"},
		{"zz", "ru", "/ru/"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		if tt.accept != "" {
			req.Header.Set("Accept-Language", tt.accept)
		}
		if tt.cookie != "" {
			req.AddCookie(&http.Cookie{Name: "lang", Value: tt.cookie})
		}
		rec := httptest.NewRecorder()
		e.Srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != tt.want {
			t.Errorf("cookie %q accept %q: %d → %q, want %q", tt.cookie, tt.accept, rec.Code, rec.Header().Get("Location"), tt.want)
		}
		if v := rec.Header().Get("Vary"); v != "Accept-Language, Cookie" {
			t.Errorf("Vary %q", v)
		}
	}
	// Deep links never move, whatever the visitor prefers.
	for _, p := range []string{"/ru/news/", "/en/hotline", "/ru/"} {
		if res := e.Get(p, "Accept-Language", "en", "Cookie", "lang=en"); res.StatusCode != http.StatusOK {
			t.Errorf("%s redirected: %d", p, res.StatusCode)
		}
	}
}

func TestSwitchLanguage(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	res := e.Get("/lang/ru?next=" + url.QueryEscape("/ru/news/"))
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/ru/news/" {
		t.Fatalf("switch: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	c := res.Cookies()
	if len(c) != 1 || c[0].Name != "lang" || c[0].Value != "ru" || !c[0].HttpOnly || !c[0].Secure || c[0].SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie %+v", c)
	}
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/en/news/", "/ru/\\evil", "/\\evil", "/ru//evil", "", "/ru/../admin"} {
		res := e.Get("/lang/ru?next=" + url.QueryEscape(next))
		if loc := res.Header.Get("Location"); loc != "/ru/" {
			t.Errorf("next=%q → %q, want /ru/", next, loc)
		}
	}
	if res := e.Get("/lang/xx?next=/xx/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown language: %d", res.StatusCode)
	}
}

// TestMissingTranslation: the switcher on an English-only item leads to a
// noindex page in Russian that links to the English version.
func TestMissingTranslation(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	items, _, err := e.Store.ListItems(ctx, "en", content.KindNews, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var only []content.Item
	for _, it := range items {
		if _, ok := it.Alternates["ru"]; !ok {
			only = append(only, it)
		}
	}
	if len(only) < 2 {
		t.Fatalf("%d English-only news items in the demo", len(only))
	}
	it := only[0]
	path := "/en/news/" + it.Slug
	d := e.Doc(path, http.StatusOK)
	if n := d.Find(`link[hreflang=ru]`).Length(); n != 0 {
		t.Errorf("hreflang ru on an untranslated page")
	}
	if got := sitetest.Attr(d.Find(`link[hreflang=x-default]`), "href"); got != sitetest.BaseURL+path {
		t.Errorf("x-default %q", got)
	}
	sw := sitetest.Attr(d.Find(`.langs a[hreflang=ru]`), "href")
	u, _ := url.Parse(sw)
	next := u.Query().Get("next")
	if next != content.UntranslatedPath("ru", it.ID) {
		t.Fatalf("switcher %q", sw)
	}
	res := e.Get(next)
	if res.Header.Get("X-Robots-Tag") != "noindex" {
		t.Error("no X-Robots-Tag")
	}
	d = e.Doc(next, http.StatusOK)
	if sitetest.Attr(d.Find("html"), "lang") != "ru" || sitetest.Attr(d.Find(`meta[name=robots]`), "content") != "noindex" {
		t.Error("not a Russian noindex page")
	}
	if d.Find(`link[rel=canonical]`).Length() != 0 {
		t.Error("the untranslated page must not claim a canonical URL")
	}
	if !strings.Contains(d.Find("h1").Text(), "русском") {
		t.Errorf("h1 %q", d.Find("h1").Text())
	}
	if got := sitetest.Attr(d.Find(`.untranslated a[hreflang=en]`), "href"); got != path {
		t.Errorf("link to the English version %q, want %q", got, path)
	}
	// The link's words are Russian (the page's language); only the
	// language's own name is marked as English.
	if a := d.Find(`.untranslated a[hreflang=en]`); a.AttrOr("lang", "") != "" || !strings.Contains(a.Text(), "на английском") {
		t.Errorf("link %q marked lang=%q", a.Text(), a.AttrOr("lang", ""))
	}
	if got := d.Find(`.untranslated span[lang=en]`).Text(); got != "English" {
		t.Errorf("English's own name %q", got)
	}
	if got := sitetest.Attr(d.Find(`.langs a[hreflang=en]`), "href"); got != "/lang/en?next="+url.QueryEscape(path) {
		t.Errorf("switcher back %q", got)
	}
	// Once translated, the same link leads to the translation.
	if _, err := e.Pool.Exec(ctx, `INSERT INTO translations (entry_id, kind, lang, title, slug) VALUES ($1, 'news', 'ru', 'Перевод', 'perevod')`, it.ID); err != nil {
		t.Fatal(err)
	}
	if res := e.Get(next); res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/ru/news/perevod" {
		t.Errorf("after translation: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	for _, bad := range []string{"/ru/unavailable/0", "/ru/unavailable/abc", "/ru/unavailable/99999999", "/ru/unavailable/-1"} {
		if res := e.Get(bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	tests := []struct{ path, lang, title string }{
		{"/en/nope", "en", "Page not found"},
		{"/ru/nope", "ru", "Страница не найдена"},
		{"/ru/news/nope", "ru", "Страница не найдена"},
		{"/en/newsletters/nope", "en", "Page not found"},
		{"/ru/news/?page=999", "ru", "Страница не найдена"},
		{"/ru/newsletters/?page=2", "ru", "Страница не найдена"},
		{"/en/news/?page=99999999999999999999", "en", "Page not found"},
		{"/en/news/%27%20OR%201=1--", "en", "Page not found"},
		{"/en/news/Bad_Slug", "en", "Page not found"},
		{"/xx/", "en", "Page not found"},
		{"/xx/news/", "en", "Page not found"},
		{"/en/a/b/c", "en", "Page not found"},
		{"/media/zz/x.pdf", "en", "Page not found"},
		{"/media/" + strings.Repeat("0", 64) + "/x.pdf", "en", "Page not found"},
	}
	for _, tt := range tests {
		d := e.Doc(tt.path, http.StatusNotFound)
		if sitetest.Attr(d.Find("html"), "lang") != tt.lang || strings.TrimSpace(d.Find("h1").Text()) != tt.title {
			t.Errorf("%s: lang %q h1 %q", tt.path, sitetest.Attr(d.Find("html"), "lang"), d.Find("h1").Text())
		}
		if d.Find(`.hotline-banner a[href^="tel:"]`).Length() == 0 {
			t.Errorf("%s: the 404 page lost the hotline banner", tt.path)
		}
		if sitetest.Attr(d.Find(`meta[name=robots]`), "content") != "noindex" {
			t.Errorf("%s: 404 page not noindex", tt.path)
		}
		other := map[string]string{"en": "ru", "ru": "en"}[tt.lang]
		if href := d.Find(`nav.langs a[hreflang=`+other+`]`).AttrOr("href", ""); href != "/lang/"+other+"?next=%2F"+other+"%2F" {
			t.Errorf("%s: switcher %q, want the %s home page", tt.path, href, other)
		}
	}
	// Outside every language, the visitor's language as "/" would choose
	// it; inside one, that language whatever the visitor prefers.
	for _, tt := range []struct{ path, header, value, lang string }{
		{"/foo", "Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5", "ru"},
		{"/foo", "Cookie", "lang=ru", "ru"},
		{"/foo", "Accept-Language", "de", "en"},
		{"/en/nope", "Accept-Language", "ru", "en"},
	} {
		res := e.Get(tt.path, tt.header, tt.value)
		d := sitetest.ParseDoc(t, res)
		if res.StatusCode != http.StatusNotFound || sitetest.Attr(d.Find("html"), "lang") != tt.lang {
			t.Errorf("%s with %s %q: %d, lang %q, want %s", tt.path, tt.header, tt.value, res.StatusCode, sitetest.Attr(d.Find("html"), "lang"), tt.lang)
		}
		if tt.path == "/foo" && !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Language") {
			t.Errorf("%s: Vary %q", tt.path, res.Header.Values("Vary"))
		}
	}
	// A path nobody answers stays a 404, whatever the method.
	for _, p := range []string{"/foo", "/foo/bar", "/xx/news/"} {
		rec := httptest.NewRecorder()
		e.Srv.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, p, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("POST %s: %d", p, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/en/", nil)
	rec := httptest.NewRecorder()
	e.Srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /en/: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	// Deeper in the language's routes, and in the admin's.
	for _, tt := range []struct{ method, path, allow string }{
		{http.MethodPost, "/en/news/", "GET, HEAD"},
		{http.MethodPost, "/en/hotline", "GET, HEAD"},
		{http.MethodDelete, "/en/subscribe", "GET, HEAD, POST"},
		{http.MethodPut, "/ru/subscription", "GET, HEAD, POST"},
		{http.MethodDelete, "/admin/login", "GET, HEAD, POST"},
		// Paths of their own, beside the languages' routes.
		{http.MethodPost, "/sitemap.xml", "GET, HEAD"},
		{http.MethodPost, "/robots.txt", "GET, HEAD"},
		{http.MethodPut, "/media/" + strings.Repeat("0", 64) + "/x.pdf", "GET, HEAD"},
	} {
		rec := httptest.NewRecorder()
		e.Srv.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d, Allow %q, want %q", tt.method, tt.path, rec.Code, rec.Header().Get("Allow"), tt.allow)
		}
	}
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	news, _, _ := e.Store.ListItems(ctx, "ru", content.KindNews, 1, 0)
	it := news[0]
	issues, _, _ := e.Store.ListItems(ctx, "en", content.KindNewsletter, 1, 0)
	issue := issues[0]
	if _, err := e.Pool.Exec(ctx, `INSERT INTO slug_history (lang, kind, slug, entry_id) VALUES ('ru', 'news', 'staryy-adres', $1)`, it.ID); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{"/ru/news/staryy-adres", "/ru/news/" + it.Slug},
		{"/en/news", "/en/news/"},
		{"/ru/newsletters", "/ru/newsletters/"},
		{"/ru", "/ru/"},
		// A slash at the end, or capitals: the address itself.
		{"/ru/news/" + it.Slug + "/", "/ru/news/" + it.Slug},
		{"/ru/news/" + strings.ToUpper(it.Slug), "/ru/news/" + it.Slug},
		{"/en/newsletters/" + strings.ToUpper(issue.Slug), "/en/newsletters/" + issue.Slug},
		{"/en/newsletters/" + strings.ToUpper(issue.Slug) + "/", "/en/newsletters/" + issue.Slug},
		{"/en/about/?utm_source=x", "/en/about?utm_source=x"},
		// A language in capitals: the language (then the slug, if need be).
		{"/EN/", "/en/"},
		{"/Ru/news/" + it.Slug, "/ru/news/" + it.Slug},
		{"/EN/about?utm_source=x", "/en/about?utm_source=x"},
		{"/EN/%2F%2Fevil.com/", "/en/%2F%2Fevil.com/"},
		{"/en/goryachaya-liniya", ""}, // a Russian slug in English: 404, checked below
	}
	for _, tt := range tests[:len(tests)-1] {
		res := e.Get(tt.path)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != tt.want {
			t.Errorf("%s: %d → %q, want %q", tt.path, res.StatusCode, res.Header.Get("Location"), tt.want)
		}
	}
	// Escapes in a path never make a redirect leave the site.
	for _, p := range []string{"/ru/..%2F%5Cevil.com/", "/ru/news/..%2F..%2F%5Cevil.com/", "/ru/%2F%2Fevil.com/", "/ru/x%3F/", "/ru/newsletters/%5C%5Cevil.com/"} {
		res := e.Get(p)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d → %q, want 404", p, res.StatusCode, loc)
		}
	}
	hotline, err := e.Store.ItemByKey(ctx, "ru", "hotline")
	if err != nil {
		t.Fatal(err)
	}
	if res := e.Get("/ru/" + hotline.Slug); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/ru/hotline" {
		t.Errorf("hotline page by slug: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestScheduledAppearsOnTime(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	ctx := context.Background()
	id, err := e.Store.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
		PublishedAt: timeNow().Add(3600e9), Translations: []content.Translation{{Lang: "en", Title: "Later", Slug: "later"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res := e.Get("/en/news/later"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("scheduled item visible early: %d", res.StatusCode)
	}
	if _, err := e.Pool.Exec(ctx, `UPDATE translations SET published_at = now() - interval '1 second' WHERE entry_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if res := e.Get("/en/news/later"); res.StatusCode != http.StatusOK {
		t.Fatalf("item not visible once its time came: %d", res.StatusCode)
	}
}

// TestLanguageChangedByHand: an address whose language was changed by hand
// ("/ru/news/<the English slug>") leads to the Russian translation, or to
// the page that says there is none — not to "page not found".
func TestLanguageChangedByHand(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	items, _, err := e.Store.ListItems(t.Context(), "en", content.KindNews, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var both, only content.Item
	for _, it := range items {
		if _, ok := it.Alternates["ru"]; ok {
			both = it
		} else {
			only = it
		}
	}
	if both.ID == 0 || only.ID == 0 {
		t.Fatal("the demo lacks a translated or an English-only news item")
	}
	for from, to := range map[string]string{
		"/ru/news/" + both.Slug:             "/ru/news/" + both.Alternates["ru"],
		"/ru/news/" + only.Slug:             "/ru/unavailable/" + strconv.FormatInt(only.ID, 10),
		"/en/news/" + both.Alternates["ru"]: "/en/news/" + both.Slug,
	} {
		res := e.Get(from)
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != to {
			t.Errorf("%s: %d → %q, want %s", from, res.StatusCode, res.Header.Get("Location"), to)
		}
	}
	// Pages and issues too.
	for _, kind := range []string{"page", "newsletter"} {
		var slug, ruSlug string
		if err := e.Pool.QueryRow(t.Context(), `SELECT en.slug, ru.slug FROM translations en JOIN translations ru USING (entry_id)
			JOIN entries e ON e.id = en.entry_id AND coalesce(e.system_key, '') <> 'hotline' -- the hotline page's address is fixed
			WHERE en.lang = 'en' AND ru.lang = 'ru' AND en.kind = $1 AND en.status = 'published' AND ru.status = 'published'
			ORDER BY en.entry_id LIMIT 1`, kind).Scan(&slug, &ruSlug); err != nil {
			t.Fatal(kind, err)
		}
		res := e.Get(content.EntryPath("ru", content.Kind(kind), slug, ""))
		if want := content.EntryPath("ru", content.Kind(kind), ruSlug, ""); res.StatusCode != http.StatusFound || res.Header.Get("Location") != want {
			t.Errorf("%s: %d → %q, want %s", kind, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	if res := e.Get("/ru/news/no-such-news-anywhere"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown slug: %d", res.StatusCode)
	}
}

// TestListPageParam: the news list and the newsletter archive have one
// numbered page, their first (older news are reached by date cursors):
// ?page=1 and a value that is no page number answer 301 to the list
// without it (other parameters kept), a page past the first is the
// localized 404, and the list itself is 200. A repeated ?page= counts by
// its first value, as the page cache's key does.
func TestListPageParam(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	for _, list := range []string{"/en/news/", "/ru/newsletters/"} {
		if res := e.Get(list); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", list, res.StatusCode)
		}
		for _, q := range []string{"page=1", "page=0", "page=-2", "page=abc", "page=", "page=01", "page=1&page=2", "page=%201"} {
			res := e.Get(list + "?" + q)
			if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != list {
				t.Errorf("%s?%s: %d → %q, want 301 → %s", list, q, res.StatusCode, res.Header.Get("Location"), list)
			}
		}
		for _, q := range []string{"page=2", "page=2&page=1", "page=999999", "page=99999999999999999999"} {
			d := e.Doc(list+"?"+q, http.StatusNotFound)
			want := map[string]string{"/en/": "Page not found", "/ru/": "Страница не найдена"}[list[:4]]
			if got := strings.TrimSpace(d.Find("h1").Text()); got != want {
				t.Errorf("%s?%s: h1 %q, want %q", list, q, got, want)
			}
		}
	}
	if res := e.Get("/en/news/?page=1&before=x"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/en/news/?before=x" {
		t.Errorf("?page=1 with a cursor: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
}
