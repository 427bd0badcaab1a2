// Package browser starts the system's headless Chromium for browser tests
// (chromedp). Chromium comes from Debian's package: when it is missing and
// the caller is root with apt-get, it is installed, as the local database
// is; otherwise the test fails saying what to install. Tests never skip.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var (
	once    sync.Once
	path    string
	findErr error
)

// Path finds (or installs) Chromium.
func Path() (string, error) {
	once.Do(func() { path, findErr = find() })
	return path, findErr
}

func find() (string, error) {
	look := func() string {
		for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
			if full, err := exec.LookPath(p); err == nil {
				return full
			}
		}
		return ""
	}
	if p := look(); p != "" {
		return p, nil
	}
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("apt-get"); err == nil {
			fmt.Fprintln(os.Stderr, "browser: Chromium not found; installing Debian's chromium package")
			for _, args := range [][]string{{"update", "-q"}, {"install", "-y", "-q", "--no-install-recommends", "chromium"}} {
				cmd := exec.Command("apt-get", args...)
				cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
				cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
				if err := cmd.Run(); err != nil {
					return "", fmt.Errorf("browser: apt-get %s: %w", args[0], err)
				}
			}
			if p := look(); p != "" {
				return p, nil
			}
		}
	}
	return "", errors.New("browser: Chromium not found: install it (Debian/Ubuntu: sudo apt-get install chromium)")
}

// New starts a headless Chromium for the test and returns a chromedp
// context on a new tab; everything is closed when the test ends. The flags
// keep it off the network (this machine's network is closed, and Chromium
// would stall reaching Google) and let it run as root.
func New(t testing.TB) context.Context {
	t.Helper()
	p, err := Path()
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(p),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browser: start %s: %v", p, err)
	}
	return ctx
}
