package admin

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/media"
	"vestnik/internal/picture"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// maxMediaQuery caps the file-name search, in characters.
const maxMediaQuery = 200

// settingKeepOriginals names the admins' setting that keeps uploaded
// images' originals ("true"), never served, beside their masters.
const settingKeepOriginals = "keep_originals"

func mediaRow(m content.Media) view.MediaRow {
	return view.MediaRow{ID: m.ID, Filename: m.Filename, Type: media.Label(m.ContentType), Size: m.Size,
		When: m.CreatedAt, URL: content.MediaPath(m)}
}

// libraryRow is a file of the library's grid: a photo with its thumbnail
// and its alt text in the admin's language.
func libraryRow(im content.Image, lang string) view.MediaRow {
	row := mediaRow(im.Media)
	if im.Width > 0 {
		row.Thumb = picture.URL(im, picture.CropSpec(im, picture.SmallSq, picture.JPEG))
		row.Alt = picture.Alt(im, lang)
	}
	return row
}

// searchQuery reads ?q=: clean text, cut to maxMediaQuery characters.
func searchQuery(r *http.Request) (string, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if !httpx.CleanText(q) {
		return "", httpx.ErrBadRequest
	}
	if utf8.RuneCountInString(q) > maxMediaQuery {
		q = string([]rune(q)[:maxMediaQuery])
	}
	return q, nil
}

// mediaLibrary reads the library's page data: the files whose names (or
// photos' alt texts) contain ?q=, of the ?type= chosen (photo, pdf),
// newest first.
func (s *server) mediaLibrary(r *http.Request) (view.MediaLibrary, error) {
	b := s.base(r, "media")
	b.Title = b.T.Tr("admin.media.title")
	q, err := searchQuery(r)
	if err != nil {
		return view.MediaLibrary{}, err
	}
	f := store.MediaFilter{Query: q}
	kind := r.URL.Query().Get("type")
	switch kind {
	case "photo":
		f.Images = true
	case "pdf":
		f.ContentType = "application/pdf"
	default:
		kind = ""
	}
	ms, err := s.store.MediaList(r.Context(), f)
	if err != nil {
		return view.MediaLibrary{}, err
	}
	data := view.MediaLibrary{AdminBase: b, Query: q, Kind: kind, Limit: b.T.Size(s.uploadLimit), Accept: media.Accept()}
	for _, m := range ms {
		data.Rows = append(data.Rows, libraryRow(m, b.Lang))
	}
	if b.IsAdmin {
		keep, err := s.store.Setting(r.Context(), settingKeepOriginals)
		if err != nil {
			return view.MediaLibrary{}, err
		}
		data.KeepOriginals = keep == "true"
	}
	return data, nil
}

// media lists the media library, with the upload form.
func (s *server) media(w http.ResponseWriter, r *http.Request) error {
	data, err := s.mediaLibrary(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageAdminMedia, data)
}

// mediaItemData reads the page data of one file: details and where it is used.
func (s *server) mediaItemData(r *http.Request, id int64) (view.MediaItem, error) {
	ctx := r.Context()
	d, err := s.store.MediaDetail(ctx, id)
	if err != nil {
		return view.MediaItem{}, err
	}
	uses, err := s.store.MediaUsage(ctx, id)
	if err != nil {
		return view.MediaItem{}, err
	}
	b := s.base(r, "media")
	b.Title = d.Filename
	data := view.MediaItem{AdminBase: b, MediaRow: mediaRow(d.Media), ContentType: d.ContentType, SHA256: d.SHA256,
		IsImage: media.IsImage(d.ContentType), UploadedBy: d.UploadedBy, Errors: map[string]string{}}
	if d.Width != nil && d.Height != nil {
		data.Width, data.Height = *d.Width, *d.Height
	}
	// Names are made of letters, digits, dots, dashes and underscores, so
	// they need no escaping inside a Markdown link.
	data.Markdown = "[" + d.Filename + "](" + data.URL + ")"
	public, err := s.store.MediaPublic(ctx, id)
	if err != nil {
		return view.MediaItem{}, err
	}
	data.NotPublic = !public
	if data.IsImage {
		im, err := s.store.Image(ctx, id)
		if err != nil {
			return view.MediaItem{}, err
		}
		s.imageForm(&data, im)
		u := currentUser(ctx)
		for i := range data.Texts {
			data.Texts[i].Editable = u == nil || u.Translates(data.Texts[i].Lang)
		}
	}
	for _, u := range uses {
		name := u.Lang
		if l := s.bundle.Get(u.Lang); l != nil {
			name = l.Tr("language.self")
		}
		data.Uses = append(data.Uses, view.MediaUse{EntryID: u.EntryID, Lang: u.Lang, LangName: name, Title: u.Title, NeedsAlt: u.Published && u.Shown})
	}
	return data, nil
}

// mediaItem shows one file: details, a preview for images, where it
// is used, and the delete button.
func (s *server) mediaItem(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	data, err := s.mediaItemData(r, id)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageAdminMediaItem, data)
}

// mediaDelete deletes a file that nothing uses; a used one stays, and
// its page says why (409).
func (s *server) mediaDelete(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	id, err := httpx.ID(r, "id")
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
		data, err := s.mediaItemData(r, id)
		if err != nil {
			return err
		}
		data.Error = data.T.Tr("admin.media.in_use")
		return s.render(w, http.StatusConflict, view.PageAdminMediaItem, data)
	case err != nil:
		return err
	}
	s.flash(r, "admin.media.deleted")
	http.Redirect(w, r, "/admin/media", http.StatusSeeOther)
	return nil
}
