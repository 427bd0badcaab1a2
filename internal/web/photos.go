package web

import (
	"context"
	"strings"

	"vestnik/internal/content"
	"vestnik/internal/picture"
	"vestnik/internal/view"
)

// photos loads the images a page shows: the lead images, and the figures
// the rendered texts place. A page without any costs no query.
func (s *Server) photos(ctx context.Context, leads []int64, htmls ...string) (picture.Set, error) {
	var ids []int64
	for _, id := range leads {
		if id != 0 {
			ids = append(ids, id)
		}
	}
	for _, h := range htmls {
		ids = append(ids, picture.Refs(h)...)
	}
	if len(ids) == 0 {
		return picture.Set{}, nil
	}
	ims, err := s.store.Images(ctx, ids)
	return picture.Set(ims), err
}

// teasersOf are list items with their lead images' thumbnails from set.
func (s *Server) teasersOf(set picture.Set, lang string, items []content.Item) []view.Teaser {
	out := make([]view.Teaser, len(items))
	for i, it := range items {
		out[i] = view.NewTeaser(s.bundle.Get(lang), it, set.Thumb(it.LeadImageID, lang))
	}
	return out
}

// imageMeta makes an image the page's picture when shared: og:image and
// twitter:image are its 1200 × 630 crop round the focal point, with its
// size and alt text.
func (s *Server) imageMeta(b *view.Base, im content.Image) {
	sp := picture.CropSpec(im, picture.Social, picture.JPEG)
	b.Meta.Image = s.abs(picture.URL(im, sp))
	b.Meta.ImageWidth, b.Meta.ImageHeight = sp.Size(im.Width, im.Height)
	b.Meta.ImageAlt = picture.Alt(im, b.Lang)
}

// ldImages are an image's crops search engines want for an article: 1:1,
// 4:3 and 16:9, each at least 1200 wide when the image is.
func (s *Server) ldImages(im content.Image) []string {
	var out []string
	for _, c := range []picture.Crop{picture.Square, picture.FourThree, picture.Wide} {
		out = append(out, s.abs(picture.URL(im, picture.CropSpec(im, c, picture.JPEG))))
	}
	return out
}

// expand puts the figures into an entry's HTML, in its language.
func expand(set picture.Set, html, lang string) string {
	if !strings.Contains(html, "⟦") {
		return html
	}
	return picture.Expand(html, lang, "", set)
}
