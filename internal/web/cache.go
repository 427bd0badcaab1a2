package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"vestnik/internal/pagecache"
)

// cacheParams are the query parameters that change a public page; any
// other parameter is ignored by the handlers, and so by the cache key, so
// "?utm_source=…" cannot fill the cache.
var cacheParams = []string{"page", "q", "before", "after"}

func cacheKey(r *http.Request) string {
	q := r.URL.Query()
	var b strings.Builder
	b.WriteString(r.URL.Path)
	sep := byte('?')
	for _, p := range cacheParams {
		vs, ok := q[p]
		if !ok {
			continue
		}
		sort.Strings(vs)
		for _, v := range vs {
			b.WriteByte(sep)
			b.WriteString(p)
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
			sep = '&'
		}
	}
	return b.String()
}

// recorder captures a handler's response.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
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

// cachePage serves public GETs from the rendered-page cache and gives every
// successful public response a strong ETag, Last-Modified, a CDN-friendly
// Cache-Control and 304s. Only 200 responses without cookies are kept.
func (s *Server) cachePage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		key := cacheKey(r)
		if e := s.cache.Get(key); e != nil {
			s.serveEntry(w, r, e)
			return
		}
		gen := s.cache.Generation()
		rec := &recorder{header: http.Header{}}
		next.ServeHTTP(rec, r)
		if rec.status != http.StatusOK || len(rec.header.Values("Set-Cookie")) > 0 {
			for k, vs := range rec.header {
				w.Header()[k] = vs
			}
			w.WriteHeader(rec.status)
			w.Write(rec.body.Bytes())
			return
		}
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
		e := pagecache.NewEntry(header, rec.body.Bytes(), modified, s.cache.Enabled())
		s.cache.Put(key, e, gen)
		s.serveEntry(w, r, e)
	})
}

// serveEntry writes a cached response in the encoding the client prefers,
// or 304 when the client has it.
func (s *Server) serveEntry(w http.ResponseWriter, r *http.Request, e *pagecache.Entry) {
	h := w.Header()
	for k, vs := range e.Header {
		h[k] = vs
	}
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", s.cacheControl)
	}
	body, etag := e.Body, e.ETag
	enc := ""
	if e.Brotli != nil || e.Gzip != nil {
		h.Set("Vary", "Accept-Encoding")
		br, gz := acceptsEncoding(r.Header.Get("Accept-Encoding"))
		switch {
		case br && e.Brotli != nil:
			body, enc = e.Brotli, "br"
		case gz && e.Gzip != nil:
			body, enc = e.Gzip, "gzip"
		}
	}
	if enc != "" {
		// A strong ETag names exact bytes: each encoding has its own.
		etag = strings.TrimSuffix(etag, `"`) + "-" + enc + `"`
		h.Set("Content-Encoding", enc)
	}
	h.Set("ETag", etag)
	h.Set("Last-Modified", e.Modified.UTC().Format(http.TimeFormat))
	if notModified(r, etag, e.Modified) {
		h.Del("Content-Type")
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

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

// acceptsEncoding reports whether brotli and gzip are acceptable (q > 0).
func acceptsEncoding(header string) (br, gzip bool) {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		ok := true
		if q, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				ok = false
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = ok
		case "gzip":
			gzip = ok
		}
	}
	return br, gzip
}

// Purge drops every cached page; call it after any change to content. It
// also wakes the scheduler, whose next publication time may have moved.
func (s *Server) Purge() {
	s.cache.Purge()
	select {
	case s.purged <- struct{}{}:
	default:
	}
}

// purgeAfterWrites purges the cache when a state-changing admin request
// starts its response — after its transaction committed, before the editor
// sees the answer — so this instance is fresh the moment a save returns
// (other instances learn through LISTEN/NOTIFY).
func (s *Server) purgeAfterWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		pw := &purgeWriter{ResponseWriter: w, purge: s.Purge}
		next.ServeHTTP(pw, r)
		if !pw.done {
			s.Purge()
		}
	})
}

type purgeWriter struct {
	http.ResponseWriter
	purge func()
	done  bool
}

func (p *purgeWriter) WriteHeader(code int) {
	if !p.done {
		p.done = true
		p.purge()
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *purgeWriter) Write(b []byte) (int, error) {
	if !p.done {
		p.WriteHeader(http.StatusOK)
	}
	return p.ResponseWriter.Write(b)
}

func (p *purgeWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// WatchSchedule purges the cache when the next scheduled entry's time
// comes, so it appears on time without a cron. It runs until ctx ends.
func (s *Server) WatchSchedule(ctx context.Context) {
	for {
		var wake <-chan time.Time
		next, err := s.store.NextPublication(ctx)
		switch {
		case err != nil:
			wake = time.After(5 * time.Second) // the database is away: ask again soon
		case !next.IsZero():
			wake = time.After(time.Until(next) + 5*time.Millisecond)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.purged: // content changed: the next time may have moved
		case <-wake:
			if err == nil {
				s.cache.Purge()
			}
		}
	}
}
