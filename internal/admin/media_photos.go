package admin

import (
	"net/http"
	"strconv"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/media"
	"vestnik/internal/picture"
	"vestnik/internal/store"
)

// The entry editor's image picker (static/admin.js) talks JSON: it lists
// and searches photos (GET /admin/media/photos?q=), uploads with Accept:
// application/json (mediaUpload) and saves a photo's focal point and texts
// the same way (mediaImageSave), all without leaving the editor.

// photosPerSearch is how many photos the picker shows for a search.
const photosPerSearch = 60

// photo is a photo as the picker sees it.
type photo struct {
	ID         int64                `json:"id"`
	Name       string               `json:"name"`
	Thumb      string               `json:"thumb"`   // square, 240 px
	Preview    string               `json:"preview"` // 640 px wide
	Width      int                  `json:"width"`
	Height     int                  `json:"height"`
	FocusX     float64              `json:"focusX"` // in percent
	FocusY     float64              `json:"focusY"`
	Decorative bool                 `json:"decorative"`
	Texts      map[string]photoText `json:"texts"`
	Page       string               `json:"page"` // its page in the library
}

type photoText struct {
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
}

// fileJSON is a file that is no photo (a PDF).
type fileJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	URL  string `json:"url"`
}

func photoOf(im content.Image, langs []string) photo {
	p := photo{ID: im.ID, Name: im.Filename, Width: im.Width, Height: im.Height,
		Thumb:   picture.URL(im, picture.CropSpec(im, picture.SmallSq, picture.JPEG)),
		Preview: picture.URL(im, picture.WidthSpec(640, picture.JPEG)),
		FocusX:  float64(int(im.FocusX*1000+0.5)) / 10, FocusY: float64(int(im.FocusY*1000+0.5)) / 10,
		Decorative: im.Decorative, Texts: map[string]photoText{}, Page: "/admin/media/" + strconv.FormatInt(im.ID, 10)}
	for _, l := range langs {
		t := im.Texts[l]
		p.Texts[l] = photoText{Alt: t.Alt, Caption: t.Caption, Credit: t.Credit}
	}
	return p
}

// mediaJSON answers a script with a file of the library: a photo with all
// the picker shows of it, any other file by its name and address.
func (s *server) mediaJSON(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	m, err := s.store.MediaByID(r.Context(), id)
	if err != nil {
		return err
	}
	if !media.IsImage(m.ContentType) {
		return httpx.WriteJSON(w, status, map[string]fileJSON{"file": {ID: m.ID, Name: m.Filename, Type: media.Label(m.ContentType), URL: content.MediaPath(m)}})
	}
	im, err := s.store.Image(r.Context(), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, status, map[string]photo{"photo": photoOf(im, s.bundle.Codes())})
}

// mediaPhotos lists the photos whose names or alt texts contain ?q=,
// newest first, for the picker.
func (s *server) mediaPhotos(w http.ResponseWriter, r *http.Request) error {
	q, err := searchQuery(r)
	if err != nil {
		return err
	}
	ims, err := s.store.MediaList(r.Context(), store.MediaFilter{Images: true, Query: q, Limit: photosPerSearch})
	if err != nil {
		return err
	}
	out := make([]photo, 0, len(ims))
	for _, im := range ims {
		out = append(out, photoOf(im, s.bundle.Codes()))
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string][]photo{"photos": out})
}
