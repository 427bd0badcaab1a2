package pagecache

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func entry(body string) *Entry {
	return NewEntry(http.Header{"Content-Type": {"text/html"}}, []byte(body), time.Now(), true)
}

func TestVariants(t *testing.T) {
	t.Parallel()
	body := strings.Repeat("<p>Привет, мир</p>", 200)
	e := entry(body)
	zr, err := gzip.NewReader(bytes.NewReader(e.Gzip))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); string(got) != body {
		t.Error("gzip variant differs")
	}
	if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(e.Brotli))); string(got) != body {
		t.Error("brotli variant differs")
	}
	if len(e.Brotli) >= len(body) || len(e.Gzip) >= len(body) || !strings.HasPrefix(e.ETag, `"`) {
		t.Errorf("sizes %d %d %d", len(body), len(e.Gzip), len(e.Brotli))
	}
	if small := entry("tiny"); small.Gzip != nil || small.Brotli != nil {
		t.Error("tiny bodies are not compressed")
	}
}

func TestBoundedLRU(t *testing.T) {
	t.Parallel()
	c := New(64 << 10)
	body := strings.Repeat("x", 1000)
	e := entry(body)           // about 1.3 KB: 50 fill the cache
	for i := 0; i < 200; i++ { // a crawler walking many URLs
		c.Put("/page/"+string(rune('a'+i%26))+strings.Repeat("y", i), e, c.Generation())
	}
	if s := c.Stats(); s.Bytes > 64<<10 || s.Entries == 0 {
		t.Fatalf("stats %+v", s)
	}
	c.Put("/keep", entry(body), c.Generation())
	for i := 0; i < 20; i++ {
		c.Get("/keep")
		c.Put("/other"+strings.Repeat("z", i), entry(body), c.Generation())
	}
	if c.Get("/keep") == nil {
		t.Error("recently used entry evicted")
	}
}

func TestPurgeAndGeneration(t *testing.T) {
	t.Parallel()
	c := New(1 << 20)
	gen := c.Generation()
	c.Put("/a", entry("a"), gen)
	if c.Get("/a") == nil {
		t.Fatal("miss after put")
	}
	// A render that started before a purge must not be stored after it.
	c.Purge()
	if c.Get("/a") != nil {
		t.Error("hit after purge")
	}
	c.Put("/a", entry("stale"), gen)
	if c.Get("/a") != nil {
		t.Error("stale render stored after purge")
	}
	c.Put("/a", entry("fresh"), c.Generation())
	if e := c.Get("/a"); e == nil || string(e.Body) != "fresh" {
		t.Error("fresh render not stored")
	}
	if New(0).Enabled() {
		t.Error("size 0 must disable")
	}
}

func BenchmarkGetHit(b *testing.B) {
	c := New(32 << 20)
	c.Put("/en/news/x", entry(strings.Repeat("<p>text</p>", 2000)), c.Generation())
	b.ReportAllocs()
	for b.Loop() {
		if c.Get("/en/news/x") == nil {
			b.Fatal("miss")
		}
	}
}

func BenchmarkNewEntry25KB(b *testing.B) {
	body := []byte(strings.Repeat("<p>Консультанты горячей линии ответили на звонки.</p>\n", 300))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		NewEntry(http.Header{}, body, time.Now(), true)
	}
}

// TestOutage: losing the database purges nothing; entries are served up
// to the outage limit, not after it; the database's return purges once.
func TestOutage(t *testing.T) {
	t.Parallel()
	c := New(1 << 20)
	c.SetOutageLimit(time.Minute)
	c.Put("/a", entry("a"), c.Generation())
	gen := c.Generation()
	c.DatabaseLost(time.Now().Add(-30 * time.Second))
	if c.Get("/a") == nil || c.Generation() != gen {
		t.Fatal("an outage within the limit purged or hid the entry")
	}
	c.DatabaseLost(time.Now()) // a later report keeps the first time
	c.lost.Store(time.Now().Add(-2 * time.Minute).UnixNano())
	if c.Get("/a") != nil {
		t.Error("served past the outage limit")
	}
	c.DatabaseBack()
	if c.Generation() != gen+1 || c.Get("/a") != nil {
		t.Error("the return did not purge")
	}
	c.Put("/a", entry("a"), c.Generation())
	if c.Get("/a") == nil {
		t.Error("not serving after the return")
	}
}

