package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// siteLanguages are the site's languages with their own names, in order.
func (s *server) siteLanguages() []view.Link {
	var langs []view.Link
	for _, code := range s.bundle.Codes() {
		langs = append(langs, view.Link{Lang: code, Name: s.bundle.Get(code).Tr("language.self")})
	}
	return langs
}

// hotlines lists every hotline number in the site's order, with its
// label and hours in each language, and the buttons to reorder, hide and
// show them.
func (s *server) hotlines(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.store.HotlineEntries(r.Context())
	if err != nil {
		return err
	}
	b := s.base(r, "hotlines")
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
	data.OneActive = shownCount(hs) == 1
	return s.render(w, http.StatusOK, view.PageAdminHotlines, data)
}

// hotlineMove moves a number one place up or down (dir=up|down).
func (s *server) hotlineMove(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	id, err := httpx.ID(r, "id")
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
		return httpx.ErrBadRequest
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

// hotlineActive shows (active=1) or hides (active=0) a number on the
// site.
func (s *server) hotlineActive(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	var active bool
	switch r.PostForm.Get("active") {
	case "1":
		active = true
	case "0":
	default:
		return httpx.ErrBadRequest
	}
	action, flash := "hotline.deactivate", "admin.hotlines.deactivated"
	if active {
		action, flash = "hotline.activate", "admin.hotlines.activated"
		h, err := s.store.HotlineForEdit(r.Context(), id)
		if err != nil {
			return err
		}
		if missing := s.unlabelled(h); len(missing) > 0 {
			// Shown, it would stand bare on those languages' pages: its
			// form asks for the labels (saveHotline).
			t := s.bundle.Get(s.adminLang(r))
			for i, lang := range missing {
				missing[i] = t.Tr("language." + lang)
			}
			s.flashText(r, t.Tr("admin.hotlines.label_first", "Langs", strings.Join(missing, ", ")))
			http.Redirect(w, r, "/admin/hotlines/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
			return nil
		}
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

// hotlineDelete deletes a hidden number for good (a number on show is
// hidden first: deleting never changes the banner).
func (s *server) hotlineDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	h, err := s.store.HotlineForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	err = store.ErrConflict
	if !h.Active {
		err = s.store.DeleteHotline(r.Context(), id, s.auditOf(r, "hotline.delete", h.E164))
	}
	switch {
	case errors.Is(err, store.ErrConflict):
		s.flash(r, "admin.hotlines.delete_shown") // shown again meanwhile, or never hidden
	case err != nil && !errors.Is(err, store.ErrNotFound): // gone meanwhile: deleted, as asked
		return err
	default:
		s.flash(r, "admin.hotlines.deleted")
	}
	http.Redirect(w, r, "/admin/hotlines", http.StatusSeeOther)
	return nil
}

// shownCount is how many of the numbers are on show (one: hiding it hides
// the banner).
func shownCount(hs []store.HotlineEntry) int {
	n := 0
	for _, h := range hs {
		if h.Active {
			n++
		}
	}
	return n
}

// unlabelled lists the site's languages in which h has no label.
func (s *server) unlabelled(h store.HotlineEntry) []string {
	var out []string
	for _, lang := range s.bundle.Codes() {
		if strings.TrimSpace(h.Label[lang]) == "" {
			out = append(out, lang)
		}
	}
	return out
}
