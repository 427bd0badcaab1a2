package admin

import (
	"context"
	"errors"
	"slices"

	"vestnik/internal/content"
	"vestnik/internal/store"
)

// takeMeanwhile brings into an editor's save, made from a form opened
// before someone else's save, the languages that other save changed and
// the editor left as the form showed them: the editor's form posts every
// language, so a translator's English saved meanwhile would otherwise be
// written over by the English the editor never touched, and the store
// refuses that (ErrStale, the conflict page). Taken as they now are, the
// editor's own changes save beside them.
//
// Only a plain save: "Publish changes" would put live a text the editor
// has not seen (a translator's, unreviewed), and the buttons that act on
// one language are theirs to weigh. A language the editor changed, or
// marked in line, is left as posted: the store then says whether it was
// changed meanwhile too. stored is the entry as read for this request;
// should a save land after that read, the store's check (in the save's
// transaction) still refuses to write over it.
func (s *server) takeMeanwhile(ctx context.Context, ef *entryForm, stored content.Draft) error {
	d := &ef.Draft
	if d.ID == 0 || d.Version == stored.Version || (ef.Action != "" && ef.Action != "save") {
		return nil
	}
	rev, err := s.store.RevisionAt(ctx, d.ID, d.Version)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	base := rev.Draft
	now := s.formOf(stored)
	for _, lang := range s.bundle.Codes() {
		if d.LangDiffers(base, lang) || d.Texts[lang].InLine || !stored.LangDiffers(base, lang) {
			continue
		}
		// An issue's articles' texts, article by article: the form's
		// order and its new articles stay the editor's; one removed
		// meanwhile keeps what the form holds (the store weighs it).
		ef.takeStored(stored, now, lang, true)
	}
	return nil
}

// openedAt is the entry as the form showed it: stored when nobody saved
// since, else the revision at the form's version (ok false when there is
// none to read).
func (s *server) openedAt(ctx context.Context, posted, stored content.Draft) (content.Draft, bool, error) {
	if posted.Version == stored.Version {
		return stored, true, nil
	}
	rev, err := s.store.RevisionAt(ctx, stored.ID, posted.Version)
	if errors.Is(err, store.ErrNotFound) || posted.Version <= 0 {
		return content.Draft{}, false, nil
	}
	return rev.Draft, err == nil, err
}

// removedMeanwhile lists the articles of a translator's posted form that
// an editor removed since the form's version (opened) and whose text in
// the translator's languages the form changes: the save keeps only the
// entry's articles, so it would drop those texts unsaid. An article not
// in the form's version either (one a conflict page carried on) is not
// listed: it was shown as removed once.
func removedMeanwhile(posted, opened, stored content.Draft, u *store.User) []content.ArticleDraft {
	has := func(as []content.ArticleDraft, id int64) int {
		return slices.IndexFunc(as, func(a content.ArticleDraft) bool { return a.ID == id })
	}
	var out []content.ArticleDraft
	for _, p := range posted.Articles {
		if p.ID == 0 || has(stored.Articles, p.ID) >= 0 {
			continue
		}
		if has(opened.Articles, p.ID) < 0 {
			continue
		}
		if slices.ContainsFunc(u.Langs, func(lang string) bool { return articleTypedIn(p, opened, lang) }) {
			out = append(out, p)
		}
	}
	return out
}
