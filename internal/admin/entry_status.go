package admin

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"strconv"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/markdown"
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
	id, d, meta, err := s.postedEntry(w, r, httpx.MaxFormBytes)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if meta.DeletedAt != nil {
		return httpx.ErrNotFound // in the trash: restore it first
	}
	back := "/admin/entries/" + strconv.FormatInt(id, 10)
	if v, err := strconv.Atoi(r.PostForm.Get("version")); err == nil && v != d.Version {
		s.flash(r, "admin.conflict.reloaded")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	out, err := s.setStatus(ctx, r, d, to, action, true, nil)
	switch {
	case errors.Is(err, store.ErrStale):
		s.flash(r, "admin.conflict.reloaded")
	case errors.Is(err, store.ErrConflict), errors.Is(err, markdown.ErrBusy):
		s.flash(r, "admin.republish_failed")
	case err != nil:
		return err
	case out == setRefused:
		s.flash(r, "admin.republish_failed")
	default:
		s.flash(r, done)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// setStatus publishes or unpublishes every language of an entry that has
// a text (a language published keeps the date it had, or goes live now).
// Only the publication changes: a language's unpublished changes (its
// working copy) wait on, so publishing again puts back what the public
// read. What is published is checked as the form would: a text that could
// not be published from the form (a missing title, a photo without its
// description) leaves the entry as it is and reports false.
//
// again limits publishing to the languages taken down (Publish again): a
// draft stays a draft. Without it (the list's bulk Publish) drafts go
// live too.
func (s *server) setStatus(ctx context.Context, r *http.Request, d content.Draft, to content.Status, action string, again bool, held map[string]bool) (statusOutcome, error) {
	changed, scheduled := false, false
	now := time.Now()
	for lang, t := range d.Texts {
		if t.Empty() || t.Status == to || to == content.StatusUnpublished && t.Status != content.StatusPublished ||
			again && to == content.StatusPublished && t.Status != content.StatusUnpublished ||
			to == content.StatusPublished && held[lang] {
			continue
		}
		scheduled = scheduled || to == content.StatusPublished && t.PublishAt.After(now)
		t.Status = to
		d.Texts[lang] = t
		changed = true
	}
	if !changed {
		return setSame, nil
	}
	d.Normalize()
	d.KeepCopies = true
	if to == content.StatusPublished {
		// What the form would refuse to publish stays as it is;
		// taking something down never waits for it to be valid. What
		// is checked is what the public will read: the live text where
		// a working copy waits.
		pub := d
		pub.Texts = maps.Clone(d.Texts)
		for lang, t := range d.Live {
			t.Status = d.Texts[lang].Status
			pub.Texts[lang] = t
		}
		if pub.Validate(s.bundle.Codes()) != nil {
			return setRefused, nil
		}
		errs, _, err := s.mediaChecks(ctx, pub)
		if err != nil || len(errs) > 0 {
			return setRefused, err
		}
	}
	// Languages keeping a working copy keep their public HTML (the store
	// changes only their status); the rest are saved as they are.
	html, err := s.renderDraft(ctx, d)
	if err != nil {
		return setRefused, err
	}
	u := currentUser(ctx)
	if _, err = s.store.SaveEntry(ctx, d, html, store.Change{UserID: u.ID, IP: s.proxies.ClientIP(r), Action: action}); err != nil {
		return setRefused, err
	}
	if scheduled {
		return setScheduled, nil
	}
	return setDone, nil
}

// statusOutcome is what setStatus did.
type statusOutcome int

const (
	setDone      statusOutcome = iota
	setScheduled               // done, and a language published waits for its time
	setSame                    // nothing to change: every language was so already
	setRefused                 // a text the form would not publish: left as it was
)
