// Package view owns the HTML templates: parsed once at start (from disk on
// every render in dev mode), with a static FuncMap, executed into a buffer
// so that a failed render never sends half a page. Per-request values (the
// Localizer, the page's URLs) travel in the page data, never in the
// templates themselves.
package view

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"vestnik/internal/i18n"
)

// Pair is what the pair template function makes.
type Pair struct {
	T *i18n.Localizer
	X any
}

// PageName names a page template. Only the names declared below exist, and
// New parses every one of them, so a handler cannot ask for a page that is
// not there: a missing template fails at start, not at request time.
type PageName struct{ name string }

func (p PageName) String() string { return p.name }

var publicPages, adminPages []PageName

// page declares a public page template (pages/<name>.html).
func page(name string) PageName {
	p := PageName{name}
	publicPages = append(publicPages, p)
	return p
}

// adminPage declares an admin page template (admin/<name>.html).
func adminPage(name string) PageName {
	p := PageName{"admin/" + name}
	adminPages = append(adminPages, p)
	return p
}

// The public pages.
var (
	PageHome             = page("home")
	PageNewsList         = page("news_list")
	PageNewsItem         = page("news_item")
	PageNewsletterList   = page("newsletter_list")
	PageNewsletterItem   = page("newsletter_item")
	PageHotline          = page("hotline")
	PagePage             = page("page")
	PageSitemap          = page("sitemap")
	PageUntranslated     = page("untranslated")
	PageError            = page("error")
	PageFeeds            = page("feeds")
	PageSearch           = page("search")
	PageSubscribe        = page("subscribe")
	PageSubscribeConfirm = page("subscribe_confirm")
	PageSubscription     = page("subscription")
)

// The admin's pages.
var (
	PageAdminLogin           = adminPage("login")
	PageAdminDashboard       = adminPage("dashboard")
	PageAdminAccount         = adminPage("account")
	PageAdminError           = adminPage("error")
	PageAdminEntries         = adminPage("entries")
	PageAdminEntryEdit       = adminPage("entry_edit")
	PageAdminConflict        = adminPage("conflict")
	PageAdminRevisions       = adminPage("revisions")
	PageAdminRevision        = adminPage("revision")
	PageAdminRevisionCompare = adminPage("revision_compare")
	PageAdminMedia           = adminPage("media")
	PageAdminMediaItem       = adminPage("media_item")
	PageAdminHotlines        = adminPage("hotlines")
	PageAdminHotlineEdit     = adminPage("hotline_edit")
	PageAdminUsers           = adminPage("users")
	PageAdminUserEdit        = adminPage("user_edit")
	PageAdminAudit           = adminPage("audit")
	PageAdminLanguages       = adminPage("languages")
	PageAdminBoard           = adminPage("board")
	PageAdminTrash           = adminPage("trash")
	PageAdminMenu            = adminPage("menu")
	PageAdminNewsletterSend  = adminPage("newsletter_send")
	PageAdminSubscribers     = adminPage("subscribers")
	PageAdminSubscriber      = adminPage("subscriber")
	PageAdminOutbox          = adminPage("outbox")
	PageAdminOutboxItem      = adminPage("outbox_item")
	PageAdminTOTPLogin       = adminPage("totp_login")
	PageAdminTOTPEnrol       = adminPage("totp_enrol")
	PageAdminTOTPCodes       = adminPage("totp_codes")
)

// ErrorKey is the message ID prefix of an error status's page: its
// ".title" and ".text".
func ErrorKey(status int) string {
	switch status {
	case http.StatusNotFound, http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusServiceUnavailable,
		http.StatusUnauthorized, http.StatusForbidden, http.StatusRequestEntityTooLarge, http.StatusTooManyRequests:
		return "error." + strconv.Itoa(status)
	}
	return "error.500"
}

// Renderer executes page templates.
type Renderer struct {
	fsys  fs.FS
	dev   bool
	funcs template.FuncMap
	set   templateSet // never changed after New
	// sizes is the length of each page's last render: the next render's
	// buffer starts that big instead of doubling its way up (a third of
	// the bytes a home page render allocated). The map never changes
	// after New.
	sizes     map[PageName]*atomic.Int64
	fragments fragmentMemo
}

// templateSet is every page template, and the public layout with its
// partials alone (which renders the chrome).
type templateSet struct {
	pages  map[PageName]*lazyPage
	public *template.Template
}

// lazyPage is a page template parsed at its first render: the admin's
// pages (each a copy of the admin layout and its partials, two thirds of
// the memory all templates take) are parsed only once an editor asks for
// them. New has parsed each once already, to fail at start if one cannot
// be.
type lazyPage struct {
	once  sync.Once
	parse func() (*template.Template, error)
	t     *template.Template
	err   error
}

func (p *lazyPage) template() (*template.Template, error) {
	p.once.Do(func() { p.t, p.err = p.parse() })
	return p.t, p.err
}

// New parses layout.html and partials/*.html with each public page, and
// admin/layout.html and admin/partials/*.html with each admin page. assetURL maps a static file name to its hashed URL.
func New(fsys fs.FS, dev bool, assetURL func(string) (string, error)) (*Renderer, error) {
	r := &Renderer{fsys: fsys, dev: dev, funcs: funcs(assetURL)}
	set, err := r.parse()
	if err != nil {
		return nil, err
	}
	r.set = set
	r.sizes = make(map[PageName]*atomic.Int64, len(set.pages))
	for name := range set.pages {
		r.sizes[name] = new(atomic.Int64)
	}
	return r, nil
}

