package admin

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// languages lists the site's languages, served or not, each with a form:
// its own name, order, search configuration, default and enabled.
func (s *server) languages(w http.ResponseWriter, r *http.Request) error {
	return s.languagesPage(w, r, http.StatusOK, "", nil)
}

// languagesPage renders the list; a failed save shows its form as typed,
// with its messages.
func (s *server) languagesPage(w http.ResponseWriter, r *http.Request, status int, code string, typed *view.LanguageRow) error {
	ctx := r.Context()
	b := s.base(r, "languages")
	b.Title = b.T.Tr("admin.languages.title")
	langs, err := s.store.Languages(ctx)
	if err != nil {
		return err
	}
	cfgs, err := s.store.TSConfigs(ctx)
	if err != nil {
		return err
	}
	data := view.Languages{AdminBase: b, TSConfigs: cfgs}
	for _, l := range langs {
		row := view.LanguageRow{Code: l.Code, Name: l.Name, Position: strconv.Itoa(l.Position), TSConfig: l.TSConfig,
			Default: l.Default, Enabled: l.Enabled, Shipped: s.bundle.Known(l.Code) != nil}
		if l.Code == code && typed != nil {
			row = *typed
		}
		if k := s.bundle.Known(l.Code); k != nil {
			row.InAdminLang = b.T.Tr("language." + l.Code)
		}
		data.Rows = append(data.Rows, row)
	}
	return s.render(w, status, view.PageAdminLanguages, data)
}

// languageUpdate saves one language. Turning a language on or off takes
// effect here at once and on every other instance through the languages
// table's notification; a disabled language's content is kept.
func (s *server) languageUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	ctx := r.Context()
	code := chi.URLParam(r, "code")
	langs, err := s.store.Languages(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(langs, func(l content.Language) bool { return l.Code == code })
	if i < 0 {
		return httpx.ErrNotFound
	}
	f := r.PostForm
	typed := view.LanguageRow{Code: code, Name: strings.TrimSpace(f.Get("name")), Position: strings.TrimSpace(f.Get("position")),
		TSConfig: f.Get("ts_config"), Default: f.Get("default") == "1", Enabled: f.Get("enabled") == "1",
		Shipped: s.bundle.Known(code) != nil, Errors: map[string]string{}}
	t := s.base(r, "languages").T
	l := content.Language{Code: code, Name: typed.Name, TSConfig: typed.TSConfig, Default: typed.Default, Enabled: typed.Enabled}
	if typed.Name == "" || utf8.RuneCountInString(typed.Name) > 50 {
		typed.Errors["name"] = t.Tr("admin.languages.err.name")
	}
	if l.Position, err = strconv.Atoi(typed.Position); err != nil || l.Position < 1 || l.Position > 99 {
		typed.Errors["position"] = t.Tr("admin.languages.err.position")
	} else if j := slices.IndexFunc(langs, func(o content.Language) bool { return o.Code != code && o.Position == l.Position }); j >= 0 &&
		l.Position != langs[i].Position {
		// Two languages in one place would be ordered by chance. (Places
		// shared before this check do not block other changes.)
		typed.Errors["position"] = t.Tr("admin.languages.err.position_taken", "Name", langs[j].Name)
	}
	cfgs, err := s.store.TSConfigs(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(cfgs, typed.TSConfig) {
		typed.Errors["ts_config"] = t.Tr("admin.languages.err.ts_config")
	}
	if typed.Enabled && !typed.Shipped {
		typed.Errors["enabled"] = t.Tr("admin.languages.err.no_locale")
	}
	if typed.Default && !typed.Enabled && !langs[i].Default {
		typed.Errors["default"] = t.Tr("admin.languages.err.default_off") // a language turned off cannot become it
	}
	if len(typed.Errors) == 0 {
		before := langs[i]
		a := s.auditOf(r, "language.update", code+": "+languageChange(before, l))
		a.ObjectType = "language"
		err = s.store.UpdateLanguage(ctx, l, a)
		if errors.Is(err, store.ErrDefaultLanguage) {
			typed.Errors["default"] = t.Tr("admin.languages.err.default")
		} else if err != nil {
			return err
		}
	}
	if len(typed.Errors) > 0 {
		return s.languagesPage(w, r, http.StatusUnprocessableEntity, code, &typed)
	}
	// This instance serves the new set at once; the others on the
	// notification.
	codes, names, err := s.store.EnabledLanguages(ctx)
	if err != nil {
		return err
	}
	if err := s.bundle.Enable(codes); err != nil {
		return err
	}
	s.bundle.SetNames(names)
	s.flash(r, "admin.languages.saved")
	http.Redirect(w, r, "/admin/languages", http.StatusSeeOther)
	return nil
}

// languageChange says what a save changed, for the audit log.
func languageChange(a, b content.Language) string {
	var out []string
	if a.Enabled != b.Enabled {
		out = append(out, "enabled="+strconv.FormatBool(b.Enabled))
	}
	if a.Default != b.Default {
		out = append(out, "default="+strconv.FormatBool(b.Default))
	}
	if a.Name != b.Name {
		out = append(out, "name="+b.Name)
	}
	if a.Position != b.Position {
		out = append(out, "position="+strconv.Itoa(b.Position))
	}
	if a.TSConfig != b.TSConfig {
		out = append(out, "ts_config="+b.TSConfig)
	}
	return strings.Join(out, ", ")
}
