package httpx_test

import (
	"net/netip"
	"testing"

	"vestnik/internal/httpx"
)

// TestClientLimiter: a client gets its burst, then waits; an IPv6 client
// is its /64 (it has all of it), an IPv4-mapped address its IPv4 one.
func TestClientLimiter(t *testing.T) {
	t.Parallel()
	l := httpx.NewClientLimiter(1, 1)
	allow := func(a string) bool {
		ok, wait := l.Allow(netip.MustParseAddr(a))
		if !ok && wait <= 0 {
			t.Errorf("%s refused without a wait", a)
		}
		return ok
	}
	for _, c := range []struct {
		addr string
		want bool
	}{
		{"198.51.100.1", true},
		{"198.51.100.1", false},
		{"::ffff:198.51.100.1", false},
		{"198.51.100.2", true},
		{"2001:db8::1", true},
		{"2001:db8::ffff", false},
		{"2001:db8:0:1::1", true},
	} {
		if got := allow(c.addr); got != c.want {
			t.Errorf("%s: allowed %v, want %v", c.addr, got, c.want)
		}
	}
	if l.Refused() != 3 {
		t.Errorf("%d refused, want 3", l.Refused())
	}
}
