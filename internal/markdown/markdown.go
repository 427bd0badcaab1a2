// Package markdown owns the one configured Markdown renderer: goldmark in
// safe mode (raw HTML omitted) followed by a bluemonday sanitizer that keeps
// only http, https, mailto and tel links. What one request may cost is
// bounded three ways: the constructs on which goldmark's time grows with
// the square of the input are defused before parsing (defuse.go), the
// callers cap the Markdown one request renders (content.MaxMarkdown), and
// renders for requests run a few at a time, each request's texts one after
// another, stopping when the client has gone.
package markdown

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"vestnik/internal/picture"
)

// Renderer turns editors' Markdown into safe HTML. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
	slots  chan struct{} // renders for requests running now
}

// ErrBusy means no render slot came free in time: the caller should answer
// "try again shortly".
var ErrBusy = errors.New("markdown: too many renders waiting")

// maxWait is how long a request's render waits for a slot.
const maxWait = 10 * time.Second

// New returns the renderer. Never add goldmark's WithUnsafe: content comes
// from several editors.
func New() *Renderer {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.RequireNoFollowOnLinks(false)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	// A table column's alignment (|---:|) is kept, and becomes a class
	// (scrollable, below): the site's CSP allows no inline style, and
	// HTML no longer has align.
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
	return &Renderer{
		md: goldmark.New(goldmark.WithExtensions(extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough, extension.Linkify),
			goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(outline{}, 1000)))),
		policy: p,
		slots:  make(chan struct{}, max(1, runtime.GOMAXPROCS(0))),
	}
}

// RenderContext is RenderImages for a request: it waits for one of a few
// render slots (one per core), at most maxWait (ErrBusy) and only while ctx
// lives (ctx's error: the client has gone, nothing is rendered).
func (r *Renderer) RenderContext(ctx context.Context, src string, dims Dims, opts ...Option) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	timer := time.NewTimer(maxWait)
	defer timer.Stop()
	select {
	case r.slots <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	case <-timer.C:
		return "", ErrBusy
	}
	defer func() { <-r.slots }()
	return r.RenderImages(src, dims, opts...)
}

// Option changes one render.
type Option func(*options)

type options struct{ under int }

// Under renders a text that sits under a heading of level (an issue's
// article under its h2; a page's text is under its h1, the default).
func Under(level int) Option { return func(o *options) { o.under = level } }

var underKey = parser.NewContextKey()

// outline fits a text's headings into the page's outline: the text's
// highest heading one level below the heading it sits under, the others
// shifted with it ("# Section / ## Part" in a news text are h2 and h3: the
// page has its h1), and none more than one below the heading before it
// ("####" after "##" is an h3), so the page's heading levels never skip
// (screen readers navigate by them; html-validate's heading-level rule).
type outline struct{}

func (outline) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	under, _ := pc.Get(underKey).(int)
	under = max(under, 1)
	var headings []*ast.Heading
	top := 6
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
			top = min(top, h.Level)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	shift, prev := max(0, under+1-top), under
	for _, h := range headings {
		h.Level = min(h.Level+shift, prev+1, 6)
		prev = h.Level
	}
}

// Render converts Markdown source to sanitized HTML. A figure line,
// ![…](media:ID), becomes a marker the page expands (picture.Expand).
func (r *Renderer) Render(src string, opts ...Option) (string, error) {
	o := options{under: 1}
	for _, opt := range opts {
		opt(&o)
	}
	pc := parser.NewContext()
	pc.Set(underKey, o.under)
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(defuse(picture.Prepare(src))), &buf, parser.WithContext(pc)); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	return scrollable.Replace(r.policy.Sanitize(buf.String())), nil
}

// scrollable lets the keyboard reach what may scroll sideways on a
// phone: a table, in a box of its own (a table displayed as a block is no
// table to some screen readers), and a code block; and it turns a table
// cell's alignment into a class.
var scrollable = strings.NewReplacer("<table>", `<div class="table-scroll" tabindex="0"><table>`, "</table>", "</table></div>",
	"<pre>", `<pre tabindex="0">`,
	` align="left"`, ` class="align-left"`, ` align="right"`, ` class="align-right"`, ` align="center"`, ` class="align-center"`)

// Dims returns the pixel size of an uploaded image by its SHA-256, when known.
type Dims func(sha256 string) (width, height int, ok bool)

var imgTag = regexp.MustCompile(`<img ([^>]*?)/?>`)
var mediaSrc = regexp.MustCompile(`src="/media/([0-9a-f]{64})/`)

// RenderImages is Render, then every image is made lazy, and images from
// the media library get their width and height, so pages do not jump as
// they load on a slow link.
func (r *Renderer) RenderImages(src string, dims Dims, opts ...Option) (string, error) {
	html, err := r.Render(src, opts...)
	if err != nil || !strings.Contains(html, "<img ") {
		return html, err
	}
	return imgTag.ReplaceAllStringFunc(html, func(tag string) string {
		attrs := imgTag.FindStringSubmatch(tag)[1]
		attrs = strings.TrimSpace(attrs)
		if !strings.Contains(attrs, "loading=") {
			attrs += ` loading="lazy" decoding="async"`
		}
		if m := mediaSrc.FindStringSubmatch(attrs); m != nil && dims != nil && !strings.Contains(attrs, "width=") {
			if w, h, ok := dims(m[1]); ok && w > 0 && h > 0 {
				attrs += ` width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) + `"`
			}
		}
		return "<img " + attrs + ">"
	}), nil
}
