package admin

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/store"
	"vestnik/internal/textdiff"
	"vestnik/internal/view"
)

// revisions lists an entry's revisions.
func (s *server) revisions(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, _, err := s.store.EntryForEdit(ctx, id)
	if err != nil {
		return err
	}
	revs, err := s.store.Revisions(ctx, id)
	if err != nil {
		return err
	}
	b := s.base(r, string(d.Kind))
	b.Title = b.T.Tr("admin.revisions.title", "Title", titleIn(d, b.Lang, s.bundle.Codes()))
	data := view.RevisionList{AdminBase: b, ID: id, Kind: string(d.Kind)}
	// The newest revision holds the current text, whatever raised the
	// entry's version since (trash and restore).
	for i, rv := range revs {
		data.Revisions = append(data.Revisions, view.RevisionRow{Version: rv.Version, Author: rv.Author.Shown(), Note: noteText(b.T, rv.Note),
			CreatedAt: rv.CreatedAt, Current: i == 0})
	}
	// The compare form starts at the last change (the current revision
	// and the one before), or at the pair compared last.
	if len(revs) > 1 {
		data.To, data.From = revs[0].Version, revs[1].Version
		from, ferr := versionQuery(r, "from")
		to, terr := versionQuery(r, "to")
		has := func(v int) bool {
			return slices.ContainsFunc(revs, func(rv store.Revision) bool { return rv.Version == v })
		}
		if ferr == nil && terr == nil && has(from) && has(to) {
			data.From, data.To = from, to
		}
	}
	return s.render(w, http.StatusOK, view.PageAdminRevisions, data)
}

func revisionParam(r *http.Request) (int, error) {
	v, ok := version(chi.URLParam(r, "version"))
	if !ok {
		return 0, httpx.ErrNotFound
	}
	return v, nil
}

// revisionOf reads /admin/entries/{id}/revisions/{version}: the entry as
// it is now and the revision asked for.
func (s *server) revisionOf(r *http.Request) (id int64, version int, cur content.Draft, rev store.Revision, err error) {
	if id, err = httpx.ID(r, "id"); err != nil {
		return
	}
	if version, err = revisionParam(r); err != nil {
		return
	}
	if cur, _, err = s.store.EntryForEdit(r.Context(), id); err != nil {
		return
	}
	rev, err = s.store.RevisionAt(r.Context(), id, version)
	return
}

// revision compares a revision (left) with the entry as it is (right).
func (s *server) revision(w http.ResponseWriter, r *http.Request) error {
	id, version, cur, rev, err := s.revisionOf(r)
	if err != nil {
		return err
	}
	b := s.base(r, string(cur.Kind))
	b.Title = b.T.Tr("admin.revision.title", "Version", version)
	data := view.RevisionDiff{AdminBase: b, ID: id, Version: version, Current: cur.Version, Author: rev.Author.Shown(), When: rev.CreatedAt}
	data.Fields = s.diffDrafts(r.Context(), b.T, cur.Kind, rev.Draft, cur)
	return s.render(w, http.StatusOK, view.PageAdminRevision, data)
}

