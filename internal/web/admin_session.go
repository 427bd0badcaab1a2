package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"unicode/utf8"

	"vestnik/internal/accounts"
	"vestnik/internal/store"
	"vestnik/internal/view"
)

// Session keys.
const (
	sessUserID = "uid"
	sessEpoch  = "epoch"
	sessFlash  = "flash"
)

const userKey ctxKey = iota + 100

var (
	errUnauthorized = &statusError{http.StatusUnauthorized, "login required"}
	errForbidden    = &statusError{http.StatusForbidden, "forbidden"}
	errBadRequest   = &statusError{http.StatusBadRequest, "bad request"}
	errTooLarge     = &statusError{http.StatusRequestEntityTooLarge, "request too large"}
)

func currentUser(ctx context.Context) *store.User {
	u, _ := ctx.Value(userKey).(*store.User)
	return u
}

// noStore keeps every admin response out of caches.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// requireUser lets a request through only with a valid session of an
// enabled user whose sessions have not been ended since (epoch). Pages
// redirect to the login form; other methods get 401.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		uid := s.sessions.GetInt64(ctx, sessUserID)
		if uid != 0 {
			u, err := s.store.UserByID(ctx, uid)
			switch {
			case err == nil && !u.Disabled() && u.SessionEpoch == s.sessions.GetInt(ctx, sessEpoch):
				next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, userKey, &u)))
				return
			case err != nil && !errors.Is(err, store.ErrNotFound):
				s.serveError(w, r, err)
				return
			}
			// Disabled, password changed or deleted: this session is over.
			s.sessions.Destroy(ctx)
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
			return
		}
		s.serveError(w, r, errUnauthorized)
	})
}

// requireAdmin lets only admins through.
func (s *Server) requireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := currentUser(r.Context()); u == nil || u.Role != store.RoleAdmin {
			s.serveError(w, r, errForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP is the client's address: the connection's peer, or the last
// address a trusted proxy appended to X-Forwarded-For.
func (s *Server) clientIP(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return netip.IPv4Unspecified()
	}
	peer = peer.Unmap()
	if !s.trusted(peer) {
		return peer
	}
	// Walk X-Forwarded-For from the right: the first address that is not
	// one of our proxies is the client.
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !s.trusted(a) {
			return a
		}
		peer = a
	}
	return peer
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// actor is who makes a change, for the audit log.
func (s *Server) actor(r *http.Request) accounts.Actor {
	a := accounts.Actor{IP: s.clientIP(r)}
	if u := currentUser(r.Context()); u != nil {
		a.UserID = u.ID
	}
	return a
}

// maxFormBytes caps a form without files.
const maxFormBytes = 1 << 20

// parseForm reads a posted form within limit bytes: past it 413; NUL bytes
// or invalid UTF-8 anywhere are 400. Never a 500.
func parseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(limit)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errTooLarge
		}
		return errBadRequest
	}
	for k, vs := range r.PostForm {
		if !cleanText(k) {
			return errBadRequest
		}
		for _, v := range vs {
			if !cleanText(v) {
				return errBadRequest
			}
		}
	}
	return nil
}

func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// adminBase fills what every admin page has, in the user's language.
func (s *Server) adminBase(r *http.Request, section string) view.AdminBase {
	u := currentUser(r.Context())
	lang := s.bundle.Default()
	if u != nil && s.bundle.Get(u.Lang) != nil {
		lang = u.Lang
	}
	b := view.AdminBase{T: s.bundle.Get(lang), Lang: lang, Section: section}
	if u != nil {
		b.User = &view.AdminUser{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role}
		b.IsAdmin = u.Role == store.RoleAdmin
		if id := s.sessions.PopString(r.Context(), sessFlash); id != "" {
			b.Flash = b.T.Tr(id)
		}
	}
	for _, code := range s.bundle.Codes() {
		b.Languages = append(b.Languages, view.Link{Lang: code, Name: s.bundle.Get(code).Tr("language.self")})
	}
	return b
}

// flash leaves a message (an ID) for the next admin page.
func (s *Server) flash(r *http.Request, id string) { s.sessions.Put(r.Context(), sessFlash, id) }
