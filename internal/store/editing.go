package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"vestnik/internal/content"
)

// ErrStale means the entry changed since the editor opened it.
var ErrStale = errors.New("store: entry changed since it was opened")

// SlugTakenError says which language's slug another entry already has.
type SlugTakenError struct{ Lang string }

func (e *SlugTakenError) Error() string { return "store: slug taken in " + e.Lang }

// Is makes a taken slug an ErrConflict.
func (e *SlugTakenError) Is(target error) bool { return target == ErrConflict }

// FreeSlug is base, or else base-2, base-3 …: the first slug of a
// language and kind that no entry but except has, as its address or as
// an old one that redirects. A suffixed slug is kept within maxLen by
// shortening base. (A slug the editor left to the title: two entries of
// one title, or monthly issues whose long titles are cut before their
// month, would otherwise be refused as taken.) The first freeSlugTries
// candidates are looked up at once; past them the slug is left taken,
// and the save says so.
func (s *Store) FreeSlug(ctx context.Context, lang string, kind content.Kind, base string, except int64, maxLen int) (string, error) {
	candidates := []string{base}
	for n := 2; n <= freeSlugTries; n++ {
		suffix := "-" + strconv.Itoa(n)
		candidates = append(candidates, strings.TrimRight(base[:min(len(base), maxLen-len(suffix))], "-")+suffix)
	}
	rows, err := s.db.Query(ctx, `SELECT slug FROM translations WHERE lang = $1 AND kind = $2 AND slug = ANY($3) AND entry_id <> $4
		UNION SELECT slug FROM slug_history WHERE lang = $1 AND kind = $2 AND slug = ANY($3) AND entry_id <> $4`,
		lang, kind, candidates, except)
	if err != nil {
		return "", mapErr("free slug", err)
	}
	taken, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", mapErr("free slug", err)
	}
	for _, c := range candidates {
		if !slices.Contains(taken, c) {
			return c, nil
		}
	}
	return base, nil
}

const freeSlugTries = 100

