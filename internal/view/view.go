// Package view owns the HTML templates: parsed once at start (from disk on
// every render in dev mode), with a static FuncMap, executed into a buffer
// so that a failed render never sends half a page. Per-request values (the
// Localizer, the page's URLs) travel in the page data, never in the
// templates themselves.
package view

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"time"

	"vestnik/internal/i18n"
)

// Pair is what the pair template function makes.
type Pair struct {
	T *i18n.Localizer
	X any
}

// Pages are the public page templates (pages/<name>.html) and AdminPages
// the admin's (admin/<name>.html, rendered as "admin/<name>"); a missing
// one fails at start.
var (
	Pages = []string{
		"home", "news_list", "news_item", "newsletter_list", "newsletter_item",
		"hotline", "page", "sitemap", "untranslated", "error", "feeds", "search",
		"subscribe", "subscribe_confirm", "subscription",
	}
	AdminPages = []string{
		"login", "dashboard", "account", "error",
		"entries", "entry_edit", "conflict", "revisions", "revision",
		"media", "media_item", "hotlines", "hotline_edit", "users", "user_edit", "audit",
		"newsletter_send", "subscribers", "subscriber", "outbox", "outbox_item",
		"totp_login", "totp_enrol", "totp_codes",
	}
)

// Renderer executes page templates.
type Renderer struct {
	fsys  fs.FS
	dev   bool
	funcs template.FuncMap
	pages map[string]*template.Template // never changed after New
}

// New parses layout.html, partials/*.html and pages/<name>.html for each of
// Pages. assetURL maps a static file name to its hashed URL.
func New(fsys fs.FS, dev bool, assetURL func(string) (string, error)) (*Renderer, error) {
	r := &Renderer{fsys: fsys, dev: dev, funcs: funcs(assetURL)}
	pages, err := r.parse()
	if err != nil {
		return nil, err
	}
	r.pages = pages
	return r, nil
}

func (r *Renderer) parse() (map[string]*template.Template, error) {
	pages := make(map[string]*template.Template, len(Pages)+len(AdminPages))
	sets := []struct {
		layout, partials, dir, prefix string
		names                         []string
	}{
		{"layout.html", "partials/*.html", "pages", "", Pages},
		{"admin/layout.html", "admin/partials/*.html", "admin", "admin/", AdminPages},
	}
	for _, set := range sets {
		base, err := template.New("layout.html").Funcs(r.funcs).ParseFS(r.fsys, set.layout, set.partials)
		if err != nil {
			return nil, fmt.Errorf("view: %w", err)
		}
		for _, name := range set.names {
			t, err := base.Clone()
			if err != nil {
				return nil, fmt.Errorf("view: %w", err)
			}
			if t, err = t.ParseFS(r.fsys, path.Join(set.dir, name+".html")); err != nil {
				return nil, fmt.Errorf("view: page %s%s: %w", set.prefix, name, err)
			}
			pages[set.prefix+name] = t
		}
	}
	return pages, nil
}

// Render executes the named page with data and returns the bytes.
func (r *Renderer) Render(name string, data any) ([]byte, error) {
	pages := r.pages
	if r.dev {
		var err error
		if pages, err = r.parse(); err != nil {
			return nil, err
		}
	}
	t, ok := pages[name]
	if !ok {
		return nil, fmt.Errorf("view: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return nil, fmt.Errorf("view: %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

func funcs(assetURL func(string) (string, error)) template.FuncMap {
	return template.FuncMap{
		"asset": assetURL,
		// html marks HTML that the Markdown renderer sanitized before it was stored.
		"html":  func(s string) template.HTML { return template.HTML(s) }, //nolint:gosec // sanitized by internal/markdown
		"add":   func(a, b int) int { return a + b },
		"iso":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"upper": strings.ToUpper,
		"list":  func(xs ...string) []string { return xs },
		// pair hands a partial the page's Localizer with one value.
		"pair": func(t *i18n.Localizer, x any) Pair { return Pair{T: t, X: x} },
	}
}
