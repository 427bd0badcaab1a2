// Package pagecache keeps rendered public responses — the final bytes with
// gzip and brotli variants made once — in a memory-bounded LRU, and serves
// them: the middleware that renders a page once and answers from memory
// with ETags, 304s and the client's encoding (middleware.go), and the
// watcher that purges when a scheduled entry goes public (schedule.go). It
// knows nothing of routes or content: the site decides which routes are
// cached, and purges on every change.
//
// Correctness rests on a generation number: Purge moves it on, and a
// response rendered under an older generation is never stored, so a page
// rendered while an editor's save committed cannot outlive the purge.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
	"golang.org/x/sync/singleflight"

	"vestnik/internal/httpx"
)

// Entry is a cached response.
type Entry struct {
	Header   http.Header // Content-Type, Cache-Control, … as rendered
	Body     []byte
	Gzip     []byte // nil when compression does not pay
	Brotli   []byte
	ETag     string // strong, of Body
	Modified time.Time
	// EntryID is the one entry the page shows (Tag); 0 for a page that
	// shows many (lists, home pages, feeds, sitemaps, search) or none.
	EntryID int64

	// Made once, so serving a hit formats nothing. (Arrays by encoding,
	// not maps: two maps cost a cached page about a kilobyte.)
	LastModified []string
	ETags        [encodings][]string
	Lengths      [encodings][]string
}

// encoding is a Content-Encoding of a cached response.
type encoding int

const (
	identity encoding = iota
	gzipped
	brotlied
	encodings
)

// encodingHeader is each encoding's Content-Encoding (never modified).
var encodingHeader = [encodings][]string{gzipped: {"gzip"}, brotlied: {"br"}}

func (e *Entry) precompute() {
	e.LastModified = []string{e.Modified.Format(http.TimeFormat)}
	e.ETags[identity] = []string{e.ETag}
	e.Lengths[identity] = []string{strconv.Itoa(len(e.Body))}
	base := strings.TrimSuffix(e.ETag, `"`)
	if e.Gzip != nil {
		e.ETags[gzipped] = []string{base + `-gzip"`}
		e.Lengths[gzipped] = []string{strconv.Itoa(len(e.Gzip))}
	}
	if e.Brotli != nil {
		e.ETags[brotlied] = []string{base + `-br"`}
		e.Lengths[brotlied] = []string{strconv.Itoa(len(e.Brotli))}
	}
}

// size is the memory the entry holds: its slices' capacities, which is
// what they keep allocated, and its header.
func (e *Entry) size() int64 {
	n := int64(cap(e.Body) + cap(e.Gzip) + cap(e.Brotli) + 256)
	for k, vs := range e.Header {
		n += int64(len(k))
		for _, v := range vs {
			n += int64(len(v))
		}
	}
	return n
}

// The compressors: a few of each, kept, and taken in turn. Each holds a
// megabyte or more of state (brotli's 2.4 MB at quality 6). In a sync.Pool
// they were dropped at every collection — frequent once the cache is full
// and the memory limit near — and made again for the next page, and every
// render compressing at the same time held its own: about 4 MB more at the
// peak of a crawl. Half as many as there are cores compress at once;
// compressing a page takes a fraction of its render.
var (
	gzipper = squeezer{make: func() compressor {
		w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
		return w
	}}
	// A 1 MiB window: pages are far smaller than the default 4 MiB.
	brotlier = squeezer{make: func() compressor {
		return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: 6, LGWin: 20})
	}}
)

// NewEntry builds an entry from a rendered response, compressing the body
// when compress is set (it is worth it only for what is kept). What is
// kept is copied to slices of its own length: a buffer grown by doubling
// holds up to twice what it says.
func NewEntry(header http.Header, body []byte, modified time.Time, compress bool) *Entry {
	e := &Entry{Header: header, Body: body, Modified: modified.UTC().Truncate(time.Second), ETag: httpx.ETag(body)}
	defer e.precompute()
	if compress {
		e.Body = bytes.Clone(body)
	}
	if compress && len(body) >= 512 {
		var buf bytes.Buffer
		buf.Grow(len(body) / 2)
		e.Gzip = gzipper.squeeze(&buf, body)
		e.Brotli = brotlier.squeeze(&buf, body)
	}
	return e
}

