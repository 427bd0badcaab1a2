package images_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"vestnik/internal/images"
	"vestnik/internal/sitetest"
)

// TestHungWorkerUploadGetsItsPage: an upload whose worker hangs is given
// up on, and the editor gets the localized page saying the file cannot be
// read. The worker was killed at the moment the server's WriteTimeout
// passed (both a minute), and the browser got an empty reply; here the
// job's limit is 2 s and the server's 1 s, as far apart the wrong way.
func TestHungWorkerUploadGetsItsPage(t *testing.T) {
	real := os.Getenv("IMAGES_WORKER")
	if real == "" {
		t.Fatal("IMAGES_WORKER names no worker: run make build, then IMAGES_WORKER=$PWD/bin/vestnik-images go test")
	}
	e := sitetest.New(t) // its demo photos made by the real worker
	c, _ := e.Login("ed@example.org", "editor")
	// It hangs on every job but its check (a file that sends the decoder
	// into a loop, not a broken worker).
	defer images.UseWorker(fakeWorker(t, `IFS= read -r line
case "$line" in
*'"check"'*) { printf '%s\n' "$line"; exec cat; } | exec '`+real+`' ;;
*) exec sleep 600 ;;
esac`))()
	// A job outlives the server's WriteTimeout (1 s, below) by far, yet
	// its page is written. The limit also bounds the worker's check after
	// the kill, a real worker loading libvips: on a loaded machine that
	// took longer than the 2 s this was, and the test failed.
	defer images.UseJobTimeout(10 * time.Second)()

	ts := httptest.NewUnstartedServer(e.Srv)
	ts.Config.WriteTimeout = time.Second
	ts.Start()
	defer ts.Close()

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("file", "photo.jpg")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(sitetest.PhotoWithGPS(t, 64, 48, 1))
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/admin/media", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, ck := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("an upload with a hung worker: %v (an empty reply, not the error page)", err)
	}
	defer res.Body.Close()
	page, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(page), "cannot be read as one") {
		t.Errorf("an upload with a hung worker: %d\n%.1500s", res.StatusCode, page)
	}
}

// TestCrashedRenditionOneLogLine: a rendition whose worker crashes is a
// 503 the reader may retry, logged once, on the request's own line, with
// the cause (it had a line of its own besides), at level error: a crash is
// no database outage, which the store logs apart (it was a warning, as
// every 503 was).
func TestCrashedRenditionOneLogLine(t *testing.T) {
	real := os.Getenv("IMAGES_WORKER")
	if real == "" {
		t.Fatal("IMAGES_WORKER names no worker: run make build, then IMAGES_WORKER=$PWD/bin/vestnik-images go test")
	}
	var log bytes.Buffer
	e := sitetest.NewWith(t, sitetest.Options{Log: &log})
	var id int64
	var path string
	if err := e.Pool.QueryRow(t.Context(), `SELECT m.id, '/img/' || m.sha256 || '/w320.webp/' || m.filename
		FROM media m WHERE m.width IS NOT NULL ORDER BY m.id LIMIT 1`).Scan(&id, &path); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Pool.Exec(t.Context(), `DELETE FROM renditions WHERE media_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	defer images.UseWorker(fakeWorker(t, `IFS= read -r line
case "$line" in
*'"check"'*) { printf '%s\n' "$line"; exec cat; } | exec '`+real+`' ;;
*) kill -SEGV $$ ;;
esac`))()
	res := e.Get(path)
	res.Body.Close()
	if res.StatusCode == http.StatusMovedPermanently { // to the rendition's own address
		res = e.Get(res.Header.Get("Location"))
		res.Body.Close()
	}
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("%s with a crashing worker: %d, Retry-After %q", path, res.StatusCode, res.Header.Get("Retry-After"))
	}
	id2 := res.Header.Get("X-Request-Id")
	var lines []string
	for line := range strings.Lines(log.String()) {
		if strings.Contains(line, id2) || strings.Contains(line, "rendition") {
			lines = append(lines, line)
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], `"err":"rendition failed: media `) || !strings.Contains(lines[0], "signal") ||
		!strings.Contains(lines[0], `"level":"ERROR"`) {
		t.Errorf("log lines of the request: %q", lines)
	}
}