func (r *Renderer) parse() (templateSet, error) {
	pages := make(map[PageName]*lazyPage, len(publicPages)+len(adminPages))
	var public *template.Template
	sets := []struct {
		layout, partials, dir, prefix string
		names                         []PageName
		lazy                          bool
	}{
		{"layout.html", "partials/*.html", "pages", "", publicPages, false},
		{"admin/layout.html", "admin/partials/*.html", "admin", "admin/", adminPages, true},
	}
	// The fragments are bound to this parse's public layout: in dev mode
	// each render's pages execute the partials they were parsed with.
	own := r.fragmentFuncs(&public)
	for _, set := range sets {
		base, err := template.New("layout.html").Funcs(r.funcs).Funcs(own).ParseFS(r.fsys, set.layout, set.partials)
		if err != nil {
			return templateSet{}, fmt.Errorf("view: %w", err)
		}
		for _, p := range set.names {
			file := path.Join(set.dir, strings.TrimPrefix(p.name, set.prefix)+".html")
			parse := func() (*template.Template, error) {
				t, err := base.Clone()
				if err == nil {
					t, err = t.ParseFS(r.fsys, file)
				}
				if err != nil {
					return nil, fmt.Errorf("view: page %s: %w", p, err)
				}
				return t, nil
			}
			// Parsed now (it must parse), and kept or thrown away.
			t, err := parse()
			if err != nil {
				return templateSet{}, err
			}
			lp := &lazyPage{parse: parse}
			if !set.lazy {
				lp.once.Do(func() { lp.t = t })
			}
			pages[p] = lp
		}
		if public == nil {
			public = base
		}
	}
	return templateSet{pages: pages, public: public}, nil
}

// Reloads reports whether templates are read anew for every render (dev
// mode): what is rendered from them must not be kept.
func (r *Renderer) Reloads() bool { return r.dev }

// current is the template set to use: in dev mode, parsed anew.
func (r *Renderer) current() (templateSet, error) {
	if r.dev {
		return r.parse()
	}
	return r.set, nil
}

// Chrome renders the parts of a public page that every page of its
// language and section shares (see Chrome), from b.
func (r *Renderer) Chrome(b Base) (*Chrome, error) {
	set, err := r.current()
	if err != nil {
		return nil, err
	}
	b.Chrome = nil
	var c Chrome
	var buf bytes.Buffer
	for _, part := range []struct {
		name string
		dst  *template.HTML
	}{{"head_links", &c.Head}, {"header_top", &c.Top}, {"header_main", &c.Header}, {"footer", &c.Footer}} {
		buf.Reset()
		if err := set.public.ExecuteTemplate(&buf, part.name, b); err != nil {
			return nil, fmt.Errorf("view: chrome %s: %w", part.name, err)
		}
		*part.dst = template.HTML(buf.String()) //nolint:gosec // executed by html/template
	}
	return &c, nil
}

// HotlineBox renders the home page's hotline box (partial hotline_box).
func (r *Renderer) HotlineBox(b HotlineBox) (template.HTML, error) {
	set, err := r.current()
	if err != nil {
		return "", err
	}
	return part(set.public, "hotline_box", b)
}

// Render executes the named page with data and returns the bytes.
func (r *Renderer) Render(name PageName, data any) ([]byte, error) {
	var out []byte
	err := r.RenderWith(name, data, func(b []byte) { out = bytes.Clone(b) })
	return out, err
}

// RenderWith executes the named page with data into a buffer of its own
// and, if that succeeds, hands the bytes to write, whose call is the only
// time they are valid: the buffer then serves the next render. (A render
// into a new buffer was a third of what an uncached page allocated, and
// so of the collector's work; the response writers copy what they keep.)
func (r *Renderer) RenderWith(name PageName, data any, write func([]byte)) error {
	set, err := r.current()
	if err != nil {
		return err
	}
	lp, ok := set.pages[name]
	if !ok {
		return fmt.Errorf("view: no page %q", name)
	}
	t, err := lp.template()
	if err != nil {
		return err
	}
	bp := renderBuffers.Get().(*[]byte)
	buf := bytes.NewBuffer((*bp)[:0])
	size := r.sizes[name]
	buf.Grow(int(size.Load()) + 1024)
	if err := t.ExecuteTemplate(buf, "layout.html", data); err != nil {
		return fmt.Errorf("view: %s: %w", name, err)
	}
	size.Store(int64(buf.Len()))
	write(buf.Bytes())
	if buf.Cap() <= maxPooledBuffer {
		*bp = buf.Bytes()[:0]
		renderBuffers.Put(bp)
	}
	return nil
}

// renderBuffers are the buffers pages render into (RenderWith), kept
// between renders; one that grew past maxPooledBuffer is let go.
var renderBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledBuffer = 256 << 10

func funcs(assetURL func(string) (string, error)) template.FuncMap {
	return template.FuncMap{
		"asset": assetURL,
		"add":   func(a, b int) int { return a + b },
		"iso":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"upper": strings.ToUpper,
		"list":  func(xs ...string) []string { return xs },
		// json writes a value for a page's script to read (in an attribute).
		"json": func(v any) (string, error) {
			b, err := json.Marshal(v)
			return string(b), err
		},
		// pair hands a partial the page's Localizer with one value.
		"pair": func(t *i18n.Localizer, x any) Pair { return Pair{T: t, X: x} },
		// The head's tags for search engines and link previews, the
		// language switcher and search results (markup.go).
		"headLinks":  headLinks,
		"headMeta":   headMeta,
		"langSwitch": langSwitch,
		"searchHits": searchHits,
	}
}