// TestPurgeEntries: a purge for some entries drops their pages and every
// page of no single entry; other entries' pages stay.
func TestPurgeEntries(t *testing.T) {
	t.Parallel()
	c := New(1 << 20)
	put := func(key string, entry int64) {
		e := NewEntry(http.Header{}, []byte("page "+key), time.Now(), true)
		e.EntryID = entry
		c.Put(key, e, c.Generation())
	}
	put("/en/news/a", 1)
	put("/en/news/b", 2)
	put("/ru/news/b", 2)
	put("/en/", 0)
	put("/en/rss.xml", 0)
	gen := c.Generation()
	c.PurgeEntries(1)
	for key, kept := range map[string]bool{"/en/news/a": false, "/en/news/b": true, "/ru/news/b": true, "/en/": false, "/en/rss.xml": false} {
		if got := c.Get(key) != nil; got != kept {
			t.Errorf("%s kept %v, want %v", key, got, kept)
		}
	}
	if c.Generation() == gen {
		t.Error("the generation did not move: a render begun before could store a stale page")
	}
	c.Changed(0)
	if c.Get("/en/news/b") != nil {
		t.Error("a change to anything kept an entry's page")
	}
}

// TestEntryHoldsWhatItCounts: an entry keeps its bytes in slices of their
// own length — not the renderer's grown buffer — and counts what they
// hold, so CACHE_MB bounds memory, not a fraction of it.
func TestEntryHoldsWhatItCounts(t *testing.T) {
	t.Parallel()
	page := strings.Repeat("<p>Горячая линия: 8 800 000 00 00</p>\n", 200)
	buf := make([]byte, 0, 4*len(page)) // a buffer grown past its content
	buf = append(buf, page...)
	e := NewEntry(http.Header{"Content-Type": {"text/html"}}, buf, time.Now(), true)
	if e.Gzip == nil || e.Brotli == nil {
		t.Fatal("no compressed variants")
	}
	for name, b := range map[string][]byte{"body": e.Body, "gzip": e.Gzip, "brotli": e.Brotli} {
		if cap(b) > len(b)+len(b)/8+64 {
			t.Errorf("%s: %d bytes held for %d", name, cap(b), len(b))
		}
	}
	if held := int64(cap(e.Body) + cap(e.Gzip) + cap(e.Brotli)); e.size() < held {
		t.Errorf("size %d, under the %d bytes its slices hold", e.size(), held)
	}
	buf[0] = 'X' // the renderer's buffer is its own again
	if e.Body[0] != '<' {
		t.Error("the entry shares the renderer's buffer")
	}
	// Reused compressors leave nothing of one page in the next.
	other := entry(strings.Repeat("<p>Other page</p>\n", 100))
	zr, err := gzip.NewReader(bytes.NewReader(other.Gzip))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); string(got) != strings.Repeat("<p>Other page</p>\n", 100) {
		t.Error("gzip variant of a second page is not that page")
	}
	if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(other.Brotli))); string(got) != strings.Repeat("<p>Other page</p>\n", 100) {
		t.Error("brotli variant of a second page is not that page")
	}
}

// TestRenderOutlivesItsRequest: a render goes on when the request that
// began it goes away (its context canceled), and the page is kept; with
// the cache off too, the handler's context is not canceled with the
// request's.
func TestRenderOutlivesItsRequest(t *testing.T) {
	t.Parallel()
	for _, size := range []int64{1 << 20, 0} {
		c := New(size)
		started, finish := make(chan struct{}), make(chan struct{})
		var canceled error
		h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(started)
			<-finish
			canceled = r.Context().Err()
			w.Write([]byte("<p>page</p>"))
		}))
		ctx, cancel := context.WithCancel(context.Background())
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/en/", nil)
		done := make(chan struct{})
		go func() {
			defer close(done)
			h.ServeHTTP(httptest.NewRecorder(), req)
		}()
		<-started
		cancel() // the client goes away mid-render
		close(finish)
		<-done
		if canceled != nil {
			t.Errorf("cache of %d bytes: the render's context: %v", size, canceled)
		}
		if size > 0 && c.Get("/en/") == nil {
			t.Error("the page rendered for a client that went away is not kept")
		}
	}
}

// TestRecordersServeOneResponseEach: a render's buffer serves the next
// render only once its response is written. Many clients ask for many
// pages at once — kept ones, error pages never kept, with the cache on
// (purged as they go) and off — and each gets its own page whole.
func TestRecordersServeOneResponseEach(t *testing.T) {
	t.Parallel()
	body := func(path string) string { return strings.Repeat("<p>"+path+"</p>\n", 300+len(path)*40) }
	for _, size := range []int64{1 << 20, 0} {
		c := New(size)
		h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/broken") {
				w.WriteHeader(http.StatusInternalServerError)
			}
			w.Write([]byte(body(r.URL.Path)))
		}))
		var wg sync.WaitGroup
		errs := make(chan string, 8)
		for g := range 8 {
			wg.Go(func() {
				for i := range 150 {
					path := fmt.Sprintf("/en/%d", (g*7+i)%13)
					if i%5 == 0 {
						path += "/broken"
					}
					if g == 0 && i%10 == 0 {
						c.Purge()
					}
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
					if got := rec.Body.String(); got != body(path) {
						errs <- fmt.Sprintf("cache of %d bytes: %s: got %d bytes beginning %.40q", size, path, len(got), got)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	}
}
