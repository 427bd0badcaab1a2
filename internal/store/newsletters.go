package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

const newsletterColumns = itemColumns + editionColumns

// newsletterTeaserColumns are newsletterColumns for lists and the home
// page, which show an issue's title, period and edition but neither its
// text nor its other languages (teaserColumns).
const newsletterTeaserColumns = teaserColumns + editionColumns

const editionColumns = `, n.period,
	m.id, m.sha256, m.filename, m.content_type, m.size, m.created_at`

// newsletterFrom is the visible issues in language $1, with their PDF
// edition in that language (m), if any: newsletterJoins, then
// newsletterWhere, between which a statement may join more.
const newsletterFrom = newsletterJoins + newsletterWhere

const newsletterJoins = `
	FROM entries e
	JOIN translations t ON t.entry_id = e.id
	JOIN newsletter_issues n ON n.entry_id = e.id
	LEFT JOIN newsletter_editions ed ON ed.entry_id = e.id AND ed.lang = t.lang
	LEFT JOIN media m ON m.id = ed.media_id`

const newsletterWhere = `
	WHERE ` + visible + ` AND e.kind = 'newsletter' AND t.lang = $1`

func scanNewsletter(row pgx.CollectableRow) (content.Newsletter, error) {
	return scanNewsletterThen(row)
}

// scanNewsletterThen scans a newsletter's columns, then more.
func scanNewsletterThen(row pgx.CollectableRow, more ...any) (content.Newsletter, error) {
	var n content.Newsletter
	var (
		mID                 *int64
		mHash, mName, mType *string
		mSize               *int64
		mCreated            *time.Time
	)
	it := &n.Item
	err := scanRow(row, itemDest(it, append([]any{&n.Period, &mID, &mHash, &mName, &mType, &mSize, &mCreated}, more...)...)...)
	itemScanned(it)
	if mID != nil {
		n.Edition = &content.Media{ID: *mID, SHA256: *mHash, Filename: *mName, ContentType: *mType, Size: *mSize, CreatedAt: *mCreated}
	}
	return n, err
}

const newslettersSQL = `SELECT` + newsletterTeaserColumns + newsletterFrom + ` ORDER BY n.period DESC, e.id DESC`

// Newsletters returns every visible newsletter issue in a language, newest
// period first, as teasers: without articles, text or other languages.
func (s *Store) Newsletters(ctx context.Context, lang string) ([]content.Newsletter, error) {
	rows, err := s.db.Query(ctx, newslettersSQL, lang)
	if err != nil {
		return nil, mapErr("newsletters", err)
	}
	ns, err := pgx.CollectRows(rows, scanNewsletter)
	return ns, mapErr("newsletters", err)
}

const newsletterBySlugSQL = `SELECT` + newsletterColumns + newsletterFrom + ` AND t.slug = $2`

const articlesSQL = `SELECT a.id, a.position, t.title, t.body_html
	FROM newsletter_articles a JOIN newsletter_article_translations t ON t.article_id = a.id AND t.lang = $2
	WHERE a.entry_id = $1 ORDER BY a.position, a.id`

// NewsletterBySlug returns a visible issue with its articles in order.
func (s *Store) NewsletterBySlug(ctx context.Context, lang, slug string) (content.Newsletter, error) {
	return s.newsletter(ctx, "newsletter "+lang+"/"+slug, newsletterBySlugSQL, lang, slug)
}

const newsletterByIDSQL = `SELECT` + newsletterColumns + newsletterFrom + ` AND e.id = $2`

// NewsletterByID returns a visible issue in a language with its articles
// in order; ErrNotFound when it is not public or has no such translation.
func (s *Store) NewsletterByID(ctx context.Context, lang string, id int64) (content.Newsletter, error) {
	return s.newsletter(ctx, fmt.Sprintf("newsletter %s/%d", lang, id), newsletterByIDSQL, lang, id)
}

// newsletter reads the one issue sql finds in lang (its first argument),
// then its articles in order.
func (s *Store) newsletter(ctx context.Context, what, sql, lang string, key any) (content.Newsletter, error) {
	rows, err := s.db.Query(ctx, sql, lang, key)
	if err != nil {
		return content.Newsletter{}, mapErr(what, err)
	}
	n, err := pgx.CollectExactlyOneRow(rows, scanNewsletter)
	if err != nil {
		return n, mapErr(what, err)
	}
	rows, err = s.db.Query(ctx, articlesSQL, n.ID, lang)
	if err != nil {
		return n, mapErr("articles", err)
	}
	n.Articles, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (content.Article, error) {
		var a content.Article
		err := row.Scan(&a.ID, &a.Position, &a.Title, &a.BodyHTML)
		return a, err
	})
	return n, mapErr("articles", err)
}

