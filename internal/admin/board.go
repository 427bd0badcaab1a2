package admin

import (
	"net/http"
	"net/url"
	"slices"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// boardPageLen is how many entries one page of the board shows.
const boardPageLen = 50

// board is the translation board: every entry in one state (missing,
// outdated, draft, in line) in one language, of one kind or all, the
// oldest problem first, paged by keyset so that page 2,000 costs what
// page 1 does.
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
	if f.Lang == "" {
		f.Lang = codes[len(codes)-1] // the last language is the likeliest to lag
	}
	if f.State == "" {
		f.State = store.BoardOutdated
	}
	switch {
	case !slices.Contains(codes, f.Lang), !slices.Contains(store.BoardStates, f.State):
		return httpx.ErrNotFound
	}
	switch f.Kind {
	case "", content.KindNews, content.KindPage, content.KindNewsletter:
	default:
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
	for _, it := range items {
		data.Rows = append(data.Rows, view.BoardItem{EntryRow: entryRow(it.EntryRow), Since: it.Since})
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
