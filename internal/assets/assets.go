// Package assets serves the static files under content-hashed names
// ("/static/style.3f2a1b4c.css") with immutable caching, text files
// compressed once (brotli, gzip) when the client accepts it, and gives
// templates their URLs. In dev mode it reads the files from disk on every
// request, so an edited stylesheet shows on reload.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"math/bits"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"

	"vestnik/internal/httpx"
)

// Prefix is where assets are served.
const Prefix = "/static/"

type file struct {
	name, hashed string
	data         []byte
	ctype        string

	once         sync.Once
	gzip, brotli []byte // nil when not smaller, or not text
}

// compress makes a text file's gzip and brotli variants, kept only when
// smaller; once (at start, or on the file's first request in dev mode).
func (f *file) compress() {
	f.once.Do(f.encode)
}

func (f *file) encode() {
	if !strings.HasPrefix(f.ctype, "text/") && !strings.Contains(f.ctype, "javascript") && !strings.Contains(f.ctype, "svg") &&
		!strings.Contains(f.ctype, "json") {
		return
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(f.data)
	w.Close()
	if gz.Len() < len(f.data) {
		f.gzip = gz.Bytes()
	}
	var br bytes.Buffer
	// The best quality, in a window as large as the file and no larger:
	// the encoder's state grows with its window (4 MB at the default).
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: window(len(f.data))})
	bw.Write(f.data)
	bw.Close()
	if br.Len() < len(f.data) {
		f.brotli = br.Bytes()
	}
}

// window is the smallest brotli window (its log2, 10 to 24) that holds n
// bytes.
func window(n int) int {
	return min(max(bits.Len(uint(n)), 10), 24)
}

// Assets is the set of static files.
type Assets struct {
	fsys fs.FS
	dev  bool

	mu       sync.RWMutex
	byName   map[string]*file // "style.css"
	byHashed map[string]*file // "style.3f2a1b4c.css"
}

// New hashes every file of fsys. With dev set, files are re-read on use;
// otherwise their compressed variants are made at once, in the
// background (a request that comes first waits for its file's).
func New(fsys fs.FS, dev bool) (*Assets, error) {
	a := &Assets{fsys: fsys, dev: dev}
	if err := a.load(); err != nil {
		return nil, err
	}
	if !dev {
		files := make([]*file, 0, len(a.byName))
		for _, f := range a.byName {
			files = append(files, f)
		}
		go func() {
			for _, f := range files {
				f.compress()
			}
		}()
	}
	return a, nil
}

func (a *Assets) load() error {
	byName, byHashed := map[string]*file{}, map[string]*file{}
	err := fs.WalkDir(a.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		data, err := fs.ReadFile(a.fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(p)
		f := &file{name: p, data: data, ctype: mime.TypeByExtension(ext)}
		f.hashed = strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		if f.ctype == "" {
			f.ctype = "application/octet-stream"
		}
		byName[p], byHashed[f.hashed] = f, f
		return nil
	})
	if err != nil {
		return fmt.Errorf("assets: %w", err)
	}
	a.mu.Lock()
	a.byName, a.byHashed = byName, byHashed
	a.mu.Unlock()
	return nil
}

// URL returns the hashed URL path of a static file, or an error for a
// name that does not exist (the template tests render every page).
func (a *Assets) URL(name string) (string, error) {
	if a.dev {
		if err := a.load(); err != nil {
			return "", err
		}
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	f, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("assets: no static file %q", name)
	}
	return Prefix + f.hashed, nil
}

// ServeHTTP serves a hashed name with a year of immutable caching; any
// other name is 404 (http.NotFound is fine: it is never a page).
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if a.dev {
		a.load()
	}
	name := strings.TrimPrefix(r.URL.Path, Prefix)
	a.mu.RLock()
	f, ok := a.byHashed[name]
	a.mu.RUnlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	f.compress()
	data, etag := f.data, f.hashed
	if f.gzip != nil || f.brotli != nil {
		h.Add("Vary", "Accept-Encoding")
		br, gz := httpx.AcceptsEncoding(r.Header.Get("Accept-Encoding"))
		switch {
		case br && f.brotli != nil:
			data, etag = f.brotli, f.hashed+"-br"
			h.Set("Content-Encoding", "br")
		case gz && f.gzip != nil:
			data, etag = f.gzip, f.hashed+"-gz"
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", `"`+etag+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}
