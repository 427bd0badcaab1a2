package store_test

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/picture"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestItemBySlugImages: an entry's page gets, with the entry, the images
// it shows and no others: the lead image and each figure its text places
// (picture.Refs), not a figure of the other language's text, not a file
// that is no image, not an ID written in the text's words.
func TestItemBySlugImages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(testdb.New(t))
	photo := func(name string) int64 {
		t.Helper()
		id, err := st.AddImage(ctx, name+".webp", "image/webp", []byte("pixels of "+name), 800, 600,
			store.ImageDetails{FocusX: .5, FocusY: .5, Texts: map[string]content.ImageText{"en": {Alt: name}}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	lead, first, second, russian, cited := photo("lead"), photo("first"), photo("second"), photo("russian"), photo("cited")
	fig := func(id int64) string { return "<p>⟦figure:" + strconv.FormatInt(id, 10) + "⟧</p>\n" }
	en := tr("en", "A text with figures")
	en.BodyHTML = "<p>Before.</p>\n" + fig(first) + "<p>Middle, about figure:" + strconv.FormatInt(cited, 10) + ".</p>\n" + fig(second) + fig(first) + fig(987654321)
	ru := tr("ru", "Текст с рисунком")
	ru.BodyHTML = fig(russian)
	if _, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), LeadImageID: lead, Translations: []content.Translation{en, ru}}); err != nil {
		t.Fatal(err)
	}
	it, images, err := st.ItemBySlug(ctx, "en", content.KindNews, en.Slug)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(maps.Keys(images))
	want := []int64{lead, first, second}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("images %v, want %v (lead, first, second)", got, want)
	}
	if refs := picture.Refs(it.BodyHTML); len(refs) != 4 {
		t.Errorf("picture.Refs finds %v in the text, want its four figures", refs)
	}
	if images[first].Texts["en"].Alt != "first" || images[lead].Width != 800 {
		t.Errorf("images are not read whole: %+v", images[first])
	}

	// A text without figures or lead image shows none.
	plain := tr("en", "A text without figures")
	if _, err := st.CreateEntry(ctx, store.NewEntry{Kind: content.KindNews, Status: content.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Translations: []content.Translation{plain}}); err != nil {
		t.Fatal(err)
	}
	if _, images, err := st.ItemBySlug(ctx, "en", content.KindNews, plain.Slug); err != nil || len(images) != 0 {
		t.Errorf("text without images: %v, %v", images, err)
	}
}
