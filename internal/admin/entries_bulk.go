package admin

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/markdown"
	"vestnik/internal/store"
)

// maxBulk bounds the entries one bulk action takes: each is a save, and a
// request should stay within seconds.
const maxBulk = 100

// entriesBulk publishes, unpublishes or moves to the trash the entries
// ticked in a list, one save each (a revision and an audit line apiece),
// and says how many it did and how many it could not; a publish links
// the pages it put on the site (flashLinks, flashEntryLinks).
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
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	back := listBack(r.PostForm.Get("back"))
	t := s.bundle.Get(s.adminLang(r))
	if len(ids) == 0 || len(ids) > maxBulk {
		msg := t.Tr("admin.bulk.none")
		if len(ids) > maxBulk {
			msg = t.Tr("admin.bulk.too_many", "Max", maxBulk)
		}
		s.flashText(r, msg)
		http.Redirect(w, r, back, http.StatusSeeOther) // #nosec G710 -- listBack keeps only the admin's list path
		return nil
	}
	done, scheduled, same := 0, 0, 0
	var failed, held []string // their titles
	var put []bulkResult      // the entries published, for the message's links
	for _, id := range ids {
		b, err := s.bulkOne(r, id, do)
		if b.waits && err == nil {
			held = append(held, b.title)
		}
		switch {
		case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrStale), errors.Is(err, store.ErrConflict),
			errors.Is(err, markdown.ErrBusy):
			failed = append(failed, cmp.Or(b.title, "#"+strconv.FormatInt(id, 10))) // gone, saved meanwhile, a slug taken: left as it is
		case err != nil:
			return err
		case b.out == setSame && b.waits: // nothing to publish but what waits: said above
		case b.out == setSame:
			same++
		case b.out == setRefused:
			failed = append(failed, b.title)
		default:
			done++
			if b.out == setScheduled {
				scheduled++
			}
			if do == "publish" {
				put = append(put, b)
			}
		}
	}
	var said []string
	if done > 0 || len(failed) == 0 && same == 0 && len(held) == 0 {
		said = append(said, t.Plural("admin.bulk.done."+do, done))
	}
	if same > 0 {
		said = append(said, t.Plural("admin.bulk.same."+do, same))
	}
	if scheduled > 0 {
		said = append(said, t.Plural("admin.bulk.scheduled", scheduled))
	}
	if len(held) > 0 {
		said = append(said, t.Plural("admin.bulk.held", len(held)), t.Tr("admin.bulk.which", "Titles", strings.Join(held, "; ")))
	}
	if len(failed) > 0 {
		said = append(said, t.Plural("admin.bulk.failed."+do, len(failed)), t.Tr("admin.bulk.which", "Titles", strings.Join(failed, "; ")))
	}
	msg := strings.Join(said, " ")
	s.flashText(r, msg)
	// One entry published links its pages as its own Publish would;
	// several, a page of each.
	switch {
	case len(put) == 1:
		s.flashLinks(r.Context(), put[0].id, put[0].published, put[0].scheduled)
	case len(put) > 1:
		entries := make([]published, len(put))
		for i, b := range put {
			entries[i] = published{id: b.id, langs: b.published}
		}
		s.flashEntryLinks(r.Context(), entries, s.adminLang(r))
	}
	http.Redirect(w, r, back, http.StatusSeeOther) // #nosec G710 -- listBack keeps only the admin's list path
	return nil
}

// listBack is where a bulk action goes back to: the entry list as it was
// filtered (its query), else the dashboard; never anywhere else.
func listBack(back string) string {
	u, err := url.Parse(back)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Path != "/admin/entries" {
		return "/admin/"
	}
	return (&url.URL{Path: u.Path, RawQuery: u.Query().Encode()}).String()
}

// bulkResult is what bulkOne did to an entry: its title for the message,
// what the action did, and whether it left translations under review
// unpublished; for a publish, the languages it published, and of those
// the ones scheduled for later.
type bulkResult struct {
	id                   int64
	title                string
	out                  statusOutcome
	waits                bool
	published, scheduled []string
}

// bulkOne applies a bulk action to one entry and says what it did.
func (s *server) bulkOne(r *http.Request, id int64, do string) (bulkResult, error) {
	ctx := r.Context()
	b := bulkResult{id: id, out: setRefused}
	d, meta, err := s.store.EntryForEdit(ctx, id)
	if err != nil {
		return b, err
	}
	b.title = titleIn(d, s.adminLang(r), s.bundle.Codes())
	if meta.DeletedAt != nil {
		return b, nil // in the trash: restore it first
	}
	if do == "trash" {
		b.out = setDone
		return b, s.store.TrashEntry(ctx, id, s.auditEntryOf(r, "entry.trash", id, titleIn(d, s.bundle.Default(), s.bundle.Codes())))
	}
	to, action := content.StatusUnpublished, "entry.unpublish"
	var held map[string]bool
	if do == "publish" {
		to, action = content.StatusPublished, "entry.publish_bulk"
		// A translation waiting for review, or sent back, is the
		// reviewer's to publish: it stays as it is.
		var err error
		if held, err = s.keptOffForReview(ctx, d, to); err != nil {
			return b, err
		}
		// Read before setStatus changes d's texts.
		b.published = statusChanges(d, to, false, held, s.bundle.Codes())
		b.scheduled = scheduledLangs(onlyLangs(d, b.published), s.bundle.Codes())
	}
	b.waits = len(held) > 0
	b.out, err = s.setStatus(ctx, r, d, to, action, false, held)
	return b, err
}
