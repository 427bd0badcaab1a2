package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/sitemap"
)

// sitemapIDs is the id range one sitemap file covers: at most that many
// entries, a URL per language each — far below sitemap.MaxURLs, so every
// file stays small and quick to make.
const sitemapIDs = 500

// sitemapKinds are the chunked sections, by file-name prefix.
var sitemapKinds = map[string]content.Kind{"news": content.KindNews, "newsletters": content.KindNewsletter}

// sitemapIndex lists the section sitemaps, so the site scales past 50,000
// URLs per file.
func (s *Server) sitemapIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var refs []sitemap.Ref
	_, pagesMod, err := s.pagesURLs(ctx)
	if err != nil {
		return err
	}
	newest := pagesMod
	for _, prefix := range []string{"news", "newsletters"} {
		chunks, err := s.store.SitemapChunks(ctx, sitemapKinds[prefix], sitemapIDs)
		if err != nil {
			return err
		}
		// Each file is dated by its own entries' removals too (a crawler
		// trusting lastmod would keep an address taken down); the index
		// by any removal of the kind, which may have emptied a file it
		// no longer lists.
		removed, err := s.removed(ctx, sitemapKinds[prefix])
		if err != nil {
			return err
		}
		newest = latest(newest, removed)
		for _, c := range chunks {
			newest = latest(newest, c.LastMod)
			refs = append(refs, sitemap.Ref{Loc: s.abs("/sitemaps/" + prefix + "-" + strconv.FormatInt(c.N+1, 10) + ".xml"), LastMod: c.LastMod})
		}
	}
	refs = append([]sitemap.Ref{{Loc: s.abs("/sitemaps/pages.xml"), LastMod: pagesMod}}, refs...)
	body, err := sitemap.Index(refs)
	if err != nil {
		return err
	}
	serveBytes(w, r, "application/xml; charset=utf-8", body, newest)
	return nil
}

// pagesURLs are the URLs of pages.xml: each language's home, lists,
// hotline, site map and feeds page, and the pages; newest is the newest
// lastmod among them, which the index gives pages.xml.
func (s *Server) pagesURLs(ctx context.Context) (urls []sitemap.URL, newest time.Time, err error) {
	dates, err := s.store.ContentDates(ctx)
	if err != nil {
		return nil, newest, err
	}
	entries, err := s.store.SitemapEntries(ctx, content.KindPage, 0, 1<<62)
	if err != nil {
		return nil, newest, err
	}
	hotlinePage := dates.Hotlines
	for _, e := range entries {
		if e.SystemKey == content.SystemKeyHotline {
			hotlinePage = latest(hotlinePage, e.LastMod)
		}
	}
	// Each page's lastmod is the newest content it shows (the hotline
	// numbers are on every page); a section's, as its page dates itself
	// (sectionDate).
	shows := map[string][]content.Kind{
		"/sitemap": {content.KindNews, content.KindNewsletter, content.KindPage},
		"/feeds":   {content.KindNews, content.KindNewsletter},
	}
	for _, p := range []string{"/", "/news/", "/newsletters/", "/hotline", "/sitemap", "/feeds"} {
		paths := map[string]string{}
		for _, code := range s.bundle.Codes() {
			paths[code] = "/" + code + p
		}
		alts := s.alternatesOf(paths)
		for _, code := range s.bundle.Codes() {
			mod := dates.Newest(code, shows[p]...)
			switch p {
			case "/hotline":
				mod = hotlinePage
			case "/", "/news/", "/newsletters/":
				if mod, err = s.sectionDate(ctx, code, p); err != nil {
					return nil, newest, err
				}
			}
			newest = latest(newest, mod)
			urls = append(urls, sitemap.URL{Loc: s.abs(paths[code]), Alternates: alts, LastMod: mod})
		}
	}
	var list []sitemapEntryLike
	for _, e := range entries {
		if e.SystemKey == content.SystemKeyHotline {
			continue // it is /{lang}/hotline, listed above
		}
		list = append(list, sitemapEntryLike{e.Kind, e.SystemKey, e.Slugs, e.LastMod})
		newest = latest(newest, e.LastMod)
	}
	urls = append(urls, s.entryURLs(list)...)
	return urls, newest, nil
}

