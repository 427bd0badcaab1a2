package images_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"vestnik/internal/images"
	"vestnik/internal/sitetest"
)

// TestBrokenWorkerIsNotADamagedFile: a worker that fails whatever it is
// given (here one that exits at once) makes an upload ErrWorkerDown, an
// error for the log, not ErrDamaged, which would tell the editor a good
// photo is broken. The worker is chosen once per process: the check runs
// in a process of its own (this test binary, with a broken IMAGES_WORKER).
func TestBrokenWorkerIsNotADamagedFile(t *testing.T) {
	t.Parallel()
	if os.Getenv("VESTNIK_BROKEN_WORKER") == "1" {
		return // the inner run is TestBrokenWorkerInner
	}
	script := filepath.Join(t.TempDir(), "vestnik-images")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenWorkerInner$", "-test.count=1")
	cmd.Env = append(os.Environ(), "VESTNIK_BROKEN_WORKER=1", "IMAGES_WORKER="+script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

func TestBrokenWorkerInner(t *testing.T) {
	if os.Getenv("VESTNIK_BROKEN_WORKER") != "1" {
		return // run by TestBrokenWorkerIsNotADamagedFile
	}
	_, err := images.Normalize(context.Background(), sitetest.PhotoWithGPS(t, 64, 48, 1))
	if !errors.Is(err, images.ErrWorkerDown) || errors.Is(err, images.ErrDamaged) {
		t.Errorf("a broken worker: %v, want ErrWorkerDown", err)
	}
}
