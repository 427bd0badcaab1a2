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
// language at once (a new revision; publishing again is one save away).
func (s *server) entryUnpublish(w http.ResponseWriter, r *http.Request) error {
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
	if v, err := strconv.Atoi(r.PostForm.Get("version")); err == nil && v != d.Version {
		s.flash(r, "admin.conflict.reloaded")
		http.Redirect(w, r, "/admin/entries/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	for lang, t := range d.Texts {
		t.Status = content.StatusUnpublished
		d.Texts[lang] = t
	}
	html, err := s.renderDraft(ctx, d)
	if err != nil {
		return err
	}
	u := currentUser(ctx)
	if _, err := s.store.SaveEntry(ctx, d, html, store.Change{UserID: u.ID, IP: s.proxies.ClientIP(r), Action: "entry.unpublish"}); err != nil {
		if errors.Is(err, store.ErrStale) {
			s.flash(r, "admin.conflict.reloaded")
		} else {
			return err
		}
	} else {
		s.flash(r, "admin.unpublished")
	}
	http.Redirect(w, r, "/admin/entries/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
