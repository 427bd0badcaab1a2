package admin

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
	"vestnik/internal/view"
)

// textFields are the fields of a language's text that a conflict compares.
var textFields = []string{"title", "slug", "summary", "body"}

// field returns one field of a text by name.
func field(t content.Text, name string) string {
	switch name {
	case "title":
		return t.Title
	case "slug":
		return t.Slug
	case "summary":
		return t.Summary
	}
	return t.Body
}

// setField sets one field of lang's text in d.
func setField(d *content.Draft, lang, name, v string) {
	t := d.Texts[lang]
	switch name {
	case "title":
		t.Title = v
	case "slug":
		t.Slug = v
	case "summary":
		t.Summary = v
	default:
		t.Body = v
	}
	d.Texts[lang] = t
}

// conflictField is a field both editors changed since the version the
// form was opened at (base), differently.
type conflictField struct {
	Key, Lang, Name string // "title.en", "en", "title"
	Theirs, Mine    string
}

// merge compares, field by field, the version the editor started from
// (base), the one saved meanwhile (theirs) and the editor's (mine): a
// field only they changed takes their text into mine (merged lists
// those); a field only the editor changed keeps it; a field both changed
// differently is a conflict, for the editor to decide.
func merge(mine *content.Draft, base, theirs content.Draft, langs []string) (merged []string, conflicts []conflictField) {
	for _, lang := range langs {
		for _, name := range textFields {
			b, t, m := field(base.Texts[lang], name), field(theirs.Texts[lang], name), field(mine.Texts[lang], name)
			switch {
			case m == t:
			case m == b:
				setField(mine, lang, name, t)
				merged = append(merged, name+"."+lang)
			case t == b:
			default:
				conflicts = append(conflicts, conflictField{Key: name + "." + lang, Lang: lang, Name: name, Theirs: t, Mine: m})
			}
		}
	}
	return merged, conflicts
}

// articlesTheyRemoved names the articles of the editor's version (mine,
// numbered as their form shows them) that the version saved meanwhile
// (theirs) no longer holds: removed by the other editor, they are still in
// the editor's form, and a save from the conflict page adds them again, as
// new articles. The page says so, with each one's title in the page's
// language, else in the first of langs that has one.
func articlesTheyRemoved(t *i18n.Localizer, mine, theirs content.Draft, langs []string) []string {
	langs = append([]string{t.Lang}, langs...)
	var out []string
	for i, a := range mine.Articles {
		if a.ID == 0 || slices.ContainsFunc(theirs.Articles, func(b content.ArticleDraft) bool { return b.ID == a.ID }) {
			continue
		}
		name := t.Tr("admin.conflict.article_n", "N", i+1)
		for _, lang := range langs {
			if title := strings.TrimSpace(a.Title[lang]); title != "" {
				name += " (" + title + ")"
				break
			}
		}
		out = append(out, name)
	}
	return out
}

// conflictKeys are the fields a conflict page asked about ("title.en").
func conflictKeys(r *http.Request) []string {
	var keys []string
	for _, key := range strings.Split(r.PostForm.Get("conflicts"), ",") {
		if name, _, found := strings.Cut(key, "."); found && slices.Contains(textFields, name) {
			keys = append(keys, key)
		}
	}
	return keys
}

// allChosen reports whether the conflict page's every field has a choice.
func allChosen(r *http.Request) bool {
	for _, key := range conflictKeys(r) {
		if c := r.PostForm.Get("choose." + key); c != "theirs" && c != "mine" {
			return false
		}
	}
	return true
}

// applyChoices applies the conflict page's choices to the posted draft:
// for each field both editors changed, theirs or mine. It reports false
// when a field has no choice: nothing is overwritten unseen.
func applyChoices(r *http.Request, d *content.Draft) bool {
	for _, key := range conflictKeys(r) {
		if r.PostForm.Get("choose."+key) == "theirs" {
			name, lang, _ := strings.Cut(key, ".")
			setField(d, lang, name, content.CleanText(r.PostForm.Get("theirs."+key)))
		}
	}
	return allChosen(r)
}

// conflictData builds the conflict page's fields to decide, with a side by
// side diff of theirs and mine.
func (s *server) conflictData(t *i18n.Localizer, r *http.Request, conflicts []conflictField) (fields []view.ConflictField, keys string) {
	var ks []string
	for _, c := range conflicts {
		label := t.Tr("admin.entry."+c.Name) + " · " + s.bundle.Get(c.Lang).Tr("language.self")
		fields = append(fields, view.ConflictField{Key: c.Key, Label: label, Theirs: c.Theirs,
			Diff: diffField(label, c.Theirs, c.Mine), Chosen: r.PostForm.Get("choose." + c.Key)})
		ks = append(ks, c.Key)
	}
	return fields, strings.Join(ks, ",")
}

// baseVersion is the version the editor's form was opened at: the conflict
// page carries it on, so that a second round compares with the same base.
func baseVersion(r *http.Request, posted int) int {
	if v, err := strconv.Atoi(r.PostForm.Get("base_version")); err == nil && v > 0 {
		return v
	}
	return posted
}