// SlugInTrash reports whether the entry other than except that holds a
// slug in a language is in the trash (which keeps its slugs, so that
// restoring it brings its addresses back).
func (s *Store) SlugInTrash(ctx context.Context, lang string, kind content.Kind, slug string, except int64) (bool, error) {
	var trashed bool
	err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM translations t JOIN entries e ON e.id = t.entry_id
		WHERE t.lang = $1 AND t.kind = $2 AND t.slug = $3 AND t.entry_id <> $4 AND e.deleted_at IS NOT NULL)`,
		lang, kind, slug, except).Scan(&trashed)
	return trashed, mapErr("slug in trash", err)
}

// TextState is what the editor needs to know about a saved translation.
type TextState struct {
	Revision  int
	Synced    map[string]int // other language → revision this text is in line with
	UpdatedAt time.Time
	// The language's own publication.
	Status      content.Status
	PublishedAt *time.Time
	// Pending: the live text has unpublished changes (a working copy);
	// Live is then the text the public reads, and ChangesAt when the
	// changes go live by themselves (nil: on "Publish changes"). The
	// admin's lists read Pending and ChangesAt too (entryRowColumns).
	Pending   bool
	Live      content.Text `json:"-"`
	ChangesAt *time.Time
	// LiveImage is the language's own lead image the public sees (0: the
	// entry's shared one); with Pending, content.Draft.LangImages holds
	// the working copy's.
	LiveImage int64 `json:"-"`
	// TranslatorCopy: the working copy's text, or an article's text in
	// it, was changed last by a translator.
	TranslatorCopy bool `json:"-"`
	// Since holds, for each other language that moved on since this text
	// was last in line with it, that language's text as it stood then:
	// the translator compares it with the text as it stands now.
	Since map[string]content.Text
	// Behind: the language needs an update, in its text or in its text of
	// one of an issue's articles (what the translation board lists).
	Behind bool
	// Review: the text waits for review (the admin's lists).
	Review bool
}

// IsLive reports whether the public reads this language now.
func (t TextState) IsLive() bool {
	return t.Status == content.StatusPublished && t.PublishedAt != nil && !t.PublishedAt.After(time.Now())
}

// EntryMeta is what the edit page shows beside the form: Status and
// PublishedAt sum up the languages' (published when any is).
type EntryMeta struct {
	Status      content.Status
	PublishedAt *time.Time
	SystemKey   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	DeletedAt   *time.Time // in the trash since
	Texts       map[string]TextState
	// Articles holds, by article, the languages of an issue's articles
	// that lag behind another language of the article.
	Articles map[int64]ArticleBehind
	// ArticlesLive holds, by article and language, the live text of an
	// issue's article text with unpublished changes.
	ArticlesLive map[int64]map[string]content.ArticleText
}

// Outdated reports whether lang's text lags behind another language that
// changed since it was last brought in line.
func (m EntryMeta) Outdated(lang string) bool {
	t, ok := m.Texts[lang]
	if !ok {
		return false
	}
	for other, o := range m.Texts {
		if other != lang && o.Revision > t.Synced[other] {
			return true
		}
	}
	return false
}

// ArticleBehind says, for one language of an issue's article, which
// other languages of the article moved on since it was last in line.
type ArticleBehind map[string][]string

// EntryForEdit loads an entry whole, as the edit form shows it.
func (s *Store) EntryForEdit(ctx context.Context, id int64) (content.Draft, EntryMeta, error) {
	d := content.Draft{ID: id, Texts: map[string]content.Text{}}
	m := EntryMeta{Texts: map[string]TextState{}}
	var key *string
	err := s.db.QueryRow(ctx, `SELECT kind, status, version, published_at, system_key, created_at, updated_at,
		coalesce(lead_image_id, 0), deleted_at
		FROM entries WHERE id = $1`, id).Scan(&d.Kind, &m.Status, &d.Version, &m.PublishedAt, &key, &m.CreatedAt, &m.UpdatedAt,
		&d.LeadImageID, &m.DeletedAt)
	if err != nil {
		return d, m, mapErr(fmt.Sprintf("entry %d", id), err)
	}
	if key != nil {
		m.SystemKey, d.SystemKey = *key, *key
	}
	// The editor works on the working copy where there is one.
	rows, err := s.db.Query(ctx, `SELECT t.lang, t.title, t.slug, t.summary, t.body_md, t.revision, t.synced, t.updated_at,
		t.status, t.published_at, t.outdated_since IS NOT NULL, w.entry_id IS NOT NULL,
		coalesce(w.title, ''), coalesce(w.slug, ''), coalesce(w.summary, ''), coalesce(w.body_md, ''), w.publish_at,
		coalesce(t.lead_image_id, 0), coalesce(w.lead_image_id, 0),
		coalesce(u.role = 'translator', false) OR EXISTS (SELECT 1 FROM newsletter_article_drafts ad
			JOIN newsletter_articles na ON na.id = ad.article_id JOIN users au ON au.id = ad.saved_by
			WHERE na.entry_id = t.entry_id AND ad.lang = t.lang AND au.role = 'translator')
		FROM translations t LEFT JOIN translation_drafts w USING (entry_id, lang) LEFT JOIN users u ON u.id = w.saved_by
		WHERE t.entry_id = $1`, id)
	if err != nil {
		return d, m, mapErr("translations", err)
	}
	for rows.Next() {
		var lang string
		var t, w content.Text
		var st TextState
		var image, copyImage int64 // the language's own lead image: live, and its working copy's
		if err := rows.Scan(&lang, &t.Title, &t.Slug, &t.Summary, &t.Body, &st.Revision, &st.Synced, &st.UpdatedAt,
			&st.Status, &st.PublishedAt, &st.Behind, &st.Pending, &w.Title, &w.Slug, &w.Summary, &w.Body, &st.ChangesAt,
			&image, &copyImage, &st.TranslatorCopy); err != nil {
			rows.Close()
			return d, m, mapErr("translations", err)
		}
		t.Status = st.Status
		if st.PublishedAt != nil {
			t.PublishAt = *st.PublishedAt
		}
		st.LiveImage = image
		if st.Pending {
			st.Live = t
			if d.Live == nil {
				d.Live = map[string]content.Text{}
			}
			d.Live[lang] = t
			// The editor works on the copy's image choice too; the
			// public sees the live one until the copy goes live.
			if image != 0 {
				if d.LiveImages == nil {
					d.LiveImages = map[string]int64{}
				}
				d.LiveImages[lang] = image
			}
			image = copyImage
			w.Status, w.PublishAt = t.Status, t.PublishAt
			if st.ChangesAt != nil {
				w.PublishAt = *st.ChangesAt // the form shows the changes as scheduled
			}
			t = w
		}
		if image != 0 {
			if d.LangImages == nil {
				d.LangImages = map[string]int64{}
			}
			d.LangImages[lang] = image
		}
		d.Texts[lang], m.Texts[lang] = t, st
	}
	if err := rows.Err(); err != nil {
		return d, m, mapErr("translations", err)
	}
	if err := s.loadSince(ctx, id, m.Texts); err != nil {
		return d, m, err
	}
	if d.Kind == content.KindNewsletter {
		if err := s.loadIssue(ctx, &d); err != nil {
			return d, m, err
		}
		if m.Articles, err = s.articlesBehind(ctx, id); err != nil {
			return d, m, err
		}
		for _, a := range d.Articles {
			if len(a.Live) > 0 {
				if m.ArticlesLive == nil {
					m.ArticlesLive = map[int64]map[string]content.ArticleText{}
				}
				m.ArticlesLive[a.ID] = a.Live
			}
		}
	}
	return d, m, nil
}

// articlesBehind finds an issue's article texts that lag behind another
// language of their article, and the languages they lag behind.
func (s *Store) articlesBehind(ctx context.Context, entryID int64) (map[int64]ArticleBehind, error) {
	rows, err := s.db.Query(ctx, `SELECT m.article_id, m.lang, o.lang
		FROM newsletter_articles a JOIN newsletter_article_translations m ON m.article_id = a.id
		JOIN newsletter_article_translations o ON o.article_id = a.id AND o.lang <> m.lang
		WHERE a.entry_id = $1 AND o.revision > coalesce((m.synced ->> o.lang)::int, 0)
		ORDER BY m.article_id, m.lang, o.lang`, entryID)
	if err != nil {
		return nil, mapErr("articles behind", err)
	}
	defer rows.Close()
	out := map[int64]ArticleBehind{}
	for rows.Next() {
		var id int64
		var lang, other string
		if err := rows.Scan(&id, &lang, &other); err != nil {
			return nil, mapErr("articles behind", err)
		}
		if out[id] == nil {
			out[id] = ArticleBehind{}
		}
		out[id][lang] = append(out[id][lang], other)
	}
	return out, mapErr("articles behind", rows.Err())
}

// loadSince fills each outdated text's Since: the other languages' texts
// at the revisions it was last in line with.
func (s *Store) loadSince(ctx context.Context, entryID int64, texts map[string]TextState) error {
	type key struct {
		lang string
		rev  int
	}
	want := map[key][]string{} // other language's revision → the texts behind it
	var langs []string
	var revs []int
	for lang, t := range texts {
		for other, o := range texts {
			if other != lang && o.Revision > t.Synced[other] {
				k := key{other, t.Synced[other]}
				if want[k] == nil {
					langs, revs = append(langs, other), append(revs, k.rev)
				}
				want[k] = append(want[k], lang)
			}
		}
	}
	if len(want) == 0 {
		return nil
	}
	rows, err := s.db.Query(ctx, `SELECT v.lang, v.revision, v.title, v.summary, v.body_md
		FROM translation_versions v JOIN unnest($2::text[], $3::int[]) AS w(lang, revision) USING (lang, revision)
		WHERE v.entry_id = $1`, entryID, langs, revs)
	if err != nil {
		return mapErr("translation versions", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k key
		var t content.Text
		if err := rows.Scan(&k.lang, &k.rev, &t.Title, &t.Summary, &t.Body); err != nil {
			return mapErr("translation versions", err)
		}
		for _, lang := range want[k] {
			st := texts[lang]
			if st.Since == nil {
				st.Since = map[string]content.Text{}
			}
			st.Since[k.lang] = t
			texts[lang] = st
		}
	}
	return mapErr("translation versions", rows.Err())
}

func (s *Store) loadIssue(ctx context.Context, d *content.Draft) error {
	if err := s.db.QueryRow(ctx, `SELECT period, send_on_publish FROM newsletter_issues WHERE entry_id = $1`, d.ID).Scan(&d.Period, &d.SendOnPublish); err != nil {
		return mapErr("issue", err)
	}
	rows, err := s.db.Query(ctx, `SELECT a.id, t.lang, t.title, t.body_md
		FROM newsletter_articles a LEFT JOIN newsletter_article_translations t ON t.article_id = a.id
		WHERE a.entry_id = $1 ORDER BY a.position, a.id`, d.ID)
	if err != nil {
		return mapErr("articles", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang, title, body *string
		if err := rows.Scan(&id, &lang, &title, &body); err != nil {
			return mapErr("articles", err)
		}
		if n := len(d.Articles); n == 0 || d.Articles[n-1].ID != id {
			d.Articles = append(d.Articles, content.ArticleDraft{ID: id, Title: map[string]string{}, Body: map[string]string{}})
		}
		if lang != nil {
			a := &d.Articles[len(d.Articles)-1]
			a.Title[*lang], a.Body[*lang] = *title, *body
		}
	}
	if err := rows.Err(); err != nil {
		return mapErr("articles", err)
	}
	if err := s.loadArticleCopies(ctx, d); err != nil {
		return err
	}
	d.Editions = map[string]int64{}
	rows, err = s.db.Query(ctx, `SELECT lang, media_id FROM newsletter_editions WHERE entry_id = $1`, d.ID)
	if err != nil {
		return mapErr("editions", err)
	}
	defer rows.Close()
	for rows.Next() {
		var lang string
		var mid int64
		if err := rows.Scan(&lang, &mid); err != nil {
			return mapErr("editions", err)
		}
		d.Editions[lang] = mid
	}
	return mapErr("editions", rows.Err())
}

// loadArticleCopies puts the working copies of an issue's article texts
// in place of the live texts, as EntryForEdit does with a language's text,
// and keeps the live texts in the articles' Live.
func (s *Store) loadArticleCopies(ctx context.Context, d *content.Draft) error {
	rows, err := s.db.Query(ctx, `SELECT w.article_id, w.lang, w.title, w.body_md
		FROM newsletter_article_drafts w JOIN newsletter_articles a ON a.id = w.article_id WHERE a.entry_id = $1`, d.ID)
	if err != nil {
		return mapErr("article working copies", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang string
		var w content.ArticleText
		if err := rows.Scan(&id, &lang, &w.Title, &w.Body); err != nil {
			return mapErr("article working copies", err)
		}
		i := slices.IndexFunc(d.Articles, func(a content.ArticleDraft) bool { return a.ID == id })
		if i < 0 {
			continue
		}
		a := &d.Articles[i]
		if a.Live == nil {
			a.Live = map[string]content.ArticleText{}
		}
		a.Live[lang] = content.ArticleText{Title: a.Title[lang], Body: a.Body[lang]}
		if w.Title == "" && w.Body == "" {
			delete(a.Title, lang) // the changes take this language's text away
			delete(a.Body, lang)
		} else {
			a.Title[lang], a.Body[lang] = w.Title, w.Body
		}
	}
	return mapErr("article working copies", rows.Err())
}

// Rendered is the HTML of a draft's Markdown: by language, and for each
// article by language.
type Rendered struct {
	Texts    map[string]string
	Articles []map[string]string
}

// Change says who saves and why, for the revision and the audit log.
type Change struct {
	UserID int64
	IP     netip.Addr
	Action string // "entry.create", "entry.update", "entry.restore", …
	Note   string
	// Summary is the audit line's; empty, it is the entry's title.
	Summary string
}

// Saved is what a save did.
type Saved struct {
	ID      int64
	Version int
	// Flagged lists the languages whose change marked the other languages
	// as needing an update; Quiet those changed without doing so (a
	// correction, by the saver's choice or content.Substantive's).
	Flagged, Quiet []string
	// Outdated lists the languages a save that flagged marked as needing
	// an update (not those behind already; none after other saves).
	Outdated []string
	// Unchanged: the draft was what the entry already held; nothing was
	// written (no revision, no version, no audit line).
	Unchanged bool
	// Working lists the live languages whose changes were kept as a
	// working copy: the public still reads the text as it was.
	Working []string
	// Dropped lists the live languages whose working copy was given up:
	// the form brought back the live text.
	Dropped []string
	// SharedChanged: the save changed what no working copy holds back
	// (content.Draft.SharedChanged), or the own lead image of a language
	// without one, so it is live already.
	SharedChanged bool
	// InReview lists the languages in review (a translator's text waiting
	// for approval, or sent back) whose "update the other languages?" the
	// saver left to the default, which for them is no (reviewCorrections).
	InReview []string
	// WentLive lists the languages whose text the save put on the site
	// now: newly published, or live with changes (the form's, or its
	// working copy's) published. A live language left as it was, or one
	// whose changes wait for their time, is not among them.
	WentLive []string
}

// SaveEntry stores a draft in one transaction: the entry (its version
// checked, so a second editor cannot silently overwrite the first), every
// translation, the issue's articles and editions, the slug history, a
// revision and the audit line.
func (s *Store) SaveEntry(ctx context.Context, d content.Draft, html Rendered, ch Change) (Saved, error) {
	var saved Saved
	// Published without a time: now, to the minute the form shows, so
	// saving the form again unchanged is recognised as unchanged.
	now := time.Now().Truncate(time.Minute)
	texts := make(map[string]content.Text, len(d.Texts))
	for lang, t := range d.Texts {
		if t.Status == content.StatusPublished && t.PublishAt.IsZero() {
			t.PublishAt = now
		}
		texts[lang] = t
	}
	d.Texts = texts
	// The snapshot keeps content, not the one-time choices of the save.
	inLine := false
	var publish []string // the languages whose working copies the save publishes
	for lang, t := range d.Texts {
		inLine = inLine || t.InLine
		if t.Publish {
			publish = append(publish, lang)
		}
	}
	snap := snapshotOf(d)
	err := s.InTx(ctx, func(tx *Store) error {
		saved = Saved{}
		if d.ID != 0 && !inLine {
			// A save that changes nothing makes no revision, no new
			// version and no audit line ("Publish changes" changes what
			// the public reads when a working copy is waiting).
			same, err := tx.unchanged(ctx, snap)
			if err == nil && same && len(publish) > 0 {
				var pending bool
				pending, err = tx.pending(ctx, d.ID, publish)
				same = !pending
			}
			if err != nil || same {
				saved = Saved{ID: d.ID, Version: d.Version, Unchanged: same}
				return err
			}
		}
		existed := d.ID != 0
		if existed {
			before, err := tx.shared(ctx, d)
			if err != nil {
				return err
			}
			saved.SharedChanged = d.SharedChanged(before)
		}
		var err error
		if saved.ID, saved.Version, err = tx.saveEntryRow(ctx, d, ch.UserID); err != nil {
			return err
		}
		d.ID = saved.ID
		if d.Kind == content.KindNewsletter && d.SendOnPublish {
			if err := tx.notMailingLive(ctx, d.ID); err != nil {
				return err
			}
		}
		// The texts waiting for review, read before the save decides
		// what becomes of them (an emptied language takes its review
		// with it).
		waiting, err := tx.waitingReviews(ctx, d.ID)
		if err != nil {
			return err
		}
		if saved.InReview, err = tx.reviewCorrections(ctx, d); err != nil {
			return err
		}
		texts, err := tx.saveTexts(ctx, d, html, ch.UserID)
		if err != nil {
			return err
		}
		saved.Flagged, saved.Quiet, saved.Dropped, snap.Live = texts.flagged, texts.quiet, texts.dropped, texts.live
		saved.WentLive = texts.wentLive
		saved.Working = slices.Sorted(maps.Keys(snap.Live))
		behind := texts.behind
		if d.Kind == content.KindNewsletter {
			arts, err := tx.saveIssue(ctx, d, html, texts.held, ch.UserID)
			if err != nil {
				return err
			}
			// A language flagged by its text or by an article's text.
			saved.Flagged = union(saved.Flagged, arts.flagged)
			saved.Quiet = slices.DeleteFunc(union(saved.Quiet, arts.quiet), func(l string) bool { return slices.Contains(saved.Flagged, l) })
			behind = union(behind, arts.behind)
			saved.WentLive = union(saved.WentLive, arts.wentLive)
			// A language whose articles' changes wait has a working copy,
			// though its own text is the live one.
			for _, lang := range arts.working {
				if h, ok := texts.held[lang]; ok && !hasKey(snap.Live, lang) {
					if snap.Live == nil {
						snap.Live = map[string]content.Text{}
					}
					snap.Live[lang] = h.row
				}
			}
			saved.Dropped = slices.DeleteFunc(saved.Dropped, func(l string) bool { return slices.Contains(arts.working, l) })
			saved.Working = slices.Sorted(maps.Keys(snap.Live))
		}
		// The languages' own images, once every working copy this save
		// makes or keeps is there to hold its language's.
		imagesLive, err := tx.saveLangImages(ctx, d)
		if err != nil {
			return err
		}
		saved.SharedChanged = saved.SharedChanged || imagesLive && existed
		if snap.LiveImages, err = tx.liveImages(ctx, d.ID, saved.Working); err != nil {
			return err
		}
		if err := tx.endReviews(ctx, d.ID, waiting, reviewsEnded(d, saved), nullID(ch.UserID)); err != nil {
			return err
		}
		if len(saved.Flagged) > 0 {
			if saved.Outdated, err = tx.behindLangs(ctx, d.ID); err != nil {
				return err
			}
			saved.Outdated = slices.DeleteFunc(saved.Outdated, func(l string) bool { return slices.Contains(behind, l) })
		}
		snap.ID, snap.Version = saved.ID, saved.Version
		snapshot, err := json.Marshal(snap)
		if err != nil {
			return err
		}
		var author *int64
		if ch.UserID != 0 {
			author = &ch.UserID
		}
		if _, err := tx.db.Exec(ctx, `INSERT INTO revisions (entry_id, version, author_id, snapshot, note)
			VALUES ($1, $2, $3, $4, $5)`, d.ID, saved.Version, author, snapshot, ch.Note); err != nil {
			return mapErr("revision", err)
		}
		a := AuditEntry{UserID: author, Action: ch.Action, ObjectType: "entry", ObjectID: d.ID, Summary: ch.Summary}
		if a.Summary == "" {
			a.Summary = titleOf(d)
		}
		if ch.IP.IsValid() {
			a.IP = &ch.IP
		}
		return tx.Audit(ctx, a)
	})
	return saved, err
}

// reviewsEnded says, by language, what a save did to the texts waiting
// for review that leave it without one: put live (Save and publish
// changes, or a draft published) or withdrawn (the live text put back in
// place of the submitted changes, or the text emptied and so removed).
// Any other save leaves a text waiting: an editor's polish, a schedule,
// an unpublish keeping the changes.
func reviewsEnded(d content.Draft, saved Saved) map[string]string {
	out := map[string]string{}
	for lang, t := range d.Texts {
		switch {
		case slices.Contains(saved.WentLive, lang):
			out[lang] = NoticePublished
		case t.Empty(), slices.Contains(saved.Dropped, lang):
			out[lang] = NoticeWithdrawn
		}
	}
	return out
}

// reviewCorrections answers "update the other languages?" for a language
// in review whose saver left it unanswered: no. A text in review is a
// translator's translation of the others, waiting for approval or sent
// back for more work; whoever changes it before it is approved is
// finishing that translation (an editor polishing it, the translator
// fixing what the review said), not changing what the entry says, so the
// other languages, the source among them, stay up to date. Left to
// content.Substantive, an editor's polish of a few words would mark the
// source, which the translation follows, as outdated. An editor who does
// change the meaning says so (UpdateYes). It sets the answer in d.Texts
// and returns those languages, in order.
func (s *Store) reviewCorrections(ctx context.Context, d content.Draft) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT lang FROM reviews WHERE entry_id = $1 ORDER BY lang`, d.ID)
	if err != nil {
		return nil, mapErr("reviews", err)
	}
	langs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, mapErr("reviews", err)
	}
	var out []string
	for _, lang := range langs {
		if t, ok := d.Texts[lang]; ok && !t.Empty() && t.Update == content.UpdateAuto {
			t.Update = content.UpdateNo
			d.Texts[lang] = t
			out = append(out, lang)
		}
	}
	return out, nil
}

