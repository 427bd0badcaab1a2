package admin

import (
	"bytes"
	"mime"
	"net/http"
	"time"

	"vestnik/internal/httpx"
)

// mediaFile lets staff open any file of the library, including the PDF of
// an issue that is not public yet (its public address answers 404 until
// the issue is published). Never cached: it may be private.
func (s *server) mediaFile(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.MediaByID(r.Context(), id)
	if err != nil {
		return err
	}
	_, data, err := s.store.MediaByHash(r.Context(), m.SHA256)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", m.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": m.Filename}))
	h.Set("Cache-Control", "private, no-store")
	if m.ContentType != "application/pdf" {
		h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox")
	}
	http.ServeContent(w, r, "", m.CreatedAt.Truncate(time.Second), bytes.NewReader(data))
	return nil
}
