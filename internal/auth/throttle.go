package auth

import (
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Login throttling, as Ghost does it: a few free failures, then waits that
// double from ten minutes up to a week.
const (
	FreeFailuresPerAccount = 4
	FreeFailuresPerAddress = 20
	FirstWait              = 10 * time.Minute
	MaxWait                = 7 * 24 * time.Hour
	// FailureWindow is how far back failures count.
	FailureWindow = 7 * 24 * time.Hour
)

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
