package admin

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
	"vestnik/internal/images"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// Status choices of the edit form; "scheduled" is published with a
// publish time in the future.
const statusScheduled = "scheduled"

// entryForm is the edit form as posted: the draft and what the editor typed
// into fields that must be parsed, so errors can show it back unchanged.
type entryForm struct {
	Draft content.Draft
	// Each language's publication as chosen and typed, by language.
	StatusChoice map[string]string
	PublishAt    map[string]string // "2006-01-02T15:04" in the site's zone
	Period       string            // "2006-01"
	Action       string
	Errors       content.FieldErrors
	Unsaved      bool // not saved: filled by a button (add an article, start from, putBackLive), or a conflict
	// ReviewComment: by language, the comment typed for the translator.
	ReviewComment map[string]string
	// AltMissing: by language, the photos that stopped its approval.
	AltMissing map[string][]content.Image
}

const formTime = "2006-01-02T15:04"

// readEntryForm turns the posted form into a draft. It never fails: what
// cannot be parsed becomes a field error, and everything typed is kept.
func (s *server) readEntryForm(r *http.Request, kind content.Kind) entryForm {
	f := r.PostForm
	ef := entryForm{
		Draft:         content.Draft{Kind: kind, Texts: map[string]content.Text{}},
		StatusChoice:  map[string]string{},
		PublishAt:     map[string]string{},
		ReviewComment: map[string]string{},
		Period:        strings.TrimSpace(f.Get("period")),
		Action:        f.Get("action"),
		Errors:        content.FieldErrors{},
	}
	d := &ef.Draft
	d.Version, _ = strconv.Atoi(f.Get("version"))
	if id, err := strconv.ParseInt(f.Get("lead_image"), 10, 64); err == nil && id > 0 {
		d.LeadImageID = id
	}
	for _, lang := range s.bundle.Codes() {
		t := content.Text{
			Title:   f.Get("title." + lang),
			Slug:    f.Get("slug." + lang),
			Summary: f.Get("summary." + lang),
			Body:    content.CleanText(f.Get("body." + lang)),
			InLine:  f.Get("inline."+lang) == "1",
			Update:  readUpdate(f.Get("update." + lang)),
			Publish: ef.Action == "publish",
		}
		if id, err := strconv.ParseInt(f.Get("lead_image."+lang), 10, 64); err == nil && id > 0 {
			if d.LangImages == nil {
				d.LangImages = map[string]int64{}
			}
			d.LangImages[lang] = id
		}
		ef.StatusChoice[lang] = f.Get("status." + lang)
		ef.ReviewComment[lang] = f.Get("review_comment." + lang)
		ef.PublishAt[lang] = strings.TrimSpace(f.Get("publish_at." + lang))
		errs := s.readPublication(&t, ef.StatusChoice[lang], ef.PublishAt[lang])
		if !t.Empty() {
			// A blank language is no translation: its choices do not matter.
			for field, id := range errs {
				ef.Errors[field+"."+lang] = id
			}
		}
		d.Texts[lang] = t
	}
	if kind == content.KindNewsletter {
		if ef.Period != "" {
			p, err := time.Parse("2006-01", ef.Period)
			if err != nil || p.Year() < 1990 || p.Year() > 2200 {
				ef.Errors["period"] = "admin.err.period"
			} else {
				d.Period = p
			}
		}
		d.SendOnPublish = f.Get("send_on_publish") == "1"
		d.Articles = readArticles(r, s.bundle.Codes())
		d.Editions = map[string]int64{}
		for _, lang := range s.bundle.Codes() {
			if id, err := strconv.ParseInt(f.Get("edition."+lang), 10, 64); err == nil && id > 0 {
				d.Editions[lang] = id
			}
		}
	}
	return ef
}

