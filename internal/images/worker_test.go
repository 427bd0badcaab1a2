package images_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vestnik/internal/images"
	"vestnik/internal/picture"
	"vestnik/internal/sitetest"
)

// fakeWorker writes a shell script that stands in for the worker.
func fakeWorker(t *testing.T, script string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "worker")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWorkerCrash: a file that crashes the decoder kills the worker, not
// the caller; an upload that does so is refused as damaged, and a
// rendition's failure is an error, not a refusal.
func TestWorkerCrash(t *testing.T) {
	// It crashes on every job but the check, which the real worker
	// answers: a worker that fails its check too is broken, not the file
	// (TestBrokenWorkerIsNotADamagedFile).
	real := os.Getenv("IMAGES_WORKER")
	if real == "" {
		t.Fatal("IMAGES_WORKER names no worker: run make build, then IMAGES_WORKER=$PWD/bin/vestnik-images go test")
	}
	defer images.UseWorker(fakeWorker(t, `IFS= read -r line
case "$line" in
*'"check"'*) { printf '%s\n' "$line"; exec cat; } | exec '`+real+`' ;;
*) kill -SEGV $$ ;;
esac`))()
	photo := sitetest.PhotoWithGPS(t, 8, 8, 1)
	if _, err := images.Normalize(context.Background(), photo); !errors.Is(err, images.ErrDamaged) {
		t.Errorf("upload that crashes the worker: %v, want ErrDamaged", err)
	}
	if _, err := images.PDFCover(context.Background(), []byte("%PDF-1.4\n")); !errors.Is(err, images.ErrDamaged) {
		t.Errorf("PDF that crashes the worker: %v, want ErrDamaged", err)
	}
	_, err := images.Render(context.Background(), photo, picture.WidthSpec(320, picture.WebP))
	if _, refused := errors.AsType[*images.Refused](err); err == nil || refused || !images.Crashed(err) || !strings.Contains(err.Error(), "signal") {
		t.Errorf("rendition by a crashing worker: %v, want the crash as an error", err)
	}
}

// TestWorkerEnvironment: the process that decodes untrusted files sees
// none of the server's environment (its database URL, its secrets).
func TestWorkerEnvironment(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://secret@db/vestnik")
	t.Setenv("SMTP_PASSWORD", "hunter2")
	defer images.UseWorker(fakeWorker(t, `read -r line; printf '{"error":"%s","size":0}\n' "$(env | tr '\n"' ' _')"`))()
	_, err := images.Render(context.Background(), nil, picture.WidthSpec(320, picture.WebP))
	if err == nil || !strings.Contains(err.Error(), "VIPS_BLOCK_UNTRUSTED=1") {
		t.Fatalf("the fake worker's answer: %v", err)
	}
	for _, secret := range []string{"secret@db", "hunter2"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the worker's environment holds %q: %v", secret, err)
		}
	}
}

// TestWorkerCancelled: a job whose request ends (the editor left, the
// server shuts down) kills its worker and returns at once.
func TestWorkerCancelled(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	defer images.UseWorker(fakeWorker(t, "echo $$ >"+pidFile+"; exec sleep 600"))()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := images.Normalize(ctx, []byte("x"))
		done <- err
	}()
	var pid []byte
	sitetest.Eventually(t, time.Minute, "the worker starts", func() bool {
		pid, _ = os.ReadFile(pidFile)
		return len(pid) > 0 && pid[len(pid)-1] == '\n'
	})
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled job: %v, want context.Canceled", err)
	}
	proc := "/proc/" + strings.TrimSpace(string(pid))
	sitetest.Eventually(t, time.Minute, "the worker is gone", func() bool {
		stat, err := os.ReadFile(proc + "/stat")
		return err != nil || strings.Contains(string(stat), ") Z ")
	})
}

// TestNoWorker: without its worker the site says what is missing.
func TestNoWorker(t *testing.T) {
	defer images.UseWorker(filepath.Join(t.TempDir(), "missing"))()
	_, err := images.Check(context.Background())
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("Check without a worker: %v", err)
	}
}

// TestWorkerReused: one worker makes rendition after rendition; one that
// dies while idle is replaced without the next job noticing; a worker
// that has decoded an upload is not kept.
func TestWorkerReused(t *testing.T) {
	defer images.Fresh()()
	photo := sitetest.PhotoWithGPS(t, 64, 48, 1)
	m, err := images.Normalize(context.Background(), photo)
	if err != nil {
		t.Fatal(err)
	}
	if pids := images.IdleWorkers(); len(pids) != 0 {
		t.Fatalf("the worker that decoded an upload is kept: %v", pids)
	}
	if _, err := images.Render(context.Background(), m.Data, picture.WidthSpec(32, picture.JPEG)); err != nil {
		t.Fatal(err)
	}
	first := images.IdleWorkers()
	if len(first) != 1 {
		t.Fatalf("idle workers after a rendition: %v", first)
	}
	if _, err := images.Render(context.Background(), m.Data, picture.WidthSpec(48, picture.JPEG)); err != nil {
		t.Fatal(err)
	}
	if again := images.IdleWorkers(); len(again) != 1 || again[0] != first[0] {
		t.Fatalf("idle workers after a second rendition: %v, want %v again", again, first)
	}
	if err := syscall.Kill(first[0], syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if _, err := images.Render(context.Background(), m.Data, picture.WidthSpec(32, picture.WebP)); err != nil {
		t.Fatalf("a job after the idle worker died: %v", err)
	}
	if now := images.IdleWorkers(); len(now) != 1 || now[0] == first[0] {
		t.Fatalf("idle workers: %v, want one new", now)
	}
}

// TestWorkerLies: a worker that announces more bytes than it sends, or a
// line without end, is a crash, not a hang or a gigabyte allocated.
func TestWorkerLies(t *testing.T) {
	for name, script := range map[string]string{
		"a size it does not send": `read -r line; printf '{"size":268435455}\nabc'; exit 0`,
		"a size past the bound":   `read -r line; printf '{"size":999999999999}\n'; exec sleep 600`,
		"an endless line":         `read -r line; head -c 200000 /dev/zero | tr '\0' x; exec sleep 600`,
	} {
		restore := images.UseWorker(fakeWorker(t, script))
		_, err := images.Render(context.Background(), []byte("x"), picture.WidthSpec(32, picture.JPEG))
		restore()
		if err == nil || !strings.Contains(err.Error(), "without an answer") {
			t.Errorf("%s: %v, want a crash", name, err)
		}
	}
}

// TestWorkerConfined: the worker cannot open a socket, run a program or
// signal a process (it tries each and reports), and a worker that could
// is reported as such.
func TestWorkerConfined(t *testing.T) {
	defer images.Fresh()()
	ab, err := images.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !ab.Confined || !ab.PDF {
		t.Errorf("the worker reports %+v, want confined and rendering PDFs", ab)
	}
	defer images.UseWorker(fakeWorker(t, `read -r line; printf '{"pdf":true,"size":0}\n'`))()
	if ab, err := images.Check(context.Background()); err != nil || ab.Confined {
		t.Errorf("a worker that says nothing of confinement: %+v, %v", ab, err)
	}
}
