package store

import (
	"context"

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
// database time. The issue and the about page come in one result
// (sideSQL): a result costs this process about what its row does.
func (s *Store) Front(ctx context.Context, lang string, news int) (Front, error) {
	b := &pgx.Batch{}
	b.Queue(limitSQL(newestItemsSQL, news), content.KindNews, lang)
	b.Queue(sideSQL, lang)
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
	if rows, err = res.Query(); err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var im imageFields
		var part string
		n, err := scanNewsletterThen(rows, append(im.leadDest(), &part)...)
		if err != nil {
			return f, err
		}
		switch part {
		case "issue":
			keepImage(&im, f.Images)
			f.Issue = &n
		case "about":
			f.About = &n.Item
		}
	}
	return f, rows.Err()
}

// sideSQL is what the home page shows beside its news, in language $1:
// the latest issue as a teaser with its lead image (latestFirst), and the
// about page as a teaser (its edition and image columns empty), a row
// each at most, told apart by their last column.
const sideSQL = `(SELECT` + newsletterTeaserColumns + `, ` + leadImageColumns + `, 'issue'` + newsletterJoins + leadImageJoin +
	newsletterWhere + latestFirst + `)
	UNION ALL
	(SELECT` + teaserColumns + `, 'epoch'::date, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::timestamptz,
		0::bigint, '', '', '', 0::bigint, 'epoch'::timestamptz, 0, 0, 0::real, 0::real, false, t.lang, NULL::text[], 'about'
	FROM entries e JOIN translations t ON t.entry_id = e.id
	WHERE ` + visible + ` AND e.system_key = 'about' AND t.lang = $1)`
