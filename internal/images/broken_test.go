package images_test

import (
	"context"
	"errors"
	"testing"

	"vestnik/internal/images"
	"vestnik/internal/sitetest"
)

// TestBrokenWorkerIsNotADamagedFile: a worker that fails whatever it is
// given (here one that exits at once, as one whose libvips an upgrade
// removed) makes an upload ErrWorkerDown, an error for the log, not
// ErrDamaged, which would tell the editor a good photo is broken.
func TestBrokenWorkerIsNotADamagedFile(t *testing.T) {
	defer images.UseWorker(fakeWorker(t, "exit 3"))()
	_, err := images.Normalize(context.Background(), sitetest.PhotoWithGPS(t, 64, 48, 1))
	if !errors.Is(err, images.ErrWorkerDown) || errors.Is(err, images.ErrDamaged) {
		t.Errorf("a broken worker: %v, want ErrWorkerDown", err)
	}
}
