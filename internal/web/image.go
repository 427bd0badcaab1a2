package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/httpx"
	"vestnik/internal/images"
	"vestnik/internal/picture"
	"vestnik/internal/store"
)

// image serves a rendition of a photo: /img/{hash}/{spec}/{name}. The
// hash names the master's content and the spec what is made of it, so the
// bytes never change: cached for ever. A rendition is made on its first
// request and kept in the database, where every instance finds it.
func (s *Server) image(w http.ResponseWriter, r *http.Request) error {
	hash := chi.URLParam(r, "hash")
	spec, ok := picture.Parse(chi.URLParam(r, "spec"))
	if !validHash(hash) || !ok {
		return httpx.ErrNotFound
	}
	ctx := r.Context()
	im, err := s.store.ImageByHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		// A replaced photo's former address: the same rendition of its
		// current file.
		cur, aerr := s.store.MediaAlias(ctx, hash)
		if aerr != nil {
			return aerr
		}
		if im, err = s.store.Image(ctx, cur.ID); err != nil {
			return err
		}
		http.Redirect(w, r, picture.URL(im, spec), http.StatusMovedPermanently)
		return nil
	}
	if err != nil {
		return err
	}
	if want := picture.URL(im, spec); r.URL.EscapedPath() != want {
		if u, err := url.PathUnescape(r.URL.EscapedPath()); err != nil || u != mustUnescape(want) {
			http.Redirect(w, r, want, http.StatusMovedPermanently)
			return nil
		}
	}
	contentType, data, err := s.store.Rendition(ctx, im.ID, spec.String())
	if errors.Is(err, store.ErrNotFound) {
		var master []byte
		if master, err = s.store.MediaData(ctx, im.ID); err != nil {
			return err
		}
		done := httpx.AllowSlowWork(w, images.MaxDuration())
		data, err = images.Render(ctx, master, spec)
		done()
		if err != nil {
			switch {
			case errors.Is(err, images.ErrBusy):
				return fmt.Errorf("%w: %w", httpx.ErrBusy, err)
			case images.Crashed(err):
				// A worker that died on a master the server made: the
				// client may try again (503, with Retry-After); the cause
				// is on the request's log line, at level error.
				return fmt.Errorf("%w: media %d, %s: %w", &httpx.StatusError{Status: http.StatusServiceUnavailable, Msg: "rendition failed"},
					im.ID, spec, err)
			}
			return err
		}
		contentType = spec.Format.ContentType()
		if err := s.store.PutRendition(ctx, im.ID, spec.String(), contentType, data); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+hash[:32]+"-"+spec.String()+`"`)
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, "", im.CreatedAt.Truncate(time.Second), bytes.NewReader(data))
	return nil
}

func mustUnescape(p string) string {
	u, _ := url.PathUnescape(p)
	return u
}
