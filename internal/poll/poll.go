// Package poll waits for a condition that another process or goroutine
// makes true and that nothing signals: a server that starts listening, a
// message that arrives, a page that shows a change. Tests and the bench
// wait with it instead of sleeping a fixed time, so a busy machine only
// makes them slower, never wrong.
package poll

import "time"

// Until asks cond until it holds or within has passed, and reports
// whether it held. The pause between asks starts at a millisecond and
// doubles up to a tenth of a second: quick when the condition comes
// quickly, light on the machine when it takes long.
func Until(within time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(within)
	pause := time.Millisecond
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pause)
		pause = min(2*pause, 100*time.Millisecond)
	}
	return true
}
