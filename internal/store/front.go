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
// not depend on each other (the lead images are read by the same
// selections as the news and the issue), and on a page read this often
// the round trips cost more than the queries.
func (s *Store) Front(ctx context.Context, lang string, news int) (Front, error) {
	b := &pgx.Batch{}
	b.Queue(limitSQL(newestItemsSQL, news), content.KindNews, lang)
	b.Queue(latestTeaserSQL, lang)
	b.Queue(teaserByKeySQL, "about", lang)
	b.Queue(imagesSQL+` IN (SELECT e.lead_image_id`+limitSQL(newestItemsFrom, news)+`)`, content.KindNews, lang)
	b.Queue(imagesSQL+` = (SELECT e.lead_image_id`+newsletterFrom+latestFirst+`)`, lang)
	res := s.db.SendBatch(ctx, b)
	f, err := readFront(res)
	if cerr := res.Close(); err == nil {
		err = cerr
	}
	return f, mapErr("front page "+lang, err)
}

func readFront(res pgx.BatchResults) (Front, error) {
	var f Front
	rows, err := res.Query()
	if err != nil {
		return f, err
	}
	if f.News, err = pgx.CollectRows(rows, scanItem); err != nil {
		return f, err
	}
	if f.Issue, err = optionalRow(res, scanNewsletter); err != nil {
		return f, err
	}
	if f.About, err = optionalRow(res, scanItem); err != nil {
		return f, err
	}
	f.Images = map[int64]content.Image{}
	for range 2 { // the news' lead images, the issue's
		rows, err := res.Query()
		if err != nil {
			return f, err
		}
		if err := collectImages(rows, f.Images); err != nil {
			return f, err
		}
	}
	return f, nil
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
