package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// entryTrash deletes an entry to the trash: off the site in every
// language, out of the lists, restorable from the trash.
func (s *server) entryTrash(w http.ResponseWriter, r *http.Request) error {
	return s.trashOrRestore(w, r, true)
}

// entryUntrash takes an entry out of the trash.
func (s *server) entryUntrash(w http.ResponseWriter, r *http.Request) error {
	return s.trashOrRestore(w, r, false)
}

func (s *server) trashOrRestore(w http.ResponseWriter, r *http.Request, trash bool) error {
	id, d, _, err := s.postedEntry(w, r, httpx.MaxFormBytes)
	if err != nil {
		return err
	}
	ctx := r.Context()
	a := s.auditEntryOf(r, "entry.trash", id, titleIn(d, s.bundle.Default(), s.bundle.Codes()))
	if trash {
		err = s.store.TrashEntry(ctx, id, a)
	} else {
		a.Action = "entry.untrash"
		err = s.store.RestoreEntry(ctx, id, a)
	}
	if err != nil {
		return err
	}
	if trash {
		s.flash(r, "admin.trash.trashed")
	} else {
		s.flashText(r, restoredMessage(s.bundle.Get(s.adminLang(r)), d, s.bundle.Codes()))
	}
	http.Redirect(w, r, "/admin/entries/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// restoredMessage says what restoring d from the trash did: nothing went
// back on the site; Publish again puts back the languages the trash (or
// an unpublish before it) took off it, and the drafts stay drafts.
func restoredMessage(t *i18n.Localizer, d content.Draft, codes []string) string {
	said := []string{t.Tr("admin.trash.restored")}
	if again := statusChanges(d, content.StatusPublished, true, nil, codes); len(again) > 0 {
		said = append(said, t.Tr("admin.trash.restored_again", "Langs", langNames(t, again)))
	}
	if drafts := draftLangs(d, codes); len(drafts) > 0 {
		said = append(said, t.Tr("admin.republished.drafts", "Langs", langNames(t, drafts)))
	}
	return strings.Join(said, " ")
}

// trash lists the entries in the trash, newest first, with restore.
func (s *server) trash(w http.ResponseWriter, r *http.Request) error {
	b := s.base(r, "trash")
	b.Title = b.T.Tr("admin.trash.title")
	rows, err := s.store.EntryRows(r.Context(), b.Lang, store.EntryFilter{Which: "trash", Limit: 500})
	if err != nil {
		return err
	}
	newest, err := s.store.TrashNewest(r.Context())
	if err != nil {
		return err
	}
	data := view.EntryList{AdminBase: b, Langs: s.bundle.Codes(), TrashDays: s.trashDays, TrashedUntil: newest.Format(time.RFC3339Nano)}
	for _, row := range rows {
		data.Rows = append(data.Rows, entryRow(row))
	}
	return s.render(w, http.StatusOK, view.PageAdminTrash, data)
}