// readPublication reads one language's publication choice ("" is a
// draft) and time into t, and says what is wrong with them by field
// ("status", "publish_at").
func (s *server) readPublication(t *content.Text, choice, at string) map[string]string {
	errs := map[string]string{}
	if at != "" {
		when, err := time.ParseInLocation(formTime, at, s.bundle.Get(s.bundle.Default()).Loc)
		if err != nil {
			errs["publish_at"] = "admin.err.publish_at"
		} else {
			t.PublishAt = when
		}
	}
	switch choice {
	case "", string(content.StatusDraft):
		t.Status = content.StatusDraft
	case string(content.StatusUnpublished):
		t.Status = content.StatusUnpublished
	case string(content.StatusPublished):
		t.Status = content.StatusPublished
	case statusScheduled:
		t.Status = content.StatusPublished
		if _, bad := errs["publish_at"]; !bad && (t.PublishAt.IsZero() || !t.PublishAt.After(time.Now())) {
			errs["publish_at"] = "admin.err.schedule_future"
		}
	default:
		t.Status = content.StatusDraft
		errs["status"] = "admin.err.status"
	}
	return errs
}

// publishingBlank refuses, by language, a choice to publish or schedule a
// language left blank: a blank language is no translation, so the save
// would drop the choice and report success. A language the entry had
// published (stored) and the editor emptied is taken down as before: its
// status is what the form showed, not a choice.
func (s *server) publishingBlank(ef entryForm, stored content.Draft) content.FieldErrors {
	errs := content.FieldErrors{}
	for _, lang := range s.bundle.Codes() {
		choice := ef.StatusChoice[lang]
		if choice != string(content.StatusPublished) && choice != statusScheduled || !ef.Draft.Texts[lang].Empty() {
			continue
		}
		if was, ok := stored.Texts[lang]; ok && !was.Empty() && was.Status == content.StatusPublished {
			continue
		}
		errs["status."+lang] = "admin.err.publish_blank"
	}
	return errs
}

// readArticles reads article.N.* fields, drops removed ones and orders the
// rest by their position field (so reordering works without JavaScript).
func readArticles(r *http.Request, langs []string) []content.ArticleDraft {
	type positioned struct {
		pos float64
		n   int
		a   content.ArticleDraft
	}
	var list []positioned
	for n := 0; n < 200; n++ {
		p := "article." + strconv.Itoa(n) + "."
		if _, ok := r.PostForm[p+"position"]; !ok {
			continue
		}
		if r.PostForm.Get(p+"remove") == "1" {
			continue
		}
		a := content.ArticleDraft{Title: map[string]string{}, Body: map[string]string{}}
		a.ID, _ = strconv.ParseInt(r.PostForm.Get(p+"id"), 10, 64)
		for _, lang := range langs {
			a.Title[lang] = strings.TrimSpace(r.PostForm.Get(p + "title." + lang))
			a.Body[lang] = content.CleanText(r.PostForm.Get(p + "body." + lang))
		}
		pos, err := strconv.ParseFloat(r.PostForm.Get(p+"position"), 64)
		if err != nil {
			pos = float64(n + 1)
		}
		list = append(list, positioned{pos, n, a})
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].pos != list[j].pos {
			return list[i].pos < list[j].pos
		}
		return list[i].n < list[j].n
	})
	out := make([]content.ArticleDraft, 0, len(list))
	for _, p := range list {
		out = append(out, p.a)
	}
	return out
}

// formOf shows a stored draft in the form's terms.
func (s *server) formOf(d content.Draft) entryForm {
	ef := entryForm{Draft: d, StatusChoice: map[string]string{}, PublishAt: map[string]string{}, Errors: content.FieldErrors{}}
	loc := s.bundle.Get(s.bundle.Default()).Loc
	for lang, t := range d.Texts {
		ef.StatusChoice[lang] = string(t.Status)
		if !t.PublishAt.IsZero() {
			ef.PublishAt[lang] = t.PublishAt.In(loc).Format(formTime)
			if t.Status == content.StatusPublished && t.PublishAt.After(time.Now()) {
				ef.StatusChoice[lang] = statusScheduled
			}
		}
	}
	if !d.Period.IsZero() {
		ef.Period = d.Period.Format("2006-01")
	}
	return ef
}

