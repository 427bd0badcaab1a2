package admin

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/picture"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// Limits of an image's texts, in characters (the database's too).
const (
	maxAlt     = 500
	maxCaption = 1000
	maxCredit  = 300
)

// imageForm fills an image's part of its page: preview, focal point and
// texts as stored.
func (s *server) imageForm(data *view.MediaItem, im content.Image) {
	data.Preview = picture.URL(im, picture.WidthSpec(640, picture.JPEG))
	data.FocusX, data.FocusY = strconv.Itoa(int(im.FocusX*100+0.5)), strconv.Itoa(int(im.FocusY*100+0.5))
	data.Decorative = im.Decorative
	data.Texts = nil
	for _, code := range s.bundle.Codes() {
		t := im.Texts[code]
		data.Texts = append(data.Texts, view.ImageTextForm{Lang: code, Name: s.bundle.Get(code).Tr("language.self"),
			Alt: t.Alt, Caption: t.Caption, Credit: t.Credit})
	}
	data.Markdown = "![" + strings.ReplaceAll(im.Texts[data.Lang].Alt, "]", "") + "](media:" + strconv.FormatInt(im.ID, 10) + ")"
}

// mediaImageSave saves an image's focal point, whether it is decorative,
// and its alt text, caption and credit in every language. A problem shows
// the page again with everything as typed (422). The editor's picker posts
// with Accept: application/json and gets the photo, or the errors by field.
func (s *server) mediaImageSave(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	ctx := r.Context()
	im, err := s.store.Image(ctx, id)
	if err != nil {
		return err
	}
	data, err := s.mediaItemData(r, id)
	if err != nil {
		return err
	}
	f := r.PostForm
	if u := currentUser(ctx); u.Role == store.RoleTranslator {
		// A translator changes the texts of their languages only: the
		// rest of the form is what is stored.
		f.Set("focus_x", data.FocusX)
		f.Set("focus_y", data.FocusY)
		f.Del("decorative")
		if data.Decorative {
			f.Set("decorative", "1")
		}
		for _, t := range data.Texts {
			if !u.Translates(t.Lang) {
				f.Set("alt."+t.Lang, t.Alt)
				f.Set("caption."+t.Lang, t.Caption)
				f.Set("credit."+t.Lang, t.Credit)
			}
		}
	}
	d := store.ImageDetails{Decorative: f.Get("decorative") != "", Texts: map[string]content.ImageText{}}
	var ok bool
	if d.FocusX, ok = percent(f.Get("focus_x")); !ok {
		data.Errors["focus"] = data.T.Tr("admin.image.err.focus")
	}
	if d.FocusY, ok = percent(f.Get("focus_y")); !ok {
		data.Errors["focus"] = data.T.Tr("admin.image.err.focus")
	}
	data.Decorative = d.Decorative
	data.FocusX, data.FocusY = strings.TrimSpace(f.Get("focus_x")), strings.TrimSpace(f.Get("focus_y"))
	for i := range data.Texts {
		t := &data.Texts[i]
		t.Alt, t.Caption, t.Credit = oneLine(f.Get("alt."+t.Lang)), oneLine(f.Get("caption."+t.Lang)), oneLine(f.Get("credit."+t.Lang))
		for field, v := range map[string]struct {
			text string
			max  int
		}{"alt": {t.Alt, maxAlt}, "caption": {t.Caption, maxCaption}, "credit": {t.Credit, maxCredit}} {
			if utf8.RuneCountInString(v.text) > v.max {
				data.Errors[field+"."+t.Lang] = data.T.Tr("admin.hotlines.err.too_long", "Max", v.max)
			}
		}
		d.Texts[t.Lang] = content.ImageText{Alt: t.Alt, Caption: t.Caption, Credit: t.Credit}
	}
	// A published text showing the photo keeps its description: the
	// entry's own save asks for the same (missingAlt). Only taking it away
	// is refused (a photo without one already is the entry's to mend), and
	// only in the languages the user writes.
	u := currentUser(ctx)
	for _, use := range data.Uses {
		had := im.Texts[use.Lang].Alt != "" || im.Decorative
		text, inForm := d.Texts[use.Lang]
		if use.NeedsAlt && had && inForm && !d.Decorative && text.Alt == "" && u.Translates(use.Lang) && data.Errors["alt."+use.Lang] == "" {
			data.Errors["alt."+use.Lang] = data.T.Tr("admin.image.err.alt_in_use", "Title", use.Title)
		}
	}
	if len(data.Errors) > 0 {
		if httpx.WantsJSON(r) {
			return httpx.WriteJSON(w, http.StatusUnprocessableEntity, map[string]map[string]string{"errors": data.Errors})
		}
		return s.render(w, http.StatusUnprocessableEntity, view.PageAdminMediaItem, data)
	}
	if err := s.store.SetImageDetails(ctx, id, d, s.auditOf(r, "media.image", im.Filename)); err != nil {
		return err
	}
	if httpx.WantsJSON(r) {
		return s.mediaJSON(w, r, http.StatusOK, id)
	}
	s.flash(r, "admin.image.saved")
	http.Redirect(w, r, "/admin/media/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// percent reads a focal coordinate typed in percent (or set by a click:
// decimals allowed) as a fraction.
func percent(v string) (float64, bool) {
	p, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "%")), 64)
	if err != nil || !(p >= 0 && p <= 100) { // NaN too
		return 0.5, false
	}
	return p / 100, true
}
