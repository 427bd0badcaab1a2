package admin

import (
	"context"
	"errors"
	"fmt"
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
	"vestnik/internal/view"
)

// entryNew shows an empty form for a new entry of ?kind=.
func (s *server) entryNew(w http.ResponseWriter, r *http.Request) error {
	kind, err := kindParam(r)
	if err != nil {
		return err
	}
	ef := s.formOf(content.Draft{Kind: kind, Texts: map[string]content.Text{}})
	if kind == content.KindNewsletter {
		ef.Draft.Articles = []content.ArticleDraft{{Title: map[string]string{}, Body: map[string]string{}}}
	}
	data, err := s.editData(r, ef, nil)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, view.PageAdminEntryEdit, data)
}

// entryEdit shows an entry's form.
func (s *server) entryEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	d, meta, err := s.store.EntryForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	if err := trashedForTranslator(r, meta); err != nil {
		return err
	}
	data, err := s.editData(r, s.formOf(d), &meta)
	if err != nil {
		return err
	}
	// The form holds d at its version: saves after it are news.
	others, err := s.store.Present(r.Context(), id, currentUser(r.Context()).ID, d.Version)
	if err != nil {
		return err
	}
	data.Others = presenceLines(data.T, others)
	return s.render(w, http.StatusOK, view.PageAdminEntryEdit, data)
}

// entryCreate saves a new entry of ?kind=.
func (s *server) entryCreate(w http.ResponseWriter, r *http.Request) error {
	kind, err := kindParam(r)
	if err != nil {
		return err
	}
	return s.saveEntry(w, r, content.Draft{Kind: kind}, nil)
}

// entryUpdate saves an entry.
func (s *server) entryUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	d, meta, err := s.store.EntryForEdit(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) && currentUser(r.Context()).Role != store.RoleTranslator {
		return s.deletedWhileEditing(w, r)
	}
	if err != nil {
		return err
	}
	if err := trashedForTranslator(r, meta); err != nil {
		return err
	}
	return s.saveEntry(w, r, d, &meta)
}

// deletedWhileEditing answers an editor's save of an entry that is gone
// (another editor deleted it for good while the form was open): their
// text again, unsaved, in the form of a new entry of its kind, which
// makes it anew when saved, rather than a "Page not found" that loses it.
func (s *server) deletedWhileEditing(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes*4); err != nil {
		return err
	}
	kind, err := kindOf(r.PostForm.Get("kind"))
	if err != nil {
		return err
	}
	ef := s.readEntryForm(r, kind)
	ef.Draft.ID, ef.Draft.Version, ef.Draft.SystemKey = 0, 0, ""
	for i := range ef.Draft.Articles {
		ef.Draft.Articles[i].ID = 0 // they went with the entry
	}
	ef.Errors["form"] = "admin.entry.deleted_meanwhile"
	return s.renderFormNoMeta(w, r, http.StatusGone, ef)
}

// trashedForTranslator: an entry in the trash is out of translators'
// reach, as it is out of every list; editors may still open and fix it.
func trashedForTranslator(r *http.Request, meta store.EntryMeta) error {
	if meta.DeletedAt != nil && currentUser(r.Context()).Role == store.RoleTranslator {
		return httpx.ErrNotFound
	}
	return nil
}

