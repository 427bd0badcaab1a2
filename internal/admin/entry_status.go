package admin

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
)

func asTaken(err error, target **store.SlugTakenError) bool { return errors.As(err, target) }

// entryUnpublish takes an entry off the public site in every
// language at once (a new revision; entryPublish, offered on the entry
// then, undoes it).
func (s *server) entryUnpublish(w http.ResponseWriter, r *http.Request) error {
	return s.entrySetStatus(w, r, content.StatusUnpublished, "entry.unpublish")
}

// entryPublish puts every language of an entry that was taken off the
// site back on it, each with the date it had (or now): the undo of
// unpublishing, and of the trash. A draft stays a draft.
func (s *server) entryPublish(w http.ResponseWriter, r *http.Request) error {
	return s.entrySetStatus(w, r, content.StatusPublished, "entry.publish")
}

func (s *server) entrySetStatus(w http.ResponseWriter, r *http.Request, to content.Status, action string) error {
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
	held, err := s.keptOffForReview(ctx, d, to)
	if err != nil {
		return err
	}
	changed := statusChanges(d, to, true, held, s.bundle.Codes())
	out, err := s.setStatus(ctx, r, d, to, action, true, held)
	switch {
	case errors.Is(err, store.ErrStale):
		s.flash(r, "admin.conflict.reloaded")
	case errors.Is(err, store.ErrConflict), errors.Is(err, markdown.ErrBusy):
		s.flash(r, "admin.republish_failed")
	case err != nil:
		return err
	case out == setRefused:
		s.flash(r, "admin.republish_failed")
	case to == content.StatusPublished:
		s.flashText(r, republishedMessage(s.bundle.Get(s.adminLang(r)), d, changed, held, s.bundle.Codes()))
		s.flashLinks(ctx, id, changed, scheduledLangs(onlyLangs(d, changed), s.bundle.Codes()))
	default:
		s.flash(r, "admin.unpublished")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// keptOffForReview is, when d is put on the site (to: Publish again, bulk
// Publish), its languages whose text a translator changed while they
// were off it and an editor has yet to review: their row holds that text
// (a working copy holds it only for a live one), which stays off until
// approved. A language whose copy waits keeps the text the public read
// in its row, and goes back.
func (s *server) keptOffForReview(ctx context.Context, d content.Draft, to content.Status) (map[string]bool, error) {
	if to != content.StatusPublished {
		return nil, nil
	}
	reviews, err := s.store.ReviewsOf(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	held := map[string]bool{}
	for lang := range reviews {
		_, copied := d.Live[lang]
		if t := d.Texts[lang]; !t.Empty() && t.Status != content.StatusPublished && !copied {
			held[lang] = true
		}
	}
	return held, nil
}

// republishedMessage says what Publish again did to d: the languages it
// put back on the site (of changed, those it changed), those it scheduled
// again (each with its time), those it left off for their review (held),
// and the drafts it left as they were.
func republishedMessage(t *i18n.Localizer, d content.Draft, changed []string, held map[string]bool, codes []string) string {
	var waiting []string // taken off and changed meanwhile (drafts are said below)
	for _, lang := range codes {
		if held[lang] && d.Texts[lang].Status == content.StatusUnpublished {
			waiting = append(waiting, lang)
		}
	}
	if len(changed) == 0 && len(waiting) == 0 {
		return t.Tr("admin.republished.none")
	}
	var live, said []string
	now := time.Now()
	for _, lang := range changed {
		if at := d.Texts[lang].PublishAt; at.After(now) {
			said = append(said, t.Tr("admin.saved.goes_live_at", "In", t.Tr("language.in."+lang), "When", t.DateTime(at)))
		} else {
			live = append(live, lang)
		}
	}
	if len(live) > 0 {
		said = append([]string{t.Tr("admin.republished", "Langs", langNames(t, live))}, said...)
	}
	if len(waiting) > 0 {
		said = append(said, t.Tr("admin.republished.held", "Langs", langNames(t, waiting)))
	}
	if drafts := draftLangs(d, codes); len(drafts) > 0 {
		said = append(said, t.Tr("admin.republished.drafts", "Langs", langNames(t, drafts)))
	}
	return strings.Join(said, " ")
}

// draftLangs lists, in the site's order (codes), the languages of d with
// a text that is a draft.
func draftLangs(d content.Draft, codes []string) []string {
	var out []string
	for _, lang := range codes {
		if t, ok := d.Texts[lang]; ok && !t.Empty() && t.Status == content.StatusDraft {
			out = append(out, lang)
		}
	}
	return out
}

// onlyLangs is d with the texts of langs only.
func onlyLangs(d content.Draft, langs []string) content.Draft {
	texts := map[string]content.Text{}
	for _, lang := range langs {
		if t, ok := d.Texts[lang]; ok {
			t.Status = content.StatusPublished // as Publish again leaves it
			texts[lang] = t
		}
	}
	d.Texts = texts
	return d
}

// langNames names languages for running text: "English, Russian".
func langNames(t *i18n.Localizer, langs []string) string {
	out := make([]string, len(langs))
	for i, lang := range langs {
		out[i] = t.Tr("language." + lang)
	}
	return strings.Join(out, ", ")
}

// statusChanges lists the languages of d that setStatus changes to `to`
// (again and held as there), in the site's order (codes), then any
// other (a language turned off), by code.
func statusChanges(d content.Draft, to content.Status, again bool, held map[string]bool, codes []string) []string {
	var out []string
	for lang, t := range d.Texts {
		if t.Empty() || t.Status == to || to == content.StatusUnpublished && t.Status != content.StatusPublished ||
			again && to == content.StatusPublished && t.Status != content.StatusUnpublished ||
			to == content.StatusPublished && held[lang] {
			continue
		}
		out = append(out, lang)
	}
	rank := func(lang string) int {
		if i := slices.Index(codes, lang); i >= 0 {
			return i
		}
		return len(codes)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
	return out
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
	changed := statusChanges(d, to, again, held, s.bundle.Codes())
	if len(changed) == 0 {
		return setSame, nil
	}
	scheduled := false
	now := time.Now()
	for _, lang := range changed {
		t := d.Texts[lang]
		scheduled = scheduled || to == content.StatusPublished && t.PublishAt.After(now)
		t.Status = to
		d.Texts[lang] = t
	}
	d.Normalize()
	d.KeepCopies = true
	if to == content.StatusPublished {
		// What the form would refuse to publish stays as it is;
		// taking something down never waits for it to be valid. What
		// is checked is what the public will read: the live text (and
		// own lead image) where a working copy waits.
		pub := d
		pub.Texts, pub.LangImages = maps.Clone(d.Texts), maps.Clone(d.LangImages)
		for lang, t := range d.Live {
			t.Status = d.Texts[lang].Status
			pub.Texts[lang] = t
			pub.SetLangImage(lang, d.LiveImages[lang])
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
