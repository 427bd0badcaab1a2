package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/view"
)

// newsletterList is the archive of issues, grouped by year of their period.
func (s *Server) newsletterList(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	if done, err := onePageList(w, r); done || err != nil {
		return err
	}
	issues, err := s.store.Newsletters(r.Context(), lang)
	if err != nil {
		return err
	}
	b, err := s.pageBase(r, lang, "newsletters", "")
	if err != nil {
		return err
	}
	b.Title, b.Description = b.T.Tr("newsletter.archive_title"), b.T.Tr("newsletter.archive_intro")
	covers := make([]int64, len(issues))
	for i, n := range issues {
		covers[i] = n.LeadImageID
	}
	if err := s.touchList(r.Context(), &b, issuesDate(issues), content.KindNewsletter); err != nil {
		return err
	}
	data := view.NewsletterList{Base: b, Heading: b.T.Tr("newsletter.archive_title"), Intro: b.T.Tr("newsletter.archive_intro"), None: b.T.Tr("newsletter.none")}
	set, err := s.photos(r.Context(), covers)
	if err != nil {
		return err
	}
	for _, n := range issues {
		y := n.Period.Year()
		if len(data.Years) == 0 || data.Years[len(data.Years)-1].Year != y {
			data.Years = append(data.Years, view.YearGroup{Year: y})
		}
		g := &data.Years[len(data.Years)-1]
		g.Issues = append(g.Issues, view.NewIssueTeaser(b.T, n, set.Thumb(n.LeadImageID, lang)))
	}
	return s.render(w, http.StatusOK, view.PageNewsletterList, data)
}