// saveEntry validates the posted form and saves it in one transaction. A
// problem re-renders the form with every typed character and localized
// messages beside the fields; another editor's save in between gives the
// conflict page.
//
// An entry in the trash can be edited but not published: it is restored
// first.
//
// stored is the entry as it was read before the save (a new one: only
// its kind), meta what the edit page shows beside it (nil when new).
func (s *server) saveEntry(w http.ResponseWriter, r *http.Request, stored content.Draft, meta *store.EntryMeta) error {
	trashed := meta != nil && meta.DeletedAt != nil
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes*4); err != nil {
		return err
	}
	ctx := r.Context()
	u := currentUser(ctx)
	kind, id := stored.Kind, stored.ID
	ef := s.readEntryForm(r, kind)
	ef.Draft.ID, ef.Draft.SystemKey = id, stored.SystemKey
	if u.Role == store.RoleTranslator {
		if !translatorMay(ef.Action, u) {
			// A button the form does not show them (publish, say): a
			// tampered post, refused rather than saved and reported done.
			return httpx.ErrForbidden
		}
		// Against the entry as the form showed it: a save since then
		// (an editor's) is no edit of theirs.
		opened, ok, err := s.openedAt(ctx, ef.Draft, stored)
		if err != nil {
			return err
		}
		if ok && editedNotTheirs(ef.Draft, opened, u, r.PostForm["editable"]) {
			// An admin took a language from them while the form was
			// open: say so, with what they typed there still in it.
			ef.Errors["form"] = "admin.translator.not_yours"
			return s.renderForm(w, r, http.StatusForbidden, ef)
		}
		gone := removedMeanwhile(ef.Draft, opened, stored, u)
		var untouched *content.Draft
		if ok && (ef.Action == "" || ef.Action == "save") {
			untouched = &opened
		}
		ef = translatorForm(ef, stored, untouched, u, r.PostForm, s.bundle.Codes())
		if ok && len(gone) > 0 {
			// An editor removed an article they translated meanwhile:
			// the conflict page, with their text of it still there to
			// copy, not "Saved" with it dropped.
			ef.Draft.Articles = append(ef.Draft.Articles, gone...)
			return s.renderConflict(w, r, ef)
		}
	} else if !s.editorMay(ef.Action, kind) {
		// Submitting for review is a translator's; an editor's form never
		// offers it, nor anything else not listed.
		return httpx.ErrForbidden
	} else {
		s.keepUnposted(&ef, stored, r.PostForm)
	}
	// The form's other buttons show it again, saving nothing: it holds
	// what was typed, unsaved (leaving warns; no kept copy is offered).
	if lang, ok := strings.CutPrefix(ef.Action, "start."); ok && u.Translates(lang) {
		keepCache(r)
		ef.Unsaved = true
		if err := s.startFrom(r.Context(), &ef, lang); err != nil {
			return err
		}
		return s.renderForm(w, r, http.StatusOK, ef)
	}
	if ef.Action == "add_article" && kind == content.KindNewsletter {
		keepCache(r)
		ef.Unsaved = true
		ef.Draft.Articles = append(ef.Draft.Articles, content.ArticleDraft{Title: map[string]string{}, Body: map[string]string{}})
		return s.renderForm(w, r, http.StatusOK, ef)
	}
	if lang, ok := strings.CutPrefix(ef.Action, "cover."); ok && kind == content.KindNewsletter {
		// Editors' only (translatorMay): a cover adds to the media library.
		keepCache(r)
		return s.coverFromPDF(w, r, ef, lang)
	}
	if lang, ok := strings.CutPrefix(ef.Action, "discard."); ok && id != 0 && u.Translates(lang) {
		keepCache(r)
		return s.putBackLive(w, r, ef, lang)
	}
	if !applyChoices(r, &ef.Draft) {
		// A field both editors changed and nobody chose for: ask again.
		return s.renderConflict(w, r, ef)
	}
	var auto []string // languages whose slug is left to the title
	for lang, t := range ef.Draft.Texts {
		if strings.TrimSpace(t.Slug) == "" && strings.TrimSpace(t.Title) != "" {
			auto = append(auto, lang)
		}
	}
	ef.Draft.Normalize()
	// A page titled "Search" would take an address the site uses itself:
	// left to the title, it gets search-2 instead of a refusal naming an
	// address the editor never typed (a system page may keep its own).
	var reserved func(string) bool
	if ef.Draft.Kind == content.KindPage && ef.Draft.SystemKey == "" {
		reserved = content.ReservedPageSlug
	}
	for _, lang := range auto {
		t := ef.Draft.Texts[lang]
		if t.Slug == "" {
			continue
		}
		free, err := s.store.FreeSlug(ctx, lang, ef.Draft.Kind, t.Slug, id, content.MaxSlugLen, reserved)
		if err != nil {
			return err
		}
		t.Slug = free
		ef.Draft.Texts[lang] = t
	}
	if u.Role != store.RoleTranslator { // (a translator's form has no status to choose)
		if err := s.takeMeanwhile(ctx, &ef, stored); err != nil {
			return err
		}
		ef.Errors.AddAll(s.publishingBlank(ef, stored))
	}
	if errs := ef.Draft.Validate(s.bundle.Codes()); errs != nil {
		for k, v := range errs {
			if _, ok := ef.Errors[k]; !ok {
				ef.Errors[k] = v
			}
		}
	}
	// The files the texts name, and the alt texts of the photos the
	// languages being published show, are checked whatever else is wrong:
	// the editor is told every problem at once, not one more at each save.
	media, _, err := s.mediaChecks(ctx, ef.Draft)
	if err != nil {
		return err
	}
	ef.Errors.AddAll(media)
	if trashed {
		for _, t := range ef.Draft.Texts {
			if t.Status == content.StatusPublished {
				ef.Errors["trash"] = "admin.trash.restore_first"
				break
			}
		}
	}
	if len(ef.Errors) > 0 {
		return s.renderForm(w, r, http.StatusUnprocessableEntity, ef)
	}
	ef.Draft.DropEmptyArticles()
	html, err := s.renderDraft(ctx, ef.Draft)
	if errors.Is(err, markdown.ErrBusy) {
		// Too many renders at once: keep the text on screen, say so.
		w.Header().Set("Retry-After", httpx.RetryAfter)
		ef.Errors["size"] = "admin.err.busy"
		return s.renderForm(w, r, http.StatusServiceUnavailable, ef)
	}
	if err != nil {
		return err
	}
	if errs := externalImages(html); len(errs) > 0 {
		ef.Errors.AddAll(errs)
		return s.renderForm(w, r, http.StatusUnprocessableEntity, ef)
	}
	var forReview []string
	if ef.Action == "publish" && meta != nil {
		reviews, err := s.store.ReviewsOf(ctx, id)
		if err != nil {
			return err
		}
		forReview = heldForReview(stored, *meta, reviews, ef.Draft, s.bundle.Codes())
		for _, lang := range forReview {
			t := ef.Draft.Texts[lang]
			t.Publish = false
			ef.Draft.Texts[lang] = t
		}
	}
	ch := store.Change{UserID: u.ID, IP: s.proxies.ClientIP(r), Action: "entry.update"}
	if id == 0 {
		ch.Action = "entry.create"
	} else if langs := takenDown(stored, ef.Draft, s.bundle.Codes()); len(langs) > 0 {
		// The audit log says what the save did to the site, not only
		// that the entry was saved.
		ch.Action = "entry.unpublish_lang"
		ch.Summary = titleIn(ef.Draft, s.bundle.Default(), s.bundle.Codes()) + " [" + strings.Join(langs, ", ") + "]"
	}
	saved, err := s.store.SaveEntry(ctx, ef.Draft, html, ch)
	var taken *store.SlugTakenError
	switch {
	case errors.As(err, &taken):
		ef.Errors["slug."+taken.Lang] = "admin.err.slug_taken"
		// An entry in the trash keeps its addresses: say so, or the
		// editor looks for it in the lists in vain.
		if trashed, err := s.store.SlugInTrash(ctx, taken.Lang, ef.Draft.Kind, ef.Draft.Texts[taken.Lang].Slug, id); err == nil && trashed {
			ef.Errors["slug."+taken.Lang] = "admin.err.slug_taken_trash"
		}
		return s.renderForm(w, r, http.StatusConflict, ef)
	case errors.Is(err, store.ErrStale):
		return s.renderConflict(w, r, ef)
	case err != nil:
		// The transaction rolled back: nothing was saved. Keep the editor's
		// text on screen rather than an error page that would lose it; the
		// failure is logged and answered as the adapter's are.
		status := s.errs.Failed(w, r, fmt.Errorf("save entry %d: %w", id, err))
		ef.Errors["conflict"] = "admin.err.save_failed"
		if rerr := s.renderFormNoMeta(w, r, status, ef); rerr != nil {
			return err
		}
		return nil
	}
	if saved.Unchanged {
		keepCache(r)
	}
	if ef.Action == "submit" {
		// Submitted for review: the user's languages that have a text.
		var langs []string
		for _, lang := range s.bundle.Codes() {
			if u.Translates(lang) && !ef.Draft.Texts[lang].Empty() {
				langs = append(langs, lang)
			}
		}
		if len(langs) == 0 {
			s.flash(r, "admin.review.nothing_to_submit")
			http.Redirect(w, r, "/admin/entries/"+strconv.FormatInt(saved.ID, 10), http.StatusSeeOther)
			return nil
		}
		a := s.auditEntryOf(r, "entry.submit", saved.ID, titleIn(ef.Draft, s.bundle.Default(), s.bundle.Codes())+" ["+strings.Join(langs, ", ")+"]")
		if err := s.store.Submit(ctx, saved.ID, langs, u.ID, a); err != nil {
			return err
		}
		s.mailQueued() // the editors' notices
		s.flash(r, "admin.review.submitted")
		http.Redirect(w, r, "/admin/entries/"+strconv.FormatInt(saved.ID, 10), http.StatusSeeOther)
		return nil
	}
	s.flashText(r, savedMessage(s.bundle.Get(s.adminLang(r)), ef, saved, forReview, s.bundle.Codes()))
	if !saved.Unchanged {
		// The message says what went live and what waits for its time:
		// link the one and the other's preview. A language's own lead
		// image is live at once on its page only.
		live := append(slices.Clone(saved.WentLive), saved.ImagesLive...)
		if saved.SharedChanged { // live at once, on every page that is
			live = slices.Collect(maps.Keys(ef.Draft.Texts))
		}
		s.flashLinks(ctx, saved.ID, live, scheduledLangs(ef.Draft, s.bundle.Codes()))
	}
	http.Redirect(w, r, "/admin/entries/"+strconv.FormatInt(saved.ID, 10), http.StatusSeeOther)
	return nil
}