// shared is the entry d saves over, as far as what every language shows:
// its shared lead image and, for an issue, its period, articles and
// editions.
func (s *Store) shared(ctx context.Context, d content.Draft) (content.Draft, error) {
	before := content.Draft{ID: d.ID, Kind: d.Kind}
	var lead *int64
	if err := s.db.QueryRow(ctx, `SELECT lead_image_id FROM entries WHERE id = $1`, d.ID).Scan(&lead); err != nil {
		return before, mapErr("lead image", err)
	}
	if lead != nil {
		before.LeadImageID = *lead
	}
	if d.Kind != content.KindNewsletter {
		return before, nil
	}
	return before, s.loadIssue(ctx, &before)
}

// saveLangImages gives each language of d its own lead image, or the
// shared one (NULL): in its working copy where it has one (made or kept
// by this save), to go live with the copy's text (publishCopy); else in
// the live text, at once, as the shared image is. A language the draft
// does not carry (one turned off) keeps its own. It reports whether a
// live image changed.
func (s *Store) saveLangImages(ctx context.Context, d content.Draft) (bool, error) {
	live := false
	for _, lang := range slices.Sorted(maps.Keys(d.Texts)) {
		if d.Texts[lang].Empty() {
			continue // no translation (any more): nothing to show it
		}
		tag, err := s.db.Exec(ctx, `UPDATE translation_drafts SET lead_image_id = nullif($3, 0::bigint)
			WHERE entry_id = $1 AND lang = $2`, d.ID, lang, d.LangImages[lang])
		if err != nil {
			return live, mapErr("language image "+lang, err)
		}
		if tag.RowsAffected() > 0 {
			continue // waits with the copy
		}
		if tag, err = s.db.Exec(ctx, `UPDATE translations SET lead_image_id = nullif($3, 0::bigint)
			WHERE entry_id = $1 AND lang = $2 AND lead_image_id IS DISTINCT FROM nullif($3, 0::bigint)`,
			d.ID, lang, d.LangImages[lang]); err != nil {
			return live, mapErr("language image "+lang, err)
		}
		live = live || tag.RowsAffected() > 0
	}
	return live, nil
}