// editData builds the edit page's data from a form.
func (s *server) editData(r *http.Request, ef entryForm, meta *store.EntryMeta) (view.EntryEdit, error) {
	d := ef.Draft
	b := s.base(r, string(d.Kind))
	data := view.EntryEdit{
		AdminBase:     b,
		IsNew:         d.ID == 0,
		ID:            d.ID,
		Kind:          string(d.Kind),
		Version:       d.Version,
		Unsaved:       ef.Unsaved,
		Period:        ef.Period,
		SendOnPublish: d.SendOnPublish,
		Errors:        map[string]string{},
		LeadImageID:   d.LeadImageID,
	}
	if !d.Period.IsZero() {
		data.PeriodName = b.T.Period(d.Period)
	}
	imgs, err := s.imageChoices(r, b.Lang, d.LeadImageID, d.LangImages)
	if err != nil {
		return data, err
	}
	data.Images = imgs
	data.CanCoverFromPDF = d.Kind == content.KindNewsletter && images.CanRenderPDF()
	for field, id := range ef.Errors {
		// A field of one language ("lead_image.ru") may name it: "in Russian".
		in := ""
		if i := strings.LastIndexByte(field, '.'); i >= 0 && s.bundle.Get(field[i+1:]) != nil {
			in = b.T.Tr("language.in." + field[i+1:])
		}
		var msgs []string
		for _, id := range content.Messages(id) {
			msgs = append(msgs, b.T.Tr(id, "Max", b.T.Number(content.MaxMarkdown), "In", in))
		}
		data.Errors[field] = strings.Join(msgs, " ")
	}
	if data.IsNew {
		data.Title = b.T.Tr("admin.new." + string(d.Kind))
	} else {
		data.Title = b.T.Tr("admin.edit.title", "Title", titleIn(d, b.Lang, s.bundle.Codes()))
	}
	u := currentUser(r.Context())
	if u != nil && u.Role == store.RoleTranslator {
		mine := slices.DeleteFunc(s.bundle.Codes(), func(code string) bool { return !u.Translates(code) })
		if data.Photos, err = s.entryPhotos(r.Context(), d, mine); err != nil {
			return data, err
		}
	}
	var reviews map[string]store.Review
	if d.ID != 0 {
		if reviews, err = s.store.ReviewsOf(r.Context(), d.ID); err != nil {
			return data, err
		}
	}
	for _, lang := range s.bundle.Codes() {
		t := d.Texts[lang]
		el := view.EditLang{Code: lang, Name: s.bundle.Get(lang).Tr("language.self"), Text: t, State: "missing",
			StatusChoice: ef.StatusChoice[lang], PublishAt: ef.PublishAt[lang], Editable: u == nil || u.Translates(lang),
			LeadImageID: d.LangImages[lang]}
		if rv, ok := reviews[lang]; ok {
			el.Review = &view.LangReview{Waiting: rv.State == store.ReviewWaiting, By: rv.SubmittedBy.Shown(), At: rv.SubmittedAt,
				Comment: rv.Comment, CommentedBy: rv.CommentedBy.Shown(), Draft: ef.ReviewComment[lang]}
		}
		for _, im := range ef.AltMissing[lang] {
			el.AltMissing = append(el.AltMissing, view.PhotoLink{ID: im.ID, Filename: im.Filename})
		}
		if el.Editable && t.Empty() {
			// An empty text may start from another language's.
			for _, other := range s.bundle.Codes() {
				if other != lang && !d.Texts[other].Empty() {
					el.StartFrom, el.StartFromName = other, b.T.Tr("language.in."+other)
					break
				}
			}
		}
		if el.StatusChoice == "" {
			el.StatusChoice = string(content.StatusDraft)
		}
		if meta != nil {
			if st, ok := meta.Texts[lang]; ok {
				el.State = "current"
				el.Others = len(meta.Texts) > 1
				if meta.Outdated(lang) {
					el.State = "outdated"
					el.SourceChanges = s.sourceChanges(b.T, d, meta, lang)
				}
				for _, behind := range meta.Articles {
					if len(behind[lang]) > 0 {
						el.State, el.ArticlesBehind = "outdated", true
					}
				}
				el.Publication = publicationLine(b.T, st)
				if st.IsLive() {
					data.AnyLive = true
					live := t
					if st.Pending {
						live = st.Live
						el.Pending = true
						el.PendingChanges = textChanges(b.T, st.Live, t)
						el.PendingChanges = append(el.PendingChanges, articleChanges(b.T, meta.ArticlesLive, d.Articles, lang)...)
						// The language's own image waits with the changes.
						if now := d.LangImages[lang]; now != st.LiveImage {
							el.PendingChanges = append(el.PendingChanges, diffField(b.T.Tr(view.LeadImageName(string(d.Kind))),
								s.mediaName(r.Context(), st.LiveImage), s.mediaName(r.Context(), now)))
						}
					}
					el.PublicURL = content.EntryPath(lang, d.Kind, live.Slug, meta.SystemKey)
				}
			}
		}
		data.Langs = append(data.Langs, el)
	}
	if d.Kind == content.KindNewsletter {
		for i, a := range d.Articles {
			ea := view.EditArticle{Index: i, ID: a.ID, Position: i + 1}
			for _, lang := range s.bundle.Codes() {
				et := view.EditArticleText{Lang: lang, Name: s.bundle.Get(lang).Tr("language.self"),
					Title: a.Title[lang], Body: a.Body[lang], Editable: u == nil || u.Translates(lang)}
				if meta != nil && a.ID != 0 {
					if behind := meta.Articles[a.ID][lang]; len(behind) > 0 {
						names := make([]string, len(behind))
						for i, other := range behind {
							names[i] = b.T.Tr("language." + other)
						}
						et.Outdated = b.T.Tr("admin.entry.article_outdated", "Langs", strings.Join(names, ", "))
					}
				}
				ea.Texts = append(ea.Texts, et)
			}
			data.Articles = append(data.Articles, ea)
		}
		pdfs, err := s.store.MediaList(r.Context(), store.MediaFilter{ContentType: "application/pdf", Limit: 500})
		if err != nil {
			return data, err
		}
		for _, p := range pdfs {
			data.PDFs = append(data.PDFs, p.Media)
		}
		used, err := s.store.EditionLangs(r.Context())
		if err != nil {
			return data, err
		}
		for _, lang := range s.bundle.Codes() {
			data.Editions = append(data.Editions, view.EditEdition{Lang: lang, Name: s.bundle.Get(lang).Tr("language.self"),
				MediaID: d.Editions[lang], PDFs: pdfsFor(lang, data.PDFs, used)})
		}
	}
	if meta != nil {
		data.Hotline = meta.SystemKey == content.SystemKeyHotline
		data.Meta = &view.EditMeta{DeletedAt: meta.DeletedAt, Status: string(meta.Status), CreatedAt: meta.CreatedAt, UpdatedAt: meta.UpdatedAt, PublishedAt: meta.PublishedAt,
			StatusLine: b.T.Tr("admin.status." + string(meta.Status))}
		if meta.Status == content.StatusPublished && meta.PublishedAt != nil && meta.PublishedAt.After(time.Now()) {
			// The site's zone, in words: what a reader's clock will say.
			data.Meta.StatusLine = b.T.Tr("admin.status.scheduled_for", "When", b.T.DateTime(*meta.PublishedAt))
		}
		for _, st := range meta.Texts {
			if st.IsLive() && st.Pending {
				data.Meta.StatusLine = b.T.Tr("admin.status.published_changes")
				break
			}
		}
		// Publish again names what it puts back: a draft stays a draft.
		var again []string
		for _, lang := range s.bundle.Codes() {
			if st, ok := meta.Texts[lang]; ok && st.Status == content.StatusUnpublished {
				again = append(again, lang)
			}
		}
		data.Meta.PublishAgain = langNames(b.T, again)
	}
	return data, nil
}

