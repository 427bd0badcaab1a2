package main

// The photos section of make bench: the time and peak memory to make
// every rendition of a 12-megapixel JPEG with libvips (what Vestnik uses)
// and with a pure-Go pipeline (golang.org/x/image), each in a child
// process of its own so its peak RSS is its own; AVIF against WebP; and
// the bytes a phone downloads for the first view of an article whose lead
// image is that photo, measured by headless Chromium, with Lighthouse's
// mobile performance score when npm can install Lighthouse.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/davidbyttow/govips/v2/vips"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	xdraw "golang.org/x/image/draw"

	"vestnik/internal/browser"
	"vestnik/internal/content"
	"vestnik/internal/images"
	"vestnik/internal/images/engine"
	"vestnik/internal/picture"
	"vestnik/internal/poll"
	"vestnik/internal/store"
)

// photoSpecs are the renditions a photo's pages ask for: the width ladder
// in WebP and JPEG, and the crops.
func photoSpecs(im content.Image) []picture.Spec {
	var out []picture.Spec
	for _, w := range picture.Widths {
		out = append(out, picture.WidthSpec(w, picture.WebP), picture.WidthSpec(w, picture.JPEG))
	}
	out = append(out, picture.CropSpec(im, picture.Thumb, picture.WebP), picture.CropSpec(im, picture.Thumb, picture.JPEG))
	for _, c := range []picture.Crop{picture.SmallSq, picture.Social, picture.Square, picture.FourThree, picture.Wide} {
		out = append(out, picture.CropSpec(im, c, picture.JPEG))
	}
	return out
}

