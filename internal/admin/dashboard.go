package admin

import (
	"net/http"
	"slices"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// dashboardListLen bounds each list on the dashboard.
const dashboardListLen = 15

// dashboard shows drafts, scheduled items with their times, what was
// published lately, and the translation board: every entry × language in
// its state, and the states counted. A translator's is that of their
// languages: the lists are of their languages' texts, not of entries (an
// entry published in English is no news to the Russian translator), and
// the board's columns and counts are their languages'.
func (s *server) dashboard(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Path != "/admin/" {
		http.Redirect(w, r, "/admin/", http.StatusMovedPermanently)
		return nil
	}
	ctx := r.Context()
	b := s.base(r, "dashboard")
	b.Title = b.T.Tr("admin.dashboard.title")
	u := currentUser(ctx)
	codes := slices.DeleteFunc(s.bundle.Codes(), func(code string) bool { return !u.Translates(code) })
	data := view.Dashboard{AdminBase: b, BoardLangs: codes}
	lists := []struct {
		which string
		dst   *[]view.EntryRow
	}{{"drafts", &data.Drafts}, {"scheduled", &data.Scheduled}, {"recent", &data.Recent}}
	for _, l := range lists {
		if u.Role == store.RoleTranslator {
			texts, err := s.store.TextRows(ctx, l.which, codes, dashboardListLen)
			if err != nil {
				return err
			}
			for _, t := range texts {
				row := s.textRow(t)
				if l.which == "scheduled" {
					row.When = nextLive(map[string]store.TextState{t.Lang: {Status: t.Status, PublishedAt: t.PublishedAt}})
				}
				*l.dst = append(*l.dst, row)
			}
			continue
		}
		rows, err := s.store.EntryRows(ctx, b.Lang, store.EntryFilter{Which: l.which, Limit: dashboardListLen})
		if err != nil {
			return err
		}
		for _, row := range rows {
			er := entryRow(row)
			if l.which == "scheduled" {
				er.When = nextLive(row.Langs)
			}
			*l.dst = append(*l.dst, er)
		}
	}
	rows, err := s.store.EntryRows(ctx, b.Lang, store.EntryFilter{Limit: dashboardListLen})
	if err != nil {
		return err
	}
	for _, row := range rows {
		br := view.BoardRow{EntryRow: entryRow(row)}
		for _, lang := range codes {
			br.Cells = append(br.Cells, view.BoardCell{Lang: lang, State: row.State(lang)})
		}
		data.Board = append(data.Board, br)
	}
	bc, err := s.store.BoardCounts(ctx, "", codes)
	if err != nil {
		return err
	}
	for _, code := range codes {
		c := bc[code]
		data.BoardCounts = append(data.BoardCounts, view.BoardCount{Lang: code, Name: s.bundle.Get(code).Tr("language.self"),
			Missing: c.Missing, Outdated: c.Outdated, Draft: c.Draft, Review: c.Review, Current: c.Current, Photos: c.Photos})
	}
	returned, err := s.store.ReturnedReviews(ctx, u.ID, dashboardListLen)
	if err != nil {
		return err
	}
	for _, rr := range returned {
		if !u.Translates(rr.Lang) || s.bundle.Get(rr.Lang) == nil {
			continue // no longer theirs, or turned off: nothing they can mend
		}
		row := s.reviewRow(rr, rr.CommentedBy.Shown(), rr.SubmittedAt)
		if rr.CommentedAt != nil {
			row.At = *rr.CommentedAt
		}
		row.Comment = rr.Comment
		data.Returned = append(data.Returned, row)
	}
	if u.Role == store.RoleTranslator {
		return s.render(w, http.StatusOK, view.PageAdminDashboard, data)
	}
	waiting, err := s.store.WaitingReviews(ctx, dashboardListLen)
	if err != nil {
		return err
	}
	for _, wr := range waiting {
		data.Reviews = append(data.Reviews, s.reviewRow(wr, wr.SubmittedBy.Shown(), wr.SubmittedAt))
	}
	counts, err := s.store.SubscriberCounts(ctx)
	if err != nil {
		return err
	}
	for _, c := range counts {
		// The languages the site serves; the subscribers of one turned
		// off are counted on the subscribers' page (admins).
		l := s.bundle.Get(c.Lang)
		if l == nil {
			continue
		}
		data.Subscribers = append(data.Subscribers, view.SubscriberCount{Lang: c.Lang,
			Name: l.Tr("language.self"), Active: c.Active, Unsubscribed: c.Unsubscribed})
	}
	return s.render(w, http.StatusOK, view.PageAdminDashboard, data)
}

// reviewRow is a review in a dashboard list, by and at whom the list
// names: the submitter of a text waiting, the reviewer of one sent back.
func (s *server) reviewRow(r store.ListedReview, by string, at time.Time) view.ReviewRow {
	name := r.Lang
	if l := s.bundle.Known(r.Lang); l != nil { // a language turned off keeps its reviews
		name = l.Tr("language.self")
	}
	return view.ReviewRow{EntryID: r.EntryID, Lang: r.Lang, Title: r.Title, LangName: name, By: by, At: at}
}

// textRow is one language's text in a dashboard list, as entryRow shows
// an entry with that one language.
func (s *server) textRow(t store.TextRow) view.EntryRow {
	row := entryRow(store.EntryRow{ID: t.EntryID, Kind: t.Kind, Status: t.Status, Title: t.Title,
		PublishedAt: t.PublishedAt, UpdatedAt: t.UpdatedAt, Langs: map[string]store.TextState{
			t.Lang: {Status: t.Status, PublishedAt: t.PublishedAt, Pending: t.Pending, ChangesAt: t.ChangesAt}}})
	row.Lang, row.LangName = t.Lang, s.bundle.Get(t.Lang).Tr("language.self")
	return row
}

// nextLive is, on the dashboard's Scheduled list, the time a row shows
// beside its title: the soonest of its languages waiting to go live, or
// none when what is scheduled is only changes to live texts, which their
// markers time (not the entry's publication, long past).
func nextLive(langs map[string]store.TextState) time.Time {
	var next time.Time
	for _, st := range langs {
		if st.Status != content.StatusPublished || st.PublishedAt == nil || !st.PublishedAt.After(time.Now()) {
			continue
		}
		if next.IsZero() || st.PublishedAt.Before(next) {
			next = *st.PublishedAt
		}
	}
	return next
}
