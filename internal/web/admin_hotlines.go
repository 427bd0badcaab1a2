package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/view"
)

// hotlineRoutes registers the hotline numbers' admin: /admin/hotlines…
func (s *Server) hotlineRoutes(r chi.Router) {
	r.Get("/hotlines", s.handle(s.adminHotlines))
	r.Get("/hotlines/new", s.handle(s.adminHotlineNew))
	r.Post("/hotlines/new", s.handle(s.adminHotlineCreate))
	r.Get("/hotlines/{id}", s.handle(s.adminHotlineEdit))
	r.Post("/hotlines/{id}", s.handle(s.adminHotlineUpdate))
	r.Post("/hotlines/{id}/move", s.handle(s.adminHotlineMove))
	r.Post("/hotlines/{id}/active", s.handle(s.adminHotlineActive))
}

func hotlineID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errNotFound
	}
	return id, nil
}

// siteLanguages are the site's languages with their own names, in order.
func (s *Server) siteLanguages() []view.Link {
	var langs []view.Link
	for _, code := range s.bundle.Codes() {
		langs = append(langs, view.Link{Lang: code, Name: s.bundle.Get(code).Tr("language.self")})
	}
	return langs
}

// adminHotlines lists every hotline number in the site's order, with its
// label and hours in each language, and the buttons to reorder, hide and
// show them.
func (s *Server) adminHotlines(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.store.HotlineEntries(r.Context())
	if err != nil {
		return err
	}
	b := s.adminBase(r, "hotlines")
	b.Title = b.T.Tr("admin.hotlines.title")
	data := view.HotlineList{AdminBase: b, Langs: s.siteLanguages()}
	for i, h := range hs {
		row := view.HotlineRow{ID: h.ID, E164: h.E164, Display: h.Display, Active: h.Active,
			First: i == 0, Last: i == len(hs)-1}
		for _, l := range data.Langs {
			row.Texts = append(row.Texts, view.HotlineText{Lang: l.Lang, Name: l.Name, Label: h.Label[l.Lang], Hours: h.Hours[l.Lang]})
		}
		data.Rows = append(data.Rows, row)
	}
	return s.render(w, http.StatusOK, "admin/hotlines", data)
}

// adminHotlineMove moves a number one place up or down (dir=up|down).
func (s *Server) adminHotlineMove(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxFormBytes); err != nil {
		return err
	}
	id, err := hotlineID(r)
	if err != nil {
		return err
	}
	var by int
	switch r.PostForm.Get("dir") {
	case "up":
		by = -1
	case "down":
		by = 1
	default:
		return errBadRequest
	}
	moved, err := s.store.MoveHotline(r.Context(), id, by, s.auditOf(r, "hotline.move", r.PostForm.Get("dir")))
	if err != nil {
		return err
	}
	if moved {
		s.flash(r, "admin.hotlines.moved")
	}
	http.Redirect(w, r, "/admin/hotlines", http.StatusSeeOther)
	return nil
}

// adminHotlineActive shows (active=1) or hides (active=0) a number on the
// site.
func (s *Server) adminHotlineActive(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxFormBytes); err != nil {
		return err
	}
	id, err := hotlineID(r)
	if err != nil {
		return err
	}
	var active bool
	switch r.PostForm.Get("active") {
	case "1":
		active = true
	case "0":
	default:
		return errBadRequest
	}
	action, flash := "hotline.deactivate", "admin.hotlines.deactivated"
	if active {
		action, flash = "hotline.activate", "admin.hotlines.activated"
	}
	changed, err := s.store.SetHotlineActive(r.Context(), id, active, s.auditOf(r, action, ""))
	if err != nil {
		return err
	}
	if changed {
		s.flash(r, flash)
	}
	http.Redirect(w, r, "/admin/hotlines", http.StatusSeeOther)
	return nil
}
