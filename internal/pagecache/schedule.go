package pagecache

import (
	"context"
	"time"
)

// WatchSchedule purges the cache when the next scheduled entry's time
// comes, so it appears on time without a cron; next tells when that is
// (zero: nothing is scheduled). It asks again after every purge, and runs
// until ctx ends.
func (c *Cache) WatchSchedule(ctx context.Context, next func(context.Context) (time.Time, error)) {
	for {
		var wake <-chan time.Time
		at, err := next(ctx)
		switch {
		case err != nil:
			wake = time.After(5 * time.Second) // the database is away: ask again soon
		case !at.IsZero():
			// Never sooner than a second: a time already past (another
			// instance is publishing it, or this clock runs ahead of the
			// database's) must not empty the cache in a loop.
			wake = time.After(max(time.Until(at)+5*time.Millisecond, time.Second))
		}
		select {
		case <-ctx.Done():
			return
		case <-c.purged: // content changed: the next time may have moved
		case <-wake:
			if err == nil {
				c.drop()
			}
		}
	}
}
