package admin

import (
	"errors"
	"net/http"
	"strconv"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
)

func asTaken(err error, target **store.SlugTakenError) bool { return errors.As(err, target) }

// entryUnpublish takes an entry off the public site in every
// language at once (a new revision; entryPublish, offered on the entry
// then, undoes it).
func (s *server) entryUnpublish(w http.ResponseWriter, r *http.Request) error {
	return s.entrySetStatus(w, r, content.StatusUnpublished, "entry.unpublish", "admin.unpublished")
}

// entryPublish puts every language of an entry that has a text on the
// site, each with the date it had (or now): the undo of unpublishing.
func (s *server) entryPublish(w http.ResponseWriter, r *http.Request) error {
	return s.entrySetStatus(w, r, content.StatusPublished, "entry.publish", "admin.republished")
}

func (s *server) entrySetStatus(w http.ResponseWriter, r *http.Request, to content.Status, action, done string) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	ctx := r.Context()
	d, _, err := s.store.EntryForEdit(ctx, id)
	if err != nil {
		return err
	}
	back := "/admin/entries/" + strconv.FormatInt(id, 10)
	if v, err := strconv.Atoi(r.PostForm.Get("version")); err == nil && v != d.Version {
		s.flash(r, "admin.conflict.reloaded")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	ok, err := s.setStatus(ctx, r, d, to, action)
	switch {
	case errors.Is(err, store.ErrStale):
		s.flash(r, "admin.conflict.reloaded")
	case err != nil:
		return err
	case !ok:
		s.flash(r, "admin.republish_failed")
	default:
		s.flash(r, done)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