// compressor is what the gzip and brotli writers have in common.
type compressor interface {
	io.WriteCloser
	Reset(io.Writer)
}

// squeezer is a kind of compressor: at most a few, made on first use,
// each used by one page at a time.
type squeezer struct {
	make func() compressor

	once sync.Once
	idle chan compressor // a token per writer there may be: nil until made
}

// squeeze compresses body through buf into a slice of its own length; nil
// when compression does not pay.
func (s *squeezer) squeeze(buf *bytes.Buffer, body []byte) []byte {
	s.once.Do(func() {
		n := max(1, runtime.GOMAXPROCS(0)/2)
		s.idle = make(chan compressor, n)
		for range n {
			s.idle <- nil
		}
	})
	w := <-s.idle
	defer func() { s.idle <- w }()
	if w == nil {
		w = s.make()
	}
	buf.Reset()
	w.Reset(buf)
	w.Write(body)
	w.Close()
	if buf.Len() >= len(body) {
		return nil
	}
	return bytes.Clone(buf.Bytes())
}

type item struct {
	key   string
	entry *Entry
	size  int64
	hits  int // since it was stored
}

// Cache is a byte-bounded LRU of entries. The zero value is unusable; use New.
type Cache struct {
	max  int64        // CACHE_MB
	room atomic.Int64 // what it may hold now: max, or less when memory is short (KeepUnder)
	gen  atomic.Uint64

	mu    sync.Mutex
	used  int64
	order *list.List // front: most recently used
	items map[string]*list.Element

	hits, misses atomic.Uint64
	evictions    atomic.Uint64 // entries dropped for room
	renders      atomic.Uint64 // responses rendered by the handlers

	cacheControl []string           // of responses that set none
	flight       singleflight.Group // one render per page at a time
	purged       chan struct{}      // wakes WatchSchedule

	// lost is when this instance lost the database (Unix nanoseconds; 0:
	// it has it); past outageLimit since, entries are no longer served.
	lost        atomic.Int64
	outageLimit time.Duration

	warm    func(key string) // renders a page again (SetWarmer)
	warming sync.Mutex       // one warm-up at a time
}

// DefaultOutageLimit is how long an instance that has lost the database
// keeps serving cached pages: long enough to ride out a restart or a
// failover, short enough that an instance cut off from a database that
// others still reach (and publish to) does not serve stale pages for long.
const DefaultOutageLimit = 5 * time.Minute

// SetOutageLimit sets how long cached pages are served after the database
// was lost (0: DefaultOutageLimit). Call it before serving.
func (c *Cache) SetOutageLimit(d time.Duration) {
	if d <= 0 {
		d = DefaultOutageLimit
	}
	c.outageLimit = d
}

// DatabaseLost says the database has been unreachable since at: nothing is
// purged (nobody can change content meanwhile), and cached pages keep
// being served until the outage limit has passed.
func (c *Cache) DatabaseLost(at time.Time) {
	c.lost.CompareAndSwap(0, at.UnixNano())
}

// DatabaseBack says the database answers again: notifications may have
// been missed, so everything is purged, once.
func (c *Cache) DatabaseBack() {
	c.lost.Store(0)
	c.Purge()
}

// serving reports whether entries may be served: always, unless the
// database has been lost for longer than the outage limit.
func (c *Cache) serving() bool {
	lost := c.lost.Load()
	return lost == 0 || time.Since(time.Unix(0, lost)) <= c.outageLimit
}

