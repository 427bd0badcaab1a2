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
		// Debian's /usr/bin/chromium is a shell script that adds flags
		// (GPU rasterization among them) before it runs the browser:
		// the browser itself is cheaper to drive.
		for _, p := range []string{"/usr/lib/chromium/chromium", "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
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

// shared is the one Chromium of a test process: starting one takes
// seconds, a new browser context in it (its own cookies and storage) a few
// milliseconds.
var shared struct {
	once    sync.Once
	ctx     context.Context // the browser's first tab
	cancel  func()
	dataDir string
	err     error
}

func start() {
	p, err := Path()
	if err != nil {
		shared.err = err
		return
	}
	if shared.dataDir, err = os.MkdirTemp("", "vestnik-chromium-"); err != nil {
		shared.err = err
		return
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
		// Less work for the browser: one renderer per browser context
		// rather than per site, no preloaded address-bar popup (a web
		// page in its own renderer in every context), no compositing on
		// a software GPU. Measured alternately: a fifth less of Chromium's
		// CPU in the browser tests, which end a quarter sooner.
		chromedp.Flag("disable-features", "site-per-process,IsolateOrigins,Translate,BlinkGenPropertyTrees,OptimizationHints,MediaRouter,BackForwardCache,PaintHolding,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI"),
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-component-extensions-with-background-pages", true),
		chromedp.Flag("renderer-process-limit", "4"),
		chromedp.Flag("disable-gpu-compositing", true),
		chromedp.Flag("disable-software-rasterizer", true),
		chromedp.UserDataDir(shared.dataDir),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	shared.ctx = ctx
	shared.cancel = func() { cancelCtx(); cancelAlloc() }
	if err := chromedp.Do(ctx); err != nil {
		shared.err = fmt.Errorf("browser: start %s: %w", p, err)
	}
}

// New returns a chromedp context on a new tab in a browser context of its
// own (no cookies or storage shared with other tests) of the process's
// headless Chromium, started on first use; the tab and its browser context
// are closed when the test ends, the browser by Close. The flags keep it
// off the network (this machine's network is closed, and Chromium would
// stall reaching Google) and let it run as root.
func New(t testing.TB) context.Context {
	t.Helper()
	shared.once.Do(start)
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	ctx, cancelCtx := chromedp.NewContext(shared.ctx, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browser: new tab: %v", err)
	}
	return ctx
}

// Close stops the process's Chromium, if one was started; a test
// package's TestMain calls it, so that no browser outlives the tests.
func Close() {
	if shared.cancel != nil {
		shared.cancel()
	}
	if shared.dataDir != "" {
		os.RemoveAll(shared.dataDir)
	}
}
