package admin

import (
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/markdown"
	"vestnik/internal/picture"
	"vestnik/internal/view"
)

// preview renders the posted edit form as the public page would show
// it, through the same Markdown renderer and public templates, without
// saving anything: a draft previewed is still a draft. ?lang= picks the
// language. The edit page's script shows it live; without JavaScript the
// form's Preview button opens it in a new tab.
func (s *server) preview(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes*4); err != nil {
		return err
	}
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = r.PostForm.Get("preview_lang")
	}
	if s.bundle.Get(lang) == nil {
		lang = s.bundle.Default()
	}
	kind := content.Kind(r.PostForm.Get("kind"))
	switch kind {
	case content.KindNews, content.KindPage, content.KindNewsletter:
	default:
		return httpx.ErrBadRequest
	}
	ef := s.readEntryForm(r, kind)
	ef.Draft.Normalize()
	if kind == content.KindPage && r.PostForm.Get("system_key") == content.SystemKeyHotline {
		ef.Draft.SystemKey = content.SystemKeyHotline // shown as the hotline page; a save never reads it
	}
	return s.showPreview(w, r, ef.Draft, lang)
}

// entryPreview shows a stored language of an entry as the public page
// would (its working copy, where it has one): where the admin's messages
// send an editor to see a text that is not on the site yet, say one
// waiting for its time. It changes nothing.
func (s *server) entryPreview(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	lang := chi.URLParam(r, "lang")
	if s.bundle.Get(lang) == nil {
		return httpx.ErrNotFound
	}
	d, _, err := s.store.EntryForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	if d.Texts[lang].Empty() {
		return httpx.ErrNotFound
	}
	return s.showPreview(w, r, d, lang)
}

// showPreview renders d in lang through the public templates.
func (s *server) showPreview(w http.ResponseWriter, r *http.Request, d content.Draft, lang string) error {
	kind := d.Kind
	// Preview no more than a save would accept: each text, and all the
	// Markdown of the language together.
	for _, t := range d.Texts {
		if utf8.RuneCountInString(t.Body) > content.MaxBody {
			return httpx.ErrTooLarge
		}
	}
	for _, a := range d.Articles {
		for _, b := range a.Body {
			if utf8.RuneCountInString(b) > content.MaxBody {
				return httpx.ErrTooLarge
			}
		}
	}
	if d.MarkdownSize(lang) > content.MaxMarkdown {
		return httpx.ErrTooLarge
	}
	t := d.Texts[lang]
	ctx := r.Context()
	body, err := s.md.RenderContext(ctx, t.Body, nil)
	if err != nil {
		return busy(err)
	}
	htmls := []string{body}
	var articles []content.Article
	if kind == content.KindNewsletter {
		for i, a := range d.Articles {
			if a.Title[lang] == "" && a.Body[lang] == "" {
				continue
			}
			html, err := s.md.RenderContext(ctx, a.Body[lang], nil, markdown.Under(2))
			if err != nil {
				return busy(err)
			}
			articles = append(articles, content.Article{ID: a.ID, Position: i + 1, Title: a.Title[lang], BodyHTML: html})
			htmls = append(htmls, html)
		}
	}
	// The lead image and figures as the page shows them.
	ids := []int64{d.LeadImageFor(lang)}
	for _, h := range htmls {
		ids = append(ids, picture.Refs(h)...)
	}
	ims, err := s.store.Images(ctx, ids)
	if err != nil {
		return err
	}
	set := picture.Set(ims)
	body = picture.Expand(body, lang, "", set)
	for i := range articles {
		articles[i].BodyHTML = picture.Expand(articles[i].BodyHTML, lang, "", set)
	}
	hotlines, err := s.store.Hotlines(r.Context(), lang)
	if err != nil {
		return err
	}
	body = view.HotlinesInto(body, hotlines, s.bundle.Get(lang))
	for i := range articles {
		articles[i].BodyHTML = view.HotlinesInto(articles[i].BodyHTML, hotlines, s.bundle.Get(lang))
	}
	lead := set.Lead(d.LeadImageFor(lang), lang)
	hotline := kind == content.KindPage && d.SystemKey == content.SystemKeyHotline
	section := string(kind)
	if hotline {
		section = "hotline"
	}
	b := view.NewBase(s.bundle.Get(lang), section)
	b.NoIndex, b.Preview = true, true
	b.Hotlines = hotlines
	menu, _, err := s.store.Menu(r.Context(), lang)
	if err != nil {
		return err
	}
	b.Nav = view.Nav(b.T, lang, b.Section, "", menu)
	b.Title = t.Title
	when := t.PublishAt
	if when.IsZero() {
		when = time.Now()
	}
	item := content.Item{
		Entry:       content.Entry{ID: d.ID, Kind: kind, Status: t.Status, PublishedAt: when},
		Translation: content.Translation{Lang: lang, Kind: kind, Title: t.Title, Slug: t.Slug, Summary: t.Summary, BodyHTML: body},
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	if hotline {
		// As /{lang}/hotline shows it: the numbers, then the text, under
		// the page's own title and introduction (not the entry's).
		b.Title = b.T.Tr("hotline.title")
		return s.render(w, http.StatusOK, view.PageHotline, view.NewHotline(b, &item))
	}
	switch kind {
	case content.KindNewsletter:
		issue := content.Newsletter{Item: item, Period: d.Period, Articles: articles}
		var eds []view.Edition
		for _, code := range view.LangFirst(lang, s.bundle.Codes()) { // as the public page lists them
			if mid, ok := d.Editions[code]; ok {
				if m, err := s.store.MediaByID(r.Context(), mid); err == nil {
					eds = append(eds, view.Edition{Lang: code, Href: content.MediaPath(m), Size: m.Size})
				}
			}
		}
		data := view.NewNewsletterItem(b, issue, lead, eds)
		if d.Period.IsZero() {
			// A new issue before its month is chosen: say so, not a date.
			data.Period = b.T.Tr("admin.entry.no_period")
		}
		return s.render(w, http.StatusOK, view.PageNewsletterItem, data)
	case content.KindNews:
		return s.render(w, http.StatusOK, view.PageNewsItem, view.NewArticlePage(b, item, lead,
			view.Link{Label: b.T.Tr("nav.home"), Href: "/" + lang + "/"}, view.Link{Label: b.T.Tr("nav.news"), Href: "/" + lang + "/news/"}))
	}
	return s.render(w, http.StatusOK, view.PagePage, view.NewPage(b, item, lead))
}
