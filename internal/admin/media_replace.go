package admin

import (
	"errors"
	"net/http"
	"strconv"

	"vestnik/internal/httpx"
	"vestnik/internal/media"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// mediaReplace puts a new file in a photo's place: every entry that shows
// the photo shows the new one, with the photo's texts and focal point
// (store.ReplaceMedia). Only a photo replaces a photo; a refused file, or
// bytes already in the library as another file, are said on the photo's
// page (422, 409); the photo's own file again changes nothing, and the
// message says so.
func (s *server) mediaReplace(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	u, no, err := s.readUpload(w, r)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		return busy(err)
	}
	ctx := r.Context()
	old, err := s.store.MediaByID(ctx, id)
	if err != nil {
		return err
	}
	if no == nil && (!media.IsImage(old.ContentType) || !media.IsImage(u.ContentType)) {
		no = &refusal{status: http.StatusUnprocessableEntity, id: "admin.media.err.replace_photo"}
	}
	if no != nil {
		return s.refuseReplace(w, r, id, no.status, no.id, no.args...)
	}
	other, err := s.store.ReplaceMedia(ctx, id, u, s.auditOf(r, "media.replace", old.Filename+" → "+u.Filename))
	switch {
	case errors.Is(err, store.ErrConflict):
		return s.refuseReplace(w, r, id, http.StatusConflict, "admin.media.err.replace_exists", "Name", other.Filename)
	case err != nil:
		return err
	}
	if other.SHA256 == old.SHA256 {
		s.flash(r, "admin.media.replace_same") // the store changed nothing
	} else {
		s.flash(r, "admin.media.replaced")
	}
	http.Redirect(w, r, "/admin/media/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// refuseReplace shows the photo's page again with why its file stays.
func (s *server) refuseReplace(w http.ResponseWriter, r *http.Request, id int64, status int, msg string, args ...any) error {
	if status == http.StatusRequestEntityTooLarge {
		w.Header().Set("Connection", "close")
	}
	data, err := s.mediaItemData(r, id)
	if err != nil {
		return err
	}
	data.ReplaceError = data.T.Tr(msg, append(args, "Limit", data.T.Size(s.uploadLimit))...)
	if !media.IsImage(data.ContentType) {
		data.Error = data.ReplaceError // a PDF's page has no replace form to say it beside
	}
	return s.render(w, status, view.PageAdminMediaItem, data)
}

// mediaSettings saves the admins' choice to keep uploaded photos'
// original files (never served) beside their re-encoded masters.
func (s *server) mediaSettings(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	keep := "false"
	if r.PostForm.Get(settingKeepOriginals) != "" {
		keep = "true"
	}
	if err := s.store.SetSetting(r.Context(), settingKeepOriginals, keep, s.auditOf(r, "setting."+settingKeepOriginals, keep)); err != nil {
		return err
	}
	s.flash(r, "admin.media.settings_saved")
	http.Redirect(w, r, "/admin/media", http.StatusSeeOther)
	return nil
}