// takenDown lists, in the site's order (codes), the languages that a save
// of d takes off the site or out of its schedule: published (or
// scheduled) in stored, and in d no longer published or emptied (the
// store deletes an emptied translation). A language d does not carry
// (one turned off) is kept by the store, so it is not taken down.
func takenDown(stored, d content.Draft, codes []string) []string {
	var out []string
	for _, lang := range codes {
		t, ok := d.Texts[lang]
		if ok && stored.Texts[lang].Status == content.StatusPublished && (t.Empty() || t.Status != content.StatusPublished) {
			out = append(out, lang)
		}
	}
	return out
}

// renderDraft renders every Markdown field of a draft; images from the
// media library get their size, and all images load lazily.
func (s *server) renderDraft(ctx context.Context, d content.Draft) (store.Rendered, error) {
	out := store.Rendered{Texts: map[string]string{}}
	dims := func(hash string) (int, int, bool) { return s.store.MediaDims(ctx, hash) }
	for lang, t := range d.Texts {
		html, err := s.md.RenderContext(ctx, t.Body, dims)
		if err != nil {
			return out, err
		}
		out.Texts[lang] = html
	}
	for _, a := range d.Articles {
		m := map[string]string{}
		for lang, body := range a.Body {
			html, err := s.md.RenderContext(ctx, body, dims, markdown.Under(2)) // under the article's h2
			if err != nil {
				return out, err
			}
			m[lang] = html
		}
		out.Articles = append(out.Articles, m)
	}
	return out, nil
}

