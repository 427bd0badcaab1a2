package httpx

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// ErrTooMany answers 429; the handler sets Retry-After (see
// ClientLimiter.Refuse).
var ErrTooMany = &StatusError{Status: http.StatusTooManyRequests, Msg: "too many requests"}

// maxClients bounds the buckets a limiter keeps.
const maxClients = 100000

// ClientLimiter limits how often one client (by address) may ask for
// something dear to answer: a token bucket each, forgotten once full and
// idle. It is per instance: behind a load balancer each instance allows
// its share.
type ClientLimiter struct {
	every time.Duration // a token comes back every
	burst int

	mu        sync.Mutex
	clients   map[netip.Addr]*rate.Limiter
	lastSweep time.Time

	refused atomic.Uint64
}

// Refused counts the requests refused so far.
func (l *ClientLimiter) Refused() uint64 { return l.refused.Load() }

// NewClientLimiter allows each client perMinute requests a minute on
// average, and burst at once.
func NewClientLimiter(perMinute, burst int) *ClientLimiter {
	return &ClientLimiter{every: time.Minute / time.Duration(perMinute), burst: burst, clients: map[netip.Addr]*rate.Limiter{}}
}

// Allow takes a token for the client; when none is left it returns false
// and how long until one comes back.
func (l *ClientLimiter) Allow(ip netip.Addr) (bool, time.Duration) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > time.Minute {
		// A bucket that has filled up again is as good as none.
		for a, lim := range l.clients {
			if lim.TokensAt(now) >= float64(l.burst) {
				delete(l.clients, a)
			}
		}
		l.lastSweep = now
	}
	// An IPv6 client has a /64 to itself: one bucket for all of it.
	ip = ip.Unmap()
	if ip.Is6() {
		ip = netip.PrefixFrom(ip, 64).Masked().Addr()
	}
	lim, ok := l.clients[ip]
	if !ok {
		if len(l.clients) >= maxClients {
			// A flood of addresses: forgetting them all lets each start
			// again, but keeps memory bounded.
			clear(l.clients)
		}
		lim = rate.NewLimiter(rate.Every(l.every), l.burst)
		l.clients[ip] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		l.refused.Add(1)
		return false, d
	}
	return true, 0
}

// Refuse answers a client over its limit: Retry-After in whole seconds,
// and ErrTooMany for the adapter's 429 page.
func Refuse(w http.ResponseWriter, wait time.Duration) error {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	return ErrTooMany
}
