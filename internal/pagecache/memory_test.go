package pagecache

import (
	"context"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
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

// TestKeepUnder: under a bound that leaves Go 20 MiB once the binary's
// code is counted, a cache of 40 MiB gets less room than its size (a
// share of the 20 MiB, less what the test's heap holds), and the memory
// limit is set.
func TestKeepUnder(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := New(40 << 20)
	limit := c.KeepUnder(ctx, residentCode()+codeSlack+20<<20, true)
	if limit < 19<<20 || limit > 21<<20 || debug.SetMemoryLimit(-1) != limit {
		t.Fatalf("limit %d (set %d), want about 20 MiB", limit, debug.SetMemoryLimit(-1))
	}
	if room := c.Stats().Room; room >= 40<<20 || room < 10<<20 || room > int64(float64(limit)*liveShare) {
		t.Errorf("room %d MiB of a 40 MiB cache under a 20 MiB limit", room>>20)
	}
	if residentCode() == codeGuess {
		t.Error("RssFile not read from /proc/self/status")
	}
}
