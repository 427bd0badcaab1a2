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
	Edition *content.Media
}

const feedItemsSQL = `SELECT` + itemColumns + `,
	m.id, m.sha256, m.filename, m.content_type, m.size, m.created_at
	FROM entries e
	JOIN translations t ON t.entry_id = e.id
	LEFT JOIN newsletter_editions ed ON ed.entry_id = e.id AND ed.lang = t.lang
	LEFT JOIN media m ON m.id = ed.media_id
	WHERE ` + visible + ` AND t.lang = $1 AND e.kind = ANY($2)
	ORDER BY e.published_at DESC, e.id DESC
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
		err := row.Scan(itemDest(it, &mID, &mHash, &mName, &mType, &mSize, &mCreated)...)
		itemScanned(it)
		if mID != nil {
			fi.Edition = &content.Media{ID: *mID, SHA256: *mHash, Filename: *mName, ContentType: *mType, Size: *mSize, CreatedAt: *mCreated}
		}
		return fi, err
	})
	return items, mapErr("feed items", err)
}
