package admin

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// auditTypes are the kinds of object the audit log records; the object
// filter takes only these.
var auditTypes = []string{"entry", "user", "media", "hotline", "menu", "language", "subscriber"}

// auditLimit is how many lines the audit page shows at a time; "Older"
// shows the next ones.
const auditLimit = 200

// auditAction is the shape of an action's name ("user.login").
var auditAction = regexp.MustCompile(`^[a-z_]+(\.[a-z0-9_]+)+$`)

// auditFilter reads ?user=, ?type= and ?object=. An empty value is no
// filter; anything else that is not a positive ID or a known type is a 400.
func auditFilter(q url.Values) (store.AuditFilter, error) {
	f := store.AuditFilter{Limit: auditLimit}
	id := func(key string) (int64, error) {
		v := q.Get(key)
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return 0, httpx.ErrBadRequest
		}
		return n, nil
	}
	var err error
	if f.UserID, err = id("user"); err != nil {
		return f, err
	}
	if f.ObjectID, err = id("object"); err != nil {
		return f, err
	}
	if f.Before, err = id("before"); err != nil {
		return f, err
	}
	f.Action = q.Get("action")
	if f.Action != "" && !auditAction.MatchString(f.Action) {
		return f, httpx.ErrBadRequest
	}
	f.ObjectType = q.Get("type")
	if f.ObjectType != "" && !slices.Contains(auditTypes, f.ObjectType) {
		return f, httpx.ErrBadRequest
	}
	if f.ObjectID != 0 && f.ObjectType == "" {
		return f, httpx.ErrBadRequest // an ID means nothing without its type
	}
	return f, nil
}

// objectHref is the admin page of an audited object, if it has one (an
// entry or account deleted for good has none).
func objectHref(typ string, id int64, gone bool) string {
	if id == 0 || gone {
		return ""
	}
	switch typ {
	case "entry":
		return "/admin/entries/" + strconv.FormatInt(id, 10)
	case "user":
		return "/admin/users/" + strconv.FormatInt(id, 10)
	}
	return ""
}

// audit shows the audit log, newest first, filtered by user or by
// object. The log is append-only: this page only reads it.
func (s *server) audit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ctx := r.Context()
	f.Limit++ // one more than shown: whether there are older lines
	lines, err := s.store.AuditLog(ctx, f)
	if err != nil {
		return err
	}
	f.Limit--
	more := len(lines) > f.Limit
	lines = lines[:min(len(lines), f.Limit)]
	users, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	b := s.base(r, "audit")
	b.Title = b.T.Tr("admin.audit.title")
	data := view.AuditList{AdminBase: b, Types: auditTypes, UserID: f.UserID, ObjectType: f.ObjectType,
		ObjectID: f.ObjectID, Action: f.Action, Limit: f.Limit}
	// The same filter, from a line on.
	page := func(before int64) string {
		q := url.Values{}
		for k, v := range map[string]int64{"user": f.UserID, "object": f.ObjectID, "before": before} {
			if v != 0 {
				q.Set(k, strconv.FormatInt(v, 10))
			}
		}
		for k, v := range map[string]string{"type": f.ObjectType, "action": f.Action} {
			if v != "" {
				q.Set(k, v)
			}
		}
		if len(q) == 0 {
			return "/admin/audit"
		}
		return "/admin/audit?" + q.Encode()
	}
	if more {
		data.Older = page(lines[len(lines)-1].ID)
	}
	if f.Before != 0 {
		data.Newest = page(0)
	}
	for _, u := range users {
		data.Users = append(data.Users, s.userRow(u))
	}
	for _, a := range lines {
		row := view.AuditRow{When: a.CreatedAt, User: a.User.Shown(), UserEmail: a.User.Email, Action: a.Action, ObjectType: a.ObjectType,
			ObjectID: a.ObjectID, ObjectHref: objectHref(a.ObjectType, a.ObjectID, a.ObjectGone), Summary: auditSummary(b.T, a.Action, a.Summary)}
		if slices.Contains(auditTypes, a.ObjectType) {
			q := url.Values{"type": {a.ObjectType}}
			if a.ObjectID != 0 {
				q.Set("object", strconv.FormatInt(a.ObjectID, 10))
			}
			row.FilterHref = "/admin/audit?" + q.Encode()
		}
		row.ActionHref = "/admin/audit?" + url.Values{"action": {a.Action}}.Encode()
		if a.UserID != nil {
			row.UserID = *a.UserID
			if a.UserGone {
				row.User = b.T.Tr("admin.audit.deleted_user", "ID", row.UserID)
			}
		}
		if a.IP != nil {
			row.IP = a.IP.String()
		}
		data.Rows = append(data.Rows, row)
	}
	return s.render(w, http.StatusOK, view.PageAdminAudit, data)
}
