package pagecache

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"vestnik/internal/httpx"
)

type entryKey struct{}

// Tag says that the page being rendered shows one entry, and no other:
// PurgeEntries for other entries keeps it. Handlers of an entry's page
// call it; a page that lists entries does not.
func Tag(ctx context.Context, entryID int64) {
	if p, ok := ctx.Value(entryKey{}).(*int64); ok {
		*p = entryID
	}
}

// renderTimeout bounds a render of a public page (its queries have their
// own, shorter limits).
const renderTimeout = 30 * time.Second

// cacheParams are the query parameters that change a public page; any
// other parameter is ignored by the handlers, and so by the cache key, so
// "?utm_source=…" cannot fill the cache.
var cacheParams = []string{"page", "q", "before", "after"}

// cacheKey is the path and the cache parameters as the handlers read them:
// the first value of each (url.Values.Get), in a fixed order. A repeated
// parameter's later values are read by nobody, so "?q=a&q=b" and
// "?q=b&q=a" are two pages, as they render.
func cacheKey(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return r.URL.Path
	}
	q := r.URL.Query()
	var b strings.Builder
	b.WriteString(r.URL.Path)
	sep := byte('?')
	for _, p := range cacheParams {
		vs, ok := q[p]
		if !ok {
			continue
		}
		b.WriteByte(sep)
		b.WriteString(p)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(vs[0]))
		sep = '&'
	}
	return b.String()
}

// recorder captures a handler's response.
type recorder struct {
	header http.Header
	status int
	body   *bytes.Buffer // from recorderBuffers, until release
}

func newRecorder() *recorder {
	return &recorder{header: http.Header{}, body: recorderBuffers.Get().(*bytes.Buffer)}
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// release gives the body's buffer back for another render, when nothing
// refers to its bytes any more.
func (r *recorder) release() {
	if r.body.Cap() <= maxPooledBuffer {
		r.body.Reset()
		recorderBuffers.Put(r.body)
	}
	r.body = nil
}

// recorderBuffers are the recorders' buffers, kept between renders: a
// page's bytes copied into a new buffer were a third of what an uncached
// page allocated, and so of the collector's work. One that grew past
// maxPooledBuffer is let go.
var recorderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledBuffer = 256 << 10

// Middleware serves public GETs from the rendered-page cache and gives every
// successful public response a strong ETag, Last-Modified, a CDN-friendly
// Cache-Control and 304s. Only 200 responses without cookies are kept.
// Concurrent misses of one page render it once: a spike on a new article
// costs one render, not fifty.
func (c *Cache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		key := cacheKey(r)
		if e := c.Get(key); e != nil {
			c.serveEntry(w, r, e)
			return
		}
		render := func() (*rendered, error) {
			c.renders.Add(1)
			gen := c.Generation()
			rec := newRecorder()
			shows := new(int64)
			// The render is not canceled when the request that began it
			// goes away: others may be waiting for it, and its queries,
			// canceled, would cost more than they save (pgx closes the
			// connection of a canceled query, and a new one costs the
			// database a new backend). It is bounded instead.
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), renderTimeout)
			defer cancel()
			next.ServeHTTP(rec, r.WithContext(context.WithValue(ctx, entryKey{}, shows)))
			out := &rendered{rec: rec}
			cc := rec.header.Get("Cache-Control")
			if rec.status == http.StatusOK && len(rec.header.Values("Set-Cookie")) == 0 &&
				!strings.Contains(cc, "no-store") && !strings.Contains(cc, "private") {
				modified := time.Now()
				if lm, err := http.ParseTime(rec.header.Get("Last-Modified")); err == nil {
					modified = lm
				}
				header := http.Header{}
				for _, k := range []string{"Content-Type", "Cache-Control", "X-Robots-Tag", "Content-Disposition"} {
					if v := rec.header.Get(k); v != "" {
						header.Set(k, v)
					}
				}
				out.entry = NewEntry(header, rec.body.Bytes(), modified, c.Enabled())
				out.entry.EntryID = *shows
				c.Put(key, out.entry, gen)
			}
			return out, nil
		}
		// A request gives its recorder back once its response is written,
		// unless the render was shared: every request of a shared render,
		// the one that ran it too, is told so, and its recorder is left to
		// the collector (the others read only the entry, whose body is a
		// copy when the cache is on: NewEntry). Without the cache there is
		// no sharing, and no copy.
		var res *rendered
		mine := true
		if c.Enabled() {
			// Requests join a render only within one generation: one that
			// arrives after a purge never gets a render that began before it.
			flightKey := key + "\x00" + strconv.FormatUint(c.Generation(), 10)
			v, _, shared := c.flight.Do(flightKey, func() (any, error) { return render() })
			res = v.(*rendered)
			mine = !shared
			if shared && res.entry == nil {
				// Another request's error page is not ours to show: render it
				// for this request.
				res, _ = render()
				mine = true
			}
		} else {
			res, _ = render()
		}
		if mine {
			defer res.rec.release()
		}
		if res.entry != nil {
			c.serveEntry(w, r, res.entry)
			return
		}
		rec := res.rec
		if rec.status == 0 {
			return // the handler wrote nothing: the client went away
		}
		for k, vs := range rec.header {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
	})
}

// rendered is one render of a public page: its entry when it is cacheable,
// else the response as recorded.
type rendered struct {
	rec   *recorder
	entry *Entry
}

// ServeCached answers a public GET straight from the cache, before any
// routing; it returns false when the cache has nothing for the request.
func (c *Cache) ServeCached(w http.ResponseWriter, r *http.Request) bool {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || !c.Enabled() {
		return false
	}
	e := c.lookup(cacheKey(r), false)
	if e == nil {
		return false
	}
	c.serveEntry(w, r, e)
	return true
}

// serveEntry writes a cached response in the encoding the client prefers,
// or 304 when the client has it.
func (c *Cache) serveEntry(w http.ResponseWriter, r *http.Request, e *Entry) {
	h := w.Header()
	for k, vs := range e.Header {
		h[k] = vs
	}
	if _, ok := e.Header["Cache-Control"]; !ok {
		h["Cache-Control"] = c.cacheControl
	}
	body, enc := e.Body, identity
	if e.Brotli != nil || e.Gzip != nil {
		h["Vary"] = varyEncoding
		br, gz := httpx.AcceptsEncoding(r.Header.Get("Accept-Encoding"))
		switch {
		case br && e.Brotli != nil:
			body, enc = e.Brotli, brotlied
		case gz && e.Gzip != nil:
			body, enc = e.Gzip, gzipped
		}
	}
	etag := e.ETags[enc]
	h["Etag"] = etag // the canonical form of ETag
	h["Last-Modified"] = e.LastModified
	if notModified(r, etag[0], e.Modified) {
		delete(h, "Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if enc != identity {
		h["Content-Encoding"] = encodingHeader[enc]
	}
	h["Content-Length"] = e.Lengths[enc]
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// varyEncoding is the Vary of every response with variants (never
// modified).
var varyEncoding = []string{"Accept-Encoding"}

// notModified applies If-None-Match, then If-Modified-Since (RFC 9110).
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil {
		return !modified.Truncate(time.Second).After(ims)
	}
	return false
}
