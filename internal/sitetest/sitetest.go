// Package sitetest builds the whole site for tests — the public site with
// the CMS mounted, wired as cmd/vestnik wires it — on a fresh database of
// the test's own, and drives it like a browser: requests through the real
// router, a client that keeps cookies, logins, and forms read back from
// the pages. Tests of internal/web and internal/admin share it.
package sitetest

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/accounts"
	"vestnik/internal/admin"
	"vestnik/internal/assets"
	"vestnik/internal/auth"
	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/markdown"
	"vestnik/internal/pagecache"
	"vestnik/internal/poll"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
	"vestnik/internal/view"
	"vestnik/internal/web"
	"vestnik/locales"
	"vestnik/static"
	"vestnik/templates"
)

// BaseURL is the site's configured base URL in tests.
const BaseURL = "https://vestnik.example.org"

// Password is the password of the users tests create.
const Password = "correct horse battery staple"

// TestCost is the password-hashing cost of the sites tests build: cheap,
// so hundreds of logins under the race detector cost little (internal/auth
// tests the production cost).
var TestCost = auth.Cost{MemoryKiB: 64, Time: 1}

func init() { auth.UseCost(TestCost) }

// Options change the site a test gets; the zero value is the usual one.
type Options struct {
	BaseURL string           // "": BaseURL
	Cache   *pagecache.Cache // nil: no page cache
	Pool    *pgxpool.Pool    // nil: a fresh database with the demo content
	Log     io.Writer        // the servers' JSON logs (nil: discarded)
	// Purge is called after the admin's purge of Cache (optional): tests
	// that count purges.
	Purge func()
	// Now is the admin's clock of two-factor codes and login throttling
	// (nil: time.Now); a Clock's Now steps through time without waiting.
	Now func() time.Time
	// TrustedProxies are the proxies whose X-Forwarded-For is believed.
	TrustedProxies httpx.Proxies
	// SearchPerMinute limits each client's uncached searches (0: as good
	// as none, for tests that search much; the limit has its own test).
	SearchPerMinute int
	// Metrics answers GET /metrics when set.
	Metrics http.Handler
	// Zone is the site's time zone (nil: UTC).
	Zone *time.Location
}

// Env is the site of one test.
type Env struct {
	T     testing.TB // subtests may point it at themselves
	Srv   http.Handler
	Store *store.Store
	Pool  *pgxpool.Pool
	Cache *pagecache.Cache
	Langs []string
}

// New builds the site on a fresh database with the demo content.
func New(t testing.TB) *Env {
	t.Helper()
	return NewWith(t, Options{})
}

