package admin

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"vestnik/internal/httpx"
	"vestnik/internal/images"
	"vestnik/internal/media"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// multipartSlack is room for a multipart body's boundary and part headers
// on top of the largest file allowed.
const multipartSlack = 64 << 10

// mediaUpload adds a file to the media library. The file must be a
// PDF, JPEG, PNG, WebP or HEIC file whose name says the same; anything else
// is refused on the library's page with the reason (422), a file over the
// limit with 413. An image is kept as its re-encoded master (internal/
// images); its original only when the admins' setting says so, and never
// served. The same bytes twice are stored once.
func (s *server) mediaUpload(w http.ResponseWriter, r *http.Request) error {
	err := httpx.ParseForm(w, r, s.uploadLimit+multipartSlack)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	switch {
	case errors.Is(err, httpx.ErrTooLarge):
		return s.refuseUpload(w, r, http.StatusRequestEntityTooLarge, "admin.media.err.too_large")
	case err != nil:
		return err
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return s.refuseUpload(w, r, http.StatusUnprocessableEntity, "admin.media.err.missing")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.uploadLimit+1))
	if err != nil {
		return fmt.Errorf("web: read upload: %w", err)
	}
	if int64(len(data)) > s.uploadLimit {
		return s.refuseUpload(w, r, http.StatusRequestEntityTooLarge, "admin.media.err.too_large")
	}
	info, err := media.Inspect(hdr.Filename, data)
	var refused *media.RefusedError
	if errors.As(err, &refused) {
		id := refused.MessageID
		if id == media.MsgMismatch && refused.Ext == "" {
			id = "admin.media.err.no_extension"
		}
		return s.refuseUpload(w, r, http.StatusUnprocessableEntity, id,
			"Ext", refused.Ext, "Type", media.Label(refused.Detected))
	}
	if err != nil {
		return err
	}
	u := store.MediaUpload{Filename: info.Filename, ContentType: info.ContentType, Data: data,
		Width: info.Width, Height: info.Height}
	if media.IsImage(info.ContentType) {
		// Only a re-encoded master is kept and served: turned upright, in
		// sRGB, without a byte of the original's metadata (GPS included).
		m, err := images.Normalize(r.Context(), data)
		var refused *images.Refused
		switch {
		case errors.As(err, &refused):
			return s.refuseUpload(w, r, http.StatusUnprocessableEntity, refused.MessageID,
				"Ext", media.Ext(hdr.Filename), "Type", media.Label(info.ContentType), "Megapixels", images.MaxPixels/1_000_000)
		case err != nil:
			return busy(w, err)
		}
		if keep, err := s.store.Setting(r.Context(), settingKeepOriginals); err != nil {
			return err
		} else if keep == "true" {
			u.Original = &store.MediaOriginal{Filename: info.Filename, ContentType: info.ContentType, Data: data}
		}
		u.Filename = media.SafeName(hdr.Filename, m.ContentType)
		u.ContentType, u.Data, u.Width, u.Height = m.ContentType, m.Data, m.Width, m.Height
	}
	if user := currentUser(r.Context()); user != nil {
		u.UploadedBy = user.ID
	}
	summary := u.Filename + " (" + media.Label(info.ContentType) + ", " + strconv.Itoa(len(data)) + " bytes)"
	m, stored, err := s.store.UploadMedia(r.Context(), u, s.auditOf(r, "media.upload", summary))
	if err != nil {
		return err
	}
	if stored {
		s.flash(r, "admin.media.uploaded")
	} else {
		s.flash(r, "admin.media.duplicate")
	}
	http.Redirect(w, r, "/admin/media/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
	return nil
}

// refuseUpload shows the library again with why the file was refused.
func (s *server) refuseUpload(w http.ResponseWriter, r *http.Request, status int, id string, pairs ...any) error {
	data, err := s.mediaLibrary(r)
	if err != nil {
		return err
	}
	data.Error = data.T.Tr(id, append(pairs, "Limit", data.Limit)...)
	if status == http.StatusRequestEntityTooLarge {
		// The rest of an oversized body is not read: close the connection.
		w.Header().Set("Connection", "close")
	}
	return s.render(w, status, view.PageAdminMedia, data)
}
