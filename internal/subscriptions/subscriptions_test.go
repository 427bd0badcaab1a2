package subscriptions_test

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"vestnik/internal/store"
	"vestnik/internal/subscriptions"
	"vestnik/internal/testdb"
)

func TestValidEmail(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{
		"reader@example.org":          true,
		"читатель@пример.рф":          true,
		"a.b+tag@mail.example.co.uk":  true,
		"":                            false,
		"reader":                      false,
		"reader@localhost":            false,
		"Reader <reader@example.org>": false,
		"reader@example.org.":         false,
		"reader@.example.org":         false,
		"rea der@example.org":         false,
		"reader@exa\x00mple.org":      false,
		"\xffreader@example.org":      false,
	} {
		if got := subscriptions.ValidEmail(addr); got != want {
			t.Errorf("ValidEmail(%q) = %v", addr, got)
		}
	}
}

// TestRequestLimits: an address gets a few confirmations a day, a client a
// few sign-ups an hour, and an IPv6 client is counted by its /64.
func TestRequestLimits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(testdb.New(t))
	now := time.Now()
	client := netip.MustParseAddr("198.51.100.7")
	for i := range subscriptions.PerAddress + 2 {
		out, err := subscriptions.Request(ctx, st, "same@example.org", "en", client, now)
		if err != nil {
			t.Fatal(err)
		}
		if want := i < subscriptions.PerAddress; out.Queued != want || out.Limited {
			t.Errorf("request %d for one address: %+v", i+1, out)
		}
	}
	// 25 addresses of one /64, as a hoster hands them out: one client.
	prefix := netip.MustParsePrefix("2001:db8:5:6::/64")
	limited := 0
	for i := range 25 {
		a := prefix.Addr().As16()
		a[15], a[14] = byte(i+1), byte(i*7)
		out, err := subscriptions.Request(ctx, st, "person"+string(rune('a'+i))+"@example.org", "ru", netip.AddrFrom16(a), now)
		if err != nil {
			t.Fatal(err)
		}
		if out.Limited {
			limited++
			if out.RetryAfter <= 0 || out.RetryAfter > subscriptions.ClientWindow {
				t.Errorf("retry after %v", out.RetryAfter)
			}
		}
	}
	if limited != 25-subscriptions.PerClient {
		t.Errorf("%d of 25 sign-ups from one /64 refused, want %d", limited, 25-subscriptions.PerClient)
	}
	// Another /64 is another client.
	if out, err := subscriptions.Request(ctx, st, "other@example.org", "ru", netip.MustParseAddr("2001:db8:5:7::1"), now); err != nil || out.Limited {
		t.Errorf("another /64: %+v %v", out, err)
	}
}