// diffDrafts compares two versions of an entry of kind field by field:
// each language's publication, title, slug, summary and body, then the
// lead image and, for an issue, its period, PDF editions and articles.
func (s *server) diffDrafts(ctx context.Context, t *i18n.Localizer, kind content.Kind, was, now content.Draft) []view.DiffField {
	var out []view.DiffField
	add := func(label, before, after string) { out = append(out, diffField(label, before, after)) }
	publication := func(x content.Text) string {
		if x.Status == "" {
			return ""
		}
		out := t.Tr("admin.status." + string(x.Status))
		if !x.PublishAt.IsZero() {
			out += " " + t.DateTime(x.PublishAt)
		}
		return out
	}
	for _, lang := range s.bundle.Codes() {
		o, n := was.Texts[lang], now.Texts[lang]
		name := s.bundle.Get(lang).Tr("language.self")
		add(t.Tr("admin.entry.status")+" · "+name, publication(o), publication(n))
		add(t.Tr("admin.entry.title")+" · "+name, o.Title, n.Title)
		add(t.Tr("admin.entry.slug")+" · "+name, o.Slug, n.Slug)
		add(t.Tr("admin.entry.summary")+" · "+name, o.Summary, n.Summary)
		add(t.Tr("admin.entry.body")+" · "+name, o.Body, n.Body)
	}
	file := func(id int64) string { return s.mediaName(ctx, id) }
	add(t.Tr(view.LeadImageName(string(kind))), file(was.LeadImageID), file(now.LeadImageID))
	// A language's own image, where either side has one.
	for _, lang := range s.bundle.Codes() {
		if a, b := was.LangImages[lang], now.LangImages[lang]; a != 0 || b != 0 {
			add(t.Tr(view.LeadImageName(string(kind)))+" · "+t.Tr("language."+lang), file(a), file(b))
		}
	}
	if kind == content.KindNewsletter {
		add(t.Tr("admin.entry.period"), was.Period.Format("2006-01"), now.Period.Format("2006-01"))
		editions := func(d content.Draft) string {
			var out string
			for _, lang := range s.bundle.Codes() {
				if id := d.Editions[lang]; id != 0 {
					out += "[" + lang + "] " + file(id) + "\n"
				}
			}
			return out
		}
		add(t.Tr("admin.entry.editions"), editions(was), editions(now))
		add(t.Tr("admin.entry.articles"), articlesText(was, s.bundle.Codes()), articlesText(now, s.bundle.Codes()))
	}
	return out
}

// mediaName names a file of the media library as a comparison shows it:
// its name and number ("" for none; the number alone for one gone).
func (s *server) mediaName(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	if m, err := s.store.MediaByID(ctx, id); err == nil {
		return m.Filename + " (#" + strconv.FormatInt(id, 10) + ")"
	}
	return "#" + strconv.FormatInt(id, 10)
}

// articlesText is an issue's articles as lines to compare: each one's
// title and text in each language, in the site's order of languages.
func articlesText(d content.Draft, langs []string) string {
	var out string
	for i, a := range d.Articles {
		for _, lang := range langs {
			if a.Title[lang] == "" && a.Body[lang] == "" {
				continue
			}
			out += strconv.Itoa(i+1) + " [" + lang + "] " + a.Title[lang] + "\n"
			if a.Body[lang] != "" {
				out += a.Body[lang] + "\n"
			}
		}
	}
	return out
}

