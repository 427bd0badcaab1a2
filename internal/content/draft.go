package content

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of what an editor may type, in characters.
const (
	MaxTitle   = 300
	MaxSummary = 1000
	MaxBody    = 200_000
	// MaxMarkdown bounds all the Markdown one save or preview renders
	// together — every body of every language and article — and with it
	// the CPU one request can cost (internal/markdown).
	MaxMarkdown = 400_000
)

// MarkdownSize is how many characters of Markdown the draft holds in all,
// in every language (lang "") or in one.
func (d *Draft) MarkdownSize(lang string) int {
	n := 0
	for l, t := range d.Texts {
		if lang == "" || l == lang {
			n += utf8.RuneCountInString(t.Body)
		}
	}
	for _, a := range d.Articles {
		for l, b := range a.Body {
			if lang == "" || l == lang {
				n += utf8.RuneCountInString(b)
			}
		}
	}
	return n
}

// Text is one language's text of an entry as an editor submits it.
type Text struct {
	Title, Slug, Summary, Body string
	// InLine marks the text as brought in line with the other languages
	// without changing it (the editor checked it).
	InLine bool
	// Update says whether this save's changes mean the other languages
	// need updating: UpdateAuto lets Substantive decide.
	Update Update
	// Status and PublishAt are this language's own publication: each
	// language goes live when it is ready. Published with a future
	// PublishAt is scheduled; zero PublishAt means now.
	Status    Status
	PublishAt time.Time
	// Publish makes this save's text live at once ("Publish changes");
	// otherwise a save of a live text goes to its working copy.
	Publish bool `json:",omitempty"`
}

// Update is the saver's answer to "do the translations need updating?".
type Update string

// The answers; the empty one is the default.
const (
	UpdateAuto Update = ""    // decide from the change (Substantive)
	UpdateYes  Update = "yes" // the meaning changed: flag the others
	UpdateNo   Update = "no"  // a correction: the others stay in line
)

// Says reports whether t says what u says: the same title, slug, summary
// and body, whatever their publication.
func (t Text) Says(u Text) bool {
	return t.Title == u.Title && t.Slug == u.Slug && t.Summary == u.Summary && t.Body == u.Body
}

// Empty reports whether the editor left this language blank: it is then
// not (or no longer) a translation.
func (t Text) Empty() bool {
	return strings.TrimSpace(t.Title+t.Slug+t.Summary+t.Body) == ""
}

// ArticleDraft is a newsletter article as submitted: title and Markdown by
// language; ID 0 for a new article.
type ArticleDraft struct {
	ID    int64
	Title map[string]string
	Body  map[string]string
	// Live holds, for each language whose text of the article has
	// unpublished changes (Title and Body hold them), the text the public
	// reads: empty when the changes add it.
	Live map[string]ArticleText `json:",omitempty"`
}

// ArticleText is one language's text of an article.
type ArticleText struct{ Title, Body string }

