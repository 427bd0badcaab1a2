package admin

import (
	"net/http"
	"net/url"
	"slices"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/picture"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// boardPageLen is how many entries one page of the board shows.
const boardPageLen = 50

// board is the translation board: every entry in one state (missing,
// outdated, draft, waiting for review, in line, or showing a photo
// without an alt text) in one language, of one kind or all, the oldest
// problem first, paged by keyset so that page 2,000 costs what page 1
// does.
func (s *server) board(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	b := s.base(r, "translations")
	b.Title = b.T.Tr("admin.board.title")
	f := store.BoardFilter{Lang: q.Get("lang"), State: q.Get("state"), Kind: content.Kind(q.Get("kind")),
		Newest: q.Get("order") == "newest", Limit: boardPageLen}
	// A translator's board is that of their languages.
	u := currentUser(r.Context())
	codes := slices.DeleteFunc(s.bundle.Codes(), func(code string) bool { return !u.Translates(code) })
	if len(codes) == 0 {
		return s.render(w, http.StatusOK, view.PageAdminBoard, view.Board{AdminBase: b, NoLanguages: true})
	}
	switch f.Kind {
	case "", content.KindNews, content.KindPage, content.KindNewsletter:
	default:
		return httpx.ErrNotFound
	}
	if f.Lang == "" || f.State == "" {
		if err := s.boardDefault(r, &f, codes); err != nil {
			return err
		}
	}
	switch {
	case !slices.Contains(codes, f.Lang), !slices.Contains(store.BoardStates, f.State):
		return httpx.ErrNotFound
	}
	if after := q.Get("after"); after != "" {
		c, err := store.ParseCursor(after)
		if err != nil {
			return httpx.ErrNotFound
		}
		f.After = &c
	}
	items, more, err := s.store.Board(r.Context(), b.Lang, f)
	if err != nil {
		return err
	}
	data := view.Board{AdminBase: b, Lang: f.Lang, State: f.State, Kind: string(f.Kind), Newest: f.Newest,
		States: store.BoardStates, Paged: f.After != nil}
	for _, code := range codes {
		data.Langs = append(data.Langs, view.Link{Lang: code, Name: s.bundle.Get(code).Tr("language.self")})
	}
	var photos map[int64][]content.Image
	if f.State == store.BoardPhotos {
		ids := make([]int64, len(items))
		for i, it := range items {
			ids[i] = it.ID
		}
		if photos, err = s.store.PhotosToDescribe(r.Context(), f.Lang, ids); err != nil {
			return err
		}
	}
	for _, it := range items {
		row := view.BoardItem{EntryRow: entryRow(it.EntryRow), Since: it.Since}
		for _, im := range photos[it.ID] {
			row.Photos = append(row.Photos, view.BoardPhoto{ID: im.ID, Name: im.Filename, Thumb: picture.URL(im, picture.CropSpec(im, picture.SmallSq, picture.JPEG))})
		}
		data.Rows = append(data.Rows, row)
	}
	if more && len(items) > 0 {
		last := items[len(items)-1]
		next := url.Values{"lang": {f.Lang}, "state": {f.State},
			"after": {store.Cursor{At: last.Since, ID: last.ID}.String()}}
		if f.Kind != "" {
			next.Set("kind", string(f.Kind))
		}
		if f.Newest {
			next.Set("order", "newest")
		}
		data.Next = "/admin/translations?" + next.Encode()
	}
	return s.render(w, http.StatusOK, view.PageAdminBoard, data)
}

// boardDefault fills in the language and state a board opened without
// them shows: the first with work to do — texts behind their source,
// then missing ones, then drafts, then photos to describe — in the
// language asked for, else in the last language first (the likeliest to
// lag); with no work anywhere, what is behind in the last language. It
// counts what the board lists: entries of the kind asked for, none in
// the trash.
func (s *server) boardDefault(r *http.Request, f *store.BoardFilter, codes []string) error {
	langs := []string{f.Lang}
	if f.Lang == "" {
		langs = slices.Clone(codes)
		slices.Reverse(langs)
	}
	states := []string{f.State}
	if f.State == "" {
		states = []string{store.BoardOutdated, store.BoardMissing, store.BoardDraft, store.BoardPhotos}
	}
	counts, err := s.store.BoardCounts(r.Context(), f.Kind, codes)
	if err != nil {
		return err
	}
	for _, lang := range langs {
		c := counts[lang]
		for _, state := range states {
			if n := map[string]int{store.BoardOutdated: c.Outdated, store.BoardMissing: c.Missing, store.BoardDraft: c.Draft,
				store.BoardPhotos: c.Photos}[state]; n > 0 {
				f.Lang, f.State = lang, state
				return nil
			}
		}
	}
	f.Lang, f.State = langs[0], states[0]
	return nil
}