// publicationLine says where one language is: live, live with
// unpublished changes, scheduled for a time, a draft, unpublished.
func publicationLine(t *i18n.Localizer, st store.TextState) string {
	switch {
	case st.IsLive() && st.Pending && st.ChangesAt != nil:
		return t.Tr("admin.pub.live_changes_at", "When", t.DateTime(*st.ChangesAt))
	case st.IsLive() && st.Pending:
		return t.Tr("admin.pub.live_changes")
	case st.IsLive():
		return t.Tr("admin.pub.live")
	case st.Status == content.StatusPublished && st.PublishedAt != nil:
		return t.Tr("admin.status.scheduled_for", "When", t.DateTime(*st.PublishedAt))
	case st.Status == content.StatusUnpublished:
		return t.Tr("admin.status.unpublished")
	}
	return t.Tr("admin.status.draft")
}

// textChanges lists the fields in which now differs from then.
func textChanges(t *i18n.Localizer, then, now content.Text) []view.DiffField {
	var out []view.DiffField
	for _, f := range []view.DiffField{
		diffField(t.Tr("admin.entry.title"), then.Title, now.Title),
		diffField(t.Tr("admin.entry.slug"), then.Slug, now.Slug),
		diffField(t.Tr("admin.entry.summary"), then.Summary, now.Summary),
		diffField(t.Tr("admin.entry.body"), then.Body, now.Body),
	} {
		if f.Changed {
			out = append(out, f)
		}
	}
	return out
}

