package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
)

// maxBulk bounds the entries one bulk action takes (a list page shows at
// most 500).
const maxBulk = 500

// entriesBulk publishes, unpublishes or moves to the trash the entries
// ticked in a list, one save each (a revision and an audit line apiece),
// and says how many it did and how many it could not.
func (s *server) entriesBulk(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	do := r.PostForm.Get("do")
	switch do {
	case "publish", "unpublish", "trash":
	default:
		return httpx.ErrBadRequest
	}
	var ids []int64
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return httpx.ErrBadRequest
		}
		ids = append(ids, id)
	}
	if len(ids) > maxBulk {
		return httpx.ErrBadRequest
	}
	// Back to the list as it was filtered.
	back := "/admin/"
	if q := r.PostForm.Get("back"); strings.HasPrefix(q, "/admin/entries?") && !strings.ContainsAny(q, "\r\n") {
		back = q
	}
	t := s.bundle.Get(s.adminLang(r))
	if len(ids) == 0 {
		s.flashText(r, t.Tr("admin.bulk.none"))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	done, failed := 0, 0
	for _, id := range ids {
		ok, err := s.bulkOne(r, id, do)
		switch {
		case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrStale), errors.Is(err, markdown.ErrBusy):
			failed++ // gone, or saved by someone meanwhile: left as it is
		case err != nil:
			return err
		case ok:
			done++
		default:
			failed++
		}
	}
	msg := t.Plural("admin.bulk.done."+do, done)
	if failed > 0 {
		msg += " " + t.Plural("admin.bulk.failed."+do, failed)
	}
	s.flashText(r, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// bulkOne applies a bulk action to one entry; false means the entry
// could not take it (publishing a text that is not ready).
func (s *server) bulkOne(r *http.Request, id int64, do string) (bool, error) {
	ctx := r.Context()
	d, _, err := s.store.EntryForEdit(ctx, id)
	if err != nil {
		return false, err
	}
	if do == "trash" {
		return true, s.store.TrashEntry(ctx, id, s.auditEntryOf(r, "entry.trash", id, titleIn(d, s.bundle.Default())))
	}
	to, action := content.StatusUnpublished, "entry.unpublish"
	if do == "publish" {
		to, action = content.StatusPublished, "entry.publish"
	}
	return s.setStatus(ctx, r, d, to, action)
}

// setStatus publishes or unpublishes every language of an entry that has
// a text (a language published keeps the date it had, or goes live now),
// saving it as the form would: a text that could not be saved and
// published from the form (a missing title, a photo without its
// description) leaves the entry as it is and reports false.
func (s *server) setStatus(ctx context.Context, r *http.Request, d content.Draft, to content.Status, action string) (bool, error) {
	changed := false
	for lang, t := range d.Texts {
		if t.Empty() || t.Status == to || to == content.StatusUnpublished && t.Status != content.StatusPublished {
			continue
		}
		t.Status = to
		d.Texts[lang] = t
		changed = true
	}
	if !changed {
		return true, nil
	}
	d.Normalize()
	if d.Validate(s.bundle.Codes()) != nil {
		return false, nil
	}
	if to == content.StatusPublished {
		errs, err := s.missingAlt(ctx, d)
		if err != nil || len(errs) > 0 {
			return false, err
		}
	}
	html, err := s.renderDraft(ctx, d)
	if err != nil {
		return false, err
	}
	u := currentUser(ctx)
	_, err = s.store.SaveEntry(ctx, d, html, store.Change{UserID: u.ID, IP: s.proxies.ClientIP(r), Action: action})
	return err == nil, err
}
