package store

import (
	"context"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
)

// Photos of the media library: their focal point and texts per language,
// their renditions (made on first request and kept here, so that any
// instance serves them), and the originals kept by the admins' choice.

// imageColumns are an image's, read from media as im. They are zero (ID
// 0) where im is a LEFT JOIN that found no image (leadImageJoin). The
// texts come as rows of (lang, alt, caption, credit) in a text array:
// decoding them as JSON took a twentieth of a home page's CPU.
const imageColumns = imageFileColumns + `,
	CASE WHEN im.id IS NOT NULL THEN (SELECT array_agg(ARRAY[x.lang, x.alt, x.caption, x.credit]) FROM media_texts x WHERE x.media_id = im.id) END`

// leadImageColumns are imageColumns for an entry's lead image on a
// public page, which is in its text's language (t): the image's texts in
// that language alone, as one array (alt, caption, credit), where
// imageColumns aggregate every language's texts into a two-dimensional
// array, 70 of a home page's allocations to decode. (A subquery, not a
// join: joined, the planner put a Memoize into the news list's plan, and
// the statement cost half again as much.)
const leadImageColumns = imageFileColumns + `,
	t.lang, (SELECT ARRAY[x.alt, x.caption, x.credit] FROM media_texts x WHERE x.media_id = im.id AND x.lang = t.lang)`

// imageFileColumns are the start of imageColumns and leadImageColumns:
// the image's file and pixels, before its texts.
const imageFileColumns = `coalesce(im.id, 0), coalesce(im.sha256, ''), coalesce(im.filename, ''), coalesce(im.content_type, ''),
	coalesce(im.size, 0), coalesce(im.created_at, 'epoch'), coalesce(im.width, 0), coalesce(im.height, 0),
	coalesce(im.focal_x, 0), coalesce(im.focal_y, 0), coalesce(im.decorative, false)`

// imageFields are where imageColumns (dest) or leadImageColumns (leadDest)
// scan to.
type imageFields struct {
	im     content.Image
	fx, fy float32
	texts  [][]string
	// leadImageColumns' texts in lang (alt, caption, credit), when the
	// image has them.
	lang string
	one  []string
}

func (f *imageFields) dest() []any { return f.fileDest(&f.texts) }

// leadDest is where leadImageColumns scan to.
func (f *imageFields) leadDest() []any { return f.fileDest(&f.lang, &f.one) }

// fileDest is where imageFileColumns scan to, then texts.
func (f *imageFields) fileDest(texts ...any) []any {
	im := &f.im
	return append([]any{&im.ID, &im.SHA256, &im.Filename, &im.ContentType, &im.Size, &im.CreatedAt,
		&im.Width, &im.Height, &f.fx, &f.fy, &im.Decorative}, texts...)
}

func (f *imageFields) image() content.Image {
	im := f.im
	im.FocusX, im.FocusY = float64(f.fx), float64(f.fy)
	im.Texts = make(map[string]content.ImageText, max(len(f.texts), 1))
	for _, t := range f.texts {
		if len(t) == 4 {
			im.Texts[t[0]] = content.ImageText{Alt: t[1], Caption: t[2], Credit: t[3]}
		}
	}
	if len(f.one) == 3 {
		im.Texts[f.lang] = content.ImageText{Alt: f.one[0], Caption: f.one[1], Credit: f.one[2]}
	}
	return im
}

func scanImage(row pgx.CollectableRow) (content.Image, error) {
	var f imageFields
	err := scanRow(row, f.dest()...)
	return f.image(), err
}

// leadImageJoin joins the lead image of an entry's text (the statement
// reads the entry as e, the text as t: the language's own image, else the
// entry's) as im, for leadImageColumns: zero when it has none or it is
// not an image. A page that shows entries with their images reads both in
// one statement rather than two.
const leadImageJoin = `
	LEFT JOIN media im ON im.id = coalesce(t.lead_image_id, e.lead_image_id) AND im.width IS NOT NULL`

// keepImage adds an image scanned from imageColumns or leadImageColumns to
// out, if the row had one.
func keepImage(f *imageFields, out map[int64]content.Image) {
	if f.im.ID != 0 {
		out[f.im.ID] = f.image()
	}
}

// Image returns an image of the media library with its texts.
func (s *Store) Image(ctx context.Context, id int64) (content.Image, error) {
	rows, err := s.db.Query(ctx, `SELECT `+imageColumns+` FROM media im WHERE im.id = $1 AND im.width IS NOT NULL`, id)
	if err != nil {
		return content.Image{}, mapErr("image", err)
	}
	im, err := pgx.CollectExactlyOneRow(rows, scanImage)
	return im, mapErr(fmt.Sprintf("image %d", id), err)
}

