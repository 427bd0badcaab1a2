package web

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
)

func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, c := range h {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// media serves an uploaded file with the type it was stored with. Its URL
// names its content, so it may be cached for ever.
func (s *Server) media(w http.ResponseWriter, r *http.Request) error {
	hash := chi.URLParam(r, "hash")
	if !validHash(hash) {
		return httpx.ErrNotFound
	}
	m, data, err := s.store.MediaByHash(r.Context(), hash)
	if errors.Is(err, store.ErrNotFound) {
		// The former bytes of a replaced photo: its current file.
		cur, aerr := s.store.MediaAlias(r.Context(), hash)
		if aerr != nil {
			return aerr
		}
		http.Redirect(w, r, content.MediaPath(cur), http.StatusMovedPermanently)
		return nil
	}
	if err != nil {
		return err
	}
	if public, err := s.store.MediaPublic(r.Context(), m.ID); err != nil {
		return err
	} else if !public {
		return httpx.ErrNotFound // the edition of an issue not yet published
	}
	if name, err := url.PathUnescape(chi.URLParam(r, "filename")); err != nil || name != m.Filename {
		http.Redirect(w, r, content.MediaPath(m), http.StatusMovedPermanently)
		return nil
	}
	h := w.Header()
	h.Set("Content-Type", m.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": m.Filename}))
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+m.SHA256+`"`)
	if m.ContentType != "application/pdf" {
		// Sandboxed, but not PDFs: Safari then cannot show them.
		h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox")
	}
	http.ServeContent(w, r, "", m.CreatedAt.Truncate(time.Second), bytes.NewReader(data))
	return nil
}
