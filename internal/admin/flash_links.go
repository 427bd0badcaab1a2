package admin

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"vestnik/internal/i18n"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// What a message's links lead to: a language's page on the site, or the
// preview of a text not on it yet (one waiting for its time); linkMore
// says how many entries the message names no link for.
const (
	linkLive    = "live"
	linkPreview = "preview"
	linkMore    = "more"
)

// maxEntryLinks is how many entries a message after a bulk publish links
// at most: the rest are counted ("and 3 more"), as a message stays one
// line the editor reads at a glance.
const maxEntryLinks = 5

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
	var out []string // kind, lang, path, name; kind, lang, path, name …
	if len(live) > 0 {
		pages, err := s.store.LivePages(ctx, []int64{id})
		if err != nil {
			s.log.WarnContext(ctx, "the message's links", "entry", id, "err", err)
			return
		}
		for _, lang := range s.bundle.Codes() {
			if i := slices.IndexFunc(pages, func(p store.LivePage) bool { return p.Lang == lang }); i >= 0 && slices.Contains(live, lang) {
				out = append(out, linkLive, lang, pages[i].Path(), "")
			}
		}
	}
	if len(preview) > 0 {
		d, meta, err := s.store.EntryForEdit(ctx, id)
		if err != nil {
			s.log.WarnContext(ctx, "the message's links", "entry", id, "err", err)
			return
		}
		for _, lang := range s.bundle.Codes() {
			if _, ok := meta.Texts[lang]; ok && meta.DeletedAt == nil && slices.Contains(preview, lang) && !d.Texts[lang].Empty() {
				out = append(out, linkPreview, lang, "/admin/entries/"+strconv.FormatInt(id, 10)+"/preview/"+lang, "")
			}
		}
	}
	if len(out) > 0 {
		s.sessions.Put(ctx, sessFlashLinks, out)
	}
}

// published is an entry an action put on the site, and the languages it
// published (live now or scheduled).
type published struct {
	id    int64
	langs []string
}

// flashEntryLinks gives the next admin page's message a link to each
// entry of several an action published (read in one query): its page in
// the reader's language lang, named by its title there, or where lang is
// not one the action put live, its first such page in the site's order.
// An entry with none live yet (scheduled) gets no link; past
// maxEntryLinks, the message counts the rest. As with flashLinks, a
// failure to read the links is logged and the message goes without them.
func (s *server) flashEntryLinks(ctx context.Context, entries []published, lang string) {
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.id
	}
	pages, err := s.store.LivePages(ctx, ids)
	if err != nil {
		s.log.WarnContext(ctx, "the message's links", "entries", len(ids), "err", err)
		return
	}
	codes := s.bundle.Codes()
	order := append([]string{lang}, codes...)
	var out []string
	linked, more := 0, 0
	for _, e := range entries {
		i := -1
		for _, l := range order {
			if i = slices.IndexFunc(pages, func(p store.LivePage) bool {
				return p.EntryID == e.id && p.Lang == l && slices.Contains(e.langs, l) && slices.Contains(codes, l)
			}); i >= 0 {
				break
			}
		}
		switch {
		case i < 0:
		case linked < maxEntryLinks:
			p := pages[i]
			out = append(out, linkLive, p.Lang, p.Path(), p.Title)
			linked++
		default:
			more++
		}
	}
	if more > 0 {
		out = append(out, linkMore, "", "", strconv.Itoa(more))
	}
	if len(out) > 0 {
		s.sessions.Put(ctx, sessFlashLinks, out)
	}
}

// messageLinks turns the links flashLinks and flashEntryLinks left into
// the message's groups ("View on the site: English, Russian."), each link
// named by its title, or by its language in the reader's.
func messageLinks(t *i18n.Localizer, stored []string) []view.LinkGroup {
	var out []view.LinkGroup
	for i := 0; i+3 < len(stored); i += 4 {
		kind, lang, href, name := stored[i], stored[i+1], stored[i+2], stored[i+3]
		if kind == linkMore {
			if n, err := strconv.Atoi(name); err == nil && n > 0 && len(out) > 0 {
				out[len(out)-1].More = t.Tr("admin.flash.more", "N", n)
			}
			continue
		}
		if kind != linkLive && kind != linkPreview || !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
			continue // not one flashLinks makes
		}
		label := t.Tr("admin.flash." + kind)
		if n := len(out); n == 0 || out[n-1].Label != label {
			out = append(out, view.LinkGroup{Label: label})
		}
		if name == "" {
			name = t.Tr("language." + lang)
		}
		g := &out[len(out)-1]
		g.Links = append(g.Links, view.Link{Lang: lang, Name: name, Href: href})
	}
	return out
}