// benchPhoto is a w × h picture with a photo's detail: a landscape of
// gradients under several octaves of noise, so that it weighs what a
// phone's photo weighs (a few megabytes at quality 90).
func benchPhoto(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	const grid = 64
	lattice := make([]float64, (grid+1)*(grid+1)*4)
	seed := uint32(12345)
	for i := range lattice {
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		lattice[i] = float64(seed%1000) / 1000
	}
	noise := func(x, y float64, octave int) float64 {
		x, y = math.Mod(x, grid), math.Mod(y, grid)
		x0, y0 := int(x), int(y)
		fx, fy := x-float64(x0), y-float64(y0)
		at := func(i, j int) float64 { return lattice[((octave*(grid+1)+j)*(grid+1)+i)%len(lattice)] }
		top := at(x0, y0)*(1-fx) + at(x0+1, y0)*fx
		bottom := at(x0, y0+1)*(1-fx) + at(x0+1, y0+1)*fx
		return top*(1-fy) + bottom*fy
	}
	for y := range h {
		fy := float64(y) / float64(h)
		for x := range w {
			fx := float64(x) / float64(w)
			n := 0.0
			for o, scale := range []float64{8, 32, 128, 512, 1024, 2048} {
				n += noise(fx*scale, fy*scale*float64(h)/float64(w), o)
			}
			n = math.Max(0, math.Min(1, 0.5+(n/6-0.5)*3)) // the contrast of foliage, stones, crowds
			// A sensor's grain.
			seed ^= seed << 13
			seed ^= seed >> 17
			seed ^= seed << 5
			n += float64(int(seed%21)-10) / 100
			var c color.RGBA
			horizon := 0.45 + 0.08*math.Sin(fx*7)
			if fy < horizon {
				c = color.RGBA{uint8(90 + 60*fy + 20*n), uint8(140 + 50*fy + 20*n), uint8(210 + 20*n), 255}
			} else {
				c = color.RGBA{uint8(100 + 90*n), uint8(90 + 70*n), uint8(50 + 50*n), 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	return buf.Bytes()
}

// runPhotoChild is one pipeline in a process of its own: it prints the
// milliseconds it took, the renditions made and their bytes.
func runPhotoChild(mode, file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	start := time.Now()
	n, total := 0, 0
	switch mode {
	case "none":
	case "vips":
		// The engine in this process, as the images worker runs it.
		m, err := engine.Normalize(data)
		if err != nil {
			return err
		}
		im := content.Image{Width: m.Width, Height: m.Height, FocusX: .5, FocusY: .4}
		for _, sp := range photoSpecs(im) {
			out, err := engine.Render(m.Data, sp)
			if err != nil {
				return err
			}
			n, total = n+1, total+len(out)
		}
		elapsed := time.Since(start)
		// AVIF beside WebP, for the 1280 rendition.
		webpStart := time.Now()
		webp, err := engine.Render(m.Data, picture.WidthSpec(1280, picture.WebP))
		if err != nil {
			return err
		}
		webpTime := time.Since(webpStart)
		avifTime, avifSize, err := avif(m.Data, 1280)
		if err != nil {
			fmt.Printf("avif=error:%v\n", err)
		} else {
			fmt.Printf("avif: 1280 px in %d ms, %d bytes; WebP: %d ms, %d bytes\n", avifTime.Milliseconds(), avifSize, webpTime.Milliseconds(), len(webp))
		}
		fmt.Printf("ms=%d renditions=%d bytes=%d\n", elapsed.Milliseconds(), n, total)
		return nil
	case "go":
		src, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			return err
		}
		// The master: at most 2560 px, re-encoded (EXIF is dropped by Go's
		// decoder, but nothing turns the photo upright).
		mw, mh := fit(src.Bounds().Dx(), src.Bounds().Dy(), images.MasterEdge)
		master := image.NewRGBA(image.Rect(0, 0, mw, mh))
		xdraw.CatmullRom.Scale(master, master.Bounds(), src, src.Bounds(), xdraw.Src, nil)
		var mbuf bytes.Buffer
		jpeg.Encode(&mbuf, master, &jpeg.Options{Quality: 90})
		im := content.Image{Width: mw, Height: mh, FocusX: .5, FocusY: .4}
		for _, sp := range photoSpecs(im) {
			if sp.Format != picture.JPEG {
				continue // no lossy WebP encoder in pure Go
			}
			w, h := sp.Size(mw, mh)
			r := master.Bounds()
			if sp.Height > 0 {
				scale := min(float64(mw)/float64(sp.Width), float64(mh)/float64(sp.Height))
				cw, ch := int(float64(sp.Width)*scale), int(float64(sp.Height)*scale)
				left := min(max(0, int(sp.FocusX*float64(mw))-cw/2), mw-cw)
				top := min(max(0, int(sp.FocusY*float64(mh))-ch/2), mh-ch)
				r = image.Rect(left, top, left+cw, top+ch)
			}
			dst := image.NewRGBA(image.Rect(0, 0, w, h))
			xdraw.CatmullRom.Scale(dst, dst.Bounds(), master, r, xdraw.Src, nil)
			var buf bytes.Buffer
			jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 80})
			n, total = n+1, total+buf.Len()
		}
	default:
		return fmt.Errorf("unknown pipeline %q", mode)
	}
	fmt.Printf("ms=%d renditions=%d bytes=%d\n", time.Since(start).Milliseconds(), n, total)
	return nil
}

func fit(w, h, edge int) (int, int) {
	if w <= edge && h <= edge {
		return w, h
	}
	if w >= h {
		return edge, int(math.Round(float64(h) * float64(edge) / float64(w)))
	}
	return int(math.Round(float64(w) * float64(edge) / float64(h))), edge
}

func avif(master []byte, width int) (time.Duration, int, error) {
	start := time.Now()
	img, err := vips.NewThumbnailWithSizeFromBuffer(master, width, width*4, vips.InterestingNone, vips.SizeDown)
	if err != nil {
		return 0, 0, err
	}
	defer img.Close()
	p := vips.NewAvifExportParams()
	p.Quality = 55
	p.StripMetadata = true
	out, _, err := img.ExportAvif(p)
	return time.Since(start), len(out), err
}

type childRun struct {
	ms, renditions, bytes int
	rssKB                 int64
	avifLine              string
}

func runChild(mode, file string) (childRun, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	self, err := os.Executable()
	if err != nil {
		return childRun{}, err
	}
	cmd := exec.CommandContext(ctx, self, "-photo-child="+mode, "-photo-file="+file)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=2")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return childRun{}, fmt.Errorf("%s pipeline: %w\n%s", mode, err, out)
	}
	var r childRun
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "avif") {
			r.avifLine = line
		}
		if strings.HasPrefix(line, "ms=") {
			fmt.Sscanf(line, "ms=%d renditions=%d bytes=%d", &r.ms, &r.renditions, &r.bytes)
		}
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rssKB = ru.Maxrss
	}
	return r, nil
}