// liveImages is the own lead image the public sees now of each of langs
// of an entry that has one.
func (s *Store) liveImages(ctx context.Context, id int64, langs []string) (map[string]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT lang, lead_image_id FROM translations
		WHERE entry_id = $1 AND lang = ANY($2) AND lead_image_id IS NOT NULL`, id, langs)
	if err != nil {
		return nil, mapErr("language images", err)
	}
	var out map[string]int64
	var lang string
	var mid int64
	_, err = pgx.ForEachRow(rows, []any{&lang, &mid}, func() error {
		if out == nil {
			out = map[string]int64{}
		}
		out[lang] = mid
		return nil
	})
	return out, mapErr("language images", err)
}

// snapshotOf is what a revision keeps of a draft: its content, without
// the one-time choices of a save and without the blank languages a form
// carries, so that the snapshot of a form and that of the stored entry
// compare equal when they say the same.
func snapshotOf(d content.Draft) content.Draft {
	snap := d
	snap.Texts, snap.Live, snap.LiveImages = map[string]content.Text{}, nil, nil
	for lang, t := range d.Texts {
		if t.Empty() {
			continue
		}
		t.InLine, t.Update, t.Publish = false, content.UpdateAuto, false
		snap.Texts[lang] = t
	}
	snap.Articles = nil
	for _, a := range d.Articles {
		b := content.ArticleDraft{ID: a.ID, Title: map[string]string{}, Body: map[string]string{}}
		for lang, title := range a.Title {
			if title != "" || a.Body[lang] != "" {
				b.Title[lang], b.Body[lang] = title, a.Body[lang]
			}
		}
		snap.Articles = append(snap.Articles, b)
	}
	return snap
}

// newRevision raises an entry's version for a change made outside a
// save (an approval, trash and restore) and records the entry as it now
// stands as that version's revision, as a save does: the revisions list,
// the compare page, the conflict page's three-way merge and "nothing to
// save" all read the revision at the entry's version.
func (s *Store) newRevision(ctx context.Context, id int64, author *int64, note string) error {
	if _, err := s.db.Exec(ctx, `UPDATE entries SET version = version + 1, updated_at = now() WHERE id = $1`, id); err != nil {
		return mapErr("new version", err)
	}
	d, _, err := s.EntryForEdit(ctx, id)
	if err != nil {
		return err
	}
	snap := snapshotOf(d)
	snap.Live, snap.LiveImages = d.Live, d.LiveImages
	snapshot, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `INSERT INTO revisions (entry_id, version, author_id, snapshot, note) VALUES ($1, $2, $3, $4, $5)`,
		id, d.Version, author, snapshot, note)
	return mapErr("revision", err)
}

// firstRevision records an imported or generated entry as it stands as
// its revision 1, so its original can always be restored.
func (s *Store) firstRevision(ctx context.Context, id int64) error {
	d, _, err := s.EntryForEdit(ctx, id)
	if err != nil {
		return err
	}
	d.Live = nil
	snap := snapshotOf(d)
	snapshot, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `INSERT INTO revisions (entry_id, version, snapshot, note) VALUES ($1, 1, $2, 'imported')
		ON CONFLICT (entry_id, version) DO UPDATE SET snapshot = EXCLUDED.snapshot`, id, snapshot)
	return mapErr("first revision", err)
}

// unchanged reports whether d is what the entry's current version already
// holds (jsonb equality ignores key order and spacing).
func (s *Store) unchanged(ctx context.Context, d content.Draft) (bool, error) {
	snapshot, err := json.Marshal(d)
	if err != nil {
		return false, err
	}
	var same bool
	err = s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM revisions r JOIN entries e ON e.id = r.entry_id AND e.version = r.version
		WHERE r.entry_id = $1 AND r.version = $2 AND r.snapshot - '{Live,LiveImages}'::text[] = $3::jsonb)`, d.ID, d.Version, snapshot).Scan(&same)
	return same, mapErr("unchanged", err)
}

// pending reports whether any of langs of an entry has a working copy.
func (s *Store) pending(ctx context.Context, id int64, langs []string) (bool, error) {
	var p bool
	err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM translation_drafts WHERE entry_id = $1 AND lang = ANY($2))`, id, langs).Scan(&p)
	return p, mapErr("working copies", err)
}

// titleOf is the title the audit line gives an entry: the English, else
// the Russian, else the first in code order.
func titleOf(d content.Draft) string {
	for _, lang := range []string{"en", "ru"} {
		if t := d.Texts[lang]; t.Title != "" {
			return t.Title
		}
	}
	for _, lang := range slices.Sorted(maps.Keys(d.Texts)) {
		if t := d.Texts[lang]; t.Title != "" {
			return t.Title
		}
	}
	return ""
}

// saveEntryRow writes the entry's own row; its status and published_at
// follow its languages' (a trigger sums them up).
func (s *Store) saveEntryRow(ctx context.Context, d content.Draft, author int64) (int64, int, error) {
	if d.ID == 0 {
		var id int64
		err := s.db.QueryRow(ctx, `INSERT INTO entries (kind, lead_image_id, author_id)
			VALUES ($1, nullif($2, 0::bigint), nullif($3, 0::bigint)) RETURNING id`, d.Kind, d.LeadImageID, author).Scan(&id)
		return id, 1, mapErr("insert entry", err)
	}
	var version int
	err := s.db.QueryRow(ctx, `UPDATE entries SET lead_image_id = nullif($3, 0::bigint),
		version = version + 1, updated_at = now()
		WHERE id = $1 AND version = $2 RETURNING version`, d.ID, d.Version, d.LeadImageID).Scan(&version)
	if errors.Is(err, pgx.ErrNoRows) {
		var exists bool
		if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM entries WHERE id = $1)`, d.ID).Scan(&exists); err != nil {
			return 0, 0, mapErr("entry exists", err)
		}
		if !exists {
			return 0, 0, fmt.Errorf("store: entry %d: %w", d.ID, ErrNotFound)
		}
		return 0, 0, fmt.Errorf("store: entry %d version %d: %w", d.ID, d.Version, ErrStale)
	}
	return d.ID, version, mapErr("update entry", err)
}

// textsSaved is what saveTexts did, language by language.
type textsSaved struct {
	flagged, quiet []string                // as Saved's
	wentLive       []string                // as Saved's
	dropped        []string                // working copies given up
	behind         []string                // languages behind another before the save
	live           map[string]content.Text // the live texts working copies hold back
	held           map[string]heldText     // the live languages the save did not change for the public
}

// heldText is a live language whose changes a save held back (its working
// copy), or whose publication alone it changed (KeepCopies): its articles'
// texts are held back with it (saveIssue).
type heldText struct {
	row       content.Text // the live text
	revision  int          // its revision before the save
	changesAt *time.Time   // when the changes go live by themselves
}