// NewWith builds the site with options.
func NewWith(t testing.TB, o Options) *Env {
	t.Helper()
	if o.BaseURL == "" {
		o.BaseURL = BaseURL
	}
	if o.Pool == nil {
		o.Pool = testdb.NewDemo(t)
	}
	if o.Cache == nil {
		o.Cache = pagecache.New(0)
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	st := store.New(o.Pool)
	langs, err := st.Languages(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	zone := o.Zone
	if zone == nil {
		zone = time.UTC
	}
	bundle, err := i18n.ForSite(locales.FS, langs, zone)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	as, views := parts.assets, parts.views
	base, err := url.Parse(o.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(o.Log, nil))
	st.LogOutages(log) // as serve wires it
	purge, purgeEntries := o.Cache.Purge, o.Cache.PurgeEntries
	if o.Purge != nil {
		purge = func() { o.Cache.Purge(); o.Purge() }
		purgeEntries = func(ids ...int64) { o.Cache.PurgeEntries(ids...); o.Purge() }
	}
	cms, err := admin.New(admin.Config{Store: st, Bundle: bundle, Views: views, BaseURL: base, Logger: log,
		Sessions: admin.NewSessions(st, o.Pool, true, 0), Markdown: markdown.New(), UploadLimit: 1 << 20, Purge: purge, PurgeEntries: purgeEntries,
		Now: o.Now, TrustedProxies: o.TrustedProxies, TrashDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{Store: st, Bundle: bundle, Views: views, Assets: as, BaseURL: base,
		Logger: log, Admin: cms, Cache: o.Cache, TrustedProxies: o.TrustedProxies, SearchPerMinute: cmp.Or(o.SearchPerMinute, 10000), Metrics: o.Metrics})
	if err != nil {
		t.Fatal(err)
	}
	return &Env{T: t, Srv: srv, Store: st, Pool: o.Pool, Cache: o.Cache, Langs: bundle.Codes()}
}

// siteParts are what every site a test process builds shares.
type siteParts struct {
	assets *assets.Assets
	views  *view.Renderer
}

// shared makes the static files and templates of every site a test
// process builds: neither changes once made, and making them compresses
// every static file at the best brotli level and parses every template,
// most of a site's cost to build.
var shared = sync.OnceValues(func() (*siteParts, error) {
	as, err := assets.New(static.FS, false)
	if err != nil {
		return nil, err
	}
	views, err := view.New(templates.FS, false, as.URL)
	if err != nil {
		return nil, err
	}
	return &siteParts{as, views}, nil
})

// Get requests a path through the real router; headers are name, value
// pairs. The Host header is hostile: it must never reach absolute URLs.
func (e *Env) Get(path string, headers ...string) *http.Response {
	e.T.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "evil.example.com"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.Srv.ServeHTTP(rec, req)
	return rec.Result()
}

// Doc GETs an HTML page, checks its status and parses it.
func (e *Env) Doc(path string, wantStatus int) *goquery.Document {
	e.T.Helper()
	res := e.Get(path)
	if res.StatusCode != wantStatus {
		e.T.Fatalf("GET %s: status %d, want %d", path, res.StatusCode, wantStatus)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		e.T.Fatalf("GET %s: content type %q", path, ct)
	}
	return ParseDoc(e.T, res)
}

// PublicPaths lists one URL of every kind of public page in a language.
func (e *Env) PublicPaths(lang string) []string {
	e.T.Helper()
	ctx := context.Background()
	news, _, err := e.Store.ListItems(ctx, lang, content.KindNews, 10, 0)
	if err != nil || len(news) < 10 {
		e.T.Fatalf("news: %v", err)
	}
	nl, err := e.Store.LatestNewsletter(ctx, lang)
	if err != nil {
		e.T.Fatal(err)
	}
	about, err := e.Store.ItemByKey(ctx, lang, "about")
	if err != nil {
		e.T.Fatal(err)
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

// User creates an account with Password.
func (e *Env) User(email, role string) store.User {
	e.T.Helper()
	u, _, err := accounts.Create(context.Background(), e.Store, accounts.Actor{}, email, "", role, Password, accounts.Options{Lang: "en"})
	if err != nil {
		e.T.Fatal(err)
	}
	return u
}

// Login logs a new client in as a new user of the role.
func (e *Env) Login(email, role string) (*Client, store.User) {
	e.T.Helper()
	u := e.User(email, role)
	c := e.Client()
	res := c.Post("/admin/login", url.Values{"email": {email}, "password": {Password}})
	if res.StatusCode != http.StatusSeeOther {
		body, _ := io.ReadAll(res.Body)
		e.T.Fatalf("login %s: %d\n%.1000s", email, res.StatusCode, body)
	}
	return c, u
}

// Attr is an attribute's value, "" when it is missing.
func Attr(s *goquery.Selection, name string) string {
	v, _ := s.Attr(name)
	return v
}

// Expect checks a response's status, showing the start of the body when it
// is not the one wanted, and parses it.
func Expect(t testing.TB, what string, res *http.Response, want int) *goquery.Document {
	t.Helper()
	if res.StatusCode != want {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("%s: %d, want %d\n%.1500s", what, res.StatusCode, want, body)
	}
	return ParseDoc(t, res)
}

// ParseDoc parses a response's HTML.
func ParseDoc(t testing.TB, res *http.Response) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// FormOf collects the fields of a page's form as a browser would submit
// it (without any submit button's value), with the fields elsewhere on
// the page that name the form (form="id").
func FormOf(d *goquery.Document, selector string) url.Values {
	v := url.Values{}
	fields := d.Find(selector).Find("input, textarea, select")
	if id, ok := d.Find(selector).Attr("id"); ok && id != "" {
		fields = fields.AddSelection(d.Find(`[form="` + id + `"]`))
	}
	fields.Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok || name == "" {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			v.Add(name, strings.TrimPrefix(s.Text(), "\n"))
		case "select":
			opt := s.Find("option[selected]")
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			val, _ := opt.Attr("value")
			v.Add(name, val)
		default:
			typ, _ := s.Attr("type")
			if typ == "checkbox" || typ == "radio" {
				if _, checked := s.Attr("checked"); !checked {
					return
				}
			}
			if typ == "submit" || typ == "button" || typ == "file" {
				return
			}
			val, _ := s.Attr("value")
			v.Add(name, val)
		}
	})
	return v
}

// Eventually waits until cond holds (poll.Until); it fails the test only
// after within, which should be long enough that only a real hang reaches
// it on a busy machine.
func Eventually(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	if !poll.Until(within, cond) {
		t.Fatalf("%s: not after %v", what, within)
	}
}

// Clock is a clock a test sets: it stands still until told to move.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Discard is a logger that drops everything.
var Discard = slog.New(slog.NewTextHandler(io.Discard, nil))
