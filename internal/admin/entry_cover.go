package admin

import (
	"errors"
	"net/http"
	"strings"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/images"
	"vestnik/internal/media"
	"vestnik/internal/store"
)

// coverFromPDF makes a newsletter issue's cover from the first page of its
// PDF edition in lang (the edition chosen in the form), in one click: the
// page becomes a photo of the library with an alt text in every language
// ("Cover of …", from the titles), and the form comes back with it
// as lang's own cover — the other languages keep theirs, or the shared
// one — or, for an issue without a shared cover yet and lang without
// one of its own, as the shared one; and everything else as typed. Nothing is saved but the photo: the editor
// saves the issue.
func (s *server) coverFromPDF(w http.ResponseWriter, r *http.Request, ef entryForm, lang string) error {
	ctx := r.Context()
	mid := ef.Draft.Editions[lang]
	if mid == 0 || s.bundle.Get(lang) == nil {
		ef.Errors["lead_image."+lang] = "admin.entry.cover_no_edition"
		return s.renderForm(w, r, http.StatusUnprocessableEntity, ef)
	}
	m, err := s.store.MediaByID(ctx, mid)
	if err != nil {
		return err
	}
	if m.ContentType != "application/pdf" {
		ef.Errors["lead_image."+lang] = "admin.entry.cover_no_edition"
		return s.renderForm(w, r, http.StatusUnprocessableEntity, ef)
	}
	pdf, err := s.store.MediaData(ctx, mid)
	if err != nil {
		return err
	}
	done := httpx.AllowSlowWork(w, images.MaxDuration())
	cover, err := images.PDFCover(ctx, pdf)
	done()
	var refused *images.Refused
	switch {
	case errors.As(err, &refused):
		// The upload messages speak of a file being uploaded, with
		// numbers; this one is stored already.
		ef.Errors["lead_image."+lang] = "admin.entry.cover_unreadable"
		if refused == images.ErrNoPDF {
			ef.Errors["lead_image."+lang] = refused.MessageID
		}
		return s.renderForm(w, r, http.StatusUnprocessableEntity, ef)
	case err != nil:
		return busy(err)
	}
	u := store.MediaUpload{Filename: strings.TrimSuffix(m.Filename, ".pdf") + "-cover.jpg", ContentType: cover.ContentType,
		Data: cover.Data, Width: cover.Width, Height: cover.Height, UploadedBy: currentUser(ctx).ID}
	u.Filename = media.SafeName(u.Filename, cover.ContentType)
	im, _, err := s.store.UploadMedia(ctx, u, s.auditOf(r, "media.cover", m.Filename))
	if err != nil {
		return err
	}
	texts := map[string]content.ImageText{}
	for _, code := range s.bundle.Codes() {
		title := ef.Draft.Texts[code].Title
		if title == "" {
			title = ef.Draft.Texts[lang].Title
		}
		texts[code] = content.ImageText{Alt: s.bundle.Get(code).Tr("admin.entry.cover_alt", "Title", title)}
	}
	existing, err := s.store.Image(ctx, im.ID)
	if err != nil {
		return err
	}
	if len(existing.Texts) == 0 { // the same page made a cover before: its texts stay
		if err := s.store.SetImageDetails(ctx, im.ID, store.ImageDetails{FocusX: .5, FocusY: .3, Texts: texts},
			s.auditOf(r, "media.image", u.Filename)); err != nil {
			return err
		}
	}
	t := s.bundle.Get(s.adminLang(r))
	if ef.Draft.LeadImageID == 0 && ef.Draft.LangImages[lang] == 0 {
		// An issue without a cover yet: the first made is the shared
		// one, shown in every language without its own (a language with
		// no edition of its own would show none). A language with a
		// cover of its own gets the new one in its place: the shared
		// one it would never show.
		ef.Draft.LeadImageID = im.ID
		s.flashText(r, t.Tr("admin.entry.cover_made_shared", "In", t.Tr("language.in."+lang)))
		return s.renderForm(w, r, http.StatusOK, ef)
	}
	ef.Draft.SetLangImage(lang, im.ID)
	s.flashText(r, t.Tr("admin.entry.lang_cover_made", "In", t.Tr("language.in."+lang)))
	return s.renderForm(w, r, http.StatusOK, ef)
}
