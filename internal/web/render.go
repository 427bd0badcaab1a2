package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/view"
)

// render executes a page into memory and only then writes the status and
// the bytes, so a failed render becomes a clean error page.
// touchList moves a list page's Modified to shown, the newest date of the
// items it shows (newestOf), or to the last time an item of its kinds
// left the lists (so the date never goes back when the newest item is
// unpublished).
func (s *Server) touchList(ctx context.Context, b *view.Base, shown time.Time, kinds ...content.Kind) error {
	d, err := s.listDate(ctx, shown, kinds...)
	b.Touch(d)
	return err
}

// A page that knows the date of its content says so in Last-Modified (the
// cache then keeps that date rather than the time of rendering).
func (s *Server) render(w http.ResponseWriter, status int, name view.PageName, data any) error {
	if d, ok := data.(interface{ LastModified() time.Time }); ok && !d.LastModified().IsZero() {
		w.Header().Set("Last-Modified", d.LastModified().UTC().Format(http.TimeFormat))
	}
	return httpx.Render(w, s.views, status, name, data)
}

// basePage fills what every page has, for a page that exists at the same
// path in every language (lists, home, hotline); query is the canonical
// query string, if any. Pages of one entry then call withEntry.
func (s *Server) basePage(r *http.Request, lang, section, query string) view.Base {
	return s.pagedBase(r, lang, section, query, query)
}

// pagedBase is basePage for a later page of a list or of search results
// (query), which exists in this language only: the other languages'
// switcher links go to the same list's first page there (first: its
// query), and no alternates are claimed for it.
func (s *Server) pagedBase(r *http.Request, lang, section, query, first string) view.Base {
	b := s.newBase(lang, section)
	if section == "" {
		return b // error pages: no canonical, no alternates
	}
	path := r.URL.Path
	rest := strings.TrimPrefix(path, "/"+lang)
	paths := map[string]string{}
	for _, code := range s.bundle.Codes() {
		paths[code] = "/" + code + rest
	}
	s.setLinks(&b, paths, query, first)
	s.setMeta(&b)
	return b
}

// newBase starts a page's Base in lang, with the languages to choose from.
func (s *Server) newBase(lang, section string) view.Base {
	b := view.NewBase(s.bundle.Get(lang), section)
	b.Languages = s.langChoices()
	return b
}

// feedSectionOf is the section whose feeds a page links first.
func feedSectionOf(section string) feedSection {
	switch section {
	case "news", "newsletters":
		return feedSection(section)
	}
	return ""
}

// setLinks sets the canonical URL, the hreflang alternates, x-default and
// the language switcher from the page's path in each language it exists in.
// Languages missing from paths get switcher links to fallback(code).
//
// query is the page's query string; first, the one the page has in the
// other languages (pagedBase): when they differ, the page is a later page
// of a list, and it has no alternates (its canonical URL says enough).
func (s *Server) setLinks(b *view.Base, paths map[string]string, query, first string, fallback ...func(code string) string) {
	q, fq := "", ""
	if query != "" {
		q = "?" + query
	}
	if first != "" {
		fq = "?" + first
	}
	b.Canonical = s.abs(paths[b.Lang] + q)
	codes := s.bundle.Codes()
	b.Alternates, b.Switch = make([]view.Link, 0, len(codes)), make([]view.Link, 0, len(codes))
	xdefault := ""
	for _, code := range codes {
		name := s.bundle.Get(code).Tr("language.self")
		p, ok := paths[code]
		if ok && q == fq { // a later page has no other-language equivalent: no hreflang
			href := b.Canonical
			if code != b.Lang {
				href = s.abs(p + q)
			}
			if code == s.bundle.Default() {
				xdefault = href
			}
			b.Alternates = append(b.Alternates, view.Link{Lang: code, Name: name, Href: href})
		}
		if code == b.Lang {
			continue
		}
		target := p + fq
		if !ok {
			if len(fallback) == 0 {
				continue
			}
			target = fallback[0](code)
		}
		b.Switch = append(b.Switch, view.Link{Lang: code, Name: name, Href: switchHref(code, target)})
	}
	if p, ok := paths[s.bundle.Default()]; ok && len(b.Alternates) > 1 {
		if xdefault == "" {
			xdefault = s.abs(p + q)
		}
		b.XDefault = xdefault
	} else if len(b.Alternates) > 0 {
		b.XDefault = b.Alternates[0].Href
	}
}

// switchHref is the switcher's link: through /lang/{code}, which remembers
// the choice in a cookie, to the page in that language.
func switchHref(code, target string) string {
	return "/lang/" + code + "?next=" + url.QueryEscape(target)
}

// withEntry points a page's links at an entry's translations; languages it
// lacks get the page that says so.
func (s *Server) withEntry(b *view.Base, it content.Item) {
	paths := map[string]string{}
	for lang, slug := range it.Alternates {
		if s.bundle.Get(lang) != nil {
			paths[lang] = content.EntryPath(lang, it.Entry.Kind, slug, it.SystemKey)
		}
	}
	s.setLinks(b, paths, "", "", func(code string) string {
		return content.UntranslatedPath(code, it.ID)
	})
	s.setMeta(b)
}

// pageBase starts the data of a page: base fields plus the hotline banner
// and the menu, and the chrome rendered (chrome.go).
//
// Its Modified starts at the later of the banner's and the menu's last
// change (every page shows them) and the start of this process
// (templates and translations change only with a release); pages of
// content move it to the date of what they show.
func (s *Server) pageBase(r *http.Request, lang, section, query string) (view.Base, error) {
	return s.pagedPageBase(r, lang, section, query, query)
}

// pagedPageBase is pageBase for a later page of a list (pagedBase).
func (s *Server) pagedPageBase(r *http.Request, lang, section, query, first string) (view.Base, error) {
	return s.chromed(r, s.pagedBase(r, lang, section, query, first))
}

// entryPageBase is pageBase for the page of entry it: its links lead to
// the entry's translations (withEntry), not to its path in every
// language, so those are not worked out first.
func (s *Server) entryPageBase(r *http.Request, section string, it content.Item) (view.Base, error) {
	b := s.newBase(it.Lang, section)
	s.withEntry(&b, it)
	return s.chromed(r, b)
}

// chromed puts the banner, the menu and the rendered chrome on b.
func (s *Server) chromed(r *http.Request, b view.Base) (view.Base, error) {
	c, gen, err := s.chrome(r.Context(), b.Lang)
	if err != nil {
		return b, err
	}
	withChrome(&b, r, c)
	b.Touch(c.changed, startTime.Truncate(time.Second))
	b.Chrome, err = s.chromeHTML(gen, b)
	return b, err
}
