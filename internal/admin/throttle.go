package admin

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"vestnik/internal/auth"
	"vestnik/internal/httpx"
	"vestnik/internal/i18n"
	"vestnik/internal/store"
)

// try is one check of a password or code (logging in, or a logged-in user
// confirming a change): counted as a failure before it is checked, so that
// concurrent tries all see one another, and forgotten when it proves right.
type try struct {
	id           int64
	email        string
	client       netip.Addr // the client's group (auth.ClientGroup)
	secondFactor bool       // a code after the right password
	before       auth.Failures
}

// startTry counts a try for an account from a client and returns how long
// it must wait, judged by the failures before it (auth.Failures): 0 when
// it may go ahead. A try the throttle refuses is no failure and is not
// counted, so that a stranger's flood cannot lengthen anyone's wait.
func (s *server) startTry(ctx context.Context, email string, client netip.Addr, secondFactor bool) (try, time.Duration, error) {
	t := try{email: email, client: auth.ClientGroup(client), secondFactor: secondFactor}
	now := s.now()
	var wait time.Duration
	// Decided and counted even if the client goes away.
	id, c, err := s.store.StartLoginTry(context.WithoutCancel(ctx), email, t.client, secondFactor, now,
		now.Add(-auth.FailureWindow), now.Add(-auth.AccountWindow), func(c store.LoginFailureCounts) bool {
			wait = failuresOf(c).Wait(now)
			return wait > 0
		})
	if err != nil {
		return t, 0, err
	}
	t.id, t.before = id, failuresOf(c)
	return t, wait, nil
}

func failuresOf(c store.LoginFailureCounts) auth.Failures {
	return auth.Failures{
		Pair:          auth.Count{N: c.Pair, Last: c.PairLast},
		Client:        auth.Count{N: c.Client, Last: c.ClientLast},
		Account:       auth.Count{N: c.Account, Last: c.AccountLast},
		AccountOldest: c.AccountOldest,
		Codes:         auth.Count{N: c.Codes, Last: c.CodesLast},
	}
}

// right forgets a try that proved right: it was no failure.
func (s *server) right(ctx context.Context, t try) error {
	return s.store.ForgetLoginAttempt(ctx, t.id)
}

// unchecked forgets a try turned away before its check (too many checks
// waiting): no password was tried, so a busy server never counts against
// anyone; the answer is busy whatever happens here.
func (s *server) unchecked(w http.ResponseWriter, r *http.Request, t try, err error) error {
	if ferr := s.store.ForgetLoginAttempt(context.WithoutCancel(r.Context()), t.id); ferr != nil {
		s.log.WarnContext(r.Context(), "forgetting an unchecked try", "err", ferr)
	}
	return busy(err)
}

// wrong keeps a failed try counted; when it is the failure that makes the
// next tries wait, the account's audit log says so.
func (s *server) wrong(r *http.Request, t try) {
	if !t.before.LocksOut(t.secondFactor) {
		return
	}
	ctx := context.WithoutCancel(r.Context())
	u, err := s.store.UserByEmail(ctx, t.email)
	if err != nil {
		return // no such account (or the database is away): nothing to record
	}
	ip := s.proxies.ClientIP(r)
	uid := &u.ID
	if current := currentUser(ctx); current == nil {
		uid = nil // a stranger's try, not the user's
	}
	if err := s.store.Audit(ctx, store.AuditEntry{UserID: uid, Action: "user.lockout", ObjectType: "user", ObjectID: u.ID,
		Summary: t.client.String(), IP: &ip}); err != nil { // the client counted: an address or a network
		s.log.ErrorContext(ctx, "audit lockout", "err", err, "request_id", httpx.RequestID(ctx))
	}
}

// throttled sets Retry-After for a throttled try, logs it and returns the
// message that says how long to wait.
func (s *server) throttled(w http.ResponseWriter, r *http.Request, wait time.Duration, t *i18n.Localizer, email string, ip netip.Addr) string {
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	s.log.WarnContext(r.Context(), "login throttled", "email", email, "ip", ip.String(), "request_id", httpx.RequestID(r.Context()))
	return t.Plural("admin.login.throttled", int(wait.Minutes())+1)
}
