package admin

import (
	"context"
	"maps"
	"net/url"
	"slices"
	"strings"

	"vestnik/internal/content"
	"vestnik/internal/picture"
	"vestnik/internal/store"
)

// translatorForm keeps of a translator's posted form only the texts of
// their languages: everything else — the other languages, every
// language's publication, the lead image, the articles other than
// their texts, the editions — is what the entry holds. A translator's
// save never publishes; a live text's changes go to its working copy.
// Like an editor's, the draft carries the languages the site serves
// (codes), so the store keeps a turned-off one as it is; and a language
// of theirs the form has no fields for (turned on after it was opened)
// is the entry's as it is, not blank (form is what was posted).
//
// opened is the entry as the form showed it, for a plain save (nil for
// "submit": that hands over what the translator has seen). A language of
// theirs, or an article's text in it, that the form posts back as it
// showed it is the entry's as it now is: a translator of two languages who
// changed one would otherwise write the older text of the other over an
// editor's change to it made meanwhile (the store refuses that: the
// conflict page, over a language they never touched).
func translatorForm(ef entryForm, stored content.Draft, opened *content.Draft, u *store.User, form url.Values, codes []string) entryForm {
	posted := ef.Draft
	d := stored
	d.Version, d.Live = posted.Version, nil
	d.Texts, d.LangImages = maps.Clone(stored.Texts), maps.Clone(stored.LangImages)
	maps.DeleteFunc(d.Texts, func(lang string, _ content.Text) bool { return !slices.Contains(codes, lang) })
	mine := slices.DeleteFunc(slices.Clone(u.Langs), func(lang string) bool {
		return !slices.Contains(codes, lang) || !form.Has("title."+lang)
	})
	var typedBack []string // the languages whose live text the form brings back
	for _, lang := range mine {
		t, ok := posted.Texts[lang]
		st, had := stored.Texts[lang]
		if !ok || (t.Empty() && had) {
			continue // a translator does not delete a translation
		}
		if opened != nil && !t.InLine && !typedIn(posted, *opened, lang) {
			t = st // left as the form showed it (a tick "in line" is a change)
		}
		t.Status, t.PublishAt, t.Publish = st.Status, st.PublishAt, false
		if !had {
			t.Status = content.StatusDraft
		}
		// A translation follows the source: its changes never mark the
		// other languages as needing an update.
		t.Update = content.UpdateNo
		d.Texts[lang] = t
		if live, ok := stored.Live[lang]; ok && live.Says(t) {
			typedBack = append(typedBack, lang)
		}
	}
	d.Articles = make([]content.ArticleDraft, len(stored.Articles))
	for i, a := range stored.Articles {
		a.Title, a.Body = maps.Clone(a.Title), maps.Clone(a.Body)
		maps.DeleteFunc(a.Title, func(lang, _ string) bool { return !slices.Contains(codes, lang) })
		maps.DeleteFunc(a.Body, func(lang, _ string) bool { return !slices.Contains(codes, lang) })
		for _, p := range posted.Articles {
			if p.ID != a.ID {
				continue
			}
			for _, lang := range mine {
				if opened != nil && !articleTypedIn(p, *opened, lang) {
					continue
				}
				a.Title[lang], a.Body[lang] = p.Title[lang], p.Body[lang]
			}
		}
		d.Articles[i] = a
	}
	// The live text typed back gives the working copy up (the store
	// drops it), and with it the image an editor chose there: it goes
	// live only when an editor publishes it, never by a translator's
	// save. A copy that an issue's articles' changes keep (its own text
	// the live one) keeps its image too.
	for _, lang := range typedBack {
		if !articlesWait(d, stored, lang) {
			d.SetLangImage(lang, stored.LiveImages[lang])
		}
	}
	ef.Draft = d
	// Choices the translator does not make cannot be wrong.
	for field := range ef.Errors {
		delete(ef.Errors, field)
	}
	return ef
}

// typedIn reports whether posted changes lang's own text (title, slug,
// summary, body) from opened, as a save would store it.
func typedIn(posted, opened content.Draft, lang string) bool {
	p := content.Draft{Kind: content.KindNews, Texts: map[string]content.Text{lang: posted.Texts[lang]}}
	o := content.Draft{Kind: content.KindNews, Texts: map[string]content.Text{lang: opened.Texts[lang]}}
	return textsEdited(p, o)
}

// articleTypedIn reports whether the posted article p changes its text in
// lang from opened's article of the same ID (one opened lacks is typed).
func articleTypedIn(p content.ArticleDraft, opened content.Draft, lang string) bool {
	i := slices.IndexFunc(opened.Articles, func(a content.ArticleDraft) bool { return a.ID == p.ID })
	if i < 0 {
		return true
	}
	was := opened.Articles[i]
	return strings.TrimSpace(p.Title[lang]) != strings.TrimSpace(was.Title[lang]) ||
		strings.TrimSpace(p.Body[lang]) != strings.TrimSpace(was.Body[lang])
}