// revisionRestore makes a revision the current text again, as a new
// revision (nothing is lost: the replaced text stays in the history).
func (s *server) revisionRestore(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	id, version, cur, rev, err := s.revisionOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := rev.Draft
	d.ID, d.Kind, d.Version, d.Live = id, cur.Kind, cur.Version, nil
	// A restore brings back the text, not the publication: each language
	// keeps its state (a live one gets the text as unpublished changes),
	// and a language that comes back is a draft.
	for lang, t := range d.Texts {
		if now, ok := cur.Texts[lang]; ok {
			t.Status, t.PublishAt = now.Status, now.PublishAt
		} else {
			t.Status, t.PublishAt = content.StatusDraft, time.Time{}
		}
		d.Texts[lang] = t
	}
	// Files deleted since then cannot come back.
	if d.LeadImageID != 0 {
		if _, err := s.store.Image(ctx, d.LeadImageID); errors.Is(err, store.ErrNotFound) {
			d.LeadImageID = 0
		} else if err != nil {
			return err
		}
	}
	for lang, mid := range d.LangImages {
		if _, err := s.store.Image(ctx, mid); errors.Is(err, store.ErrNotFound) {
			delete(d.LangImages, lang)
		} else if err != nil {
			return err
		}
	}
	for lang, mid := range d.Editions {
		if _, err := s.store.MediaByID(ctx, mid); err != nil {
			delete(d.Editions, lang)
		}
	}
	html, err := s.renderDraft(ctx, d)
	if err != nil {
		return busy(err)
	}
	u := currentUser(ctx)
	saved, err := s.store.SaveEntry(ctx, d, html, store.Change{UserID: u.ID, IP: s.proxies.ClientIP(r), Action: "entry.restore",
		Note: restoredNote + strconv.Itoa(version)})
	if err != nil {
		var taken *store.SlugTakenError
		switch {
		case asTaken(err, &taken):
			s.flash(r, "admin.restore.slug_taken")
		case errors.Is(err, store.ErrStale):
			s.flash(r, "admin.conflict.reloaded") // saved by someone else in between
		default:
			return err
		}
		http.Redirect(w, r, "/admin/entries/"+strconv.FormatInt(id, 10)+"/revisions", http.StatusSeeOther)
		return nil
	}
	t := s.bundle.Get(s.adminLang(r))
	said := t.Tr("admin.restored")
	if len(saved.Working) > 0 {
		said = t.Tr("admin.restored.working")
	}
	if (saved.SharedChanged || len(saved.ImagesLive) > 0) && (len(saved.Working) > 0 || liveNow(d)) {
		// The lead image (an issue's cover, editions, articles) is not
		// held back with the text: say it is on the site already, as a
		// save does, or "publish the changes" reads as covering it too.
		id := "admin.saved.shared_live"
		if d.Kind == content.KindNewsletter {
			id = "admin.saved.shared_live_issue"
		}
		said += " " + t.Tr(id)
	}
	s.flashText(r, said)
	// A live language keeps its page (with the lead image restored, if
	// it changed); the restored text waits there as unpublished changes,
	// to be previewed.
	s.flashLinks(ctx, id, slices.Collect(maps.Keys(cur.Texts)), saved.Working)
	http.Redirect(w, r, "/admin/entries/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// diffField compares one field's old and new text, side by side.
func diffField(label, old, now string) view.DiffField {
	f := view.DiffField{Label: label, Changed: old != now}
	// A run of changed lines pairs its removed lines with its added ones,
	// in order, and marks the words that differ in each pair.
	dels, adds := 0, 0 // where the current run began on each side
	budget := textdiff.WordBudget
	for _, l := range textdiff.Lines(old, now) {
		switch l.Op {
		case textdiff.Same:
			markWords(f.Left[dels:], f.Right[adds:], &budget)
			f.Left = append(f.Left, view.DiffLine{Op: "same", Text: l.Text})
			f.Right = append(f.Right, view.DiffLine{Op: "same", Text: l.Text})
			dels, adds = len(f.Left), len(f.Right)
		case textdiff.Del:
			f.Left = append(f.Left, view.DiffLine{Op: "del", Text: l.Text})
		case textdiff.Add:
			f.Right = append(f.Right, view.DiffLine{Op: "add", Text: l.Text})
		}
	}
	markWords(f.Left[dels:], f.Right[adds:], &budget)
	return f
}

// markWords gives the removed and added lines of one run of changes their
// words' diff, pair by pair (textdiff.Words, spending budget).
func markWords(removed, added []view.DiffLine, budget *int) {
	ops := [...]string{textdiff.Same: "same", textdiff.Del: "del", textdiff.Add: "add"}
	parts := func(ls []textdiff.Line) []view.DiffLine {
		out := make([]view.DiffLine, len(ls))
		for i, l := range ls {
			out[i] = view.DiffLine{Op: ops[l.Op], Text: l.Text}
		}
		return out
	}
	for i := range min(len(removed), len(added)) {
		if old, now, ok := textdiff.Words(removed[i].Text, added[i].Text, budget); ok {
			removed[i].Parts, added[i].Parts = parts(old), parts(now)
		}
	}
}

// restoredNote marks a revision made by restoring another; the version
// follows. Stored as such, it is put in words in the reader's language.
const restoredNote = "restored "

// noteText puts a revision's note in the reader's language.
func noteText(t *i18n.Localizer, note string) string {
	if note == "imported" {
		return t.Tr("admin.revisions.imported")
	}
	switch note {
	case store.NoteTrashed:
		return t.Tr("admin.revisions.trashed")
	case store.NoteUntrashed:
		return t.Tr("admin.revisions.untrashed")
	}
	if lang, ok := strings.CutPrefix(note, store.NoteApproved); ok {
		return t.Tr("admin.revisions.approved", "In", t.Tr("language.in."+lang))
	}
	if v, ok := strings.CutPrefix(note, restoredNote); ok {
		if n, err := strconv.Atoi(v); err == nil {
			return t.Tr("admin.revisions.restored", "Version", n)
		}
	}
	return note
}