// saveTexts writes every language's text and publication. A language's
// revision moves on only when its change matters to the others (the
// saver's Update, or content.Substantive by default); the others then
// count as outdated until brought in line. A language that was live and
// stays live keeps its public text: the save goes to its working copy,
// unless the text says Publish; a working copy typed back to the live
// text is given up (dropCopy).
func (s *Store) saveTexts(ctx context.Context, d content.Draft, html Rendered, by int64) (out textsSaved, err error) {
	type old struct {
		text     content.Text // the editor's latest: the working copy, else the live row
		row      content.Text // the translations row (the public's, when live), with its publication
		wasLive  bool
		hasCopy  bool // it has a working copy (text is the copy)
		revision int
		base     *int // the live text's revision when its working copy began
		outdated bool // behind another language before this save
		changed  bool // its meaning changed, or it caught up: now in line
	}
	current := map[string]*old{}
	rows, err := s.db.Query(ctx, `SELECT t.lang, t.title, t.slug, t.summary, t.body_md, t.revision, `+outdatedSQL+`,
		t.status, t.published_at, t.status = 'published' AND t.published_at <= now(), w.entry_id IS NOT NULL,
		coalesce(w.title, ''), coalesce(w.slug, ''), coalesce(w.summary, ''), coalesce(w.body_md, ''), w.base_revision
		FROM translations t LEFT JOIN translation_drafts w USING (entry_id, lang)
		WHERE t.entry_id = $1 FOR UPDATE OF t`, d.ID)
	if err != nil {
		return out, mapErr("translations", err)
	}
	for rows.Next() {
		o := &old{}
		var lang string
		var w content.Text
		var at *time.Time
		if err := rows.Scan(&lang, &o.row.Title, &o.row.Slug, &o.row.Summary, &o.row.Body, &o.revision, &o.outdated,
			&o.row.Status, &at, &o.wasLive, &o.hasCopy, &w.Title, &w.Slug, &w.Summary, &w.Body, &o.base); err != nil {
			rows.Close()
			return out, mapErr("translations", err)
		}
		if at != nil {
			o.row.PublishAt = *at
		}
		o.text = o.row
		if o.hasCopy {
			o.text = w
		}
		current[lang] = o
	}
	if err := rows.Err(); err != nil {
		return out, mapErr("translations", err)
	}
	// Remove languages the editor emptied. A language the draft does not
	// carry at all (one turned off, so not in the form) is kept.
	for lang := range current {
		if t, ok := d.Texts[lang]; ok && t.Empty() {
			if _, err := s.db.Exec(ctx, `DELETE FROM translations WHERE entry_id = $1 AND lang = $2`, d.ID, lang); err != nil {
				return out, mapErr("delete translation", err)
			}
			delete(current, lang)
		}
	}
	// Working copies given up first (the live text typed back), and the
	// marks their changes put on the other languages with them, before
	// any language's change is weighed against those marks.
	for _, lang := range slices.Sorted(maps.Keys(d.Texts)) {
		if o := current[lang]; o != nil && o.hasCopy && o.wasLive && o.row.Says(d.Texts[lang]) {
			if err := s.dropCopy(ctx, d.ID, lang, o.base, o.revision); err != nil {
				return out, err
			}
			out.dropped = append(out.dropped, lang)
		}
	}
	if len(out.dropped) > 0 {
		behind, err := s.outdatedLangs(ctx, d.ID)
		if err != nil {
			return out, err
		}
		for lang, o := range current {
			o.outdated = slices.Contains(behind, lang)
		}
	}
	for lang, o := range current {
		if o.outdated {
			out.behind = append(out.behind, lang)
		}
	}
	var added []string
	revisions := map[string]int{}
	now := time.Now()
	for _, lang := range slices.Sorted(maps.Keys(d.Texts)) {
		t := d.Texts[lang]
		if t.Empty() {
			continue
		}
		var at *time.Time
		if !t.PublishAt.IsZero() {
			at = &t.PublishAt
		}
		o := current[lang]
		rev := 1
		working := false // the save goes to the working copy
		keep := false    // the save changes the live text's publication only
		if o == nil {
			err = s.db.QueryRow(ctx, `INSERT INTO translations (entry_id, kind, lang, title, slug, summary, body_md, body_html, status, published_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING revision`,
				d.ID, d.Kind, lang, t.Title, t.Slug, t.Summary, t.Body, html.Texts[lang], t.Status, at).Scan(&rev)
			added = append(added, lang)
			current[lang] = &old{changed: true}
			if t.Status == content.StatusPublished && !t.PublishAt.After(now) {
				out.wentLive = append(out.wentLive, lang)
			}
		} else {
			changed := !o.text.Says(t)
			rev = o.revision
			if slices.Contains(out.dropped, lang) {
				changed = false // the live text again (above)
			}
			if changed && len(current) > 1 {
				switch t.Update {
				case content.UpdateYes:
					rev++
				case content.UpdateAuto:
					// An outdated translation that changes is catching
					// up, not news for the others.
					if !o.outdated && content.Substantive(o.text, t) {
						rev++
					}
				}
				if rev > o.revision {
					out.flagged = append(out.flagged, lang)
				} else {
					out.quiet = append(out.quiet, lang)
				}
			}
			o.changed = rev > o.revision || (changed && o.outdated)
			// A live language that stays published keeps its public text
			// and publication: the save is its working copy, live on
			// "Publish changes" or, with a future time, at that time.
			scheduled := t.Status == content.StatusPublished && t.PublishAt.After(now)
			working = o.wasLive && t.Status == content.StatusPublished && (!t.Publish || scheduled)
			if working {
				var changesAt *time.Time
				if scheduled {
					changesAt = &t.PublishAt
				}
				err = s.saveWorkingCopy(ctx, d, lang, t, o.row, o.revision, html.Texts[lang], changesAt, by)
				if err == nil && !o.row.Says(t) {
					if out.live == nil {
						out.live = map[string]content.Text{}
					}
					out.live[lang] = o.row
				}
				if err == nil {
					_, err = s.db.Exec(ctx, `UPDATE translations SET revision = $3 WHERE entry_id = $1 AND lang = $2`, d.ID, lang, rev)
				}
				out.hold(lang, heldText{row: o.row, revision: o.revision, changesAt: changesAt})
			} else if d.KeepCopies && o.hasCopy {
				// Only the publication changes (Unpublish, Publish
				// again): the text the public read stays in the row,
				// with its own date, and the working copy waits on.
				keep = true
				row := o.row
				row.Status = t.Status
				_, err = s.db.Exec(ctx, `UPDATE translations SET revision = $3, status = $4,
					published_at = CASE WHEN $4 = 'published' THEN coalesce(published_at, now()) ELSE published_at END
					WHERE entry_id = $1 AND lang = $2`, d.ID, lang, rev, row.Status)
				if out.live == nil {
					out.live = map[string]content.Text{}
				}
				out.live[lang] = row
				out.hold(lang, heldText{row: o.row, revision: o.revision})
			} else {
				_, err = s.db.Exec(ctx, `UPDATE translations SET revision = $3,
					updated_at = CASE WHEN (title, slug, summary, body_md) IS DISTINCT FROM ($4, $5, $6, $7) THEN now() ELSE updated_at END,
					title = $4, slug = $5, summary = $6, body_md = $7, body_html = $8, status = $9, published_at = $10
					WHERE entry_id = $1 AND lang = $2`,
					d.ID, lang, rev, t.Title, t.Slug, t.Summary, t.Body, html.Texts[lang], t.Status, at)
				if err == nil {
					_, err = s.db.Exec(ctx, `DELETE FROM translation_drafts WHERE entry_id = $1 AND lang = $2`, d.ID, lang)
				}
				if err == nil && t.Status == content.StatusPublished {
					err = s.settleReturned(ctx, d.ID, lang)
				}
				if t.Status == content.StatusPublished && !t.PublishAt.After(now) && (!o.wasLive || !o.row.Says(t)) {
					out.wentLive = append(out.wentLive, lang)
				}
			}
		}
		var pgErr *pgconn.PgError
		var taken *SlugTakenError
		switch {
		case errors.As(err, &pgErr) && pgErr.Code == "23505":
			return out, &SlugTakenError{Lang: lang}
		case errors.As(err, &taken):
			return out, err
		case err != nil:
			return out, mapErr("save translation "+lang, err)
		}
		revisions[lang] = rev
		// The text as it stands at this revision: what a translator who
		// brings another language in line with it now has seen.
		if _, err := s.db.Exec(ctx, `INSERT INTO translation_versions (entry_id, lang, revision, title, summary, body_md)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (entry_id, lang, revision) DO UPDATE SET title = $4, summary = $5, body_md = $6, saved_at = now()`,
			d.ID, lang, rev, t.Title, t.Summary, t.Body); err != nil {
			return out, mapErr("translation version", err)
		}
		if working || keep {
			continue // the public URL stays until the changes are published
		}
		old := t.Slug
		if o != nil {
			old = o.row.Slug
		}
		if err := s.moveSlug(ctx, d.ID, lang, string(d.Kind), old, t.Slug); err != nil {
			return out, err
		}
	}
	// A text whose meaning changed, a new one, an outdated one that was
	// edited (the translator caught up), or one marked as checked is now
	// in line with every other language of the form as it stands; with a
	// language the form does not carry (turned off), it stays as it was.
	for lang, o := range current {
		if !o.changed && !d.Texts[lang].InLine {
			continue
		}
		synced := maps.Clone(revisions)
		delete(synced, lang)
		if _, err := s.db.Exec(ctx, `UPDATE translations SET synced = synced || $3 WHERE entry_id = $1 AND lang = $2`, d.ID, lang, synced); err != nil {
			return out, mapErr("synced", err)
		}
	}
	// Adding a translation leaves the others as they were: in line with it.
	for _, lang := range added {
		if _, err := s.db.Exec(ctx, `UPDATE translations SET synced = synced || jsonb_build_object($2::text, $3::int)
			WHERE entry_id = $1 AND lang <> $2`, d.ID, lang, revisions[lang]); err != nil {
			return out, mapErr("synced", err)
		}
	}
	return out, nil
}

func (out *textsSaved) hold(lang string, h heldText) {
	if out.held == nil {
		out.held = map[string]heldText{}
	}
	out.held[lang] = h
}

// dropCopy is a working copy given up: its text is the live text again.
// The languages in line with the live text when the working copy began
// (base) are in line again, whatever the changes marked; the language's
// own revision stays where the changes took it, and a language behind the
// live text already stays behind. (A language brought in line with the
// changes themselves counts as in line too, though it now says what the
// live text no longer does: nothing marks it the other way.)
func (s *Store) dropCopy(ctx context.Context, id int64, lang string, base *int, rev int) error {
	if base == nil || *base >= rev {
		return nil // no changes that marked anyone
	}
	_, err := s.db.Exec(ctx, `UPDATE translations SET synced = synced || jsonb_build_object($2::text, $3::int)
		WHERE entry_id = $1 AND lang <> $2 AND coalesce((synced ->> $2)::int, 0) >= $4`, id, lang, rev, *base)
	return mapErr("synced", err)
}

// outdatedSQL is true for a translation t that another language moved on
// from since it was last in line.
const outdatedSQL = `EXISTS (SELECT 1 FROM translations o WHERE o.entry_id = t.entry_id AND o.lang <> t.lang
	AND o.revision > coalesce((t.synced ->> o.lang)::int, 0))`

