package admin

import (
	"net/http"
	"strconv"

	"vestnik/internal/httpx"
	"vestnik/internal/view"
)

// revisionCompare compares any two revisions of an entry, asked for as
// ?from=&to= (the revisions page's two columns of choices): the older on
// the left, the newer on the right, whichever order they came in, field
// by field and word by word. A revision compared with itself shows no
// difference. A version that is not a number is a 400; one the entry
// does not have (another entry's, say) a 404.
func (s *server) revisionCompare(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	from, err := versionQuery(r, "from")
	if err != nil {
		return err
	}
	to, err := versionQuery(r, "to")
	if err != nil {
		return err
	}
	if from > to {
		from, to = to, from
	}
	ctx := r.Context()
	cur, _, err := s.store.EntryForEdit(ctx, id)
	if err != nil {
		return err
	}
	older, err := s.store.RevisionAt(ctx, id, from)
	if err != nil {
		return err
	}
	newer, err := s.store.RevisionAt(ctx, id, to)
	if err != nil {
		return err
	}
	b := s.base(r, string(cur.Kind))
	b.Title = b.T.Tr("admin.compare.title", "From", from, "To", to)
	data := view.RevisionCompare{AdminBase: b, ID: id, From: from, To: to,
		FromAuthor: older.Author.Shown(), FromWhen: older.CreatedAt, ToAuthor: newer.Author.Shown(), ToWhen: newer.CreatedAt}
	for _, f := range s.diffDrafts(ctx, b.T, cur.Kind, older.Draft, newer.Draft) {
		if f.Changed {
			data.Fields = append(data.Fields, f)
		}
	}
	return s.render(w, http.StatusOK, view.PageAdminRevisionCompare, data)
}

// versionQuery reads a revision's version from the query: a positive
// number a version can be, else a 400.
func versionQuery(r *http.Request, name string) (int, error) {
	v, ok := version(r.URL.Query().Get(name))
	if !ok {
		return 0, httpx.ErrBadRequest
	}
	return v, nil
}

// version reads a revision's version: a positive number within the
// column's range (revisions.version is an int: a larger number the
// database would refuse to compare, not find).
func version(s string) (int, bool) {
	v, err := strconv.ParseInt(s, 10, 32)
	return int(v), err == nil && v >= 1
}