// renderForm shows the form again as posted.
func (s *server) renderForm(w http.ResponseWriter, r *http.Request, status int, ef entryForm) error {
	var meta *store.EntryMeta
	if ef.Draft.ID != 0 {
		_, m, err := s.store.EntryForEdit(r.Context(), ef.Draft.ID)
		if err != nil {
			return err
		}
		meta = &m
	}
	data, err := s.editData(r, ef, meta)
	if err != nil {
		return err
	}
	return s.render(w, status, view.PageAdminEntryEdit, data)
}

// renderFormNoMeta shows the form as posted without reading the entry
// again (the database may be what failed).
func (s *server) renderFormNoMeta(w http.ResponseWriter, r *http.Request, status int, ef entryForm) error {
	data, err := s.editData(r, ef, nil)
	if err != nil {
		return err
	}
	return s.render(w, status, view.PageAdminEntryEdit, data)
}

// renderConflict shows the other editor's saved version beside the
// editor's own, which stays in a form that saves over theirs only when
// the editor says so.
func (s *server) renderConflict(w http.ResponseWriter, r *http.Request, ef entryForm) error {
	ctx := r.Context()
	theirs, meta, err := s.store.EntryForEdit(ctx, ef.Draft.ID)
	if err != nil {
		return err
	}
	// Three-way: what changed on each side since the version the form
	// was opened at. One-sided changes merge; fields both changed wait for
	// the editor's choice.
	base := baseVersion(r, ef.Draft.Version)
	var was content.Draft
	if rev, err := s.store.RevisionAt(ctx, ef.Draft.ID, base); err == nil {
		was = rev.Draft
	}
	merged, conflicts := merge(&ef.Draft, was, theirs, s.bundle.Codes())
	// The form now carries their version number: saving it is a decision.
	// It holds the editor's text, not saved: leaving warns, and the
	// browser's kept copy is neither offered over it nor dropped.
	ef.Draft.Version = theirs.Version
	ef.Unsaved = true
	mine, err := s.editData(r, ef, &meta)
	if err != nil {
		return err
	}
	data := view.Conflict{EntryEdit: mine, TheirTime: meta.UpdatedAt, BaseVersion: base}
	data.Fields, data.ConflictKeys = s.conflictData(mine.T, r, conflicts)
	for _, key := range merged {
		name, lang, _ := strings.Cut(key, ".")
		data.Merged = append(data.Merged, mine.T.Tr("admin.entry."+name)+" · "+s.bundle.Get(lang).Tr("language.self"))
	}
	if data.Removed = articlesTheyRemoved(mine.T, ef.Draft, theirs, s.bundle.Codes()); data.Removed != nil {
		data.RemovedNote = mine.T.Tr("admin.conflict.removed")
		if currentUser(ctx).Role == store.RoleTranslator {
			data.RemovedNote = mine.T.Tr("admin.conflict.removed_translator")
		}
	}
	data.Unchosen = !allChosen(r)
	data.Title = mine.T.Tr("admin.conflict.title")
	if revs, err := s.store.Revisions(ctx, ef.Draft.ID); err == nil && len(revs) > 0 {
		data.TheirAuthor = revs[0].Author.Shown()
	}
	for _, lang := range s.bundle.Codes() {
		data.Theirs = append(data.Theirs, view.EditLang{Code: lang, Name: s.bundle.Get(lang).Tr("language.self"), Text: theirs.Texts[lang]})
	}
	return s.render(w, http.StatusConflict, view.PageAdminConflict, data)
}

