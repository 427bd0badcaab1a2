package pagecache

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// A full cache is most of what the server keeps live, the garbage
// collector lets the heap grow past what is live before it collects, and
// the binary's code, mapped from its file, is resident too (about 20 MB):
// a cache of 32 MB made a process of about 80 MB. KeepUnder holds the
// whole process under a bound instead, and the cache takes what the rest
// leaves of it.
const (
	// liveShare is the part of Go's memory limit the heap may keep live:
	// the rest is the collector's room between collections (less room,
	// more collections), goroutine stacks and the runtime's own.
	liveShare = 0.75
	// codeSlack is what the binary's resident code may still grow by after
	// the start, as paths first taken later touch pages of it.
	codeSlack = 4 << 20
	// codeGuess is the binary's resident code where /proc does not say.
	codeGuess = 24 << 20
)

// KeepUnder keeps the process's resident memory under bound: it sets Go's
// memory limit to the bound less the binary's resident code (unless
// GOMEMLIMIT set one: setLimit false), and from now on, every second
// until ctx ends, sizes the cache's room (SetRoom) to what that limit
// leaves once the rest of the heap is counted. It returns the limit.
func (c *Cache) KeepUnder(ctx context.Context, bound int64, setLimit bool) int64 {
	limit := debug.SetMemoryLimit(-1)
	if setLimit {
		limit = bound - residentCode() - codeSlack
		debug.SetMemoryLimit(limit)
	}
	c.fit(limit)
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				c.fit(limit)
			}
		}
	}()
	return limit
}

// fit sizes the room by the heap the last collection found live.
func (c *Cache) fit(limit int64) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	var live int64
	if s[0].Value.Kind() == metrics.KindUint64 {
		live = int64(s[0].Value.Uint64())
	}
	c.mu.Lock()
	used := c.used
	c.mu.Unlock()
	c.SetRoom(roomFor(limit, live, used))
}

// roomFor is what the cache may hold under Go's memory limit when the
// heap is live and the cache holds used of it: the live share of the
// limit less what the rest of the server keeps live.
func roomFor(limit, live, used int64) int64 {
	rest := max(live-used, 0)
	return int64(float64(limit)*liveShare) - rest
}

// residentCode is the process's resident file-backed memory (RssFile in
// /proc/self/status): the binary's code and read-only data that have been
// touched.
func residentCode() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return codeGuess
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return codeGuess
			}
			return kb << 10
		}
	}
	return codeGuess
}
