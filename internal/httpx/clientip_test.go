package httpx

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestClientIP: X-Forwarded-For is believed only from a configured proxy,
// and then only up to the first address that is not one of ours.
func TestClientIP(t *testing.T) {
	t.Parallel()
	p := Proxies{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	tests := []struct{ remote, xff, want string }{
		{"198.51.100.1:1", "", "198.51.100.1"},
		{"198.51.100.1:1", "203.0.113.9", "198.51.100.1"},          // not a proxy: ignored
		{"10.1.2.3:1", "203.0.113.9", "203.0.113.9"},               // our proxy
		{"10.1.2.3:1", "1.2.3.4, 203.0.113.9", "203.0.113.9"},      // the client's own claim is not believed
		{"10.1.2.3:1", "203.0.113.9, 10.9.9.9", "203.0.113.9"},     // two of our proxies
		{"10.1.2.3:1", "garbage", "10.1.2.3"},                      // unparsable: the proxy itself
		{"[::1]:1", "2001:db8::5", "2001:db8::5"},                  // IPv6
		{"[::ffff:198.51.100.2]:1", "203.0.113.9", "198.51.100.2"}, // mapped IPv4, not a proxy
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := p.ClientIP(r).String(); got != tt.want {
			t.Errorf("%s / %q: %s, want %s", tt.remote, tt.xff, got, tt.want)
		}
	}
}