// photos is the section; dbURL is the cluster's database, beside which a
// database with the demo content is made for the phone's first view.
func photos(ctx context.Context, dbURL string) error {
	section("Photos: every rendition of a 12-megapixel JPEG (median of 3 runs, each in its own process)")
	dir, err := os.MkdirTemp("", "vestnik-photobench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	photo := benchPhoto(4000, 3000)
	file := filepath.Join(dir, "photo-12mp.jpg")
	if err := os.WriteFile(file, photo, 0o600); err != nil {
		return err
	}
	fmt.Printf("the photo: 4000 × 3000, %.1f MB as JPEG (quality 90)\n", float64(len(photo))/1e6)
	idle, err := runChild("none", file)
	if err != nil {
		return err
	}
	fmt.Printf("%-34s %9s %11s %13s %16s\n", "pipeline", "time", "renditions", "their bytes", "peak RSS growth")
	var avifLine string
	for _, p := range []struct{ mode, name string }{{"vips", "libvips (Vestnik)"}, {"go", "pure Go, x/image (JPEG only)"}} {
		var runs []childRun
		for range 3 {
			r, err := runChild(p.mode, file)
			if err != nil {
				return err
			}
			runs = append(runs, r)
		}
		sort.Slice(runs, func(i, j int) bool { return runs[i].ms < runs[j].ms })
		med := runs[1]
		var peak int64
		for _, r := range runs {
			peak = max(peak, r.rssKB)
		}
		if med.avifLine != "" {
			avifLine = med.avifLine
		}
		mark := ""
		if p.mode == "vips" {
			mark = "  (targets: < 2 s, < 200 MB)"
		}
		fmt.Printf("%-34s %7.2f s %11d %10.1f kB %13.0f MB%s\n", p.name, float64(med.ms)/1000, med.renditions, float64(med.bytes)/1000,
			float64(peak-idle.rssKB)/1024, mark)
	}
	fmt.Println(avifLine)
	return phoneFirstView(ctx, dbURL, photo)
}

// phoneFirstView serves the demo content with the 12-megapixel photo as an
// article's lead image and loads the article as a 375 px wide phone at
// DPR 2: every byte it downloads for the first view, by resource.
func phoneFirstView(ctx context.Context, admin string, photo []byte) error {
	u, err := url.Parse(admin)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	conn.Exec(ctx, `DROP DATABASE IF EXISTS vestnik_bench_photos`)
	_, err = conn.Exec(ctx, `CREATE DATABASE vestnik_bench_photos`)
	conn.Close(ctx)
	if err != nil {
		return err
	}
	u.Path = "/vestnik_bench_photos"
	srv, err := startServerEnv(u.String(), "32", "DEMO=true")
	if err != nil {
		return err
	}
	defer srv.stop()
	pool, err := pgxpool.New(ctx, u.String())
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	m, err := images.Normalize(ctx, photo)
	if err != nil {
		return err
	}
	id, err := st.AddImage(ctx, "market.jpg", m.ContentType, m.Data, m.Width, m.Height, store.ImageDetails{FocusX: .5, FocusY: .4,
		Texts: map[string]content.ImageText{"en": {Alt: "A generated landscape"}, "ru": {Alt: "Созданный пейзаж"}}})
	if err != nil {
		return err
	}
	const slug = "planning-to-work-abroad-check-before-you-go"
	if _, err := pool.Exec(ctx, `UPDATE entries SET lead_image_id = $1 WHERE id = (SELECT entry_id FROM translations WHERE lang = 'en' AND slug = $2)`, id, slug); err != nil {
		return err
	}
	page := srv.base + "/en/news/" + slug
	// The server learns of the change by NOTIFY: wait until the page shows it.
	if !poll.Until(10*time.Second, func() bool {
		b, err := get(page)
		return err == nil && bytes.Contains(b, []byte("/market."))
	}) {
		return errors.New("the article never showed its new lead image")
	}
	// Make the renditions first: the first view measures bytes, not the
	// first request's rendering.
	b, err := get(page)
	if err != nil {
		return err
	}
	for _, p := range regexp.MustCompile(`/img/[^" ,]+`).FindAll(b, -1) {
		get(srv.base + string(p))
	}

	section("A phone's first view of an article with a 12-megapixel lead image (375 × 667, DPR 2, headless Chromium; target < 120 KB)")
	got, err := firstView(ctx, page)
	if err != nil {
		return err
	}
	var sum int64
	for _, r := range got {
		fmt.Printf("  %-70s %8.1f kB\n", r.name, float64(r.bytes)/1000)
		sum += r.bytes
	}
	mark := "ok"
	if sum > 120_000 {
		mark = "OVER"
	}
	fmt.Printf("  %-70s %8.1f kB  %s\n", "total (HTML + CSS + image, as transferred)", float64(sum)/1000, mark)
	return lighthouse(page)
}

type transfer struct {
	name  string
	bytes int64
}

// firstView loads a page as a phone would and sums what came over the
// network, by resource.
func firstView(ctx context.Context, page string) ([]transfer, error) {
	path, err := browser.Path()
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-sync", true))
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	tctx, cancel := context.WithTimeout(bctx, time.Minute)
	defer cancel()
	var mu sync.Mutex
	urls := map[network.RequestID]string{}
	sizes := map[network.RequestID]int64{}
	if err := chromedp.Listen(tctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventResponseReceived:
			urls[e.RequestID] = e.Response.URL
		case *network.EventLoadingFinished:
			sizes[e.RequestID] = int64(e.EncodedDataLength)
		}
	}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(tctx, network.Enable, network.EnableParams{}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(tctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return nil, err
	}
	if err := chromedp.Do(tctx,
		chromedp.EmulateViewport(375, 667, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(page),
		chromedp.Sleep(2*time.Second), // lazy images near the fold, favicon
	); err != nil {
		return nil, err
	}
	mu.Lock()
	defer mu.Unlock()
	var out []transfer
	for id, u := range urls {
		name := u
		if p, err := url.Parse(u); err == nil {
			name = p.Path
		}
		if len(name) > 70 {
			name = "…" + name[len(name)-69:]
		}
		out = append(out, transfer{name, sizes[id]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// lighthouse runs Google Lighthouse's mobile performance audit on page,
// installed with npm into bin/lighthouse on first use; without npm it says
// so and skips.
func lighthouse(page string) error {
	section("Lighthouse mobile performance (target ≥ 95)")
	bin := filepath.Join("bin", "lighthouse", "node_modules", ".bin", "lighthouse")
	if _, err := os.Stat(bin); err != nil {
		if _, err := exec.LookPath("npm"); err != nil {
			fmt.Println("skipped: npm is not installed (Debian: apt-get install npm)")
			return nil
		}
		fmt.Println("installing Lighthouse 12 with npm into bin/lighthouse (once)…")
		cmd := exec.Command("npm", "install", "--prefix", filepath.Join("bin", "lighthouse"), "--no-audit", "--no-fund", "lighthouse@12")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Printf("skipped: npm could not install Lighthouse: %v\n", err)
			return nil
		}
	}
	chrome, err := browser.Path()
	if err != nil {
		return err
	}
	report := filepath.Join(os.TempDir(), "vestnik-lighthouse.json")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, page, "--only-categories=performance", "--form-factor=mobile", "--quiet",
		"--chrome-path="+chrome, "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync",
		"--output=json", "--output-path="+report)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("lighthouse: %w\n%s", err, out)
	}
	defer os.Remove(report)
	b, err := os.ReadFile(report)
	if err != nil {
		return err
	}
	var r struct {
		Categories map[string]struct{ Score float64 }
		Audits     map[string]struct {
			DisplayValue string
		}
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	score := r.Categories["performance"].Score * 100
	mark := "ok"
	if score < 95 {
		mark = "UNDER"
	}
	fmt.Printf("score %.0f  %s   (FCP %s, LCP %s, TBT %s, CLS %s; %s)\n", score, mark,
		r.Audits["first-contentful-paint"].DisplayValue, r.Audits["largest-contentful-paint"].DisplayValue,
		r.Audits["total-blocking-time"].DisplayValue, r.Audits["cumulative-layout-shift"].DisplayValue,
		r.Audits["total-byte-weight"].DisplayValue)
	return nil
}