// liveNow reports whether a language of d is on the site now.
func liveNow(d content.Draft) bool {
	for _, t := range d.Texts {
		if !t.Empty() && t.Status == content.StatusPublished && !t.PublishAt.After(time.Now()) {
			return true
		}
	}
	return false
}

// scheduledLangs lists, in the site's order (codes), the languages of d
// waiting for their time: the text, or its changes, go live by
// themselves later.
func scheduledLangs(d content.Draft, codes []string) []string {
	var out []string
	now := time.Now()
	for _, lang := range codes {
		if t := d.Texts[lang]; !t.Empty() && t.Status == content.StatusPublished && t.PublishAt.After(now) {
			out = append(out, lang)
		}
	}
	return out
}

// savedMessage says what a save did: held the texts' changes back, put
// them live or left them to go live at their time (and when), and in
// which case the shared fields went live anyway; then which working
// copies it gave up, which translators' changes "Publish changes" left to
// the review (forReview), and which languages it marked as needing an
// update, in the site's order (codes; a language turned off is not for
// anyone to update now).
func savedMessage(t *i18n.Localizer, ef entryForm, saved store.Saved, forReview, codes []string) string {
	// langs among codes, in their order.
	inOrder := func(langs []string) []string {
		return slices.DeleteFunc(slices.Clone(codes), func(c string) bool { return !slices.Contains(langs, c) })
	}
	outdated := inOrder(saved.Outdated)
	scheduled := scheduledLangs(ef.Draft, codes)
	// Those whose text (or changes) this save put live: not a live
	// language left as it was.
	wentLive := inOrder(saved.WentLive)
	// Working copies without a time wait for "Publish changes"; those
	// with one go live by themselves.
	held := slices.DeleteFunc(inOrder(saved.Working), func(l string) bool { return slices.Contains(scheduled, l) })
	var said []string
	switch {
	case saved.Unchanged && len(forReview) > 0:
		return t.Tr("admin.saved.for_review", "Langs", langNames(t, inOrder(forReview)))
	case saved.Unchanged:
		return t.Tr("admin.saved.nothing")
	case len(held) > 0:
		said = append(said, t.Tr("admin.saved.working"))
	case ef.Action == "publish" && len(scheduled) == 0:
		said = append(said, t.Tr("admin.saved.published"))
	case ef.Action == "publish" && len(wentLive) > 0:
		said = append(said, t.Tr("admin.saved.published_in", "Langs", langNames(t, wentLive)))
	case len(saved.Quiet) > 0 && len(outdated) == 0:
		id := "admin.saved.quiet"
		if !slices.ContainsFunc(saved.Quiet, func(l string) bool { return !slices.Contains(saved.InReview, l) }) {
			id = "admin.saved.quiet_review" // not necessarily small: a translation being finished
		}
		said = append(said, t.Tr(id))
	default:
		said = append(said, t.Tr("admin.saved"))
	}
	for _, lang := range scheduled {
		id := "admin.saved.goes_live_at"
		if slices.Contains(saved.Working, lang) {
			id = "admin.saved.changes_at"
		}
		said = append(said, t.Tr(id, "In", t.Tr("language.in."+lang), "When", t.DateTime(ef.Draft.Texts[lang].PublishAt)))
	}
	if (saved.SharedChanged || len(saved.ImagesLive) > 0) && (len(saved.Working) > 0 || ef.Action != "publish" && liveNow(ef.Draft)) {
		// "Save" (or a time) promises to keep changes off the live
		// page: say what went live anyway.
		id := "admin.saved.shared_live"
		if ef.Draft.Kind == content.KindNewsletter {
			id = "admin.saved.shared_live_issue"
		}
		said = append(said, t.Tr(id))
	}
	if len(forReview) > 0 {
		said = append(said, t.Tr("admin.saved.for_review", "Langs", langNames(t, inOrder(forReview))))
	}
	if dropped := inOrder(saved.Dropped); len(dropped) > 0 {
		said = append(said, t.Tr("admin.saved.dropped", "Langs", langNames(t, dropped)))
	}
	if len(outdated) > 0 {
		said = append(said, t.Tr("admin.saved.outdated", "Langs", langNames(t, outdated)))
	}
	return strings.Join(said, " ")
}
