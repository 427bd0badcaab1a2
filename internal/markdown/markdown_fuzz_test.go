package markdown

import (
	"flag"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// fuzzSize is the size of the long input each fuzzed one is tiled into, and
// fuzzBound how long rendering it may take in an ordinary build: a generous
// bound that only a blow-up misses. Goldmark is already quadratic on some
// inputs ("[](" repeated: about 0.9 s for 64 KiB), which the bound tolerates
// and a worse blow-up would not. The bound is a search for blow-ups, so it
// holds only under `make fuzz` (go test -fuzz); `go test` replays the seeds
// for safety alone, and the cost of the worst inputs known is measured by
// BenchmarkWorstCases, never asserted in make test.
const (
	fuzzSize  = 64 << 10
	fuzzBound = 2 * time.Second
)

// raceSlowdown is how much slower the race detector makes rendering
// (race_fuzz_test.go sets it); fuzzSlowdown how much slower coverage
// instrumentation makes it under -fuzz, with every core busy (about 10×
// measured).
var (
	raceSlowdown time.Duration = 1
	fuzzSlowdown time.Duration = 20
)

// tiling returns the size fuzzed inputs are tiled to and the bound on
// rendering that. Under -fuzz a fuzz worker is killed after 10 s on one
// input, which goldmark's quadratic cases reach at 64 KiB instrumented: the
// fuzzer tiles to a quarter of fuzzSize, held to fuzzBound divided by the
// 16 that quadratic growth accounts for.
func tiling() (size int, bound time.Duration) {
	size, bound = fuzzSize, fuzzBound*raceSlowdown
	if fuzzing() {
		size, bound = fuzzSize/4, bound*fuzzSlowdown/16
	}
	return size, bound
}

// fuzzing reports whether the test runs under go test -fuzz.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// FuzzRender checks that no Markdown an editor can type renders to script:
// no script-capable element, no event-handler attribute, no javascript:,
// vbscript: or data: URL; that rendering never panics; and that the input
// tiled to 64 KiB renders within fuzzBound (see tiling) when fuzzing.
// RenderImages is held to the same. The seed corpus is in
// testdata/fuzz/FuzzRender; go test replays it.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"Hello **world**, [IOM](https://www.iom.int) and <https://example.org>",
		"<script>alert(1)</script>\n\nok",
		"a <img src=x onerror=alert(1)> b",
		"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](java\tscript:alert(1))",
		"[x](&#106;avascript:alert(1)) [y](java&#x09;script:alert(1)) [z](%6Aavascript:alert(1))",
		"[x](vbscript:msgbox) [y](data:text/html;base64,PHNjcmlwdD4=) <data:text/html,<script>>",
		"![x](javascript:alert(1)) ![y](data:image/svg+xml,<svg/onload=alert(1)>)",
		"[ref]\n\n[ref]: javascript:alert(1) \"t\"",
		"<svg onload=alert(1)><a href=\"javascript:alert(1)\">x</a></svg>",
		"www.example.org/javascript:alert(1) mailto:a@b.org tel:+99312463514",
		"|a|b|\n|-|-|\n|<script>|[x](javascript:1)|",
		"![Map](/media/" + strings.Repeat("ab", 32) + "/map.png \"t\") ![Ext](https://x.org/a.png)",
		"*a **b _c __d ~~e",
		"[[[[[[[[[[[[[[[[[[[[((((((((((",
		"> > > > > > > > > > - - - - - 1. 1. 1. `",
		"Привет, *мир* — горячая линия «Доверие»",
	} {
		f.Add(s)
	}
	r := New()
	size, bound := tiling()
	dims := func(sha string) (int, int, bool) { return 640, 480, sha[0] < '8' }
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > fuzzSize {
			src = src[:fuzzSize] // the bound below is for inputs of this size
		}
		out, err := r.Render(src)
		if err != nil {
			t.Fatalf("Render(%q): %v", src, err)
		}
		checkSafe(t, "Render", src, out)
		out, err = r.RenderImages(src, dims)
		if err != nil {
			t.Fatalf("RenderImages(%q): %v", src, err)
		}
		checkSafe(t, "RenderImages", src, out)

		if src == "" || !fuzzing() {
			return
		}
		// Rendering the whole size costs milliseconds, too much for every
		// input: an eighth of it first, and the whole only when that is
		// slow enough that even a cubic cost could put it past the bound.
		if d := renderTiled(t, r, src, size/8, dims); d < bound/512 {
			return
		}
		if d := renderTiled(t, r, src, size, dims); d > bound {
			t.Fatalf("%q tiled to %d bytes took %v to render (bound %v)", src, size, d, bound)
		}
	})
}

// renderTiled renders src repeated to size bytes (or src, if longer) and
// returns how long that took.
func renderTiled(t *testing.T, r *Renderer, src string, size int, dims Dims) time.Duration {
	t.Helper()
	long := src
	if len(long) < size {
		long = strings.Repeat(src, size/len(src)+1)[:size]
	}
	start := time.Now()
	if _, err := r.RenderImages(long, dims); err != nil {
		t.Fatalf("RenderImages(%d bytes): %v", len(long), err)
	}
	return time.Since(start)
}

// scriptElements can run script or pull in active content.
var scriptElements = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true, "object": true,
	"embed": true, "applet": true, "svg": true, "math": true, "form": true, "base": true,
	"meta": true, "link": true, "noscript": true, "template": true,
}

// urlAttrs hold URLs a browser follows or loads.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "srcset": true, "action": true, "formaction": true, "cite": true,
	"poster": true, "background": true, "longdesc": true, "usemap": true, "data": true, "xlink:href": true,
}

// checkSafe parses out as a browser would and fails on anything that can
// run script.
func checkSafe(t *testing.T, fn, src, out string) {
	t.Helper()
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Fatalf("%s(%q) = %q: raw <script", fn, src, out)
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("%s(%q): output does not parse: %v", fn, src, err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if scriptElements[strings.ToLower(n.Data)] || n.Namespace != "" {
			t.Fatalf("%s(%q) = %q: element <%s>", fn, src, out, n.Data)
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if a.Namespace != "" {
				key = strings.ToLower(a.Namespace) + ":" + key
			}
			switch {
			case strings.HasPrefix(key, "on"):
				t.Fatalf("%s(%q) = %q: event attribute %s on <%s>", fn, src, out, a.Key, n.Data)
			case key == "style":
				t.Fatalf("%s(%q) = %q: style attribute on <%s>", fn, src, out, n.Data)
			case key == "srcset" && strings.ContainsFunc(a.Val, func(r rune) bool { return r == ':' }):
				t.Fatalf("%s(%q) = %q: srcset=%q on <%s>", fn, src, out, a.Val, n.Data)
			case urlAttrs[key] && dangerousURL(a.Val):
				t.Fatalf("%s(%q) = %q: %s=%q on <%s>", fn, src, out, a.Key, a.Val, n.Data)
			}
		}
	}
}

// dangerousURL reports whether a URL attribute's value (already
// entity-decoded by the parser) has a scheme that runs or embeds content,
// read the way a browser reads it: surrounding spaces and control
// characters trimmed, tabs and newlines removed, case ignored.
func dangerousURL(v string) bool {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.ToLower(v)
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(v, scheme) {
			return true
		}
	}
	return false
}