// outdatedLangs are the languages of an entry that need an update.
func (s *Store) outdatedLangs(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT t.lang FROM translations t WHERE t.entry_id = $1 AND `+outdatedSQL+` ORDER BY t.lang`, id)
	if err != nil {
		return nil, mapErr("outdated", err)
	}
	langs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return langs, mapErr("outdated", err)
}

// behindLangs are the languages of an entry that need an update: their
// text, or their text of one of an issue's articles (the outdated_since
// the triggers of migrations 00015 and 00035 keep).
func (s *Store) behindLangs(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT lang FROM translations WHERE entry_id = $1 AND outdated_since IS NOT NULL ORDER BY lang`, id)
	if err != nil {
		return nil, mapErr("outdated", err)
	}
	langs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return langs, mapErr("outdated", err)
}

// union is the sorted languages of a and b, each once.
func union(a, b []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(slices.Concat(a, b))))
}

// saveWorkingCopy keeps t as the working copy of a live text (row); a
// working copy that says what the live text says is no working copy. A
// new slug must be free now, so publishing the changes cannot fail on it.
func (s *Store) saveWorkingCopy(ctx context.Context, d content.Draft, lang string, t, row content.Text, base int, html string, at *time.Time, by int64) error {
	if row.Says(t) {
		_, err := s.db.Exec(ctx, `DELETE FROM translation_drafts WHERE entry_id = $1 AND lang = $2`, d.ID, lang)
		return err
	}
	if t.Slug != row.Slug {
		var taken bool
		if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM translations WHERE lang = $1 AND kind = $2 AND slug = $3 AND entry_id <> $4)`,
			lang, d.Kind, t.Slug, d.ID).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return &SlugTakenError{Lang: lang}
		}
	}
	// A new copy begins with the live image (saveLangImages then sets
	// the form's choice), so it holds the whole state it puts live.
	_, err := s.db.Exec(ctx, `INSERT INTO translation_drafts (entry_id, lang, title, slug, summary, body_md, body_html, publish_at, base_revision, saved_by,
			lead_image_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, nullif($10, 0::bigint),
			(SELECT lead_image_id FROM translations WHERE entry_id = $1 AND lang = $2))
		ON CONFLICT (entry_id, lang) DO UPDATE SET title = $3, slug = $4, summary = $5, body_md = $6, body_html = $7,
			publish_at = $8, saved_at = now(),
			-- Whose changes they are: the last to change them.
			saved_by = CASE WHEN (translation_drafts.title, translation_drafts.slug, translation_drafts.summary, translation_drafts.body_md)
				IS DISTINCT FROM ($3, $4, $5, $6) THEN EXCLUDED.saved_by ELSE translation_drafts.saved_by END`,
		d.ID, lang, t.Title, t.Slug, t.Summary, t.Body, html, at, base, by)
	return err
}

// notMailingLive is what ticking "send when it goes live" on an issue
// means for its languages live already: they went live before, so they
// are not mailed by it (the Send page mails them, with its test and
// confirmation) — they are recorded as handled in issue_mailings. Only
// when the box was not ticked before this save; run before the texts
// are saved, so a language going live in this very save is mailed.
func (s *Store) notMailingLive(ctx context.Context, id int64) error {
	_, err := s.db.Exec(ctx, `INSERT INTO issue_mailings (entry_id, lang)
		SELECT t.entry_id, t.lang FROM translations t JOIN newsletter_issues n USING (entry_id)
		WHERE t.entry_id = $1 AND NOT n.send_on_publish AND t.status = 'published' AND t.published_at <= now()
		ON CONFLICT DO NOTHING`, id)
	return mapErr("issue mail", err)
}

// articleText is one language's text of a saved article, as the save
// found it.
type articleText struct {
	title, body string // the editor's latest: the working copy's, else the live text
	live        bool   // the public's text exists (liveTitle, liveBody)
	liveTitle   string
	liveBody    string
	copy        bool // a working copy holds changes to it
	revision    int
	synced      map[string]int
	outdated    bool // behind another language of the article
}

// articlesSaved is what saveIssue did to the articles' texts, language by
// language: as textsSaved's, and the languages whose articles' changes
// wait in working copies.
type articlesSaved struct {
	flagged, quiet, behind []string
	wentLive, working      []string
}

// saveIssue writes the issue's period, articles and editions. An
// article's texts are outdated as an entry's are (saveTexts): a text's
// revision moves on only when its change matters to the other languages
// — the saver's choice for that language (Text.Update), or
// content.Substantive by default — and the article's other languages
// then count as outdated until brought in line: by a change of their
// own, or by "in line" ticked for their language.
//
// The texts of a language the save held back (held: live, its changes in
// a working copy) go to the articles' working copies, which go live with
// the language's (publishCopy); the articles themselves, their order and
// the editions are the issue's, live at once. A language whose articles
// have changes waiting gets a working copy of its own, though its text is
// the live one, so that "Publish changes", review and its time find them.
func (s *Store) saveIssue(ctx context.Context, d content.Draft, html Rendered, held map[string]heldText, by int64) (out articlesSaved, err error) {
	if _, err := s.db.Exec(ctx, `INSERT INTO newsletter_issues (entry_id, period, send_on_publish) VALUES ($1, $2, $3)
		ON CONFLICT (entry_id) DO UPDATE SET period = EXCLUDED.period, send_on_publish = EXCLUDED.send_on_publish`,
		d.ID, d.Period, d.SendOnPublish); err != nil {
		return out, mapErr("issue", err)
	}
	current, err := s.articleTexts(ctx, d.ID)
	if err != nil {
		return out, err
	}
	// The languages written live lose their articles' working copies: the
	// form's texts are what goes live.
	var unheld []string
	for lang := range d.Texts {
		if !hasKey(held, lang) {
			unheld = append(unheld, lang)
		}
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_article_drafts w USING newsletter_articles a
		WHERE a.id = w.article_id AND a.entry_id = $1 AND w.lang = ANY($2)`, d.ID, unheld); err != nil {
		return out, mapErr("article working copies", err)
	}
	now := time.Now()
	flagged, quiet, behind, wentLive := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	// went records that a text of lang changed for the public: it did
	// when lang is live now.
	went := func(lang string) {
		if t := d.Texts[lang]; t.Status == content.StatusPublished && !t.PublishAt.After(now) {
			wentLive[lang] = true
		}
	}
	for _, texts := range current {
		for lang, o := range texts {
			if o.outdated {
				behind[lang] = true
			}
		}
	}
	// Articles: keep those still listed (in the new order), add new ones,
	// drop the rest.
	keep := []int64{}
	for i, a := range d.Articles {
		id := a.ID
		if id != 0 {
			tag, err := s.db.Exec(ctx, `UPDATE newsletter_articles SET position = $3 WHERE id = $1 AND entry_id = $2`, id, d.ID, i+1)
			if err != nil {
				return out, mapErr("article", err)
			}
			if tag.RowsAffected() == 0 {
				id = 0 // not this issue's: treat as new
			}
		}
		if id == 0 {
			if err := s.db.QueryRow(ctx, `INSERT INTO newsletter_articles (entry_id, position) VALUES ($1, $2) RETURNING id`,
				d.ID, i+1).Scan(&id); err != nil {
				return out, mapErr("article", err)
			}
		}
		keep = append(keep, id)
		old := current[id] // nil for a new article
		// The languages the draft carries are written; one it does not
		// (turned off, so not in the form) keeps its text.
		revisions := map[string]int{}
		for lang, o := range old {
			if _, carried := a.Title[lang]; !carried && o.live {
				revisions[lang] = o.revision
			}
		}
		var added, caught []string
		for _, lang := range slices.Sorted(maps.Keys(a.Title)) {
			title, body := a.Title[lang], a.Body[lang]
			o, had := old[lang] // a text, live or in a working copy
			gone := title == "" && body == ""
			if gone && !had {
				continue
			}
			var rendered string
			if i < len(html.Articles) {
				rendered = html.Articles[i][lang]
			}
			isHeld := hasKey(held, lang)
			switch {
			case isHeld:
				// The public keeps reading the live text; the working
				// copy holds the form's, unless it says the same.
				if o.live && title == o.liveTitle && body == o.liveBody || !o.live && gone {
					if o.copy {
						if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_article_drafts WHERE article_id = $1 AND lang = $2`, id, lang); err != nil {
							return out, mapErr("article working copy", err)
						}
						// Changes given up, the live text back: no news
						// for the other languages.
						if o.live {
							revisions[lang] = o.revision
						}
						continue
					}
				} else if _, err := s.db.Exec(ctx, `INSERT INTO newsletter_article_drafts (article_id, lang, title, body_md, body_html, saved_by)
					VALUES ($1, $2, $3, $4, $5, nullif($6, 0::bigint))
					ON CONFLICT (article_id, lang) DO UPDATE SET title = $3, body_md = $4, body_html = $5,
						-- Whose changes they are: the last to change them.
						saved_by = CASE WHEN (newsletter_article_drafts.title, newsletter_article_drafts.body_md) IS DISTINCT FROM ($3, $4)
							THEN EXCLUDED.saved_by ELSE newsletter_article_drafts.saved_by END`,
					id, lang, title, body, rendered, by); err != nil {
					return out, mapErr("article working copy", err)
				}
				if !o.live {
					continue // a text the changes add: in line with the others when it goes live
				}
				if gone {
					revisions[lang] = o.revision // the live text stays until the changes go
					continue
				}
			case gone:
				if o.live {
					if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_article_translations WHERE article_id = $1 AND lang = $2`,
						id, lang); err != nil {
						return out, mapErr("article texts", err)
					}
					went(lang)
				}
				continue
			case !o.live:
				if _, err := s.db.Exec(ctx, `INSERT INTO newsletter_article_translations (article_id, lang, title, body_md, body_html)
					VALUES ($1, $2, $3, $4, $5)`, id, lang, title, body, rendered); err != nil {
					return out, mapErr("article text", err)
				}
				revisions[lang] = 0
				added = append(added, lang)
				went(lang)
				continue
			}
			rev := o.revision
			was, now := content.Text{Title: o.title, Body: o.body}, content.Text{Title: title, Body: body}
			if changed := o.title != title || o.body != body; changed && len(old) > 1 {
				switch d.Texts[lang].Update {
				case content.UpdateYes:
					rev++
				case content.UpdateAuto:
					// An outdated text that changes is catching up.
					if !o.outdated && content.Substantive(was, now) {
						rev++
					}
				}
				if rev > o.revision {
					flagged[lang] = true
				} else {
					quiet[lang] = true
				}
				if rev > o.revision || o.outdated {
					caught = append(caught, lang)
				}
			}
			if d.Texts[lang].InLine {
				caught = append(caught, lang)
			}
			if isHeld {
				_, err = s.db.Exec(ctx, `UPDATE newsletter_article_translations SET revision = $3 WHERE article_id = $1 AND lang = $2`,
					id, lang, rev)
			} else {
				_, err = s.db.Exec(ctx, `UPDATE newsletter_article_translations SET title = $3, body_md = $4, body_html = $5, revision = $6
					WHERE article_id = $1 AND lang = $2`, id, lang, title, body, rendered, rev)
				if title != o.liveTitle || body != o.liveBody {
					went(lang)
				}
			}
			if err != nil {
				return out, mapErr("article text", err)
			}
			revisions[lang] = rev
		}
		// A text whose meaning changed, one that caught up or was marked
		// as checked, and a new one are in line with every other language
		// of the article as it now stands; the others are in line with a
		// new one.
		for _, lang := range slices.Concat(caught, added) {
			synced := maps.Clone(revisions)
			delete(synced, lang)
			if _, err := s.db.Exec(ctx, `UPDATE newsletter_article_translations SET synced = synced || $3 WHERE article_id = $1 AND lang = $2`,
				id, lang, synced); err != nil {
				return out, mapErr("article synced", err)
			}
		}
		for _, lang := range added {
			if _, err := s.db.Exec(ctx, `UPDATE newsletter_article_translations SET synced = synced || jsonb_build_object($2::text, $3::int)
				WHERE article_id = $1 AND lang <> $2`, id, lang, revisions[lang]); err != nil {
				return out, mapErr("article synced", err)
			}
		}
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_articles WHERE entry_id = $1 AND NOT (id = ANY($2))`, d.ID, keep); err != nil {
		return out, mapErr("articles", err)
	}
	if out.working, err = s.copyForArticles(ctx, d.ID, held, by); err != nil {
		return out, err
	}
	out.flagged = slices.Sorted(maps.Keys(flagged))
	out.quiet = slices.Sorted(maps.Keys(quiet))
	out.behind = slices.Sorted(maps.Keys(behind))
	out.wentLive = slices.Sorted(maps.Keys(wentLive))
	return out, s.saveEditions(ctx, d)
}

// copyForArticles gives each held language whose articles have changes
// waiting a working copy, the live text's, where it has none (its own
// text is as live); it returns the languages whose articles have changes
// waiting.
func (s *Store) copyForArticles(ctx context.Context, entryID int64, held map[string]heldText, by int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT w.lang FROM newsletter_article_drafts w
		JOIN newsletter_articles a ON a.id = w.article_id WHERE a.entry_id = $1 ORDER BY 1`, entryID)
	if err != nil {
		return nil, mapErr("article working copies", err)
	}
	langs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, mapErr("article working copies", err)
	}
	for _, lang := range langs {
		h, ok := held[lang]
		if !ok {
			continue // not in the form (turned off): as it was
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO translation_drafts (entry_id, lang, title, slug, summary, body_md, body_html,
				publish_at, base_revision, saved_by, lead_image_id)
			SELECT entry_id, lang, title, slug, summary, body_md, body_html, $3, $4, nullif($5, 0::bigint), lead_image_id
			FROM translations WHERE entry_id = $1 AND lang = $2
			ON CONFLICT (entry_id, lang) DO NOTHING`, entryID, lang, h.changesAt, h.revision, by); err != nil {
			return nil, mapErr("working copy", err)
		}
	}
	return langs, nil
}

// articleTexts reads an issue's article texts, by article and language:
// the live texts, each with whether it is behind another language of its
// article, and the working copies' changes to them.
func (s *Store) articleTexts(ctx context.Context, entryID int64) (map[int64]map[string]articleText, error) {
	rows, err := s.db.Query(ctx, `SELECT m.article_id, m.lang, m.title, m.body_md, m.revision, m.synced,
		EXISTS (SELECT 1 FROM newsletter_article_translations o WHERE o.article_id = m.article_id AND o.lang <> m.lang
		        AND o.revision > coalesce((m.synced ->> o.lang)::int, 0))
		FROM newsletter_articles a JOIN newsletter_article_translations m ON m.article_id = a.id
		WHERE a.entry_id = $1 FOR UPDATE OF m`, entryID)
	if err != nil {
		return nil, mapErr("article texts", err)
	}
	defer rows.Close()
	out := map[int64]map[string]articleText{}
	for rows.Next() {
		var id int64
		var lang string
		t := articleText{live: true}
		if err := rows.Scan(&id, &lang, &t.liveTitle, &t.liveBody, &t.revision, &t.synced, &t.outdated); err != nil {
			return nil, mapErr("article texts", err)
		}
		t.title, t.body = t.liveTitle, t.liveBody
		if out[id] == nil {
			out[id] = map[string]articleText{}
		}
		out[id][lang] = t
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr("article texts", err)
	}
	rows, err = s.db.Query(ctx, `SELECT w.article_id, w.lang, w.title, w.body_md
		FROM newsletter_articles a JOIN newsletter_article_drafts w ON w.article_id = a.id
		WHERE a.entry_id = $1 FOR UPDATE OF w`, entryID)
	if err != nil {
		return nil, mapErr("article working copies", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang, title, body string
		if err := rows.Scan(&id, &lang, &title, &body); err != nil {
			return nil, mapErr("article working copies", err)
		}
		if out[id] == nil {
			out[id] = map[string]articleText{}
		}
		t := out[id][lang]
		t.title, t.body, t.copy = title, body, true
		out[id][lang] = t
	}
	return out, mapErr("article working copies", rows.Err())
}

// hasKey reports whether m has key k.
func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// saveEditions writes an issue's PDF editions.
func (s *Store) saveEditions(ctx context.Context, d content.Draft) error {
	// Editions of the languages on the site (the form's) and of those the
	// draft names are replaced; a language turned off keeps its edition.
	if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_editions WHERE entry_id = $1
		AND (lang = ANY($2) OR lang IN (SELECT code FROM languages WHERE enabled))`,
		d.ID, slices.Collect(maps.Keys(d.Editions))); err != nil {
		return mapErr("editions", err)
	}
	for lang, mid := range d.Editions {
		if mid == 0 {
			continue
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO newsletter_editions (entry_id, lang, media_id) VALUES ($1, $2, $3)`, d.ID, lang, mid); err != nil {
			return mapErr("edition "+lang, err)
		}
	}
	return nil
}

// Revision is a saved version of an entry.
type Revision struct {
	Version   int
	Author    Person // no one for a revision the command line made
	Note      string
	CreatedAt time.Time
	Draft     content.Draft
}

// Revisions lists an entry's revisions, newest first, without snapshots.
func (s *Store) Revisions(ctx context.Context, entryID int64) ([]Revision, error) {
	rows, err := s.db.Query(ctx, `SELECT r.version, coalesce(u.name, ''), coalesce(u.email, ''), r.note, r.created_at
		FROM revisions r LEFT JOIN users u ON u.id = r.author_id WHERE r.entry_id = $1 ORDER BY r.version DESC`, entryID)
	if err != nil {
		return nil, mapErr("revisions", err)
	}
	revs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Revision, error) {
		var r Revision
		err := row.Scan(&r.Version, &r.Author.Name, &r.Author.Email, &r.Note, &r.CreatedAt)
		return r, err
	})
	return revs, mapErr("revisions", err)
}

// RevisionAt returns one revision with the entry as it was then.
func (s *Store) RevisionAt(ctx context.Context, entryID int64, version int) (Revision, error) {
	var r Revision
	var snap []byte
	err := s.db.QueryRow(ctx, `SELECT r.version, coalesce(u.name, ''), coalesce(u.email, ''), r.note, r.created_at, r.snapshot
		FROM revisions r LEFT JOIN users u ON u.id = r.author_id WHERE r.entry_id = $1 AND r.version = $2`,
		entryID, version).Scan(&r.Version, &r.Author.Name, &r.Author.Email, &r.Note, &r.CreatedAt, &snap)
	if err != nil {
		return r, mapErr(fmt.Sprintf("revision %d/%d", entryID, version), err)
	}
	if err := json.Unmarshal(snap, &r.Draft); err != nil {
		return r, fmt.Errorf("store: revision %d/%d: %w", entryID, version, err)
	}
	// Revisions from before each language had its own publication kept
	// the entry's: every language had it.
	var entryWide struct {
		Status    content.Status
		PublishAt time.Time
	}
	if err := json.Unmarshal(snap, &entryWide); err == nil && entryWide.Status != "" {
		for lang, t := range r.Draft.Texts {
			if t.Status == "" {
				t.Status, t.PublishAt = entryWide.Status, entryWide.PublishAt
				r.Draft.Texts[lang] = t
			}
		}
	}
	return r, nil
}

// PublishDue puts live the working copies whose time has come (of texts
// still published: a text taken down keeps its copy waiting), each in
// its own transaction step: the live text becomes the working copy's (the
// old URL answering 301 if the slug changed), with an audit line. Run by
// every instance; the row lock makes each happen once. A working copy
// that cannot go live (its new slug was taken since) loses its time and
// waits for an editor, with an audit line saying so. It returns how many
// went live.
func (s *Store) PublishDue(ctx context.Context) (int, error) {
	n := 0
	for {
		done := false
		err := s.InTx(ctx, func(tx *Store) error {
			var entryID int64
			var lang, kind, oldSlug string
			var w content.Text
			var html string
			err := tx.db.QueryRow(ctx, `SELECT w.entry_id, w.lang, t.kind, t.slug, w.title, w.slug, w.summary, w.body_md, w.body_html
				FROM translation_drafts w JOIN translations t USING (entry_id, lang)
				WHERE `+scheduledChanges+` AND w.publish_at <= now() ORDER BY w.publish_at LIMIT 1
				FOR UPDATE OF w SKIP LOCKED`).Scan(&entryID, &lang, &kind, &oldSlug, &w.Title, &w.Slug, &w.Summary, &w.Body, &html)
			if errors.Is(err, pgx.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return mapErr("due changes", err)
			}
			a := AuditEntry{Action: "entry.publish_scheduled", ObjectType: "entry", ObjectID: entryID, Summary: w.Title + " [" + lang + "]"}
			if err := tx.publishCopy(ctx, entryID, lang, kind, oldSlug, w, html); err != nil {
				var taken *SlugTakenError
				if !errors.As(err, &taken) {
					return err
				}
				if _, err := tx.db.Exec(ctx, `UPDATE translation_drafts SET publish_at = NULL WHERE entry_id = $1 AND lang = $2`, entryID, lang); err != nil {
					return mapErr("due changes", err)
				}
				a.Action = "entry.publish_scheduled_failed"
				return tx.Audit(ctx, a)
			}
			n++
			// A text waiting for review whose changes an editor
			// scheduled: it went live without the review.
			waiting, err := tx.waitingReviews(ctx, entryID)
			if err != nil {
				return err
			}
			if err := tx.endReviews(ctx, entryID, waiting, map[string]string{lang: NoticePublished}, nil); err != nil {
				return err
			}
			return tx.Audit(ctx, a)
		})
		if err != nil || done {
			return n, err
		}
	}
}

// publishCopy makes a working copy the live text, with its articles'
// texts and the language's own lead image, in a savepoint so that a
// taken slug leaves the transaction usable.
func (s *Store) publishCopy(ctx context.Context, entryID int64, lang, kind, oldSlug string, w content.Text, html string) error {
	return s.InTx(ctx, func(tx *Store) error {
		_, err := tx.db.Exec(ctx, `UPDATE translations SET title = $3, slug = $4, summary = $5, body_md = $6, body_html = $7, updated_at = now()
			WHERE entry_id = $1 AND lang = $2`, entryID, lang, w.Title, w.Slug, w.Summary, w.Body, html)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return &SlugTakenError{Lang: lang}
		}
		if err != nil {
			return mapErr("publish changes", err)
		}
		if err := tx.moveSlug(ctx, entryID, lang, kind, oldSlug, w.Slug); err != nil {
			return err
		}
		if err := tx.publishArticleCopies(ctx, entryID, lang); err != nil {
			return err
		}
		// The language's own image goes live with its text (a change
		// moves the entry's public date: the trigger of migration 00043).
		if _, err = tx.db.Exec(ctx, `UPDATE translations t SET lead_image_id = w.lead_image_id FROM translation_drafts w
			WHERE w.entry_id = t.entry_id AND w.lang = t.lang AND t.entry_id = $1 AND t.lang = $2
				AND t.lead_image_id IS DISTINCT FROM w.lead_image_id`, entryID, lang); err != nil {
			return mapErr("publish changes", err)
		}
		if _, err = tx.db.Exec(ctx, `DELETE FROM translation_drafts WHERE entry_id = $1 AND lang = $2`, entryID, lang); err != nil {
			return mapErr("publish changes", err)
		}
		return tx.settleReturned(ctx, entryID, lang)
	})
}

// publishArticleCopies makes the working copies of an issue's article
// texts in a language live with the language's: a changed text replaces
// the live one, an emptied one takes it away, and a new one is in line
// with the article's other languages as they stand (and they with it),
// as a text added by a save is.
func (s *Store) publishArticleCopies(ctx context.Context, entryID int64, lang string) error {
	const copies = `FROM newsletter_article_drafts w JOIN newsletter_articles a ON a.id = w.article_id
		WHERE a.entry_id = $1 AND w.lang = $2`
	for _, sql := range []string{
		`DELETE FROM newsletter_article_translations m WHERE (m.article_id, m.lang) IN
			(SELECT w.article_id, w.lang ` + copies + ` AND w.title = '')`,
		`UPDATE newsletter_article_translations m SET title = c.title, body_md = c.body_md, body_html = c.body_html
			FROM (SELECT w.article_id, w.title, w.body_md, w.body_html ` + copies + ` AND w.title <> '') c
			WHERE m.article_id = c.article_id AND m.lang = $2`,
		`WITH added AS (
			INSERT INTO newsletter_article_translations (article_id, lang, title, body_md, body_html, synced)
			SELECT w.article_id, w.lang, w.title, w.body_md, w.body_html,
				(SELECT coalesce(jsonb_object_agg(o.lang, o.revision), '{}') FROM newsletter_article_translations o
				 WHERE o.article_id = w.article_id)
			` + copies + ` AND w.title <> ''
				AND NOT EXISTS (SELECT 1 FROM newsletter_article_translations m WHERE m.article_id = w.article_id AND m.lang = w.lang)
			RETURNING article_id)
		UPDATE newsletter_article_translations o SET synced = o.synced || jsonb_build_object($2::text, 0)
			FROM added WHERE o.article_id = added.article_id AND o.lang <> $2`,
		`DELETE FROM newsletter_article_drafts WHERE lang = $2
			AND article_id IN (SELECT id FROM newsletter_articles WHERE entry_id = $1)`,
	} {
		if _, err := s.db.Exec(ctx, sql, entryID, lang); err != nil {
			return mapErr("publish article changes", err)
		}
	}
	return nil
}

// settleReturned drops a language's review sent back to its translator
// once the text is published: the editor took it from there, and it is no
// longer on the translator's list of texts to mend.
func (s *Store) settleReturned(ctx context.Context, entryID int64, lang string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM reviews WHERE entry_id = $1 AND lang = $2 AND state = 'returned'`, entryID, lang)
	return mapErr("settle review", err)
}

// moveSlug records that a live text's address went from old to slug: the
// old URL keeps answering with a 301, and the new one no longer
// redirects elsewhere.
func (s *Store) moveSlug(ctx context.Context, id int64, lang, kind, old, slug string) error {
	if old != slug {
		if _, err := s.db.Exec(ctx, `INSERT INTO slug_history (lang, kind, slug, entry_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT (lang, kind, slug) DO UPDATE SET entry_id = EXCLUDED.entry_id, created_at = now()`,
			lang, kind, old, id); err != nil {
			return mapErr("slug history", err)
		}
	}
	_, err := s.db.Exec(ctx, `DELETE FROM slug_history WHERE lang = $1 AND kind = $2 AND slug = $3`, lang, kind, slug)
	return mapErr("slug history", err)
}