// DefaultCacheControl makes browsers ask again on every visit (with the
// page's ETag: a 304 from the rendered-page cache costs next to nothing),
// so an editor who just saved sees the new page at once; lets a CDN reuse
// a page for a minute; and lets either serve it stale for a day while the
// site answers with errors (a database outage). No stale-while-revalidate:
// browsers honour it, and would show the old page once more after an edit.
const DefaultCacheControl = "public, max-age=0, s-maxage=60, stale-if-error=86400"

// New returns a cache holding at most maxBytes (0 disables it: every Get
// misses and Put keeps nothing). Responses that set no Cache-Control are
// served with DefaultCacheControl; SetCacheControl changes it.
func New(maxBytes int64) *Cache {
	c := &Cache{max: maxBytes, order: list.New(), items: map[string]*list.Element{},
		cacheControl: []string{DefaultCacheControl}, purged: make(chan struct{}, 1), outageLimit: DefaultOutageLimit}
	c.room.Store(maxBytes)
	return c
}

// SetCacheControl sets the Cache-Control of responses that set none
// ("": DefaultCacheControl). Call it before serving.
func (c *Cache) SetCacheControl(v string) {
	if v == "" {
		v = DefaultCacheControl
	}
	c.cacheControl = []string{v}
}

// Enabled reports whether the cache keeps anything.
func (c *Cache) Enabled() bool { return c.max > 0 }

// Generation is the current generation, to pass to Put.
func (c *Cache) Generation() uint64 { return c.gen.Load() }

// Get returns the entry for key, or nil (a miss).
func (c *Cache) Get(key string) *Entry { return c.lookup(key, true) }

// lookup returns the entry for key, or nil, counting a miss if told to
// (the lookup of every request before routing does not: most of those
// are for pages the cache never keeps, like the admin's).
func (c *Cache) lookup(key string, countMiss bool) *Entry {
	if c.max <= 0 || !c.serving() {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		if countMiss {
			c.misses.Add(1)
		}
		return nil
	}
	c.hits.Add(1)
	c.order.MoveToFront(el)
	it := el.Value.(*item)
	it.hits++
	return it.entry
}

// Put stores an entry rendered under generation gen, unless a purge has
// happened since (then the entry may be stale and is dropped). Entries
// larger than a quarter of the cache's room are not kept.
func (c *Cache) Put(key string, e *Entry, gen uint64) {
	size := e.size()
	if c.max <= 0 || size > c.room.Load()/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen.Load() {
		return
	}
	if el, ok := c.items[key]; ok {
		c.used -= el.Value.(*item).size
		c.order.Remove(el)
	}
	c.items[key] = c.order.PushFront(&item{key: key, entry: e, size: size})
	c.used += size
	c.evict()
}

// evict drops the least recently used entries until what is kept fits
// the room (c.mu held).
func (c *Cache) evict() {
	for c.used > c.room.Load() {
		last := c.order.Back()
		it := last.Value.(*item)
		c.order.Remove(last)
		delete(c.items, it.key)
		c.used -= it.size
		c.evictions.Add(1)
	}
}

// SetRoom sets how much the cache may hold now, between a quarter of its
// size and all of it, and drops the least recently used pages beyond it.
func (c *Cache) SetRoom(n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setRoom(n)
}

// setRoom is SetRoom with c.mu held.
func (c *Cache) setRoom(n int64) {
	c.room.Store(min(max(n, c.max/4), c.max))
	c.evict()
}

// Purge drops every entry and moves the generation on; call it after any
// change to content. It also wakes WatchSchedule, whose next publication
// time may have moved.
func (c *Cache) Purge() {
	c.drop()
	select {
	case c.purged <- struct{}{}:
	default:
	}
}

// Warmed is how many of the most-read pages are rendered again after a
// purge, before a visitor asks for them.
const Warmed = 20

