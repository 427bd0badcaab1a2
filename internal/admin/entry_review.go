package admin

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
)

// maxReviewComment caps a comment sent back to a translator.
const maxReviewComment = 2000

// entryReview approves (publishes) a language's text waiting for review,
// or sends it back to the translator with a comment (editors and admins).
func (s *server) entryReview(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	if s.bundle.Get(lang) == nil {
		return httpx.ErrNotFound
	}
	id, d, meta, err := s.postedEntry(w, r, httpx.MaxFormBytes*4)
	if err != nil {
		return err
	}
	ctx := r.Context()
	back := "/admin/entries/" + strconv.FormatInt(id, 10)
	if meta.DeletedAt != nil && r.PostForm.Get("action") == "approve" {
		s.flash(r, "admin.trash.restore_first") // approving publishes
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	// The buttons sit in the entry's form: anything changed there and
	// not saved would be lost by approving or sending back. Ask for a
	// save first, with every typed character still in the form: at the
	// form's top, where the page opens, and beside the buttons. Nothing
	// typed is wrong for that: the form says to correct a field only for
	// one it marks (a date it cannot read, say).
	ef := s.readEntryForm(r, d.Kind)
	ef.Draft.ID, ef.Draft.SystemKey = id, d.SystemKey
	if s.formEdited(ef, d) {
		ef.Errors["form"] = "admin.review.save_first"
		ef.Errors["review."+lang] = "admin.review.save_first"
		return s.renderForm(w, r, http.StatusConflict, ef)
	}
	summary := d.Texts[lang].Title + " [" + lang + "]"
	switch r.PostForm.Get("action") {
	case "approve":
		// Approving publishes: what publishing would refuse, approving
		// refuses too, with the form as posted.
		if errs, photos, err := s.approvable(ctx, d, lang); err != nil {
			return err
		} else if len(errs) > 0 {
			ef.Errors.AddAll(errs)
			ef.Errors["review."+lang] = "admin.review.not_publishable"
			if len(photos) > 0 {
				ef.Errors["review."+lang] = "admin.review.alt_missing"
			}
			ef.AltMissing = map[string][]content.Image{lang: photos}
			return s.renderForm(w, r, http.StatusUnprocessableEntity, ef)
		}
		a := s.auditEntryOf(r, "entry.approve", id, summary)
		err = s.store.ApproveReview(ctx, id, lang, d.Version, a)
		if err == nil {
			s.mailQueued() // the translator's notice
			s.flash(r, "admin.review.approved")
			s.flashLinks(ctx, id, []string{lang}, nil)
		}
	case "return":
		comment := strings.TrimSpace(content.CleanText(r.PostForm.Get("review_comment." + lang)))
		if comment == "" || utf8.RuneCountInString(comment) > maxReviewComment {
			s.flash(r, "admin.review.comment_required")
			http.Redirect(w, r, back+"#lang-"+lang, http.StatusSeeOther)
			return nil
		}
		a := s.auditEntryOf(r, "entry.return", id, summary)
		err = s.store.ReturnReview(ctx, id, lang, comment, currentUser(ctx).ID, a)
		if err == nil {
			s.mailQueued() // the translator's notice
			s.flash(r, "admin.review.sent_back")
		}
	default:
		return httpx.ErrBadRequest
	}
	var taken *store.SlugTakenError
	switch {
	case errors.Is(err, store.ErrNoReview):
		s.flash(r, "admin.review.not_waiting")
	case asTaken(err, &taken):
		s.flash(r, "admin.review.slug_taken") // it waits on, for an editor to change the slug
	case errors.Is(err, store.ErrConflict): // saved since the page was read: look again
		s.flash(r, "admin.conflict.reloaded")
	case err != nil:
		return err
	}
	http.Redirect(w, r, back+"#lang-"+lang, http.StatusSeeOther)
	return nil
}

// approvable checks a language's text waiting for review as publishing
// it would: the text that goes live (its working copy, if it has one)
// with the entry's lead image, and that language's articles and PDF
// edition (mediaChecks). It returns the form's errors and the
// photos without an alt text in that language.
func (s *server) approvable(ctx context.Context, d content.Draft, lang string) (content.FieldErrors, []content.Image, error) {
	t := d.Texts[lang]
	t.Status = content.StatusPublished
	pub := d
	pub.Texts = map[string]content.Text{lang: t} // only this language goes live
	pub.Articles = nil
	for _, a := range d.Articles {
		pub.Articles = append(pub.Articles, content.ArticleDraft{ID: a.ID,
			Title: map[string]string{lang: a.Title[lang]}, Body: map[string]string{lang: a.Body[lang]}})
	}
	pub.Editions = nil
	if id, ok := d.Editions[lang]; ok {
		pub.Editions = map[string]int64{lang: id}
	}
	errs, photos, err := s.mediaChecks(ctx, pub)
	return errs, photos[lang], err
}

// formEdited reports whether a posted form says anything the stored
// entry does not — what approving or sending back, which read the stored
// entry, would drop: a language's title, slug, summary or body, its
// publication or a ticked "in line"; the lead image; an issue's period,
// mailing choice, articles (their texts and order) and PDF editions.
// Both sides are compared as a save would store them, the publications
// as the form shows them.
func (s *server) formEdited(ef entryForm, stored content.Draft) bool {
	if textsEdited(ef.Draft, stored) {
		return true
	}
	posted, was := ef.Draft, s.formOf(stored)
	for _, lang := range s.bundle.Codes() {
		t, o := posted.Texts[lang], stored.Texts[lang]
		if t.Empty() && o.Empty() {
			continue
		}
		if t.InLine || t.Status != o.Status || ef.PublishAt[lang] != was.PublishAt[lang] {
			return true
		}
	}
	if posted.LeadImageID != stored.LeadImageID {
		return true
	}
	for _, lang := range s.bundle.Codes() {
		if posted.LangImages[lang] != stored.LangImages[lang] {
			return true
		}
	}
	if stored.Kind != content.KindNewsletter {
		return false
	}
	if ef.Period != was.Period || posted.SendOnPublish != stored.SendOnPublish {
		return true
	}
	for _, lang := range s.bundle.Codes() {
		if posted.Editions[lang] != stored.Editions[lang] {
			return true
		}
	}
	return false
}

// textsEdited reports whether a posted form's texts differ from the
// stored ones: a language's title, slug, summary or body, or an issue's
// articles. Both sides are compared as a save would store them.
func textsEdited(posted, stored content.Draft) bool {
	pa, sa := posted.Articles, stored.Articles
	posted.Texts, stored.Texts = maps.Clone(posted.Texts), maps.Clone(stored.Texts)
	posted.Articles, stored.Articles = nil, nil // compared below, left as they are
	posted.Normalize()
	stored.Normalize()
	for lang, t := range posted.Texts {
		o := stored.Texts[lang]
		if t.Title != o.Title || t.Slug != o.Slug || t.Summary != o.Summary || t.Body != o.Body {
			return true
		}
	}
	if posted.Kind != content.KindNewsletter {
		return false
	}
	// A blank article added and not filled is no article (a save drops it).
	pa = slices.DeleteFunc(slices.Clone(pa), func(a content.ArticleDraft) bool { return a.ID == 0 && a.Empty() })
	if len(pa) != len(sa) {
		return true
	}
	for i, a := range pa {
		o := sa[i]
		if a.ID != o.ID {
			return true // moved, or another
		}
		for lang := range a.Title {
			if content.CleanLine(a.Title[lang]) != content.CleanLine(o.Title[lang]) || content.CleanText(a.Body[lang]) != content.CleanText(o.Body[lang]) {
				return true
			}
		}
	}
	return false
}
