package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

// FeedItem is a visible entry in a feed, with its PDF edition in that
// language when it is a newsletter issue.
type FeedItem struct {
	content.Item
	Edition  *content.Media
	Articles []content.Article // a newsletter issue's articles in the language, in order
}

const feedItemsSQL = `SELECT` + itemColumns + `,
	m.id, m.sha256, m.filename, m.content_type, m.size, m.created_at
	FROM entries e
	JOIN translations t ON t.entry_id = e.id
	LEFT JOIN newsletter_editions ed ON ed.entry_id = e.id AND ed.lang = t.lang
	LEFT JOIN media m ON m.id = ed.media_id
	WHERE ` + visible + ` AND t.lang = $1 AND e.kind = ANY($2)
	ORDER BY t.published_at DESC, e.id DESC
	LIMIT $3`

// FeedItems returns the newest visible entries of the kinds in a language.
func (s *Store) FeedItems(ctx context.Context, lang string, kinds []content.Kind, limit int) ([]FeedItem, error) {
	ks := make([]string, len(kinds))
	for i, k := range kinds {
		ks[i] = string(k)
	}
	rows, err := s.db.Query(ctx, feedItemsSQL, lang, ks, limit)
	if err != nil {
		return nil, mapErr("feed items", err)
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (FeedItem, error) {
		var fi FeedItem
		var mID, mSize *int64
		var mHash, mName, mType *string
		var mCreated *time.Time
		it := &fi.Item
		err := scanRow(row, itemDest(it, &mID, &mHash, &mName, &mType, &mSize, &mCreated)...)
		itemScanned(it)
		if mID != nil {
			fi.Edition = &content.Media{ID: *mID, SHA256: *mHash, Filename: *mName, ContentType: *mType, Size: *mSize, CreatedAt: *mCreated}
		}
		return fi, err
	})
	if err != nil {
		return nil, mapErr("feed items", err)
	}
	return items, s.feedArticles(ctx, lang, items)
}

// feedArticles adds their articles to the newsletter issues among items,
// in one query.
func (s *Store) feedArticles(ctx context.Context, lang string, items []FeedItem) error {
	var ids []int64
	at := map[int64]int{}
	for i, it := range items {
		if it.Entry.Kind == content.KindNewsletter {
			ids = append(ids, it.ID)
			at[it.ID] = i
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := s.db.Query(ctx, `SELECT a.entry_id, a.id, a.position, t.title, t.body_html
		FROM newsletter_articles a JOIN newsletter_article_translations t ON t.article_id = a.id AND t.lang = $2
		WHERE a.entry_id = ANY($1) ORDER BY a.entry_id, a.position, a.id`, ids, lang)
	if err != nil {
		return mapErr("feed articles", err)
	}
	defer rows.Close()
	for rows.Next() {
		var entry int64
		var a content.Article
		if err := rows.Scan(&entry, &a.ID, &a.Position, &a.Title, &a.BodyHTML); err != nil {
			return mapErr("feed articles", err)
		}
		it := &items[at[entry]]
		it.Articles = append(it.Articles, a)
	}
	return mapErr("feed articles", rows.Err())
}
