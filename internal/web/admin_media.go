package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/media"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// mediaRoutes registers the media library: /admin/media…
func (s *Server) mediaRoutes(r chi.Router) {
	r.Get("/media", s.handle(s.adminMedia))
	r.Post("/media", s.handle(s.adminMediaUpload))
	r.Get("/media/{id}", s.handle(s.adminMediaItem))
	r.Post("/media/{id}/delete", s.handle(s.adminMediaDelete))
}

// maxMediaQuery caps the file-name search, in characters.
const maxMediaQuery = 200

// auditOf starts the audit line of a change the request makes; the store
// method that makes the change fills in the object.
func (s *Server) auditOf(r *http.Request, action, summary string) store.AuditEntry {
	a := s.actor(r)
	e := store.AuditEntry{Action: action, Summary: summary}
	if a.UserID != 0 {
		e.UserID = &a.UserID
	}
	if a.IP.IsValid() {
		e.IP = &a.IP
	}
	return e
}

func mediaRow(m content.Media) view.MediaRow {
	return view.MediaRow{ID: m.ID, Filename: m.Filename, Type: media.Label(m.ContentType), Size: m.Size,
		When: m.CreatedAt, URL: mediaPath(m)}
}

// mediaLibrary reads the library's page data: the files whose names
// contain ?q=, newest first.
func (s *Server) mediaLibrary(r *http.Request) (view.MediaLibrary, error) {
	b := s.adminBase(r, "media")
	b.Title = b.T.Tr("admin.media.title")
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if !cleanText(q) {
		return view.MediaLibrary{}, errBadRequest
	}
	if utf8.RuneCountInString(q) > maxMediaQuery {
		q = string([]rune(q)[:maxMediaQuery])
	}
	ms, err := s.store.MediaList(r.Context(), store.MediaFilter{Query: q})
	if err != nil {
		return view.MediaLibrary{}, err
	}
	data := view.MediaLibrary{AdminBase: b, Query: q, Limit: b.T.Size(s.uploadLimit), Accept: media.Accept()}
	for _, m := range ms {
		data.Rows = append(data.Rows, mediaRow(m))
	}
	return data, nil
}

// adminMedia lists the media library, with the upload form.
func (s *Server) adminMedia(w http.ResponseWriter, r *http.Request) error {
	data, err := s.mediaLibrary(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "admin/media", data)
}

func mediaID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errNotFound
	}
	return id, nil
}

// mediaItem reads the page data of one file: details and where it is used.
func (s *Server) mediaItem(r *http.Request, id int64) (view.MediaItem, error) {
	ctx := r.Context()
	d, err := s.store.MediaDetail(ctx, id)
	if err != nil {
		return view.MediaItem{}, err
	}
	uses, err := s.store.MediaUsage(ctx, id)
	if err != nil {
		return view.MediaItem{}, err
	}
	b := s.adminBase(r, "media")
	b.Title = d.Filename
	data := view.MediaItem{AdminBase: b, MediaRow: mediaRow(d.Media), ContentType: d.ContentType, SHA256: d.SHA256,
		IsImage: media.IsImage(d.ContentType), UploadedBy: d.UploadedBy}
	if d.Width != nil && d.Height != nil {
		data.Width, data.Height = *d.Width, *d.Height
	}
	// Names are made of letters, digits, dots, dashes and underscores, so
	// they need no escaping inside a Markdown link.
	data.Markdown = "[" + d.Filename + "](" + data.URL + ")"
	if data.IsImage {
		data.Markdown = "!" + data.Markdown
	}
	for _, u := range uses {
		name := u.Lang
		if l := s.bundle.Get(u.Lang); l != nil {
			name = l.Tr("language.self")
		}
		data.Uses = append(data.Uses, view.MediaUse{EntryID: u.EntryID, Lang: u.Lang, LangName: name, Title: u.Title})
	}
	return data, nil
}

// adminMediaItem shows one file: details, a preview for images, where it
// is used, and the delete button.
func (s *Server) adminMediaItem(w http.ResponseWriter, r *http.Request) error {
	id, err := mediaID(r)
	if err != nil {
		return err
	}
	data, err := s.mediaItem(r, id)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "admin/media_item", data)
}

// adminMediaDelete deletes a file that nothing uses; a used one stays, and
// its page says why (409).
func (s *Server) adminMediaDelete(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxFormBytes); err != nil {
		return err
	}
	id, err := mediaID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, err := s.store.MediaDetail(ctx, id)
	if err != nil {
		return err
	}
	a := s.auditOf(r, "media.delete", d.Filename)
	a.ObjectType, a.ObjectID = "media", id
	err = s.store.DeleteMedia(ctx, id, a)
	switch {
	case errors.Is(err, store.ErrConflict):
		data, err := s.mediaItem(r, id)
		if err != nil {
			return err
		}
		data.Error = data.T.Tr("admin.media.in_use")
		return s.render(w, http.StatusConflict, "admin/media_item", data)
	case err != nil:
		return err
	}
	s.flash(r, "admin.media.deleted")
	http.Redirect(w, r, "/admin/media", http.StatusSeeOther)
	return nil
}
