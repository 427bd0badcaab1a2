package markdown

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestDefuseKeepsWhatEditorsWrite: ordinary Markdown passes untouched;
// only the costly constructs are escaped, and code never is.
func TestDefuseKeepsWhatEditorsWrite(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("> ", 12) + "quote"
	unclosed := "see [the report](" + strings.Repeat("x", 3000)
	tests := []struct{ in, want string }{
		{"Hello [IOM](https://www.iom.int) and ![map](/media/x/map.png \"Map\")", ""},
		{"1. one\n   1. two\n      - three\n> quoted\n> > twice", ""},
		{strings.Repeat("> ", 8) + "eight deep is fine", ""},
		{"```\n" + deep + "\n[](" + strings.Repeat("y", 3000) + "\n```\n", ""},
		{deep, strings.Repeat("> ", 8) + "\\> > > > quote"},
		{"1. 1. 1. 1. 1. 1. 1. 1. 1. 1. x", "1. 1. 1. 1. 1. 1. 1. 1. 1\\. 1. x"},
		{unclosed, "see [the report]\\(" + strings.Repeat("x", 3000)},
		{"[a](b) [c](d", ""}, // no closer at all, but near the end
		{strings.Repeat("[a] ", 500) + "\n\n" + strings.Repeat("[b] ", 500), ""},
		{strings.Repeat("[a] ", 501), strings.Repeat("[a] ", 500) + "\\[a] "},
	}
	for _, tt := range tests {
		want := tt.want
		if want == "" {
			want = tt.in
		}
		if got := defuse(tt.in); got != want {
			t.Errorf("defuse(%.60q)\n got %.120q\nwant %.120q", tt.in, got, want)
		}
	}
}

// TestRenderContext: a request's render gives up when its client has gone,
// whether it waits for a slot or has not begun.
func TestRenderContext(t *testing.T) {
	t.Parallel()
	r := New()
	ctx, cancel := context.WithCancel(context.Background())
	if out, err := r.RenderContext(ctx, "*a*", nil); err != nil || out != "<p><em>a</em></p>\n" {
		t.Fatalf("%q %v", out, err)
	}
	for range cap(r.slots) { // every slot taken
		r.slots <- struct{}{}
	}
	done := make(chan error)
	go func() {
		_, err := r.RenderContext(ctx, "*a*", nil)
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("waiting when the client left: %v", err)
	}
	if _, err := r.RenderContext(ctx, "*a*", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("after the client left: %v", err)
	}
}
