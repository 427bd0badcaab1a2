package admin

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// subscribersPerPage is the length of a page of the subscriber list.
const subscribersPerPage = 100

// subscriberFilter reads the list's filters: ?q= (part of the address),
// ?status=, ?lang= and ?page=, each checked against what exists.
func (s *server) subscriberFilter(r *http.Request) (store.SubscriberFilter, int, error) {
	q := r.URL.Query()
	f := store.SubscriberFilter{Query: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Lang: q.Get("lang")}
	if !httpx.CleanText(f.Query) {
		return f, 0, httpx.ErrBadRequest
	}
	if utf8.RuneCountInString(f.Query) > 254 {
		f.Query = string([]rune(f.Query)[:254])
	}
	if f.Status != "" && f.Status != store.SubscriberActive && f.Status != store.SubscriberUnsubscribed {
		return f, 0, httpx.ErrBadRequest
	}
	if f.Lang != "" && s.bundle.Get(f.Lang) == nil {
		return f, 0, httpx.ErrBadRequest
	}
	page := 1
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			return f, 0, httpx.ErrBadRequest
		}
		page = n
	}
	return f, page, nil
}

// filterQuery is the query string of a filter, with page when above 1.
func filterQuery(f store.SubscriberFilter, page int) string {
	v := url.Values{}
	for k, x := range map[string]string{"q": f.Query, "status": f.Status, "lang": f.Lang} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

func (s *server) subscriberRow(sub store.Subscriber) view.SubscriberRow {
	return view.SubscriberRow{ID: sub.ID, Email: sub.Email, Lang: sub.Lang, LangName: s.langName(sub.Lang), Status: sub.Status,
		ConfirmedAt: sub.ConfirmedAt, UnsubscribedAt: sub.UnsubscribedAt, CreatedAt: sub.CreatedAt}
}

// langName is a language's own name, for a language turned off too (its
// subscribers stay).
func (s *server) langName(code string) string {
	if l := s.bundle.Known(code); l != nil {
		return l.Tr("language.self")
	}
	return code
}

// subscribers lists the subscribers with their status, language and
// dates, searchable by address, with the counts per language.
func (s *server) subscribers(w http.ResponseWriter, r *http.Request) error {
	f, page, err := s.subscriberFilter(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	b := s.base(r, "subscribers")
	b.Title = b.T.Tr("admin.mail.subscribers.title")
	counts, err := s.store.SubscriberCounts(ctx)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = subscribersPerPage, (page-1)*subscribersPerPage
	subs, total, err := s.store.Subscribers(ctx, f)
	if err != nil {
		return err
	}
	data := view.SubscriberList{AdminBase: b, Query: f.Query, Status: f.Status, LangFilter: f.Lang, Total: total,
		ExportURL: "/admin/subscribers.csv" + filterQuery(f, 1), Filtered: f.Query != "" || f.Status != "" || f.Lang != ""}
	for _, c := range counts {
		data.Counts = append(data.Counts, view.SubscriberCount{Lang: c.Lang, Name: s.langName(c.Lang), Active: c.Active, Unsubscribed: c.Unsubscribed})
	}
	for _, sub := range subs {
		data.Rows = append(data.Rows, s.subscriberRow(sub))
	}
	if page > 1 {
		data.Prev = "/admin/subscribers" + filterQuery(f, page-1)
	}
	if page*subscribersPerPage < total {
		data.Next = "/admin/subscribers" + filterQuery(f, page+1)
	}
	return s.render(w, http.StatusOK, view.PageAdminSubscribers, data)
}

// csvCell keeps a spreadsheet from reading a cell as a formula (OWASP's
// CSV injection advice): an address may start with = or +.
func csvCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// subscribersCSV exports the subscribers matching the list's filters.
func (s *server) subscribersCSV(w http.ResponseWriter, r *http.Request) error {
	f, _, err := s.subscriberFilter(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"email", "lang", "status", "confirmed_at", "unsubscribed_at", "created_at"})
	stamp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	n := 0
	err = s.store.EachSubscriber(r.Context(), f, func(sub store.Subscriber) error {
		n++
		return cw.Write([]string{csvCell(sub.Email), sub.Lang, sub.Status,
			stamp(&sub.ConfirmedAt), stamp(sub.UnsubscribedAt), stamp(&sub.CreatedAt)})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	// Every address leaves the site in it: the audit log says who took them.
	if err := s.store.Audit(r.Context(), s.auditOf(r, "subscriber.export", strconv.Itoa(n))); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	// Named by the day in the site's zone, as the admin's pages date things.
	day := time.Now().In(s.bundle.Get(s.bundle.Default()).Loc).Format("2006-01-02")
	w.Header().Set("Content-Disposition", `attachment; filename="subscribers-`+day+`.csv"`)
	w.Write(buf.Bytes())
	return nil
}

// subscriber shows one subscriber, with the button that erases them.
func (s *server) subscriber(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	sub, err := s.store.SubscriberByID(r.Context(), id)
	if err != nil {
		return err
	}
	b := s.base(r, "subscribers")
	b.Title = sub.Email
	return s.render(w, http.StatusOK, view.PageAdminSubscriber, view.SubscriberItem{AdminBase: b, Subscriber: s.subscriberRow(sub)})
}

// subscriberErase deletes a subscriber's address and everything sent
// or queued for it; the audit log keeps the id only.
func (s *server) subscriberErase(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.EraseSubscriber(r.Context(), id, s.auditOf(r, "subscriber.erase", "")); err != nil {
		return err
	}
	s.flash(r, "admin.mail.subscribers.erased")
	http.Redirect(w, r, "/admin/subscribers", http.StatusSeeOther)
	return nil
}

// subscriberUnsubscribe stops mail to a subscriber who asked an admin (by
// phone, by letter): the record stays, as when they unsubscribe themselves.
func (s *server) subscriberUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.UnsubscribeFor(r.Context(), id, s.auditOf(r, "subscriber.unsubscribe", "")); err != nil {
		return err
	}
	s.flash(r, "admin.mail.subscribers.unsubscribed_done")
	http.Redirect(w, r, "/admin/subscribers/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
