package web

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Session timeouts: an idle editor is logged out after two hours, anyone
// after twelve.
const (
	SessionIdleTimeout = 2 * time.Hour
	SessionLifetime    = 12 * time.Hour
)

// NewSessions returns the session manager: sessions live in Postgres (so
// any instance can serve any editor), tokens are stored hashed, and the
// cookie is HttpOnly, SameSite=Lax and, over HTTPS, Secure with the
// __Host- prefix. cleanup is how often expired rows are deleted (0: never,
// for tests).
func NewSessions(pool *pgxpool.Pool, https bool, cleanup time.Duration) *scs.SessionManager {
	sm := scs.New()
	sm.Store = pgxstore.NewWithCleanupInterval(pool, cleanup)
	sm.HashTokenInStore = true
	sm.IdleTimeout = SessionIdleTimeout
	sm.Lifetime = SessionLifetime
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
