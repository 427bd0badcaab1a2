package store_test

import (
	"slices"
	"testing"

	"vestnik/internal/picture"
	"vestnik/internal/testdb"
)

// TestMediaFiguresAsRefs: the database's media_figures (migration 00042),
// through which the board finds the texts showing a photo, reads the
// figures of a text as the site does (picture.Refs): a line of its own,
// spaces around it allowed, not a link, an image inside a paragraph or a
// line ended by a carriage return.
func TestMediaFiguresAsRefs(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	for _, md := range []string{
		"",
		"No figure at all.",
		"![](media:12)",
		"First.\n\n![A hall](media:7)\n\nSecond.",
		"  ![](media:5) \t\n![x](media:5)\n![y](media:900000000000000001)",
		"See [the photo](media:3) and ![inline](media:4) here.",
		"![a\nb](media:9)",
		"![](media:6)\r\n![](media:8)",
		"![](media:1234567890123456789)",
		"![](media:x1)\n![](media:)",
	} {
		var got []int64
		if err := pool.QueryRow(t.Context(), `SELECT media_figures($1)`, md).Scan(&got); err != nil {
			t.Fatal(err)
		}
		want := slices.Compact(slices.Sorted(slices.Values(picture.Refs(md))))
		slices.Sort(got)
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%q: media_figures %v, picture.Refs %v", md, got, want)
		}
	}
}