// SetWarmer sets what renders a page again by its key (its path and
// cache parameters) after a purge; the cache calls it in the background,
// one page at a time, for the Warmed pages read most since they were
// stored. Call it before serving.
func (c *Cache) SetWarmer(warm func(key string)) { c.warm = warm }

func (c *Cache) drop() {
	c.mu.Lock()
	var hot []string
	if c.warm != nil {
		hot = c.hottest(Warmed)
	}
	c.gen.Add(1)
	c.items = map[string]*list.Element{}
	c.order.Init()
	c.used = 0
	c.mu.Unlock()
	if len(hot) > 0 {
		go c.rewarm(c.gen.Load(), hot)
	}
}

// hottest returns the keys of the n entries read most (c.mu held).
func (c *Cache) hottest(n int) []string {
	var its []*item
	for _, el := range c.items {
		its = append(its, el.Value.(*item))
	}
	return hottestOf(its, n)
}

// hottestOf returns the keys of the n items read most, of those read.
func hottestOf(its []*item, n int) []string {
	its = slices.DeleteFunc(its, func(it *item) bool { return it.hits == 0 })
	sort.Slice(its, func(i, j int) bool { return its[i].hits > its[j].hits })
	keys := make([]string, 0, min(n, len(its)))
	for _, it := range its[:min(n, len(its))] {
		keys = append(keys, it.key)
	}
	return keys
}

// Changed drops what a change to content may have changed: one entry's
// pages and the pages that list entries (PurgeEntries) when entry is not
// 0, everything (Purge) when it is.
func (c *Cache) Changed(entry int64) {
	if entry != 0 {
		c.PurgeEntries(entry)
		return
	}
	c.Purge()
}

// PurgeEntries drops what a change to these entries may have changed:
// every page that shows no single entry (lists, home pages, feeds,
// sitemaps, search results) and the pages of these entries. Other
// entries' pages stay cached. Like Purge, it moves the generation on,
// renders the most-read dropped pages again in the background and wakes
// WatchSchedule. A change to anything else (the hotline numbers, the
// menu, languages, photos) needs Purge.
func (c *Cache) PurgeEntries(ids ...int64) {
	c.mu.Lock()
	var dropped []*item
	for key, el := range c.items {
		it := el.Value.(*item)
		if it.entry.EntryID != 0 && !slices.Contains(ids, it.entry.EntryID) {
			continue
		}
		dropped = append(dropped, it)
		c.order.Remove(el)
		delete(c.items, key)
		c.used -= it.size
	}
	c.gen.Add(1)
	var hot []string
	if c.warm != nil {
		hot = hottestOf(dropped, Warmed)
	}
	c.mu.Unlock()
	if len(hot) > 0 {
		go c.rewarm(c.gen.Load(), hot)
	}
	select {
	case c.purged <- struct{}{}:
	default:
	}
}

// rewarm renders the keys again, one at a time, giving up when a newer
// purge takes over.
func (c *Cache) rewarm(gen uint64, keys []string) {
	c.warming.Lock()
	defer c.warming.Unlock()
	for _, k := range keys {
		if c.gen.Load() != gen || !c.serving() {
			return
		}
		c.mu.Lock()
		_, cached := c.items[k]
		c.mu.Unlock()
		if !cached {
			c.warm(k)
		}
	}
}

// Stats reports the cache's use.
type Stats struct {
	Entries      int
	Bytes, Max   int64
	Room         int64 // what it may hold now: Max, or less when memory is short
	Hits, Misses uint64
	Evictions    uint64 // entries dropped for room
	Renders      uint64 // responses the handlers rendered (every miss, and warm-ups)
	Generation   uint64 // moves on with every purge
}

// Stats returns the cache's current use.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Entries: len(c.items), Bytes: c.used, Max: c.max, Room: c.room.Load(), Hits: c.hits.Load(), Misses: c.misses.Load(),
		Evictions: c.evictions.Load(), Renders: c.renders.Load(), Generation: c.gen.Load()}
}
