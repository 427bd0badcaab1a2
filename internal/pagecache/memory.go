package pagecache

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
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
	// minLimit is the least memory limit set: the rest of the server keeps
	// about 12 MB live, and a limit near that would have the collector run
	// without end. Under it (CACHE_MB under about 16) the bound is not kept.
	minLimit = 24 << 20
)

// KeepUnder keeps the process's resident memory under bound: it sets Go's
// memory limit to the bound less the binary's resident code, never under
// minLimit (unless GOMEMLIMIT set one: setLimit false), and after every
// garbage collection until ctx ends sizes the cache's room (SetRoom) to
// what that limit leaves once the rest of the heap is counted. It returns
// the limit.
func (c *Cache) KeepUnder(ctx context.Context, bound int64, setLimit bool) int64 {
	limit := debug.SetMemoryLimit(-1)
	if setLimit {
		limit = max(bound-residentCode()-codeSlack, minLimit)
		debug.SetMemoryLimit(limit)
	}
	c.fit(limit)
	afterGC(ctx, func() { c.fit(limit) })
	return limit
}

// afterGC calls f after each garbage collection until ctx ends: an object
// nothing refers to is finalized once a collection has found it garbage,
// and its finalizer makes the next one. (Only then is the heap the
// collection found live comparable with what the cache holds: between
// collections, pages dropped still count as live, and room taken from
// them again and again would drain the cache to its floor.)
func afterGC(ctx context.Context, f func()) {
	s := new(sentinel) // larger than the tiny allocator's 16 bytes, so it is finalized alone
	runtime.SetFinalizer(s, func(*sentinel) {
		if ctx.Err() != nil {
			return
		}
		f()
		afterGC(ctx, f)
	})
}

type sentinel struct{ _ [64]byte }

// fit sizes the room by the heap the last collection found live.
func (c *Cache) fit(limit int64) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	var live int64
	if s[0].Value.Kind() == metrics.KindUint64 {
		live = int64(s[0].Value.Uint64())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setRoom(roomFor(limit, live, c.used))
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
