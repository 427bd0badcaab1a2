package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

// Front is what the home page of a language shows of its content.
type Front struct {
	News  []content.Item      // the newest news, as lists show them (teaserColumns)
	Issue *content.Newsletter // the latest newsletter issue, if any, as a teaser
	About *content.Item       // the "about" page, if visible, as a teaser
	// Images are the news' and the issue's lead images, by ID.
	Images map[int64]content.Image
}

// Front reads the home page's content in one round trip: the queries do
// not depend on each other, and on a page read this often the round trips
// cost more than the queries. The news and the issue come with their lead
// images (leadImageJoin): two statements fewer, a sixth of the page's
// database time.
func (s *Store) Front(ctx context.Context, lang string, news int) (Front, error) {
	b := &pgx.Batch{}
	b.Queue(limitSQL(newestItemsSQL, news), content.KindNews, lang)
	b.Queue(latestTeaserSQL, lang)
	b.Queue(teaserByKeySQL, "about", lang)
	res := s.db.SendBatch(ctx, b)
	f, err := readFront(res, news)
	if cerr := res.Close(); err == nil {
		err = cerr
	}
	return f, mapErr("front page "+lang, err)
}

func readFront(res pgx.BatchResults, news int) (Front, error) {
	f := Front{Images: map[int64]content.Image{}}
	rows, err := res.Query()
	if err != nil {
		return f, err
	}
	if f.News, err = pgx.AppendRows(make([]content.Item, 0, news), rows, scanTeaser(f.Images)); err != nil {
		return f, err
	}
	if f.Issue, err = optionalRow(res, func(row pgx.CollectableRow) (content.Newsletter, error) {
		var im imageFields
		n, err := scanNewsletterThen(row, im.leadDest()...)
		keepImage(&im, f.Images)
		return n, err
	}); err != nil {
		return f, err
	}
	f.About, err = optionalRow(res, scanItem)
	return f, err
}

// optionalRow reads the next result of a batch: one row, or none (nil).
func optionalRow[T any](res pgx.BatchResults, scan pgx.RowToFunc[T]) (*T, error) {
	rows, err := res.Query()
	if err != nil {
		return nil, err
	}
	v, err := pgx.CollectExactlyOneRow(rows, scan)
	switch {
	case err == nil:
		return &v, nil
	case errors.Is(err, pgx.ErrNoRows):
		return nil, nil
	}
	return nil, err
}