// Empty reports whether the article has no title and no text in any
// language: a blank left in the form, not an article.
func (a ArticleDraft) Empty() bool {
	for _, v := range a.Title {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	for _, v := range a.Body {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// DropEmptyArticles leaves out the new blank articles, which the
// form shows for the editor to fill: saving one would publish an empty
// section. A saved article stays, however empty it looks: its texts in a
// language turned off are not in the form (and removing one is the
// form's Remove box).
func (d *Draft) DropEmptyArticles() {
	d.Articles = slices.DeleteFunc(d.Articles, func(a ArticleDraft) bool { return a.ID == 0 && a.Empty() })
}

// SharedChanged reports whether d changes, from before, what every
// language of the entry shows and no working copy holds back: the shared
// lead image, an issue's period, PDF editions, and which of its articles
// it shows in what order (an article added is not shown before its texts
// go live). Saved, these are live at once even where a text's changes
// wait; the articles' texts wait with their language's, and so does a
// language's own lead image (LangImages), which the store weighs itself.
func (d Draft) SharedChanged(before Draft) bool {
	if d.LeadImageID != before.LeadImageID || !d.Period.Equal(before.Period) {
		return true
	}
	for lang, id := range d.Editions {
		if before.Editions[lang] != id {
			return true
		}
	}
	for lang, id := range before.Editions {
		if _, ok := d.Editions[lang]; !ok && id != 0 {
			return true
		}
	}
	saved := func(as []ArticleDraft) []int64 {
		var ids []int64
		for _, a := range as {
			if a.ID != 0 {
				ids = append(ids, a.ID)
			}
		}
		return ids
	}
	return !slices.Equal(saved(d.Articles), saved(before.Articles))
}

// Draft is an entry as an editor submits it: everything the edit form
// holds, so a form with errors can be shown again exactly as typed.
type Draft struct {
	ID      int64
	Kind    Kind
	Version int // the version the editor started from (0 when new)
	// SystemKey names a page the site links to by role ("hotline"): its
	// address is the role's, so its slug may be a reserved word.
	SystemKey string `json:"-"`
	Texts     map[string]Text
	// Live holds, for each language whose live text has unpublished
	// changes (Texts holds the working copy), the text the public reads.
	Live map[string]Text `json:",omitempty"`
	// KeepCopies makes the save change only whether each language is
	// published (Unpublish, Publish again): a language with a working
	// copy keeps its public text (Live) and changes only its status, and
	// the working copy waits on. A one-time choice of the save, never kept.
	KeepCopies bool `json:"-"`
	// LeadImageID is the entry's lead image (0: none); for a newsletter
	// issue, its cover. Every language shows it unless it has its own.
	LeadImageID int64
	// LangImages holds, by language, a language's own lead image (an
	// issue's Russian cover, made from its Russian edition); a language
	// not in it shows LeadImageID (LeadImageFor). It is the editor's
	// choice, as Texts are: a language with a working copy keeps it in
	// the copy, live with the copy's text; one without goes live on save.
	LangImages map[string]int64 `json:",omitempty"`
	// LiveImages holds, for the languages in Live, the own lead image the
	// public sees now where LangImages holds the working copy's (a
	// language in Live but not here shows LeadImageID).
	LiveImages map[string]int64 `json:",omitempty"`
	// Newsletter issues only.
	Period time.Time
	// SendOnPublish mails the issue to each language's subscribers when
	// that language goes live (once per language).
	SendOnPublish bool `json:",omitempty"`
	Articles      []ArticleDraft
	Editions      map[string]int64 // language → media id of the PDF edition
}

// LeadImageFor is the lead image lang shows: its own, else the shared one
// (0: none).
func (d Draft) LeadImageFor(lang string) int64 {
	if id := d.LangImages[lang]; id != 0 {
		return id
	}
	return d.LeadImageID
}

// SetLangImage gives lang its own lead image id, or the shared one (0).
// It writes d's own map: one cloned from another draft's is not shared.
func (d *Draft) SetLangImage(lang string, id int64) {
	if id == 0 {
		delete(d.LangImages, lang)
		return
	}
	if d.LangImages == nil {
		d.LangImages = map[string]int64{}
	}
	d.LangImages[lang] = id
}

// FieldErrors maps a form field ("title.ru", "slug.en", "publish_at") to a
// message ID.
type FieldErrors map[string]string

func (e FieldErrors) Error() string { return "content: invalid entry" }

// Add gives field the message id, after those it has already: a text may
// have more than one problem, and the editor is told all of them at once
// (the messages of a field are separated by "\n"; Messages splits them).
func (e FieldErrors) Add(field, id string) {
	old, ok := e[field]
	switch {
	case !ok:
		e[field] = id
	case !slices.Contains(Messages(old), id):
		e[field] = old + "\n" + id
	}
}

// AddAll gives e every message of o, each after those its field has.
func (e FieldErrors) AddAll(o FieldErrors) {
	for field, ids := range o {
		for _, id := range Messages(ids) {
			e.Add(field, id)
		}
	}
}

// Messages is the message IDs of a field's error.
func Messages(ids string) []string { return strings.Split(ids, "\n") }

// Normalize fills what may be derived: slugs from titles, trimmed fields.
func (d *Draft) Normalize() {
	for lang, t := range d.Texts {
		t.Title = strings.TrimSpace(CleanLine(t.Title))
		t.Slug = strings.TrimSpace(t.Slug)
		t.Summary = strings.TrimSpace(CleanLine(t.Summary))
		t.Body = CleanText(t.Body)
		if t.Slug == "" && t.Title != "" {
			t.Slug = Slugify(lang, t.Title)
		}
		d.Texts[lang] = t
	}
	for _, a := range d.Articles {
		for lang, title := range a.Title {
			a.Title[lang] = strings.TrimSpace(CleanLine(title))
		}
		for lang, body := range a.Body {
			a.Body[lang] = CleanText(body)
			// Blank space alone, without a title, is no text: the
			// language's text of the article is gone, as when both are
			// empty (a title of spaces was stored as a blank heading).
			if a.Title[lang] == "" && strings.TrimSpace(a.Body[lang]) == "" {
				a.Body[lang] = ""
			}
		}
	}
}

// CleanText is typed text made fit for every format the site writes:
// CR LF and a lone CR become LF, a vertical tab or form feed (Word's line
// and page breaks, pasted) a line break, and the other control characters
// — XML forbids them, so one would break every feed that carries the
// text — are dropped, as are U+FFFE and U+FFFF. Invalid UTF-8 becomes
// U+FFFD.
func CleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r', r == '\v', r == '\f':
			return '\n'
		case r == '\t', r == '\n':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}

// CleanLine is CleanText for a title, summary or label, which lists,
// feeds and tabs show beside other text: it also drops the bidirectional
// embeddings and overrides (U+202A to U+202E), which reverse what follows
// them there ("\u202Efdp.exe" shows as "exe.pdf"), and balances the
// isolates (U+2066 to U+2069), which right-to-left quotations use: one
// left open would run on into what follows the text.
func CleanLine(s string) string {
	open := 0
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '\u202A' && r <= '\u202E':
			return -1
		case r >= '\u2066' && r <= '\u2068':
			open++
		case r == '\u2069':
			if open == 0 {
				return -1
			}
			open--
		}
		return r
	}, CleanText(s))
	return s + strings.Repeat("\u2069", open)
}

