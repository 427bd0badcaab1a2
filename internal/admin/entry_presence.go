package admin

import (
	"net/http"
	"strconv"

	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/store"
)

// entryPresence is the open editor page's word, every minute, that the
// user still has the entry open (static/admin.js). It posts the version
// its form holds, and is answered with what the page should say of the
// others (JSON {"others": [line, …]}): who else has the entry open, and
// who saved it after that version — the page's text is behind then.
func (s *server) entryPresence(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.ID(r, "id")
	if err != nil {
		return err
	}
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || version < 0 {
		return httpx.ErrBadRequest
	}
	others, err := s.store.Present(r.Context(), id, currentUser(r.Context()).ID, version)
	if err != nil {
		return err
	}
	lines := presenceLines(s.bundle.Get(s.adminLang(r)), others)
	if lines == nil {
		lines = []string{}
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string][]string{"others": lines})
}

// presenceLines tells of each other user, one line each: that they have
// the entry open (and when last seen), that they saved it (and when).
func presenceLines(t *i18n.Localizer, others []store.Presence) []string {
	var out []string
	for _, p := range others {
		var line string
		if !p.Seen.IsZero() {
			line = t.Tr("admin.presence.open", "Who", p.Who.Shown(), "When", t.DateTime(p.Seen))
		}
		if p.SavedAt != nil {
			if line != "" {
				line += " "
			}
			line += t.Tr("admin.presence.saved", "Who", p.Who.Shown(), "When", t.DateTime(*p.SavedAt))
		}
		out = append(out, line)
	}
	return out
}
