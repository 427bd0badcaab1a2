package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
)

// entryDelete removes an entry in the trash for good (the trash page's
// "Delete permanently"), and says so; a page the site links to by role
// stays, and the message says why.
func (s *server) entryDelete(w http.ResponseWriter, r *http.Request) error {
	id, d, _, err := s.postedEntry(w, r, httpx.MaxFormBytes)
	if err != nil {
		return err
	}
	a := s.auditEntryOf(r, "entry.delete", id, titleIn(d, s.bundle.Default(), s.bundle.Codes()))
	err = s.store.DeleteEntry(r.Context(), id, a)
	switch {
	case errors.Is(err, store.ErrSystemPage):
		s.flash(r, "admin.trash.system_page")
	case errors.Is(err, store.ErrNotFound):
		s.flash(r, "admin.trash.not_in_trash") // restored meanwhile
	case err != nil:
		return err
	default:
		s.mailQueued() // the notices to translators of its texts in review
		s.flash(r, "admin.trash.deleted")
	}
	http.Redirect(w, r, "/admin/trash", http.StatusSeeOther)
	return nil
}

// trashEmpty removes for good every entry the trash page showed ("Empty
// the trash": those trashed until the newest it listed, not one another
// editor trashed since), but for the pages the site links to by role.
func (s *server) trashEmpty(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	until, err := time.Parse(time.RFC3339Nano, r.PostForm.Get("until"))
	if err != nil {
		return httpx.ErrBadRequest
	}
	n, err := s.store.EmptyTrash(r.Context(), until.Add(time.Microsecond), s.auditOf(r, "entry.delete", ""))
	if err != nil {
		return err
	}
	if n > 0 {
		s.mailQueued() // the notices to translators of their texts in review
	}
	s.flashText(r, s.bundle.Get(s.adminLang(r)).Plural("admin.trash.emptied", n))
	http.Redirect(w, r, "/admin/trash", http.StatusSeeOther)
	return nil
}

// EmptyTrashEvery removes for good, every hour until ctx ends, the entries
// in the trash for longer than days (TRASH_DAYS; 0 keeps them), as
// WordPress empties its trash after 30 days. Every instance runs it; an
// entry goes once (DeleteEntry locks it).
func EmptyTrashEvery(ctx context.Context, st *store.Store, days int, log *slog.Logger) {
	if days <= 0 {
		return
	}
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		n, err := st.EmptyTrash(ctx, time.Now().AddDate(0, 0, -days), store.AuditEntry{Action: "entry.delete_expired"})
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("empty trash", "err", err)
		case n > 0:
			log.Info("trash emptied", "entries", n, "days", days)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
