// Package subscriptions is the service behind the public sign-up form: which
// addresses it accepts, and how often one address and one client may ask
// for a confirmation message. Clients are counted as the login throttle
// counts them (auth.ClientGroup: an IPv6 client by its /64).
package subscriptions

import (
	"context"
	netmail "net/mail"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"vestnik/internal/auth"
	"vestnik/internal/store"
)

// Sign-up throttling: a few confirmation messages per address a day, and
// a few sign-ups per client an hour.
const (
	PerAddress    = 3
	AddressWindow = 24 * time.Hour
	PerClient     = 10
	ClientWindow  = time.Hour
)

// ValidEmail accepts a plain address (no display name, no comments) that
// mail servers will take: something@domain.tld, at most 254 bytes.
func ValidEmail(addr string) bool {
	if addr == "" || len(addr) > 254 || !utf8.ValidString(addr) || strings.ContainsAny(addr, "\x00 \t\r\n<>()[],;:\"\\") {
		return false
	}
	a, err := netmail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr {
		return false
	}
	at := strings.LastIndexByte(addr, '@')
	domain := addr[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// Outcome is what became of a sign-up request.
type Outcome struct {
	// Limited: the client asked too often; nothing was recorded. It may
	// come back after RetryAfter.
	Limited    bool
	RetryAfter time.Duration
	// Queued: a confirmation message was queued (false when the address
	// already got its few today: the request is recorded, nothing is sent).
	Queued bool
}

// Request records a sign-up request for a valid address from a client at
// now and queues the confirmation message in lang, within the limits.
// Whether the address is already subscribed is never told.
func Request(ctx context.Context, st *store.Store, email, lang string, client netip.Addr, now time.Time) (Outcome, error) {
	client = auth.ClientGroup(client)
	byEmail, byClient, oldest, err := st.SubscribeRequests(ctx, store.EmailHash(email), client,
		now.Add(-AddressWindow), now.Add(-ClientWindow))
	if err != nil {
		return Outcome{}, err
	}
	if byClient >= PerClient {
		// The database's clock wrote the times: keep the wait within the window.
		wait := min(max(oldest.Add(ClientWindow).Sub(now), time.Second), ClientWindow)
		return Outcome{Limited: true, RetryAfter: wait}, nil
	}
	confirm := byEmail < PerAddress
	if err := st.RecordSubscribeRequest(ctx, email, lang, client, confirm); err != nil {
		return Outcome{}, err
	}
	return Outcome{Queued: confirm}, nil
}
