package admin

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"

	"vestnik/internal/content"
	"vestnik/internal/picture"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// pickerSize is how many photos the lead image picker offers.
const pickerSize = 200

// imageChoices lists the library's photos for the lead image pickers,
// newest first, with the chosen ones (shared, and each language's own)
// among them even when they are older.
func (s *server) imageChoices(r *http.Request, lang string, chosen int64, byLang map[string]int64) ([]view.ImageChoice, error) {
	ctx := r.Context()
	ids, err := s.store.ImageIDs(ctx, pickerSize)
	if err != nil {
		return nil, err
	}
	for _, id := range append([]int64{chosen}, slices.Sorted(maps.Values(byLang))...) {
		if id != 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	ims, err := s.store.Images(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []view.ImageChoice
	for _, id := range ids {
		if im, ok := ims[id]; ok {
			out = append(out, view.ImageChoice{ID: id, Filename: im.Filename, Alt: im.Texts[lang].Alt,
				Thumb: picture.URL(im, picture.CropSpec(im, picture.SmallSq, picture.JPEG))})
		}
	}
	return out, nil
}

// photoUse is a photo a language of a draft shows, and the form field
// beside which a problem with it is told.
type photoUse struct {
	ID    int64
	Field string
}

// photoUses lists the photos a language of d shows: its lead image (its
// own, else the shared one), and the figures of its text and of its
// issue's articles, in that order.
func photoUses(d content.Draft, lang string) []photoUse {
	var out []photoUse
	if id := d.LeadImageFor(lang); id != 0 {
		out = append(out, photoUse{id, "lead_image." + lang})
	}
	for _, id := range picture.Refs(d.Texts[lang].Body) {
		out = append(out, photoUse{id, "body." + lang})
	}
	for i, a := range d.Articles {
		for _, id := range picture.Refs(a.Body[lang]) {
			out = append(out, photoUse{id, fmt.Sprintf("article.%d.body.%s", i, lang)})
		}
	}
	return out
}

// photosShown lists the photos a language of d shows (photoUses).
func photosShown(d content.Draft, lang string) []int64 {
	var ids []int64
	for _, u := range photoUses(d, lang) {
		ids = append(ids, u.ID)
	}
	return ids
}

// missingAlt checks that every photo a draft shows in a language it
// publishes has an alt text in that language (or is decorative). It
// returns the form's errors, beside each field that shows such a photo,
// and by language the photos, each once in the order shown: what
// publishing (a save) and approving (approvable) refuse. A photo no longer
// in the library, or no photo, is mediaGone's to tell.
func (s *server) missingAlt(ctx context.Context, d content.Draft) (content.FieldErrors, map[string][]content.Image, error) {
	uses := map[string][]photoUse{} // language → what it shows
	var ids []int64
	for _, lang := range s.bundle.Codes() {
		t := d.Texts[lang]
		if t.Empty() || t.Status != content.StatusPublished {
			continue
		}
		uses[lang] = photoUses(d, lang)
		for _, u := range uses[lang] {
			ids = append(ids, u.ID)
		}
	}
	ims, err := s.store.Images(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	errs := content.FieldErrors{}
	photos := map[string][]content.Image{}
	for lang, l := range uses {
		for _, u := range l {
			im, ok := ims[u.ID]
			if !ok || im.Decorative || im.Texts[lang].Alt != "" {
				continue
			}
			errs.Add(u.Field, "admin.err.alt_missing")
			if !slices.ContainsFunc(photos[lang], func(p content.Image) bool { return p.ID == im.ID }) {
				photos[lang] = append(photos[lang], im)
			}
		}
	}
	return errs, photos, nil
}

// entryPhotos lists the photos d shows — its lead image, then the figures
// of each language's text and of its articles, each once — with their
// alt text and caption in langs: what a translator, who has no lead image
// section, writes on each photo's page.
func (s *server) entryPhotos(ctx context.Context, d content.Draft, langs []string) ([]view.EntryPhoto, error) {
	var ids []int64
	for _, lang := range s.bundle.Codes() {
		for _, id := range photosShown(d, lang) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	ims, err := s.store.Images(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []view.EntryPhoto
	for _, id := range ids {
		im, ok := ims[id]
		if !ok {
			continue // gone, or no photo: the save says so
		}
		lead := id == d.LeadImageID || slices.Contains(slices.Collect(maps.Values(d.LangImages)), id)
		p := view.EntryPhoto{ID: id, Filename: im.Filename, Lead: lead, Decorative: im.Decorative,
			Thumb: picture.URL(im, picture.CropSpec(im, picture.SmallSq, picture.JPEG))}
		for _, lang := range langs {
			p.Texts = append(p.Texts, view.PhotoText{Lang: lang, Name: s.bundle.Get(lang).Tr("language.self"),
				Alt: im.Texts[lang].Alt, Caption: im.Texts[lang].Caption})
		}
		out = append(out, p)
	}
	return out, nil
}

// mediaChecks is what a save (and so publishing and approving) checks of
// the media a draft names: the files (mediaGone) and, in the languages it
// publishes, the photos' alt texts (missingAlt). It returns the form's
// errors, all of them, and by language the photos without an alt text.
func (s *server) mediaChecks(ctx context.Context, d content.Draft) (content.FieldErrors, map[string][]content.Image, error) {
	errs, err := s.mediaGone(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	alt, photos, err := s.missingAlt(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	errs.AddAll(alt)
	return errs, photos, nil
}

// mediaGone checks the files a draft names, whatever its languages'
// states: a media:ID reference that is no figure line (Markdown would
// drop it), a figure or a lead image (shared, or a language's own) that is no longer in the library or
// is no photo (a PDF placed as one; a database error is an error, not a
// file gone), and PDF editions that are gone or
// are no PDF (a form open while the file was deleted, or a hand-made
// post). It returns the form's errors, every problem of a text.
func (s *server) mediaGone(ctx context.Context, d content.Draft) (content.FieldErrors, error) {
	errs := content.FieldErrors{}
	figures := map[string][]int64{} // field → the photos its text places
	check := func(field, body string) {
		if picture.StrayRef(body) {
			errs.Add(field, "admin.err.media_link")
		}
		if ids := picture.Refs(body); len(ids) > 0 {
			figures[field] = ids
		}
	}
	for lang, t := range d.Texts {
		check("body."+lang, t.Body)
	}
	for i, a := range d.Articles {
		for lang, body := range a.Body {
			check(fmt.Sprintf("article.%d.body.%s", i, lang), body)
		}
	}
	if d.LeadImageID != 0 {
		figures["lead_image"] = []int64{d.LeadImageID}
	}
	for lang, id := range d.LangImages {
		if id != 0 {
			figures["lead_image."+lang] = []int64{id}
		}
	}
	var ids []int64
	for _, l := range figures {
		ids = append(ids, l...)
	}
	ims, err := s.store.Images(ctx, ids)
	if err != nil {
		return nil, err
	}
	for field, l := range figures {
		for _, id := range l {
			if _, ok := ims[id]; ok {
				continue
			}
			_, err := s.store.MediaByID(ctx, id)
			switch {
			case err == nil:
				errs.Add(field, "admin.err.not_a_photo") // a PDF, say: linked, not shown
			case errors.Is(err, store.ErrNotFound):
				errs.Add(field, "admin.err.image_gone")
			default:
				return nil, err
			}
		}
	}
	for lang, id := range d.Editions {
		m, err := s.store.MediaByID(ctx, id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			errs.Add("edition."+lang, "admin.err.edition_gone")
		case err != nil:
			return nil, err
		case m.ContentType != "application/pdf":
			errs.Add("edition."+lang, "admin.err.edition_not_pdf")
		}
	}
	return errs, nil
}

// externalImg is an image another site serves: the site's own CSP
// (img-src 'self' data:) blocks it, and loading it would tell that site
// who reads the page.
var externalImg = regexp.MustCompile(`<img[^>]+src="(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//`)

// externalImages finds the rendered texts that show an image from
// another site: it must be uploaded to the media library and placed from
// there.
func externalImages(html store.Rendered) content.FieldErrors {
	errs := content.FieldErrors{}
	for lang, h := range html.Texts {
		if externalImg.MatchString(h) {
			errs.Add("body."+lang, "admin.err.external_image")
		}
	}
	for i, a := range html.Articles {
		for lang, h := range a {
			if externalImg.MatchString(h) {
				errs.Add(fmt.Sprintf("article.%d.body.%s", i, lang), "admin.err.external_image")
			}
		}
	}
	return errs
}
