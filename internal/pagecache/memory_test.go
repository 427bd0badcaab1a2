package pagecache

import (
	"bytes"
	"context"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/poll"
)

// TestSetRoom: a cache told it has less room drops its least recently
// used pages down to it at once, keeps no more after, and refuses a page
// larger than a quarter of the room; the room never goes below a quarter
// of the cache's size nor above all of it.
func TestSetRoom(t *testing.T) {
	t.Parallel()
	c := New(64 << 10)
	body := strings.Repeat("x", 1000) // about 1.3 KB a page
	for i := range 40 {
		c.Put("/p"+strconv.Itoa(i), entry(body), c.Generation())
	}
	c.Get("/p0") // read last: kept
	before := c.Stats()
	c.SetRoom(24 << 10)
	s := c.Stats()
	if s.Room != 24<<10 || s.Bytes > 24<<10 || s.Entries >= before.Entries || s.Evictions <= before.Evictions {
		t.Fatalf("after SetRoom(24 KB): %+v (before %+v)", s, before)
	}
	if c.Get("/p0") == nil || c.Get("/p1") != nil {
		t.Error("the pages dropped were not the least recently used")
	}
	for i := range 40 {
		c.Put("/q"+strconv.Itoa(i), entry(body), c.Generation())
	}
	if s := c.Stats(); s.Bytes > 24<<10 {
		t.Errorf("filled past its room: %+v", s)
	}
	c.Put("/big", entry(strings.Repeat("y", 7<<10)), c.Generation()) // over a quarter of 24 KB
	if c.Get("/big") != nil {
		t.Error("a page over a quarter of the room was kept")
	}
	if c.SetRoom(1); c.Stats().Room != 16<<10 {
		t.Errorf("room %d under a quarter of the size", c.Stats().Room)
	}
	if c.SetRoom(1 << 30); c.Stats().Room != 64<<10 {
		t.Errorf("room %d over the size", c.Stats().Room)
	}
}

func TestRoomFor(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ limit, live, used, want int64 }{
		{100, 30, 20, 65}, // 75 live share, 10 of the rest of the heap
		{100, 10, 20, 75}, // a cache grown since the last collection: the rest is none
		{100, 90, 0, -15}, // no room at all (SetRoom keeps a quarter)
		{40 << 20, 12 << 20, 0, int64(float64(40<<20)*liveShare) - 12<<20},
	} {
		if got := roomFor(tt.limit, tt.live, tt.used); got != tt.want {
			t.Errorf("roomFor(%d, %d, %d) = %d, want %d", tt.limit, tt.live, tt.used, got, tt.want)
		}
	}
}

// TestKeepUnder: under a bound that leaves Go 80 MiB once the binary's
// code is counted, the memory limit is set and a 128 MiB cache gets three
// quarters of it less the rest of the heap: a collection that finds 8 MiB
// more live elsewhere takes 8 MiB of room, and one that finds it gone
// gives it back. Between collections the room stays as it is.
func TestKeepUnder(t *testing.T) {
	if residentCode() == codeGuess {
		t.Fatal("RssFile not read from /proc/self/status")
	}
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	// Collections only when the test asks (or the limit, far off, nears).
	gcPercent := debug.SetGCPercent(-1)
	t.Cleanup(func() { debug.SetGCPercent(gcPercent) })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := New(128 << 20)
	runtime.GC() // twice: a cache of an earlier run (-count) is held by its last finalizer
	runtime.GC()
	limit := c.KeepUnder(ctx, residentCode()+codeSlack+80<<20, true)
	if limit < 79<<20 || limit > 81<<20 || debug.SetMemoryLimit(-1) != limit {
		t.Fatalf("limit %d (set %d), want about 80 MiB", limit, debug.SetMemoryLimit(-1))
	}
	room := func() int64 { return c.Stats().Room }
	before := room()
	if share := int64(float64(limit) * liveShare); before >= share || before < share-8<<20 {
		t.Fatalf("room %.1f MiB, want a little under %.1f MiB", float64(before)/(1<<20), float64(share)/(1<<20))
	}
	// A cache all but full (the collector would run at the limit): what
	// it holds is not the rest of the heap.
	body := []byte(strings.Repeat("x", 64<<10))
	for i := 0; c.Stats().Bytes < before-4<<20; i++ {
		c.Put("/p"+strconv.Itoa(i), NewEntry(http.Header{}, bytes.Clone(body), time.Now(), false), c.Generation())
	}
	runtime.GC()
	eventually(t, "a collection with the cache filled", func() bool { return room() >= before-1<<20 })
	ballast := make([]byte, 8<<20)
	for i := range ballast {
		ballast[i] = 1
	}
	if room() < before-1<<20 {
		t.Error("the room moved without a collection")
	}
	runtime.GC()
	eventually(t, "the room to shrink by the ballast", func() bool { return room() <= before-7<<20 })
	if s := c.Stats(); s.Bytes > s.Room {
		t.Errorf("the cache holds %d past its room %d", s.Bytes, s.Room)
	}
	// The pages it dropped for room are garbage now, not the rest of the
	// heap: the room does not drain.
	shrunk := room()
	runtime.GC()
	runtime.GC()
	if room() < shrunk-1<<20 {
		t.Errorf("the room drained from %d to %d MiB", shrunk>>20, room()>>20)
	}
	runtime.KeepAlive(ballast)
	ballast = nil
	runtime.GC()
	eventually(t, "the room to come back", func() bool { return room() >= before-1<<20 })
}

// eventually waits for cond, for up to a minute, asking for a
// collection each time (the finalizer that follows one runs on its own
// goroutine, when it will).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if !poll.Until(time.Minute, func() bool { runtime.GC(); return cond() }) {
		t.Fatalf("waited a minute for %s", what)
	}
}
