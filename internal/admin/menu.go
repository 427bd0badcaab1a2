package admin

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// menuSections are the built-in items of the site menu.
var menuSections = []string{"news", "newsletters", "hotline"}

// maxMenuLabel bounds a menu label (it must fit the public menu's row).
const maxMenuLabel = 40

// menu shows the site's main menu: its items in order with a label per
// language, the buttons to reorder and remove them, and what can be
// added (pages, and built-in sections taken out).
func (s *server) menu(w http.ResponseWriter, r *http.Request) error {
	return s.renderMenu(w, r, http.StatusOK, 0, nil, "")
}

// renderMenu renders the menu page; typed and problem are the labels of
// item failed and why they were not saved.
func (s *server) renderMenu(w http.ResponseWriter, r *http.Request, status int, failed int64, typed map[string]string, problem string) error {
	ctx := r.Context()
	items, err := s.store.MenuItems(ctx)
	if err != nil {
		return err
	}
	b := s.base(r, "menu")
	b.Title = b.T.Tr("admin.menu.title")
	data := view.MenuList{AdminBase: b, Langs: s.siteLanguages()}
	inMenu := map[string]bool{}
	for i, it := range items {
		row := view.MenuRow{ID: it.ID, EntryID: it.EntryID, First: i == 0, Last: i == len(items)-1}
		if it.Section != "" {
			inMenu["section:"+it.Section] = true
			row.Name = b.T.Tr("nav." + it.Section)
		} else {
			inMenu["page:"+strconv.FormatInt(it.EntryID, 10)] = true
			row.Name = firstTitle(it.Titles, b.Lang, s.bundle.Codes())
			if row.Name == "" {
				if title := firstTitle(it.Drafts, b.Lang, s.bundle.Codes()); title != "" {
					row.Name = b.T.Tr("admin.menu.page_offline", "Title", title)
				} else {
					row.Name = b.T.Tr("admin.menu.page_untitled", "ID", it.EntryID)
				}
			}
		}
		for _, l := range data.Langs {
			ml := view.MenuLabel{Lang: l.Lang, Name: l.Name, Value: it.Labels[l.Lang], Default: it.Titles[l.Lang]}
			if it.Section != "" {
				ml.Default = s.bundle.Get(l.Lang).Tr("nav." + it.Section)
			}
			if it.ID == failed {
				ml.Value = typed[l.Lang]
			}
			row.Labels = append(row.Labels, ml)
		}
		if it.ID == failed {
			row.Error = problem
		}
		data.Rows = append(data.Rows, row)
	}
	for _, sec := range menuSections {
		if !inMenu["section:"+sec] {
			data.Add = append(data.Add, view.Option{Value: "section:" + sec, Label: b.T.Tr("nav." + sec)})
		}
	}
	pages, err := s.store.EntryRows(ctx, b.Lang, store.EntryFilter{Kind: content.KindPage, Limit: 500})
	if err != nil {
		return err
	}
	for _, p := range pages {
		v := "page:" + strconv.FormatInt(p.ID, 10)
		if !inMenu[v] && p.Title != "" && !slices.Contains(menuSections, p.SystemKey) { // the hotline page is its section's
			data.Add = append(data.Add, view.Option{Value: v, Label: p.Title})
		}
	}
	return s.render(w, status, view.PageAdminMenu, data)
}

// menuAdd puts a page, or a built-in section taken out, at the end of the
// menu (item=page:ID or section:NAME).
func (s *server) menuAdd(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	var section string
	var entryID int64
	switch kind, v, _ := strings.Cut(r.PostForm.Get("item"), ":"); kind {
	case "section":
		if !slices.Contains(menuSections, v) {
			return httpx.ErrBadRequest
		}
		section = v
	case "page":
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return httpx.ErrBadRequest
		}
		entryID = id
	default:
		return httpx.ErrBadRequest
	}
	if entryID != 0 {
		// The page a built-in section shows (the hotline's) is in the
		// menu as that section.
		d, _, err := s.store.EntryForEdit(r.Context(), entryID)
		if err == nil && slices.Contains(menuSections, d.SystemKey) {
			keepCache(r)
			s.flash(r, "admin.menu.section_page")
			http.Redirect(w, r, "/admin/menu", http.StatusSeeOther)
			return nil
		}
	}
	_, err := s.store.AddMenuItem(r.Context(), section, entryID, s.auditOf(r, "menu.add", r.PostForm.Get("item")))
	switch {
	case errors.Is(err, store.ErrConflict):
		keepCache(r)
		s.flash(r, "admin.menu.already")
	case errors.Is(err, store.ErrNotFound):
		keepCache(r)
		s.flash(r, "admin.menu.not_a_page")
	case err != nil:
		return err
	default:
		s.flash(r, "admin.menu.added")
	}
	http.Redirect(w, r, "/admin/menu", http.StatusSeeOther)
	return nil
}

// menuLabels saves an item's labels (label.LANG; empty: the default).
func (s *server) menuLabels(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	labels := map[string]string{}
	for _, lang := range s.bundle.Codes() {
		labels[lang] = strings.Join(strings.Fields(r.PostForm.Get("label."+lang)), " ")
	}
	for _, l := range labels {
		if utf8.RuneCountInString(l) > maxMenuLabel || strings.ContainsRune(l, 0) {
			t := s.bundle.Get(s.adminLang(r))
			return s.renderMenu(w, r, http.StatusUnprocessableEntity, id, labels, t.Tr("admin.menu.too_long", "Max", maxMenuLabel))
		}
	}
	if err := s.store.SetMenuLabels(r.Context(), id, labels, s.auditOf(r, "menu.labels", "")); err != nil {
		return err
	}
	s.flash(r, "admin.menu.saved")
	http.Redirect(w, r, "/admin/menu", http.StatusSeeOther)
	return nil
}

// menuMove moves an item one place up or down (dir=up|down).
func (s *server) menuMove(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	by := map[string]int{"up": -1, "down": 1}[r.PostForm.Get("dir")]
	if by == 0 {
		return httpx.ErrBadRequest
	}
	moved, err := s.store.MoveMenuItem(r.Context(), id, by, s.auditOf(r, "menu.move", r.PostForm.Get("dir")))
	if err != nil {
		return err
	}
	if moved {
		s.flash(r, "admin.menu.moved")
	}
	http.Redirect(w, r, "/admin/menu", http.StatusSeeOther)
	return nil
}

// menuRemove takes an item out of the menu; a page stays on the site.
func (s *server) menuRemove(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.RemoveMenuItem(r.Context(), id, s.auditOf(r, "menu.remove", "")); err != nil {
		return err
	}
	s.flash(r, "admin.menu.removed")
	http.Redirect(w, r, "/admin/menu", http.StatusSeeOther)
	return nil
}