// Validate checks a normalized draft; langs are the site's languages.
func (d *Draft) Validate(langs []string) FieldErrors {
	errs := FieldErrors{}
	switch d.Kind {
	case KindNews, KindPage, KindNewsletter:
	default:
		errs["kind"] = "admin.err.kind"
	}
	present := 0
	for _, lang := range langs {
		t, ok := d.Texts[lang]
		if !ok || t.Empty() {
			continue
		}
		present++
		switch t.Status {
		case StatusDraft, StatusPublished, StatusUnpublished:
		default:
			errs["status."+lang] = "admin.err.status"
		}
		switch {
		case t.Title == "":
			errs["title."+lang] = "admin.err.title_required"
		case utf8.RuneCountInString(t.Title) > MaxTitle:
			errs["title."+lang] = "admin.err.title_long"
		}
		switch {
		case t.Slug == "":
			if t.Title != "" { // (else the slug comes from the title asked for)
				errs["slug."+lang] = "admin.err.slug_required"
			}
		case len(t.Slug) > MaxSlugLen:
			errs["slug."+lang] = "admin.err.slug_long"
		case !ValidSlug(t.Slug):
			errs["slug."+lang] = "admin.err.slug_invalid"
		case d.Kind == KindPage && d.SystemKey == "" && ReservedPageSlug(t.Slug):
			errs["slug."+lang] = "admin.err.slug_reserved"
		}
		if utf8.RuneCountInString(t.Summary) > MaxSummary {
			errs["summary."+lang] = "admin.err.summary_long"
		}
		if utf8.RuneCountInString(t.Body) > MaxBody {
			errs["body."+lang] = "admin.err.body_long"
		}
	}
	for lang := range d.Texts {
		if !contains(langs, lang) {
			errs["lang"] = "admin.err.lang"
		}
	}
	// A language's own image is kept with its text: without one, the
	// save would drop the choice.
	for lang, id := range d.LangImages {
		if id != 0 && d.Texts[lang].Empty() {
			errs["lead_image."+lang] = "admin.err.lang_image_no_text"
		}
	}
	if present == 0 {
		errs["title."+langs[0]] = "admin.err.no_language"
	}
	if d.Kind == KindNewsletter {
		if d.Period.IsZero() {
			errs["period"] = "admin.err.period"
		}
		for i, a := range d.Articles {
			for lang, title := range a.Title {
				if strings.TrimSpace(title) == "" && strings.TrimSpace(a.Body[lang]) != "" {
					errs["article."+itoa(i)+".title."+lang] = "admin.err.title_required"
				}
				if utf8.RuneCountInString(title) > MaxTitle {
					errs["article."+itoa(i)+".title."+lang] = "admin.err.title_long"
				}
				if utf8.RuneCountInString(a.Body[lang]) > MaxBody {
					errs["article."+itoa(i)+".body."+lang] = "admin.err.body_long"
				}
			}
		}
	}
	if d.MarkdownSize("") > MaxMarkdown {
		errs["size"] = "admin.err.too_much_text"
		if d.Kind == KindNewsletter {
			errs["size"] = "admin.err.too_much_text_issue" // which may be split in two
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