// articlesWait reports whether d, saved, leaves changes to lang's live
// article texts waiting (so lang keeps a working copy): an article text
// that says other than the public's (stored's, or its working copy's
// Live).
func articlesWait(d, stored content.Draft, lang string) bool {
	for i, a := range d.Articles {
		live, ok := a.Live[lang]
		if !ok {
			live = content.ArticleText{Title: stored.Articles[i].Title[lang], Body: stored.Articles[i].Body[lang]}
		}
		if a.Title[lang] != live.Title || a.Body[lang] != live.Body {
			return true
		}
	}
	return false
}

// translatorMay reports whether the entry form's action is one a
// translator's form offers: save, submit for review, and, in their own
// languages, start from the source or put the live text back.
func translatorMay(action string, u *store.User) bool {
	switch action {
	case "", "save", "submit":
		return true
	}
	for _, prefix := range []string{"start.", "discard."} {
		if lang, ok := strings.CutPrefix(action, prefix); ok {
			return u.Translates(lang)
		}
	}
	return false
}

// editorMay reports whether the entry form's action is one an editor's
// (or admin's) form offers: save, publish changes, and in a language of
// the site, start from another language or put the live text back; for
// an issue, add an article and make the cover from a PDF edition.
// ("publish" stays allowed when no language is live any more: the form
// may have been opened while one was.)
func (s *server) editorMay(action string, kind content.Kind) bool {
	switch action {
	case "", "save", "publish":
		return true
	case "add_article":
		return kind == content.KindNewsletter
	}
	prefixes := []string{"start.", "discard."}
	if kind == content.KindNewsletter {
		prefixes = append(prefixes, "cover.")
	}
	for _, prefix := range prefixes {
		if lang, ok := strings.CutPrefix(action, prefix); ok {
			return s.bundle.Get(lang) != nil
		}
	}
	return false
}

// startFrom fills a language's empty title, summary and text with the
// first other language (in site order) that has a text, to translate over
// ("Start from the source"); what the translator typed already stays, and
// nothing is saved until the user saves. The figures come without the
// other language's alt text: with the photo's own in lang where it has
// one (the page shows that one, whatever the line says), empty otherwise.
func (s *server) startFrom(ctx context.Context, ef *entryForm, lang string) error {
	t := ef.Draft.Texts[lang]
	from := ""
	for _, code := range s.bundle.Codes() {
		if code != lang && !ef.Draft.Texts[code].Empty() {
			from = code
			break
		}
	}
	if from == "" {
		return nil
	}
	// Only what is still empty: what the translator typed stays.
	src := ef.Draft.Texts[from]
	refs := picture.Refs(src.Body)
	for _, a := range ef.Draft.Articles {
		if a.Title[lang] == "" && a.Body[lang] == "" {
			refs = append(refs, picture.Refs(a.Body[from])...)
		}
	}
	ims, err := s.store.Images(ctx, refs)
	if err != nil {
		return err
	}
	relabel := func(md string) string {
		return picture.Relabel(md, func(id int64) string { return picture.Alt(ims[id], lang) })
	}
	for _, f := range []struct {
		dst *string
		src string
	}{{&t.Title, src.Title}, {&t.Summary, src.Summary}, {&t.Body, relabel(src.Body)}} {
		if strings.TrimSpace(*f.dst) == "" {
			*f.dst = f.src
		}
	}
	ef.Draft.Texts[lang] = t
	for i, a := range ef.Draft.Articles {
		if a.Title[lang] == "" && a.Body[lang] == "" {
			ef.Draft.Articles[i].Title[lang], ef.Draft.Articles[i].Body[lang] = a.Title[from], relabel(a.Body[from])
		}
	}
	return nil
}

// editedNotTheirs reports whether a translator's form changes the text of
// a language the form let them edit (editable, which it lists) and that
// they translate no more: an admin took it from them while the form was
// open. Their save keeps only their languages' texts, and would drop it
// unsaid. (A language the form showed read-only and a post changes
// anyway is dropped, as before: the post was tampered with.)
func editedNotTheirs(posted, stored content.Draft, u *store.User, editable []string) bool {
	p := content.Draft{Kind: content.KindNews, Texts: map[string]content.Text{}}
	o := content.Draft{Kind: content.KindNews, Texts: map[string]content.Text{}}
	for lang, t := range posted.Texts {
		if slices.Contains(editable, lang) && !u.Translates(lang) {
			p.Texts[lang], o.Texts[lang] = t, stored.Texts[lang]
		}
	}
	return textsEdited(p, o)
}
