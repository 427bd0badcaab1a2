package store

import (
	"context"
	"fmt"
	"slices"
	"time"
	"vestnik/internal/content"
)

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
