package admin

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// oneLine collapses runs of white space, line breaks included, to one
// space, in a label cleaned as titles are (content.CleanLine).
func oneLine(s string) string { return strings.Join(strings.Fields(content.CleanLine(s)), " ") }

// hotlineForm is the data of the form for a hotline number, new (id 0) or
// as saved.
func (s *server) hotlineForm(r *http.Request, h store.HotlineEntry) view.HotlineEdit {
	b := s.base(r, "hotlines")
	if h.ID == 0 {
		b.Title = b.T.Tr("admin.hotlines.new_title")
	} else {
		b.Title = b.T.Tr("admin.hotlines.edit_title", "Number", h.Display)
	}
	data := view.HotlineEdit{AdminBase: b, IsNew: h.ID == 0, ID: h.ID, E164: h.E164, Display: h.Display,
		Active: h.Active, Errors: map[string]string{}}
	if h.Display == h.E164 {
		data.Display = "" // left empty: it follows the number
	}
	for _, l := range s.siteLanguages() {
		data.Texts = append(data.Texts, view.HotlineText{Lang: l.Lang, Name: l.Name, Label: h.Label[l.Lang], Hours: h.Hours[l.Lang]})
	}
	return data
}

// hotlineNew shows an empty form for a new number.
func (s *server) hotlineNew(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, http.StatusOK, view.PageAdminHotlineEdit, s.hotlineForm(r, store.HotlineEntry{Active: true}))
}

// hotlineEdit shows a number's form.
func (s *server) hotlineEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	h, err := s.store.HotlineForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	data := s.hotlineForm(r, h)
	if h.Active {
		all, err := s.store.HotlineEntries(r.Context())
		if err != nil {
			return err
		}
		data.OnlyShown = shownCount(all) == 1
	}
	return s.render(w, http.StatusOK, view.PageAdminHotlineEdit, data)
}

// hotlineCreate adds a number at the end of the list.
func (s *server) hotlineCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveHotline(w, r, store.HotlineEntry{})
}

// hotlineUpdate saves a number.
func (s *server) hotlineUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	saved, err := s.store.HotlineForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	return s.saveHotline(w, r, saved)
}

// saveHotline validates the posted form and saves it with its audit line
// in one transaction. A problem re-renders the form as typed (422) with
// localized messages beside the fields. The site reads the numbers on
// every request, so the change shows at once.
func (s *server) saveHotline(w http.ResponseWriter, r *http.Request, saved store.HotlineEntry) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	f := r.PostForm
	data := s.hotlineForm(r, saved)
	t := data.T
	data.E164 = strings.TrimSpace(f.Get("e164"))
	data.Display = oneLine(f.Get("display"))
	data.Active = f.Get("active") != ""
	number, ok := content.E164(data.E164)
	h := store.HotlineEntry{ID: saved.ID, E164: number, Display: data.Display, Active: data.Active,
		Label: map[string]string{}, Hours: map[string]string{}}
	if !ok {
		data.Errors["e164"] = t.Tr("admin.hotlines.err.e164")
	} else {
		all, err := s.store.HotlineEntries(r.Context())
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID != saved.ID && o.E164 == number {
				data.Errors["e164"] = t.Tr("admin.hotlines.err.duplicate")
			}
		}
	}
	if h.Display == "" {
		// Left empty, the number shows as it was typed ("+7 (727)
		// 123-45-67"): the spaces and brackets are for people, and only
		// the link dials the bare number.
		h.Display = h.E164
		if typed := oneLine(data.E164); ok && utf8.RuneCountInString(typed) <= content.MaxHotlineDisplay {
			h.Display = typed
		}
	} else if ok && !content.ShowsNumber(h.Display, number) {
		data.Errors["display"] = t.Tr("admin.hotlines.err.display", "Number", number)
	}
	if utf8.RuneCountInString(h.Display) > content.MaxHotlineDisplay {
		data.Errors["display"] = t.Tr("admin.hotlines.err.too_long", "Max", content.MaxHotlineDisplay)
	}
	for i := range data.Texts {
		text := &data.Texts[i]
		text.Label, text.Hours = oneLine(f.Get("label."+text.Lang)), oneLine(f.Get("hours."+text.Lang))
		if utf8.RuneCountInString(text.Label) > content.MaxHotlineText {
			data.Errors["label."+text.Lang] = t.Tr("admin.hotlines.err.too_long", "Max", content.MaxHotlineText)
		}
		if utf8.RuneCountInString(text.Hours) > content.MaxHotlineText {
			data.Errors["hours."+text.Lang] = t.Tr("admin.hotlines.err.too_long", "Max", content.MaxHotlineText)
		}
		if text.Label == "" && h.Active {
			// Pages in this language would show the number bare; the site
			// shows no language's text on another's pages, so it is asked
			// for, not borrowed.
			data.Errors["label."+text.Lang] = t.Tr("admin.hotlines.err.label_required", "In", t.Tr("language.in."+text.Lang))
		}
		h.Label[text.Lang], h.Hours[text.Lang] = text.Label, text.Hours
	}
	if len(data.Errors) > 0 {
		return s.render(w, http.StatusUnprocessableEntity, view.PageAdminHotlineEdit, data)
	}
	ctx := r.Context()
	var err error
	done := "admin.hotlines.saved"
	if saved.ID == 0 {
		_, err = s.store.AddHotline(ctx, h, s.auditOf(r, "hotline.create", h.E164))
		done = "admin.hotlines.created"
	} else {
		summary := h.E164
		if saved.E164 != h.E164 {
			summary = saved.E164 + " → " + h.E164
		}
		err = s.store.UpdateHotline(ctx, h, s.auditOf(r, "hotline.update", summary))
	}
	if errors.Is(err, store.ErrConflict) { // the number was added meanwhile
		data.Errors["e164"] = t.Tr("admin.hotlines.err.duplicate")
		return s.render(w, http.StatusUnprocessableEntity, view.PageAdminHotlineEdit, data)
	}
	if err != nil {
		return err
	}
	s.flash(r, done)
	http.Redirect(w, r, "/admin/hotlines", http.StatusSeeOther)
	return nil
}
