package store

import "time"

// ConnectionLost is connectionLost, for the breaker's tests.
var ConnectionLost = connectionLost

// Checks is how many times the breaker has checked whether the database
// answers.
func Checks(s *Store) int64 { return s.brk.checks.Load() }

// SetListenQuiet sets how long ListenContent waits for a notification
// before its heartbeat.
func SetListenQuiet(s *Store, d time.Duration) { s.quiet = d }

// Heartbeats is how many heartbeats ListenContent has sent.
func Heartbeats(s *Store) int64 { return s.heartbeats.Load() }

// SideSQL is the home page's statement of the latest issue and the about
// page, for tests of its plan.
const SideSQL = sideSQL

// MailByAddressSQL are the statements that find mail by its address, for
// tests of their plans: the confirmation's lookup and the erasures'.
var MailByAddressSQL = map[string]string{
	"confirmation": confirmationSentSQL, "erase queued": eraseQueuedSQL,
	"erase outbox": eraseOutboxSQL, "erase account mail": eraseAccountMailSQL,
}