// articleChanges is how an issue's articles (as in the form) differ in
// lang from the live texts of those with unpublished changes (live), by
// article number.
func articleChanges(t *i18n.Localizer, live map[int64]map[string]content.ArticleText, articles []content.ArticleDraft, lang string) []view.DiffField {
	var out []view.DiffField
	for i, a := range articles {
		was, ok := live[a.ID][lang]
		if !ok || a.ID == 0 {
			continue
		}
		for _, f := range []view.DiffField{
			diffField(t.Tr("admin.entry.article_n_title", "N", i+1), was.Title, a.Title[lang]),
			diffField(t.Tr("admin.entry.article_n_text", "N", i+1), was.Body, a.Body[lang]),
		} {
			if f.Changed {
				out = append(out, f)
			}
		}
	}
	return out
}

// titleIn is an entry's title in lang, else in the first of the site's
// languages (codes) that has one, else its number.
func titleIn(d content.Draft, lang string, codes []string) string {
	titles := make(map[string]string, len(d.Texts))
	for code, t := range d.Texts {
		titles[code] = t.Title
	}
	if t := firstTitle(titles, lang, codes); t != "" {
		return t
	}
	return "#" + strconv.FormatInt(d.ID, 10)
}

// firstTitle is titles[lang], else the title in the first of the site's
// languages (codes) that has one; "" when none has.
func firstTitle(titles map[string]string, lang string, codes []string) string {
	if t := titles[lang]; t != "" {
		return t
	}
	for _, code := range codes {
		if t := titles[code]; t != "" {
			return t
		}
	}
	return ""
}

// readUpdate reads the "do the translations need updating?" choice; any
// other value is the default.
func readUpdate(v string) content.Update {
	switch u := content.Update(v); u {
	case content.UpdateYes, content.UpdateNo:
		return u
	}
	return content.UpdateAuto
}

// sourceChanges lists, for an outdated text, what changed in each other
// language since it was last brought in line.
func (s *server) sourceChanges(t *i18n.Localizer, d content.Draft, meta *store.EntryMeta, lang string) []view.SourceChange {
	var out []view.SourceChange
	st := meta.Texts[lang]
	for _, other := range s.bundle.Codes() {
		if o, ok := meta.Texts[other]; other == lang || !ok || o.Revision <= st.Synced[other] {
			continue
		}
		now := d.Texts[other]
		then, kept := st.Since[other]
		sc := view.SourceChange{Lang: other, Name: s.bundle.Get(other).Tr("language.self"), Missing: !kept}
		if kept {
			for _, f := range []view.DiffField{
				diffField(t.Tr("admin.entry.title"), then.Title, now.Title),
				diffField(t.Tr("admin.entry.summary"), then.Summary, now.Summary),
				diffField(t.Tr("admin.entry.body"), then.Body, now.Body),
			} {
				if f.Changed {
					sc.Fields = append(sc.Fields, f)
				}
			}
		}
		out = append(out, sc)
	}
	return out
}
