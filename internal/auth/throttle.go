package auth

import (
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Login throttling. Guessing is slowed as Ghost slows it — a few free
// failures, then waits that double from ten minutes up to a week — but
// counted per account and client, so that a stranger's failures never keep
// the owner out (SECURITY.md): a client that fails for one account waits
// alone; a client that fails for many accounts waits for all of them; and
// only a burst from many clients at once (more failures for one account in
// AccountWindow than any one client can make) slows everyone, for minutes.
// Wrong second-factor codes are the exception: only someone who had the
// password can make them, so they count for the account as a whole, like
// Ghost's failures. Tries the throttle refused are not failures. A client
// is counted as ClientGroup says.
const (
	FreeFailuresPerPair   = 4  // one account from one client
	FreeFailuresPerClient = 20 // one client, any account
	FreeCodeFailures      = 4  // wrong second-factor codes of one account
	FirstWait             = 10 * time.Minute
	MaxWait               = 7 * 24 * time.Hour
	// FailureWindow is how far back failures count for pairs and clients.
	FailureWindow = 7 * 24 * time.Hour
	// AccountLimit failures of one account within AccountWindow, from
	// however many clients, make every try for it wait until the oldest of
	// them leaves the window: at most AccountWindow.
	AccountLimit  = 100
	AccountWindow = 15 * time.Minute
)

// Count is a number of failures and the time of the latest.
type Count struct {
	N    int
	Last time.Time
}

// Failures are the failures that bear on one try, before it.
type Failures struct {
	Pair    Count // the account from the client, within FailureWindow
	Client  Count // the client, any account, within FailureWindow
	Account Count // the account, any client, within AccountWindow
	// AccountOldest is the oldest of the account's failures in the window.
	AccountOldest time.Time
	Codes         Count // the account's wrong codes, any client, within FailureWindow
}

// Wait is how long after now the try must wait; 0: it may go ahead.
func (f Failures) Wait(now time.Time) time.Duration {
	until := f.Pair.Last.Add(Wait(f.Pair.N, FreeFailuresPerPair))
	if t := f.Client.Last.Add(Wait(f.Client.N, FreeFailuresPerClient)); t.After(until) {
		until = t
	}
	if t := f.Codes.Last.Add(Wait(f.Codes.N, FreeCodeFailures)); t.After(until) {
		until = t
	}
	if f.Account.N >= AccountLimit {
		if t := f.AccountOldest.Add(AccountWindow); t.After(until) {
			until = t
		}
	}
	return max(until.Sub(now), 0)
}

// LocksOut reports whether one more failure (secondFactor: a wrong code)
// makes the next try wait: the moment a lockout begins, for the audit log.
func (f Failures) LocksOut(secondFactor bool) bool {
	return f.Pair.N+1 == FreeFailuresPerPair || f.Client.N+1 == FreeFailuresPerClient || f.Account.N+1 == AccountLimit ||
		secondFactor && f.Codes.N+1 == FreeCodeFailures
}

// ClientGroup is the unit a throttle counts a client by: its address, or
// for IPv6 its /64, which one client usually holds whole.
func ClientGroup(ip netip.Addr) netip.Addr {
	if ip.Is6() && !ip.Is4In6() {
		return netip.PrefixFrom(ip, 64).Masked().Addr()
	}
	return ip
}

// Wait returns how long after the last failure the next try must wait,
// given the failures in the window and the free ones allowed.
func Wait(failures, free int) time.Duration {
	if failures < free {
		return 0
	}
	w := FirstWait
	for i := free; i < failures && w < MaxWait; i++ {
		w *= 2
	}
	return min(w, MaxWait)
}

// LocalRedirect returns next when it is a path on this site under /admin
// (not "//host", "/\host", a scheme, or anything encoded to look like one),
// and "/admin/" otherwise.
func LocalRedirect(next string) string {
	const fallback = "/admin/"
	if next == "" || len(next) > 2000 || !strings.HasPrefix(next, "/admin") {
		return fallback
	}
	if strings.ContainsAny(next, "\\\x00\r\n\t") || strings.HasPrefix(next, "//") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	// Decoded, it must still be a plain local path.
	p, err := url.PathUnescape(u.EscapedPath())
	if err != nil || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\") || strings.Contains(p, "/../") ||
		!(p == "/admin" || strings.HasPrefix(p, "/admin/")) {
		return fallback
	}
	return next
}
