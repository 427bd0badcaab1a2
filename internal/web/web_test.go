package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/assets"
	"vestnik/internal/content"
	"vestnik/internal/demo"
	"vestnik/internal/i18n"
	"vestnik/internal/markdown"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
	"vestnik/internal/view"
	"vestnik/internal/web"
	"vestnik/locales"
	"vestnik/static"
	"vestnik/templates"
)

const baseURL = "https://vestnik.example.org"

// testLog receives the servers' logs (JSON, as in production); a test may
// point it at a buffer before building its env.
var testLog io.Writer = io.Discard

type env struct {
	t     *testing.T
	srv   http.Handler
	st    *store.Store
	pool  *pgxpool.Pool
	langs []string
}

// newEnv builds the real server on a fresh database with the demo content.
func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvAt(t, baseURL)
}

// newEnvAt is newEnv with another BASE_URL.
func newEnvAt(t *testing.T, baseURL string) *env {
	t.Helper()
	return newEnvWith(t, baseURL, nil, nil)
}

// newEnvWith builds the server with a page cache (nil: none) on a pool (nil:
// a fresh database with the demo content).
func newEnvWith(t *testing.T, baseURL string, cache *pagecache.Cache, pool *pgxpool.Pool) *env {
	t.Helper()
	ctx := context.Background()
	if pool == nil {
		pool = testdb.New(t)
		if _, err := demo.Load(ctx, store.New(pool), markdown.New()); err != nil {
			t.Fatal(err)
		}
	}
	st := store.New(pool)
	bundle, err := i18n.New(locales.FS, []string{"en", "ru"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	as, err := assets.New(static.FS, false)
	if err != nil {
		t.Fatal(err)
	}
	views, err := view.New(templates.FS, false, as.URL)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(baseURL)
	srv, err := web.New(web.Config{Store: st, Bundle: bundle, Views: views, Assets: as, BaseURL: base,
		Logger:   slog.New(slog.NewJSONHandler(testLog, nil)),
		Sessions: web.NewSessions(pool, true, 0), Markdown: markdown.New(), UploadLimit: 1 << 20, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, srv: srv, st: st, pool: pool, langs: []string{"en", "ru"}}
}

// get requests a path through the real router; headers are name, value pairs.
func (e *env) get(path string, headers ...string) *http.Response {
	e.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	// A hostile Host header must never reach absolute URLs.
	req.Host = "evil.example.com"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec.Result()
}

func (e *env) doc(path string, wantStatus int) *goquery.Document {
	e.t.Helper()
	res := e.get(path)
	if res.StatusCode != wantStatus {
		e.t.Fatalf("GET %s: status %d, want %d", path, res.StatusCode, wantStatus)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		e.t.Fatalf("GET %s: content type %q", path, ct)
	}
	d, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// publicPaths lists one URL of every kind of public page in a language.
func (e *env) publicPaths(lang string) []string {
	e.t.Helper()
	ctx := context.Background()
	news, _, err := e.st.ListItems(ctx, lang, content.KindNews, 10, 0)
	if err != nil || len(news) < 10 {
		e.t.Fatalf("news: %v", err)
	}
	nl, err := e.st.LatestNewsletter(ctx, lang)
	if err != nil {
		e.t.Fatal(err)
	}
	about, err := e.st.ItemByKey(ctx, lang, "about")
	if err != nil {
		e.t.Fatal(err)
	}
	return []string{
		"/" + lang + "/",
		"/" + lang + "/news/",
		"/" + lang + "/news/?before=" + url.QueryEscape(store.CursorOf(news[9]).String()),
		"/" + lang + "/news/" + news[0].Slug,
		"/" + lang + "/newsletters/",
		"/" + lang + "/newsletters/" + nl.Slug,
		"/" + lang + "/hotline",
		"/" + lang + "/" + about.Slug,
		"/" + lang + "/sitemap",
	}
}

func attr(s *goquery.Selection, name string) string {
	v, _ := s.Attr(name)
	return v
}

// TestPublicPages checks every public page in both languages: status,
// lang, canonical, hreflang pairs that point at each other, x-default, the
// switcher, the header and the hotline banner.
func TestPublicPages(t *testing.T) {
	e := newEnv(t)
	for _, lang := range e.langs {
		for _, path := range e.publicPaths(lang) {
			t.Run(path, func(t *testing.T) {
				e.t = t
				d := e.doc(path, http.StatusOK)
				if got := attr(d.Find("html"), "lang"); got != lang {
					t.Errorf("html lang %q", got)
				}
				if got := attr(d.Find(`link[rel=canonical]`), "href"); got != baseURL+path {
					t.Errorf("canonical %q, want %q", got, baseURL+path)
				}
				if d.Find("title").Text() == "" || d.Find("h1").Length() != 1 {
					t.Errorf("title %q, %d h1", d.Find("title").Text(), d.Find("h1").Length())
				}
				alts := map[string]string{}
				d.Find(`link[rel=alternate][hreflang]`).Each(func(_ int, s *goquery.Selection) {
					alts[attr(s, "hreflang")] = attr(s, "href")
				})
				if alts[lang] != baseURL+path || alts["en"] == "" || alts["ru"] == "" || alts["x-default"] != alts["en"] {
					t.Fatalf("alternates %v", alts)
				}
				// Every alternate answers and points back at this page.
				for _, other := range e.langs {
					otherPath := strings.TrimPrefix(alts[other], baseURL)
					od := e.doc(otherPath, http.StatusOK)
					if got := attr(od.Find(`link[rel=alternate][hreflang=`+lang+`]`), "href"); got != baseURL+path {
						t.Errorf("%s's %s alternate is %q, want %q", otherPath, lang, got, baseURL+path)
					}
					if other == lang {
						continue
					}
					// The switcher leads to that same page in the other language.
					sw := d.Find(`.langs a[hreflang=` + other + `]`)
					href := attr(sw, "href")
					u, err := url.Parse(href)
					if err != nil || u.Path != "/lang/"+other || u.Query().Get("next") != otherPath {
						t.Errorf("switcher to %s: %q, want next=%s", other, href, otherPath)
					}
					res := e.get(href)
					if res.StatusCode != http.StatusFound || res.Header.Get("Location") != otherPath {
						t.Errorf("switch: %d → %q", res.StatusCode, res.Header.Get("Location"))
					}
				}
				// Header: RSS | Site map, the hotline banner with E.164 tel: links.
				if d.Find(`.toplinks a[href="/`+lang+`/sitemap"]`).Length() != 1 || d.Find(`.toplinks a[href="/`+lang+`/feeds"]`).Length() != 1 {
					t.Error("RSS | Site map links missing")
				}
				tels := d.Find(`.hotline-banner a[href^="tel:"]`)
				if tels.Length() != 2 || attr(tels.First(), "href") != "tel:+99312463514" || attr(tels.Last(), "href") != "tel:+99342232229" {
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
	e := newEnv(t)
	ctx := context.Background()
	ru, err := e.st.LatestNewsletter(ctx, "ru")
	if err != nil {
		t.Fatal(err)
	}
	d := e.doc("/ru/newsletters/"+ru.Slug, http.StatusOK)
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
	if pdfs.Length() != 2 || attr(pdfs.First(), "hreflang") != "ru" || !strings.Contains(d.Find(".editions").Text(), "КБ") {
		t.Errorf("editions: %d, %q", pdfs.Length(), d.Find(".editions").Text())
	}
	res := e.get(attr(pdfs.First(), "href"))
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("pdf: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	d = e.doc("/ru/news/", http.StatusOK)
	if got := d.Find(".count").Text(); !strings.HasSuffix(got, "новостей") && !strings.HasSuffix(got, "новости") && !strings.HasSuffix(got, "новость") {
		t.Errorf("count %q", got)
	}
	if got := d.Find(".teaser .meta time").First().Text(); !strings.HasSuffix(got, " г.") {
		t.Errorf("russian date %q", got)
	}
	if d.Find(".teaser").Length() != 10 || d.Find(`.pager a[rel=next]`).Length() != 1 {
		t.Errorf("pagination: %d teasers", d.Find(".teaser").Length())
	}
	d = e.doc("/en/newsletters/", http.StatusOK)
	if d.Find(`section.year h2`).First().Text() != "2011" {
		t.Errorf("archive years: %q", d.Find("section.year h2").Text())
	}
	d = e.doc("/en/hotline", http.StatusOK)
	if d.Find(".hotline-list a[href^='tel:']").Length() != 2 || d.Find(".advice .body p").Length() == 0 {
		t.Error("hotline page lacks numbers or advice")
	}
}

func TestNegotiation(t *testing.T) {
	e := newEnv(t)
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
		e.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != tt.want {
			t.Errorf("cookie %q accept %q: %d → %q, want %q", tt.cookie, tt.accept, rec.Code, rec.Header().Get("Location"), tt.want)
		}
		if v := rec.Header().Get("Vary"); v != "Accept-Language, Cookie" {
			t.Errorf("Vary %q", v)
		}
	}
	// Deep links never move, whatever the visitor prefers.
	for _, p := range []string{"/ru/news/", "/en/hotline", "/ru/"} {
		if res := e.get(p, "Accept-Language", "en", "Cookie", "lang=en"); res.StatusCode != http.StatusOK {
			t.Errorf("%s redirected: %d", p, res.StatusCode)
		}
	}
}

func TestSwitchLanguage(t *testing.T) {
	e := newEnv(t)
	res := e.get("/lang/ru?next=" + url.QueryEscape("/ru/news/"))
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/ru/news/" {
		t.Fatalf("switch: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	c := res.Cookies()
	if len(c) != 1 || c[0].Name != "lang" || c[0].Value != "ru" || !c[0].HttpOnly || !c[0].Secure || c[0].SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie %+v", c)
	}
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/en/news/", "/ru/\\evil", "/\\evil", "/ru//evil", "", "/ru/../admin"} {
		res := e.get("/lang/ru?next=" + url.QueryEscape(next))
		if loc := res.Header.Get("Location"); loc != "/ru/" {
			t.Errorf("next=%q → %q, want /ru/", next, loc)
		}
	}
	if res := e.get("/lang/xx?next=/xx/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown language: %d", res.StatusCode)
	}
}

// TestMissingTranslation: the switcher on an English-only item leads to a
// noindex page in Russian that links to the English version.
func TestMissingTranslation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	items, _, err := e.st.ListItems(ctx, "en", content.KindNews, 100, 0)
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
	d := e.doc(path, http.StatusOK)
	if n := d.Find(`link[hreflang=ru]`).Length(); n != 0 {
		t.Errorf("hreflang ru on an untranslated page")
	}
	if got := attr(d.Find(`link[hreflang=x-default]`), "href"); got != baseURL+path {
		t.Errorf("x-default %q", got)
	}
	sw := attr(d.Find(`.langs a[hreflang=ru]`), "href")
	u, _ := url.Parse(sw)
	next := u.Query().Get("next")
	if next != content.UntranslatedPath("ru", it.ID) {
		t.Fatalf("switcher %q", sw)
	}
	res := e.get(next)
	if res.Header.Get("X-Robots-Tag") != "noindex" {
		t.Error("no X-Robots-Tag")
	}
	d = e.doc(next, http.StatusOK)
	if attr(d.Find("html"), "lang") != "ru" || attr(d.Find(`meta[name=robots]`), "content") != "noindex" {
		t.Error("not a Russian noindex page")
	}
	if d.Find(`link[rel=canonical]`).Length() != 0 {
		t.Error("the untranslated page must not claim a canonical URL")
	}
	if !strings.Contains(d.Find("h1").Text(), "русском") {
		t.Errorf("h1 %q", d.Find("h1").Text())
	}
	if got := attr(d.Find(`.untranslated a[hreflang=en]`), "href"); got != path {
		t.Errorf("link to the English version %q, want %q", got, path)
	}
	if got := attr(d.Find(`.langs a[hreflang=en]`), "href"); got != "/lang/en?next="+url.QueryEscape(path) {
		t.Errorf("switcher back %q", got)
	}
	// Once translated, the same link leads to the translation.
	if _, err := e.pool.Exec(ctx, `INSERT INTO translations (entry_id, kind, lang, title, slug) VALUES ($1, 'news', 'ru', 'Перевод', 'perevod')`, it.ID); err != nil {
		t.Fatal(err)
	}
	if res := e.get(next); res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/ru/news/perevod" {
		t.Errorf("after translation: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	for _, bad := range []string{"/ru/unavailable/0", "/ru/unavailable/abc", "/ru/unavailable/99999999", "/ru/unavailable/-1"} {
		if res := e.get(bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t)
	tests := []struct{ path, lang, title string }{
		{"/en/nope", "en", "Page not found"},
		{"/ru/nope", "ru", "Страница не найдена"},
		{"/ru/news/nope", "ru", "Страница не найдена"},
		{"/en/newsletters/nope", "en", "Page not found"},
		{"/ru/news/?page=999", "ru", "Страница не найдена"},
		{"/ru/news/?page=abc", "ru", "Страница не найдена"},
		{"/en/news/?page=0", "en", "Page not found"},
		{"/en/news/?page=1", "en", "Page not found"},
		{"/en/news/?page=-2", "en", "Page not found"},
		{"/en/news/?page=2&page=3", "en", "Page not found"},
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
		d := e.doc(tt.path, http.StatusNotFound)
		if attr(d.Find("html"), "lang") != tt.lang || strings.TrimSpace(d.Find("h1").Text()) != tt.title {
			t.Errorf("%s: lang %q h1 %q", tt.path, attr(d.Find("html"), "lang"), d.Find("h1").Text())
		}
		if d.Find(`.hotline-banner a[href^="tel:"]`).Length() == 0 {
			t.Errorf("%s: the 404 page lost the hotline banner", tt.path)
		}
		if attr(d.Find(`meta[name=robots]`), "content") != "noindex" {
			t.Errorf("%s: 404 page not noindex", tt.path)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/en/", nil)
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /en/: %d", rec.Code)
	}
}

func TestRedirects(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	news, _, _ := e.st.ListItems(ctx, "ru", content.KindNews, 1, 0)
	it := news[0]
	if _, err := e.pool.Exec(ctx, `INSERT INTO slug_history (lang, kind, slug, entry_id) VALUES ('ru', 'news', 'staryy-adres', $1)`, it.ID); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{"/ru/news/staryy-adres", "/ru/news/" + it.Slug},
		{"/en/news", "/en/news/"},
		{"/ru/newsletters", "/ru/newsletters/"},
		{"/ru", "/ru/"},
		{"/en/goryachaya-liniya", ""}, // a Russian slug in English: 404, checked below
	}
	for _, tt := range tests[:4] {
		res := e.get(tt.path)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != tt.want {
			t.Errorf("%s: %d → %q, want %q", tt.path, res.StatusCode, res.Header.Get("Location"), tt.want)
		}
	}
	hotline, err := e.st.ItemByKey(ctx, "ru", "hotline")
	if err != nil {
		t.Fatal(err)
	}
	if res := e.get("/ru/" + hotline.Slug); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/ru/hotline" {
		t.Errorf("hotline page by slug: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestScheduledAppearsOnTime(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id, err := e.st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
		PublishedAt: timeNow().Add(3600e9), Translations: []content.Translation{{Lang: "en", Title: "Later", Slug: "later"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res := e.get("/en/news/later"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("scheduled item visible early: %d", res.StatusCode)
	}
	if _, err := e.pool.Exec(ctx, `UPDATE entries SET published_at = now() - interval '1 second' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if res := e.get("/en/news/later"); res.StatusCode != http.StatusOK {
		t.Fatalf("item not visible once its time came: %d", res.StatusCode)
	}
}