// Images returns the images with the ids (those that are images), by id.
func (s *Store) Images(ctx context.Context, ids []int64) (map[int64]content.Image, error) {
	out := map[int64]content.Image{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.Query(ctx, imagesSQL+` = ANY($1)`, ids)
	if err != nil {
		return nil, mapErr("images", err)
	}
	return out, mapErr("images", collectImages(rows, out))
}

// imagesSQL reads images (media with pixels) by ID: its statements end
// with the condition on im.id.
const imagesSQL = `SELECT ` + imageColumns + ` FROM media im WHERE im.width IS NOT NULL AND im.id`

// collectImages adds images' rows to out, by ID.
func collectImages(rows pgx.Rows, out map[int64]content.Image) error {
	ims, err := pgx.CollectRows(rows, scanImage)
	for _, im := range ims {
		out[im.ID] = im
	}
	return err
}

// ImageDetails are what an editor sets of an image.
type ImageDetails struct {
	FocusX, FocusY float64
	Decorative     bool
	Texts          map[string]content.ImageText
}

// SetImageDetails saves an image's focal point and texts, with the audit
// line, in one transaction; a moved focal point drops the crops made
// round the old one.
func (s *Store) SetImageDetails(ctx context.Context, id int64, d ImageDetails, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		var oldX, oldY float32
		err := tx.db.QueryRow(ctx, `SELECT focal_x, focal_y FROM media WHERE id = $1 AND width IS NOT NULL FOR UPDATE`, id).Scan(&oldX, &oldY)
		if err != nil {
			return mapErr(fmt.Sprintf("image %d", id), err)
		}
		if _, err := tx.db.Exec(ctx, `UPDATE media SET focal_x = $2, focal_y = $3, decorative = $4 WHERE id = $1`,
			id, d.FocusX, d.FocusY, d.Decorative); err != nil {
			return mapErr("set image", err)
		}
		if math.Abs(float64(oldX)-d.FocusX) > 1e-6 || math.Abs(float64(oldY)-d.FocusY) > 1e-6 {
			if _, err := tx.db.Exec(ctx, `DELETE FROM renditions WHERE media_id = $1 AND spec LIKE 'c%'`, id); err != nil {
				return mapErr("drop crops", err)
			}
		}
		for lang, t := range d.Texts {
			if _, err := tx.db.Exec(ctx, `INSERT INTO media_texts (media_id, lang, alt, caption, credit) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (media_id, lang) DO UPDATE SET alt = excluded.alt, caption = excluded.caption, credit = excluded.credit`,
				id, lang, t.Alt, t.Caption, t.Credit); err != nil {
				return mapErr("set image text "+lang, err)
			}
		}
		a.ObjectType, a.ObjectID = "media", id
		return tx.Audit(ctx, a)
	})
}

// AddImage stores a photo's master (already re-encoded) with its size and
// details, without an audit line: the demo's photos. The same bytes twice
// are one photo.
func (s *Store) AddImage(ctx context.Context, filename, contentType string, data []byte, width, height int, d ImageDetails) (int64, error) {
	m, err := s.PutMedia(ctx, filename, contentType, data)
	if err != nil {
		return 0, err
	}
	if _, err := s.db.Exec(ctx, `UPDATE media SET width = $2, height = $3, focal_x = $4, focal_y = $5, decorative = $6 WHERE id = $1`,
		m.ID, width, height, d.FocusX, d.FocusY, d.Decorative); err != nil {
		return 0, mapErr("add image", err)
	}
	for lang, t := range d.Texts {
		if _, err := s.db.Exec(ctx, `INSERT INTO media_texts (media_id, lang, alt, caption, credit) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (media_id, lang) DO NOTHING`, m.ID, lang, t.Alt, t.Caption, t.Credit); err != nil {
			return 0, mapErr("add image text", err)
		}
	}
	return m.ID, nil
}

// Rendition returns a kept rendition of an image (ErrNotFound: not made yet).
func (s *Store) Rendition(ctx context.Context, mediaID int64, spec string) (contentType string, data []byte, err error) {
	err = s.db.QueryRow(ctx, `SELECT content_type, data FROM renditions WHERE media_id = $1 AND spec = $2`, mediaID, spec).
		Scan(&contentType, &data)
	return contentType, data, mapErr("rendition "+spec, err)
}

// PutRendition keeps a rendition; another instance may have kept the same
// one first, which is as good.
func (s *Store) PutRendition(ctx context.Context, mediaID int64, spec, contentType string, data []byte) error {
	_, err := s.db.Exec(ctx, `INSERT INTO renditions (media_id, spec, content_type, data) VALUES ($1, $2, $3, $4)
		ON CONFLICT (media_id, spec) DO NOTHING`, mediaID, spec, contentType, data)
	return mapErr("put rendition "+spec, err)
}

// MediaData returns a file's stored bytes (an image's master).
func (s *Store) MediaData(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := s.db.QueryRow(ctx, `SELECT data FROM media WHERE id = $1`, id).Scan(&data)
	return data, mapErr(fmt.Sprintf("media %d data", id), err)
}

// ImageByHash returns the image whose master has the SHA-256.
func (s *Store) ImageByHash(ctx context.Context, hash string) (content.Image, error) {
	rows, err := s.db.Query(ctx, `SELECT `+imageColumns+` FROM media im WHERE im.sha256 = $1 AND im.width IS NOT NULL`, hash)
	if err != nil {
		return content.Image{}, mapErr("image", err)
	}
	im, err := pgx.CollectExactlyOneRow(rows, scanImage)
	return im, mapErr("image "+hash, err)
}

// ImageIDs lists the newest photos of the library, at most n.
func (s *Store) ImageIDs(ctx context.Context, n int) ([]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM media WHERE width IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT $1`, n)
	if err != nil {
		return nil, mapErr("image ids", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, mapErr("image ids", err)
}