const latestNewsletterSQL = `SELECT` + newsletterColumns + newsletterFrom + latestFirst

// latestFirst orders a newsletter query's issues, the latest period
// first, and keeps the first: in the order of the issues' index by period
// (newsletter_issues_period, migration 00057), which a plan walks until
// it meets a visible one instead of sorting every issue.
const latestFirst = ` ORDER BY n.period DESC, n.entry_id DESC LIMIT 1`

// LatestNewsletter returns the visible issue with the latest period.
func (s *Store) LatestNewsletter(ctx context.Context, lang string) (content.Newsletter, error) {
	rows, err := s.db.Query(ctx, latestNewsletterSQL, lang)
	if err != nil {
		return content.Newsletter{}, mapErr("latest newsletter", err)
	}
	n, err := pgx.CollectExactlyOneRow(rows, scanNewsletter)
	return n, mapErr("latest newsletter", err)
}

// NewArticle is an article of a new issue: title, Markdown and rendered
// HTML by language.
type NewArticle struct {
	Title, BodyMD, BodyHTML map[string]string
}

// NewNewsletter is a newsletter issue to create.
type NewNewsletter struct {
	NewEntry
	Period   time.Time
	Articles []NewArticle
	Editions map[string]int64 // language → media id of the PDF edition
}

const (
	insertIssueSQL     = `INSERT INTO newsletter_issues (entry_id, period) VALUES ($1, $2)`
	insertArticleSQL   = `INSERT INTO newsletter_articles (entry_id, position) VALUES ($1, $2) RETURNING id`
	insertArticleTrSQL = `INSERT INTO newsletter_article_translations (article_id, lang, title, body_md, body_html) VALUES ($1, $2, $3, $4, $5)`
	insertEditionSQL   = `INSERT INTO newsletter_editions (entry_id, lang, media_id) VALUES ($1, $2, $3)`
)

// CreateNewsletter inserts an issue with its translations, articles and
// editions in one transaction, dated as published (as CreateEntry).
func (s *Store) CreateNewsletter(ctx context.Context, nn NewNewsletter) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		return tx.keepingDates(ctx, func() error { return tx.createNewsletter(ctx, nn, &id) })
	})
	return id, err
}

func (s *Store) createNewsletter(ctx context.Context, nn NewNewsletter, id *int64) error {
	nn.Kind = content.KindNewsletter
	var err error
	if *id, err = s.CreateEntry(ctx, nn.NewEntry); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, insertIssueSQL, *id, nn.Period); err != nil {
		return mapErr("insert issue", err)
	}
	for i, a := range nn.Articles {
		var aid int64
		if err := s.db.QueryRow(ctx, insertArticleSQL, *id, i+1).Scan(&aid); err != nil {
			return mapErr("insert article", err)
		}
		for lang, title := range a.Title {
			if _, err := s.db.Exec(ctx, insertArticleTrSQL, aid, lang, title, a.BodyMD[lang], a.BodyHTML[lang]); err != nil {
				return mapErr("insert article "+lang, err)
			}
		}
	}
	for lang, mid := range nn.Editions {
		if _, err := s.db.Exec(ctx, insertEditionSQL, *id, lang, mid); err != nil {
			return mapErr("insert edition "+lang, err)
		}
	}
	return s.firstRevision(ctx, *id) // now with the articles and editions
}

const editionsSQL = `SELECT ed.lang, m.id, m.sha256, m.filename, m.content_type, m.size, m.created_at
	FROM newsletter_editions ed JOIN media m ON m.id = ed.media_id WHERE ed.entry_id = $1`

// Editions returns an issue's PDF editions by language.
func (s *Store) Editions(ctx context.Context, entryID int64) (map[string]content.Media, error) {
	rows, err := s.db.Query(ctx, editionsSQL, entryID)
	if err != nil {
		return nil, mapErr("editions", err)
	}
	defer rows.Close()
	out := map[string]content.Media{}
	for rows.Next() {
		var lang string
		var m content.Media
		if err := rows.Scan(&lang, &m.ID, &m.SHA256, &m.Filename, &m.ContentType, &m.Size, &m.CreatedAt); err != nil {
			return nil, mapErr("editions", err)
		}
		out[lang] = m
	}
	return out, mapErr("editions", rows.Err())
}
