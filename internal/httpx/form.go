package httpx

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
)

// MaxFormBytes caps a form without files.
const MaxFormBytes = 1 << 20

// ParseForm reads a posted form within limit bytes: past it 413; invalid
// UTF-8 anywhere, or a NUL byte in a field's name, is 400; NUL bytes in
// values are dropped. Never a 500.
func ParseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(limit)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return ErrTooLarge
		}
		return ErrBadRequest
	}
	for k, vs := range r.PostForm {
		if !CleanText(k) {
			return ErrBadRequest
		}
		for i, v := range vs {
			if !utf8.ValidString(v) {
				return ErrBadRequest
			}
			// A NUL in text pasted from a PDF is no character anyone
			// meant, and PostgreSQL stores none: it goes, and the rest of
			// what was typed is kept.
			if strings.ContainsRune(v, 0) {
				vs[i] = strings.ReplaceAll(v, "\x00", "")
			}
		}
	}
	for k, vs := range r.Form { // the same values, as FormValue reads them
		for i, v := range vs {
			vs[i] = strings.ReplaceAll(v, "\x00", "")
		}
		r.Form[k] = vs
	}
	return nil
}

// CleanText reports whether s is valid UTF-8 without NUL bytes.
func CleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// ID is the positive integer in the route parameter name; anything else
// is not found.
func ID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id < 1 {
		return 0, ErrNotFound
	}
	return id, nil
}
