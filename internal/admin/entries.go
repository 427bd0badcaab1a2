package admin

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// kindParam reads ?kind=news|page|newsletter; anything else is a 404.
func kindParam(r *http.Request) (content.Kind, error) { return kindOf(r.URL.Query().Get("kind")) }

// kindOf is the entry kind named by v; any other name is not found.
func kindOf(v string) (content.Kind, error) {
	switch k := content.Kind(v); k {
	case content.KindNews, content.KindPage, content.KindNewsletter:
		return k, nil
	}
	return "", httpx.ErrNotFound
}

// entryRow converts a store row for an admin list.
func entryRow(r store.EntryRow) view.EntryRow {
	row := view.EntryRow{ID: r.ID, Kind: string(r.Kind), Title: r.Title, Status: string(r.Status), When: r.UpdatedAt}
	if r.Scheduled() {
		row.Status = statusScheduled
	}
	if r.PublishedAt != nil && r.Status != content.StatusDraft {
		row.When = *r.PublishedAt
	}
	for _, code := range slices.Sorted(maps.Keys(r.Langs)) {
		st := r.Langs[code]
		ls := view.LangStatus{Code: code, Status: string(st.Status)}
		if st.Status == content.StatusPublished && !st.IsLive() {
			ls.Status = statusScheduled
		}
		// As the entry's page says it (publicationLine).
		if st.IsLive() && st.Pending {
			ls.Changes = "pending"
			if st.ChangesAt != nil {
				ls.Changes, ls.ChangesAt = statusScheduled, *st.ChangesAt
			}
		}
		row.Langs = append(row.Langs, ls)
	}
	return row
}

// textMarks are the translation states of an entry in each of codes.
func textMarks(r store.EntryRow, codes []string) []view.TextMark {
	out := make([]view.TextMark, 0, len(codes))
	for _, code := range codes {
		out = append(out, view.TextMark{Code: code, State: r.State(code)})
	}
	return out
}

// entries lists the entries of one kind.
func (s *server) entries(w http.ResponseWriter, r *http.Request) error {
	// The bare address (typed, or cut from a longer one) is the news.
	if !r.URL.Query().Has("kind") {
		http.Redirect(w, r, "/admin/entries?kind="+string(content.KindNews), http.StatusFound)
		return nil
	}
	kind, err := kindParam(r)
	if err != nil {
		return err
	}
	b := s.base(r, string(kind))
	b.Title = b.T.Tr("admin.list." + string(kind))
	q := r.URL.Query()
	f := store.EntryFilter{Kind: kind, Limit: 500, Query: strings.TrimSpace(q.Get("q")), Status: q.Get("status")}
	switch f.Status {
	case "", "draft", "scheduled", "published", "unpublished", "changes":
	default:
		return httpx.ErrNotFound
	}
	status, monthErr := http.StatusOK, ""
	if m := strings.TrimSpace(q.Get("month")); m != "" {
		t, err := time.ParseInLocation("2006-01", m, s.bundle.Get(s.bundle.Default()).Loc)
		if err != nil {
			// Typed by hand (Firefox and Safari show a text box): say how
			// to write it, beside what was typed, and list every month.
			status, monthErr = http.StatusUnprocessableEntity, b.T.Tr("admin.list.month_invalid")
		} else {
			f.Month = t // in the site's zone, as the list shows dates
		}
	}
	if utf8.RuneCountInString(f.Query) > 200 || strings.ContainsRune(f.Query, 0) {
		return httpx.ErrBadRequest
	}
	if f.Lang = q.Get("lang"); f.Lang != "" && !slices.Contains(s.bundle.Codes(), f.Lang) {
		return httpx.ErrNotFound
	}
	if a := q.Get("author"); a != "" {
		if f.AuthorID, err = strconv.ParseInt(a, 10, 64); err != nil || f.AuthorID <= 0 {
			return httpx.ErrNotFound
		}
	}
	ctx := r.Context()
	rows, err := s.store.EntryRows(ctx, b.Lang, f)
	if err != nil {
		return err
	}
	authors, err := s.store.Authors(ctx)
	if err != nil {
		return err
	}
	data := view.EntryList{AdminBase: b, Kind: string(kind), Langs: s.bundle.Codes(), Query: f.Query, Status: f.Status,
		Month: q.Get("month"), Language: f.Lang, Author: q.Get("author"), Back: r.URL.RequestURI(), MonthError: monthErr}
	for _, a := range authors {
		label := a.Name
		if label == "" {
			label = a.Email
		}
		data.Authors = append(data.Authors, view.Option{Value: strconv.FormatInt(a.ID, 10), Label: label})
	}
	for _, row := range rows {
		er := entryRow(row)
		er.Texts = textMarks(row, data.Langs)
		data.Rows = append(data.Rows, er)
	}
	return s.render(w, status, view.PageAdminEntries, data)
}

// postedEntry reads what every post about one entry starts with: its id
// from the path, the form (up to maxBytes), and the entry as stored.
func (s *server) postedEntry(w http.ResponseWriter, r *http.Request, maxBytes int64) (int64, content.Draft, store.EntryMeta, error) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return 0, content.Draft{}, store.EntryMeta{}, err
	}
	if err := httpx.ParseForm(w, r, maxBytes); err != nil {
		return 0, content.Draft{}, store.EntryMeta{}, err
	}
	d, meta, err := s.store.EntryForEdit(r.Context(), id)
	return id, d, meta, err
}
