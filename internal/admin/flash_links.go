package admin

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// What a message's links lead to: a language's page on the site, or the
// preview of a text not on it yet (one waiting for its time).
const (
	linkLive    = "live"
	linkPreview = "preview"
)

// flashLinks gives the next admin page's message links to entry id's
// pages, as WordPress's "Post published. View post": the public page of
// each language of live that the site shows now, and the preview of each
// language of preview. The addresses are made from the entry as stored
// (its live slugs), never from what was posted, and a language that is
// not on the site gets no link to it: the message never promises a page
// that answers 404. A translator gets no preview links: the route is the
// editors'. The action is done when it is called: a failure to read the
// links is logged, and the message goes without them.
func (s *server) flashLinks(ctx context.Context, id int64, live, preview []string) {
	if u := currentUser(ctx); u != nil && u.Role == store.RoleTranslator {
		preview = nil // the stored entry's preview is the editors'
	}
	if len(live)+len(preview) == 0 {
		return
	}
	d, meta, err := s.store.EntryForEdit(ctx, id)
	if err != nil {
		s.log.WarnContext(ctx, "the message's links", "entry", id, "err", err)
		return
	}
	var out []string // kind, lang, path; kind, lang, path …
	for _, lang := range s.bundle.Codes() {
		st, ok := meta.Texts[lang]
		if !ok || meta.DeletedAt != nil {
			continue
		}
		if slices.Contains(live, lang) && st.IsLive() {
			slug := d.Texts[lang].Slug
			if st.Pending {
				slug = st.Live.Slug
			}
			out = append(out, linkLive, lang, content.EntryPath(lang, d.Kind, slug, meta.SystemKey))
		}
		if slices.Contains(preview, lang) && !d.Texts[lang].Empty() {
			out = append(out, linkPreview, lang, "/admin/entries/"+strconv.FormatInt(id, 10)+"/preview/"+lang)
		}
	}
	if len(out) > 0 {
		s.sessions.Put(ctx, sessFlashLinks, out)
	}
}

// messageLinks turns the links flashLinks left into the message's groups
// ("View on the site: English, Russian."), each link named by its
// language in the reader's.
func messageLinks(t *i18n.Localizer, stored []string) []view.LinkGroup {
	var out []view.LinkGroup
	for i := 0; i+2 < len(stored); i += 3 {
		kind, lang, href := stored[i], stored[i+1], stored[i+2]
		if kind != linkLive && kind != linkPreview || !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
			continue // not one flashLinks makes
		}
		label := t.Tr("admin.flash." + kind)
		if n := len(out); n == 0 || out[n-1].Label != label {
			out = append(out, view.LinkGroup{Label: label})
		}
		g := &out[len(out)-1]
		g.Links = append(g.Links, view.Link{Lang: lang, Name: t.Tr("language." + lang), Href: href})
	}
	return out
}
