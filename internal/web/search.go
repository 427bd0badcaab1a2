package web

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/snippet"
	"vestnik/internal/view"
)

// Search limits: results per page and the longest query taken.
const (
	searchPerPage = 10
	maxQueryRunes = 200
)

// search is full-text search in the page's language, with a line for each
// other language that has matches. An empty or hopeless query gets a
// helpful page, never an error.
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	raw, given := r.URL.Query()["q"]
	q := ""
	if given {
		q = raw[0]
	}
	if !utf8.ValidString(q) || strings.ContainsRune(q, 0) {
		return httpx.ErrBadRequest
	}
	n, done, err := pageParam(w, r)
	if done || err != nil {
		return err
	}
	// One address per query: spacing and quote marks that change nothing
	// go, so the page cache keeps one page for "Hotline  ", «hotline» and
	// the rest of the ways to type it.
	if norm := normalizeQuery(q); given && norm != q {
		to := r.URL.Path
		if norm != "" {
			to += "?q=" + url.QueryEscape(norm)
			if n > 1 {
				to += "&page=" + strconv.Itoa(n)
			}
		}
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return nil
	}
	// Only a search the page cache did not answer gets here: each costs
	// the database, so a client may ask for so many a minute.
	if q != "" {
		if ok, wait := s.searchLimit.Allow(s.proxies.ClientIP(r)); !ok {
			return httpx.Refuse(w, wait)
		}
	}
	query := "q=" + url.QueryEscape(q)
	if n > 1 {
		query += "&page=" + strconv.Itoa(n)
	}
	b, err := s.pagedPageBase(r, lang, "search", query, "q="+url.QueryEscape(q))
	if err != nil {
		return err
	}
	b.NoIndex = true // result pages are not content
	// Results change with any content: their date is the time of the
	// search.
	b.Modified = time.Time{}
	t := b.T
	b.Title = t.Tr("search.title")
	data := view.Search{Base: b, Words: view.NewSearchWords(t), Query: q}
	if q != "" {
		b.Title = t.Tr("search.title_for", "Query", q)
		data.Title = b.Title
		var others []string
		for _, other := range s.bundle.Codes() {
			if other != lang {
				others = append(others, other)
			}
		}
		res, err := s.store.Search(r.Context(), lang, q, others, searchPerPage, (n-1)*searchPerPage)
		if err != nil {
			return err
		}
		if n > 1 && len(res.Hits) == 0 {
			return httpx.ErrNotFound
		}
		switch {
		case res.OnlyExcluded:
			data.Count = t.Tr("search.only_excluded", "Query", q)
		case res.NoWords:
			data.Count, data.NoWords = t.Tr("search.no_words", "Query", q), true
		case res.Capped:
			data.Count = t.Plural("search.results_more", res.Total, "Query", q)
		default:
			data.Count = t.Plural("search.results", res.Total, "Query", q)
		}
		// Past the counted matches the number of pages is unknown: the
		// pager then offers the next page while there is one.
		pages := (res.Total + searchPerPage - 1) / searchPerPage
		if res.Capped {
			pages = 0
		}
		data.Pager = pager(r.URL.Path+"?q="+url.QueryEscape(q)+"&", n, pages)
		if res.More {
			data.Pager.Next = r.URL.Path + "?q=" + url.QueryEscape(q) + "&page=" + strconv.Itoa(n+1)
		}
		if pages > 0 {
			data.PageLine = t.Tr("pager.page_of", "Page", n, "Pages", pages)
		} else {
			data.PageLine = t.Tr("search.page", "Page", n)
		}
		for _, h := range res.Hits {
			title, issue := h.Title, ""
			href := content.EntryPath(h.Lang, h.Entry.Kind, h.Slug, h.SystemKey)
			if h.Article.Position > 0 { // an article: its anchor on the issue page
				title, issue = h.Article.Title, h.Title
				href += "#article-" + strconv.Itoa(h.Article.Position)
			}
			data.Hits = append(data.Hits, view.NewSearchHit(t, h.Item, title, issue, href, highlight(h.Snippet)))
		}
		for _, o := range res.Others {
			id := "search.results_in"
			if o.Capped {
				id = "search.results_more_in"
			}
			data.Others = append(data.Others, view.OtherResults{Lang: o.Lang, Text: t.Plural(id, o.Total, "Lang", t.Tr("language.in."+o.Lang)),
				Href: content.SectionPath(o.Lang, "search") + "?q=" + url.QueryEscape(q)})
		}
	}
	return s.render(w, http.StatusOK, view.PageSearch, data)
}

var quotes = strings.NewReplacer("«", `"`, "»", `"`, "“", `"`, "”", `"`, "„", `"`)

// normalizeQuery is a query as searched: «guillemets» and curly quotes
// as straight ones (they mark phrases alike), runs of spaces as one, at
// most maxQueryRunes.
func normalizeQuery(q string) string {
	q = strings.Join(strings.Fields(quotes.Replace(q)), " ")
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = strings.TrimSpace(string([]rune(q)[:maxQueryRunes]))
	}
	return q
}

// highlight escapes a snippet as html.EscapeString does and turns the
// match markers into <mark>, in one pass.
func highlight(text string) template.HTML {
	return template.HTML(highlighter.Replace(text)) //nolint:gosec // escaped; only our own <mark> tags remain
}

var highlighter = strings.NewReplacer(`<`, "&lt;", `>`, "&gt;", `&`, "&amp;", `'`, "&#39;", `"`, "&#34;",
	snippet.MarkStart, "<mark>", snippet.MarkStop, "</mark>")

// openSearch describes the site's search so browsers can add it.
func (s *Server) openSearch(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	t := s.bundle.Get(lang)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">` + "\n")
	b.WriteString("  <ShortName>" + html.EscapeString(t.Tr("site.name")) + "</ShortName>\n")
	b.WriteString("  <Description>" + html.EscapeString(t.Tr("search.opensearch")) + "</Description>\n")
	b.WriteString("  <InputEncoding>UTF-8</InputEncoding>\n")
	b.WriteString("  <Language>" + lang + "</Language>\n")
	b.WriteString(`  <Url type="text/html" method="get" template="` + html.EscapeString(s.abs("/"+lang+"/search")) + `?q={searchTerms}"/>` + "\n")
	b.WriteString("</OpenSearchDescription>\n")
	serveBytes(w, r, "application/opensearchdescription+xml; charset=utf-8", []byte(b.String()), startTime)
	return nil
}