// alternatesOf lists a page's versions by language, plus x-default.
func (s *Server) alternatesOf(paths map[string]string) []sitemap.Alternate {
	var alts []sitemap.Alternate
	for _, code := range s.bundle.Codes() {
		if p, ok := paths[code]; ok {
			alts = append(alts, sitemap.Alternate{Lang: code, Href: s.abs(p)})
		}
	}
	if p, ok := paths[s.bundle.Default()]; ok {
		alts = append(alts, sitemap.Alternate{Lang: "x-default", Href: s.abs(p)})
	} else if len(alts) > 0 {
		alts = append(alts, sitemap.Alternate{Lang: "x-default", Href: alts[0].Href})
	}
	return alts
}

// entryURLs makes one URL per translation of each entry, each listing all.
func (s *Server) entryURLs(entries []sitemapEntryLike) []sitemap.URL {
	var urls []sitemap.URL
	for _, e := range entries {
		paths := map[string]string{}
		for lang, slug := range e.Slugs {
			if s.bundle.Get(lang) != nil {
				paths[lang] = content.EntryPath(lang, e.Kind, slug, e.SystemKey)
			}
		}
		alts := s.alternatesOf(paths)
		for _, code := range s.bundle.Codes() {
			if p, ok := paths[code]; ok {
				urls = append(urls, sitemap.URL{Loc: s.abs(p), LastMod: e.LastMod, Alternates: alts})
			}
		}
	}
	return urls
}

type sitemapEntryLike = struct {
	Kind      content.Kind
	SystemKey string
	Slugs     map[string]string
	LastMod   time.Time
}

// sitemapFile serves /sitemaps/pages.xml and /sitemaps/{news,newsletters}-N.xml.
func (s *Server) sitemapFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name := chi.URLParam(r, "name")
	var urls []sitemap.URL
	var newest time.Time
	if name == "pages.xml" {
		var err error
		if urls, newest, err = s.pagesURLs(ctx); err != nil {
			return err
		}
	} else {
		base, ok := strings.CutSuffix(name, ".xml")
		prefix, num, ok2 := strings.Cut(base, "-")
		kind, ok3 := sitemapKinds[prefix]
		n, err := strconv.Atoi(num)
		if !ok || !ok2 || !ok3 || err != nil || n < 1 || n > 1<<40 || strconv.Itoa(n) != num {
			return httpx.ErrNotFound
		}
		from := int64(n-1) * sitemapIDs
		entries, err := s.store.SitemapEntries(ctx, kind, from, from+sitemapIDs)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return httpx.ErrNotFound
		}
		// Dated as the index dates it: an entry of its range taken down
		// changed it.
		if newest, err = s.store.SitemapRemoved(ctx, kind, from, from+sitemapIDs); err != nil {
			return err
		}
		var list []sitemapEntryLike
		for _, e := range entries {
			list = append(list, sitemapEntryLike{e.Kind, e.SystemKey, e.Slugs, e.LastMod})
			newest = latest(newest, e.LastMod)
		}
		urls = s.entryURLs(list)
	}
	body, err := sitemap.URLSet(urls)
	if err != nil {
		return err
	}
	serveBytes(w, r, "application/xml; charset=utf-8", body, newest)
	return nil
}

// robots keeps crawlers out of the admin and names the sitemap.
func (s *Server) robots(w http.ResponseWriter, r *http.Request) {
	body := "User-agent: *\nDisallow: /admin/\nDisallow: /lang/\nDisallow: /*/search\n\nSitemap: " + s.abs("/sitemap.xml") + "\n"
	serveBytes(w, r, "text/plain; charset=utf-8", []byte(body), startTime)
}
