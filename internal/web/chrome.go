package web

import (
	"context"
	"net/http"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/view"
)

// chrome is what every page shows besides its content: the hotline
// numbers and the main menu (in one language), and when either last
// changed.
type chrome struct {
	hotlines []content.Hotline
	menu     []content.MenuLink
	changed  time.Time
	gen      uint64 // the content generation they were read in
}

// chromeKey is what decides a page's rendered chrome besides its
// language's banner and menu (view.Chrome lists the fields it reads).
type chromeKey struct {
	lang, section string
	current       string // the menu item marked current, if any
	page          bool   // and the page shown is its own
	preview       bool
	year          int
}

// chrome reads the banner's numbers and the menu of a language once per
// content generation (memo) and says which generation they belong to: an
// uncached page then costs its own queries only. It also remembers them
// beyond it, so that error pages keep both while the database is away.
func (s *Server) chrome(ctx context.Context, lang string) (chrome, uint64, error) {
	gen := s.cache.Generation()
	c, err := s.chromeRead.get(gen, lang, func() (chrome, error) {
		hs, changed, err := s.store.Banner(ctx, lang)
		if err != nil {
			return chrome{}, err
		}
		menu, menuChanged, err := s.store.Menu(ctx, lang)
		if err != nil {
			return chrome{}, err
		}
		c := chrome{hotlines: hs, menu: menu, changed: changed, gen: gen}
		if menuChanged.After(changed) {
			c.changed = menuChanged
		}
		s.chromeMu.Lock()
		s.lastChrome[lang] = c
		s.chromeMu.Unlock()
		return c, nil
	})
	return c, gen, err
}

func (s *Server) cachedChrome(lang string) chrome {
	s.chromeMu.Lock()
	defer s.chromeMu.Unlock()
	return s.lastChrome[lang]
}

// withChrome puts the banner and the menu on a page.
func withChrome(b *view.Base, r *http.Request, c chrome) {
	b.Hotlines = c.hotlines
	b.Nav = view.Nav(b.T, b.Lang, b.Section, r.URL.Path, c.menu)
}

// chromeHTML is the rendered chrome of a page whose banner and menu are
// of generation gen: rendered by the first page of its kind in that
// generation, shared by the rest. In dev mode, where templates are read
// on every render, it is rendered every time. The head's feed links are
// listed only then: nothing else shows them.
func (s *Server) chromeHTML(gen uint64, b view.Base) (*view.Chrome, error) {
	render := func() (*view.Chrome, error) {
		b.Feeds = s.feedLinks(b.Lang, feedSectionOf(b.Section))
		return s.views.Chrome(b)
	}
	if s.views.Reloads() {
		return render()
	}
	k := chromeKey{lang: b.Lang, section: b.Section, preview: b.Preview, year: b.Year}
	for _, it := range b.Nav {
		if it.Current {
			k.current, k.page = it.Href, it.Page
		}
	}
	return s.chromeDone.get(gen, k, render)
}
