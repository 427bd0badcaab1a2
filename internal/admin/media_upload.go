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

// refusal is why an uploaded file is not taken: its status and message.
type refusal struct {
	status int
	id     string
	args   []any
}

// readUpload reads the posted file and makes what the library keeps of
// it: a PDF as it is (its type decided by its bytes and its name, which
// must agree); a JPEG, PNG, WebP or HEIC photo as its re-encoded master
// (internal/images), with its original only when the admins' setting says
// so. A file that cannot be taken is a refusal; err is for the server's
// own failures.
func (s *server) readUpload(w http.ResponseWriter, r *http.Request) (store.MediaUpload, *refusal, error) {
	var u store.MediaUpload
	err := httpx.ParseForm(w, r, s.uploadLimit+multipartSlack)
	switch {
	case errors.Is(err, httpx.ErrTooLarge):
		return u, &refusal{status: http.StatusRequestEntityTooLarge, id: "admin.media.err.too_large"}, nil
	case err != nil:
		return u, nil, err
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return u, &refusal{status: http.StatusUnprocessableEntity, id: "admin.media.err.missing"}, nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.uploadLimit+1))
	if err != nil {
		return u, nil, fmt.Errorf("admin: read upload: %w", err)
	}
	if int64(len(data)) > s.uploadLimit {
		return u, &refusal{status: http.StatusRequestEntityTooLarge, id: "admin.media.err.too_large"}, nil
	}
	info, err := media.Inspect(hdr.Filename, data)
	var refused *media.RefusedError
	if errors.As(err, &refused) {
		id := refused.MessageID
		switch want := r.FormValue("want"); {
		case id == media.MsgMismatch && refused.Ext == "":
			id = "admin.media.err.no_extension"
		// The picker and the edition box name what they take, not all
		// the library does (a PDF offered to the photo picker, say).
		case id == media.MsgType && want == "photo":
			id = "admin.media.err.want_photo"
		case id == media.MsgType && want == "pdf":
			id = "admin.media.err.want_pdf"
		}
		return u, &refusal{status: http.StatusUnprocessableEntity, id: id, args: []any{"Ext", refused.Ext, "Type", media.Label(refused.Detected)}}, nil
	}
	if err != nil {
		return u, nil, err
	}
	// The edition box asks for a PDF, the image picker for a photo:
	// anything else is refused before it is stored.
	switch r.FormValue("want") {
	case "pdf":
		if info.ContentType != "application/pdf" {
			return u, &refusal{status: http.StatusUnprocessableEntity, id: "admin.media.err.want_pdf", args: []any{"Type", media.Label(info.ContentType)}}, nil
		}
	case "photo":
		if !media.IsImage(info.ContentType) {
			return u, &refusal{status: http.StatusUnprocessableEntity, id: "admin.media.err.want_photo", args: []any{"Type", media.Label(info.ContentType)}}, nil
		}
	}
	u = store.MediaUpload{Filename: info.Filename, ContentType: info.ContentType, Data: data, Width: info.Width, Height: info.Height}
	if media.IsImage(info.ContentType) {
		// Only a re-encoded master is kept and served: turned upright, in
		// sRGB, without a byte of the original's metadata (GPS included).
		done := httpx.AllowSlowWork(w, images.MaxDuration())
		m, err := images.Normalize(r.Context(), data)
		done()
		var bad *images.Refused
		switch {
		case errors.As(err, &bad):
			return u, &refusal{status: http.StatusUnprocessableEntity, id: bad.MessageID,
				args: []any{"Ext", media.Ext(hdr.Filename), "Type", media.Label(info.ContentType), "Megapixels", images.MaxPixels / 1_000_000}}, nil
		case err != nil:
			return u, nil, err
		}
		if keep, err := s.store.Setting(r.Context(), settingKeepOriginals); err != nil {
			return u, nil, err
		} else if keep == "true" {
			u.Original = &store.MediaOriginal{Filename: info.Filename, ContentType: info.ContentType, Data: data}
		}
		u.Filename = media.SafeName(hdr.Filename, m.ContentType)
		u.ContentType, u.Data, u.Width, u.Height = m.ContentType, m.Data, m.Width, m.Height
	}
	if user := currentUser(r.Context()); user != nil {
		u.UploadedBy = user.ID
	}
	return u, nil, nil
}

// mediaUpload adds a file to the media library; anything refused is shown
// on the library's page with the reason (422), a file over the limit with
// 413. The same bytes twice are stored once. The editor's image picker
// asks for JSON: it gets the photo, or {"error": the reason}.
func (s *server) mediaUpload(w http.ResponseWriter, r *http.Request) error {
	u, no, err := s.readUpload(w, r)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		return busy(err)
	}
	if no != nil {
		return s.refuseUpload(w, r, no)
	}
	summary := u.Filename + " (" + media.Label(u.ContentType) + ", " + strconv.Itoa(len(u.Data)) + " bytes)"
	m, stored, err := s.store.UploadMedia(r.Context(), u, s.auditOf(r, "media.upload", summary))
	if err != nil {
		return err
	}
	if httpx.WantsJSON(r) {
		return s.mediaJSON(w, r, http.StatusCreated, m.ID)
	}
	if stored {
		s.flash(r, "admin.media.uploaded")
	} else {
		s.flash(r, "admin.media.duplicate")
	}
	http.Redirect(w, r, "/admin/media/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
	return nil
}

// refuseUpload shows the library again with why the file was refused (or,
// to a script, says it in JSON).
func (s *server) refuseUpload(w http.ResponseWriter, r *http.Request, no *refusal) error {
	if no.status == http.StatusRequestEntityTooLarge {
		// The rest of an oversized body is not read: close the connection.
		w.Header().Set("Connection", "close")
	}
	if httpx.WantsJSON(r) {
		t := s.base(r, "media").T
		return httpx.WriteJSON(w, no.status, map[string]string{"error": t.Tr(no.id, append(no.args, "Limit", t.Size(s.uploadLimit))...)})
	}
	data, err := s.mediaLibrary(r)
	if err != nil {
		return err
	}
	data.Error = data.T.Tr(no.id, append(no.args, "Limit", data.Limit)...)
	return s.render(w, no.status, view.PageAdminMedia, data)
}
