package poll_test

import (
	"sync/atomic"
	"testing"
	"time"

	"vestnik/internal/poll"
)

func TestUntil(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	go func() {
		for range 3 {
			n.Add(1)
		}
	}()
	if !poll.Until(time.Minute, func() bool { return n.Load() == 3 }) {
		t.Fatal("a condition that comes true was not seen")
	}
	asks := 0
	if poll.Until(0, func() bool { asks++; return false }) || asks != 1 {
		t.Fatalf("a condition that never holds: held, or asked %d times after the deadline", asks)
	}
}
