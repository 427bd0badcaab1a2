package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
)

// Session keys.
const (
	sessUserID    = "uid"
	sessEpoch     = "epoch"
	sessFlash     = "flash"
	sessFlashText = "flash_text"
	// sessFlashLinks: the message's links to the pages an action put on
	// the site (flashLinks, flashEntryLinks), four strings a link. (The
	// key names the format: links of three strings, left in a session
	// across the upgrade, are not read as four.)
	sessFlashLinks = "flash_links4"
	sessSeen       = "seen" // int64: Unix time the user was last seen, to touchEvery
)

// Session timeouts: an idle editor is logged out after two hours, anyone
// after twelve. The idle timeout is kept here, not by scs: scs would
// rewrite the whole session on every request to move its expiry, and a
// request that started earlier (a live preview) would then write back a
// copy without what a concurrent save had just put there (its message,
// or after a password change, the new epoch that keeps the user logged
// in). Here a session is written when something changes, and when the
// user was last seen more than touchEvery ago.
const (
	SessionIdleTimeout = 2 * time.Hour
	SessionLifetime    = 12 * time.Hour
	touchEvery         = 5 * time.Minute
)

// NewSessions returns the session manager: sessions live in Postgres (so
// any instance can serve any editor), tokens are stored hashed, and the
// cookie is HttpOnly, SameSite=Lax and, over HTTPS, Secure with the
// __Host- prefix. cleanup is how often expired rows are deleted (0: never,
// for tests). st is the site's store over pool, whose watch on the
// database the sessions' own writes share.
func NewSessions(st *store.Store, pool *pgxpool.Pool, https bool, cleanup time.Duration) *scs.SessionManager {
	sm := scs.New()
	sm.Store = &sessionStore{PostgresStore: pgxstore.NewWithCleanupInterval(pool, cleanup), store: st}
	sm.HashTokenInStore = true
	sm.Lifetime = SessionLifetime // the idle timeout is requireUser's
	sm.Cookie.Name = "vestnik_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = false
	if https {
		sm.Cookie.Name = "__Host-vestnik_session"
		sm.Cookie.Secure = true
	}
	return sm
}

// sessionStore keeps sessions in Postgres as pgxstore does, but writes
// a session a request loaded back only while it still exists. A request
// that loaded it before the editor logged out — an upload still arriving,
// a save from another tab, on any instance — and that changes it (its
// message for the next page) would otherwise write it back as it ends,
// and its answer would give the browser the cookie again: logged out, and
// logged in again a moment later. A session a request makes (logging in
// renews the token) is written as pgxstore writes it.
type sessionStore struct {
	*pgxstore.PostgresStore
	store *store.Store
}

// loadedSession is the stored token of the session a request loaded
// (loadSession puts one in the request's context; FindCtx fills it).
type loadedSession struct{ token string }

type loadedKey struct{}

// loadSession loads and saves the session of each request (scs's
// LoadAndSave), telling sessionStore which session the request loaded.
func (s *server) loadSession(next http.Handler) http.Handler {
	load := s.sessions.LoadAndSave(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		load.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), loadedKey{}, &loadedSession{})))
	})
}

func (p *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	b, found, err := p.Find(token)
	if l, ok := ctx.Value(loadedKey{}).(*loadedSession); ok && found && err == nil {
		l.token = token
	}
	return b, found, err
}

func (p *sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if l, ok := ctx.Value(loadedKey{}).(*loadedSession); ok && l.token != "" && l.token == token {
		_, err := p.store.UpdateSession(context.WithoutCancel(ctx), token, b, expiry)
		return err
	}
	return p.Commit(token, b, expiry)
}

func (p *sessionStore) DeleteCtx(_ context.Context, token string) error { return p.Delete(token) }

type ctxKey int

const userKey ctxKey = iota

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
func (s *server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		uid := s.sessions.GetInt64(ctx, sessUserID)
		if uid != 0 {
			u, err := s.store.UserByID(ctx, uid)
			now := s.now()
			seen := time.Unix(s.sessions.GetInt64(ctx, sessSeen), 0)
			switch {
			case err == nil && !u.Disabled() && u.SessionEpoch == s.sessions.GetInt(ctx, sessEpoch) && now.Sub(seen) <= SessionIdleTimeout:
				if now.Sub(seen) > touchEvery {
					s.sessions.Put(ctx, sessSeen, now.Unix())
				}
				next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, userKey, &u)))
				return
			case err != nil && !errors.Is(err, store.ErrNotFound):
				s.errs.Error(w, r, err)
				return
			}
			// Idle too long, disabled, password changed or deleted: this
			// session is over.
			s.sessions.Destroy(ctx)
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
			return
		}
		s.errs.Error(w, r, httpx.ErrUnauthorized)
	})
}

// requireAdmin lets only admins through.
func (s *server) requireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := currentUser(r.Context()); u == nil || u.Role != store.RoleAdmin {
			s.errs.Error(w, r, httpx.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireEditor keeps translators out: they edit their languages' texts
// only, through the routes outside this group.
func (s *server) requireEditor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := currentUser(r.Context()); u == nil || u.Role == store.RoleTranslator {
			s.errs.Error(w, r, httpx.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// flash leaves a message (an ID) for the next admin page.
func (s *server) flash(r *http.Request, id string) {
	s.dropMessage(r)
	s.sessions.Put(r.Context(), sessFlash, id)
}

// flashText shows a message already put in the user's language (one with
// numbers in it) on the next page.
func (s *server) flashText(r *http.Request, text string) {
	s.dropMessage(r)
	s.sessions.Put(r.Context(), sessFlashText, text)
}

// dropMessage forgets a message not shown (its page was never loaded),
// with its links: the next page says what the newest action did. A text
// left unshown would win over a newer message's ID, and links would
// outlive their message to link a page its action may have taken off the
// site since (a publish, then a trash). An action that links pages does
// so after its message (flashLinks).
func (s *server) dropMessage(r *http.Request) {
	for _, k := range []string{sessFlash, sessFlashText, sessFlashLinks} {
		s.sessions.Remove(r.Context(), k)
	}
}

// sessionAlive answers 204 while the session lasts (requireUser sends
// others to the login form): the editor asks before a save, so that an
// expired session asks for the password in place instead of losing the
// save.
func sessionAlive(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }
