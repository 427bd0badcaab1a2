// Package demo holds the demo content `make run` loads into an empty
// database: the December 2011 newsletter issue of the old site, news, the
// hotline and about pages and the two hotline numbers, in English and
// Russian (two news items only in English, to show the missing-translation
// page); the hotline page and numbers also in Turkmen, which ships turned
// off.
package demo

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"vestnik/internal/accounts"
	"vestnik/internal/content"
	"vestnik/internal/images"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
)

// pagesPublished is when the demo's pages went up.
var pagesPublished = time.Date(2011, 6, 1, 9, 0, 0, 0, time.UTC)

// Load fills an empty database with the demo content in one transaction.
// It does nothing (loaded is false) when the database has any content, so
// running it on every start is safe.
func Load(ctx context.Context, st *store.Store, md *markdown.Renderer) (loaded bool, err error) {
	err = st.InTx(ctx, func(tx *store.Store) error {
		has, err := tx.HasContent(ctx)
		if err != nil || has {
			return err
		}
		loaded = true
		return load(ctx, tx, md)
	})
	return loaded, err
}

func load(ctx context.Context, st *store.Store, md *markdown.Renderer) error {
	for _, h := range hotlines {
		if _, err := st.CreateHotline(ctx, store.NewHotline{E164: h.E164, Display: h.Display, Label: h.Label, Hours: h.Hours}); err != nil {
			return err
		}
	}
	for _, p := range pages {
		tr, err := translations(md, p.Tr)
		if err != nil {
			return err
		}
		if _, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindPage, Status: content.StatusPublished,
			PublishedAt: pagesPublished, SystemKey: p.Key, Translations: tr}); err != nil {
			return fmt.Errorf("demo: page %s: %w", p.Key, err)
		}
	}
	photos := map[Scene]int64{}
	photo := func(p Photo) (int64, error) {
		if id, ok := photos[p.Scene]; ok {
			return id, nil
		}
		m, err := images.Normalize(ctx, Picture(p.Scene, uint32(len(p.Filename))))
		if err != nil {
			return 0, fmt.Errorf("demo: photo %s: %w", p.Filename, err)
		}
		d := store.ImageDetails{FocusX: p.FocusX, FocusY: p.FocusY, Texts: map[string]content.ImageText{}}
		for lang, alt := range p.Alt {
			d.Texts[lang] = content.ImageText{Alt: alt, Caption: p.Caption[lang], Credit: credit[lang]}
		}
		id, err := st.AddImage(ctx, p.Filename, m.ContentType, m.Data, m.Width, m.Height, d)
		photos[p.Scene] = id
		return id, err
	}
	for _, n := range news {
		if f, ok := newsFigures[n.Tr["en"].Title]; ok {
			id, err := photo(f)
			if err != nil {
				return err
			}
			n.Tr = withFigure(n.Tr, id)
		}
		tr, err := translations(md, n.Tr)
		if err != nil {
			return err
		}
		var lead int64
		if p, ok := newsPhotos[n.Tr["en"].Title]; ok {
			if lead, err = photo(p); err != nil {
				return err
			}
		}
		if _, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
			PublishedAt: n.Published, LeadImageID: lead, Translations: tr}); err != nil {
			return fmt.Errorf("demo: news %q: %w", tr[0].Title, err)
		}
	}
	for _, n := range newsletters {
		tr, err := translations(md, n.Tr)
		if err != nil {
			return err
		}
		cover, err := photo(newsletterCover)
		if err != nil {
			return err
		}
		nn := store.NewNewsletter{
			NewEntry: store.NewEntry{Status: content.StatusPublished, PublishedAt: n.Published, LeadImageID: cover, Translations: tr},
			Period:   n.Period,
			Editions: map[string]int64{},
		}
		for _, a := range n.Articles {
			na := store.NewArticle{Title: map[string]string{}, BodyMD: map[string]string{}, BodyHTML: map[string]string{}}
			for lang, at := range a.Tr {
				html, err := md.Render(at.Body, markdown.Under(2))
				if err != nil {
					return err
				}
				na.Title[lang], na.BodyMD[lang], na.BodyHTML[lang] = at.Title, at.Body, html
			}
			nn.Articles = append(nn.Articles, na)
		}
		for lang, ed := range n.Editions {
			m, err := st.PutMedia(ctx, ed.Filename, "application/pdf", PDF(ed.Title, ed.Lines))
			if err != nil {
				return err
			}
			nn.Editions[lang] = m.ID
		}
		if _, err := st.CreateNewsletter(ctx, nn); err != nil {
			return fmt.Errorf("demo: newsletter %q: %w", tr[0].Title, err)
		}
	}
	return nil
}

// withFigure places a photo after the first paragraph of every language's
// text.
func withFigure(texts map[string]Text, id int64) map[string]Text {
	out := make(map[string]Text, len(texts))
	line := "![](media:" + strconv.FormatInt(id, 10) + ")"
	for lang, t := range texts {
		if first, rest, ok := strings.Cut(t.Body, "\n\n"); ok {
			t.Body = first + "\n\n" + line + "\n\n" + rest
		} else {
			t.Body += "\n\n" + line
		}
		out[lang] = t
	}
	return out
}

// translations renders the Markdown of each language's text and derives
// missing slugs, in a stable language order.
func translations(md *markdown.Renderer, texts map[string]Text) ([]content.Translation, error) {
	langs := make([]string, 0, len(texts))
	for l := range texts {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	out := make([]content.Translation, 0, len(texts))
	for _, lang := range langs {
		t := texts[lang]
		html, err := md.Render(t.Body)
		if err != nil {
			return nil, err
		}
		slug := t.Slug
		if slug == "" {
			slug = content.Slugify(lang, t.Title)
		}
		out = append(out, content.Translation{Lang: lang, Title: t.Title, Slug: slug, Summary: t.Summary, BodyMD: t.Body, BodyHTML: html})
	}
	return out, nil
}

// DevAdminEmail is the development admin `make run` creates.
const DevAdminEmail = "admin@example.org"

// DevAdmin creates a development admin with a random password when the
// database has no account at all, and returns the login to show once.
// There is never a fixed default password.
func DevAdmin(ctx context.Context, st *store.Store) (email, password string, err error) {
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", "", err
	}
	u, password, err := accounts.Create(ctx, st, accounts.Actor{}, DevAdminEmail, "Admin", store.RoleAdmin, "", accounts.Options{Lang: "en"})
	if err != nil {
		return "", "", err
	}
	return u.Email, password, nil
}
