package admin

import (
	"net/http"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// render executes an admin page into memory, then writes it.
func (s *server) render(w http.ResponseWriter, status int, name view.PageName, data any) error {
	return httpx.Render(w, s.views, status, name, data)
}

// adminLang is the language the user reads the admin in.
func (s *server) adminLang(r *http.Request) string {
	if u := currentUser(r.Context()); u != nil && s.bundle.Get(u.Lang) != nil {
		return u.Lang
	}
	return s.bundle.Default()
}

// base fills what every admin page has, in the user's language.
func (s *server) base(r *http.Request, section string) view.AdminBase {
	u := currentUser(r.Context())
	lang := s.adminLang(r)
	b := view.AdminBase{T: s.bundle.Get(lang), Lang: lang, Section: section}
	if u != nil {
		b.User = &view.AdminUser{ID: u.ID, Email: u.Email, Name: u.Name, Shown: u.Person().Shown(), Role: u.Role}
		b.IsAdmin = u.Role == store.RoleAdmin
		b.IsTranslator = u.Role == store.RoleTranslator
		if id := s.sessions.PopString(r.Context(), sessFlash); id != "" {
			b.Flash = b.T.Tr(id)
		}
		if text := s.sessions.PopString(r.Context(), sessFlashText); text != "" {
			b.Flash = text
		}
		if links, ok := s.sessions.Pop(r.Context(), sessFlashLinks).([]string); ok {
			b.FlashLinks = messageLinks(b.T, links)
		}
	}
	for _, code := range s.bundle.Codes() {
		b.Languages = append(b.Languages, view.Link{Lang: code, Name: s.bundle.Get(code).Tr("language.self")})
	}
	return b
}
